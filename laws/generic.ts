/**
 * Law suites for any fp-ts instance: functor, apply, applicative, chain, monad, chainRec,
 * monadThrow, bifunctor, alt.
 *
 * Layer 1 (`FunctorLaws`, `MonadLaws`, …) states each law as an equation (`IsEq`) over
 * values of the instance; layer 2 (`functorLaws(F, arbitraries, liftEq)`, …) binds the
 * equations to arbitraries and an `Eq`, one named property per law, with the suite's
 * parents (a monad suite includes the applicative and chain suites). The instances are
 * read structurally (`F.map(fa, f)`, `F.chain(fa, k)`, …), so any fp-ts instance of any
 * kind fits; the overloads give the usual fp-ts typing for kinds 1 and 2.
 *
 * Values are numbers, strings and booleans (A, B, C), functions are fast-check's
 * deterministic generated functions, and effectful values come from the user's `lift`,
 * which should generate more than pure values (fp-ts-laws' `monad` only used `of`).
 *
 * @module
 */
import * as fc from 'fast-check'
import type { Alt1, Alt2 } from 'fp-ts/lib/Alt.js'
import type { Applicative1, Applicative2 } from 'fp-ts/lib/Applicative.js'
import type { Apply1, Apply2 } from 'fp-ts/lib/Apply.js'
import type { Bifunctor2 } from 'fp-ts/lib/Bifunctor.js'
import type { Chain1, Chain2 } from 'fp-ts/lib/Chain.js'
import type { ChainRec1, ChainRec2 } from 'fp-ts/lib/ChainRec.js'
import type { Either } from 'fp-ts/lib/Either.js'
import type { Eq } from 'fp-ts/lib/Eq.js'
import type { Functor1, Functor2 } from 'fp-ts/lib/Functor.js'
import type { Kind, Kind2, URIS, URIS2 } from 'fp-ts/lib/HKT'
import type { Monad1, Monad2 } from 'fp-ts/lib/Monad.js'
import type { MonadThrow1, MonadThrow2 } from 'fp-ts/lib/MonadThrow.js'
import type { Law, LawSuite } from './suite.js'
import { holds, isEq, suite } from './suite.js'
import type { IsEq } from './suite.js'

// Structural views of fp-ts instances (data-first methods), for any kind.
/* eslint-disable @typescript-eslint/no-explicit-any */
type F_ = any
interface FunctorS { readonly map: (fa: F_, f: (a: any) => any) => F_ }
interface ApplyS extends FunctorS { readonly ap: (fab: F_, fa: F_) => F_ }
interface ApplicativeS extends ApplyS { readonly of: (a: any) => F_ }
interface ChainS extends ApplyS { readonly chain: (fa: F_, k: (a: any) => F_) => F_ }
interface MonadS extends ApplicativeS, ChainS {}
interface ChainRecS extends MonadS { readonly chainRec: (a: any, f: (a: any) => F_) => F_ }
interface MonadThrowS extends MonadS { readonly throwError: (e: any) => F_ }
interface BifunctorS { readonly bimap: (fea: F_, f: (e: any) => any, g: (a: any) => any) => F_; readonly mapLeft: (fea: F_, f: (e: any) => any) => F_ }
interface AltS extends FunctorS { readonly alt: (fa: F_, that: () => F_) => F_ }

const left = <E, A>(e: E): Either<E, A> => ({ _tag: 'Left', left: e })
const right = <E, A>(a: A): Either<E, A> => ({ _tag: 'Right', right: a })

// ---- layer 1: equations ----------------------------------------------------------------------

/** Functor laws as equations (L12, L13). @example FunctorLaws.identity(O.Functor)(O.some(1)) */
export const FunctorLaws = {
  identity: (F: FunctorS) => (fa: F_): IsEq<F_> => isEq(F.map(fa, (a) => a), fa),
  composition: (F: FunctorS) => (fa: F_, f: (a: any) => any, g: (b: any) => any): IsEq<F_> => isEq(F.map(F.map(fa, f), g), F.map(fa, (a) => g(f(a)))),
}

