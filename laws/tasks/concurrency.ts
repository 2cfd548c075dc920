/**
 * Concurrency suites: spawn/join (cats-effect's GenSpawn laws through `joinOutcome`),
 * gather (asyncio's rules), race, shield, temporal laws on the virtual clock, timeouts
 * (asyncio 3.12 `wait_for`), and callback boundaries.
 *
 * @module
 */
import * as fc from 'fast-check'
import type { Fiber, Outcome } from '../../lib/index.js'
import { Task, TimeoutError } from '../../lib/index.js'
import { canceled, cancelAndWait, embed, forceR, guaranteeCase, joinOutcome, seq } from '../helpers.js'
import { emit, observe } from '../observe.js'
import type { LawSuite } from '../suite.js'
import { suite } from '../suite.js'
import type { TaskSuiteOptions, T } from './kit.js'
import { arbA, arbD, arbE, arbF, cedes, count, eqLaw, kit, obsLaw, once, propLaw, xs } from './kit.js'

const spawnThen = <E, A, E2, B>(t: T<E, A>, k: (f: Fiber<E, A>) => T<E2, B>): T<E2, B> => Task.flatMap(k)(Task.spawn(t))
const succeeded = <A>(value: A): Outcome.Outcome<never, A> => ({ _tag: 'Succeeded', value })
const CANCELLED: Outcome.Outcome<never, never> = { _tag: 'Cancelled' }
const timeoutError = (): TimeoutError => new TimeoutError()

