/**
 * `taskTest`, `taskTest.each` and `taskTest.skip` as a user writes them: registered when the file
 * is collected. The last test checks that each registered body ran, with its arguments.
 */
import { describe, expect, it } from 'vitest'
import { Task } from '../../lib/index.js'
import { taskTest } from '../../lib/testing/taskTest.js'
import { pipe } from 'fp-ts/lib/function.js'

const ran: string[] = []

describe('taskTest registrations', () => {
  taskTest('R3: an hour of sleeps takes no real time, and the clock reads exactly', function* () {
    const loop = yield* Task.getRunningLoop
    yield* Task.sleep(59 * 60_000)
    expect(loop.time()).toBe(59 * 60_000)
    ran.push('generator')
  })

  taskTest('a body may be a function returning a Task', () => pipe(Task.sleep(5), Task.tap(() => Task.sync(() => void ran.push('function')))))

  taskTest('a body may be a Task', Task.sync(() => void ran.push('task')), { timeLimit: 10 })

  taskTest.each([
    [10, 20],
    [1, 2],
  ])('each: sleeps %i then %i', function* (a, b) {
    const loop = yield* Task.getRunningLoop
    yield* Task.sleep(a)
    yield* Task.sleep(b)
    expect(loop.time()).toBe(a + b)
    ran.push(`each ${a} ${b}`)
  })

  taskTest.skip('skip registers a skipped test', function* () {
    throw new Error('never runs')
  })


  it('every registered body ran, each case of each with its arguments, and the skipped one not', () => {
    expect(ran).toEqual(['generator', 'function', 'task', 'each 10 20', 'each 1 2'])
  })
})
