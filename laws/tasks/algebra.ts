/**
 * The algebraic Task suites: meta-laws of the equivalence, sync/suspend, functor, apply
 * (sequential and parallel), monad, chainRec, stack safety, error handling, bifunctor, alt.
 * The generic fp-ts suites run on taskloop's own instances under observational equivalence;
 * the Task-specific laws (derived operations, errors vs cancellation, Par/Seq coherence)
 * are added here.
 *
 * @module
 */
import * as fc from 'fast-check'
import type { Either } from 'fp-ts/lib/Either.js'
import { Task } from '../../lib/index.js'
import { structuralEq } from '../equal.js'
import { applicativeLaws, bifunctorLaws, chainRecLaws, functorLaws, altLaws, monadLaws, monadThrowLaws } from '../generic.js'
import { canceled, seq } from '../helpers.js'
import { emit, equivalent, liftEq } from '../observe.js'
import type { LawSuite } from '../suite.js'
import { suite } from '../suite.js'
import { arbTask } from '../program.js'
import type { ArbTaskOptions } from '../program.js'
import type { TaskSuiteOptions, T } from './kit.js'
import { arbA, arbD, arbE, arbF, arbFE, EQUIV, eqLaw, kit, obsLaw, once, ONE, propLaw } from './kit.js'

const left = <E, A>(e: E): Either<E, A> => ({ _tag: 'Left', left: e })
const right = <E, A>(a: A): Either<E, A> => ({ _tag: 'Right', right: a })

/**
 * `chainRec` for `Task`, from `flatMap` (stack-safe in the runtime): taskloop's fp-ts
 * instances do not include `ChainRec` yet, so the suite checks this one.
 *
 * @example
 * runSync(TaskChainRec.chainRec(0, (i: number) => Task.of(i < 10 ? E.left(i + 1) : E.right(i)))) // → { _tag: 'Succeeded', value: 10 }
 */
export const TaskChainRec = {
  ...Task.Monad,
  chainRec: <E, A, B>(a: A, f: (a: A) => Task.Task<E, Either<A, B>>): Task.Task<E, B> => {
    const step = (x: A): Task.Task<E, B> => Task.flatMap((e: Either<A, B>) => (e._tag === 'Left' ? step(e.left) : Task.of(e.right)))(f(x))
    return Task.suspend(() => step(a))
  },
}

const liftArb = <A>(a: fc.Arbitrary<A>, o: ArbTaskOptions) => arbTask(a, arbE, o)

const generic = (opts: TaskSuiteOptions, arb: ArbTaskOptions = {}) => ({
  arbs: { lift: <A>(a: fc.Arbitrary<A>) => liftArb(a, { maxDepth: 2, ...opts.arb, ...arb }), error: arbE },
})

/** L1–L5: the equivalence is an equivalence, runs are deterministic, values are inert. */
export const metaLaws = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  return suite('Task meta', [
    eqLaw({ id: 'L1', name: 'Meta.determinism', source: 'fp-ts-laws eq.reflexivity; CE TestContext seed doc (FIFO: unconditional)' }, '≡⁺', [K.t()], (t) => [t, t], { afterMain: 'teardown' }),
    propLaw({ id: 'L2', name: 'Meta.symmetry', source: 'fp-ts-laws eq.simmetry' }, 'law', [K.t(), K.t()], (a, b) =>
      equivalent(a, b).equal === equivalent(b, a).equal ? undefined : 'equivalent(a, b) and equivalent(b, a) disagree',
    ),
    propLaw({ id: 'L3', name: 'Meta.transitivity', source: 'fp-ts-laws eq.transitivity (triples built equal, plus a random third)' }, 'law', [K.t(), K.t()], (a, c) => {
      const b = Task.map((x: number) => x)(a)
      const ab = equivalent(a, b).equal
      const bc = equivalent(b, c).equal
      return !ab ? 'a ≢ map(a, id)' : bc && !equivalent(a, c).equal ? 'a ≡ b and b ≡ c but a ≢ c' : undefined
    }),
    eqLaw({ id: 'L4', name: 'Meta.rerunRunsAgain', source: 'CE SyncLaws.repeatedSuspendNotMemoized; SPEC §1' }, '≡', [arbF], (f) => [
      Task.suspend(() => {
        let cur = 0
        const s = Task.sync(() => (cur = f(cur)))
        return seq(s, s)
      }),
      Task.suspend(() => {
        let cur = 0
        return Task.sync(() => (cur = f(f(cur))))
      }),
    ]),
    eqLaw({ id: 'L5', name: 'Meta.buildingIsInert', source: 'CE SyncLaws.unsequencedSuspendIsNoop; cats DeferLaws.deferDoesNotEvaluate' }, '≡', [K.k()], (k) => [
      Task.suspend(() => {
        let n = 0
        const eff = Task.sync(() => n++)
        void Task.flatMap(k)(Task.map(() => 1)(eff))
        void Task.ensuring(eff)(eff)
        void Task.gather([eff, eff])
        return Task.sync(() => n)
      }),
      Task.of(0),
    ]),
  ])
}