/** Apply's associative composition (L15). @example ApplyLaws.associativeComposition(O.Apply)(fbc, fab, fa) */
export const ApplyLaws = {
  associativeComposition: (F: ApplyS) => (fbc: F_, fab: F_, fa: F_): IsEq<F_> =>
    isEq(
      F.ap(F.ap(F.map(fbc, (bc: (b: any) => any) => (ab: (a: any) => any) => (a: any) => bc(ab(a))), fab), fa),
      F.ap(fbc, F.ap(fab, fa)),
    ),
}

/** Applicative laws (L16–L19). @example ApplicativeLaws.homomorphism(O.Applicative)(f, 1) */
export const ApplicativeLaws = {
  identity: (F: ApplicativeS) => (fa: F_): IsEq<F_> => isEq(F.ap(F.of((a: any) => a), fa), fa),
  homomorphism: (F: ApplicativeS) => (f: (a: any) => any, a: any): IsEq<F_> => isEq(F.ap(F.of(f), F.of(a)), F.of(f(a))),
  interchange: (F: ApplicativeS) => (fab: F_, a: any): IsEq<F_> => isEq(F.ap(fab, F.of(a)), F.ap(F.of((f: (a: any) => any) => f(a)), fab)),
  derivedMap: (F: ApplicativeS) => (fa: F_, f: (a: any) => any): IsEq<F_> => isEq(F.map(fa, f), F.ap(F.of(f), fa)),
}

/** Chain laws (L25, L26). @example ChainLaws.associativity(O.Chain)(fa, k, h) */
export const ChainLaws = {
  associativity: (F: ChainS) => (fa: F_, k: (a: any) => F_, h: (b: any) => F_): IsEq<F_> =>
    isEq(F.chain(F.chain(fa, k), h), F.chain(fa, (a) => F.chain(k(a), h))),
  derivedAp: (F: ChainS) => (fab: F_, fa: F_): IsEq<F_> => isEq(F.ap(fab, fa), F.chain(fab, (f: (a: any) => any) => F.map(fa, f))),
}

/** Monad laws (L27–L29). @example MonadLaws.leftIdentity(O.Monad)(k, 1) */
export const MonadLaws = {
  leftIdentity: (M: MonadS) => (k: (a: any) => F_, a: any): IsEq<F_> => isEq(M.chain(M.of(a), k), k(a)),
  rightIdentity: (M: MonadS) => (fa: F_): IsEq<F_> => isEq(M.chain(fa, M.of), fa),
  derivedMap: (M: MonadS) => (fa: F_, f: (a: any) => any): IsEq<F_> => isEq(M.map(fa, f), M.chain(fa, (a) => M.of(f(a)))),
}

/** ChainRec laws (L31, L33, L34). @example ChainRecLaws.stackSafety({ ...E.Monad, ...E.ChainRec })(10_000) */
export const ChainRecLaws = {
  /** fantasy-laws `ChainRec.equivalence`: `chainRec` agrees with the explicit recursion. */
  equivalence: (M: ChainRecS) => (p: (v: any) => boolean, d: (v: any) => F_, n: (v: any) => F_, i: any): IsEq<F_> => {
    const step = (v: any): F_ => (p(v) ? d(v) : M.chain(n(v), step))
    return isEq(M.chainRec(i, (v) => (p(v) ? M.map(d(v), right) : M.map(n(v), left))), step(i))
  },
  /** cats `flatMapFromTailRecMConsistency`. */
  flatMapFromChainRec: (M: ChainRecS) => (fa: F_, k: (a: any) => F_): IsEq<F_> =>
    isEq(
      M.chain(fa, k),
      M.chainRec({ done: false } as { done: boolean; a?: any }, (o) => (o.done ? M.map(k(o.a), right) : M.map(fa, (a) => left({ done: true, a })))),
    ),
  /** cats `tailRecMStackSafety`. */
  stackSafety: (M: ChainRecS) => (n: number): IsEq<F_> => isEq(M.chainRec(0, (i: number) => M.of(i < n ? left(i + 1) : right(i))), M.of(n)),
}

/** MonadThrow (L38). @example MonadThrowLaws.leftZero(O.MonadThrow)(undefined, k) */
export const MonadThrowLaws = {
  leftZero: (M: MonadThrowS) => (e: any, k: (a: any) => F_): IsEq<F_> => isEq(M.chain(M.throwError(e), k), M.throwError(e)),
}

