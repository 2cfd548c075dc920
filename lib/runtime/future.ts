/**
 * `FutureBase` is the one-shot result that `Future` and `Fiber` share (asyncio's `Future`):
 * pending, then succeeded, failed or cancelled, for good.
 *
 * Whoever waits on it — a fiber suspended in `join`, or a done callback — is resumed one
 * loop iteration after it completes, never synchronously (ASYNCIO.md R16). A suspended
 * fiber registers itself, not a closure, so awaiting allocates nothing.
 *
 * A failure nobody retrieves (through `result()`, `exception()`, `outcome`, an await, or a
 * combinator that consumes it) is reported to the loop's exception handler when the loop
 * closes (R17).
 *
 * @module
 */
import type { CancelledError } from '../errors.js'
import { InvalidStateError } from '../errors.js'
import { FUTURE_BRAND, brand, isFutureValue } from './brands.js'
import { newCancelledError } from './cancelled.js'
import { describeValue } from './describeValue.js'
import * as O from '../Outcome.js'
import type { Outcome } from '../Outcome.js'
import { YieldOnce } from './primitive.js'
import { bindContext, isSameCallback } from './context.js'
import type { Scheduler } from './scheduler.js'
import type { Loop } from '../Loop.js'

export const enum State {
  Pending = 0,
  Succeeded = 1,
  Failed = 2,
  Cancelled = 3,
}

/** A fiber suspended on a future: resumed with the future's result when its callbacks run. */
export interface Awaiter {
  resumeFrom(future: FutureBase<unknown, unknown>): void
}

export type DoneCallback<F> = (future: F) => void

type Callback = Awaiter | DoneCallback<never>

/**
 * What `Fiber` and `Future` share: a one-shot result that fibers can await (`yield*`), with
 * asyncio's `done`, `result`, `exception`, `cancel` and done callbacks. The combinators take
 * any `Task`, `Fiber` or `Future`; this is the type of the last two.
 *
 * @example
 * const settled = (f: FutureBase<unknown, unknown>) => f.done()
 */
export abstract class FutureBase<E, A> {
  /** Phantom: the error type. */
  declare readonly _E?: () => E
  /** @internal */ state: State = State.Pending
  /** The value, the error, or the `CancelledError`, depending on `state`. @internal */
  settled: unknown = undefined
  /**
   * Registered callbacks and awaiters in registration order: the first in `cb0`, the rest in
   * `cbs`, so that the usual single awaiter costs no array.
   */
  private cb0: Callback | null = null
  private cbs: Callback[] | null = null

  /** The scheduler of the loop this belongs to. @internal */
  readonly loop: Scheduler

  /** @internal */
  constructor(loop: Scheduler) {
    this.loop = loop
  }

  /** The loop this belongs to (asyncio's `get_loop()`). @example fiber.getLoop() === loop // true */
  getLoop(): Loop {
    return this.loop.owner
  }

  /** True once it has a result, an error, or was cancelled. */
  done(): boolean {
    return this.state !== State.Pending
  }

  /** True when it ended cancelled. */
  cancelled(): boolean {
    return this.state === State.Cancelled
  }

  /** Requests cancellation; false when already done. */
  abstract cancel(message?: string): boolean

  /**
   * The value. Throws `InvalidStateError` while pending, the `CancelledError` if cancelled,
   * the error if it failed.
   */
  result(): A {
    switch (this.state) {
      case State.Succeeded:
        return this.settled as A
      case State.Pending:
        throw new InvalidStateError('Result is not ready.')
      default:
        this.markRetrieved()
        throw this.settled
    }
  }

  /**
   * The error, or `undefined` if it succeeded. Throws `InvalidStateError` while pending and
   * the `CancelledError` if cancelled.
   */
  exception(): E | undefined {
    switch (this.state) {
      case State.Succeeded:
        return undefined
      case State.Failed:
        this.markRetrieved()
        return this.settled as E
      case State.Pending:
        throw new InvalidStateError('Exception is not set.')
      default:
        throw this.settled
    }
  }

  /** How it ended, or `undefined` while pending. Reading it retrieves a failure. */
  get outcome(): Outcome<E, A> | undefined {
    switch (this.state) {
      case State.Pending:
        return undefined
      case State.Succeeded:
        return O.succeeded(this.settled as A)
      case State.Failed:
        this.markRetrieved()
        return O.failed(this.settled as E)
      default:
        return O.cancelled((this.settled as CancelledError).message)
    }
  }

  /**
   * Calls `cb(this)` one iteration after completion (at once-scheduled if already done),
   * in registration order.
   */
  addDoneCallback(cb: DoneCallback<this>): void {
    checkCallback('addDoneCallback', cb)
    const bound = bindContext(this.loop, cb) // R29: it runs in the context of its registration
    if (this.state !== State.Pending) this.loop.callSoonWith(bound as DoneCallback<unknown>, this)
    else this.register(bound as Callback)
  }

  /**
   * Removes every registration of `cb`; returns how many were removed. Once the future is
   * done its callbacks are already scheduled, and this removes nothing (as in asyncio).
   */
  removeDoneCallback(cb: DoneCallback<this>): number {
    checkCallback('removeDoneCallback', cb)
    return this.unregister(cb as Callback)
  }

  /** `yield* future` inside `Task.gen` awaits it. */
  [Symbol.iterator](): Iterator<this, A, unknown> {
    return new YieldOnce(this) as unknown as Iterator<this, A, unknown>
  }