/** L6–L11: sync, suspend, user throws. */
export const syncLaws = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const boom = fc.constantFrom('x1', 'x2')
  return suite('Task sync', [
    eqLaw({ id: 'L6', name: 'Sync.suspendValueIsPure', source: 'CE SyncLaws.suspendValueIsPure' }, '≡', [arbA], (a) => [Task.sync(() => a), Task.of(a)]),
    eqLaw({ id: 'L7', name: 'Sync.suspendThrowIsFail', source: 'CE SyncLaws.suspendThrowIsRaiseError; SPEC §1' }, '≡', [boom], (x) => [
      Task.sync(() => {
        throw x
      }),
      Task.fail(x),
    ]),
    eqLaw({ id: 'L8', name: 'Sync.suspendIdentity', source: 'cats DeferLaws.deferIdentity' }, '≡', [K.t()], (t) => [Task.suspend(() => t), t]),
    eqLaw({ id: 'L9', name: 'Sync.suspendStackSafety', source: 'cats DeferLaws.deferIsStackSafe (depth raised to SPEC 10⁶)', params: ONE }, '≡', [arbA], (a) => {
      let t: T<never, number> = Task.of(a)
      for (let i = 0; i < 1_000_000; i++) {
        const inner = t
        t = Task.suspend(() => inner)
      }
      return [t, Task.of(a)]
    }),
    eqLaw({ id: 'L10', name: 'Sync.userThrowsBecomeFailures', source: 'SPEC §1 "nothing is ever swallowed"; CE IOSpec stray exceptions' }, '≡', [K.t(), boom, fc.nat(4)], (t, x, which) => {
      const thrower = (): never => {
        throw x
      }
      const lhs = [
        Task.map(thrower)(t),
        Task.flatMap(thrower)(t),
        Task.catchAll(thrower)(t),
        Task.mapError(thrower)(t),
        Task.uncancellable(thrower),
      ][which]!
      const rhs = [
        Task.flatMap(() => Task.fail(x))(t),
        Task.flatMap(() => Task.fail(x))(t),
        Task.catchAll(() => Task.fail(x))(t),
        Task.mapError(() => x)(t),
        Task.fail(x),
      ][which]!
      return [lhs as T<any, any>, rhs as T<any, any>]
    }),
    eqLaw({ id: 'L11', name: 'Sync.tryCatch', source: 'SPEC §1' }, '≡', [arbA, boom, arbFE], (a, x, h) => [
      seq(Task.tryCatch(() => a, (u) => h(String(u))), Task.tryCatch(() => {
        throw x
      }, (u) => `caught ${String(u)}`)),
      Task.fail(`caught ${x}`),
    ]),
  ])
}

/** L12–L14 on `Task.Functor`. */
export const functorSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const { arbs } = generic(opts)
  return suite(
    'Task Functor',
    [
      eqLaw({ id: 'L14', name: 'Functor.derivedOps', source: 'pattern of cats mapOrKeepToMapEquivalence' }, '≡', [K.t(), arbA, fc.boolean()], (t, b, which) =>
        which ? [Task.as(b)(t), Task.map(() => b)(t)] : [Task.asVoid(t), Task.map(() => undefined)(t)],
      ),
    ],
    [functorLaws(Task.Functor, arbs, liftEq(structuralEq), { name: 'Task', equivalence: '≡' })],
  )
}

