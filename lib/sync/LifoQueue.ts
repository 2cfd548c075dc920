/**
 * `LifoQueue<A>` — asyncio's `asyncio.LifoQueue` (ASYNCIO.md R53): a `Queue` that hands out
 * the most recently put item first (a stack). Everything else — capacity, waiting,
 * cancellation safety, `join`, `shutdown`, codecs, draining — is `Queue`'s.
 *
 * @example
 * const stack = new LifoQueue<number>()
 * stack.putNowait(1); stack.putNowait(2); stack.putNowait(3)
 * stack.getNowait() // → 3
 *
 * @module
 */
import { Queue } from './Queue.js'
import type { QueueOptions } from './Queue.js'
import type { Store } from './stores.js'
import { LifoStore } from './stores.js'

/**
 * A `Queue` that hands out the most recent item first.
 *
 * @example
 * const stack = new LifoQueue<number>({ maxsize: 10 })
 */
export class LifoQueue<A> extends Queue<A> {
  /** @example new LifoQueue<string>({ maxsize: 10 }) */
  constructor(options?: QueueOptions<A>) {
    super(options)
  }

  protected override createStore(): Store<A> {
    return new LifoStore<A>()
  }

  protected override get kind(): string {
    return 'LifoQueue'
  }
}
