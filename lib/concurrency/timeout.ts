/**
 * `timeout(ms)` and `waitFor(awaitable, ms)` — asyncio 3.12+'s `timeout()` and `wait_for()`
 * (ASYNCIO.md §G, R37–R44).
 *
 * `pipe(task, Task.timeout(ms))` is `async with asyncio.timeout(ms): await task`. The task
 * runs *inline* in the calling fiber (no new fiber); a fiber or future is awaited, so the
 * cancel reaches it (R26). Cancellation rules:
 *
 * - On entry the fiber's `cancelling()` count is recorded and a timer is armed (for
 *   `ms <= 0`, on the next iteration). When it fires it calls `fiber.cancel()` — an ordinary
 *   cancel request, delivered at the fiber's suspension point (R37).
 * - The `TimeoutError` comes only after the inner has finished reacting to that cancel:
 *   finalizers that take time delay it (R40). If the inner swallows the cancel and returns a
 *   value, that value is returned; if it fails otherwise while being cancelled, that failure
 *   is kept.
 * - On exit the timer is cancelled. If it had fired, `uncancel()` withdraws its request, and a
 *   `CancelledError` becomes a `TimeoutError` (with the `CancelledError` as its `cause`) only
 *   if the count is back to the recorded level — otherwise someone else cancelled the fiber
 *   too (before the deadline, or together with it) and the cancellation keeps propagating
 *   (R38, R42, R43d). A converted timeout leaves `cancelling()` where it was on entry.
 * - Ties are decided by callback order, as in asyncio (R43): if the timer's callback runs
 *   before the fiber has resumed from a completed wait — even one completed in the same
 *   iteration — the cancel is thrown in at that point, and the result is not returned.
 * - Nested timeouts: only the one whose own cancel is the only outstanding request converts;
 *   with equal deadlines the outermost raises `TimeoutError`.
 * - `Infinity` never expires. `NaN` or a non-number is a `TypeError`, thrown when called.
 *
 * `waitFor(awaitable, ms)` is `asyncio.wait_for`: for `ms > 0` it is exactly
 * `timeout(ms)(awaitable)` (R40). For `ms <= 0` it follows R41: a `Task` is started in a
 * fiber and cancelled before its first step (its body never runs); a fiber or future that
 * is already done gives its result at once; otherwise it is cancelled and awaited, and a
 * cancelled ending becomes `TimeoutError`. Cancelling the fiber that runs `waitFor` gives
 * `CancelledError`, never `TimeoutError`, and cancels the inner too (R42) unless the inner
 * is shielded (R44).
 *
 * Decision: asyncio 3.13 also splices a `TimeoutError` into the implicit exception context
 * of a foreign error raised during the expiry. JavaScript errors have no implicit context
 * (and failures may be any value), so a foreign failure is passed through unchanged.
 *
 * @module
 */
import type { AnyAwaitable, ErrorOf, Primitive, Task, ValueOf } from '../runtime/kernel.js'
import { armTimer, Await, checkAwaitable, checkMs, checkSameLoop, Fail, Fiber, Finalize, FlatMap, fromPrimitive, Gen, isFuture, State, toFuture, toPrimitive, withFiber } from '../runtime/kernel.js'
import { CancelledError, TimeoutError, isCancelledError } from '../errors.js'
import { Future } from '../Future.js'

const enum Phase {
  Active,
  Expiring,
  Expired,
  Finished,
}

const timeoutMessage = (ms: number): string => `timed out after ${ms} ms`

/**
 * `async with asyncio.timeout(ms): await awaitable` as a data-last function; see the module
 * doc for the rules.
 *
 * @example
 * pipe(fetchPage(url), Task.timeout(5_000)) // fails with TimeoutError after 5 s
 */
export const timeout =
  (ms: number) =>
  <T extends AnyAwaitable>(self: T): Task<ErrorOf<T> | TimeoutError, ValueOf<T>> => {
    checkMs('Task.timeout', ms)
    checkAwaitable('Task.timeout', self)
    return fromPrimitive(withFiber((fiber) => scoped(fiber, toInline(self), ms)))
  }

