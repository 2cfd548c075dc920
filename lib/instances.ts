/**
 * fp-ts type-class instances for `Task<E, A>`, following fp-ts 2.16's conventions: a URI of
 * our own (`'taskloop/Task'`; fp-ts already owns `'Task'`) registered in `URItoKind2`, and
 * plain instance objects built from the data-last functions.
 *
 * **Sequential unless named `Par`.** `Monad.ap` — and the `ap` of every instance not named
 * `Par` — runs the function's task, then the argument's, so that `ap` agrees with `flatMap`
 * (a monad law). This differs on purpose from fp-ts's own `TaskEither.Monad`, whose `ap` is
 * concurrent. Concurrency is asked for by name: `ApplyPar` / `ApplicativePar` (and
 * `traverseArray`, `sequenceArray`, `apS`). These are structured: when one side fails, the
 * other is cancelled and awaited, then the whole fails with the first error (typed `E`); no
 * child outlives the call. `ApplicativePar` satisfies the applicative laws but not
 * "`ap` agrees with `chain`", which is why it is not part of a `Monad`.
 *
 * @example
 * import { sequenceT } from 'fp-ts/lib/Apply.js'
 * sequenceT(Task.ApplicativePar)(Task.sleep(100), Task.sleep(100), Task.sleep(100)) // 100 ms
 * sequenceT(Task.ApplicativeSeq)(Task.sleep(100), Task.sleep(100), Task.sleep(100)) // 300 ms
 *
 * @module
 */
import type { Alt2 } from 'fp-ts/lib/Alt.js'
import type { Applicative2 } from 'fp-ts/lib/Applicative.js'
import type { Apply2 } from 'fp-ts/lib/Apply.js'
import type { Bifunctor2 } from 'fp-ts/lib/Bifunctor.js'
import type { Chain2 } from 'fp-ts/lib/Chain.js'
import type { FromEither2 } from 'fp-ts/lib/FromEither.js'
import type { FromIO2 } from 'fp-ts/lib/FromIO.js'
import type { FromTask2 } from 'fp-ts/lib/FromTask.js'
import type { Functor2 } from 'fp-ts/lib/Functor.js'
import type { Monad2 } from 'fp-ts/lib/Monad.js'
import type { MonadIO2 } from 'fp-ts/lib/MonadIO.js'
import type { MonadTask2 } from 'fp-ts/lib/MonadTask.js'
import type { MonadThrow2 } from 'fp-ts/lib/MonadThrow.js'
import type { Pointed2 } from 'fp-ts/lib/Pointed.js'
import { fromEither, fromIO, fromTask } from './conversions.js'
import type { Primitive, Task } from './runtime/kernel.js'
import { Catch, Fail, FlatMap, fromPrimitive, MapOp, toPrimitive } from './runtime/kernel.js'
import { of } from './task/constructors.js'
import { apPar, mapPar } from './concurrency/par.js'
import { bimap, mapError } from './task/sequencing.js'

/**
 * The URI of `Task` in fp-ts's registry of kinds.
 *
 * @example
 * import type { Functor2 } from 'fp-ts/lib/Functor.js'
 * const F: Functor2<Task.URI> = Task.Functor
 */
export const URI = 'taskloop/Task'
/**
 * The type of `URI`.
 *
 * @example
 * import type { Kind2 } from 'fp-ts/lib/HKT'
 * type K = Kind2<Task.URI, string, number> // Task<string, number>
 */
export type URI = typeof URI

declare module 'fp-ts/lib/HKT' {
  interface URItoKind2<E, A> {
    readonly [URI]: Task<E, A>
  }
}

// ---- the pipeable functions as fp-ts's uncurried members --------------------------------
// Built on the opcodes directly: instance members are called in hot fp-ts loops
// (`traverse`, `sequenceT`), so they skip the argument checks of the public functions.

const _map: Functor2<URI>['map'] = (fa, f) => fromPrimitive(new MapOp(toPrimitive(fa), f as (a: unknown) => unknown))

const _chain: Chain2<URI>['chain'] = (fa, f) =>
  fromPrimitive(new FlatMap(toPrimitive(fa), f as unknown as (a: unknown) => Primitive))

/** Sequential: the function's task first, then the argument's. */
const _apSeq: Apply2<URI>['ap'] = (fab, fa) =>
  fromPrimitive(
    new FlatMap(toPrimitive(fab), (f) => new MapOp(toPrimitive(fa), (a) => (f as (a: unknown) => unknown)(a))),
  )

/** Concurrent and structured; nested `ap`s run as one flat `par` (see `par.ts`). */
const _apPar: Apply2<URI>['ap'] = apPar

/** `map` that keeps nested `ApplicativePar.ap`s flat; otherwise the plain `map`. */
const _mapPar: Functor2<URI>['map'] = mapPar

const _alt: Alt2<URI>['alt'] = (fa, that) => fromPrimitive(new Catch(toPrimitive(fa), () => toPrimitive(that())))