/** L93–L109: fibers. */
export const spawnSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const single = { spawns: false, parallel: false } as const
  return suite('Task spawn', [
    eqLaw({ id: 'L93', name: 'Spawn.fiberPureIsOutcomeCompletedPure', source: 'CE3 GenSpawnLaws (via joinOutcome)' }, '≡', [arbA], (a) => [spawnThen(Task.of(a), joinOutcome), Task.as(succeeded(a))(cedes(2))], { elapsed: true, trace: 'ignore' }),
    obsLaw({ id: 'L94', name: 'Spawn.fiberErrorIsOutcomeErrored', source: 'CE3 GenSpawnLaws; the failure counts as retrieved' }, 'invariant', [arbE], (e) => spawnThen(Task.fail(e) as T, joinOutcome), (o, e) =>
      o.outcome._tag === 'Succeeded' && (o.outcome.value as { error?: unknown }).error === e && o.unhandled.length === 0 ? undefined : 'expected Failed(e) and no report',
    ),
    eqLaw({ id: 'L95', name: 'Spawn.fiberCancelationIsOutcomeCanceled', source: 'CE3 GenSpawnLaws' }, '≡ₒ', [once], () => [spawnThen(Task.never as T, (f) => seq(cancelAndWait(f), joinOutcome(f))), Task.of(CANCELLED)]),
    eqLaw({ id: 'L96', name: 'Spawn.fiberCanceledIsOutcomeCanceled', source: 'CE3 GenSpawnLaws' }, '≡ₒ', [once], () => [spawnThen(canceled, joinOutcome), Task.of(CANCELLED)]),
    eqLaw({ id: 'L97', name: 'Spawn.fiberNeverIsNever', source: 'CE3 GenSpawnLaws' }, '≡', [once], () => [spawnThen(Task.never as T, Task.join), Task.never]),
    eqLaw({ id: 'L98', name: 'Spawn.fiberStartOfNeverIsUnit', source: 'CE3 GenSpawnLaws (not ≡⁺: one fiber is left over)' }, '≡', [once], () => [Task.asVoid(Task.spawn(Task.never)), Task.unit]),
    eqLaw({ id: 'L99', name: 'Spawn.fiberJoinIsGuaranteeCase', source: 'CE3 GenSpawnLaws [A] (caveat 1)' }, '≡ₒ', [K.t({ joinsMayBeCancelled: false, cancellation: false }), K.fin()], (fa, g) => [
      spawnThen(fa, (f) => Task.flatMap((oc: Outcome.Outcome<string, number>) => Task.ensuring(g)(embed(oc)))(joinOutcome(f))),
      guaranteeCase(fa, () => g),
    ]),
    eqLaw({ id: 'L100', name: 'Spawn.neverDominatesOverFlatMap', source: 'CE3 GenSpawnLaws' }, '≡', [K.t()], (fa) => [seq(Task.never, fa), Task.never]),
    eqLaw({ id: 'L101', name: 'Spawn.forceRNeverIsNever', source: 'CE3 GenSpawnLaws' }, '≡', [K.t()], (fa) => [forceR(Task.never, fa), Task.never]),
    eqLaw({ id: 'L102', name: 'Spawn.uncancelableCancelCancels', source: 'CE3 GenSpawnLaws' }, '≡ₒ', [once], () => [
      spawnThen(Task.never as T, (f) => seq(Task.uncancellable(() => cancelAndWait(f)), joinOutcome(f))),
      Task.of(CANCELLED),
    ]),
    eqLaw({ id: 'L103', name: 'Spawn.uncancelableStartIsCancelable', source: 'CE3 GenSpawnLaws; asyncio create_task (Effect differs)' }, '≡ₒ', [once], () => [
      Task.uncancellable(() => spawnThen(Task.never as T, (f) => seq(cancelAndWait(f), joinOutcome(f)))),
      Task.of(CANCELLED),
    ]),
    eqLaw({ id: 'L104', name: 'Spawn.startJoinIsIdentity', source: 'CE2 startJoinIsIdentity [A]: holds in the asyncio model, also under cancellation; ≡ for single-fiber programs' }, '≡', [K.t(single)], (fa) => [spawnThen(fa, Task.join), fa]),
    eqLaw({ id: 'L104b', name: 'Spawn.startJoinIsIdentityConcurrent', source: 'CE2 startJoinIsIdentity [A]: with spawns inside, the join hop lets other fibers run further before main ends, so ≡ₒ' }, '≡ₒ', [K.t()], (fa) => [spawnThen(fa, Task.join), fa]),
    eqLaw({ id: 'L105', name: 'Spawn.joinIsIdempotent', source: 'CE2 joinIsIdempotent; SPEC §2 (single-fiber programs for ≡, see L104b)' }, '≡', [K.t(single)], (fa) => [
      spawnThen(fa, (f) => Task.zip(Task.join(f))(Task.join(f))),
      Task.map((a: number) => [a, a])(fa),
    ]),
    eqLaw({ id: 'L106', name: 'Spawn.joinReRaises', source: 'asyncio: awaiting a failed/cancelled task raises' }, '≡ₒ', [arbE, fc.boolean()], (e, cancel) =>
      cancel ? [spawnThen(canceled, Task.join), canceled] : [spawnThen(Task.fail(e) as T, Task.join), Task.fail(e)],
    ),
    obsLaw({ id: 'L107', name: 'Spawn.cancelBeforeFirstStep', source: 'CE2 startCancelIsUnit; asyncio: a task cancelled before it starts never runs' }, 'invariant', [K.t()], (fa) =>
      spawnThen(seq(emit('started'), fa), (f) => Task.sync(() => void f.cancel())),
    (o) => (count(o, 'started', true) === 0 && o.outcome._tag === 'Succeeded' ? undefined : 'the body ran'),
    { afterMain: 'drain' }),
    eqLaw({ id: 'L108', name: 'Spawn.actionConcurrentWithPureValueIsJustAction', source: 'CE2 actionConcurrentWithPureValueIsJustAction' }, '≡', [arbA, K.t({ spawns: false, parallel: false })], (a, fa) => [
      spawnThen(Task.of(a), (f) => Task.flatMap((x: number) => Task.as(x)(Task.join(f)))(fa)),
      fa,
    ]),
    propLaw({ id: 'L109', name: 'Spawn.uniqueness', source: 'CE UniqueLaws.uniqueness' }, 'law', [fc.integer({ min: 2, max: 5 })], (n) => {
      const fibers: Fiber[] = []
      const o = Task.traverseSeqArray(() => Task.map((f: Fiber) => void fibers.push(f))(Task.spawn(Task.unit)))(Array.from({ length: n }, () => 0))
      observe(o)
      return new Set(fibers).size === n && new Set(fibers.map((f) => f.name)).size === n ? undefined : 'fibers not distinct'
    }),
  ])
}


