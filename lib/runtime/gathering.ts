/**
 * `GatheringBase`: the future that waits on a set of children and whose `cancel` reaches
 * them (asyncio's `_GatheringFuture`), shared by `gather` and `run`'s shutdown (`allEnded`).
 *
 * Cancelling it cancels every child that is not done; it is a cancellation only if at least
 * one child took the request (if every child was already done, the gather completes
 * normally, R34). Subclasses decide, as each child ends, what the whole ends with, and read
 * `cancelRequested` / `cancelMessage` when the last one has.
 *
 * @module
 */
import type { WaitInfo } from './describeWait.js'
import { describeChildren } from './describeWait.js'
import { FutureBase, State } from './future.js'
import type { Scheduler } from './scheduler.js'

/**
 * The shared part of a gathering future.
 *
 * @example
 * class Both extends GatheringBase<void> {}
 */
export abstract class GatheringBase<A> extends FutureBase<unknown, A> {
  /** Whether a cancel reached at least one child. */
  protected cancelRequested = false
  protected cancelMessage: string | undefined = undefined

  /** @internal */
  constructor(
    loop: Scheduler,
    /** The distinct children. */
    protected readonly children: ReadonlyArray<FutureBase<unknown, unknown>>,
  ) {
    super(loop)
  }

  /** What a fiber awaiting it waits on: `gather: 2 of 3 pending`, its pending fiber children below it. @internal */
  describeAwait(): WaitInfo {
    return describeChildren('gather', 'gather', this.children)
  }

  /** Cancels every child not done (R34); false when it is done or no child took the request. */
  cancel(message?: string): boolean {
    if (this.state !== State.Pending) {
      this.markRetrieved()
      return false
    }
    let any = false
    for (const child of this.children) if (child.cancel(message)) any = true
    if (any) {
      this.cancelRequested = true
      this.cancelMessage = message
    }
    return any
  }
}
