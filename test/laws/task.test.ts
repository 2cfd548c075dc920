/**
 * The whole law catalogue on taskloop's own Task and its fp-ts instances: one `it` per law.
 * Runs per law: TASKLOOP_LAW_RUNS (default 25); `TASKLOOP_LAW_RUNS=1000 npm test` is the deep run.
 * The schedule suite runs in test/laws/schedule.test.ts.
 */
import { describe, it } from 'vitest'
import { describeLaws, taskSuites } from '../../laws/index.js'

describe('Task laws', () => {
  for (const [name, mk] of Object.entries(taskSuites)) if (name !== 'schedule') describeLaws(mk(), { describe, it })
})