/** L118–L126: gather. */
export const gatherSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const safe = { failures: false, cancellation: false } as const
  return suite('Task gather', [
    eqLaw({ id: 'L118', name: 'Gather.emptyAndSingleton', source: 'new (asyncio gather); single-fiber programs (the gather hop lets other fibers run further, see L104b)' }, '≡', [K.t({ spawns: false, parallel: false }), fc.boolean()], (fa, empty) =>
      empty ? [Task.gather([]) as T<any, any>, Task.of([])] : [Task.gather([fa]) as T<any, any>, Task.map((a: number) => [a])(fa)],
    { trace: 'per-instant', elapsed: true }),
    eqLaw({ id: 'L119', name: 'Gather.inputOrderMaxTime', source: 'new (asyncio gather)' }, '≡', [arbD, arbD, arbA, arbA], (d1, d2, a, b) => [
      Task.gather([Task.as(a)(Task.sleep(d1)), Task.as(b)(Task.sleep(d2))]) as T<any, any>,
      Task.as([a, b])(Task.sleep(Math.max(d1, d2))),
    ]),
    eqLaw({ id: 'L120', name: 'Gather.naturality', source: 'new' }, '≡ₘ', [fc.array(K.t(safe), { maxLength: 3 }), arbF], (ts, f) => [
      Task.gather(ts.map(Task.map(f))) as T<any, any>,
      Task.map((xs: number[]) => xs.map((x) => f(x)))(Task.gather(ts) as T<never, number[]>),
    ]),
    eqLaw({ id: 'L121', name: 'Gather.flattening', source: 'new' }, '≡ₘ', [fc.array(K.t(safe), { maxLength: 2 }), fc.array(K.t(safe), { maxLength: 2 })], (ts, us) => [
      Task.map(([p, q]: number[][]) => [...p!, ...q!])(Task.gather([Task.gather(ts), Task.gather(us)]) as unknown as T<never, number[][]>),
      Task.gather(ts.concat(us)) as T<any, any>,
    ]),
    obsLaw({ id: 'L122', name: 'Gather.firstFailureSiblingsKeepRunning', source: 'asyncio default (cpython #75633); SPEC §1' }, '≡⁺', [arbE, fc.integer({ min: 1, max: 5 })], (e, d) =>
      forceR(Task.gather([Task.fail(e), seq(Task.sleep(d), emit('s'))]), Task.sleep(d + 1)),
    (o, _e, d) => (o.trace.length === 1 && o.trace[0]!.t === d && o.trace[0]!.x === 's' ? undefined : 'the sibling did not finish')),
    obsLaw({ id: 'L123', name: 'Gather.returnExceptionsNeverFails', source: 'asyncio return_exceptions; SPEC §1 (a slot holds the value, the error, or a CancelledError)' }, 'invariant', [fc.array(K.t({ joinsMayBeCancelled: true }), { minLength: 1, maxLength: 3 })], (ts) =>
      Task.gather(ts, { returnExceptions: true }) as T<any, any>,
    (o, ts) => (o.outcome._tag === 'Succeeded' ? ((o.outcome.value as unknown[]).length === ts.length ? undefined : 'wrong length') : o.outcome._tag === 'NonTerminating' ? undefined : `gather failed: ${o.outcome._tag}`)),
    obsLaw({ id: 'L125', name: 'Gather.childCancelledBySomeoneElse', source: 'asyncio R32 / SPEC §1: the gather fails with CancelledError, so its awaiter ends Cancelled (it did not catch it); the sibling is not cancelled' }, 'invariant', [arbA], (a) =>
      spawnThen(Task.never as T, (f) =>
        spawnThen(Task.gather([f, seq(Task.sleep(5), seq(emit('sibling'), Task.of(a)))]) as T<any, any>, (g) =>
          seq(Task.cede, seq(Task.sync(() => void f.cancel()), Task.flatMap((oc: Outcome.Outcome<unknown, unknown>) => Task.as(oc)(Task.sleep(6)))(joinOutcome(g)))),
        ),
      ),
    (o) => {
      const oc = o.outcome._tag === 'Succeeded' ? (o.outcome.value as Outcome.Outcome<unknown, unknown>) : undefined
      if (oc?._tag !== 'Cancelled') return `expected the awaiter Cancelled, got ${oc?._tag}`
      return o.trace.length === 1 && o.trace[0]!.x === 'sibling' && o.trace[0]!.t === 5 ? undefined : 'the sibling was cancelled too'
    }),
    obsLaw({ id: 'L126', name: 'Gather.existingFibers', source: 'new (asyncio gather of tasks): like gather of their joins; cancelling the gather cancels them' }, 'invariant', [fc.array(arbA, { minLength: 1, maxLength: 3 }), fc.boolean()], (as, cancel) =>
      Task.flatMap((fs: ReadonlyArray<Fiber<never, number>>) =>
        cancel
          ? spawnThen(Task.gather(fs) as T<any, any>, (g) => seq(Task.cede, seq(cancelAndWait(g), Task.sync(() => fs.map((f) => f.cancelled())))))
          : (Task.gather(fs) as T<any, any>),
      )(Task.traverseSeqArray((a: number) => Task.spawn(Task.onCancel(emit('c'))(Task.as(a)(Task.sleep(3)))))(as)),
    (o, as, cancel) => (cancel ? (o.outcome._tag === 'Succeeded' && (o.outcome.value as boolean[]).every((c) => c) && count(o, 'c') === as.length ? undefined : 'the fibers were not cancelled') : o.outcome._tag === 'Succeeded' && JSON.stringify(o.outcome.value) === JSON.stringify(as) && o.elapsed === 3 ? undefined : 'not the joins')),
    obsLaw({ id: 'L124', name: 'Gather.cancelCancelsEveryChild', source: 'asyncio 3.7+ doc; cpython #76865' }, 'invariant', [fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.nat(3)], (n, rex, k) =>
      spawnThen(
        Task.gather(Array.from({ length: n }, (_, i) => Task.onCancel(emit(i))(Task.never)), { returnExceptions: rex }) as T<any, any>,
        (g) => seq(cedes(k), seq(cancelAndWait(g), joinOutcome(g))),
      ),
    (o, n, _r, k) => {
      if (o.outcome._tag !== 'Succeeded' || (o.outcome.value as { _tag: string })._tag !== 'Cancelled') return 'gather did not end Cancelled'
      // cancelled before the children started: they never run (L107); otherwise each finalizer once
      const started = k >= 2
      return xs(o).length === (started ? n : xs(o).length) && new Set(xs(o)).size === xs(o).length ? undefined : 'finalizers not exactly once'
    }),
  ])
}

