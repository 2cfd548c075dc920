/**
 * Cancellation suites: MonadCancel (cats-effect 3's laws, adapted to asyncio delivery at
 * suspension points), bracket (cats-effect 2's laws plus trace laws), and the asyncio
 * cancellation laws cats-effect lacks (L152–L162).
 *
 * @module
 */
import * as fc from 'fast-check'
import type { Fiber, Outcome } from '../../lib/index.js'
import { CancelledError, ExceptionGroup, Lock, Queue, Task } from '../../lib/index.js'
import { canceled, cancelAndWait, forceR, guaranteeCase, joinOutcome, seq } from '../helpers.js'
import { emit, observe } from '../observe.js'
import type { LawSuite } from '../suite.js'
import { suite } from '../suite.js'
import type { TaskSuiteOptions, T } from './kit.js'
import { arbA, arbD, arbE, cancelAfter, cedes, count, eqLaw, kit, notLaw, obsLaw, once, xs } from './kit.js'

const spawnThen = <E, A, E2, B>(t: T<E, A>, k: (f: Fiber<E, A>) => T<E2, B>): T<E2, B> => Task.flatMap(k)(Task.spawn(t))

/** L64–L79: `uncancellable`/`poll`, `onCancel`, `forceR`, `canceled`. */
export const monadCancelSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const caveat1 = { joinsMayBeCancelled: false } as const
  const quietFin = { failures: false, cancellation: false, spawns: false } as const
  return suite('Task MonadCancel', [
    eqLaw({ id: 'L64', name: 'MonadCancel.guaranteeIsGuaranteeCase', source: 'CE3 MonadCancelLaws' }, '≡', [K.t(), K.fin()], (fa, fin) => [Task.ensuring(fin)(fa), guaranteeCase(fa, () => fin)]),
    eqLaw({ id: 'L65', name: 'MonadCancel.uncancelablePollIsIdentity', source: 'CE3 MonadCancelLaws' }, '≡', [K.t()], (fa) => [Task.uncancellable((poll) => poll(fa)), fa]),
    eqLaw({ id: 'L66', name: 'MonadCancel.uncancelableIgnoredPollEliminatesNesting', source: 'CE3 MonadCancelLaws' }, '≡', [K.t()], (fa) => [
      Task.uncancellable(() => Task.uncancellable(() => fa)),
      Task.uncancellable(() => fa),
    ]),
    eqLaw({ id: 'L67', name: 'MonadCancel.uncancelablePollInverseNestIsUncancelable', source: 'CE3 MonadCancelLaws; Effect interruption.test.ts' }, '≡', [K.t()], (fa) => [
      Task.uncancellable((op) => Task.uncancellable((ip) => op(ip(fa)))),
      Task.uncancellable(() => fa),
    ]),
    eqLaw({ id: 'L68', name: 'MonadCancel.pendingCancelDeliveredInPoll', source: "CE3 (commented-out TODO); Effect Fiber.test.ts. [A] SPEC: delivered at the first suspension point inside poll, not at poll's entry, so fa starts with a suspension point here" }, '≡', [K.t(), K.t()], (fa, fb) => [
      Task.uncancellable((p) => seq(canceled, seq(p(seq(Task.cede, fa)), fb))),
      Task.uncancellable((p) => seq(p(seq(canceled, seq(Task.cede, fa))), fb)),
    ]),
    notLaw({ id: 'L68x', name: 'MonadCancel.pollEntryIsNotADeliveryPoint', source: 'counterexample to the unrestricted L68 (asyncio: delivery only at suspension points)' }, () => {
      const fa = Task.ensuring(emit('fin'))(Task.cede)
      return [Task.uncancellable((p) => seq(canceled, p(fa))), Task.uncancellable((p) => p(seq(canceled, fa)))]
    }),
    eqLaw({ id: 'L69', name: 'MonadCancel.uncancelableEliminatesOnCancel', source: 'CE3 MonadCancelLaws (caveat 1)' }, '≡', [K.t(caveat1), K.fin()], (fa, fin) => [
      Task.uncancellable(() => Task.onCancel(fin)(fa)),
      Task.uncancellable(() => fa),
    ]),
    eqLaw({ id: 'L70', name: 'MonadCancel.onCancelAssociatesOverUncancelableBoundary', source: 'CE3 MonadCancelLaws (holds iff a cancel pending at region exit is delivered at the next suspension point)' }, '≡', [K.t(caveat1), K.fin()], (fa, fin) => [
      Task.uncancellable(() => Task.onCancel(fin)(fa)),
      Task.onCancel(fin)(Task.uncancellable(() => fa)),
    ]),
    eqLaw({ id: 'L71', name: 'MonadCancel.onCancelImpliesUncancelable', source: 'CE3 MonadCancelLaws (caveat 1)' }, '≡', [K.t(caveat1), K.fin(), K.fin()], (fa, fin1, fin2) => [
      Task.onCancel(fin2)(Task.onCancel(Task.uncancellable(() => fin1))(fa)),
      Task.onCancel(fin2)(Task.onCancel(fin1)(fa)),
    ]),
    eqLaw({ id: 'L72', name: 'MonadCancel.forceRDiscardsPure', source: 'CE3 MonadCancelLaws' }, '≡', [arbA, K.t()], (a, fa) => [forceR(Task.of(a), fa), fa]),
    eqLaw({ id: 'L73', name: 'MonadCancel.forceRDiscardsError', source: 'CE3 MonadCancelLaws' }, '≡', [arbE, K.t()], (e, fa) => [forceR(Task.fail(e), fa), fa]),
    eqLaw({ id: 'L74', name: 'MonadCancel.forceRCanceledShortCircuits', source: 'CE3 MonadCancelLaws' }, '≡', [K.t()], (fa) => [forceR(canceled, fa), seq(canceled, fa)]),
    eqLaw({ id: 'L75', name: 'MonadCancel.forceRAssociativity', source: 'CE3 MonadCancelLaws' }, '≡', [K.t(), K.t(), K.t()], (fa, fb, fc_) => [forceR(fa, forceR(fb, fc_)), forceR(forceR(fa, fb), fc_)]),
    eqLaw({ id: 'L76', name: 'MonadCancel.uncancelableFinalizers', source: 'CE3 MonadCancelLaws' }, '≡', [K.fin()], (fin) => [
      Task.onCancel(Task.uncancellable(() => fin))(canceled),
      Task.onCancel(fin)(canceled),
    ]),
    eqLaw({ id: 'L77', name: 'MonadCancel.canceledSequencesOnCancelInOrder', source: 'CE3 MonadCancelLaws (finalizers that neither fail nor cancel)' }, '≡', [K.fin(quietFin), K.fin(quietFin)], (fin1, fin2) => [
      Task.onCancel(fin2)(Task.onCancel(fin1)(canceled)),
      forceR(Task.uncancellable(() => forceR(fin1, fin2)), canceled),
    ]),
    eqLaw({ id: 'L78', name: 'MonadCancel.uncancelableCanceledAssociatesRightOverFlatMapAttempt', source: 'CE3 MonadCancelLaws [A] needs L156 (a pending cancel is delivered at the fiber end); single-fiber programs: the cede in canceled lets spawned fibers run one step more on the right' }, '≡', [K.t({ ...caveat1, spawns: false, parallel: false })], (fa) => [
      seq(Task.either(Task.uncancellable(() => seq(canceled, fa))), Task.unit),
      forceR(Task.uncancellable(() => fa), canceled),
    ]),
    eqLaw({ id: 'L79', name: 'MonadCancel.canceledAssociatesLeftOverFlatMap', source: 'CE3 MonadCancelLaws (canceled includes a cede)' }, '≡', [K.t()], (fa) => [seq(canceled, Task.asVoid(fa)), canceled]),
  ])
}

