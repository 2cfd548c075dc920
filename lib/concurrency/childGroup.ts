/**
 * `ChildGroupFuture`: the future behind the structured combinators (`race`, and the
 * `ApplicativePar` family through `par.ts`). It watches a fixed group of children and
 * completes only once every one of them has ended, so no child outlives the call.
 *
 * Cancelling it — which is what happens when the fiber awaiting it is cancelled — cancels
 * every child, once; the awaiter is then woken when all of them have ended. So the answer
 * to `cancel()` is always "yes" while it is pending. Subclasses decide, as each child ends,
 * what the whole ends with.
 *
 * @module
 */
import type { WaitInfo } from '../runtime/kernel.js'
import { describeChildren, FutureBase, Scheduler, State } from '../runtime/kernel.js'

export abstract class ChildGroupFuture<A> extends FutureBase<unknown, A> {
  /** Children that have not ended yet. */
  protected remaining: number
  protected cancelRequested = false
  protected cancelMessage: string | undefined = undefined

  constructor(
    loop: Scheduler,
    protected readonly children: ReadonlyArray<FutureBase<unknown, unknown>>,
  ) {
    super(loop)
    this.remaining = children.length
  }

  /** How `loop.dump()` names the combinator: `race`, or `parallel` (the `ApplicativePar` family). */
  protected abstract get what(): 'race' | 'parallel'

  /** What a fiber awaiting it waits on: `race: 1 of 2 pending`, its pending fiber children below it. @internal */
  describeAwait(): WaitInfo {
    return describeChildren(this.what === 'race' ? 'race' : 'gather', this.what, this.children)
  }

  /** Cancels every child (the first time); the whole ends once all of them have ended. */
  cancel(message?: string): boolean {
    if (this.state !== State.Pending) {
      this.markRetrieved()
      return false
    }
    if (!this.cancelRequested) {
      this.cancelRequested = true
      this.cancelMessage = message
      for (const child of this.children) child.cancel(message)
    }
    // Stryker disable next-line BooleanLiteral: on false the awaiting fiber keeps the request as a pending cancel, which the group's own CancelledError delivers and clears when it wakes the fiber: the same error arrives either way
    return true
  }

  /** Cancels every child but `keep` (the outcome is decided; the rest must not outlive it). */
  protected cancelAllBut(keep: FutureBase<unknown, unknown> | null): void {
    // Stryker disable next-line ConditionalExpression: the kept child is done (it decided the outcome), and cancelling a done child changes nothing a program sees
    for (const child of this.children) if (child !== keep) child.cancel()
  }
}