/** L110–L117, L134: race. */
export const raceSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  // single-fiber programs: the race's fiber hop lets spawned fibers run further (see L104b)
  const nonCancel = { cancellation: false, joinsMayBeCancelled: false, spawns: false, parallel: false } as const
  return suite('Task race', [
    eqLaw({ id: 'L110', name: 'Race.neverNoncanceledIdentity', source: 'CE3 raceNeverNoncanceledIdentityLeft/Right; CE2 raceMirrors' }, '≡ₘ', [K.t(nonCancel), fc.boolean()], (fa, leftNever) => [
      Task.race(leftNever ? [Task.never as T, fa] : [fa, Task.never as T]),
      fa,
    ], { elapsed: true }),
    eqLaw({ id: 'L112', name: 'Race.loserCancelledAndAwaited', source: 'CE2 raceCancelsLoser; SPEC §1' }, '≡ₒ', [arbA, fc.integer({ min: 1, max: 5 })], (a, d) => [
      Task.race([Task.of(a), Task.onCancel(seq(Task.sleep(d), emit('L')))(Task.never) as T]),
      seq(Task.sleep(d), seq(emit('L'), Task.of(a))),
    ]),
    obsLaw({ id: 'L113', name: 'Race.cancellingTheRaceCancelsAll', source: 'CE2 raceCancelsBoth' }, 'invariant', [fc.integer({ min: 1, max: 3 }), fc.nat(3)], (n, k) =>
      spawnThen(Task.race(Array.from({ length: n }, (_, i) => Task.onCancel(emit(i))(Task.never) as T)), (f) => seq(cedes(k), seq(cancelAndWait(f), joinOutcome(f)))),
    (o) => (o.outcome._tag === 'Succeeded' && (o.outcome.value as { _tag: string })._tag === 'Cancelled' && new Set(xs(o)).size === xs(o).length ? undefined : 'race not cancelled, or a finalizer ran twice')),
    eqLaw({ id: 'L111', name: 'Race.derivesFromWait', source: 'restatement of CE3 raceDerivesFromRacePair (no racePair): wait FIRST_COMPLETED, cancel and await the rest, embed the winner' }, '≡ₒ', [fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), arbA, fc.boolean()), { minLength: 1, maxLength: 3 })], (spec) => {
      const mk = () => spec.map(([d, a, ok], i) => Task.flatMap(() => (ok ? Task.of(a) : Task.fail(`e${i}`)))(Task.sleep(d + i / 10)) as T)
      const viaWait = Task.flatMap(({ done, pending }: { done: ReadonlyArray<Fiber<string, number>>; pending: ReadonlyArray<Fiber<string, number>> }) =>
        seq(Task.traverseSeqArray(cancelAndWait)(pending), Task.flatMap((oc: Outcome.Outcome<string, number>) => embed(oc))(joinOutcome(done[0]!))),
      )(Task.wait(mk(), { returnWhen: 'FIRST_COMPLETED' }) as T<never, any>)
      return [Task.race(mk()), viaWait]
    }),
    eqLaw({ id: 'L114', name: 'Race.failureWins', source: 'CE GenSpawn.race rule 2; SPEC: first to complete wins' }, '≡', [arbE], (e) => [Task.race([Task.fail(e) as T, Task.never as T]), Task.fail(e)], { elapsed: true, trace: 'ignore' }),
    eqLaw({ id: 'L115', name: 'Race.cancelledChildrenAreSkipped', source: 'CE GenSpawn.race rules 3–4; lib/concurrency/race.ts (cancellation is not completion)' }, '≡ₒ', [arbA, fc.boolean()], (a, allCancelled) =>
      allCancelled ? [Task.race([canceled, canceled]), canceled] : [Task.race([Task.as(0)(canceled) as T, Task.as(a)(Task.sleep(1))]), Task.as(a)(Task.sleep(1))],
    ),
    eqLaw({ id: 'L116', name: 'Race.uncancelableNotInherited', source: 'CE3 uncancelableRaceNotInherited [A] (follows L115)' }, '≡', [once], () => [Task.asVoid(Task.uncancellable(() => Task.race([Task.never as T<never, void>, canceled]))), Task.never]),
    eqLaw({ id: 'L117', name: 'Race.deterministicCedeTieBreak', source: "CE raceLeftCedeYields (commented out in CE); asyncio's FIFO makes it checkable" }, '≡ₒ', [arbA, arbA], (x, a) => [Task.race([Task.as(x)(Task.cede), Task.of(a)]), Task.of(a)]),
    eqLaw({ id: 'L134', name: 'Temporal.sleepRaceMinimum', source: 'CE GenTemporalLaws.sleepRaceMinimum' }, '≡ₒ', [arbD, arbD], (d1, d2) => [
      seq(Task.race([Task.sleep(d1), Task.sleep(d2)]), Task.now),
      Task.map((t: number) => t + Math.min(d1, d2))(Task.now),
    ], { elapsed: false }),
  ])
}

