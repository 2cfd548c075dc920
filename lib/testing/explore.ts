/**
 * `explore`: runs your program under many schedules and stops at the first one where your
 * check fails — a concurrency bug that FIFO order hides, found, shrunk and replayable.
 *
 * ## What a schedule is
 * The only freedom an asyncio loop has is the order in which it runs each iteration's batch
 * of ready entries (R1); timers that fall due together join that batch (R2), so reordering
 * the batch also reorders timer ties. A schedule is a list of *choices*: for a batch of n
 * entries, n − 1 choices in turn pick which of the remaining entries runs next (choice 0 =
 * the first remaining, so an all-zero list — the empty list — is asyncio's FIFO order).
 * The list is read positionally across the whole run; where it runs out, the choices are 0.
 *
 * ## Two modes
 * - `'random'` (default): the first schedule is FIFO, then every choice is drawn at random
 *   from a generator seeded per schedule; the per-schedule seeds come from fast-check
 *   (`fc.sample` with `seed`), so the same `seed` runs the same schedules in the same order.
 * - `'exhaustive'`: every choice list, in lexicographic order, up to `maxChoices` choice
 *   points (loom's bounded model checking; choices past the bound stay 0). It says whether it
 *   ran them all (`exhausted`), so "no failure" can mean "no failure at all" for a small
 *   program.
 *
 * A failure's choice list is shrunk (a shortest failing prefix, then each choice set to 0 or
 * lowered while it still fails) and printed as a replay string: `explore(program, { replay })`
 * runs exactly that schedule again.
 *
 * Programs must be deterministic apart from the schedule (no `Math.random`, no real clock):
 * that is what makes a choice list a schedule.
 *
 * @example
 * import { explore } from 'taskloop/testing'
 * // twoRefreshes: two concurrent refreshes of a fresh cache, which should fetch once
 * const check = (twoRefreshes: () => Task.Task<never, { readonly fetches: number }>) => {
 *   const report = explore(twoRefreshes, {
 *     check: (outcome) => outcome._tag === 'Succeeded' && outcome.value.fetches === 1,
 *   })
 *   return report.ok // false when some schedule fetched twice: report.failure.replay reproduces it
 * }
 *
 * @module
 */
import * as fc from 'fast-check'
import type { LoopOptions } from '../Loop.js'
import type { Task } from '../runtime/kernel.js'
import { checkIntegerAtLeast, describeValue } from '../runtime/kernel.js'
import type { Observation, ObservedOutcome } from '../../laws/observe.js'
import { observe, showObservation } from '../../laws/observe.js'
import type { Program } from '../../laws/explore.js'
import { programMaker } from '../../laws/explore.js'
import { show } from '../../laws/equal.js'

/** Schedules `explore` runs unless told otherwise. */
export const DEFAULT_SCHEDULES = 1000
/** Choice points the exhaustive mode enumerates unless told otherwise. */
export const DEFAULT_MAX_CHOICES = 12
/** Runs the shrinker may spend on one failure. */
const MAX_SHRINK_RUNS = 500

/** The check: throw (as `expect` does) or return `false` to fail; anything else passes. */
export type ExploreCheck<E, A> = (outcome: ObservedOutcome<E, A>, observation: Observation<E, A>) => unknown

export interface ExploreOptions<E, A> {
  /** What must hold at the end of every schedule. Deadlock and a run out of budget fail even without it. */
  readonly check?: ExploreCheck<E, A>
  /** How many schedules to run at most (default 1 000). */
  readonly schedules?: number
  /** `'random'` (default) or `'exhaustive'`. */
  readonly mode?: 'random' | 'exhaustive'
  /** Random mode: the seed of the schedules (default: a fresh one, printed in the report). */
  readonly seed?: number
  /** Exhaustive mode: how many choice points to enumerate (default 12). */
  readonly maxChoices?: number
  /** Run exactly this schedule (a failure's `replay` string), once. */
  readonly replay?: string
  /** Per-run iteration budget (default 100 000). */
  readonly maxSteps?: number
  /** Per-run virtual-time budget in ms (default 10⁹). */
  readonly maxTime?: number
}

/** Why a schedule failed. */
export type ExploreFailureReason = 'check' | 'deadlock' | 'budget'

export interface ExploreFailure<E, A> {
  readonly reason: ExploreFailureReason
  /** How main ended under the (shrunk) failing schedule. */
  readonly outcome: ObservedOutcome<E, A>
  readonly observation: Observation<E, A>
  /** What the check threw, if it threw. */
  readonly error?: unknown
  /** Which schedule failed first (1-based). */
  readonly schedule: number
  /** The shrunk choice list; `[]` is FIFO order. */
  readonly choices: ReadonlyArray<number>
  /** The choice list the failing schedule actually took, before shrinking. */
  readonly originalChoices: ReadonlyArray<number>
  /** Pass as `{ replay }` to run exactly this schedule again. */
  readonly replay: string
}

