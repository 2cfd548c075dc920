/**
 * Event as ASYNCIO.md R60.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { CancelledError, Event, Task } from '../../lib/index.js'
import { runVirtual } from '../helpers.js'
import { scenario, settled } from './scenario.js'

describe('Event (R60)', () => {
  it('R60: set wakes every waiter, in the order they came, and each wait returns true (test_wait)', () => {
    const ev = new Event()
    const order: string[] = []
    const v = scenario(function* () {
      const fibers = []
      for (const name of ['a', 'b', 'c']) {
        fibers.push(yield* Task.spawn(pipe(ev.wait(), Task.tap(() => Task.sync(() => void order.push(name))))))
        yield* Task.sleep(1)
      }
      const before = fibers.map((f) => f.done())
      ev.set()
      const results = yield* Task.gather(fibers)
      return [before, results, ev.isSet()]
    })
    expect(v).toEqual([[false, false, false], [true, true, true], true])
    expect(order).toEqual(['a', 'b', 'c'])
  })

  it('R60: wait on a set event returns true without suspending (test_wait_on_set)', () => {
    const ev = new Event()
    ev.set()
    const r = runVirtual(
      Task.gen(function* () {
        const rival = yield* Task.spawn(Task.unit)
        const v = yield* ev.wait()
        return [v, rival.done()]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, false] })
  })

  it('R60: clear resets the flag but does not un-wake waiters already woken (test_clear_with_waiters)', () => {
    const ev = new Event()
    const v = scenario(function* () {
      const w = yield* Task.spawn(ev.wait())
      yield* Task.cede
      ev.set()
      ev.clear()
      const flag = ev.isSet()
      const woken = yield* w
      const later = yield* Task.spawn(ev.wait())
      yield* Task.sleep(10)
      const laterDone = later.done()
      later.cancel()
      return [flag, woken, laterDone]
    })
    expect(v).toEqual([false, true, false])
  })

  it('R60: set on a set event is a no-op; clear then set works again (test_clear)', () => {
    const ev = new Event()
    expect(ev.isSet()).toBe(false)
    ev.set()
    ev.set()
    expect(ev.isSet()).toBe(true)
    ev.clear()
    expect(ev.isSet()).toBe(false)
    ev.set()
    expect(ev.isSet()).toBe(true)
  })

  it('R60: a cancelled wait removes its waiter; the others are still woken (test_wait_cancel)', () => {
    const ev = new Event()
    const v = scenario(function* () {
      const a = yield* Task.spawn(ev.wait())
      const b = yield* Task.spawn(ev.wait())
      yield* Task.cede
      a.cancel()
      const aEnd = yield* settled(a)
      const listed = String(ev)
      ev.set()
      return [aEnd instanceof CancelledError, listed, yield* b]
    })
    expect(v).toEqual([true, 'Event<unset waiters=1>', true])
  })
})

describe('Event: waiters counted and woken exactly once (R60)', () => {
  it('toString says whether the event is set and counts the waiters', () => {
    const ev = new Event()
    const v = scenario(function* () {
      const fibers = [yield* Task.spawn(ev.wait()), yield* Task.spawn(ev.wait())]
      yield* Task.cede
      const waiting = String(ev)
      ev.set()
      yield* Task.gather(fibers)
      return [waiting, String(ev)]
    })
    expect(v).toEqual(['Event<unset waiters=2>', 'Event<set>'])
  })

  it('R60: a waiter cancelled in the same step as set ends cancelled; the others get true', () => {
    const ev = new Event()
    const v = scenario(function* () {
      const a = yield* Task.spawn(ev.wait())
      const b = yield* Task.spawn(ev.wait())
      yield* Task.cede
      a.cancel()
      ev.set()
      return [(yield* settled(a)) instanceof CancelledError, yield* b]
    })
    expect(v).toEqual([true, true])
  })

  it('R60: a waiter woken by set and cancelled before it ran leaves no trace: the next wait is counted', () => {
    const ev = new Event()
    const v = scenario(function* () {
      const a = yield* Task.spawn(ev.wait())
      yield* Task.cede
      const b = yield* Task.spawn(ev.wait()) // its first step comes before a's wake-up: b waits before a cleans up
      ev.set()
      a.cancel()
      ev.clear()
      yield* settled(a)
      const waiting = String(ev)
      ev.set()
      return [a.cancelled(), waiting, yield* b]
    })
    expect(v).toEqual([true, 'Event<unset waiters=1>', true])
  })

  it('R60: many waiters cancelled at once, behind one that stays, leave only that one counted and woken', () => {
    const ev = new Event()
    const v = scenario(function* () {
      const first = yield* Task.spawn(ev.wait())
      const rest = []
      for (let i = 0; i < 100; i++) rest.push(yield* Task.spawn(ev.wait()))
      yield* Task.cede
      for (const f of rest) f.cancel() // every waiter is cancelled before any of them cleans up
      yield* Task.gather(rest, { returnExceptions: true })
      const counted = String(ev)
      ev.set()
      return [counted, yield* first]
    })
    expect(v).toEqual(['Event<unset waiters=1>', true])
  })
})
