/**
 * The kernel's one face: everything outside `lib/runtime/` that builds on the interpreter
 * imports it from here, and from nowhere else in `runtime/`.
 *
 * - the opcodes a `Task` is made of, and the typed builders for the ones that reach the
 *   running fiber (`withFiber`);
 * - fibers, futures and how a combinator reads a child's ending (`consume`, `forward`,
 *   `outcomeOf`);
 * - the awaitable types and the checks every combinator makes of them;
 * - the argument validators;
 * - the scheduler's timers (`armTimer`);
 * - what fibers wait on, and the live call graph (`describeWait`, `snapshotOf`, `renderDump`).
 *
 * @module
 */
import type { Outcome } from '../Outcome.js'
import * as O from '../Outcome.js'
import type { CancelledError } from '../errors.js'
import type { Fiber } from './fiber.js'
import type { FutureBase } from './future.js'
import { State } from './future.js'
import type { Primitive, Task } from './primitive.js'
import { WithFiber, fromPrimitive } from './primitive.js'
import type { Handle, Scheduler } from './scheduler.js'

export type { Poll, Primitive, Resume, Task, WaitOwner, Waitable } from './primitive.js'
export {
  Async,
  Await,
  CEDE,
  Catch,
  Cede,
  Fail,
  Finalize,
  FlatMap,
  Fold,
  Gen,
  Map as MapOp,
  NEVER,
  Never,
  Sleep,
  Spawn,
  Succeed,
  Suspend,
  Sync,
  UNIT,
  Uncancellable,
  WaitOn,
  endingOutcome,
  fromPrimitive,
  isTask,
  toPrimitive,
} from './primitive.js'
export { Fiber, startFiber } from './fiber.js'
export { ParkedWait } from './waits.js'
export type { FiberOptions } from './fiber.js'
export { FutureBase, State, describe } from './future.js'
export type { DoneCallback } from './future.js'
export { newCancelledError } from './cancelled.js'
export type { Clock } from './clock.js'
export { RealClock, VirtualClock } from './clock.js'
export { Deque } from './deque.js'
export type { Pipeable } from './pipeable.js'
export { pipeArguments } from './pipeable.js'
export type { BatchOrder, ExceptionContext, ExceptionHandler, Schedulable } from './scheduler.js'
export { Handle, Scheduler, TimerHandle, defaultExceptionHandler, executingScheduler } from './scheduler.js'
export type { AnyAwaitable, Awaitable, ErrorOf, ValueOf } from './awaitable.js'
export { awaitableList, checkAwaitable, checkSameLoop, isAwaitable, isFiber, isFuture, toFuture } from './awaitable.js'
export { checkFunction, checkIntegerAtLeast, checkMs, checkName, checkOptionalMs, checkOptionalOptions, checkTask } from './validate.js'
export { describeValue } from './describeValue.js'
export { FIBER_BRAND, FUTURE_BRAND, LOOP_BRAND, brand, isLoopValue } from './brands.js'
export { markHostFailed, watchHostExit } from './nodeBeforeExit.js'
export { SeededRandom, freshSeed } from './random.js'
export { loopStarted, whenNextLoopStarts } from './firstLoop.js'
export { allEnded } from './allEnded.js'
export { GatheringBase } from './gathering.js'
export type { CoroutineInfo } from './traceback.js'
export { MAX_HOPS, PLAIN, errorTraceback, fiberTraceback, hopInto, noteCrossing } from './traceback.js'
export { coroutineInfo, debugFromEnvironment } from './debugMode.js'
export { TraceRecorder } from './trace.js'
export { checkRecorder, isRecorder } from './tracing.js'
export type { TraceHooks } from './tracing.js'
export { CONTEXT_BRAND, EMPTY_CONTEXT, bindContext, contextValuesOf, currentContext } from './context.js'
export type { ContextValues } from './context.js'
export type { ChromeTrace, ChromeTraceEvent, TraceRecorderOptions } from './trace.js'
export type { BirthStamp, DescribesAwait, TaskGroupView, WaitInfo, WaitKind } from './describeWait.js'
export { describeChildren, describeWait, fiberLabel, forgetTaskGroup, formatDuration, formatTime, noteTaskGroup, plural, primitiveLabel } from './describeWait.js'
export type { FiberSnapshot, LoopSnapshot, WaitSnapshot } from './dump.js'
export { renderDump, snapshotOf } from './dump.js'