/** L15–L24 on `Task.ApplicativeSeq` (and the Seq derived operations). */
export const applySeqSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const { arbs } = generic(opts)
  const flat = ([[a, b], c]: [[number, number], number]): number[] => [a, b, c]
  return suite(
    'Task ApplySeq',
    [
      eqLaw({ id: 'L20', name: 'ApplySeq.productCoherence', source: 'cats apProductConsistent, productL/RConsistency' }, '≡', [K.t(), K.t(), arbF], (fa, fb, f) => [
        Task.ApplySeq.ap(Task.map(() => f)(fa), fb),
        Task.map(([g, b]: [(n: number) => number, number]) => g(b))(Task.zip(fb)(Task.map(() => f)(fa))),
      ]),
      eqLaw({ id: 'L21', name: 'Applicative.unit', source: 'cats applicativeUnit' }, '≡', [arbA], (a) => [Task.map(() => a)(Task.unit), Task.of(a)]),
      eqLaw({ id: 'L22', name: 'Semigroupal.associativity', source: 'cats semigroupalAssociativity (compared flattened)' }, '≡', [K.t(), K.t(), K.t()], (fa, fb, fc_) => [
        Task.map(([a, [b, c]]: [number, [number, number]]) => [a, b, c])(Task.zip(Task.zip(fc_)(fb))(fa)),
        Task.map(flat)(Task.zip(fc_)(Task.zip(fb)(fa))),
      ]),
      eqLaw({ id: 'L23', name: 'Monoidal.identities', source: 'cats monoidalLeft/RightIdentity' }, '≡', [K.t(), fc.boolean()], (fa, leftSide) => [
        leftSide ? Task.map(([, a]: [void, number]) => a)(Task.zip(fa)(Task.unit)) : Task.map(([a]: [number, void]) => a)(Task.zip(Task.unit)(fa)),
        fa,
      ]),
      eqLaw({ id: 'L24', name: 'Traverse.seqCoherence', source: 'SPEC §6 derived ops; fp-ts #983/#1177' }, '≡', [K.k(), fc.array(arbA, { maxLength: 3 }), fc.array(arbA, { maxLength: 3 })], (k, xs, ys) => [
        Task.traverseSeqArray(k)(xs.concat(ys)),
        Task.map(([p, q]: [ReadonlyArray<number>, ReadonlyArray<number>]) => p.concat(q))(Task.zip(Task.traverseSeqArray(k)(ys))(Task.traverseSeqArray(k)(xs))),
      ]),
      eqLaw({ id: 'L24b', name: 'Do.bindCoherence', source: 'SPEC §6 (Do/bind)' }, '≡', [K.t()], (fa) => [
        Task.bind('x', () => fa)(Task.Do) as T<string, { x: number }>,
        Task.map((x: number) => ({ x }))(fa),
      ]),
    ],
    [applicativeLaws(Task.ApplicativeSeq, arbs, liftEq(structuralEq), { name: 'Task Seq', equivalence: '≡' })],
  )
}

