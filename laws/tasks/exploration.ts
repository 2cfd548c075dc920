/**
 * Schedule-independent invariants, checked under seeded permutations of the ready queue and
 * with a cancel injected at every suspension point (docs/LAWS.md, X laws).
 *
 * @module
 */
import * as fc from 'fast-check'
import type { Outcome } from '../../lib/index.js'
import { Queue, Task } from '../../lib/index.js'
import { arbSchedule, cancelEverywhere } from '../explore.js'
import { cancelAndWait, seq } from '../helpers.js'
import { emit, observe, showObservation } from '../observe.js'
import type { Observation } from '../observe.js'
import type { LawSuite } from '../suite.js'
import { suite } from '../suite.js'
import type { TaskSuiteOptions, T } from './kit.js'
import { cedes, kit, propLaw } from './kit.js'

const all = (o: Observation<unknown, unknown>): unknown[] => [...o.trace, ...o.after].map((e) => e.x)
const n = (o: Observation<unknown, unknown>, x: unknown): number => all(o).filter((y) => y === x).length

/** Brackets around `k` programs run concurrently: every `acq:i` must meet exactly one `rel:i`. */
const bracketed = (ps: ReadonlyArray<T>): T<any, any> =>
  Task.gather(
    ps.map((p, i) =>
      Task.bracket(
        seq(emit(`acq:${i}`), Task.of(i)),
        () => p,
        (_, oc: Outcome.Outcome<string, number>) => emit(`rel:${i}:${oc._tag}`),
      ),
    ),
    { returnExceptions: true },
  )

const balanced = (o: Observation<unknown, unknown>, count: number): string | undefined => {
  for (let i = 0; i < count; i++) {
    const acq = n(o, `acq:${i}`)
    const rel = all(o).filter((x) => typeof x === 'string' && x.startsWith(`rel:${i}:`)).length
    if (acq > 1 || rel !== acq) return `bracket ${i}: ${acq} acquire(s), ${rel} release(s)`
  }
  return undefined
}

