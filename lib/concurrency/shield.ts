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
import type { AnyAwaitable, ErrorOf, Primitive, Task, ValueOf, WaitInfo } from '../runtime/kernel.js'
import { Await, checkAwaitable, checkSameLoop, consume, Fail, Fiber, fiberLabel, forward, fromPrimitive, FutureBase, isFiber, noteCrossing, Scheduler, State, toFuture, withFiber } from '../runtime/kernel.js'
import { Future } from '../Future.js'

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
  checkAwaitable('Task.shield', awaitable)
  return fromPrimitive(withFiber((fiber) => start(fiber, awaitable)))
}

const start = (fiber: Fiber, awaitable: AnyAwaitable): Primitive => {
  const loop = fiber.loop
  const wrongLoop = checkSameLoop('Task.shield', loop, [awaitable])
  if (wrongLoop !== undefined) return new Fail(wrongLoop)
  const inner = toFuture(loop, awaitable)
  if (inner.state !== State.Pending) return new Await(inner)

  const outer = new ShieldFuture(loop, inner)
  // a failure is handed on to the outer, which reports it if nobody reads it
  const onInnerDone = (): void => {
    // the traceback of a failure names the crossing: `shield of Task-5`
    // Stryker disable next-line ConditionalExpression: a crossing is read only when a failure crosses the outer; one noted for a value or a cancel is never read
    if (inner.state === State.Failed) noteCrossing(outer, isFiber(inner) ? `shield of ${inner.name}` : 'shield', inner)
    forward(inner, outer)
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

/** The future a shield's caller awaits: it ends as the inner does, unless cancelled first. */
class ShieldFuture extends Future<unknown, unknown> {
  constructor(
    loop: Scheduler,
    private readonly inner: FutureBase<unknown, unknown>,
  ) {
    super(loop)
  }

  /** `shield around fiber #4 'write'` (the inner drawn below its caller). @internal */
  describeAwait(): WaitInfo {
    const inner = this.inner
    if (isFiber(inner)) return { kind: 'shield', text: `shield around ${fiberLabel(inner)}`, fibers: [inner] }
    // Stryker disable next-line ArrayDeclaration: a snapshot or dump keeps only the live fibers of a wait's list, and a stand-in element is none
    return { kind: 'shield', text: 'shield around a Future', fibers: [] }
  }
}

/** Reports a shielded inner that failed after every awaiter had gone (R36). */
const reportShieldedFailure = (inner: FutureBase<unknown, unknown>): void => {
  if (inner.state !== State.Failed) return
  const error = consume(inner)
  const name = error instanceof Error ? error.name : typeof error
  inner.loop.report({ message: `${name} exception in shielded future`, error, fiber: inner })
}
