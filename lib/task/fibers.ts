/**
 * Starting fibers and awaiting them from inside a task.
 *
 * @module
 */
import type { ErrorOf, ValueOf } from '../Awaitable.js'
import type { Fiber } from '../runtime/fiber.js'
import type { FutureBase } from '../runtime/future.js'
import type { Task } from '../runtime/primitive.js'
import { Await, Spawn, fromPrimitive, toPrimitive } from '../runtime/primitive.js'
import { isFutureValue } from '../runtime/brands.js'
import { describeValue } from '../runtime/describeValue.js'
import { checkTask } from './check.js'

/**
 * `asyncio.create_task` from inside a task: starts `task` in a new fiber on the same loop.
 * The fiber's first step runs on a later iteration, not inside `spawn` (R19).
 *
 * @example
 * Task.gen(function* () {
 *   const f = yield* Task.spawn(Task.sleep(10).pipe(Task.as(1)), { name: 'worker' })
 *   return yield* f
 * })
 */
export const spawn = <E, A>(task: Task<E, A>, options?: { readonly name?: string }): Task<never, Fiber<E, A>> => {
  checkTask('Task.spawn', task)
  if (options?.name !== undefined && typeof options.name !== 'string') throw new TypeError('Task.spawn: name must be a string')
  return fromPrimitive(new Spawn(toPrimitive(task), options?.name))
}

/**
 * Awaits a fiber or a future (the same as `yield* fiber`). Cancelling the awaiting fiber
 * cancels the awaited one (R26), unless it is shielded.
 *
 * @example
 * pipe(Task.spawn(work), Task.flatMap(Task.join))
 */
export const join = <F extends FutureBase<any, any>>(fiber: F): Task<ErrorOf<F>, ValueOf<F>> => {
  if (!isFutureValue(fiber)) throw new TypeError(`Task.join expects a Fiber or a Future, got ${describeValue(fiber)}`)
  return fromPrimitive(new Await(fiber))
}
