/**
 * `Outcome<E, A>` is how a run ended: it succeeded with an `A`, failed with an `E`, or was
 * cancelled. Cancellation is its own case, not an error: asyncio's `CancelledError` is a
 * `BaseException`, which `except Exception` does not catch.
 *
 * @module
 */

export interface Succeeded<A> {
  readonly _tag: 'Succeeded'
  readonly value: A
}

export interface Failed<E> {
  readonly _tag: 'Failed'
  readonly error: E
}

export interface Cancelled {
  readonly _tag: 'Cancelled'
  readonly message?: string
}

export type Outcome<E, A> = Succeeded<A> | Failed<E> | Cancelled

/** @example Outcome.succeeded(1) // { _tag: 'Succeeded', value: 1 } */
export const succeeded = <A>(value: A): Outcome<never, A> => ({ _tag: 'Succeeded', value })

/** @example Outcome.failed('boom') // { _tag: 'Failed', error: 'boom' } */
export const failed = <E>(error: E): Outcome<E, never> => ({ _tag: 'Failed', error })

/** @example Outcome.cancelled('shutdown') // { _tag: 'Cancelled', message: 'shutdown' } */
export const cancelled = (message?: string): Outcome<never, never> =>
  message === undefined || message === '' ? { _tag: 'Cancelled' } : { _tag: 'Cancelled', message }

/** @example Outcome.isSucceeded(Outcome.succeeded(1)) // true */
export const isSucceeded = <E, A>(o: Outcome<E, A>): o is Succeeded<A> => o._tag === 'Succeeded'

/** @example Outcome.isFailed(Outcome.failed('x')) // true */
export const isFailed = <E, A>(o: Outcome<E, A>): o is Failed<E> => o._tag === 'Failed'

/** @example Outcome.isCancelled(Outcome.cancelled()) // true */
export const isCancelled = <E, A>(o: Outcome<E, A>): o is Cancelled => o._tag === 'Cancelled'

/**
 * Folds an outcome.
 *
 * @example
 * pipe(outcome, Outcome.match({ onSucceeded: String, onFailed: e => `error ${e}`, onCancelled: () => 'cancelled' }))
 */
export const match =
  <E, A, B>(cases: {
    readonly onSucceeded: (a: A) => B
    readonly onFailed: (e: E) => B
    readonly onCancelled: (message?: string) => B
  }) =>
  (o: Outcome<E, A>): B =>
    o._tag === 'Succeeded' ? cases.onSucceeded(o.value) : o._tag === 'Failed' ? cases.onFailed(o.error) : cases.onCancelled(o.message)