/** Bifunctor laws (L51–L54). @example BifunctorLaws.identity(E.Bifunctor)(fea) */
export const BifunctorLaws = {
  identity: (B: BifunctorS) => (fea: F_): IsEq<F_> => isEq(B.bimap(fea, (e) => e, (a) => a), fea),
  composition: (B: BifunctorS) => (fea: F_, f1: (e: any) => any, g1: (a: any) => any, f2: (e: any) => any, g2: (a: any) => any): IsEq<F_> =>
    isEq(B.bimap(B.bimap(fea, f1, g1), f2, g2), B.bimap(fea, (e) => f2(f1(e)), (a) => g2(g1(a)))),
  mapLeftIdentity: (B: BifunctorS) => (fea: F_): IsEq<F_> => isEq(B.mapLeft(fea, (e) => e), fea),
  mapLeftComposition: (B: BifunctorS) => (fea: F_, f: (e: any) => any, g: (e: any) => any): IsEq<F_> =>
    isEq(B.mapLeft(B.mapLeft(fea, f), g), B.mapLeft(fea, (e) => g(f(e)))),
  mapLeftCoherence: (B: BifunctorS) => (fea: F_, f: (e: any) => any): IsEq<F_> => isEq(B.mapLeft(fea, f), B.bimap(fea, f, (a) => a)),
}

/** Alt laws (L55, L56). @example AltLaws.associativity(O.Alt)(fa, fb, fc) */
export const AltLaws = {
  associativity: (A: AltS) => (fa: F_, fb: F_, fc: F_): IsEq<F_> => isEq(A.alt(A.alt(fa, () => fb), () => fc), A.alt(fa, () => A.alt(fb, () => fc))),
  distributivity: (A: AltS) => (fa: F_, fb: F_, f: (a: any) => any): IsEq<F_> => isEq(A.map(A.alt(fa, () => fb), f), A.alt(A.map(fa, f), () => A.map(fb, f))),
}

// ---- layer 2: suites -------------------------------------------------------------------------

/**
 * Arbitraries for an instance of kind 1: `lift` must generate non-pure values too.
 *
 * @example
 * import { option } from 'fp-ts'
 * const arbs: Arbitraries1<option.URI> = { lift: (arb) => fc.option(arb, { nil: undefined }).map(option.fromNullable) }
 */
export interface Arbitraries1<F extends URIS> {
  readonly lift: <A>(arb: fc.Arbitrary<A>) => fc.Arbitrary<Kind<F, A>>
  readonly error?: fc.Arbitrary<unknown>
}
/**
 * Arbitraries for an instance of kind 2, with its errors.
 *
 * @example
 * const arbs: Arbitraries2<Task.URI, string> = { lift: (arb) => arbTask(arb, fc.string()), error: fc.string() }
 */
export interface Arbitraries2<F extends URIS2, E> {
  readonly lift: <A>(arb: fc.Arbitrary<A>) => fc.Arbitrary<Kind2<F, E, A>>
  readonly error: fc.Arbitrary<E>
}
/**
 * Lifts an `Eq` of values to an `Eq` of an instance of kind 1 (how a suite compares two results).
 *
 * @example
 * import { option } from 'fp-ts'
 * const liftEq: LiftEq1<option.URI> = option.getEq
 */
export type LiftEq1<F extends URIS> = <A>(eqA: Eq<A>) => Eq<Kind<F, A>>
/**
 * Lifts an `Eq` of values to an `Eq` of an instance of kind 2, errors of type `E`.
 *
 * @example
 * const liftEq: LiftEq2<Task.URI, string> = (eqA) => getEq(string.Eq, eqA)
 */
export type LiftEq2<F extends URIS2, E> = <A>(eqA: Eq<A>) => Eq<Kind2<F, E, A>>

/**
 * Options of the generic suites (`monadLaws(M, arbitraries, liftEq, options)`, …).
 *
 * @example
 * const options: SuiteOptions = { stackSafety: { depth: 1_000 }, name: 'MyParser' }
 */
export interface SuiteOptions {
  /** Depth for the chainRec stack-safety law (default 10 000; `false` skips it). */
  readonly stackSafety?: false | { readonly depth: number }
  /** The instance's `ap` is parallel: L26 (ap derived from chain) is left out. */
  readonly apIsParallel?: boolean
  /** A name for the suites (default: the type class's). */
  readonly name?: string
  /** How the `Eq` compares, shown with each law (e.g. `'≡'`); documentation only. */
  readonly equivalence?: string
}