/** L58–L63: `ApplicativePar` and its coherence with Seq (structured: a failure cancels the sibling). */
export const applyParSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const { arbs } = generic(opts)
  const noFail = { failures: false, cancellation: false }
  const noSelfCancel = { cancellation: false }
  return suite(
    'Task ApplyPar',
    [
      // No self-cancellation here: a cancellation request is delivered at a suspension point
      // (asyncio), so one that `fab` leaves pending when it ends is, under Seq, delivered inside
      // `fa`, which may absorb it (an `onCancel` that fails into a `catchAll`), while under Par
      // it stays with `fab`'s own fiber and cancels the whole. The two then differ by design.
      eqLaw({ id: 'L59', name: 'ApplyPar.agreesWithSeqOnSuccess', source: 'cats NonEmptyParallelLaws; CE IOParSpec alley-eq' }, '≡ₚ', [K.t(noSelfCancel), K.t(noSelfCancel), arbF], (fab, fa, f) => [
        Task.ApplyPar.ap(Task.map(() => f)(fab), fa),
        Task.ApplySeq.ap(Task.map(() => f)(fab), fa),
      ]),
      eqLaw({ id: 'L60', name: 'ApplyPar.commutative', source: 'cats CommutativeApplyLaws.applyCommutative (alley-eq, as CE)' }, '≡ₚ', [K.t(), K.t()], (fa, fb) => [
        Task.ApplyPar.ap(Task.map((a: number) => (b: number) => [a, b])(fa), fb),
        Task.ApplyPar.ap(Task.map((b: number) => (a: number) => [a, b])(fb), fa),
      ]),
      eqLaw({ id: 'L61', name: 'ApplyPar.time', source: 'derived from CE GenTemporalLaws.startSleepMaximum' }, '≡', [arbD, arbD, arbF, arbA], (d1, d2, f, a) => [
        Task.ApplyPar.ap(Task.as(f)(Task.sleep(d1)), Task.as(a)(Task.sleep(d2))),
        Task.as(f(a))(Task.sleep(Math.max(d1, d2))),
      ]),
      eqLaw({ id: 'L61b', name: 'ApplySeq.time', source: 'L61, sequential side' }, '≡', [arbD, arbD, arbF, arbA], (d1, d2, f, a) => [
        Task.ApplySeq.ap(Task.as(f)(Task.sleep(d1)), Task.as(a)(Task.sleep(d2))),
        Task.as(f(a))(Task.sleep(d1 + d2)),
      ]),
      eqLaw({ id: 'L62', name: 'ApplyPar.failureCancelsSibling', source: 'CE PureConcSpec short-circuit; GenSpawn.both; SPEC §6 (structured)' }, '≡', [arbE], (e) => [
        Task.ApplyPar.ap(Task.fail(e) as T<string, (a: never) => number>, Task.onCancel(emit('c'))(Task.never)),
        seq(emit('c'), Task.fail(e)),
      ]),
      eqLaw({ id: 'L63', name: 'ApplyPar.sequenceArrayIsGather', source: 'new; SPEC §6 vs gather when no child fails' }, '≡ₘ', [fc.array(K.t(noFail), { maxLength: 3 })], (ts) => [
        Task.sequenceArray(ts) as T<any, any>,
        Task.gather(ts) as T<any, any>,
      ]),
    ],
    [
      // L58: with failures and cancellation, which sibling fails first and how far the others
      // get before being cancelled depends on the nesting, so the full laws hold under ≡ₚ
      // (as cats-effect checks IO.Par); for programs that cannot fail they hold under ≡ₘ.
      applicativeLaws(Task.ApplicativePar, generic(opts, { failures: false, cancellation: false }).arbs, liftEq(structuralEq, EQUIV['≡ₘ']), { name: 'Task Par ≡ₘ', equivalence: '≡ₘ' }),
      applicativeLaws(Task.ApplicativePar, arbs, liftEq(structuralEq, EQUIV['≡ₚ']), { name: 'Task Par ≡ₚ', equivalence: '≡ₚ' }),
    ],
  )
}

/** L25–L30, L35–L36 on `Task.Monad`. */
export const monadSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const { arbs } = generic(opts)
  return suite(
    'Task Monad',
    [
      eqLaw({ id: 'L30', name: 'Monad.derivedOps', source: 'cats mproductConsistency; SPEC §1 derived ops' }, '≡', [K.t(), K.k(), K.t(), fc.nat(2)], (fa, k, fb, which) =>
        which === 0
          ? [Task.flatten(Task.map(k)(fa)), Task.flatMap(k)(fa)]
          : which === 1
            ? [Task.tap(k)(fa), Task.flatMap((a: number) => Task.as(a)(k(a)))(fa)]
            : [Task.zip(fb)(fa), Task.flatMap((a: number) => Task.map((b: number) => [a, b])(fb))(fa)],
      ),
    ],
    [monadLaws(Task.Monad, arbs, liftEq(structuralEq), { name: 'Task', equivalence: '≡' })],
  )
}

