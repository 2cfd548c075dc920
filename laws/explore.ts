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
import type { Task } from '../lib/index.js'
import type { Observation, ObserveOptions } from './observe.js'
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
 * Runs `task` uncancelled, then once per k in 0..n (n = the iterations the first run took),
 * cancelling main after k iterations; calls `check` on every observation (the uncancelled
 * one has k = undefined). Throws the first problem `check` reports, with k and the
 * observation; returns every observation otherwise.
 *
 * @example
 * const count = (o: Observation<unknown, unknown>, x: string) => o.trace.filter((e) => e.x === x).length
 * const bracketed = Task.bracket(emit('acq'), () => Task.sleep(10), () => emit('rel'))
 * cancelEverywhere(bracketed, (o) => (count(o, 'acq') === count(o, 'rel') ? undefined : 'unbalanced'), { afterMain: 'teardown' })
 */
export const cancelEverywhere = <E, A>(
  task: Task.Task<E, A>,
  check: (o: Observation<E, A>, k: number | undefined) => string | undefined,
  opts: ObserveOptions = {},
): ReadonlyArray<CancelPoint<E, A>> => {
  const base = observe(task, opts)
  const fail = (o: Observation<E, A>, k: number | undefined, problem: string): never => {
    throw new Error(`${problem} (${k === undefined ? 'not cancelled' : `cancelled after ${k} iterations`})\n  observed: ${showObservation(o)}`)
  }
  const p0 = check(base, undefined)
  if (p0 !== undefined) fail(base, undefined, p0)
  const points: CancelPoint<E, A>[] = []
  for (let k = 0; k <= base.iterations; k++) {
    const o = observe(task, { ...opts, cancelAfter: k })
    const p = check(o, k)
    if (p !== undefined) fail(o, k, p)
    points.push({ k, observation: o })
  }
  return points
}
