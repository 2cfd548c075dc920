/**
 * `allEnded(fibers)`: a task that waits until every fiber given has ended, whatever the
 * ending, and takes each failure as seen (it is reported by whoever asked, not as "never
 * retrieved"). What `run`'s shutdown awaits after cancelling what is left.
 *
 * It keeps the timing of `gather(fibers, { returnExceptions: true })`, which it replaces
 * there: it registers on the fibers at its first step, hears of each ending one iteration
 * later, and resumes its own fiber one iteration after the last. Unlike `gather` it carries
 * no results, so a program that only uses `runSync` does not
 * bundle `gather`.
 *
 * @module
 */
import { newCancelledError } from './cancelled.js'
import type { Fiber } from './fiber.js'
import type { FutureBase } from './future.js'
import { State } from './future.js'
import type { WaitInfo } from './describeWait.js'
import { describeChildren } from './describeWait.js'
import { GatheringBase } from './gathering.js'
import type { Primitive, Task } from './primitive.js'
import { Await, WithFiber, fromPrimitive } from './primitive.js'
import type { Scheduler } from './scheduler.js'

/** Cancelled as `gather` is (see `gathering.ts`); ends cancelled once every fiber has ended. */
class AllEnded extends GatheringBase<void> {
  private left: number

  constructor(loop: Scheduler, fibers: ReadonlyArray<Fiber>) {
    super(loop, fibers)
    this.left = fibers.length
  }

  /** `run's shutdown: 1 of 2 pending`. @internal */
  override describeAwait(): WaitInfo {
    return describeChildren('gather', "run's shutdown", this.children)
  }

  readonly onEnded = (fiber: FutureBase<unknown, unknown>): void => {
    fiber.markRetrieved() // takes a failure as seen; nothing for any other ending
    // Stryker disable next-line ConditionalExpression: the state test → false is equivalent (a cancel only takes note, and the future settles here, once, after the last fiber); the count's mutants are killed by allEnded.test.ts and ignored with it
    if (--this.left > 0 || this.state !== State.Pending) return
    if (this.cancelRequested) this.settle(State.Failed, newCancelledError(this.cancelMessage, this.loop.debug))
    else this.settle(State.Succeeded, undefined)
  }
}

/** Waits until every one of `fibers` (all of the running loop) has ended. */
export const allEnded = (fibers: ReadonlyArray<Fiber>): Task<never, void> =>
  fromPrimitive(
    new WithFiber(((self: Fiber) => {
      const all = new AllEnded(self.loop, fibers)
      for (const fiber of fibers) fiber.addDoneCallback(all.onEnded)
      return new Await(all)
    }) as (f: never) => Primitive),
  )
