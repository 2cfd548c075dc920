/**
 * `taskTest`: vitest's `test` for a coroutine. The body runs as the main fiber of a fresh
 * virtual-clock loop, stepped synchronously, so a test that sleeps for an hour finishes in
 * microseconds and sees the same times on every run.
 *
 * - A failure of the body is the test's failure, with the error's own stack: the line of
 *   the coroutine that threw, or the `yield*` where a failure arrived.
 * - Anything still pending when the body ends fails the test, with a dump of what each
 *   fiber waits on (the pending fibers are cancelled first, and the loop runs until they
 *   have ended — on virtual time, up to the time limit — so their finalizers run; nothing
 *   else runs after them). So does a failure nobody retrieved.
 * - A virtual-time limit (default one hour of loop time, `timeLimit`) replaces vitest's
 *   wall-clock timeout for sleeps: a body still waiting then fails with the same dump, as
 *   does a deadlock (nothing ready, no timer), and a body that keeps the loop busy without
 *   waiting on time (`maxIterations` loop iterations, default ten million). vitest's own
 *   timeout still bounds real time.
 *
 * The name reads as vitest's `test`: `taskTest`, `taskTest.only`, `taskTest.skip`,
 * `taskTest.each(cases)`.
 *
 * @example
 * import { expect } from 'vitest'
 * import { taskTest } from 'taskloop/testing'
 * let calls = 0
 * const flaky = Task.suspend(() => (++calls < 3 ? Task.fail(new Error('busy')) : Task.of('ok'))) // fails twice
 * taskTest('retries a second apart', function* () {
 *   const loop = yield* Task.getRunningLoop
 *   yield* pipe(flaky, Task.retry(pipe(Schedule.spaced(1000), Schedule.both(Schedule.recurs(2)))))
 *   expect(loop.time()).toBe(2000) // two virtual seconds, at once
 * })
 *
 * @module
 */
import { test } from 'vitest'
import { Loop, runSyncUntil } from '../Loop.js'
import type { Task } from '../runtime/kernel.js'
import { checkIntegerAtLeast, describeValue, isTask } from '../runtime/kernel.js'
import { gen } from '../task/constructors.js'
import { describeSuspension } from '../../laws/observe.js'

/** The default virtual-time limit of a `taskTest`: one hour of loop time, in ms. */
export const DEFAULT_TIME_LIMIT = 3_600_000

/** Loop iterations a `taskTest` may run, by default, before it is taken for a busy loop. */
const MAX_ITERATIONS = 10_000_000

/** What a `taskTest` body may be: a generator function (a coroutine), a function returning a Task, or a Task. */
export type TaskTestBody = (() => Generator<unknown, unknown, unknown>) | (() => Task<unknown, unknown>) | Task<unknown, unknown>

export interface TaskTestOptions {
  /** Virtual-time limit in ms (default one hour): a body still pending then fails the test. */
  readonly timeLimit?: number
  /** asyncio's debug mode for the test's loop (fibers record where they were created). */
  readonly debug?: boolean
  /** vitest's wall-clock timeout for the test, in ms. */
  readonly timeout?: number
  /** Loop iterations after which a body that keeps the loop busy fails the test (default 10 000 000). */
  readonly maxIterations?: number
}

const checkOptions = (who: string, options: TaskTestOptions | undefined): TaskTestOptions => {
  if (options === undefined) return {}
  if (options === null || typeof options !== 'object') throw new TypeError(`${who}: options must be an object, got ${describeValue(options)}`)
  const { timeLimit } = options
  if (timeLimit !== undefined && (typeof timeLimit !== 'number' || !(timeLimit >= 0))) throw new RangeError(`${who}: timeLimit must be a number of ms >= 0, got ${describeValue(timeLimit)}`)
  const { maxIterations } = options
  if (maxIterations !== undefined) checkIntegerAtLeast(who, 'maxIterations', maxIterations, 1)
  return options
}

const GeneratorFunction = Object.getPrototypeOf(function* () {}) as unknown