/** L31–L34 on `TaskChainRec` (10⁶ iterations). */
export const chainRecSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const { arbs } = generic(opts)
  const bounce = (k: (a: number) => T, a: number, n: number): T =>
    TaskChainRec.chainRec([a, n] as [number, number], ([x, i]) => (i > 0 ? Task.map((y: number) => left<[number, number], number>([y, i - 1]))(k(x)) : Task.map(right<[number, number], number>)(k(x))))
  return suite(
    'Task ChainRec',
    [
      eqLaw({ id: 'L32', name: 'ChainRec.tailRecConsistentFlatMap', source: 'cats tailRecMConsistentFlatMap' }, '≡', [arbA, K.k()], (a, k) => [bounce(k, a, 1), Task.flatMap(k)(bounce(k, a, 0))]),
      eqLaw({ id: 'L34b', name: 'ChainRec.stackSafetyWithCede', source: 'cats tailRecMStackSafety with a cede every 1000 steps (SPEC 10⁶)', params: ONE }, '≡ₒ', [once], () => [
        TaskChainRec.chainRec(0, (i: number) => (i % 1000 === 0 ? Task.as(i < 1_000_000 ? left<number, number>(i + 1) : right<number, number>(i))(Task.cede) : Task.of(i < 1_000_000 ? left(i + 1) : right(i)))),
        Task.as(1_000_000)(Task.sleep(0)),
      ], { elapsed: true }),
    ],
    [chainRecLaws(TaskChainRec, arbs, liftEq(structuralEq), { name: 'Task', equivalence: '≡', stackSafety: { depth: 1_000_000 } })],
  )
}

/** L35–L36: every combinator nests 10⁶ (or 10⁵) deep without overflowing the stack. */
export const stackSafetySuite = (_opts: TaskSuiteOptions = {}): LawSuite => {
  const N = 1_000_000
  const nest = (n: number, wrap: (t: T<any, any>) => T<any, any>, start: T<any, any>): T<any, any> => {
    let t = start
    for (let i = 0; i < n; i++) t = wrap(t)
    return t
  }
  const rightNested = (n: number): T<never, number> => Task.flatMap((m: number) => (m === 0 ? Task.of(0) : rightNested(m - 1)))(Task.of(n))
  const combinators: Array<[string, (t: T<any, any>) => T<any, any>, T<any, any>, T<any, any>, number]> = [
    ['map', Task.map((x: number) => x + 1), Task.of(0), Task.of(100_000), 100_000],
    ['mapError', Task.mapError((e: number) => e + 1), Task.fail(0), Task.fail(100_000), 100_000],
    ['catchAll', Task.catchAll((e: number) => Task.fail(e + 1)), Task.fail(0), Task.fail(100_000), 100_000],
    ['ensuring', Task.ensuring(Task.unit), Task.of(1), Task.of(1), 100_000],
    ['onCancel', Task.onCancel(Task.unit), Task.of(1), Task.of(1), 100_000],
    ['uncancellable', (t) => Task.uncancellable(() => t), Task.of(1), Task.of(1), 100_000],
    ['bracket', (t) => Task.bracket(Task.unit, () => t, () => Task.unit), Task.of(1), Task.of(1), 100_000],
    ['either', (t) => Task.map(() => 1)(Task.either(t)), Task.of(1), Task.of(1), 100_000],
  ]
  return suite('Task stack safety', [
    eqLaw({ id: 'L35', name: 'StackSafety.flatMapLeftNested', source: 'SPEC §1; Effect Effect.test.ts stack safety', params: ONE }, '≡', [once], () => [
      nest(N, Task.flatMap((x: number) => Task.of(x + 1)), Task.of(0)),
      Task.of(N),
    ], { elapsed: false }),
    eqLaw({ id: 'L35b', name: 'StackSafety.flatMapRightNested', source: 'SPEC §1', params: ONE }, '≡', [once], () => [rightNested(N), Task.of(0)], { elapsed: false }),
    eqLaw({ id: 'L36', name: 'StackSafety.everyCombinator', source: 'new (SPEC §1: stack-safe combinators)', params: { numRuns: combinators.length } }, '≡ₒ', [fc.nat(combinators.length - 1)], (i) => {
      const [, wrap, start, expected, n] = combinators[i]!
      return [nest(n, wrap, start), expected]
    }, { elapsed: false }),
    obsLaw({ id: 'L36b', name: 'StackSafety.cancelThroughNestedOnCancel', source: 'new: a cancel at the bottom of 10⁵ onCancel, all finalizers run LIFO', params: ONE }, 'invariant', [once], () => {
      let t: T<never, never> = Task.never
      for (let i = 0; i < 100_000; i++) {
        const j = i
        t = Task.onCancel(emit(j))(t)
      }
      return Task.flatMap((f: import('../../lib/index.js').Fiber) => seq(Task.cede, seq(Task.sync(() => f.cancel()), Task.either(Task.join(f)))))(Task.spawn(t))
    }, (o) => {
      if (o.outcome._tag !== 'Cancelled') return `expected Cancelled (join propagates), got ${o.outcome._tag}`
      if (o.trace.length !== 100_000) return `expected 100000 finalizers, got ${o.trace.length}`
      for (let i = 0; i < o.trace.length; i++) if (o.trace[i]!.x !== i) return `finalizer order broken at ${i}`
      return undefined
    }),
  ])
}

