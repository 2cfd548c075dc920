/**
 * The waits a fiber can be suspended on besides a future (a sleep timer, `Task.never`, a
 * foreign operation), against a recording fiber: each wakes its fiber exactly once, `cancel`
 * says whether the cancellation will be what wakes it, and the loop's counts (cancelled
 * timers, foreign operations in flight) follow.
 */
import { describe, expect, it } from 'vitest'
import { CancelledError, Task } from '../../lib/index.js'
import type { Primitive } from '../../lib/runtime/primitive.js'
import { WaitOn } from '../../lib/runtime/primitive.js'
import { AsyncWait, NeverWait, ParkedWait, SleepTimer, type Sleeper } from '../../lib/runtime/waits.js'

const recordingFiber = () => {
  const wakes: Array<[string, unknown]> = []
  let cancelledTimers = 0
  const fiber: Sleeper = {
    loop: {
      timers: { noteCancelled: () => void cancelledTimers++ },
      schedule: () => {},
      foreignWaits: 0,
      debug: false,
      trace: null,
    },
    wakeWithValue: (value) => void wakes.push(['value', value]),
    wakeWithError: (error) => void wakes.push(['error', error]),
    wakeToRun: (task: Primitive) => void wakes.push(['run', task]),
  }
  return { fiber, wakes, cancelledTimers: () => cancelledTimers }
}

describe('SleepTimer', () => {
  it('fires once, waking its fiber with undefined; a cancel after that is too late and counts nothing', () => {
    const { fiber, wakes, cancelledTimers } = recordingFiber()
    const timer = new SleepTimer(fiber, 10, 0)
    expect([timer.pending, timer.cancelled]).toEqual([true, false])
    timer.fire()
    timer.fire()
    expect(wakes).toEqual([['value', undefined]])
    expect(timer.cancel('late')).toBe(false)
    expect([timer.pending, timer.cancelled, cancelledTimers()]).toEqual([false, false, 0])
    expect(wakes).toHaveLength(1)
  })

  it('cancelled while in the heap: wakes its fiber with a CancelledError carrying the message, counts one cancelled timer, and never fires', () => {
    const { fiber, wakes, cancelledTimers } = recordingFiber()
    const timer = new SleepTimer(fiber, 10, 0)
    expect(timer.cancel('stop')).toBe(true)
    expect(timer.cancel('again')).toBe(false)
    timer.fire()
    expect([timer.pending, timer.cancelled, cancelledTimers()]).toEqual([false, true, 1])
    expect(wakes).toHaveLength(1)
    expect(wakes[0]![0]).toBe('error')
    expect(wakes[0]![1]).toBeInstanceOf(CancelledError)
    expect((wakes[0]![1] as CancelledError).message).toBe('stop')
  })

  it('cancelled after it left the heap (due, on the ready queue): no cancelled timer is counted', () => {
    const { fiber, wakes, cancelledTimers } = recordingFiber()
    const timer = new SleepTimer(fiber, 10, 0)
    timer.inHeap = false
    expect(timer.cancel()).toBe(true)
    expect([timer.cancelled, cancelledTimers()]).toEqual([true, 0])
    expect(wakes.map(([how]) => how)).toEqual(['error'])
  })
})

describe('NeverWait', () => {
  it('only a cancel wakes it, once', () => {
    const { fiber, wakes } = recordingFiber()
    const wait = new NeverWait(fiber)
    expect(wait.pending).toBe(true)
    expect(wait.cancel('why')).toBe(true)
    expect(wait.pending).toBe(false)
    expect(wait.cancel('again')).toBe(false)
    expect(wakes).toHaveLength(1)
    expect((wakes[0]![1] as CancelledError).message).toBe('why')
  })
})

