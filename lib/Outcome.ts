/**
 * `Outcome<E, A>` is how a run ended: it succeeded with an `A`, failed with an `E`, or was
 * cancelled. Cancellation is its own case, not an error: asyncio's `CancelledError` is a
 * `BaseException`, which `except Exception` does not catch.
 *
 * @module
 */

/**
 * The run succeeded with `value`.
 *
 * @example
 * const ok: Outcome.Succeeded<number> = { _tag: 'Succeeded', value: 1 }
 */
export interface Succeeded<A> {
  readonly _tag: 'Succeeded'
  readonly value: A
}

/**
 * The run failed with `error`.
 *
 * @example
 * const ko: Outcome.Failed<string> = { _tag: 'Failed', error: 'boom' }
 */
export interface Failed<E> {
  readonly _tag: 'Failed'
  readonly error: E
}

/**
 * The run was cancelled, with the cancel's message if it had one. Not an error: asyncio's
 * `CancelledError` is a `BaseException`.
 *
 * @example
 * const stopped: Outcome.Cancelled = { _tag: 'Cancelled', message: 'shutdown' }
 */
export interface Cancelled {
  readonly _tag: 'Cancelled'
  readonly message?: string
}

/**
 * How a run ended: `Succeeded`, `Failed` or `Cancelled`.
 *
 * @example
 * const o: Outcome.Outcome<string, number> = runSync(Task.of(1)) // → { _tag: 'Succeeded', value: 1 }
 */
export type Outcome<E, A> = Succeeded<A> | Failed<E> | Cancelled

/**
 * A succeeded outcome.
 *
 * @example
 * Outcome.succeeded(1) // → { _tag: 'Succeeded', value: 1 }
 */
export const succeeded = <A>(value: A): Outcome<never, A> => ({ _tag: 'Succeeded', value })

/**
 * A failed outcome.
 *
 * @example
 * Outcome.failed('boom') // → { _tag: 'Failed', error: 'boom' }
 */
export const failed = <E>(error: E): Outcome<E, never> => ({ _tag: 'Failed', error })

/**
 * A cancelled outcome; an empty or missing message is left out.
 *
 * @example
 * Outcome.cancelled('shutdown') // → { _tag: 'Cancelled', message: 'shutdown' }
 * Outcome.cancelled() // → { _tag: 'Cancelled' }
 */
export const cancelled = (message?: string): Outcome<never, never> =>
  message === undefined || message === '' ? { _tag: 'Cancelled' } : { _tag: 'Cancelled', message }

/**
 * True when the run succeeded.
 *
 * @example
 * Outcome.isSucceeded(Outcome.succeeded(1)) // → true
 */
export const isSucceeded = <E, A>(o: Outcome<E, A>): o is Succeeded<A> => o._tag === 'Succeeded'

/**
 * True when the run failed.
 *
 * @example
 * Outcome.isFailed(Outcome.failed('x')) // → true
 */
export const isFailed = <E, A>(o: Outcome<E, A>): o is Failed<E> => o._tag === 'Failed'

/**
 * True when the run was cancelled.
 *
 * @example
 * Outcome.isCancelled(Outcome.cancelled()) // → true
 */
export const isCancelled = <E, A>(o: Outcome<E, A>): o is Cancelled => o._tag === 'Cancelled'

/**
 * Folds an outcome.
 *
 * @example
 * const describe = Outcome.match<string, number, string>({ onSucceeded: String, onFailed: (e) => `error ${e}`, onCancelled: () => 'cancelled' })
 * describe(runSync(Task.of(42))) // → '42'
 * describe(runSync(Task.fail('boom'))) // → 'error boom'
 */
export const match =
  // Stryker disable next-line ArrowFunction: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (every Outcome.match test fails)
  <E, A, B>(cases: {
    readonly onSucceeded: (a: A) => B
    readonly onFailed: (e: E) => B
    readonly onCancelled: (message?: string) => B
  }) =>
  (o: Outcome<E, A>): B =>
    o._tag === 'Succeeded' ? cases.onSucceeded(o.value) : o._tag === 'Failed' ? cases.onFailed(o.error) : cases.onCancelled(o.message)
