/**
 * Beyond equations: schedule exploration and cancellation at every suspension
 * point.
 *
 * - **Schedule exploration.** `observe(task, { schedule: { seed } })` permutes every batch of
 *   ready entries with a generator seeded by `seed` (`seededSchedule`). `arbSchedule` draws
 *   the seed with fast-check, so a failure replays from the seed fast-check prints and
 *   shrinks with the program. Only schedule-independent invariants are checked this way
 *   (finalizers exactly once, acquire/release balanced, nothing left after teardown, same
 *   seed ⇒ same observation) — equations hold only under asyncio's FIFO order.
 * - **Cancellation everywhere.** `cancelEverywhere(task, check)` runs `task` once to count the
 *   loop iterations it takes (its suspension points, across all its fibers), then runs it
 *   again once per k = 0..n, cancelling the main fiber after k iterations, and checks the
 *   invariant on each observation.
 *
 * @module
 */
import * as fc from 'fast-check'
import { Task } from '../lib/index.js'
import { show } from './equal.js'
import type { Observation, ObservedOutcome, ObserveOptions, SuspensionPoint } from './observe.js'
import { observe, showObservation } from './observe.js'

/**
 * Seeds for permuted schedules (or `'fifo'`, asyncio's own order, one time in five).
 *
 * @example
 * fc.property(arbTask(arbA, arbE), arbSchedule(), (t, schedule) => observe(t, { schedule }).outcome._tag !== 'Diverged')
 */
export const arbSchedule = (): fc.Arbitrary<'fifo' | { readonly seed: number }> =>
  fc.oneof({ weight: 1, arbitrary: fc.constant('fifo' as const) }, { weight: 4, arbitrary: fc.integer().map((seed) => ({ seed })) })

/**
 * What one cancellation point of `cancelEverywhere` saw.
 *
 * @example
 * cancelEverywhere(Task.sleep(10), (o) => (o.outcome._tag === 'NonTerminating' ? 'stuck' : undefined))
 */
export interface CancelPoint<E, A> {
  readonly k: number
  readonly observation: Observation<E, A>
}

/**
 * A program to run once per cancellation point: a `Task`, or a function that makes a fresh
 * one (fresh state each run).
 *
 * @example
 * const same: Program<never, number> = Task.of(1)
 * const fresh: Program<never, number[]> = () => { const seen: number[] = []; return Task.sync(() => seen) }
 */
export type Program<E, A> = Task.Task<E, A> | (() => Task.Task<E, A>)

/**
 * The invariant `cancelEverywhere` checks: throw (as `expect` does), return `false`, or
 * return a problem string to fail.
 *
 * @example
 * const neverFails: CancelCheck<never, void> = (outcome) => (outcome._tag === 'Failed' ? 'failed instead of ending or being cancelled' : undefined)
 * cancelEverywhere(Task.sleep(10), { check: neverFails })
 */
export type CancelCheck<E, A> = (outcome: ObservedOutcome<E, A>, observation: Observation<E, A>, k: number | undefined) => unknown

/**
 * `cancelEverywhere`'s options: what to check, and how to observe each run (default
 * `afterMain: 'teardown'`).
 *
 * @example
 * const options: CancelEverywhereOptions<never, void> = { afterMain: 'teardown', check: (o) => o._tag !== 'Failed' }
 * cancelEverywhere(Task.sleep(10), options)
 */
export interface CancelEverywhereOptions<E, A> extends ObserveOptions {
  readonly check?: CancelCheck<E, A>
}

/**
 * A cancellation point where the program broke its invariant; `where` names the point.
 *
 * @example
 * try {
 *   cancelEverywhere(Task.sleep(10), { check: () => false })
 * } catch (e) {
 *   if (e instanceof CancelPointError) console.log(e.k, e.where?.text) // the first point that broke it
 * }
 */
export class CancelPointError extends Error {
  override readonly name = 'CancelPointError'
  constructor(
    message: string,
    /** Iterations run before the cancellation (undefined: the run without one). */
    readonly k: number | undefined,
    /** Where each fiber was suspended when main was cancelled. */
    readonly where: SuspensionPoint | undefined,
    readonly observation: Observation<unknown, unknown>,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options)
  }
}

/**
 * Runs `program` uncancelled to count its suspension points (the loop iterations it takes,
 * across all its fibers), then once per k in 0..n with main cancelled after k iterations,
 * and checks every run. A failure is a `CancelPointError` naming the point: k, and for each
 * pending fiber the coroutine path with its await number (`main at transfer#2, waiting on
 * sleep until 0.005 s (in 2 ms)`); name your generator functions to make the path readable.
 *
 * Two forms:
 * - `cancelEverywhere(program, { check, ...observeOptions })`, for your own programs. Each run
 *   ends with a teardown (what main left running is cancelled and awaited), then: `check`
 *   holds (it does not throw and does not return `false` or a string), no fiber is still
 *   pending (a pending fiber is a finalizer that never ran), nothing was reported to the
 *   exception handler (a failure nobody retrieved), and main did not deadlock. A finalizer
 *   runs at most once by construction: once every fiber has ended, each ran exactly once.
 * - `cancelEverywhere(task, (observation, k) => problem | undefined, observeOptions)`, the laws'
 *   form: only `check` counts, and nothing is torn down unless the options say so.
 *
 * Returns every cancellation point's observation.
 *
 * @example
 * import { expect } from 'vitest'
 * const balances = { a: 50, b: 50 }
 * const transfer = pipe(Task.sleep(10), Task.flatMap(() => Task.sync(() => { balances.a -= 10; balances.b += 10 })))
 * cancelEverywhere(transfer, { check: () => expect(balances.a + balances.b).toBe(100) })
 * @example
 * const count = (o: Observation<unknown, unknown>, x: string) => o.trace.filter((e) => e.x === x).length
 * const bracketed = Task.bracket(emit('acq'), () => Task.sleep(10), () => emit('rel'))
 * cancelEverywhere(bracketed, (o) => (count(o, 'acq') === count(o, 'rel') ? undefined : 'unbalanced'), { afterMain: 'teardown' })
 */
