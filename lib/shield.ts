/**
 * `shield(awaitable)` — asyncio's `shield` (ASYNCIO.md §F, R35–R36).
 *
 * Cancellation rules:
 *
 * - A `Task` argument is started in a fiber of its own (the *inner*); a fiber or future is
 *   the inner as it is. If the inner is already done, `shield` simply awaits it.
 * - Otherwise the awaiting fiber waits on a fresh *outer* future, and the inner's outcome
 *   (value, failure or cancellation) is copied to the outer — unless the outer was cancelled
 *   first.
 * - Cancelling the fiber that awaits `shield(...)` cancels only the outer: that fiber gets
 *   its `CancelledError` at once, and the inner keeps running, untouched (R35). Nothing
 *   waits for it any more, so if it later fails, its failure is reported to the loop's
 *   exception handler as `'<Name> exception in shielded future'` — exactly once, however
 *   many shields around it were cancelled, and never raised (R36). A later success is not
 *   reported.
 * - If the inner is cancelled by other means, the awaiting fiber ends cancelled too.
 * - A shield protects only from cancellation that comes through it: the loop's shutdown
 *   (`run`) still cancels a shielded fiber that is pending when `main` ends.
 *
 * `shield` is not `uncancellable`: `uncancellable` keeps the awaiting fiber waiting until
 * the work is done; `shield` lets it go at once and leaves the work running.
 *
 * @module
 */
import type { ErrorOf, ValueOf } from './Awaitable.js'
import { LoopError } from './errors.js'
import { Future } from './Future.js'
import type { Fiber } from './runtime/fiber.js'
import { describeValue, startFiber } from './runtime/fiber.js'
import { isFutureValue } from './runtime/brands.js'
import { FutureBase, State } from './runtime/future.js'
import type { Primitive, Task } from './runtime/primitive.js'
import { Await, Fail, WithFiber, fromPrimitive, isTask, toPrimitive } from './runtime/primitive.js'

type AnyAwaitable = Task<any, any> | FutureBase<any, any>

/**
 * Awaits `awaitable` so that cancelling the awaiter does not cancel it; see the module doc.
 *
 * @example
 * const commit = Task.gen(function* () {
 *   // a cancel of the caller lets the caller go, but the write finishes
 *   return yield* Task.shield(writeToDisk)
 * })
 */
export const shield = <T extends AnyAwaitable>(awaitable: T): Task<ErrorOf<T>, ValueOf<T>> => {
  if (!isTask(awaitable) && !isFutureValue(awaitable)) {
    throw new TypeError(`Task.shield expects a Task, a Fiber or a Future, got ${describeValue(awaitable)}`)
  }
  return fromPrimitive(new WithFiber(((fiber: Fiber) => start(fiber, awaitable)) as (f: never) => Primitive))
}

const start = (fiber: Fiber, awaitable: AnyAwaitable): Primitive => {
  const loop = fiber.loop
  let inner: FutureBase<unknown, unknown>
  if (isFutureValue(awaitable)) {
    if (awaitable.loop !== loop) return new Fail(new LoopError('Task.shield: the fiber or future belongs to a different loop'))
    inner = awaitable
  } else inner = startFiber(loop, toPrimitive(awaitable))
  if (inner.state !== State.Pending) return new Await(inner)

  const outer = new Future<unknown, unknown>(loop)
  const onInnerDone = (): void => {
    if (outer.state !== State.Pending) return
    if (inner.state === State.Cancelled) outer.cancel((inner.settled as Error).message || undefined)
    else if (inner.state === State.Failed) {
      inner.markRetrieved() // handed on to the outer, which reports it if nobody reads it
      outer.setException(inner.settled)
    } else outer.setResult(inner.settled)
  }
  const onOuterDone = (): void => {
    if (inner.state !== State.Pending) return
    inner.removeDoneCallback(onInnerDone)
    // one watcher per inner, however many shields around it were cancelled (R36)
    inner.removeDoneCallback(reportShieldedFailure)
    inner.addDoneCallback(reportShieldedFailure)
  }
  inner.addDoneCallback(onInnerDone)
  outer.addDoneCallback(onOuterDone)
  return new Await(outer)
}

/** Reports a shielded inner that failed after every awaiter had gone (R36). */
const reportShieldedFailure = (inner: FutureBase<unknown, unknown>): void => {
  if (inner.state !== State.Failed) return
  inner.markRetrieved()
  const error = inner.settled
  const name = error instanceof Error ? error.name : typeof error
  inner.loop.report({ message: `${name} exception in shielded future`, error, fiber: inner })
}
