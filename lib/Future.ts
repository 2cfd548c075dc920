/**
 * A `Future<E, A>` is a one-shot result that code outside a task sets (asyncio's
 * `Future`): `loop.createFuture()`, then `setResult` or `setException` once; any number of
 * fibers may await it with `yield* future` or `Task.join(future)`.
 *
 * Awaiters resume one loop iteration after it completes (ASYNCIO.md R16). A failure set on
 * a future and never retrieved is reported when the loop closes (R17).
 *
 * @example
 * const loop = new Loop({ clock: 'virtual' })
 * const f = loop.createFuture<number>()
 * loop.callLater(10, () => f.setResult(42))
 * await loop.runUntilComplete(Task.join(f)) // 42
 *
 * @module
 */
import { InvalidStateError } from './errors.js'
import { FutureBase, State } from './runtime/kernel.js'

/**
 * A one-shot result set from outside a task (asyncio's `Future`): `setResult` or
 * `setException` once; any number of fibers await it.
 *
 * @example
 * const loop = new Loop({ clock: 'virtual' })
 * const f: Future<never, number> = loop.createFuture<number, never>()
 * loop.callLater(10, () => f.setResult(42))
 * await loop.runUntilComplete(Task.join(f)) // → 42
 */
export class Future<E = unknown, A = unknown> extends FutureBase<E, A> {
  /** Completes the future with `value`; `InvalidStateError` if it is already done. */
  setResult(value: A): void {
    if (this.state !== State.Pending) throw new InvalidStateError(`setResult on a future that is already ${stateName(this.state)}`)
    this.settle(State.Succeeded, value)
  }

  /** Fails the future with `error`; `InvalidStateError` if it is already done. */
  setException(error: E): void {
    if (this.state !== State.Pending) throw new InvalidStateError(`setException on a future that is already ${stateName(this.state)}`)
    this.settle(State.Failed, error)
  }

  /** Cancels the future (R15): false if it is already done, else true, and awaiters get `CancelledError`. */
  cancel(message?: string): boolean {
    return this.cancelPlain(message)
  }

  override toString(): string {
    return `Future<${stateName(this.state)}>`
  }
}

const stateName = (s: State): string => ['pending', 'succeeded', 'failed', 'cancelled'][s]!
