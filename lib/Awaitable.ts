/**
 * An *awaitable* is what `yield*`, `join` and every combinator accept: a `Task` (run in a
 * fiber of its own by combinators, inline by `yield*`), a `Fiber`, or a `Future`.
 *
 * @module
 */
import type { Fiber } from './runtime/fiber.js'
import type { FutureBase } from './runtime/future.js'
import type { Task } from './runtime/primitive.js'
import { isTask } from './runtime/primitive.js'
import { isFutureValue } from './runtime/brands.js'

export type Awaitable<E, A> = Task<E, A> | Fiber<E, A> | FutureBase<E, A>

/** The error type of an awaitable. */
export type ErrorOf<T> = T extends { readonly _E?: () => infer E } ? E : never

/** The value type of an awaitable. */
export type ValueOf<T> = T extends Task<any, infer A> ? A : T extends FutureBase<any, infer A> ? A : never

/** True for a `Task`, a `Fiber` or a `Future`. */
export const isAwaitable = (u: unknown): u is Awaitable<unknown, unknown> => isTask(u) || isFutureValue(u)
