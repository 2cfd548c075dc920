/**
 * `cancelEverywhere`, the one of `taskloop/laws`, offered here too: it was grown to take
 * your own programs (`cancelEverywhere(program, { check })`), so the laws and your tests
 * share one implementation. See `laws/explore.ts` for what it checks.
 *
 * @example
 * cancelEverywhere(() => transfer(accounts()), { check: (outcome) => expect(total()).toBe(100) })
 *
 * @module
 */
export { cancelEverywhere, CancelPointError } from '../../laws/explore.js'
export type { CancelCheck, CancelEverywhereOptions, CancelPoint, Program } from '../../laws/explore.js'
export { describeSuspension } from '../../laws/observe.js'
export type { ObservedOutcome, Observation, SuspendedFiber, SuspensionPoint } from '../../laws/observe.js'
