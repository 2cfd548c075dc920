/**
 * Synchronisation primitives with asyncio's semantics (ASYNCIO.md §J–§K): queues, locks,
 * events, semaphores, conditions and barriers. Every operation that waits is a `Task` (a new
 * task value on each call, so `gather` of two `q.get()`s gets two items); the others are
 * plain calls. Waiters are served first come, first served, and cancellation never loses an
 * item, a permit or a wake-up.
 *
 * @module
 */
export { Queue } from './Queue.js'
export type { QueueOptions } from './Queue.js'
export { LifoQueue } from './LifoQueue.js'
export { PriorityQueue } from './PriorityQueue.js'
export type { PriorityQueueOptions } from './PriorityQueue.js'
export { Lock } from './Lock.js'
export { Event } from './Event.js'
export { Semaphore, BoundedSemaphore } from './Semaphore.js'
export { Condition } from './Condition.js'
export { Barrier } from './Barrier.js'
