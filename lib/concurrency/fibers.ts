/**
 * Starting fibers and awaiting them from inside a task.
 *
 * @module
 */
import type { ErrorOf, Task, ValueOf } from '../runtime/kernel.js'
import { Await, checkOptionalOptions, checkTask, describeValue, Fiber, fromPrimitive, FutureBase, isFuture, Spawn, toPrimitive } from '../runtime/kernel.js'

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
  checkOptionalOptions('Task.spawn', options)
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
  if (!isFuture(fiber)) throw new TypeError(`Task.join expects a Fiber or a Future, got ${describeValue(fiber)}`)
  return fromPrimitive(new Await(fiber))
}