/** L127–L131: shield. */
export const shieldSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  return suite('Task shield', [
    eqLaw({ id: 'L127', name: 'Shield.identityWhenNotCancelled', source: 'asyncio shield; single-fiber programs (the shield is a fiber hop, see L104b)' }, '≡', [K.t({ cancellation: false, spawns: false, parallel: false })], (fa) => [Task.shield(fa), fa]),
    obsLaw({ id: 'L128', name: 'Shield.absorbsTheCancel', source: 'asyncio shield doc' }, 'invariant', [fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })], (t, d) =>
      spawnThen(Task.shield(Task.onCancel(emit('inner-cancelled'))(seq(Task.sleep(t + d), emit('inner-done')))), (f) =>
        seq(Task.sleep(t), seq(Task.sync(() => void f.cancel()), seq(Task.map((oc: Outcome.Outcome<unknown, unknown>) => [oc._tag])(joinOutcome(f)), Task.flatMap((x: string[]) => Task.as(x)(Task.sleep(d + 1)))(Task.map((n: number) => [String(n)])(Task.now))))),
      ),
    (o, t, d) => {
      const tr = xs(o)
      return tr.join() === 'inner-done' && o.trace[0]!.t === t + d ? undefined : `expected the inner to finish at ${t + d} untouched, got ${tr}`
    }),
    eqLaw({ id: 'L129', name: 'Shield.idempotent', source: 'asyncio shield; single-fiber programs (each shield is a fiber hop, see L104b)' }, '≡', [K.t({ spawns: false, parallel: false })], (fa) => [Task.shield(Task.shield(fa)), Task.shield(fa)]),
    obsLaw({ id: 'L131', name: 'Shield.doesNotSurviveTeardown', source: "the 'asyncio.shield is misleading' gist; run() cancels a shielded inner still pending" }, 'invariant', [fc.integer({ min: 1, max: 5 })], (d) =>
      spawnThen(Task.shield(Task.onCancel(emit('inner-cancelled'))(seq(Task.sleep(d), emit('inner-done')))), (f) => seq(Task.cede, seq(Task.sync(() => void f.cancel()), Task.cede))),
    (o) => (o.after.map((e) => e.x).join() === 'inner-cancelled' && o.pendingAtEnd === 0 ? undefined : 'the shielded inner survived teardown'),
    { afterMain: 'teardown' }),
    obsLaw({ id: 'L130', name: 'Shield.differsFromUncancellable', source: 'asyncio shield vs a masked region' }, 'invariant', [fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.boolean()], (t, d, useShield) =>
      spawnThen(useShield ? Task.shield(Task.sleep(t + d)) : Task.uncancellable(() => Task.sleep(t + d)), (f) =>
        seq(Task.sleep(t), seq(Task.sync(() => void f.cancel()), seq(joinOutcome(f), Task.now))),
      ),
    (o, t, d, useShield) => (o.outcome._tag === 'Succeeded' && o.outcome.value === (useShield ? t : t + d) ? undefined : `the awaiter should end at ${useShield ? t : t + d}`)),
  ])
}