export interface ExploreReport<E, A> {
  readonly ok: boolean
  readonly mode: 'random' | 'exhaustive' | 'replay'
  /** Schedules run before it stopped (not counting the shrinker's runs). */
  readonly schedules: number
  /** How many of them were different schedules (different choice lists). */
  readonly distinct: number
  /** Random mode: the seed (pass it back to run the same schedules). */
  readonly seed?: number
  /** Exhaustive mode: true when every schedule within `maxChoices` was run. */
  readonly exhausted?: boolean
  readonly failure?: ExploreFailure<E, A>
  /** A sentence or a few lines, for a test failure. */
  readonly message: string
}

/** What one run under a choice list saw. */
interface Run<E, A> {
  readonly observation: Observation<E, A>
  /** The choices taken (0 where the list ran out), one per choice point. */
  readonly taken: number[]
  /** Each choice point's range (how many entries it chose among). */
  readonly ranges: number[]
  readonly reason?: ExploreFailureReason
  readonly error?: unknown
}

/** The source of the choices of one run: a list (replay, shrinking, exhaustive) or a generator. */
type ChoiceSource = { readonly list: ReadonlyArray<number> } | { readonly seed: number }

const runOnce = <E, A>(make: () => Task<E, A>, source: ChoiceSource, opts: ExploreOptions<E, A>): Run<E, A> => {
  const taken: number[] = []
  const ranges: number[] = []
  const pick = 'list' in source ? fromList(source.list) : fromSeed(source.seed)
  const schedule: NonNullable<LoopOptions['schedule']> = (batch) => {
    for (let i = 0; i < batch.length - 1; i++) {
      const range = batch.length - i
      const c = pick(taken.length, range)
      taken.push(c)
      ranges.push(range)
      // Stryker disable next-line ConditionalExpression: swapping an entry with itself (c = 0) changes nothing
      if (c !== 0) {
        const t = batch[i]!
        batch[i] = batch[i + c]!
        batch[i + c] = t
      }
    }
    return batch
  }
  const observation = observe(make(), {
    schedule,
    afterMain: 'teardown',
    maxSteps: opts.maxSteps,
    maxTime: opts.maxTime,
  })
  const outcome = observation.outcome
  if (outcome._tag === 'NonTerminating') return { observation, taken, ranges, reason: 'deadlock' }
  if (outcome._tag === 'Diverged') return { observation, taken, ranges, reason: 'budget' }
  if (opts.check !== undefined) {
    try {
      const verdict = opts.check(outcome, observation)
      if (verdict === false) return { observation, taken, ranges, reason: 'check' }
      if (isThenable(verdict)) return { observation, taken, ranges, reason: 'check', error: new TypeError('explore: check returned a promise; it must be synchronous (a program runs synchronously on a virtual loop)') }
    } catch (error) {
      return { observation, taken, ranges, reason: 'check', error }
    }
  }
  return { observation, taken, ranges }
}

const isThenable = (u: unknown): boolean => u !== null && (typeof u === 'object' || typeof u === 'function') && typeof (u as { then?: unknown }).then === 'function'

const fromList =
  (list: ReadonlyArray<number>) =>
  (pos: number, range: number): number =>
    pos < list.length ? list[pos]! % range : 0

/** A xorshift generator: the same seed draws the same choices. */
const fromSeed = (seed: number) => {
  let s = (seed | 0) ^ 0x2545f491 || 1
  return (_pos: number, range: number): number => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return Math.floor(((s >>> 0) / 0x100000000) * range)
  }
}

/** A choice list without its trailing zeros (they change nothing): the schedule's identity. */
const trim = (choices: ReadonlyArray<number>): number[] => {
  let end = choices.length
  // Stryker disable next-line ConditionalExpression,EqualityOperator: end > 0 → true or end >= 0 is equivalent (at 0, choices[-1] is undefined, not 0, and the loop stops); the zero test's mutants are killed by explore.test.ts and ignored with it
  while (end > 0 && choices[end - 1] === 0) end--
  return choices.slice(0, end)
}

const REPLAY_PREFIX = 's1:'

/** The replay string of a choice list: `s1:` and the choices in base 36, dot-separated. */
const encode = (choices: ReadonlyArray<number>): string => REPLAY_PREFIX + trim(choices).map((c) => c.toString(36)).join('.')

const decode = (replay: string): number[] => {
  if (!replay.startsWith(REPLAY_PREFIX)) throw new RangeError(`explore: replay must be a string that explore printed (s1:…), got ${describeValue(replay)}`)
  const body = replay.slice(REPLAY_PREFIX.length)
  if (body === '') return []
  return body.split('.').map((part) => {
    const n = /^[0-9a-z]+$/.test(part) ? parseInt(part, 36) : NaN
    if (!Number.isSafeInteger(n)) throw new RangeError(`explore: replay ${JSON.stringify(replay)} has a malformed choice ${JSON.stringify(part)}`)
    return n
  })
}

