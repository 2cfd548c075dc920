/**
 * Every Task suite by name (`taskSuites`), and `taskLaws()`, the whole catalogue in one
 * suite. Each suite takes generator flags (`arb`) and observation options (`observe`).
 *
 * @module
 */
import type { LawSuite } from '../suite.js'
import { suite } from '../suite.js'
import { altSuite, applyParSuite, applySeqSuite, bifunctorSuite, chainRecSuite, functorSuite, metaLaws, monadSuite, monadThrowSuite, stackSafetySuite, syncLaws } from './algebra.js'
import { asyncioSuite, bracketSuite, monadCancelSuite } from './cancel.js'
import { callbackSuite, gatherSuite, raceSuite, shieldSuite, spawnSuite, temporalSuite, timeoutSuite } from './concurrency.js'
import { exploreSuite } from './exploration.js'
import { scheduleSuite } from './schedule.js'
import type { TaskSuiteOptions } from './kit.js'

export type { TaskSuiteOptions } from './kit.js'
export { TaskChainRec } from './algebra.js'

/**
 * The Task suites, by name.
 *
 * @example
 * describeLaws(taskSuites.monadCancel(), { describe, it })
 */
export const taskSuites = {
  meta: metaLaws,
  sync: syncLaws,
  functor: functorSuite,
  applySeq: applySeqSuite,
  applyPar: applyParSuite,
  monad: monadSuite,
  chainRec: chainRecSuite,
  stackSafety: stackSafetySuite,
  monadThrow: monadThrowSuite,
  bifunctor: bifunctorSuite,
  alt: altSuite,
  monadCancel: monadCancelSuite,
  bracket: bracketSuite,
  spawn: spawnSuite,
  race: raceSuite,
  gather: gatherSuite,
  shield: shieldSuite,
  temporal: temporalSuite,
  timeout: timeoutSuite,
  callback: callbackSuite,
  asyncio: asyncioSuite,
  schedule: scheduleSuite,
  explore: exploreSuite,
} as const satisfies Record<string, (opts?: TaskSuiteOptions) => LawSuite>

/**
 * Everything in the catalogue for `Task`, as one suite whose parents are `taskSuites`.
 *
 * @example
 * describeLaws(taskLaws(), { describe, it })
 */
export const taskLaws = (opts: TaskSuiteOptions = {}): LawSuite =>
  suite(
    'Task',
    [],
    Object.values(taskSuites).map((mk) => mk(opts)),
  )
