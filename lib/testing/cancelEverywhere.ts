/**
 * `cancelEverywhere`, the one of `taskloop/laws`, offered here too: it was grown to take
 * your own programs (`cancelEverywhere(program, { check })`), so the laws and your tests
 * share one implementation. See `laws/explore.ts` for what it checks.
 *
 * @example
 * import { expect } from 'vitest'
 * import { cancelEverywhere } from 'taskloop/testing'
 * const balances = { a: 50, b: 50 }
 * // the move happens in one step after the pause, so no cancellation can split it
 * const transfer = pipe(Task.sleep(10), Task.flatMap(() => Task.sync(() => { balances.a -= 10; balances.b += 10 })))
 * cancelEverywhere(transfer, { check: () => expect(balances.a + balances.b).toBe(100) })
 *
 * @module
 */
export { cancelEverywhere, CancelPointError } from '../../laws/explore.js'
export type { CancelCheck, CancelEverywhereOptions, CancelPoint, Program } from '../../laws/explore.js'
export { describeSuspension } from '../../laws/observe.js'
export type { ObservedOutcome, Observation, SuspendedFiber, SuspensionPoint } from '../../laws/observe.js'
