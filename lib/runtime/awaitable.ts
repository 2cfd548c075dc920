/**
 * An *awaitable* is what `yield*`, `join` and every combinator accept: a `Task` (run in a
 * fiber of its own by combinators, inline by `yield*`), a `Fiber`, or a `Future`. This module
 * holds their types and the checks every combinator makes of them.
 *
 * @module
 */
import { LoopError } from '../errors.js'
import type { Fiber } from './fiber.js'
import { startFiber } from './fiber.js'
import type { FutureBase } from './future.js'
import { isFuture } from './future.js'
import { isFiberValue } from './brands.js'
import type { Task } from './primitive.js'
import { isTask, toPrimitive } from './primitive.js'
import type { Scheduler } from './scheduler.js'
import { describeValue } from './describeValue.js'

/**
 * A `Task`, a `Fiber` or a `Future` that succeeds with `A` or fails with `E`.
 *
 * @example
 * const one: Awaitable<never, number> = Task.of(1) // a Fiber<never, number> or a Future<never, number> fits too
 */
export type Awaitable<E, A> = Task<E, A> | Fiber<E, A> | FutureBase<E, A>

/**
 * Any awaitable, whatever it gives: what the combinators' type parameters extend.
 *
 * @example
 * const all: ReadonlyArray<AnyAwaitable> = [Task.of(1), Task.fail('e')]
 */
export type AnyAwaitable = Task<any, any> | FutureBase<any, any>

/**
 * The error type of an awaitable.
 *
 * @example
 * const e: ErrorOf<Task<TypeError, number>> = new TypeError('not a number')
 */
export type ErrorOf<T> = T extends { readonly _E?: () => infer E } ? E : never

/**
 * The value type of an awaitable.
 *
 * @example
 * const n: ValueOf<Task<TypeError, number>> = 42
 */
export type ValueOf<T> = T extends Task<any, infer A> ? A : T extends FutureBase<any, infer A> ? A : never

/** True for a `Fiber` or a `Future`, of this copy of taskloop or another (see `future.ts`). */
export { isFuture }

/** True for a `Fiber`, of this copy of taskloop or another. */
export const isFiber = (u: unknown): u is Fiber<any, any> => isFiberValue(u)

/** True for a `Task`, a `Fiber` or a `Future`. */
export const isAwaitable = (u: unknown): u is AnyAwaitable => isTask(u) || isFuture(u)

/** `who` expects one awaitable. @example checkAwaitable('Task.shield', a) */
export const checkAwaitable = (who: string, a: unknown): void => {
  if (!isAwaitable(a)) throw new TypeError(`${who} expects a Task, a Fiber or a Future, got ${describeValue(a)}`)
}

/**
 * `who` expects an array (or iterable) of awaitables: returns a copy (the caller may change
 * its array later), with a `TypeError` naming the first item that is not an awaitable, a
 * hole of a sparse array included. A single awaitable is refused: tasks are iterable too
 * (for `yield*`), so it would otherwise be taken for a collection.
 *
 * @example
 * awaitableList('Task.gather', [a, b]) // [a, b]
 * awaitableList('Task.gather', [a, , b]) // TypeError: Task.gather: item 1 is a hole …
 */
export const awaitableList = (who: string, items: unknown): AnyAwaitable[] => {
  if (isAwaitable(items)) {
    throw new TypeError(`${who} expects an array (or iterable) of awaitables, got a single one (a ${isTask(items) ? 'Task' : 'Fiber or Future'}); wrap it in [ ]`)
  }
  if (items === null || typeof items !== 'object' || typeof (items as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`${who} expects an array (or iterable) of awaitables, got ${describeValue(items)}`)
  }
  const list = Array.isArray(items) ? (items as unknown[]) : Array.from(items as Iterable<unknown>)
  // Stryker disable next-line ArrayDeclaration: sized or not, every index is assigned below (a hole throws first)
  const copy = new Array<AnyAwaitable>(list.length)
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) throw new TypeError(`${who}: item ${i} is a hole in a sparse array, not a Task, a Fiber or a Future`)
    const a = list[i]
    if (!isAwaitable(a)) throw new TypeError(`${who}: item ${i} is not a Task, a Fiber or a Future: ${describeValue(a)}`)
    copy[i] = a
  }
  return copy
}

/** A `LoopError` unless every fiber or future among `items` belongs to `loop`. */
export const checkSameLoop = (who: string, loop: Scheduler, items: ReadonlyArray<AnyAwaitable>): LoopError | undefined => {
  // Stryker disable next-line EqualityOperator: one step past the end reads undefined, which is not a future
  for (let i = 0; i < items.length; i++) {
    const a = items[i]
    if (isFuture(a) && a.loop !== loop) return new LoopError(`${who}: a fiber or future belongs to a different loop`)
  }
  return undefined
}

/**
 * asyncio's `ensure_future` on the running loop: a `Task` starts in a fiber of its own, a
 * fiber or future is itself (the caller checked its loop).
 *
 * @example
 * // a fiber started for a Task, else the future itself
 * const inner = (...[scheduler, awaitable]: Parameters<typeof toFuture>) => toFuture(scheduler, awaitable)
 */
export const toFuture = (loop: Scheduler, a: AnyAwaitable): FutureBase<unknown, unknown> =>
  isFuture(a) ? a : startFiber(loop, toPrimitive(a as Task<unknown, unknown>))
