/**
 * Cancelling a gather (R34): a pending gather passes the cancel to its children; one that has
 * already ended (a child failed first) passes nothing on, and its other children run on.
 */
import { describe, expect, it } from 'vitest'
import { Task } from '../../lib/index.js'
import { runSyncUntil } from '../../lib/Loop.js'
import { virtualLoop } from '../helpers.js'

describe('cancelling a gather', () => {
  it('after a child failed (the gather ended, its awaiter not yet woken): the other children are not cancelled', () => {
    const { loop, reports } = virtualLoop()
    const failing = loop.createFuture<number, string>()
    const gate = loop.createFuture<void>()
    const events: string[] = []
    const sibling = loop.createTask(
      Task.gen(function* () {
        yield* gate
        events.push('sibling finished')
      }),
    )
    const awaiter = loop.createTask(Task.either(Task.gather([failing, sibling])))
    runSyncUntil(loop, () => false, { maxIterations: 2 }) // the awaiter waits on the gather
    loop.callSoon(() => {
      failing.setException('first failure')
      // next iteration, after the future's callbacks: the gather has heard of the failure and
      // ended; its awaiter wakes one iteration later
      loop.callSoon(() => void awaiter.cancel())
    })
    runSyncUntil(loop, () => awaiter.done())
    expect(sibling.done()).toBe(false)
    gate.setResult()
    runSyncUntil(loop, () => false)
    expect(events).toEqual(['sibling finished'])
    expect(sibling.result()).toBeUndefined()
    expect(awaiter.cancelled()).toBe(true)
    expect(reports).toEqual([])
    loop.close()
  })

  it('a pending gather that took the cancel ends cancelled, with returnExceptions too, even if its awaiter withdraws its request (R34, R27)', () => {
    const { loop } = virtualLoop()
    const child = loop.createTask(Task.sleep(100))
    const awaiter = loop.createTask(Task.gather([child], { returnExceptions: true }))
    runSyncUntil(loop, () => false, { maxTime: 10 })
    expect(awaiter.cancel('stop')).toBe(true)
    expect(awaiter.uncancel()).toBe(0)
    runSyncUntil(loop, () => false)
    expect(child.cancelled()).toBe(true)
    expect(awaiter.outcome).toEqual({ _tag: 'Cancelled', message: 'stop' })
    loop.close()
  })
})
