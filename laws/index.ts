/**
 * `taskloop/laws`: the monad and cancellation laws of `Task`, checked by property-based
 * tests, and the kit to law-check your own fp-ts instances and your own task code.
 *
 * - Observation and equivalence: `observe`, `equivalent`, `expectEquivalent`, `getEq`, `liftEq`
 *   (a synchronous fp-ts `Eq<Task>`, thanks to the virtual clock), `emit` to record effects.
 * - Generators: `arbProgram`, `arbTask`, `arbKleisli` — random programs that print themselves.
 * - Laws as data: equations (`FunctorLaws`, `MonadLaws`, …), suites (`monadLaws(M, arbs, eq)`
 *   for any fp-ts instance, `taskLaws()` / `taskSuites` for `Task`), runners (`checkLaws`,
 *   `describeLaws` with your runner's `describe`/`it`).
 * - Beyond equations: `seededSchedule` / `arbSchedule` (schedule exploration) and
 *   `cancelEverywhere` (cancellation injected at every suspension point).
 *
 * @example
 * import { describe, it } from 'vitest'
 * import { describeLaws, taskLaws } from 'taskloop/laws'
 * describeLaws(taskLaws(), { describe, it })
 *
 * @module
 */
export * from './equal.js'
export * from './observe.js'
export * from './helpers.js'
export * from './program.js'
export * from './suite.js'
export * from './generic.js'
// named, not `export *`: explore.ts also holds `programMaker`, an internal helper shared with
// taskloop/testing that the published declarations leave out; the barrel must not offer it
export { arbSchedule, cancelEverywhere, CancelPointError } from './explore.js'
export type { CancelPoint, CancelCheck, CancelEverywhereOptions, Program } from './explore.js'
export * from './tasks/index.js'