/** L38–L50 on `Task.MonadThrow` and the error combinators. */
export const monadThrowSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const { arbs } = generic(opts)
  const toE = (e: Either<string, number>): T => (e._tag === 'Left' ? Task.fail(e.left) : Task.of(e.right))
  return suite(
    'Task MonadThrow',
    [
      eqLaw({ id: 'L39', name: 'MonadThrow.catchAllFail', source: 'cats applicativeErrorHandleWith; Fluture chainRej left identity' }, '≡', [arbE, K.h()], (e, h) => [Task.catchAll(h)(Task.fail(e)), h(e)]),
      eqLaw({ id: 'L40', name: 'MonadThrow.catchAllPure', source: 'cats handleErrorWithPure' }, '≡', [arbA, K.h()], (a, h) => [Task.catchAll(h)(Task.of(a)), Task.of(a)]),
      eqLaw({ id: 'L41', name: 'MonadThrow.catchAllFailIsIdentity', source: 'Fluture chainRej right identity' }, '≡', [K.t()], (fa) => [Task.catchAll(Task.fail)(fa), fa]),
      eqLaw({ id: 'L42', name: 'MonadThrow.catchAllAssociativity', source: 'Fluture chainRej associativity' }, '≡', [K.t(), K.h(), K.h()], (fa, h1, h2) => [
        Task.catchAll(h2)(Task.catchAll(h1)(fa)),
        Task.catchAll((e: string) => Task.catchAll(h2)(h1(e)))(fa),
      ]),
      eqLaw({ id: 'L43', name: 'MonadThrow.either', source: 'cats raiseErrorAttempt, pureAttempt' }, '≡', [arbE, arbA], (e, a) => [
        Task.zip(Task.either(Task.of(a)))(Task.either(Task.fail(e))),
        Task.of([left(e), right(a)]),
      ]),
      eqLaw({ id: 'L44', name: 'MonadThrow.rethrow', source: 'cats rethrowAttempt' }, '≡', [K.t()], (fa) => [Task.flatMap(toE)(Task.either(fa)), fa]),
      eqLaw({ id: 'L45', name: 'MonadThrow.eitherFromEither', source: 'cats attemptFromEitherConsistentWithPure' }, '≡', [fc.oneof(arbE.map(left<string, number>), arbA.map(right<string, number>))], (x) => [
        Task.either(Task.fromEither(x)),
        Task.of(x),
      ]),
      eqLaw({ id: 'L46', name: 'MonadThrow.match', source: 'cats redeemDerivedFromAttemptMap; Fluture coalesce' }, '≡', [K.t(), fc.func(arbA), arbF], (fa, fe, fs) => [
        Task.match({ onFailure: fe, onSuccess: fs })(fa),
        Task.map((x: Either<string, number>) => (x._tag === 'Left' ? fe(x.left) : fs(x.right)))(Task.either(fa)),
      ]),
      eqLaw({ id: 'L47', name: 'MonadThrow.mapError', source: 'cats adaptErrorPure/Raise; Fluture mapRej via chainRej' }, '≡', [K.t(), arbFE], (fa, f) => [Task.mapError(f)(fa), Task.catchAll((e: string) => Task.fail(f(e)))(fa)]),
      eqLaw({ id: 'L48', name: 'MonadThrow.errorsDominateApSeq', source: 'cats raiseErrorDistributesOverApLeft/Right' }, '≡', [arbE, K.h(), fc.boolean()], (e, h, leftSide) => [
        Task.catchAll(h)(leftSide ? Task.ApplySeq.ap(Task.fail(e) as T<string, (u: void) => number>, Task.unit) : Task.ApplySeq.ap(Task.of((x: number) => x), Task.fail(e) as T<string, number>)),
        h(e),
      ]),
      eqLaw({ id: 'L49', name: 'MonadThrow.cancellationIsNotAnError', source: 'SPEC §1; CE uncancelableCanceledAssociatesRightOverFlatMapAttempt; Effect catch+ensuring+interrupt' }, '≡', [K.h(), arbFE, K.t(), fc.nat(4)], (h, f, fb, which) => {
        const c = Task.as(1)(canceled) as T
        const lhs = [Task.catchAll(h)(c), Task.map(() => 1)(Task.either(c)), Task.map(() => 1)(Task.outcome(c)), Task.mapError(f)(c), Task.Alt.alt(c, () => fb)][which]!
        return [lhs as T, c]
      }),
      eqLaw({ id: 'L50', name: 'MonadThrow.outcome', source: 'new (SPEC §1 outcome)' }, '≡', [arbA, arbE], (a, e) => [
        Task.zip(Task.outcome(Task.fail(e)))(Task.outcome(Task.of(a))),
        Task.of([{ _tag: 'Succeeded', value: a }, { _tag: 'Failed', error: e }]),
      ]),
    ],
    [monadThrowLaws(Task.MonadThrow, arbs, liftEq(structuralEq), { name: 'Task', equivalence: '≡' })],
  )
}