interface AnyArbs {
  readonly lift: (arb: fc.Arbitrary<any>) => fc.Arbitrary<F_>
  readonly error?: fc.Arbitrary<any>
}
type AnyLiftEq = (eqA: Eq<any>) => Eq<F_>

const eqStrict: Eq<any> = { equals: (x, y) => Object.is(x, y) }
const A = fc.integer({ min: -20, max: 20 })
const B = fc.string({ maxLength: 3 })
const C = fc.boolean()
const fAB = fc.func(B)
const fBC = fc.func(C)

let prefix = ''
let equivalence: string | undefined = undefined
const law = (id: string, name: string, source: string, property: fc.IRawProperty<any>, params?: fc.Parameters<any>): Law => ({
  id,
  name: prefix + name,
  ...(equivalence === undefined ? {} : { equivalence }),
  source,
  property,
  ...(params === undefined ? {} : { params }),
})

/** Law names carry the suite's name (`'Task Par Applicative.identity'`), so two suites of one class stay distinct. */
const withPrefix = (opts: SuiteOptions | undefined, build: () => LawSuite): LawSuite => {
  const saved = [prefix, equivalence] as const
  prefix = opts?.name === undefined ? '' : `${opts.name} `
  equivalence = opts?.equivalence
  try {
    return build()
  } finally {
    ;[prefix, equivalence] = saved
  }
}

const named = (opts: SuiteOptions | undefined, cls: string): string => (opts?.name === undefined ? cls : `${opts.name} ${cls}`)

