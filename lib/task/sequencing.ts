/**
 * Sequencing and error handling, data-last for `pipe`.
 *
 * These see failures only. Cancellation is not an error: `catchAll`, `mapError`, `either`,
 * `match` and `outcome` never see or stop it (asyncio's `CancelledError` is a
 * `BaseException`). Only a `gen` coroutine's own `catch` can.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js'
import * as O from '../Outcome.js'
import type { Outcome } from '../Outcome.js'
import type { Primitive, Task } from '../runtime/kernel.js'
import { Catch, checkFunction, checkTask, Fail, FlatMap, Fold, fromPrimitive, MapOp, Succeed, toPrimitive } from '../runtime/kernel.js'

/**
 * Maps the value.
 *
 * @example
 * pipe(Task.of(1), Task.map((n) => n + 1)) // Task.of(2)
 */
export const map = <A, B>(f: (a: A) => B) => {
  checkFunction('Task.map', f)
  return <E>(self: Task<E, A>): Task<E, B> => {
    checkTask('Task.map', self)
    return fromPrimitive(new MapOp(toPrimitive(self), f as (a: unknown) => unknown))
  }
}

/**
 * Runs `f(value)` next (`await`-then).
 *
 * @example
 * pipe(Task.of(1), Task.flatMap((n) => Task.sleep(n).pipe(Task.as(n))))
 */
export const flatMap = <A, E2, B>(f: (a: A) => Task<E2, B>) => {
  checkFunction('Task.flatMap', f)
  return <E1>(self: Task<E1, A>): Task<E1 | E2, B> => {
    checkTask('Task.flatMap', self)
    return fromPrimitive(new FlatMap(toPrimitive(self), f as unknown as (a: unknown) => Primitive))
  }
}

/** Alias of `flatMap` (fp-ts's name). @example pipe(Task.of(1), Task.chain(Task.of)) */
export const chain = flatMap

/**
 * Runs `f(value)` for its effect and keeps the value.
 *
 * @example
 * pipe(Task.of(1), Task.tap((n) => Task.sync(() => console.log(n))))
 */
export const tap = <A, E2>(f: (a: A) => Task<E2, unknown>) => {
  checkFunction('Task.tap', f)
  return <E1>(self: Task<E1, A>): Task<E1 | E2, A> => {
    checkTask('Task.tap', self)
    return fromPrimitive(new FlatMap(toPrimitive(self), (a) => new MapOp(toPrimitive(f(a as A)), () => a)))
  }
}

/** Replaces the value. @example pipe(Task.sleep(10), Task.as('done')) */
export const as =
  <B>(b: B) =>
  <E, A>(self: Task<E, A>): Task<E, B> => {
    checkTask('Task.as', self)
    return fromPrimitive(new MapOp(toPrimitive(self), () => b))
  }

/** Discards the value. @example pipe(Task.of(1), Task.asVoid) */
export const asVoid = <E, A>(self: Task<E, A>): Task<E, void> => {
  checkTask('Task.asVoid', self)
  return fromPrimitive(new MapOp(toPrimitive(self), () => undefined))
}

/** Runs the task a task returns. @example Task.flatten(Task.of(Task.of(1))) */
export const flatten = <E1, E2, A>(self: Task<E1, Task<E2, A>>): Task<E1 | E2, A> => {
  checkTask('Task.flatten', self)
  return fromPrimitive(new FlatMap(toPrimitive(self), (inner) => inner as Primitive))
}

/**
 * Runs `self`, then `that`, and pairs the values (sequentially; see `ApplicativePar` for
 * concurrency).
 *
 * @example
 * pipe(Task.of(1), Task.zip(Task.of('a'))) // Task.of([1, 'a'])
 */
export const zip = <E2, B>(that: Task<E2, B>) => {
  checkTask('Task.zip', that)
  return <E1, A>(self: Task<E1, A>): Task<E1 | E2, [A, B]> => {
    checkTask('Task.zip', self)
    return fromPrimitive(new FlatMap(toPrimitive(self), (a) => new MapOp(toPrimitive(that), (b) => [a, b])))
  }
}

