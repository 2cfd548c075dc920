/**
 * `PriorityQueue<A>` — asyncio's `asyncio.PriorityQueue` (ASYNCIO.md R53): a `Queue` that
 * hands out the lowest item first. Everything else — capacity, waiting, cancellation
 * safety, `join`, `shutdown`, codecs, draining — is `Queue`'s.
 *
 * **Order.** Give `compare(a, b)` (negative when `a` comes first, as for `Array#sort`), or
 * rely on the default, which is Python's order for the types that have one: numbers and
 * bigints by value, strings by UTF-16 code units, `false` before `true`, and arrays element
 * by element like Python tuples (a shorter prefix first) — so `[priority, item]` entries
 * work as they do in asyncio. Under the default order, values of different kinds, `NaN`,
 * `undefined`, `null` and plain objects cannot be ordered: the `put` that meets one fails
 * with a `TypeError` (`putNowait` throws it), and the queue is left unchanged.
 *
 * Decision: items that compare equal come out in the order they were put (asyncio's heap
 * gives no such promise), so `[priority, item]` never needs a tie-breaking counter.
 *
 * @example
 * const jobs = new PriorityQueue<[number, string]>()
 * jobs.putNowait([2, 'write']); jobs.putNowait([1, 'read']); jobs.putNowait([2, 'close'])
 * jobs.getNowait() // [1, 'read'], then [2, 'write'], then [2, 'close']
 *
 * const byDeadline = new PriorityQueue<Job>({ compare: (a, b) => a.deadline - b.deadline })
 *
 * @module
 */
import { describeValue } from '../runtime/kernel.js'
import { Queue } from './Queue.js'
import type { QueueOptions } from './Queue.js'
import type { Store } from './stores.js'
import { HeapStore, defaultCompare } from './stores.js'

/**
 * `QueueOptions` plus the order.
 *
 * @example
 * const options: PriorityQueueOptions<Job> = { maxsize: 100, compare: (a, b) => a.deadline - b.deadline }
 */
export interface PriorityQueueOptions<A> extends QueueOptions<A> {
  /** The order: negative when `a` comes out before `b`. Default: see the module doc. */
  readonly compare?: (a: A, b: A) => number
}

/**
 * A `Queue` that hands out the lowest item first; see the module doc for the order.
 *
 * @example
 * const urgent = new PriorityQueue<[number, string]>()
 */
export class PriorityQueue<A> extends Queue<A> {
  /** @example new PriorityQueue<number>({ maxsize: 100 }) */
  constructor(options?: PriorityQueueOptions<A>) {
    super(options)
  }

  protected override createStore(options: PriorityQueueOptions<A>): Store<A> {
    const compare = options.compare ?? defaultCompare
    if (typeof compare !== 'function') throw new TypeError(`new PriorityQueue: compare must be a function, got ${describeValue(compare)}`)
    return new HeapStore<A>(compare)
  }

  protected override get kind(): string {
    return 'PriorityQueue'
  }
}
