/**
 * The schedule laws of the catalogue (Task.retry and Task.repeat under each Schedule), apart from
 * the rest of test/laws/task.test.ts so that mutation testing of lib/Schedule.ts can run them
 * alone. Runs per law: TASKLOOP_LAW_RUNS (default 25).
 */
import { describe, it } from 'vitest'
import { describeLaws, taskSuites } from '../../laws/index.js'

describe('Task laws', () => {
  describeLaws(taskSuites.schedule(), { describe, it })
})
