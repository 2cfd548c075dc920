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
 * Signals (R66, Node only): `run` handles SIGINT by default, as asyncio's `Runner` does. The
 * first signal cancels `main` with a message naming it; `run` waits for `main`'s cleanup and
 * for the shutdown, then rejects with that `CancelledError`. Left uncaught (the usual
 * `await run(main)` at the top of a script), it ends the process by the same signal, so a
 * shell sees exit status 130 for SIGINT, 143 for SIGTERM (see `signals.node.ts`). A signal
 * that arrives while that cleanup runs, or once `main` is done, ends the process at once the
 * same way. If `main` catches the cancel and returns, `run` resolves with its value; if
 * `main` was also cancelled for another reason (`uncancel()` leaves a count), the
 * `CancelledError` is an ordinary one. A handler the program installs on the loop for the same
 * signal (`loop.addSignalHandler`) takes precedence, as in asyncio.
 *
 * @module
 */
import { LoopError, isCancelledError } from './errors.js'
import { checkDumpSignal, dumpOnSignal } from './dumpOnSignal.js'
import { checkSignal } from './interop.js'
import type { LoopOptions } from './Loop.js'
import { shutdownLoopResources } from './loopResources.js'
import { Loop, runSyncUntilDone } from './Loop.js'
import type { Outcome } from './Outcome.js'
import type { Task } from './runtime/kernel.js'
import { allEnded, checkOptionalOptions, checkRecorder, contextValuesOf, describeValue, executingScheduler, Fiber, isTask, State } from './runtime/kernel.js'
import type { SignalName } from './signals.node.js'
import { startShapeKeeper } from './shapes.js'
import { checkRunSignals, endProcessIfUncaught, exitBySignal, loopHandlesSignal, subscribeAll } from './signals.node.js'
import type { TraceRecorder } from './runtime/kernel.js'
import type { TraceTarget } from './traceFile.node.js'
import type { Context } from './ContextVar.js'
import { traceTarget, writeTrace } from './traceFile.node.js'

/**
 * Options of `run` (and, without `clock` and `signal`, of `runSync`).
 *
 * @example
 * const options: RunOptions = { signal: AbortSignal.timeout(5_000), debug: true }
 * await run(Task.of(1), options) // → 1
 */
export interface RunOptions extends Pick<LoopOptions, 'clock' | 'debug' | 'exceptionHandler' | 'seed' | 'slowStepMs'> {
  /**
   * Aborting it cancels `main` (already aborted: `main`'s body never runs); the promise then
   * rejects with a `CancelledError` whose `cause` is `signal.reason`. The shutdown (cancel and
   * await what is left, close the loop) happens as usual. Not for `runSync`.
   */
  readonly signal?: AbortSignal
  /**
   * The process signals that interrupt `main` (Node only): default `['SIGINT']` (none on a
   * host without process signals), `false` for none, or a list such as `['SIGINT', 'SIGTERM']`.
   * The listeners are removed when the run ends. `toPromise` and `toTaskEither` default to
   * `false`. Not for `runSync`.
   */
  readonly signals?: readonly SignalName[] | false
  /**
   * A process signal (Node only), such as `'SIGUSR2'`, on which the run writes `loop.dump()`
   * — every live fiber and what it waits on — to stderr and goes on: `kill -USR2 <pid>` asks
   * a stuck process what it is doing. The listener is removed when the run ends. Must not be
   * one of `signals`. Not for `runSync`.
   */
  readonly dumpOnSignal?: SignalName | false
  /**
   * Records the run as a timeline (see `TraceRecorder`): a file path (Node only), written in
   * the Chrome Trace Event Format once the loop is closed, or a `TraceRecorder` to read
   * yourself. A failure to write the file is reported to the exception handler.
   */
  readonly trace?: string | TraceRecorder
  /**
   * The context `main` starts in (see `ContextVar`): `Context.empty.with(requestId, 'r-1')`,
   * or `yield* Context.current` of another run. Default: every variable at its default.
   */
  readonly context?: Context
}

