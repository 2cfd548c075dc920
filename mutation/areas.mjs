/**
 * The areas `npm run mutate -- <area>` mutates, and the tests each area runs against its mutants.
 *
 * An area is small enough that a run fits well under an hour on a two-core machine: StrykerJS
 * runs, for each mutant, only the tests that reached it (per-test coverage), so what keeps a run
 * short is an area's list of test files: the unit and law tests of the code it mutates, and none
 * that build `dist`, spawn a process (`npm`, `tsc`, a fixture under `tsx`) or start worker
 * threads, because a mutant is switched on inside this process and a child never sees it.
 *
 * Files left out of every area, and why:
 * - `lib/index.ts`, `lib/Task.ts`, `lib/sync/index.ts`, `lib/testing/index.ts`, `lib/threads/index.ts`,
 *   `lib/runtime/kernel.ts`: re-exports only (no statement a mutant could change).
 * - `lib/threads/**`: worker-thread glue; only tests that start real worker threads reach it.
 * - `lib/runtime/nodeBeforeExit.ts`: Node's `beforeExit` hook; only a child process that is
 *   about to exit can observe it (test/runtime/nodeBeforeExit.test.ts spawns one).
 */

/** Tests every area may use: they import the code under test and check what a user sees. */
const core = [
  'test/runtime/*.test.ts',
  'test/Loop.test.ts',
  'test/Future.test.ts',
  'test/Task.test.ts',
  'test/run.test.ts',
]

export const areas = {
  runtime: {
    mutate: ['lib/runtime/**/*.ts', '!lib/runtime/kernel.ts', '!lib/runtime/nodeBeforeExit.ts'],
    // not the law suite: every mutant of the run loop reaches all of it, and it takes a minute
    // ContextVar: the only tests that reach runtime/context.ts (a fiber's context, callbacks bound to it)
    tests: [...core, 'test/shield.test.ts', 'test/gather.test.ts', 'test/timeout.test.ts', 'test/wait.test.ts', 'test/ContextVar.test.ts'],
  },
  concurrency: {
    mutate: ['lib/concurrency/**/*.ts'],
    tests: [
      ...core,
      'test/gather.test.ts',
      'test/shield.test.ts',
      'test/timeout.test.ts',
      'test/wait.test.ts',
      'test/race.test.ts',
      'test/taskGroup*.test.ts',
      'test/task/*.test.ts',
      'test/instances.test.ts',
    ],
  },
  sync: {
    mutate: ['lib/sync/**/*.ts', '!lib/sync/index.ts'],
    tests: [...core, 'test/sync/*.test.ts'],
  },
  rest: {
    mutate: [
      'lib/*.ts',
      '!lib/index.ts',
      '!lib/Task.ts',
      'lib/task/**/*.ts',
      'lib/testing/**/*.ts',
      '!lib/testing/index.ts',
    ],
    tests: ['test/**/*.test.ts'],
  },
}