/** L132–L145: the virtual clock. */
export const temporalSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  return suite('Task temporal', [
    obsLaw({ id: 'L132', name: 'Clock.monotonicity', source: 'CE ClockLaws.monotonicity' }, 'invariant', [K.t()], (fa) => Task.flatMap((t1: number) => Task.flatMap(() => Task.map((t2: number) => [t1, t2])(Task.now))(Task.either(fa)))(Task.now), (o) =>
      o.outcome._tag !== 'Succeeded' || (o.outcome.value as number[])[0]! <= (o.outcome.value as number[])[1]! ? undefined : 'time went backwards',
    ),
    eqLaw({ id: 'L133', name: 'Temporal.monotonicSleepSumIdentity', source: 'CE GenTemporalLaws (tolerance 0)' }, '≡ₒ', [fc.integer({ min: 0, max: 1000 })], (d) => [seq(Task.sleep(d), Task.now), Task.map((t: number) => t + d)(Task.now)], { elapsed: false }),
    eqLaw({ id: 'L135', name: 'Temporal.startSleepMaximum', source: 'CE GenTemporalLaws.startSleepMaximum' }, '≡ₒ', [arbD, arbD], (d1, d2) => [
      seq(spawnThen(Task.sleep(d1), (f) => seq(Task.sleep(d2), Task.join(f))), Task.now),
      Task.map((t: number) => t + Math.max(d1, d2))(Task.now),
    ], { elapsed: false }),
    eqLaw({ id: 'L136', name: 'Temporal.additivity', source: 'new; sleep(0) ≡ cede (SPEC)' }, '≡', [arbD, arbD], (d1, d2) => [seq(Task.sleep(d1), Task.sleep(d2)), d1 === 0 && d2 === 0 ? seq(Task.cede, Task.cede) : Task.sleep(d1 + d2)], { trace: 'ignore' }),
    eqLaw({ id: 'L136b', name: 'Temporal.sleepZeroIsCede', source: 'asyncio sleep(0); SPEC' }, '≡', [K.t()], (fa) => [seq(Task.sleep(0), fa), seq(Task.cede, fa)]),
    eqLaw({ id: 'L137', name: 'Temporal.computeIsFree', source: 'CE TestControl scaladoc' }, '≡ₒ', [arbF], (f) => [
      Task.flatMap((t0: number) => Task.map((t1: number) => t1 - t0)(Task.flatMap(() => Task.now)(Task.sync(() => Array.from({ length: 1000 }, (_, i) => f(i)).length))))(Task.now),
      Task.of(0),
    ]),
    eqLaw({ id: 'L138', name: 'Temporal.cancelledTimersAreForgotten', source: 'implied by CE sleepRaceMinimum; CE IOSpec' }, '≡', [arbA, fc.integer({ min: 1, max: 1000 })], (a, d) => [Task.race([Task.of(a), Task.as(a)(Task.sleep(d))]), Task.of(a)], { elapsed: true, leftovers: 'compare' }),
    eqLaw({ id: 'L145', name: 'Temporal.timeScaling', source: 'new (metamorphic)' }, '≡ₒ', [fc.array(arbD, { minLength: 1, maxLength: 4 }), fc.integer({ min: 2, max: 4 })], (ds, k) => {
      const prog = (m: number) => Task.gather(ds.map((d, i) => Task.flatMap(() => Task.map((t: number) => [i, t / m])(Task.now))(Task.sleep(d * m))))
      return [prog(k) as T<any, any>, prog(1) as T<any, any>]
    }, { elapsed: false }),
  ])
}

