/**
 * The error-side helpers fp-ts `TaskEither` users reach for first, with the same names and
 * argument order: `tapError`, `getOrElse`, `fromPredicate`, `filterOrElse`, `fromNullable`.
 * Data-last, for `pipe`. Like every error combinator, they see failures only: a cancellation
 * passes through them untouched.
 *
 * A note for fp-ts users: `Task.tryCatch(thunk, onThrow)` takes a **synchronous** thunk;
 * for a promise thunk (fp-ts's `TE.tryCatch`) use `Task.promise(f)` (and
 * `Task.mapError(onRejected)` to type its failure) or `Task.fromTaskEither`.
 *
 * @module
 */
import type { Task } from '../runtime/kernel.js'
import { checkFunction } from '../runtime/kernel.js'
import { fail, succeed } from './constructors.js'
import { catchAll, flatMap } from './sequencing.js'

/**
 * Runs `f(error)` for its effect when `self` fails, then fails with the same error — or with
 * `f`'s own failure, if it fails (fp-ts's `TE.tapError`). A success passes through untouched.
 *
 * @example
 * pipe(fetchPage(url), Task.tapError((e) => Task.sync(() => console.warn('fetch failed', e))))
 */
export const tapError = <E1, E2>(f: (error: E1) => Task<E2, unknown>) => {
  checkFunction('Task.tapError', f)
  return <A>(self: Task<E1, A>): Task<E1 | E2, A> => catchAll((e: E1) => flatMap(() => fail(e))(f(e)))(self)
}

/**
 * Recovers from every failure with `onFailure(error)`, a task that cannot fail (fp-ts's
 * `TE.getOrElse`): the result's error type is `never`. Cancellation is not recovered.
 *
 * @example
 * type Config = { readonly port: number }
 * const defaultConfig: Config = { port: 8080 }
 * const withDefault = (loadConfig: Task.Task<Error, Config>) => pipe(loadConfig, Task.getOrElse(() => Task.of(defaultConfig))) // Task<never, Config>
 */
export const getOrElse = <E, B>(onFailure: (error: E) => Task<never, B>) => {
  checkFunction('Task.getOrElse', onFailure)
  return <A>(self: Task<E, A>): Task<never, A | B> => catchAll(onFailure)(self)
}

/**
 * A function that succeeds with its argument when it satisfies `predicate`, and fails with
 * `onFalse(argument)` otherwise (fp-ts's `TE.fromPredicate`; a refinement narrows the type).
 *
 * @example
 * const positive = Task.fromPredicate((n: number) => n > 0, (n) => `not positive: ${n}`)
 * positive(-1) // fails with 'not positive: -1'
 */
export function fromPredicate<A, B extends A, E>(refinement: (a: A) => a is B, onFalse: (a: A) => E): (a: A) => Task<E, B>
export function fromPredicate<A, E>(predicate: (a: A) => boolean, onFalse: (a: A) => E): <B extends A>(b: B) => Task<E, B>
export function fromPredicate<A, E>(predicate: (a: A) => boolean, onFalse: (a: A) => E): (a: A) => Task<E, A> {
  checkFunction('Task.fromPredicate', predicate)
  checkFunction('Task.fromPredicate (onFalse)', onFalse)
  return (a) => (predicate(a) ? succeed(a) : fail(onFalse(a)))
}

/**
 * Keeps a value that satisfies `predicate`; otherwise fails with `onFalse(value)` (fp-ts's
 * `TE.filterOrElseW`: the error types are joined). Failures of `self` pass through.
 *
 * @example
 * type User = { readonly name: string; readonly active: boolean }
 * const fetchUser = (id: number): Task.Task<Error, User> => Task.of({ name: `user ${id}`, active: id % 2 === 0 })
 * pipe(fetchUser(1), Task.filterOrElse((u: User) => u.active, (u) => new Error(`${u.name} is inactive`)))
 */
export function filterOrElse<A, B extends A, E2>(refinement: (a: A) => a is B, onFalse: (a: A) => E2): <E1>(self: Task<E1, A>) => Task<E1 | E2, B>
export function filterOrElse<A, E2>(predicate: (a: A) => boolean, onFalse: (a: A) => E2): <E1, B extends A>(self: Task<E1, B>) => Task<E1 | E2, B>
export function filterOrElse<A, E2>(predicate: (a: A) => boolean, onFalse: (a: A) => E2): <E1>(self: Task<E1, A>) => Task<E1 | E2, A> {
  checkFunction('Task.filterOrElse', predicate)
  checkFunction('Task.filterOrElse (onFalse)', onFalse)
  return <E1>(self: Task<E1, A>): Task<E1 | E2, A> => flatMap((a: A) => (predicate(a) ? succeed(a) : fail(onFalse(a))))(self)
}

/**
 * A function that succeeds with a value that is neither `null` nor `undefined`, and fails
 * with `error` otherwise (fp-ts's `TE.fromNullable`).
 *
 * @example
 * const cache = new Map<string, number>()
 * const key = 'answer'
 * pipe(Task.sync(() => cache.get(key)), Task.flatMap(Task.fromNullable(`no ${key} in the cache`)))
 */
export const fromNullable =
  <E>(error: E) =>
  <A>(a: A): Task<E, NonNullable<A>> =>
    a === null || a === undefined ? fail(error) : succeed(a as NonNullable<A>)
