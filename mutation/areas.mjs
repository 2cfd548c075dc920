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
  // `rest` (lib/*.ts, lib/task, lib/testing) in five areas. As one area its test list was every
  // test file, so each mutant in code that runs at module load (which Stryker tests against every
  // test) re-ran the law suites: lib/Schedule.ts and lib/task/retry.ts went at one mutant a minute.
  // Split, each area runs the tests that mirror its files, and at most the law file that checks them.
  // First runs, --concurrency 1 on two shared cores (load 5 to 12): schedule 266 mutants in
  // 6 min 41 s (1.5 s a mutant), boundary 407 (159 of them decode/interop results kept) in
  // 14 min 31 s, testing 880 in 26 min 46 s (1.8 s a mutant), task 386 in 24 min 48 s; loop not yet run.
  loop: {
    mutate: [
      'lib/Loop.ts',
      'lib/run.ts',
      'lib/loopResources.ts',
      'lib/Future.ts',
      'lib/ContextVar.ts',
      'lib/toPromise.ts',
      'lib/shapes.ts',
      'lib/signals.node.ts',
      'lib/signals.browser.ts',
      'lib/dumpOnSignal.ts',
      'lib/traceFile.node.ts',
    ],
    // signals.node.test.ts delivers signals in this process; its child processes are in signals.node.processes.test.ts
    tests: [
      ...core,
      'test/ContextVar.test.ts',
      'test/shapes.test.ts',
      'test/signals.node.test.ts',
      'test/signals.browser.test.ts',
      'test/dumpOnSignal.node.test.ts',
      'test/interop.test.ts',
      'test/loopResources.test.ts',
    ],
  },
  task: {
    mutate: ['lib/task/**/*.ts', '!lib/task/retry.ts', 'lib/instances.ts'],
    tests: [...core, 'test/task/*.test.ts', 'test/instances.test.ts', 'test/laws/generic.test.ts'],
  },
  schedule: {
    mutate: ['lib/Schedule.ts', 'lib/task/retry.ts'],
    tests: [...core, 'test/Schedule.test.ts', 'test/laws/schedule.test.ts'],
  },
  testing: {
    mutate: ['lib/testing/**/*.ts', '!lib/testing/index.ts'],
    tests: [...core, 'test/testing/*.test.ts', 'test/laws/observe.test.ts'],
  },
  boundary: {
    mutate: ['lib/decode.ts', 'lib/interop.ts', 'lib/conversions.ts', 'lib/errors.ts', 'lib/Outcome.ts'],
    tests: [...core, 'test/decode.test.ts', 'test/interop.test.ts', 'test/conversions.test.ts', 'test/errors.test.ts', 'test/Outcome.test.ts', 'test/instances.test.ts'],
  },
}

/** `npm run mutate -- rest` runs the five areas above one after another (scripts/mutate.mjs). */
export const groups = { rest: ['loop', 'task', 'schedule', 'testing', 'boundary'] }
