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
import { FutureBase as FutureBaseClass } from './runtime/future.js'

/**
 * What `yield*`, `join` and the combinators accept: a `Task`, a `Fiber` or a `Future`.
 *
 * @example
 * const all: ReadonlyArray<Awaitable<never, number>> = [Task.of(1), new Loop().createFuture<number, never>()]
 */
export type Awaitable<E, A> = Task<E, A> | Fiber<E, A> | FutureBase<E, A>

/**
 * The error type of an awaitable.
 *
 * @example
 * type E = ErrorOf<Task<string, number>> // string
 */
export type ErrorOf<T> = T extends { readonly _E?: () => infer E } ? E : never

/**
 * The value type of an awaitable.
 *
 * @example
 * type A = ValueOf<Task<string, number>> // number
 */
export type ValueOf<T> = T extends Task<any, infer A> ? A : T extends FutureBase<any, infer A> ? A : never

/** True for a `Task`, a `Fiber` or a `Future`. */
export const isAwaitable = (u: unknown): u is Awaitable<unknown, unknown> => isTask(u) || u instanceof FutureBaseClass
