/**
 * Shared pieces of the Task law suites: the value and error arbitraries, the named
 * equivalences of docs/LAWS.md, and `eqLaw`, which turns "these two tasks are equivalent for
 * all generated inputs" into a `Law`.
 *
 * @module
 */
import * as fc from 'fast-check'
import type { Fiber, Outcome } from '../../lib/index.js'
import { Task } from '../../lib/index.js'
import { cancelAndWait, joinOutcome } from '../helpers.js'
import type { EquivalenceOptions, ObserveOptions } from '../observe.js'
import { equivalent, expectEquivalent, observe, showObservation } from '../observe.js'
import type { Observation } from '../observe.js'
import type { ArbTaskOptions } from '../program.js'
import { arbFunction, arbKleisli, arbTask } from '../program.js'
import type { Law } from '../suite.js'

/**
 * What every Task suite accepts: generator flags and observation options.
 *
 * @example
 * const options: TaskSuiteOptions = { arb: { failures: false }, observe: { trace: 'ignore' } }
 * const laws = taskLaws(options)
 */
export interface TaskSuiteOptions {
  readonly arb?: ArbTaskOptions
  readonly observe?: ObserveOptions
}

export type T<E = string, A = number> = Task.Task<E, A>

/** The equivalences of docs/LAWS.md as observation options. */
export const EQUIV = {
  '≡': {},
  '≡ₘ': { trace: 'per-instant' },
  '≡ₒ': { trace: 'ignore' },
  '≡ₚ': { outcome: 'alley' },
  '≡⁺': { leftovers: 'compare', unhandled: 'compare' },
} as const satisfies Record<string, ObserveOptions>
export type Equiv = keyof typeof EQUIV

export const arbA = fc.integer({ min: 0, max: 9 })
export const arbE = fc.constantFrom('e1', 'e2', 'e3')
export const arbD = fc.integer({ min: 0, max: 5 })
export const arbF = arbFunction(arbA) as fc.Arbitrary<(a: number) => number>
export const arbFE = arbFunction(arbE) as fc.Arbitrary<(e: string) => string>

/** Generators bound to a suite's options. */
export const kit = (opts: TaskSuiteOptions = {}) => {
  const base = { maxDepth: 3, ...opts.arb }
  return {
    t: (o: ArbTaskOptions = {}): fc.Arbitrary<T> => arbTask(arbA, arbE, { ...base, ...o }),
    k: (o: ArbTaskOptions = {}): fc.Arbitrary<(a: number) => T> => arbKleisli(arbA, arbE, { ...base, ...o }),
    h: (o: ArbTaskOptions = {}): fc.Arbitrary<(e: string) => T> => arbKleisli(arbA, arbE, { ...base, ...o }),
    fin: (o: ArbTaskOptions = {}): fc.Arbitrary<T> => arbTask(arbA, arbE, { ...base, maxDepth: 1, ...o }),
    observe: opts.observe ?? {},
  }
}

export interface LawMeta {
  readonly id: string
  readonly name: string
  readonly source: string
  readonly params?: fc.Parameters<any>
}

const meta = (m: LawMeta, equivalence: string, property: fc.IRawProperty<any>): Law => ({
  id: m.id,
  name: m.name,
  source: m.source,
  equivalence,
  property,
  ...(m.params === undefined ? {} : { params: m.params }),
})

/**
 * A law `lhs ≡ rhs` over generated inputs: the property throws the observations' diff on
 * failure, so the report shows the programs and what differed.
 */
export const eqLaw = <Ts extends [unknown, ...unknown[]]>(
  m: LawMeta,
  equivalence: Equiv,
  arbs: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  sides: (...xs: Ts) => readonly [T<any, any>, T<any, any>],
  extra: EquivalenceOptions<any, any> = {},
): Law =>
  meta(
    m,
    equivalence,
    fc.property(...(arbs as unknown as [fc.Arbitrary<unknown>]), (...xs: unknown[]) => {
      const [lhs, rhs] = sides(...(xs as Ts))
      expectEquivalent(lhs, rhs, { ...EQUIV[equivalence], ...extra })
    }),
  )

/** A law stated as a predicate on one observation (an invariant or a fixed example). */
export const obsLaw = <Ts extends [unknown, ...unknown[]]>(
  m: LawMeta,
  equivalence: string,
  arbs: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  task: (...xs: Ts) => T<any, any>,
  check: (o: Observation<any, any>, ...xs: Ts) => string | undefined,
  opts: ObserveOptions = {},
): Law =>
  meta(
    m,
    equivalence,
    fc.property(...(arbs as unknown as [fc.Arbitrary<unknown>]), (...xs: unknown[]) => {
      const o = observe(task(...(xs as Ts)), opts)
      const problem = check(o, ...(xs as Ts))
      if (problem !== undefined) throw new Error(`${problem}\n  observed: ${showObservation(o)}`)
    }),
  )

/** A law over raw values (no task observation), e.g. `cancel()`'s return values. */
export const propLaw = <Ts extends [unknown, ...unknown[]]>(
  m: LawMeta,
  equivalence: string,
  arbs: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  check: (...xs: Ts) => string | undefined,
): Law =>
  meta(
    m,
    equivalence,
    fc.property(...(arbs as unknown as [fc.Arbitrary<unknown>]), (...xs: unknown[]) => {
      const problem = check(...(xs as Ts))
      if (problem !== undefined) throw new Error(problem)
    }),
  )

/**
 * A documented non-law: a fixed counterexample showing that an equation from the literature
 * does not hold under asyncio semantics. The check fails if the two sides become equivalent,
 * so the documentation cannot silently go stale.
 */
export const notLaw = (m: LawMeta, sides: () => readonly [T<any, any>, T<any, any>], opts: EquivalenceOptions<any, any> = {}): Law =>
  meta({ ...m, params: { numRuns: 1 } }, 'does not hold', fc.property(fc.constant(0), () => {
    const [lhs, rhs] = sides()
    const r = equivalent(lhs, rhs, opts)
    if (r.equal) throw new Error(`the counterexample no longer separates the two sides: ${showObservation(r.left)}`)
  }))

/** A fixed example (one run). */
export const once = fc.constant(0)
export const ONE = { numRuns: 1 } as const

/** Trace values only (for invariant checks). */
export const xs = (o: Observation<unknown, unknown>): unknown[] => o.trace.map((e) => e.x)
export const count = (o: Observation<unknown, unknown>, x: unknown, all = false): number =>
  (all ? [...o.trace, ...o.after] : o.trace).filter((e) => e.x === x).length

/** `k` cedes. */
export const cedes = (k: number): T<never, void> => (k <= 0 ? Task.unit : Task.flatMap(() => cedes(k - 1))(Task.cede))

/**
 * Spawns `t`, lets the loop run `k` iterations (k = undefined: never cancels), cancels it and
 * waits for it; succeeds with its outcome. The way to inject a cancel into a program at a
 * chosen moment from inside a law.
 */
export const cancelAfter = <E, A>(t: T<E, A>, k: number | undefined): T<never, Outcome.Outcome<E, A>> =>
  Task.flatMap((f: Fiber<E, A>) => (k === undefined ? joinOutcome(f) : Task.flatMap(() => Task.flatMap(() => joinOutcome(f))(cancelAndWait(f)))(cedes(k))))(Task.spawn(t))