const toTask = (body: TaskTestBody): Task<unknown, unknown> => {
  if (isTask(body)) return body
  // a generator function runs as it is, so its name shows in the coroutine path of a dump
  if (Object.getPrototypeOf(body) === GeneratorFunction) return gen(body as () => Generator<unknown, unknown, unknown>)
  const made: unknown = body()
  if (isTask(made)) return made
  if (made !== null && typeof made === 'object' && typeof (made as Iterator<unknown>).next === 'function') {
    return gen(() => made as Generator<unknown, unknown, unknown>)
  }
  throw new TypeError(`taskTest: the body must be a generator function (function* () { … }), a function returning a Task, or a Task; it returned ${describeValue(made)}`)
}

/**
 * Runs `body` as a `taskTest` does, without registering a test: for a helper, or for a test
 * runner other than vitest. Throws what the test would fail with; returns main's value.
 *
 * @example
 * import { runTaskTest } from 'taskloop/testing'
 * const value = runTaskTest(function* () { yield* Task.sleep(5000); return 1 }) // 1, at once
 */
export const runTaskTest = (body: TaskTestBody, options?: TaskTestOptions): unknown => {
  const opts = checkOptions('runTaskTest', options)
  if (!isTask(body) && typeof body !== 'function') throw new TypeError(`taskTest: the body must be a generator function, a function returning a Task, or a Task, got ${describeValue(body)}`)
  const timeLimit = opts.timeLimit ?? DEFAULT_TIME_LIMIT
  const maxIterations = opts.maxIterations ?? MAX_ITERATIONS
  const unretrieved: unknown[] = []
  const loop = new Loop({
    clock: 'virtual',
    debug: opts.debug === true,
    exceptionHandler: (ctx) => {
      if (ctx.error !== undefined) unretrieved.push(ctx.error)
    },
  })
  try {
    const main = loop.createTask(toTask(body), { name: 'main' })
    const ran = runSyncUntil(loop, () => main.done(), { maxTime: timeLimit, maxIterations })
    if (!main.done()) {
      const why =
        ran.stopped === 'time'
          ? `still pending at the virtual-time limit (${timeLimit} ms; the next timer is later)`
          : ran.stopped === 'iterations'
            ? `still busy after ${maxIterations} loop iterations`
            : 'deadlocked: nothing is ready and no timer is pending'
      throw new Error(`taskTest: main is ${why}, at ${loop.time()} ms\n  ${dump(loop)}`)
    }
    const outcome = main.outcome!
    if (outcome._tag === 'Failed') throw outcome.error
    if (outcome._tag === 'Cancelled') throw new Error(`taskTest: main was cancelled${outcome.message === undefined ? '' : ` (${outcome.message})`}`)
    const left = loop.allTasks()
    if (left.length > 0) {
      const message = `taskTest: main ended at ${loop.time()} ms but left ${left.length} fiber(s) pending\n  ${dump(loop)}`
      for (const f of left) f.cancel('taskTest: left pending at the end of the test')
      // until they have ended, and no further: their finalizers may sleep, up to the time limit
      runSyncUntil(loop, () => left.every((f) => f.done()), { maxTime: timeLimit, maxIterations })
      throw new Error(message)
    }
    loop.close() // reports the failures nobody retrieved (R17)
    if (unretrieved.length > 0) throw new Error(`taskTest: failures nobody retrieved: ${unretrieved.map(describeError).join(', ')}`, { cause: unretrieved[0] })
    return outcome.value
  } finally {
    loop.close() // idempotent: a no-op after the close above
  }
}

const dump = (loop: Loop): string => describeSuspension(loop).text.split('; ').join('\n  ')

const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : describeValue(e))

/** How a test is registered: vitest's `test`, `test.only`, `test.skip`, or a stand-in in a test. @internal */
export type Register = (name: string, fn: () => void, timeout?: number) => void

/**
 * `taskTest` over `register`: checks what it is given where it is given, then registers a
 * test that runs the body with `runTaskTest`. Exported for tests, which give it a stand-in
 * for `test` (vitest's own cannot be called inside a test): `registerWith(record, 'taskTest')`
 * then registers through `record(name, fn, timeout)`. @internal
 */
