/**
 * Layers 2 and 3 of the law kit: laws as named fast-check properties grouped
 * in suites (plain data, like discipline's `RuleSet`), and the runners — `checkLaws`, which
 * throws (fp-ts-laws style), and `describeLaws`, which registers one test per law with any
 * runner's `describe`/`it` (vitest, jest, mocha), without importing any of them.
 *
 * @module
 */
import * as fc from 'fast-check'
import type { Eq } from 'fp-ts/lib/Eq.js'

/**
 * One side of an equation and the other (layer 1: equations as data).
 *
 * @example
 * const law: IsEq<number> = isEq(1 + 1, 2)
 */
export interface IsEq<T> {
  readonly lhs: T
  readonly rhs: T
}

/**
 * Pairs the two sides of an equation, for a law to compare.
 *
 * @example
 * const e = isEq([1, 2].map((x) => x), [1, 2])
 * e.lhs // → [1, 2]
 */
export const isEq = <T>(lhs: T, rhs: T): IsEq<T> => ({ lhs, rhs })

/**
 * Checks an equation with an `Eq`; throws with an explanation when the `Eq` can give one
 * (the Task `Eq`s of `getEq`/`liftEq` do), returns false otherwise.
 *
 * @example
 * holds(number.Eq, isEq(1 + 1, 2)) // → true
 */
export const holds = <T>(eq: Eq<T>, e: IsEq<T>): boolean => {
  if (eq.equals(e.lhs, e.rhs)) return true
  const explain = (eq as { explain?: (x: T, y: T) => string | undefined }).explain
  if (typeof explain === 'function') throw new Error(`lhs ≢ rhs: ${explain(e.lhs, e.rhs)}`)
  return false
}

/**
 * A named property.
 *
 * @example
 * const law: Law = { id: 'R1', name: 'map identity', source: 'mine', property: fc.property(fc.integer(), (n) => n === n) }
 */
export interface Law {
  /** The catalogue id, `'L27'` (see docs/LAWS.md). */
  readonly id: string
  /** `'Monad.leftIdentity'`. */
  readonly name: string
  /** Where the law comes from, and how it was adapted. */
  readonly source: string
  /** The equivalence it is checked under (`≡`, `≡ₘ`, `≡ₒ`, `≡ₚ`, `≡⁺`, `invariant`, `example`). */
  readonly equivalence?: string
  readonly property: fc.IRawProperty<any>
  /** Per-law parameters (e.g. fewer runs for an expensive law; 1 run for a fixed example). */
  readonly params?: fc.Parameters<any>
}

/**
 * Laws as data: a named list of laws, and the suites it builds on.
 *
 * @example
 * const mine: LawSuite = suite('mine', [{ id: 'R1', name: 'map identity', source: 'mine', property: fc.property(fc.integer(), (n) => n === n) }])
 * checkLaws(mine)
 */
export interface LawSuite {
  readonly name: string
  readonly laws: ReadonlyArray<Law>
  readonly parents: ReadonlyArray<LawSuite>
}

/**
 * Builds a suite from laws (and the suites it extends).
 *
 * @example
 * const mine = suite('mine', [{ id: 'R1', name: 'reflexive', source: 'mine', property: fc.property(fc.integer(), (n) => n === n) }])
 * mine.laws.length // → 1
 */
export const suite = (name: string, laws: ReadonlyArray<Law>, parents: ReadonlyArray<LawSuite> = []): LawSuite => ({ name, laws, parents })

/**
 * Every law of a suite: parents first, then its own, de-duplicated by name (a law inherited
 * twice runs once).
 *
 * @example
 * allLaws(monadLaws(O.Monad, arbs, O.getEq)).map((l) => l.name)
 */
export const allLaws = (s: LawSuite): ReadonlyArray<Law> => {
  const seen = new Map<string, Law>()
  const visit = (x: LawSuite): void => {
    for (const p of x.parents) visit(p)
    for (const l of x.laws) if (!seen.has(l.name)) seen.set(l.name, l)
  }
  visit(s)
  return [...seen.values()]
}

