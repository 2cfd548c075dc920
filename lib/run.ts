/**
 * The ends of the world: `run` (asyncio's `asyncio.run`), `runSync` (the same on a virtual
 * clock, synchronously), and `getEventLoop`.
 *
 * `run(main)` (ASYNCIO.md R64): a fresh loop runs `main` to completion; then every fiber
 * still pending is cancelled and awaited (their cleanup may take loop time); a fiber that
 * ended with an error during that shutdown is reported to the exception handler, never
 * raised; the loop is closed, which reports failures nobody retrieved. It resolves with
 * `main`'s value or rejects with its error or `CancelledError`.
 *
 * @module
 */
import { LoopError } from './errors.js'
import { checkSignal } from './interop.js'
import type { LoopOptions } from './Loop.js'
import { Loop } from './Loop.js'
import type { Outcome } from './Outcome.js'
import type { Fiber } from './runtime/fiber.js'
import { allEnded } from './runtime/allEnded.js'
import { describeValue } from './runtime/fiber.js'
import { State } from './runtime/future.js'
import type { Task } from './runtime/primitive.js'
import { isTask } from './runtime/primitive.js'
import { executingScheduler } from './runtime/scheduler.js'
import { startShapeKeeper } from './shapes.js'

/**
 * Options of `run` (and, without `clock` and `signal`, of `runSync`).
 *
 * @example
 * const options: RunOptions = { signal: AbortSignal.timeout(5_000), debug: true }
 * await run(Task.of(1), options) // → 1
 */
export interface RunOptions extends Pick<LoopOptions, 'clock' | 'debug' | 'exceptionHandler'> {
  /**
   * Aborting it cancels `main` (already aborted: `main`'s body never runs); the promise then
   * rejects with a `CancelledError` whose `cause` is `signal.reason`. The shutdown (cancel and
   * await what is left, close the loop) happens as usual. Not for `runSync`.
   */
  readonly signal?: AbortSignal
}

let defaultLoop: Loop | null = null

/**
 * The loop running the caller, when called from a fiber or callback; otherwise the default
 * loop, created if there is none or it was closed.
 *
 * @example
 * const loop = getEventLoop()
 * await loop.runUntilComplete(main)
 */
export const getEventLoop = (): Loop => {
  const running = executingScheduler()
  if (running instanceof Loop) return running
  if (defaultLoop === null || defaultLoop.isClosed()) {
    startShapeKeeper() // a default loop lives long: keep the interpreter warm (shapes.ts)
    defaultLoop = new Loop()
  }
  return defaultLoop
}

const checkRunnable = (who: string, main: unknown): void => {
  if (executingScheduler() !== null) throw new LoopError(`${who}() cannot be called from a running loop (a fiber or a callback)`)
  if (!isTask(main)) throw new TypeError(`${who} expects a Task, got ${describeValue(main)}`)
}

/**
 * `asyncio.run`: runs `main` on a fresh loop, then cancels and awaits what is left, reports
 * failures, and closes the loop.
 *
 * @example
 * const value = await run(Task.gen(function* () { yield* Task.sleep(1000); return 'done' }))
 * await run(main, { signal: AbortSignal.timeout(5000) }) // rejects with a CancelledError after 5 s
 */
export const run = <E, A>(main: Task<E, A>, options: RunOptions = {}): Promise<A> => {
  // misuse throws here, when called, not in the returned promise
  checkRunnable('run', main)
  const signal = checkSignal('run', options?.signal)
  startShapeKeeper() // a real-clock run may be a long-lived program (shapes.ts)
  const loop = new Loop(options)
  return runOn(loop, loop.createTask(main, { name: 'main' }), signal)
}

const runOn = async <E, A>(loop: Loop, fiber: Fiber<E, A>, signal: AbortSignal | undefined): Promise<A> => {
  try {
    return await loop.runUntilComplete(fiber, { signal })
  } finally {
    try {
      await shutdown(loop, (rest) => loop.runUntilComplete(rest).then(() => undefined))
    } finally {
      loop.close()
    }
  }
}

/**
 * `run` on a virtual-clock loop, synchronously: returns `main`'s `Outcome`. A program that
 * sleeps for hours finishes in microseconds. If `main` waits on something only the host can
 * finish (a real promise, a callback) or deadlocks, it throws a `LoopError` that names what
 * `main` is blocked on.
 *
 * @example
 * runSync(Task.sleep(3_600_000).pipe(Task.as('an hour later'))) // → { _tag: 'Succeeded', value: 'an hour later' }
 */
export const runSync = <E, A>(main: Task<E, A>, options: Omit<RunOptions, 'clock' | 'signal'> = {}): Outcome<E, A> => {
  checkRunnable('runSync', main)
  const loop = new Loop({ ...options, clock: 'virtual' })
  const fiber = loop.createTask(main, { name: 'main' })
  try {
    loop.runSyncUntilDone(fiber)
    const outcome = fiber.outcome!
    shutdown(loop, (rest) => loop.runSyncUntilDone(rest))
    loop.close()
    return outcome
  } catch (error) {
    // the LoopError already says what is stuck; closing must not add a report per fiber
    loop.setExceptionHandler(() => {})
    loop.close()
    throw error
  }
}

/**
 * Cancels every pending fiber, awaits them all, and reports those that ended with an error
 * (R64a). Fibers started during the shutdown are not cancelled; closing reports them.
 */
function shutdown(loop: Loop, runToEnd: (rest: Fiber) => void): void
function shutdown(loop: Loop, runToEnd: (rest: Fiber) => Promise<void>): Promise<void>
function shutdown(loop: Loop, runToEnd: (rest: Fiber) => void | Promise<void>): void | Promise<void> {
  const pending = loop.allTasks()
  if (pending.length === 0) return
  for (const fiber of pending) fiber.cancel()
  const rest = loop.createTask(allEnded(pending), { name: 'shutdown' })
  const report = (): void => {
    for (const fiber of pending) {
      if (fiber.state === State.Failed) {
        loop.callExceptionHandler({ message: 'unhandled exception during run() shutdown', error: fiber.settled, fiber })
      }
    }
  }
  const ran = runToEnd(rest as Fiber)
  if (ran instanceof Promise) return ran.then(report)
  report()
}