export const registerWith =
  // Stryker disable next-line ArrowFunction: the outer function is made once, when the module is imported, where Stryker's per-test switch cannot reach it; planted by hand, every test of taskTest.test.ts's "registering" block fails
  (register: Register, who: string) =>
  (name: string, body: TaskTestBody, options?: TaskTestOptions): void => {
    if (typeof name !== 'string') throw new TypeError(`${who}: the name must be a string, got ${describeValue(name)}`)
    if (!isTask(body) && typeof body !== 'function') throw new TypeError(`${who}: the body must be a generator function, a function returning a Task, or a Task, got ${describeValue(body)}`)
    const opts = checkOptions(who, options)
    register(name, () => void runTaskTest(body, opts), opts.timeout)
  }

type Args<T> = T extends readonly unknown[] ? T : [T]

/** How cases are registered: vitest's `test.each(cases)(name, fn, timeout)`, or a stand-in in a test. @internal */
export type RegisterEach = <T>(cases: ReadonlyArray<T>, name: string, fn: (...args: unknown[]) => void, timeout?: number) => void

/**
 * `taskTest.each(cases)(name, body)` over `register` (see `registerWith`): one test per case, as vitest's `test.each` (an array
 * case is spread into the body's arguments; `%s`, `%i`, `$0`… in the name work the same).
 *
 * @example
 * import { taskTest } from 'taskloop/testing'
 * taskTest.each([[1, 2], [3, 4]])('sleeps %i then %i', function* (a: number, b: number) { yield* Task.sleep(a + b) })
 * @internal
 */
export const eachWith =
  (register: RegisterEach) =>
  <T>(cases: ReadonlyArray<T>) =>
  (name: string, body: (...args: Args<T>) => Generator<unknown, unknown, unknown> | Task<unknown, unknown>, options?: TaskTestOptions): void => {
    if (!Array.isArray(cases)) throw new TypeError(`taskTest.each expects an array of cases, got ${describeValue(cases)}`)
    if (typeof body !== 'function') throw new TypeError(`taskTest.each: the body must be a function, got ${describeValue(body)}`)
    const opts = checkOptions('taskTest.each', options)
    const run = (...args: unknown[]): void => void runTaskTest(() => (body as (...a: unknown[]) => Generator<unknown, unknown, unknown>)(...args), opts)
    register(cases, name, run, opts.timeout)
  }

// Stryker disable all: these run while test files are collected, where a fault fails no test of the file (Stryker's per-test switch never sees them); taskTest.registration.test.ts registers through each of them, and its last test checks that every body ran
const each = eachWith((cases, name, fn, timeout) => (test.each as unknown as (c: typeof cases) => (n: string, f: typeof fn, t?: number) => void)(cases)(name, fn, timeout))

/**
 * Registers a vitest test whose body is a coroutine run on a fresh virtual loop (see the
 * module doc). `.only`, `.skip` and `.each` as vitest's `test`.
 *
 * @example
 * import { expect } from 'vitest'
 * import { taskTest } from 'taskloop/testing'
 * taskTest('a timeout fires after a minute of virtual time', function* () {
 *   const loop = yield* Task.getRunningLoop
 *   const late = yield* pipe(Task.sleep(120_000), Task.as('late'), Task.timeoutTo(60_000, Task.of('timed out')))
 *   expect([late, loop.time()]).toEqual(['timed out', 60_000])
 * })
 */
export const taskTest: ((name: string, body: TaskTestBody, options?: TaskTestOptions) => void) & {
  readonly only: (name: string, body: TaskTestBody, options?: TaskTestOptions) => void
  readonly skip: (name: string, body: TaskTestBody, options?: TaskTestOptions) => void
  readonly each: typeof each
} = Object.assign(registerWith((n, f, t) => test(n, f, t), 'taskTest'), {
  only: registerWith((n, f, t) => test.only(n, f, t), 'taskTest.only'),
  skip: registerWith((n, f, t) => test.skip(n, f, t), 'taskTest.skip'),
  each,
})
// Stryker restore all