export function cancelEverywhere<E, A>(program: Program<E, A>, options: CancelEverywhereOptions<E, A>): ReadonlyArray<CancelPoint<E, A>>
export function cancelEverywhere<E, A>(
  task: Task.Task<E, A>,
  check: (o: Observation<E, A>, k: number | undefined) => string | undefined,
  opts?: ObserveOptions,
): ReadonlyArray<CancelPoint<E, A>>
export function cancelEverywhere<E, A>(
  program: Program<E, A>,
  second: CancelEverywhereOptions<E, A> | ((o: Observation<E, A>, k: number | undefined) => string | undefined),
  third: ObserveOptions = {},
): ReadonlyArray<CancelPoint<E, A>> {
  const make = programMaker('cancelEverywhere', program)
  let opts: ObserveOptions
  let problemOf: (o: Observation<E, A>, k: number | undefined) => string | undefined
  if (typeof second === 'function') {
    if (third === null || typeof third !== 'object') throw new TypeError(`cancelEverywhere: options must be an object, got ${show(third)}`)
    opts = third
    problemOf = second
  } else {
    if (second === null || typeof second !== 'object') throw new TypeError(`cancelEverywhere: the second argument must be { check, ... } or a check function, got ${show(second)}`)
    const { check, ...rest } = second
    if (check !== undefined && typeof check !== 'function') throw new TypeError(`cancelEverywhere: check must be a function, got ${show(check)}`)
    opts = { afterMain: 'teardown', ...rest }
    problemOf = (o, k) => userProblem(o, k, check)
  }
  const fail = (o: Observation<E, A>, k: number | undefined, problem: string, cause?: unknown): never => {
    const at = k === undefined ? '' : `\n  cancelled at: ${o.cancelledAt === undefined ? 'main had already ended' : o.cancelledAt.text}`
    const message = `${problem} (${k === undefined ? 'not cancelled' : `cancelled after ${k} iterations`})${at}\n  observed: ${showObservation(o)}`
    throw new CancelPointError(message, k, o.cancelledAt, o as Observation<unknown, unknown>, cause === undefined ? undefined : { cause })
  }
  const run = (k: number | undefined): Observation<E, A> => {
    const o = observe(make(), k === undefined ? opts : { ...opts, cancelAfter: k })
    let problem: string | undefined
    try {
      problem = problemOf(o, k)
    } catch (error) {
      return fail(o, k, `the check threw: ${error instanceof Error ? error.message : show(error)}`, error)
    }
    if (problem !== undefined) fail(o, k, problem)
    return o
  }
  const base = run(undefined)
  const points: CancelPoint<E, A>[] = []
  for (let k = 0; k <= base.iterations; k++) points.push({ k, observation: run(k) })
  return points
}

/** The checks of the options form: the user's invariant, then what every run must satisfy. */
const userProblem = <E, A>(o: Observation<E, A>, k: number | undefined, check: CancelCheck<E, A> | undefined): string | undefined => {
  if (check !== undefined) {
    const verdict = check(o.outcome, o, k)
    if (verdict === false) return 'the check returned false'
    if (verdict !== null && typeof verdict === 'object' && typeof (verdict as { then?: unknown }).then === 'function') return 'the check returned a promise: it must be synchronous'
    if (typeof verdict === 'string') return verdict
  }
  if (o.outcome._tag === 'NonTerminating') return 'main deadlocked: nothing was ready and no timer was pending'
  if (o.outcome._tag === 'Diverged') return `main did not end within the budget (${o.outcome.reason === 'time' ? 'virtual time' : 'iterations'})`
  if (o.pendingAtEnd > 0) return `${o.pendingAtEnd} fiber(s) still pending after the teardown: their finalizers never ran`
  if (o.unhandled.length > 0) return `failures nobody retrieved: ${o.unhandled.map(show).join(', ')}`
  return undefined
}

/**
 * A `Program` as a function that makes its task: a function is called once per run (fresh
 * state each time), a `Task` is used as is (it is a description: each run starts it afresh).
 * For `cancelEverywhere` and `explore`. @internal
 *
 * @example
 * const make = programMaker('explore', () => Task.sleep(10)) // a fresh task per run
 * observe(make())
 */
export const programMaker = <E, A>(who: string, program: Program<E, A>): (() => Task.Task<E, A>) => {
  if (typeof program === 'function') {
    return () => {
      const task = program()
      if (!Task.isTask(task)) throw new TypeError(`${who}: the program function must return a Task, got ${show(task)}`)
      return task
    }
  }
  if (!Task.isTask(program)) throw new TypeError(`${who}: the program must be a Task or a function returning one, got ${show(program)}`)
  return () => program
}