/**
 * Options of `runSync`: `run`'s, without `clock` and `signal`, and with a `trace` that is a
 * `TraceRecorder` (to write a file, `JSON.stringify(recorder)`: a file path is `run`'s alone, so
 * that a program that only uses `runSync` does not carry the recorder).
 *
 * @example
 * const options: RunSyncOptions = { trace: new TraceRecorder(), seed: 7 }
 * runSync(Task.of(1), options) // → { _tag: 'Succeeded', value: 1 }
 */
export interface RunSyncOptions extends Omit<RunOptions, 'clock' | 'signal' | 'trace' | 'dumpOnSignal'> {
  /** Records the run as a timeline (see `TraceRecorder`). */
  readonly trace?: TraceRecorder
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
  if (running !== null) return running.owner
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
  checkOptionalOptions('run', options)
  const signal = checkSignal('run', options.signal)
  startShapeKeeper() // a real-clock run may be a long-lived program (shapes.ts)
  const signals = checkRunSignals('run', options.signals)
  const dumpSignal = checkDumpSignal('run', options.dumpOnSignal, signals)
  const trace = traceTarget('run', options.trace)
  const context = options.context === undefined ? undefined : contextValuesOf('run', options.context, describeValue)
  const loop = new Loop({ ...options, trace: trace.recorder })
  const fiber = loop.createTask(main, { name: 'main' })
  if (context !== undefined) fiber.context = context
  return runOn(loop, fiber, signal, signals, trace, dumpSignal)
}

const runOn = async <E, A>(loop: Loop, fiber: Fiber<E, A>, signal: AbortSignal | undefined, signals: readonly SignalName[], trace: TraceTarget, dumpSignal: SignalName | undefined): Promise<A> => {
  const stopDumping = dumpOnSignal(loop, dumpSignal)
  // R66: the first signal cancels main; another one during the cleanup, or once main is
  // done, ends the process at once. A handler of the loop's own for the signal wins.
  let interrupts = 0
  let interruptedBy: SignalName | null = null
  const unsubscribe = subscribeAll(signals, (received) => {
    if (loopHandlesSignal(loop, received)) return
    interrupts++
    if (interrupts === 1 && !fiber.done()) {
      interruptedBy = received
      fiber.cancel(`interrupted by ${received}`)
    } else {
      exitBySignal(received)
    }
  })
  try {
    return await loop.runUntilComplete(fiber, { signal })
  } catch (error) {
    // main cancelled by the signal alone (uncancel() leaves 0): the run ended by the signal,
    // and so does the process if nobody catches this rejection
    if (interruptedBy !== null && isCancelledError(error) && fiber.cancelled() && fiber.uncancel() === 0) endProcessIfUncaught(error, interruptedBy)
    throw error
  } finally {
    try {
      await shutdown(loop, (rest) => loop.runUntilComplete(rest).then(() => undefined))
      // asyncio's shutdown_default_executor: a default worker pool ends before the loop closes
      await shutdownLoopResources(loop).catch((error: unknown) => loop.callExceptionHandler({ message: 'shutting down a resource of the loop failed', error }))
    } finally {
      stopDumping()
      loop.close()
      unsubscribe()
      writeTrace(loop, trace)
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
export const runSync = <E, A>(main: Task<E, A>, options: RunSyncOptions = {}): Outcome<E, A> => {
  checkRunnable('runSync', main)
  checkOptionalOptions('runSync', options)
  const trace = checkRecorder('runSync', options.trace, describeValue)
  const context = options.context === undefined ? undefined : contextValuesOf('runSync', options.context, describeValue)
  const loop = new Loop({ ...options, clock: 'virtual', trace: (trace ?? undefined) as TraceRecorder | undefined })
  const fiber = loop.createTask(main, { name: 'main' })
  if (context !== undefined) fiber.context = context
  try {
    runSyncUntilDone(loop, fiber)
    const outcome = fiber.outcome!
    shutdown(loop, (rest) => runSyncUntilDone(loop, rest))
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