/** A task runs inline; a fiber or future is awaited (so a cancel is forwarded to it). */
const toInline = (a: AnyAwaitable): Primitive => (isFuture(a) ? new Await(a) : toPrimitive(a))

/** Runs `body` in `fiber` under a deadline `ms` from now (R37, R38). */
const scoped = (fiber: Fiber, body: Primitive, ms: number): Primitive => {
  if (ms === Infinity) return body
  const loop = fiber.loop
  const level = fiber.cancelling()
  let phase = Phase.Active
  const onTimeout = (): void => {
    fiber.cancel()
    phase = Phase.Expiring
  }
  const handle = armTimer(loop, ms, onTimeout)
  /** The exit of the scope: `error` is what is propagating, if anything. */
  const exit = (failed: boolean, error: unknown): unknown => {
    handle.cancel()
    if (phase !== Phase.Expiring) {
      phase = Phase.Finished
      return error
    }
    phase = Phase.Expired
    if (fiber.uncancel() <= level && failed && isCancelledError(error)) {
      return new TimeoutError(timeoutMessage(ms), { cause: error })
    }
    return error
  }
  // named, so that a stack in `loop.dump()` shows the scope (`main#2 > timeout#1 > fetch#1`)
  return new Gen(function* timeout(): Generator<Primitive, unknown, unknown> {
    let value: unknown
    try {
      value = yield body
    } catch (error) {
      throw exit(true, error)
    }
    // Stryker disable next-line BooleanLiteral: `failed` only matters with a CancelledError, and the success path passes undefined
    exit(false, undefined)
    return value
  })
}

/**
 * `asyncio.wait_for(awaitable, ms)`; see the module doc for the rules.
 *
 * @example
 * Task.gen(function* () {
 *   try {
 *     return yield* Task.waitFor(slowQuery, 1_000)
 *   } catch (e) {
 *     if (e instanceof TimeoutError) return 'fallback'
 *     throw e
 *   }
 * })
 */
export const waitFor = <T extends AnyAwaitable>(awaitable: T, ms: number): Task<ErrorOf<T> | TimeoutError, ValueOf<T>> => {
  checkAwaitable('Task.waitFor', awaitable)
  checkMs('Task.waitFor', ms)
  if (ms > 0) return timeout(ms)(awaitable)
  return fromPrimitive(withFiber((fiber) => expireNow(fiber, awaitable, ms)))
}

/** R41: `wait_for` with `ms <= 0`. */
const expireNow = (fiber: Fiber, awaitable: AnyAwaitable, ms: number): Primitive => {
  const loop = fiber.loop
  const wrongLoop = checkSameLoop('Task.waitFor', loop, [awaitable])
  if (wrongLoop !== undefined) return new Fail(wrongLoop)
  const inner = toFuture(loop, awaitable)
  if (inner.state !== State.Pending) return new Await(inner)
  // cancel it, and wait on a waiter of our own, so that a cancel of this fiber does not
  // reach the inner a second time (asyncio's `_cancel_and_wait`)
  const waiter = new Future<never, void>(loop)
  const release = (): void => {
    if (waiter.state === State.Pending) waiter.setResult(undefined)
  }
  inner.addDoneCallback(release)
  inner.cancel()
  // Stryker disable next-line BlockStatement: a release left registered finds the waiter done (this fiber stopped waiting) and does nothing; removing it only frees it early, for an inner that outlives this wait
  const waited = new Finalize(new Await(waiter), () => {
    inner.removeDoneCallback(release)
    return undefined
  })
  return new FlatMap(waited, () => {
    if (inner.state === State.Cancelled) {
      return new Fail(new TimeoutError(timeoutMessage(ms), { cause: inner.settled as CancelledError }))
    }
    return new Await(inner) // its value, or its failure: delivered (and retrieved) here
  })
}