const isCancelled = (oc: Outcome.Outcome<unknown, unknown>): boolean => oc._tag === 'Cancelled'

/** L80–L92: bracket. */
export const bracketSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const caveat1 = { joinsMayBeCancelled: false } as const
  const rel = (fin: T<any, any>) => (_r: number, oc: Outcome.Outcome<string, number>) => seq(emit(`rel:${oc._tag}`), fin)
  return suite('Task bracket', [
    eqLaw({ id: 'L80', name: 'Bracket.definition', source: 'CE3 MonadCancel.bracketFull' }, '≡', [K.t(), K.k(), K.fin()], (acq, use, fin) => [
      Task.bracket(acq, use, rel(fin)),
      Task.uncancellable((poll) => Task.flatMap((r: number) => guaranteeCase(poll(use(r)), (oc) => rel(fin)(r, oc)))(acq)),
    ]),
    eqLaw({ id: 'L81', name: 'Bracket.withPureUnitIsMap', source: 'CE2 bracketCaseWithPureUnitIsEqvMap (acquire cannot observe a cancel)' }, '≡', [K.t({ ...caveat1, cancellation: false }), fc.func(arbA)], (fa, f) => [
      Task.bracket(fa, (a: number) => Task.of(f(a)), () => Task.unit),
      Task.map(f)(fa),
    ]),
    eqLaw({ id: 'L82', name: 'Bracket.withPureUnitIsUncancelable', source: 'CE2 bracketCaseWithPureUnitIsUncancelable' }, '≡', [K.t(), K.k()], (fa, k) => [
      Task.bracket(fa, k, () => Task.unit),
      Task.flatMap(k)(Task.uncancellable(() => fa)),
    ]),
    eqLaw({ id: 'L83', name: 'Bracket.failureInAcquisitionRemainsFailure', source: 'CE2 bracketCaseFailureInAcquisitionRemainsFailure' }, '≡', [arbE, K.k(), K.fin()], (e, k, fin) => [Task.bracket(Task.fail(e) as T, k, rel(fin)), Task.fail(e)]),
    eqLaw({ id: 'L84', name: 'Bracket.uncancelablePreventsCanceledCase', source: 'CE2 uncancelablePreventsCanceledCase (caveat 1)' }, '≡', [K.t(caveat1), K.fin(), K.fin()], (fa, finC, finF) => [
      Task.uncancellable(() => Task.bracket(Task.unit, () => fa, (_, oc) => (isCancelled(oc) ? finC : finF))),
      Task.uncancellable(() => Task.ensuring(finF)(fa)),
    ]),
    eqLaw({ id: 'L85', name: 'Bracket.acquireAndReleaseAreUncancelable', source: 'CE2 acquireAndReleaseAreUncancelable' }, '≡', [K.t(), K.k(), K.fin()], (acq, use, fin) => [
      Task.bracket(Task.uncancellable(() => acq), use, (r, oc) => Task.uncancellable(() => rel(fin)(r, oc))),
      Task.bracket(acq, use, rel(fin)),
    ]),
    eqLaw({ id: 'L86', name: 'Bracket.guaranteeDerivedFromBracket', source: 'CE2 guaranteeIsDerivedFromBracket, onCancelIsDerivedFromGuaranteeCase' }, '≡', [K.t(), K.fin(), fc.boolean()], (fa, fin, ens) => [
      ens ? Task.ensuring(fin)(fa) : Task.onCancel(fin)(fa),
      ens ? Task.bracket(Task.unit, () => fa, () => fin) : guaranteeCase(fa, (oc) => (isCancelled(oc) ? fin : Task.unit)),
    ]),
    obsLaw({ id: 'L88', name: 'Bracket.acquireIsNotCancelable', source: 'CE2 ConcurrentLaws.acquireIsNotCancelable [A]: use never passes its first suspension point (its synchronous prefix runs, see L68x)' }, 'invariant', [fc.integer({ min: 1, max: 5 }), K.t()], (d, use) =>
      spawnThen(Task.bracket(seq(Task.sleep(d), seq(emit('acq'), Task.of(1))), () => seq(Task.cede, seq(emit('use'), use)), rel(Task.unit)), (f) => seq(Task.cede, seq(cancelAndWait(f), joinOutcome(f)))),
    (o) => {
      const t = xs(o).join(',')
      return t === 'acq,rel:Cancelled' && o.outcome._tag === 'Succeeded' && (o.outcome.value as { _tag: string })._tag === 'Cancelled' ? undefined : `expected acq, rel:Cancelled and a Cancelled fiber, got ${t}`
    }),
    obsLaw({ id: 'L89', name: 'Bracket.releaseIsNotCancelable', source: 'CE2 ConcurrentLaws.releaseIsNotCancelable' }, 'invariant', [fc.integer({ min: 1, max: 5 })], (d) =>
      spawnThen(Task.bracket(Task.of(1), () => Task.of(2), () => seq(emit('rel'), seq(Task.sleep(d), emit('rel-done')))), (f) => seq(Task.cede, seq(Task.cede, seq(cancelAndWait(f), joinOutcome(f))))),
    (o) => (xs(o).join(',') === 'rel,rel-done' ? undefined : `release was cut: ${xs(o).join(',')}`)),
    obsLaw({ id: 'L90', name: 'Bracket.cancelDuringUseReachesRelease', source: 'CE2 ConcurrentLaws.cancelOnBracketReleases' }, 'invariant', [arbD], (d) =>
      spawnThen(Task.bracket(seq(emit('acq'), Task.of(1)), () => seq(Task.sleep(d), Task.never), rel(Task.unit)), (f) => seq(Task.sleep(d + 1), cancelAndWait(f))),
    (o) => (xs(o).join(',') === 'acq,rel:Cancelled' ? undefined : `expected acq, rel:Cancelled, got ${xs(o).join(',')}`)),
    obsLaw({ id: 'L91', name: 'Bracket.finalizersOnceLIFO', source: 'CE IOSpec nested finalizers; Effect Fiber.test.ts (cancel injected after k iterations)' }, 'invariant', [K.t(), fc.option(fc.nat(8), { nil: undefined }), fc.boolean()], (fa, k, asyncFin) =>
      cancelAfter(Task.ensuring(seq(asyncFin ? Task.sleep(1) : Task.unit, emit(2)))(Task.ensuring(seq(asyncFin ? Task.cede : Task.unit, emit(1)))(fa)), k),
    (o) => {
      if (o.outcome._tag !== 'Succeeded') return undefined // the program never ended (e.g. an uncancellable never)
      const t = xs(o)
      if (t.length === 0 && o.outcome.value._tag === 'Cancelled') return undefined // cancelled before its first step: the body never ran (L107)
      return count(o, 1) === 1 && count(o, 2) === 1 && t.indexOf(1) < t.indexOf(2) ? undefined : 'finalizers 1 then 2 did not run exactly once each'
    }),
    eqLaw({ id: 'L92', name: 'Bracket.finalizerFailureReplaces', source: 'decision: Python finally semantics (lib/task/finalization.ts)' }, '≡', [K.t({ cancellation: false }), arbE], (fa, x) => [
      Task.ensuring(Task.fail(x))(fa),
      seq(Task.either(fa), Task.fail(x)),
    ]),
  ])
}