  // ---- internal ------------------------------------------------------------------------

  /** @internal */
  register(cb: Callback): void {
    if (this.cb0 === null) this.cb0 = cb
    else if (this.cbs === null) this.cbs = [cb]
    else this.cbs.push(cb)
  }

  /** Removes every registration of `cb` (a callback or an awaiter); returns how many. @internal */
  unregister(cb: Callback): number {
    if (this.state !== State.Pending) return 0
    const all = this.callbackList()
    const kept = all.filter((c) => !isSameCallback(c, cb))
    this.cb0 = kept.length > 0 ? kept[0]! : null
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty list where null was is read alike (register pushes to it, fire and callbackList go through it)
    this.cbs = kept.length > 1 ? kept.slice(1) : null
    return all.length - kept.length
  }

  private callbackList(): Callback[] {
    // Stryker disable next-line ConditionalExpression: with no first callback there are no others (register fills cb0 first), and the filter of [null] keeps nothing to count
    if (this.cb0 === null) return []
    return this.cbs === null ? [this.cb0] : [this.cb0, ...this.cbs]
  }

  /** @internal */
  markRetrieved(): void {
    // a failure not yet retrieved is one in the loop's set: a flag beside it would cost every
    // future and fiber a field (8 B of W7f) to save a set lookup on a retrieved failure
    // Stryker disable next-line ConditionalExpression: only failed futures are in the set, so deleting any other finds nothing
    if (this.state === State.Failed) this.loop.unretrieved.delete(this)
  }

  /**
   * Settles, and schedules the callbacks for the next iteration (R16); the caller checked
   * that it was pending. @internal
   *
   * asyncio schedules one handle per callback, all at once, so they sit side by side in the
   * ready queue and run one after the other. The future itself stands in for that run of
   * handles — one ready entry that calls them in order (`fire`) — which is the same order,
   * without a handle per callback.
   */
  settle(state: State, settled: unknown): void {
    this.state = state
    this.settled = settled
    if (state === State.Failed) this.loop.unretrieved.add(this)
    if (this.loop.trace !== null) this.loop.trace.settled(this)
    if (this.cb0 !== null) this.loop.schedule(this)
  }

  /** Ends as the done future `from` ended, taking over its failure; the caller checked this is pending. @internal */
  settleFrom(from: FutureBase<unknown, unknown>): void {
    from.markRetrieved() // takes over a failure; nothing for any other ending
    this.settle(from.state, from.settled)
  }

  /**
   * Runs the callbacks scheduled by `settle`, in registration order: a done callback is
   * called (a throw is reported, as for any callback), an awaiting fiber takes its step.
   * Called only by the ready queue. @internal
   */
  fire(): void {
    const first = this.cb0
    const rest = this.cbs
    this.cb0 = null
    this.cbs = null
    // Stryker disable next-line ConditionalExpression: settle schedules a future only when it has a first callback, and nothing removes one from a done future
    if (first !== null) this.runCallback(first)
    if (rest !== null) for (let i = 0; i < rest.length; i++) this.runCallback(rest[i]!)
  }

  private runCallback(cb: Callback): void {
    if (typeof cb !== 'function') return cb.resumeFrom(this)
    try {
      ;(cb as DoneCallback<unknown>)(this)
    } catch (error) {
      this.loop.report({ message: 'Exception in callback', error })
    }
  }

  /** Cancels a plain future: the shared part of `Future.cancel`. @internal */
  protected cancelPlain(message?: string): boolean {
    checkCancelMessage('future.cancel', message)
    if (this.state !== State.Pending) {
      this.markRetrieved()
      return false
    }
    this.settle(State.Cancelled, newCancelledError(message, this.loop.debug))
    return true
  }

}

/** A short description for messages: `Future` or `Fiber 'name'`. */
// Stryker disable next-line ArrowFunction: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (fiberCoroutines.test.ts: awaiting a future of another loop fails with a LoopError that names the fiber and the future)
export const describe = (f: FutureBase<unknown, unknown>): string =>
  'name' in f ? `fiber '${String((f as { name: unknown }).name)}'` : 'a Future'

brand(FutureBase, FUTURE_BRAND)

/**
 * True for a `Fiber` or a `Future`, of this copy of taskloop or of another one. `instanceof`
 * first, as `isTask` does: the brand is a symbol-keyed read that sees every shape a program
 * awaits and so takes V8's megamorphic lookup; a future of another copy passes by its brand
 * (W5 at 10⁵, M instructions per run: 1 230 / 1 172 -> 1 205 / 1 149, about 2 %: within the
 * spread of counts taken in two processes, see bench/README.md).
 *
 * @example
 * isFuture(loop.createFuture()) // → true
 */
export const isFuture = (u: unknown): u is FutureBase<any, any> => u instanceof FutureBase || isFutureValue(u)

/**
 * A cancel message is a string or nothing: anything else is a `TypeError`, thrown before the
 * cancel changes anything.
 *
 * @example
 * checkCancelMessage('fiber.cancel', Symbol()) // throws TypeError
 */
export const checkCancelMessage = (who: string, message: unknown): void => {
  if (message !== undefined && typeof message !== 'string') {
    throw new TypeError(`${who}: the cancel message must be a string (or omitted), got ${describeValue(message)}`)
  }
}

const checkCallback = (who: string, cb: unknown): void => {
  if (typeof cb !== 'function') throw new TypeError(`${who} expects a function, got ${describeValue(cb)}`)
}