const _bimap: Bifunctor2<URI>['bimap'] = (fea, f, g) => bimap(f, g)(fea)

const _mapLeft: Bifunctor2<URI>['mapLeft'] = (fea, f) => mapError(f)(fea)

const _throwError: MonadThrow2<URI>['throwError'] = (e) => fromPrimitive(new Fail(e))

// ---- instances ---------------------------------------------------------------------------

/** `map`. @example Task.Functor.map(Task.of(1), (n) => n + 1) // Task.of(2) */
export const Functor: Functor2<URI> = { URI, map: _map }

/** `of`. @example Task.Pointed.of(1) */
export const Pointed: Pointed2<URI> = { URI, of }

/**
 * `ap` runs both sides **concurrently** (structured: a failure cancels and awaits the other).
 *
 * @example
 * Task.ApplyPar.ap(Task.of((n: number) => n + 1), Task.of(1)) // Task.of(2)
 */
export const ApplyPar: Apply2<URI> = { URI, map: _mapPar, ap: _apPar }

/**
 * Concurrent and structured applicative: `sequenceT(Task.ApplicativePar)(a, b, c)` runs
 * `a`, `b` and `c` side by side; if one fails, the others are cancelled and awaited, and the
 * whole fails with that first error.
 *
 * @example
 * import { sequenceT } from 'fp-ts/lib/Apply.js'
 * const both = sequenceT(Task.ApplicativePar)(Task.sleep(100), Task.sleep(100))
 * runSync(Task.flatMap(() => Task.now)(both)) // → { _tag: 'Succeeded', value: 100 }
 */
export const ApplicativePar: Applicative2<URI> = { URI, map: _mapPar, ap: _apPar, of }

/** `ap` runs the function's task, then the argument's. @example Task.ApplySeq.ap(Task.of(String), Task.of(1)) */
export const ApplySeq: Apply2<URI> = { URI, map: _map, ap: _apSeq }

/**
 * Sequential applicative: `sequenceT(Task.ApplicativeSeq)(a, b, c)` runs `a`, then `b`,
 * then `c`, and stops at the first failure.
 *
 * @example
 * import { sequenceT } from 'fp-ts/lib/Apply.js'
 * const both = sequenceT(Task.ApplicativeSeq)(Task.sleep(100), Task.sleep(100))
 * runSync(Task.flatMap(() => Task.now)(both)) // → { _tag: 'Succeeded', value: 200 }
 */
export const ApplicativeSeq: Applicative2<URI> = { URI, map: _map, ap: _apSeq, of }

/** `chain` is `flatMap`. @example Task.Chain.chain(Task.of(1), (n) => Task.of(n + 1)) */
export const Chain: Chain2<URI> = { URI, map: _map, ap: _apSeq, chain: _chain }

/**
 * The monad; its `ap` is sequential, so it agrees with `chain`.
 *
 * @example
 * Task.Monad.chain(Task.Monad.of(1), (n) => Task.Monad.of(n * 2))
 */
export const Monad: Monad2<URI> = { URI, map: _map, ap: _apSeq, of, chain: _chain }

/** `Monad` plus `throwError` (= `fail`). @example Task.MonadThrow.throwError('boom') */
export const MonadThrow: MonadThrow2<URI> = { ...Monad, throwError: _throwError }

/** `bimap` and `mapLeft` (= `mapError`). @example Task.Bifunctor.mapLeft(Task.fail(1), String) */
export const Bifunctor: Bifunctor2<URI> = { URI, bimap: _bimap, mapLeft: _mapLeft }

/**
 * `alt(fa, that)`: on a failure of `fa` (never on cancellation), runs `that()`.
 *
 * @example
 * Task.Alt.alt(Task.fail('x'), () => Task.of(0)) // Task.of(0)
 */
export const Alt: Alt2<URI> = { URI, map: _map, alt: _alt }

/** `fromIO` (= `Task.fromIO`). @example Task.FromIO.fromIO(() => Date.now()) */
export const FromIO: FromIO2<URI> = { URI, fromIO }

/** `fromIO` and `fromTask` (fp-ts's `Task`). @example Task.FromTask.fromTask(() => Promise.resolve(1)) */
export const FromTask: FromTask2<URI> = { URI, fromIO, fromTask }

/** `fromEither`. @example Task.FromEither.fromEither(E.right(1)) */
export const FromEither: FromEither2<URI> = { URI, fromEither }

/** `Monad` plus `fromIO`. @example Task.MonadIO.fromIO(() => 1) */
export const MonadIO: MonadIO2<URI> = { ...Monad, fromIO }

/** `Monad` plus `fromIO` and `fromTask`. @example Task.MonadTask.fromTask(() => Promise.resolve(1)) */
export const MonadTask: MonadTask2<URI> = { ...Monad, fromIO, fromTask }
