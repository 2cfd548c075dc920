/**
 * `taskloop/testing`: test your own concurrent code the way the laws test the library's.
 *
 * - `TestLoop`: a virtual-clock loop you drive by hand — `tick`, `advance`, `nextInterval`,
 *   `isDeadlocked`, `snapshot`.
 * - `taskTest` (vitest): a test whose body is a coroutine on a fresh virtual loop, with a
 *   virtual-time limit and a failure for anything left pending; matchers
 *   `toSucceedWith`, `toFailWith`, `toBeCancelled`, `toTakeVirtual` (installed on import).
 * - `explore`: your program under many schedules (random or exhaustive), with a shrunk,
 *   replayable failure.
 * - `cancelEverywhere`: your program cancelled at every suspension point in turn.
 *
 * Needs vitest and fast-check (optional peer dependencies of `taskloop`); the main entry
 * never imports them.
 *
 * @example
 * import { explore, taskTest, TestLoop, cancelEverywhere } from 'taskloop/testing'
 *
 * @module
 */
export { TestLoop, DEFAULT_TICK_BUDGET } from './TestLoop.js'
export type { TestHandle, TestLoopOptions, TestLoopSnapshot } from './TestLoop.js'
export { taskTest, runTaskTest, DEFAULT_TIME_LIMIT } from './taskTest.js'
export type { TaskTestBody, TaskTestOptions } from './taskTest.js'
export { taskMatchers } from './matchers.js'
export type { TaskMatchers } from './matchers.js'
export { explore, DEFAULT_SCHEDULES, DEFAULT_MAX_CHOICES } from './explore.js'
export type { ExploreCheck, ExploreFailure, ExploreFailureReason, ExploreOptions, ExploreReport } from './explore.js'
export * from './cancelEverywhere.js'
