/**
 * The whole law catalogue on taskloop's own Task and its fp-ts instances: one `it` per law.
 * Runs per law: TASKLOOP_LAW_RUNS (default 25); `TASKLOOP_LAW_RUNS=1000 npm test` is the deep run.
 */
import { describe, it } from 'vitest'
import { describeLaws, taskSuites } from '../../laws/index.js'

describe('Task laws', () => {
  for (const mk of Object.values(taskSuites)) describeLaws(mk(), { describe, it })
})