/**
 * The default number of runs per law: `TASKLOOP_LAW_RUNS` from the environment, else 25
 * (the deep run sets it to, say, 1000).
 *
 * @example
 * fc.assert(property, { numRuns: defaultRuns() })
 */
export const defaultRuns = (): number => {
  const env = typeof process !== 'undefined' ? process.env?.['TASKLOOP_LAW_RUNS'] : undefined
  const n = env === undefined ? NaN : Number(env)
  return Number.isInteger(n) && n > 0 ? n : 25
}

const paramsFor = (law: Law, params: fc.Parameters<any>): fc.Parameters<any> => {
  const runs = params.numRuns ?? defaultRuns()
  // a law's own numRuns is relative to the default (expensive laws run fewer times)
  const own = law.params?.numRuns
  const numRuns = own === undefined ? runs : Math.max(1, Math.min(own, runs))
  return { includeErrorInReport: true, ...params, ...law.params, numRuns }
}

const label = (law: Law): string => `${law.id} ${law.name}${law.equivalence === undefined ? '' : ` (${law.equivalence})`}`

/**
 * Runs one law; throws fast-check's report (seed, path, counterexample) on failure.
 *
 * @example
 * checkLaw({ id: 'R1', name: 'reflexive', source: 'mine', property: fc.property(fc.integer(), (n) => n === n) }, { numRuns: 10 })
 */
export const checkLaw = (law: Law, params: fc.Parameters<any> = {}): void | Promise<void> => {
  try {
    const r = fc.assert(law.property, paramsFor(law, params))
    if (r instanceof Promise) return r.catch((e: unknown) => Promise.reject(withLaw(law, e)))
  } catch (e) {
    throw withLaw(law, e)
  }
}

const withLaw = (law: Law, e: unknown): Error => {
  const msg = e instanceof Error ? e.message : String(e)
  const err = new Error(`${label(law)} failed [${law.source}]\n${msg}`)
  ;(err as { cause?: unknown }).cause = e
  return err
}

/**
 * Runs every law of a suite and throws one error listing each failing law.
 *
 * @example
 * it('Option is a lawful monad', () => checkLaws(monadLaws(O.Monad, arbs, O.getEq)))
 */
export const checkLaws = (s: LawSuite, params: fc.Parameters<any> = {}): void | Promise<void> => {
  const failures: Error[] = []
  const pending: Promise<void>[] = []
  for (const law of allLaws(s)) {
    try {
      const r = checkLaw(law, params)
      if (r instanceof Promise) pending.push(r.catch((e: Error) => void failures.push(e)))
    } catch (e) {
      failures.push(e as Error)
    }
  }
  const finish = (): void => {
    if (failures.length > 0) throw new Error(`${s.name}: ${failures.length} law(s) failed\n\n${failures.map((f) => f.message).join('\n\n')}`)
  }
  if (pending.length > 0) return Promise.all(pending).then(finish)
  finish()
}

/**
 * What `describeLaws` needs from a test runner: vitest, jest and mocha all fit.
 *
 * @example
 * const api: TestApi = { describe: (name, body) => body(), it: (name, body) => void body() }
 * describeLaws(suite('mine', []), api)
 */
export interface TestApi {
  readonly describe: (name: string, body: () => void) => void
  readonly it: (name: string, body: () => void | Promise<void>, timeout?: number) => void
}

/**
 * One `describe` per suite and one `it` per law, named `"L27 Monad.leftIdentity (≡)"`.
 *
 * @example
 * import { describe, it } from 'vitest'
 * describeLaws(taskLaws(), { describe, it })
 */
export const describeLaws = (
  s: LawSuite,
  api: TestApi,
  params: fc.Parameters<any> & { readonly only?: ReadonlyArray<string>; readonly skip?: ReadonlyArray<string> } = {},
): void => {
  const { only, skip, ...fcParams } = params
  const selected = allLaws(s).filter((l) => (only === undefined || only.includes(l.id) || only.includes(l.name)) && !(skip?.includes(l.id) || skip?.includes(l.name)))
  api.describe(s.name, () => {
    for (const law of selected) api.it(label(law), () => checkLaw(law, fcParams))
  })
}