/** Errors compared by name only: a `TimeoutError`'s message says how long it waited. */
const byName = { eqE: { equals: (x: unknown, y: unknown) => (x instanceof Error && y instanceof Error ? x.name === y.name : Object.is(x, y)) } }

/** L139–L144: waitFor / timeout. */
export const timeoutSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  return suite('Task timeout', [
    eqLaw({ id: 'L139', name: 'Timeout.infiniteIsIdentity', source: 'CE GenTemporalSpec' }, '≡', [K.t()], (fa) => [Task.waitFor(fa, Infinity) as T<any, any>, fa]),
    eqLaw({ id: 'L140', name: 'Timeout.pureAndNever', source: 'CE GenTemporalSpec' }, '≡', [arbA, fc.integer({ min: 1, max: 100 }), fc.boolean()], (a, d, pure) =>
      pure ? [Task.waitFor(Task.of(a), d) as T<any, any>, Task.of(a)] : [Task.waitFor(Task.never, d) as T<any, any>, seq(Task.sleep(d), Task.fail(timeoutError()))],
    byName),
    eqLaw({ id: 'L141', name: 'Timeout.tieByCallbackOrder', source: "CE GenTemporalSpec [A]: SPEC's tie rule (callback order, as asyncio): the deadline's timer is registered before the inner's sleep, so at a tie the timeout wins" }, '≡', [fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), arbA], (d1, d2, a) => [
      Task.waitFor(Task.as(a)(Task.sleep(d1)), d2) as T<any, any>,
      d1 < d2 ? Task.as(a)(Task.sleep(d1)) : seq(Task.sleep(d2), Task.fail(timeoutError())),
    ], byName),
    eqLaw({ id: 'L142', name: 'Timeout.waitsForTheCancelledTask', source: 'CE GenTemporal.timeoutTo doc; IOSpec [A]: SPEC: an inner that defers the cancel and returns a value returns that value (at d + d3)' }, '≡', [fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), arbA, fc.boolean()], (d, d3, a, masked) =>
      masked
        ? [Task.waitFor(Task.uncancellable(() => Task.as(a)(Task.sleep(d + d3))), d) as T<any, any>, Task.as(a)(Task.sleep(d + d3))]
        : [Task.waitFor(Task.onCancel(Task.sleep(d3))(Task.never), d) as T<any, any>, seq(Task.sleep(d + d3), Task.fail(timeoutError()))],
    byName),
    eqLaw({ id: 'L143', name: 'Timeout.derivesFromRace', source: 'CE GenTemporal.timeout [A]: apart from the tie (d1 ≠ d2)' }, '≡ₒ', [fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), arbA], (d1, d2, a) => {
      const fa = (): T<any, any> => Task.as(a)(Task.sleep(d1 === d2 ? d1 + 1 : d1))
      return [Task.waitFor(fa(), d2) as T<any, any>, Task.race([fa(), seq(Task.sleep(d2), Task.fail(timeoutError()))])]
    }, byName),
    obsLaw({ id: 'L144', name: 'Timeout.externalCancelBeatsTimeout', source: 'asyncio 3.11 uncancel(); cpython #86296' }, 'invariant', [fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 })], (d, delta) =>
      spawnThen(Task.waitFor(Task.never, d) as T<any, any>, (f) => seq(Task.sleep(Math.max(0, d - 1 + delta)), seq(Task.sync(() => void f.cancel()), joinOutcome(f)))),
    (o, d, delta) => {
      const oc = o.outcome._tag === 'Succeeded' ? (o.outcome.value as Outcome.Outcome<unknown, unknown>) : undefined
      if (oc === undefined) return 'main failed'
      // before or at expiry the cancel wins; after expiry the waitFor already failed
      const cancelAt = Math.max(0, d - 1 + delta)
      return cancelAt <= d ? (oc._tag === 'Cancelled' ? undefined : `cancel at ${cancelAt} should win, got ${oc._tag}`) : oc._tag === 'Failed' ? undefined : 'expected TimeoutError'
    }),
  ])
}