describe('AsyncWait', () => {
  it('counts one foreign operation in flight until the first resume, which alone wakes the fiber', () => {
    const { fiber, wakes } = recordingFiber()
    const wait = new AsyncWait(fiber, 'Task.callback')
    expect(fiber.loop.foreignWaits).toBe(1)
    expect(wait.ended).toBe(false)
    const first = Task.of(1)
    wait.resume(first)
    wait.resume(Task.of(2))
    expect(fiber.loop.foreignWaits).toBe(0)
    expect(wait.ended).toBe(true)
    expect(wakes).toEqual([['run', first]])
    expect(wait.cancel()).toBe(false)
    expect(wait.abandon()).toBe(false)
    expect(fiber.loop.foreignWaits).toBe(0)
    expect(wakes).toHaveLength(1)
  })

  it('a cancel ends it once, aborts its signal with the CancelledError, and a later resume is ignored', () => {
    const { fiber, wakes } = recordingFiber()
    const wait = new AsyncWait(fiber, 'Task.promise')
    const signal = wait.signal()
    expect(wait.signal()).toBe(signal)
    expect(wait.cancel('stop')).toBe(true)
    expect(wait.cancel('again')).toBe(false)
    expect(fiber.loop.foreignWaits).toBe(0)
    expect(signal.aborted).toBe(true)
    expect(signal.reason).toBe(wakes[0]![1])
    expect((signal.reason as CancelledError).message).toBe('stop')
    wait.resume(Task.of(1))
    expect(wakes.map(([how]) => how)).toEqual(['error'])
  })

  it('abandoned (its registration threw): ends without waking the fiber, once', () => {
    const { fiber, wakes } = recordingFiber()
    const wait = new AsyncWait(fiber, 'Task.callback')
    expect(wait.abandon()).toBe(true)
    expect(wait.abandon()).toBe(false)
    expect(wait.cancel()).toBe(false)
    wait.resume(Task.of(1))
    expect(fiber.loop.foreignWaits).toBe(0)
    expect(wakes).toEqual([])
  })
})

describe('ParkedWait (a fiber parked on a waiter list)', () => {
  const owner = {
    waitEnded: () => undefined,
    describeAwait: () => ({ kind: 'future' as const, text: "Queue 'jobs'.get (0 items, 1 getter)", fibers: [] }),
  }

  it('is its own wait frame, carries its item, and wakes its fiber once with the value', () => {
    const { fiber, wakes } = recordingFiber()
    const parked = new ParkedWait(fiber, owner, 'job')
    expect(parked).toBeInstanceOf(WaitOn)
    expect([parked.waiter === parked, parked.owner === owner, parked.item]).toEqual([true, true, 'job'])
    expect([parked.done(), parked.cancelled()]).toEqual([false, false])
    expect(parked.describeAwait(0).text).toBe("Queue 'jobs'.get (0 items, 1 getter)")
    parked.setResult(1)
    parked.setResult(2)
    expect(wakes).toEqual([['value', 1]])
    expect([parked.done(), parked.cancelled()]).toEqual([true, false])
    expect(parked.describeAwait(0)).toEqual({ kind: 'ready', text: 'nothing: it was woken, it runs next', fibers: [] })
    expect(parked.cancel('late')).toBe(false)
    expect(wakes).toHaveLength(1)
  })

  it('cancelled while parked: wakes its fiber with a CancelledError carrying the message, once; a later wake does nothing', () => {
    const { fiber, wakes } = recordingFiber()
    const parked = new ParkedWait(fiber, owner)
    expect(parked.cancel('stop')).toBe(true)
    expect(parked.cancel('again')).toBe(false)
    parked.setResult(1)
    expect(wakes).toHaveLength(1)
    const [kind, error] = wakes[0]!
    expect(kind).toBe('error')
    expect(error).toBeInstanceOf(CancelledError)
    expect((error as Error).message).toBe('stop')
    expect([parked.done(), parked.cancelled()]).toEqual([true, true])
  })

  it('a wake is recorded on the timeline: the waker settles, the fiber is woken by it', () => {
    const { fiber } = recordingFiber()
    const calls: string[] = []
    const traced = { ...fiber, loop: { ...fiber.loop, trace: { settled: (w: object) => void calls.push(`settled ${w === parked}`), woke: (f: unknown, w: object) => void calls.push(`woke ${f === traced} ${w === parked}`) } } }
    const parked = new ParkedWait(traced, owner)
    parked.setResult(undefined)
    expect(calls).toEqual(['settled true', 'woke true true'])
  })
})