/** §4: invariants under schedule exploration and cancellation injection. */
export const exploreSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const programs = fc.array(K.t({ maxDepth: 2 }), { minLength: 1, maxLength: 3 })
  const runs = { numRuns: 15 }
  return suite('Task exploration', [
    propLaw({ id: 'X1', name: 'Explore.sameSeedSameObservation', source: 'L1 under a permuted schedule: same program and seed, identical observation' }, 'invariant', [K.t(), arbSchedule()], (t, schedule) => {
      const a = showObservation(observe(t, { schedule, afterMain: 'teardown' }))
      const b = showObservation(observe(t, { schedule, afterMain: 'teardown' }))
      return a === b ? undefined : `two runs with one seed differ:\n  ${a}\n  ${b}`
    }),
    propLaw({ id: 'X2', name: 'Explore.finalizersOnceUnderAnySchedule', source: 'L91 under schedule exploration' }, 'invariant', [K.t(), arbSchedule()], (t, schedule) => {
      const o = observe(Task.ensuring(emit('F2'))(Task.ensuring(emit('F1'))(t)), { schedule, afterMain: 'teardown' })
      if (o.outcome._tag === 'NonTerminating' || o.outcome._tag === 'Diverged') return undefined
      const tr = all(o)
      return n(o, 'F1') === 1 && n(o, 'F2') === 1 && tr.indexOf('F1') < tr.indexOf('F2') ? undefined : `finalizers not once/LIFO: ${showObservation(o)}`
    }),
    propLaw({ id: 'X3', name: 'Explore.bracketsBalancedUnderAnySchedule', source: 'L87 under schedule exploration' }, 'invariant', [programs, arbSchedule()], (ps, schedule) => {
      const o = observe(bracketed(ps), { schedule, afterMain: 'teardown' })
      if (o.outcome._tag === 'NonTerminating') return undefined
      const p = balanced(o, ps.length)
      return p === undefined ? undefined : `${p}: ${showObservation(o)}`
    }),
    propLaw({ id: 'X4', name: 'Explore.nothingLeftAfterTeardown', source: 'L162 under schedule exploration (no resource leaks)' }, 'invariant', [K.t(), arbSchedule()], (t, schedule) => {
      const o = observe(t, { schedule, afterMain: 'teardown' })
      return o.outcome._tag === 'NonTerminating' || o.outcome._tag === 'Diverged' || o.pendingAtEnd === 0 ? undefined : `${o.pendingAtEnd} fiber(s) still pending after teardown`
    }),
    propLaw({ id: 'X5', name: 'Explore.queueLosesNothingUnderAnySchedule', source: 'L159 under schedule exploration' }, 'invariant', [fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.nat(10), arbSchedule()], (items, consumers, k, schedule) => {
      const program = Task.suspend(() => {
        const q = new Queue<number>({ maxsize: 1 })
        const consumer: T<never, never> = Task.flatMap((x: number) => seq(emit(x), consumer))(q.get() as T<never, number>) as T<never, never>
        const producer = Task.traverseSeqArray((i: number) => q.put(i) as T<never, void>)(Array.from({ length: items }, (_, i) => i))
        return Task.flatMap((cs: ReadonlyArray<import('../../lib/index.js').Fiber>) =>
          Task.flatMap((p: import('../../lib/index.js').Fiber) =>
            seq(
              cedes(k),
              seq(
                Task.traverseSeqArray(cancelAndWait)(cs),
                seq(cancelAndWait(p), Task.sync(() => {
                  const rest: number[] = []
                  while (!q.empty()) rest.push(q.getNowait())
                  return rest
                })),
              ),
            ),
          )(Task.spawn(producer)),
        )(Task.traverseSeqArray(() => Task.spawn(consumer))(Array.from({ length: consumers }, () => 0)))
      })
      const o = observe(program, { schedule })
      if (o.outcome._tag !== 'Succeeded') return `expected success: ${showObservation(o)}`
      const got = [...o.trace.map((e) => e.x as number), ...(o.outcome.value as number[])].sort((x, y) => x - y)
      return got.every((x, i) => x === i) ? undefined : `items lost or duplicated: ${got}`
    }),
    propLaw({ id: 'X6', name: 'CancelEverywhere.bracketReleasesOnce', source: 'L87 with a cancel at every suspension point', params: runs }, 'invariant', [programs], (ps) => {
      cancelEverywhere(bracketed(ps), (o) => (o.outcome._tag === 'NonTerminating' ? undefined : balanced(o, ps.length)), { afterMain: 'teardown' })
      return undefined
    }),
    propLaw({ id: 'X7', name: 'CancelEverywhere.syncStretchesAreAtomic', source: 'L154: delivery only at suspension points', params: runs }, 'invariant', [K.t({ maxDepth: 2 }), K.t({ maxDepth: 2 })], (p1, p2) => {
      cancelEverywhere(seq(Task.either(p1), seq(emit('x1'), seq(emit('x2'), p2))), (o) => {
        const tr = all(o)
        const i = tr.indexOf('x1')
        return i === -1 ? (tr.includes('x2') ? 'x2 without x1' : undefined) : tr[i + 1] === 'x2' ? undefined : 'the stretch emit(x1) >> emit(x2) was cut'
      })
      return undefined
    }),
    propLaw({ id: 'X8', name: 'CancelEverywhere.cancelledUnlessDone', source: 'cancel injection: the outcome is Cancelled unless masked or swallowed', params: runs }, 'invariant', [K.t({ uncancellable: false, swallowsCancellation: false, failures: false })], (t) => {
      const base = observe(t)
      cancelEverywhere(t, (o, k) => {
        if (k === undefined || k >= base.iterations) return undefined
        return o.outcome._tag === 'Cancelled' || o.outcome._tag === 'NonTerminating' ? undefined : `expected Cancelled, got ${o.outcome._tag}`
      })
      return undefined
    }),
    propLaw({ id: 'X9', name: 'CancelEverywhere.finalizersOnceAndNothingLeft', source: 'L91, L162 with a cancel at every suspension point', params: runs }, 'invariant', [K.t({ maxDepth: 2 })], (t) => {
      cancelEverywhere(Task.ensuring(emit('F2'))(Task.ensuring(emit('F1'))(t)), (o, k) => {
        if (o.outcome._tag === 'NonTerminating' || o.outcome._tag === 'Diverged') return undefined
        if (o.pendingAtEnd !== 0) return `${o.pendingAtEnd} fiber(s) pending after teardown`
        const tr = all(o)
        const ran = n(o, 'F1')
        // cancelled before main's first step: the body (and its finalizers) never ran
        if (ran === 0 && k === 0 && tr.length === 0) return undefined
        return ran === 1 && n(o, 'F2') === 1 && tr.indexOf('F1') < tr.indexOf('F2') ? undefined : 'finalizers not exactly once, LIFO'
      }, { afterMain: 'teardown' })
      return undefined
    }),
  ])
}