/**
 * An opcode that runs `f` with the running fiber and continues with the task it returns: how
 * a combinator reaches the fiber's loop, spawns children, or waits on a future of its own.
 *
 * @example
 * // a primitive that reads the loop's time through the running fiber
 * const now: Primitive = withFiber((fiber) => new Succeed(fiber.loop.clock.now()))
 */
export const withFiber = (f: (fiber: Fiber) => Primitive): Primitive => new WithFiber(f as (fiber: never) => Primitive)

/**
 * `withFiber` as a typed `Task`.
 *
 * @example
 * const loopTime: Task<never, number> = withFiberTask((fiber) => new Succeed(fiber.loop.clock.now()))
 */
export const withFiberTask = <E, A>(f: (fiber: Fiber) => Primitive): Task<E, A> => fromPrimitive(withFiber(f))

/**
 * The ending of a done future as a combinator takes it over: a failure counts as retrieved
 * (the combinator delivers it, or consumes it by its documented rule), and the value, the
 * error or the `CancelledError` is returned.
 *
 * @example
 * // a combinator takes the failure of a done child over: nobody else reports it
 * type AnyFuture = Parameters<typeof consume>[0] // this module's FutureBase
 * const failureOf = (child: AnyFuture) => (child.state === State.Failed ? consume(child) : undefined)
 */
export const consume = (future: FutureBase<unknown, unknown>): unknown => {
  future.markRetrieved()
  return future.settled
}

/**
 * How a done future ended, as an `Outcome`, without retrieving a failure (for reports and
 * introspection; use `consume` to take a failure over).
 *
 * @example
 * // undefined while pending; { _tag: 'Failed', error } once it failed, and the failure is still reported
 * const report = (future: Parameters<typeof outcomeOf>[0]) => outcomeOf(future)
 */
export const outcomeOf = (future: FutureBase<unknown, unknown>): Outcome<unknown, unknown> | undefined => {
  switch (future.state) {
    case State.Pending:
      return undefined
    case State.Succeeded:
      return O.succeeded(future.settled)
    case State.Failed:
      return O.failed(future.settled)
    default:
      return O.cancelled((future.settled as CancelledError).message)
  }
}

/**
 * Copies the ending of the done future `from` to the pending `to` (`to` ends as `from` did; a
 * failure is handed over, so `to` reports it if nobody reads it). Returns whether `to` took
 * it: false when `to` was already done.
 *
 * @example
 * // outer ends as inner did
 * const chain = (...[inner, outer]: Parameters<typeof forward>) => inner.addDoneCallback(() => forward(inner, outer))
 */
export const forward = (from: FutureBase<unknown, unknown>, to: FutureBase<unknown, unknown>): boolean => {
  if (to.state !== State.Pending) return false
  to.settleFrom(from)
  return true
}

/**
 * Calls `callback` after `ms` of loop time: on the next iteration for `ms <= 0` (as
 * `callSoon`), else from the timer heap. The handle cancels it.
 *
 * @example
 * // cancels a fiber after 100 ms unless the returned handle is cancelled first
 * const deadline = (scheduler: Scheduler, victim: { cancel(): unknown }) => armTimer(scheduler, 100, () => victim.cancel())
 */
export const armTimer = (loop: Scheduler, ms: number, callback: () => void): Handle =>
  ms <= 0 ? loop.callSoonWith(callback, undefined) : loop.addTimerCallback(loop.clock.now() + ms, callback)