/** Maps the error. @example pipe(Task.fail(1), Task.mapError((n) => `code ${n}`)) */
export const mapError = <E, E2>(f: (e: E) => E2) => {
  checkFunction('Task.mapError', f)
  return <A>(self: Task<E, A>): Task<E2, A> => {
    checkTask('Task.mapError', self)
    return fromPrimitive(new Catch(toPrimitive(self), (e) => new Fail(f(e as E))))
  }
}

/** Maps the error and the value. @example runSync(pipe(Task.of(2), Task.bimap(String, (n) => n * 2))) // → { _tag: 'Succeeded', value: 4 } */
export const bimap = <E, E2, A, B>(f: (e: E) => E2, g: (a: A) => B) => {
  checkFunction('Task.bimap', f)
  checkFunction('Task.bimap', g)
  return (self: Task<E, A>): Task<E2, B> => {
    checkTask('Task.bimap', self)
    return fromPrimitive(
      new Fold(
        toPrimitive(self),
        (a) => new Succeed(g(a as A)),
        (e) => new Fail(f(e as E)),
      ),
    )
  }
}

/**
 * Recovers from a failure (never from cancellation).
 *
 * @example
 * pipe(Task.fail('x'), Task.catchAll((e) => Task.of(`recovered from ${e}`)))
 */
export const catchAll = <E, E2, B>(handler: (e: E) => Task<E2, B>) => {
  checkFunction('Task.catchAll', handler)
  return <A>(self: Task<E, A>): Task<E2, A | B> => {
    checkTask('Task.catchAll', self)
    return fromPrimitive(new Catch(toPrimitive(self), handler as unknown as (e: unknown) => Primitive))
  }
}

/** Alias of `catchAll` (fp-ts's name). @example pipe(Task.fail('x'), Task.orElse(() => Task.of(0))) */
export const orElse = catchAll

/**
 * Folds success and failure into a value; cancellation keeps propagating.
 *
 * @example
 * runSync(pipe(Task.fail('boom'), Task.match({ onSuccess: (a) => `ok ${a}`, onFailure: (e) => `error ${e}` }))) // → { _tag: 'Succeeded', value: 'error boom' }
 */
export const match = <E, A, B, C = B>(cases: { readonly onSuccess: (a: A) => B; readonly onFailure: (e: E) => C }) => {
  checkFunction('Task.match (onSuccess)', cases?.onSuccess)
  // Stryker disable next-line OptionalChaining: without cases the line above has already thrown (checkFunction of cases?.onSuccess)
  checkFunction('Task.match (onFailure)', cases?.onFailure)
  return (self: Task<E, A>): Task<never, B | C> => {
    checkTask('Task.match', self)
    return fromPrimitive(
      new Fold(
        toPrimitive(self),
        (a) => new Succeed(cases.onSuccess(a as A)),
        (e) => new Succeed(cases.onFailure(e as E)),
      ),
    )
  }
}

const toRight = (a: unknown): Primitive => new Succeed({ _tag: 'Right', right: a })
const toLeft = (e: unknown): Primitive => new Succeed({ _tag: 'Left', left: e })

/** The value or the failure as an fp-ts `Either`. @example pipe(Task.fail('x'), Task.either) // Task.of(left('x')) */
export const either = <E, A>(self: Task<E, A>): Task<never, Either<E, A>> => {
  checkTask('Task.either', self)
  return fromPrimitive(new Fold(toPrimitive(self), toRight, toLeft))
}

// Stryker disable next-line ArrowFunction: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (Task.outcome's tests fail)
const toSucceeded = (a: unknown): Primitive => new Succeed(O.succeeded(a))
const toFailed = (e: unknown): Primitive => new Succeed(O.failed(e))

/**
 * Success or failure as an `Outcome`. Cancellation is not materialised: it keeps propagating.
 *
 * @example
 * pipe(Task.fail('x'), Task.outcome) // Task.of({ _tag: 'Failed', error: 'x' })
 */
export const outcome = <E, A>(self: Task<E, A>): Task<never, Outcome<E, A>> => {
  checkTask('Task.outcome', self)
  return fromPrimitive(new Fold(toPrimitive(self), toSucceeded, toFailed))
}