/** L146–L150: callbacks. */
export const callbackSuite = (_opts: TaskSuiteOptions = {}): LawSuite =>
  suite('Task callback', [
    eqLaw({ id: 'L146', name: 'Callback.resumeIsPure', source: 'CE2 asyncRightIsPure, asyncLeftIsRaiseError' }, '≡', [arbA, arbE, fc.boolean()], (a, e, ok) =>
      ok ? [Task.callback<never, number>((r) => r(Task.of(a))), Task.of(a)] : [Task.callback<string, never>((r) => r(Task.fail(e))), Task.fail(e)],
    { trace: 'ignore' }),
    eqLaw({ id: 'L147', name: 'Callback.repeatedResumeIgnored', source: 'CE3 asyncRepeatedCallbackIgnored' }, '≡', [arbA, arbA], (a, b) => [
      Task.callback<never, number>((r) => {
        r(Task.of(a))
        r(Task.of(b))
      }),
      Task.callback<never, number>((r) => r(Task.of(a))),
    ]),
    eqLaw({ id: 'L148', name: 'Callback.neverIsDerivedFromCallback', source: 'CE neverIsDerivedFromAsync' }, '≡', [once], () => [Task.never, Task.callback(() => {})]),
    obsLaw({ id: 'L149', name: 'Callback.resumedBeforeCancelNeverAborts', source: 'CE3 asyncCancelTokenIsUnsequencedOnCompletion' }, 'invariant', [arbA], (a) =>
      Task.callback<never, number>((r, signal) => {
        signal.addEventListener('abort', () => {
          throw new Error('aborted after resume')
        })
        r(Task.of(a))
      }),
    (o, a) => (o.outcome._tag === 'Succeeded' && o.outcome.value === a && o.unhandled.length === 0 ? undefined : 'signal fired after resume')),
    obsLaw({ id: 'L150', name: 'Callback.cancelWhileSuspended', source: 'Fluture 1.future.js; Effect callback interrupt; CE IOSpec' }, 'invariant', [fc.integer({ min: 1, max: 5 })], (d) =>
      Task.flatMap((loop: import('../../lib/index.js').Loop) => {
        let aborts = 0
        let resume: ((t: T<never, number>) => void) | undefined
        const cb = Task.onCancel(emit('cleanup'))(
          Task.callback<never, number>((r, signal) => {
            resume = r
            signal.addEventListener('abort', () => aborts++)
          }),
        )
        return spawnThen(cb, (f) =>
          seq(Task.sleep(d), seq(cancelAndWait(f), seq(Task.sync(() => resume?.(Task.of(1))), seq(Task.cede, Task.map((oc: Outcome.Outcome<never, number>) => [oc._tag, aborts, loop.time()])(joinOutcome(f)))))),
        )
      })(Task.getRunningLoop),
    (o) => {
      const v = o.outcome._tag === 'Succeeded' ? (o.outcome.value as unknown[]) : []
      return v[0] === 'Cancelled' && v[1] === 1 && xs(o).join() === 'cleanup' ? undefined : `expected Cancelled, one abort, one cleanup; got ${String(v)} ${xs(o)}`
    }),
  ])

