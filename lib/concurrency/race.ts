/**
 * `race(awaitables)`: the first to complete wins, with its value or its failure; the losers
 * are cancelled and awaited before `race` returns.
 *
 * Every `Task` runs in a fiber of its own (all start on the same loop iteration); fibers and
 * futures take part as they are. An awaitable given twice takes part once. Cancellation
 * rules:
 *
 * - The winner is the child whose completion `race` sees first (children's done callbacks
 *   run in completion order, so ties go to the child that completed first, then to the
 *   earlier one in the input).
 * - Then every other child that is not done is cancelled — fibers and futures given to
 *   `race` included: they lost — and `race` waits until all of them have ended, so their
 *   finalizers have run when `race` returns. What a loser does meanwhile (finish anyway,
 *   fail in a finalizer, swallow the cancel) is consumed: it lost the race.
 * - A child cancelled by someone else is not a completion: it is skipped. If every child
 *   ends cancelled, the race ends cancelled.
 * - Cancelling the race — or the fiber awaiting it — cancels every child that is not done,
 *   waits for all of them, and ends the race cancelled, even if a winner was already known.
 * - No child outlives the race.
 *
 * `race([])` has no winner and is a `RangeError`, thrown when called.
 *
 * @module
 */
import type { AnyAwaitable, ErrorOf, Task, ValueOf } from '../runtime/kernel.js'
import { Await, consume, Fail, fromPrimitive, FutureBase, noteCrossing, Scheduler, State, withFiber } from '../runtime/kernel.js'
import { CancelledError, LoopError } from '../errors.js'
import { ChildGroupFuture } from './childGroup.js'
import { distinctAwaitables, startAll } from './wait.js'

/** The future a race awaits: it completes once every child has ended. */
class RaceFuture extends ChildGroupFuture<unknown> {
  private winner: FutureBase<unknown, unknown> | null = null

  protected get what(): 'race' {
    return 'race'
  }

  constructor(loop: Scheduler, children: ReadonlyArray<FutureBase<unknown, unknown>>) {
    super(loop, children)
    for (const child of children) child.addDoneCallback(this.childDone)
  }

  private readonly childDone = (child: FutureBase<unknown, unknown>): void => {
    this.remaining--
    if (this.winner === null && !this.cancelRequested && child.state !== State.Cancelled) {
      this.winner = child
      this.cancelAllBut(child)
    } else consume(child) // a loser's failure (this child is not the winner: each child ends once): consumed
    if (this.remaining > 0) return
    const w = this.winner
    if (this.cancelRequested) {
      // a winner's failure is not reported: the cancel reached every child, and cancelling a
      // done one retrieves its failure (R15)
      this.settle(State.Cancelled, new CancelledError(this.cancelMessage))
    } else if (w === null) this.settle(State.Cancelled, new CancelledError('every child of the race was cancelled'))
    else {
      // the traceback of a failure names the winner (1-based, in input order): `race child #1 of 2`
      // Stryker disable next-line ConditionalExpression: a crossing is read only when a failure crosses the race; one noted for a value is never read
      if (w.state === State.Failed) noteCrossing(this, `race child #${this.children.indexOf(w) + 1} of ${this.children.length}`, w)
      this.settleFrom(w)
    }
  }
}

/**
 * Runs the awaitables side by side; the first to complete wins. See the module doc.
 *
 * @example
 * const fastest = Task.race([fetchFrom('eu'), fetchFrom('us')])
 * const orTimeout = Task.race([work, Task.sleep(1_000).pipe(Task.flatMap(() => Task.fail('slow')))])
 */
export const race = <T extends AnyAwaitable>(awaitables: Iterable<T>): Task<ErrorOf<T>, ValueOf<T>> => {
  const inputs = distinctAwaitables('Task.race', awaitables)
  if (inputs.length === 0) throw new RangeError('Task.race: no awaitables, so no winner')
  return fromPrimitive(
    withFiber((fiber) => {
      const children = startAll('Task.race', fiber.loop, inputs)
      if (children instanceof LoopError) return new Fail(children)
      return new Await(new RaceFuture(fiber.loop, children))
    }),
  )
}