/** Shrinks a failing choice list: a shortest failing prefix, then each choice to 0 or lower. */
const shrink = <E, A>(make: () => Task<E, A>, failing: Run<E, A>, opts: ExploreOptions<E, A>): Run<E, A> => {
  let best = failing
  let budget = MAX_SHRINK_RUNS
  const attempt = (list: number[]): boolean => {
    // the one place the budget is kept: once it is spent every attempt is refused, so the
    // bisection only raises lo and a pass changes nothing, and both end
    if (budget-- <= 0) return false
    const r = runOnce(make, { list }, opts)
    if (r.reason !== failing.reason) return false
    best = r
    return true
  }
  // a shortest failing prefix, by bisection (the rest of the list is FIFO)
  let lo = 0
  let hi = trim(best.taken).length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (attempt(best.taken.slice(0, mid))) hi = trim(best.taken).length
    else lo = mid + 1
  }
  // each remaining choice: 0 if that still fails, else 1, else as it is
  for (let changed = true; changed; ) {
    changed = false
    const list = trim(best.taken)
    for (let i = 0; i < list.length; i++) {
      const c = list[i]!
      if (c === 0) continue
      for (const smaller of c > 1 ? [0, 1] : [0]) {
        const next = trim(best.taken)
        if (next[i] !== c) break // an earlier success changed the list: go round again
        next[i] = smaller
        if (attempt(next)) {
          changed = true
          break
        }
      }
    }
  }
  return best
}

const checkCount = (what: string, n: unknown, min: number): number => checkIntegerAtLeast('explore', what, n, min)

const describeFailure = <E, A>(run: Run<E, A>): string => {
  switch (run.reason) {
    case 'deadlock':
      return 'the program deadlocked: nothing was ready and no timer was pending'
    case 'budget':
      return 'the program did not end within the budget (maxSteps / maxTime)'
    default:
      return run.error === undefined ? 'the check returned false' : `the check failed: ${run.error instanceof Error ? run.error.message : show(run.error)}`
  }
}