/** L51–L54 on `Task.Bifunctor`. */
export const bifunctorSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const { arbs } = generic(opts)
  return suite(
    'Task Bifunctor',
    [
      eqLaw({ id: 'L54b', name: 'Bifunctor.coherence', source: 'Fluture map derived from bimap' }, '≡', [K.t(), arbFE, arbF], (fa, f, g) => [Task.bimap(f, g)(fa), Task.map(g)(Task.mapError(f)(fa))]),
    ],
    [bifunctorLaws(Task.Bifunctor, arbs, liftEq(structuralEq), { name: 'Task', equivalence: '≡' })],
  )
}

/** L55–L57 on `Task.Alt`. */
export const altSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const { arbs } = generic(opts)
  return suite(
    'Task Alt',
    [
      eqLaw({ id: 'L57', name: 'Alt.coherenceAndLaziness', source: 'new (fp-ts Alt2 on fallback-on-error)' }, '≡', [K.t(), K.t()], (fa, fb) => [Task.Alt.alt(fa, () => fb), Task.catchAll(() => fb)(fa)]),
      propLaw({ id: 'L57b', name: 'Alt.thatIsLazy', source: 'new' }, 'law', [arbA], (a) => {
        let called = false
        const r = equivalent(Task.Alt.alt(Task.of(a), () => ((called = true), Task.of(a + 1))), Task.of(a))
        return called ? 'alt(of(a), th) called th' : r.equal ? undefined : r.diff
      }),
    ],
    [altLaws(Task.Alt, arbs, liftEq(structuralEq), { name: 'Task', equivalence: '≡' })],
  )
}