const functorImpl = (F: FunctorS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite =>
  suite(named(opts, 'Functor'), [
    law('L12', 'Functor.identity', 'fp-ts Functor.ts law 1; cats covariantIdentity; fp-ts-laws functor.identity', fc.property(arbs.lift(A), (fa) => holds(eq(eqStrict), FunctorLaws.identity(F)(fa)))),
    law(
      'L13',
      'Functor.composition',
      'fp-ts Functor.ts law 2; cats covariantComposition; fp-ts-laws functor.composition',
      fc.property(arbs.lift(A), fAB, fBC, (fa, f, g) => holds(eq(eqStrict), FunctorLaws.composition(F)(fa, f, g))),
    ),
  ])

const applyImpl = (F: ApplyS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite =>
  suite(
    named(opts, 'Apply'),
    [
      law(
        'L15',
        'Apply.associativeComposition',
        'fp-ts Apply.ts; cats applyComposition; fp-ts-laws apply.associativeComposition',
        fc.property(arbs.lift(fBC), arbs.lift(fAB), arbs.lift(A), (fbc, fab, fa) => holds(eq(eqStrict), ApplyLaws.associativeComposition(F)(fbc, fab, fa))),
      ),
    ],
    [functorImpl(F, arbs, eq, opts)],
  )

const applicativeImpl = (F: ApplicativeS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite =>
  suite(
    named(opts, 'Applicative'),
    [
      law('L16', 'Applicative.identity', 'fp-ts Applicative.ts 1; cats applicativeIdentity', fc.property(arbs.lift(A), (fa) => holds(eq(eqStrict), ApplicativeLaws.identity(F)(fa)))),
      law('L17', 'Applicative.homomorphism', 'fp-ts Applicative.ts 2; cats applicativeHomomorphism', fc.property(fAB, A, (f, a) => holds(eq(eqStrict), ApplicativeLaws.homomorphism(F)(f, a)))),
      law('L18', 'Applicative.interchange', 'fp-ts Applicative.ts 3; cats applicativeInterchange', fc.property(arbs.lift(fAB), A, (fab, a) => holds(eq(eqStrict), ApplicativeLaws.interchange(F)(fab, a)))),
      law('L19', 'Applicative.derivedMap', 'cats applicativeMap; fp-ts-laws applicative.derivedMap', fc.property(arbs.lift(A), fAB, (fa, f) => holds(eq(eqStrict), ApplicativeLaws.derivedMap(F)(fa, f)))),
    ],
    [applyImpl(F, arbs, eq, opts)],
  )

const chainImpl = (F: ChainS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite =>
  suite(
    named(opts, 'Chain'),
    [
      law(
        'L25',
        'Chain.associativity',
        'fp-ts Chain.ts; cats flatMapAssociativity; fp-ts-laws chain.associativity',
        fc.property(arbs.lift(A), fc.func(arbs.lift(B)), fc.func(arbs.lift(C)), (fa, k, h) => holds(eq(eqStrict), ChainLaws.associativity(F)(fa, k, h))),
      ),
      ...(opts?.apIsParallel === true
        ? []
        : [
            law(
              'L26',
              'Chain.derivedAp',
              'fp-ts Chain.ts; cats flatMapConsistentApply; fp-ts-laws chain.derivedAp',
              fc.property(arbs.lift(fAB), arbs.lift(A), (fab, fa) => holds(eq(eqStrict), ChainLaws.derivedAp(F)(fab, fa))),
            ),
          ]),
    ],
    [applyImpl(F, arbs, eq, opts)],
  )

const monadImpl = (M: MonadS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite =>
  suite(
    named(opts, 'Monad'),
    [
      law('L27', 'Monad.leftIdentity', 'fp-ts Monad.ts; cats monadLeftIdentity; fp-ts-laws monad.leftIdentity', fc.property(fc.func(arbs.lift(B)), A, (k, a) => holds(eq(eqStrict), MonadLaws.leftIdentity(M)(k, a)))),
      law('L28', 'Monad.rightIdentity', 'cats monadRightIdentity; fp-ts-laws monad.rightIdentity', fc.property(arbs.lift(A), (fa) => holds(eq(eqStrict), MonadLaws.rightIdentity(M)(fa)))),
      law('L29', 'Monad.derivedMap', 'cats mapFlatMapCoherence; fp-ts-laws monad.derivedMap', fc.property(arbs.lift(A), fAB, (fa, f) => holds(eq(eqStrict), MonadLaws.derivedMap(M)(fa, f)))),
    ],
    [applicativeImpl(M, arbs, eq, opts), chainImpl(M, arbs, eq, opts)],
  )

const chainRecImpl = (M: ChainRecS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite => {
  const depth = opts?.stackSafety === false ? undefined : (opts?.stackSafety?.depth ?? 10_000)
  return suite(
    named(opts, 'ChainRec'),
    [
      law(
        'L31',
        'ChainRec.equivalence',
        'fantasy-laws ChainRec.equivalence; Fluture 0.fantasy-land.js',
        fc.property(fc.nat(5), fc.nat(20), arbs.lift(A), arbs.lift(B), (extra, i, fx, fy) => {
          const p = (v: number): boolean => v >= i + extra
          const d = (v: number): F_ => M.map(fy, (y: string) => `${v}:${y}`)
          const n = (v: number): F_ => M.map(fx, () => v + 1)
          return holds(eq(eqStrict), ChainRecLaws.equivalence(M)(p, d, n, i))
        }),
      ),
      law(
        'L33',
        'ChainRec.flatMapFromChainRec',
        'cats flatMapFromTailRecMConsistency',
        fc.property(arbs.lift(A), fc.func(arbs.lift(B)), (fa, k) => holds(eq(eqStrict), ChainRecLaws.flatMapFromChainRec(M)(fa, k))),
      ),
      ...(depth === undefined
        ? []
        : [law('L34', 'ChainRec.stackSafety', `cats tailRecMStackSafety (depth ${depth})`, fc.property(fc.constant(depth), (n) => holds(eq(eqStrict), ChainRecLaws.stackSafety(M)(n))), { numRuns: 1 })]),
    ],
    [monadImpl(M, arbs, eq, opts)],
  )
}

const monadThrowImpl = (M: MonadThrowS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite =>
  suite(
    named(opts, 'MonadThrow'),
    [
      law(
        'L38',
        'MonadThrow.leftZero',
        'fp-ts MonadThrow.ts; cats monadErrorLeftZero',
        fc.property(arbs.error ?? fc.string(), fc.func(arbs.lift(B)), (e, k) => holds(eq(eqStrict), MonadThrowLaws.leftZero(M)(e, k))),
      ),
    ],
    [monadImpl(M, arbs, eq, opts)],
  )

const bifunctorImpl = (Bi: BifunctorS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite => {
  const fE = fc.func(arbs.error ?? fc.string())
  return suite(named(opts, 'Bifunctor'), [
    law('L51', 'Bifunctor.identity', 'cats bifunctorIdentity; fantasy-laws/Fluture bimap identity', fc.property(arbs.lift(A), (fa) => holds(eq(eqStrict), BifunctorLaws.identity(Bi)(fa)))),
    law(
      'L52',
      'Bifunctor.composition',
      'cats bifunctorComposition; Fluture bimap composition',
      fc.property(arbs.lift(A), fE, fAB, fE, fBC, (fa, f1, g1, f2, g2) => holds(eq(eqStrict), BifunctorLaws.composition(Bi)(fa, f1, g1, f2, g2))),
    ),
    law('L53', 'Bifunctor.mapLeftIdentity', 'cats bifunctorLeftMapIdentity; Fluture mapRej identity', fc.property(arbs.lift(A), (fa) => holds(eq(eqStrict), BifunctorLaws.mapLeftIdentity(Bi)(fa)))),
    law(
      'L53b',
      'Bifunctor.mapLeftComposition',
      'cats bifunctorLeftMapComposition; Fluture mapRej composition',
      fc.property(arbs.lift(A), fE, fE, (fa, f, g) => holds(eq(eqStrict), BifunctorLaws.mapLeftComposition(Bi)(fa, f, g))),
    ),
    law('L54', 'Bifunctor.mapLeftCoherence', 'Fluture mapRej(f)(m) = bimap(f)(I)(m)', fc.property(arbs.lift(A), fE, (fa, f) => holds(eq(eqStrict), BifunctorLaws.mapLeftCoherence(Bi)(fa, f)))),
  ])
}

const altImpl = (Al: AltS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite =>
  suite(
    named(opts, 'Alt'),
    [
      law('L55', 'Alt.associativity', 'fp-ts Alt.ts 1; Fluture alt associativity', fc.property(arbs.lift(A), arbs.lift(A), arbs.lift(A), (fa, fb, fc_) => holds(eq(eqStrict), AltLaws.associativity(Al)(fa, fb, fc_)))),
      law('L56', 'Alt.distributivity', 'fp-ts Alt.ts 2; Fluture alt distributivity with map', fc.property(arbs.lift(A), arbs.lift(A), fAB, (fa, fb, f) => holds(eq(eqStrict), AltLaws.distributivity(Al)(fa, fb, f)))),
    ],
    [functorImpl(Al, arbs, eq, opts)],
  )

/**
 * Functor laws for any fp-ts instance.
 *
 * @example
 * checkLaws(functorLaws(O.Functor, { lift: (a) => fc.option(a).map(O.fromNullable) }, O.getEq))
 */
export function functorLaws<F extends URIS>(F: Functor1<F>, arbs: Arbitraries1<F>, eq: LiftEq1<F>, opts?: SuiteOptions): LawSuite
export function functorLaws<F extends URIS2, E>(F: Functor2<F>, arbs: Arbitraries2<F, E>, eq: LiftEq2<F, E>, opts?: SuiteOptions): LawSuite
export function functorLaws(F: FunctorS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite {
  return withPrefix(opts, () => functorImpl(F, arbs, eq, opts))
}

/** Apply laws (with Functor's). @example checkLaws(applyLaws(O.Apply, arbs, O.getEq)) */
export function applyLaws<F extends URIS>(F: Apply1<F>, arbs: Arbitraries1<F>, eq: LiftEq1<F>, opts?: SuiteOptions): LawSuite
export function applyLaws<F extends URIS2, E>(F: Apply2<F>, arbs: Arbitraries2<F, E>, eq: LiftEq2<F, E>, opts?: SuiteOptions): LawSuite
export function applyLaws(F: ApplyS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite {
  return withPrefix(opts, () => applyImpl(F, arbs, eq, opts))
}

/** Applicative laws (with Apply's). @example checkLaws(applicativeLaws(O.Applicative, arbs, O.getEq)) */
export function applicativeLaws<F extends URIS>(F: Applicative1<F>, arbs: Arbitraries1<F>, eq: LiftEq1<F>, opts?: SuiteOptions): LawSuite
export function applicativeLaws<F extends URIS2, E>(F: Applicative2<F>, arbs: Arbitraries2<F, E>, eq: LiftEq2<F, E>, opts?: SuiteOptions): LawSuite
export function applicativeLaws(F: ApplicativeS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite {
  return withPrefix(opts, () => applicativeImpl(F, arbs, eq, opts))
}

/** Chain laws (with Apply's). @example checkLaws(chainLaws(O.Chain, arbs, O.getEq)) */
export function chainLaws<F extends URIS>(F: Chain1<F>, arbs: Arbitraries1<F>, eq: LiftEq1<F>, opts?: SuiteOptions): LawSuite
export function chainLaws<F extends URIS2, E>(F: Chain2<F>, arbs: Arbitraries2<F, E>, eq: LiftEq2<F, E>, opts?: SuiteOptions): LawSuite
export function chainLaws(F: ChainS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite {
  return withPrefix(opts, () => chainImpl(F, arbs, eq, opts))
}

/** Monad laws (with Applicative's and Chain's). @example checkLaws(monadLaws(O.Monad, arbs, O.getEq)) */
export function monadLaws<F extends URIS>(M: Monad1<F>, arbs: Arbitraries1<F>, eq: LiftEq1<F>, opts?: SuiteOptions): LawSuite
export function monadLaws<F extends URIS2, E>(M: Monad2<F>, arbs: Arbitraries2<F, E>, eq: LiftEq2<F, E>, opts?: SuiteOptions): LawSuite
export function monadLaws(M: MonadS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite {
  return withPrefix(opts, () => monadImpl(M, arbs, eq, opts))
}

/** ChainRec laws, stack safety included (with Monad's). @example checkLaws(chainRecLaws({ ...E.Monad, ...E.ChainRec }, { lift: (arb) => arb.map(E.right), error: fc.string() }, (eqA) => E.getEq(string.Eq, eqA), { stackSafety: { depth: 1_000 } })) */
export function chainRecLaws<F extends URIS>(M: ChainRec1<F> & Monad1<F>, arbs: Arbitraries1<F>, eq: LiftEq1<F>, opts?: SuiteOptions): LawSuite
export function chainRecLaws<F extends URIS2, E>(M: ChainRec2<F> & Monad2<F>, arbs: Arbitraries2<F, E>, eq: LiftEq2<F, E>, opts?: SuiteOptions): LawSuite
export function chainRecLaws(M: ChainRecS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite {
  return withPrefix(opts, () => chainRecImpl(M, arbs, eq, opts))
}

/** MonadThrow laws (with Monad's). @example checkLaws(monadThrowLaws(O.MonadThrow, arbs, O.getEq)) */
export function monadThrowLaws<F extends URIS>(M: MonadThrow1<F>, arbs: Arbitraries1<F>, eq: LiftEq1<F>, opts?: SuiteOptions): LawSuite
export function monadThrowLaws<F extends URIS2, E>(M: MonadThrow2<F>, arbs: Arbitraries2<F, E>, eq: LiftEq2<F, E>, opts?: SuiteOptions): LawSuite
export function monadThrowLaws(M: MonadThrowS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite {
  return withPrefix(opts, () => monadThrowImpl(M, arbs, eq, opts))
}

/** Bifunctor laws. @example checkLaws(bifunctorLaws(E.Bifunctor, { lift: (arb) => fc.oneof(arb.map(E.right), fc.string().map(E.left)), error: fc.string() }, (eqA) => E.getEq(string.Eq, eqA))) */
export function bifunctorLaws<F extends URIS2, E>(B: Bifunctor2<F>, arbs: Arbitraries2<F, E>, eq: LiftEq2<F, E>, opts?: SuiteOptions): LawSuite
export function bifunctorLaws(B: BifunctorS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite {
  return withPrefix(opts, () => bifunctorImpl(B, arbs, eq, opts))
}

/** Alt laws (with Functor's). @example checkLaws(altLaws(O.Alt, arbs, O.getEq)) */
export function altLaws<F extends URIS>(A: Alt1<F>, arbs: Arbitraries1<F>, eq: LiftEq1<F>, opts?: SuiteOptions): LawSuite
export function altLaws<F extends URIS2, E>(A: Alt2<F>, arbs: Arbitraries2<F, E>, eq: LiftEq2<F, E>, opts?: SuiteOptions): LawSuite
export function altLaws(A: AltS, arbs: AnyArbs, eq: AnyLiftEq, opts?: SuiteOptions): LawSuite {
  return withPrefix(opts, () => altImpl(A, arbs, eq, opts))
}