const exploreImpl = <E, A>(program: Program<E, A>, options: ExploreOptions<E, A> = {}): ExploreReport<E, A> => {
  const make = programMaker('explore', program)
  if (options === null || typeof options !== 'object') throw new TypeError(`explore: options must be an object, got ${describeValue(options)}`)
  if (options.check !== undefined && typeof options.check !== 'function') throw new TypeError(`explore: check must be a function, got ${describeValue(options.check)}`)
  const mode = options.mode ?? 'random'
  if (mode !== 'random' && mode !== 'exhaustive') throw new RangeError(`explore: mode must be 'random' or 'exhaustive', got ${describeValue(mode)}`)
  const budget = checkCount('schedules', options.schedules ?? DEFAULT_SCHEDULES, 1)
  const maxChoices = checkCount('maxChoices', options.maxChoices ?? DEFAULT_MAX_CHOICES, 0)
  // Stryker disable next-line ConditionalExpression: the typeof test → false is equivalent (Number.isInteger is false for anything but a number); the other tests are killed by explore.test.ts and ignored with it
  if (options.seed !== undefined && (typeof options.seed !== 'number' || !Number.isInteger(options.seed))) throw new RangeError(`explore: seed must be an integer, got ${describeValue(options.seed)}`)
  if (options.replay !== undefined && typeof options.replay !== 'string') throw new TypeError(`explore: replay must be a string, got ${describeValue(options.replay)}`)
  if (options.maxSteps !== undefined) checkCount('maxSteps', options.maxSteps, 1)
  if (options.maxTime !== undefined && (typeof options.maxTime !== 'number' || !(options.maxTime >= 0))) throw new RangeError(`explore: maxTime must be a number of ms >= 0, got ${describeValue(options.maxTime)}`)

  const seen = new Set<string>()
  let count = 0
  const note = (run: Run<E, A>): void => {
    count++
    seen.add(trim(run.taken).join('.'))
  }
  const failed = (run: Run<E, A>, base: Omit<ExploreReport<E, A>, 'ok' | 'message' | 'failure' | 'schedules' | 'distinct'>, doShrink: boolean): ExploreReport<E, A> => {
    const small = doShrink ? shrink(make, run, options) : run
    const choices = trim(small.taken)
    const failure: ExploreFailure<E, A> = {
      reason: small.reason!,
      outcome: small.observation.outcome,
      observation: small.observation,
      ...(small.error === undefined ? {} : { error: small.error }),
      schedule: count,
      choices,
      originalChoices: trim(run.taken),
      replay: encode(choices),
    }
    const where = base.mode === 'replay' ? 'the replayed schedule' : `schedule ${count} of ${budget}${base.seed === undefined ? '' : ` (seed ${base.seed})`}`
    const message = [
      `explore: ${where} failed: ${describeFailure(small)}`,
      `  observed: ${showObservation(small.observation as Observation<unknown, unknown>)}`,
      `  choices: [${choices.join(', ')}]${doShrink ? ` (shrunk from ${failure.originalChoices.length} non-trailing-zero choices)` : ''}`,
      `  replay: explore(program, { replay: '${failure.replay}' })`,
    ].join('\n')
    return { ...base, ok: false, schedules: count, distinct: seen.size, failure, message }
  }

  if (options.replay !== undefined) {
    const run = runOnce(make, { list: decode(options.replay) }, options)
    note(run)
    if (run.reason !== undefined) return failed(run, { mode: 'replay' }, false)
    return { ok: true, mode: 'replay', schedules: 1, distinct: 1, message: `explore: the replayed schedule passed` }
  }

  if (mode === 'exhaustive') {
    let prefix: number[] = []
    for (;;) {
      const run = runOnce(make, { list: prefix }, options)
      note(run)
      if (run.reason !== undefined) return failed(run, { mode, exhausted: false }, true)
      // the next choice list in lexicographic order, within the first maxChoices points
      let p = Math.min(run.taken.length, maxChoices) - 1
      // Stryker disable next-line ConditionalExpression: p >= 0 → true is equivalent (at -1, taken[-1] is undefined and the comparison is false, so the loop stops); the other mutants are killed by explore.test.ts and ignored with it
      while (p >= 0 && run.taken[p]! >= run.ranges[p]! - 1) p--
      if (p < 0) return { ok: true, mode, schedules: count, distinct: seen.size, exhausted: true, message: `explore: no failure in all ${count} schedules (exhaustive up to ${maxChoices} choice points)` }
      if (count >= budget) return { ok: true, mode, schedules: count, distinct: seen.size, exhausted: false, message: `explore: no failure in ${count} schedules (exhaustive, stopped at the budget before running them all)` }
      prefix = [...run.taken.slice(0, p), run.taken[p]! + 1]
    }
  }

  // Stryker disable next-line ArithmeticOperator: without a seed option any seed will do, and the one drawn is reported, so no program can tell how it was drawn
  const seed = options.seed ?? ((Date.now() ^ (Math.random() * 0x100000000)) | 0)
  // Stryker disable next-line ConditionalExpression,EqualityOperator: for a budget of 1, fc.sample of 0 runs gives [] as well
  const seeds = budget > 1 ? fc.sample(fc.integer(), { numRuns: budget - 1, seed }) : []
  const sources: ChoiceSource[] = [{ list: [] }, ...seeds.map((s) => ({ seed: s }))]
  for (const source of sources) {
    const run = runOnce(make, source, options)
    note(run)
    if (run.reason !== undefined) return failed(run, { mode, seed }, true)
  }
  return { ok: true, mode, seed, schedules: count, distinct: seen.size, message: `explore: no failure in ${count} schedules (${seen.size} distinct, random, seed ${seed})` }
}

/**
 * `explore` that throws the report's message when a schedule fails (for tests); returns the
 * report otherwise.
 *
 * @example
 * import { expect } from 'vitest'
 * import { explore } from 'taskloop/testing'
 * const assertFetchesOnce = (twoRefreshes: () => Task.Task<never, { readonly fetches: number }>) =>
 *   explore.assert(twoRefreshes, { check: (o) => expect(o).toEqual({ _tag: 'Succeeded', value: { fetches: 1 } }) })
 */
const assertExplore = <E, A>(program: Program<E, A>, options: ExploreOptions<E, A> = {}): ExploreReport<E, A> => {
  const report = exploreImpl(program, options)
  // Stryker disable next-line OptionalChaining: a report that is not ok always carries its failure
  if (!report.ok) throw new Error(report.message, report.failure?.error === undefined ? undefined : { cause: report.failure.error })
  return report
}

/**
 * Runs `program` (a `Task`, or a function that makes a fresh one per schedule) under many
 * schedules and reports the first where `check` fails or the program deadlocks. See the
 * module doc for the modes, the choices and the replay string.
 *
 * @example
 * import { explore } from 'taskloop/testing'
 * const investigate = (transferTwice: () => Task.Task<Error, void>) => {
 *   const report = explore(transferTwice, { check: (o) => o._tag === 'Succeeded', seed: 1 })
 *   if (!report.ok) console.log(report.message)
 *   if (report.failure !== undefined) explore(transferTwice, { replay: report.failure.replay }) // the same schedule again
 * }
 */
export const explore: typeof exploreImpl & { readonly assert: typeof assertExplore } = Object.assign(exploreImpl, { assert: assertExplore })