/** L152–L162: asyncio's cancellation rules as laws. */
export const asyncioSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const cancelResults = (twice: boolean) =>
    spawnThen(Task.onCancel(emit('fin'))(Task.never) as T, (f) =>
      seq(
        Task.cede,
        Task.flatMap((r: boolean[]) => Task.map(() => [...r, f.cancelling()])(joinOutcome(f)))(
          Task.sync(() => (twice ? [f.cancel(), f.cancel()] : [f.cancel()])),
        ),
      ),
    )
  return suite('Task asyncio', [
    eqLaw({ id: 'L152', name: 'Asyncio.cancelOfDoneFiberIsNoop', source: 'asyncio Task.cancel doc (cpython #132374); SPEC §2' }, '≡', [K.t()], (fa) => [
      spawnThen(fa, (f) => Task.flatMap((oc: Outcome.Outcome<string, number>) => Task.map((r: boolean) => [oc, r])(Task.sync(() => f.cancel())))(joinOutcome(f))),
      spawnThen(fa, (f) => Task.map((oc: Outcome.Outcome<string, number>) => [oc, false])(joinOutcome(f))),
    ]),
    obsLaw({ id: 'L153', name: 'Asyncio.cancelIsIdempotentInEffect', source: 'asyncio 3.11 cancelling(); CE IOSpec' }, 'invariant', [once], () => cancelResults(true), (o) => {
      const one = observe(cancelResults(false))
      if (o.outcome._tag !== 'Succeeded' || one.outcome._tag !== 'Succeeded') return 'did not succeed'
      const v = o.outcome.value as unknown[]
      if (v[0] !== true || v[1] !== true || v[2] !== 2) return `expected cancel() twice true and cancelling() 2, got ${String(v)}`
      return xs(o).join() === xs(one).join() ? undefined : 'two cancels ran finalizers differently from one'
    }),
    obsLaw({ id: 'L155', name: 'Asyncio.joinPropagatesCancellation', source: 'SPEC §1 join; asyncio _fut_waiter (R26)' }, 'invariant', [fc.boolean()], (shielded) =>
      spawnThen(Task.onCancel(emit('g'))(Task.never) as T, (g) =>
        spawnThen(shielded ? Task.shield(g) : Task.join(g), (f) => seq(Task.cede, seq(Task.cede, seq(cancelAndWait(f), Task.sync(() => g.done()))))),
      ),
    (o, shielded) => {
      const expected = shielded ? '' : 'g'
      return xs(o).join() === expected && o.outcome._tag === 'Succeeded' && o.outcome.value === !shielded ? undefined : `shielded=${shielded}: expected trace [${expected}]`
    }),
    obsLaw({ id: 'L156', name: 'Asyncio.pendingCancelDeliveredAtFiberEnd', source: 'bpo-30048 (cpython #1547); differs from CE IOSpec' }, 'invariant', [arbA, fc.boolean()], (a, masked) =>
      spawnThen(masked ? Task.uncancellable(() => Task.as(a)(Task.flatMap((f: Fiber) => Task.sync(() => f.cancel()))(Task.currentFiber))) : Task.as(a)(Task.flatMap((f: Fiber) => Task.sync(() => f.cancel()))(Task.currentFiber)), joinOutcome),
    (o) => (o.outcome._tag === 'Succeeded' && (o.outcome.value as { _tag: string })._tag === 'Cancelled' ? undefined : 'expected the fiber to end Cancelled')),
    obsLaw({ id: 'L157', name: 'Asyncio.swallowingDeniesTheRequest', source: 'asyncio Task.cancel doc ("deny the request")' }, 'invariant', [arbA], (a) =>
      spawnThen(
        Task.ensuring(emit('fin'))(
          Task.gen(function* () {
            try {
              yield* Task.never
            } catch (e) {
              if (!(e instanceof CancelledError)) throw e
            }
            return a
          }),
        ),
        (f) => seq(Task.cede, seq(Task.sync(() => f.cancel()), Task.map((oc: unknown) => [oc, f.cancelling()])(joinOutcome(f)))),
      ),
    (o, a) => {
      const v = o.outcome._tag === 'Succeeded' ? (o.outcome.value as [Outcome.Outcome<never, number>, number]) : undefined
      return v !== undefined && v[0]._tag === 'Succeeded' && v[0].value === a && v[1] === 1 && xs(o).join() === 'fin' ? undefined : 'a swallowing coroutine should succeed with cancelling() = 1'
    }),
    obsLaw({ id: 'L158', name: 'Asyncio.cancelMessageReachesJoiners', source: 'asyncio 3.9 msg' }, 'invariant', [fc.constantFrom('stop', 'shutdown')], (msg) =>
      spawnThen(Task.never as T, (f) => seq(Task.cede, seq(Task.sync(() => f.cancel(msg)), joinOutcome(f)))),
    (o, msg) => (o.outcome._tag === 'Succeeded' && (o.outcome.value as { message?: string }).message === msg ? undefined : `expected Cancelled(${msg})`)),
    obsLaw({ id: 'L159', name: 'Asyncio.queueGetCancellationSafety', source: 'SPEC §4 (cancel injected after k iterations)' }, 'invariant', [fc.integer({ min: 1, max: 5 }), fc.nat(12)], (n, k) =>
      Task.suspend(() => {
        const q = new Queue<number>({ maxsize: 1 })
        const consumer: T<never, never> = Task.flatMap((x: number) => seq(emit(x), consumer))(q.get() as T<never, number>) as T<never, never>
        const producer = Task.traverseSeqArray((i: number) => q.put(i) as T<never, void>)(Array.from({ length: n }, (_, i) => i))
        const drain = Task.sync(() => {
          const rest: number[] = []
          while (!q.empty()) rest.push(q.getNowait())
          return rest
        })
        return spawnThen(consumer, (c) => spawnThen(producer, (p) => seq(cedes(k), seq(cancelAndWait(c), seq(cedes(2), seq(cancelAndWait(p), drain))))))
      }),
    (o, n) => {
      if (o.outcome._tag !== 'Succeeded') return `expected success, got ${o.outcome._tag}`
      const got = [...xs(o), ...(o.outcome.value as number[])] as number[]
      // the producer may be blocked forever once the consumer is gone: count what it put
      const sorted = [...got].sort((x, y) => x - y)
      return sorted.every((x, i) => x === i) && new Set(got).size === got.length && got.length <= n ? undefined : `items lost or duplicated: ${got}`
    }),
    obsLaw({ id: 'L159b', name: 'Asyncio.lockCancellationSafety', source: 'SPEC §4: a cancelled acquire holds nothing (worker i cancelled after k_i iterations)' }, 'invariant', [fc.array(fc.option(fc.nat(6), { nil: undefined }), { minLength: 2, maxLength: 4 })], (ks) =>
      Task.suspend(() => {
        const lock = new Lock()
        let inside = 0
        let overlap = false
        const worker = (i: number): T<never, void> =>
          lock.withLock(
            Task.flatMap(() => Task.ensuring(Task.sync(() => void inside--))(seq(emit(`in:${i}`), Task.sleep(1))))(
              Task.sync(() => {
                if (++inside > 1) overlap = true
              }),
            ),
          )
        return Task.flatMap((fs: ReadonlyArray<Fiber<never, void>>) =>
          seq(
            Task.traverseArray((j: number) => (ks[j] === undefined ? Task.unit : seq(cedes(ks[j]!), cancelAndWait(fs[j]!))))(fs.map((_, j) => j)),
            seq(Task.traverseSeqArray(joinOutcome)(fs), Task.sync(() => [lock.locked(), overlap])),
          ),
        )(Task.traverseSeqArray((i: number) => Task.spawn(worker(i)))(ks.map((_, i) => i)))
      }),
    (o) => {
      if (o.outcome._tag !== 'Succeeded') return `expected success, got ${o.outcome._tag}`
      const [locked, overlap] = o.outcome.value as [boolean, boolean]
      return locked ? 'the lock is still held after everyone ended' : overlap ? 'two holders at once' : undefined
    }),
    obsLaw({ id: 'L175', name: 'Asyncio.failingFinalizerRestoresMask', source: 'SPEC §1 ensuring: a finalizer runs masked, and the mask ends with it on every path' }, 'invariant', [arbD, fc.integer({ min: 1, max: 5 })], (d, at) =>
      spawnThen(seq(Task.either(Task.ensuring(Task.fail('fin failed'))(Task.sleep(d))), seq(Task.sleep(100), emit('not cancelled'))) as T, (f) =>
        seq(Task.sleep(d + at), seq(cancelAndWait(f), Task.sync(() => f.cancelled()))),
      ),
    (o) => (o.outcome._tag === 'Succeeded' && o.outcome.value === true && xs(o).length === 0 ? undefined : 'the fiber stayed uncancellable after its finalizer failed')),
    obsLaw({ id: 'L176', name: 'Asyncio.cancelAfterPollWaitsForRegionEnd', source: 'SPEC §1 uncancellable (R24): a cancel that arrives after poll returned is delivered at the end of the region' }, 'invariant', [fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 6 })], (d1, d2) =>
      spawnThen(Task.uncancellable((poll) => seq(poll(Task.sleep(d1)), seq(Task.sleep(d2), emit('masked part completed')))) as T, (f) =>
        seq(Task.sleep(d1 + 1), seq(cancelAndWait(f), Task.sync(() => f.cancelled()))),
      ),
    (o, d1, d2) =>
      o.outcome._tag === 'Succeeded' && o.outcome.value === true && xs(o).join() === 'masked part completed' && o.elapsed === d1 + d2
        ? undefined
        : 'expected the masked part to complete, then the fiber to end cancelled at the end of the region'),
    obsLaw({ id: 'L177', name: 'Asyncio.noForeignStartAfterPendingCancel', source: 'SPEC §1 promise/callback: a cancel pending at the suspension point is delivered before the operation begins (R23)' }, 'invariant', [arbA, fc.boolean()], (a, viaPromise) =>
      Task.suspend(() => {
        let started = false
        const op: T<never, number> = viaPromise
          ? Task.promise(() => {
              started = true
              return Promise.resolve(a)
            })
          : Task.callback<never, number>((resume) => {
              started = true
              resume(Task.of(a))
            })
        const selfCancel = Task.flatMap((me: Fiber) => Task.sync(() => void me.cancel()))(Task.currentFiber)
        return spawnThen(seq(selfCancel, op) as T, (f) => seq(joinOutcome(f), Task.sync(() => [f.cancelled(), started])))
      }),
    (o) => (o.outcome._tag === 'Succeeded' && (o.outcome.value as boolean[]).join() === 'true,false' ? undefined : 'a foreign operation started although a cancel was pending')),
    obsLaw({ id: 'L160', name: 'Asyncio.taskGroup', source: 'asyncio TaskGroup; cpython #108951, #116720' }, 'invariant', [arbD, arbD, fc.boolean()], (d1, d2, failing) =>
      Task.either(
        Task.taskGroup((tg) =>
          seq(
            tg.spawn(Task.onCancel(emit('c1'))(seq(Task.sleep(d1), emit('done1')))),
            seq(tg.spawn(seq(Task.sleep(d2), failing ? Task.fail('boom') : emit('done2'))), Task.of(0)),
          ),
        ),
      ),
    (o, d1, d2, failing) => {
      if (o.leftovers.fibers !== 0) return 'children outlived the group'
      if (!failing) return o.elapsed === Math.max(d1, d2) && count(o, 'done1') === 1 && count(o, 'done2') === 1 ? undefined : 'group did not wait for all'
      if (o.outcome._tag !== 'Succeeded' || (o.outcome.value as { _tag: string })._tag !== 'Left') return 'expected the group to fail'
      const err = (o.outcome.value as { left: unknown }).left
      if (!(err instanceof ExceptionGroup) || err.errors.length !== 1 || err.errors[0] !== 'boom') return 'expected ExceptionGroup([boom])'
      return d1 <= d2 ? undefined : count(o, 'c1') === 1 ? undefined : 'the sibling was not cancelled'
    }),
    obsLaw({ id: 'F1', name: 'Fairness.busyFiberYields', source: 'fairness: the interpreter yields after a bounded number of steps' }, 'invariant', [fc.integer({ min: 10_000, max: 50_000 })], (n) => {
      const busy = (i: number): T<never, void> => (i === 0 ? emit('busy-done') : Task.flatMap(() => busy(i - 1))(Task.unit))
      // the other fiber needs two iterations to emit; without fairness busy-done would come first
      return spawnThen(seq(Task.cede, emit('other')), () => busy(n))
    }, (o) => (xs(o).join() === 'other,busy-done' ? undefined : 'a busy fiber starved a ready one')),
    obsLaw({ id: 'F2', name: 'Fairness.cedeLoopNeverMovesTheClock', source: "decision: on the virtual clock a cede loop keeps the ready queue non-empty, so time never advances and a timeout never fires; observe reports Diverged('steps')", params: { numRuns: 1 } }, 'invariant', [once], () => {
      const spin: T<never, never> = Task.flatMap(() => spin)(Task.cede)
      return Task.waitFor(spin, 10) as T<any, any>
    }, (o) => (o.outcome._tag === 'Diverged' && o.outcome.reason === 'steps' && o.elapsed === 0 ? undefined : 'expected Diverged(steps) at time 0'), { maxSteps: 5_000 }),
    obsLaw({ id: 'L161', name: 'Asyncio.unhandledReportedOnce', source: 'SPEC §3; cats-effect #2868' }, 'invariant', [arbE, fc.boolean()], (e, retrieve) =>
      spawnThen(Task.fail(e) as T, (f) => (retrieve ? Task.asVoid(Task.either(Task.join(f))) : Task.asVoid(Task.sleep(1)))),
    (o, e, retrieve) => (retrieve ? o.unhandled.length === 0 : o.unhandled.length === 1 && o.unhandled[0] === e) ? undefined : `expected ${retrieve ? 0 : 1} report(s)`),
    obsLaw({ id: 'L162', name: 'Asyncio.teardownRunsLeftoverFinalizersOnce', source: 'asyncio.run (R64)' }, 'invariant', [fc.integer({ min: 1, max: 4 }), arbD], (n, d) =>
      seq(Task.traverseSeqArray((i: number) => Task.spawn(Task.onCancel(seq(Task.sleep(d), emit(i)))(Task.never)))(Array.from({ length: n }, (_, i) => i)), Task.cede),
    (o, n) => (o.after.length === n && new Set(o.after.map((e) => e.x)).size === n ? undefined : `expected ${n} finalizers after main`),
    { afterMain: 'teardown' }),
  ])
}

