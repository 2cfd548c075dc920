/**
 * Condition as ASYNCIO.md R61: wait releases the lock and always re-acquires it before it
 * returns or raises; a notified-then-cancelled waiter passes its notification on.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { CancelledError, Condition, InvalidStateError, Lock, Loop, LoopError, Task } from '../../lib/index.js'
import { runVirtual } from '../helpers.js'
import { scenario, settled } from './scenario.js'

describe('Condition (R61)', () => {
  it('R61: wait releases the lock, and notify wakes waiters one at a time, each holding the lock again (test_wait)', () => {
    const cond = new Condition()
    const result: number[] = []
    const waiter = (n: number) =>
      cond.withLock(
        Task.gen(function* () {
          yield* cond.wait()
          if (!cond.locked()) throw new Error('woke without the lock')
          result.push(n)
        }),
      )
    const v = scenario(function* () {
      const fibers = [yield* Task.spawn(waiter(1)), yield* Task.spawn(waiter(2)), yield* Task.spawn(waiter(3))]
      yield* Task.cede
      const unlockedWhileWaiting = !cond.locked()
      yield* cond.withLock(Task.sync(() => cond.notify()))
      yield* Task.sleep(1)
      const afterOne = [...result]
      yield* cond.withLock(Task.sync(() => cond.notify(2)))
      yield* Task.gather(fibers)
      return [unlockedWhileWaiting, afterOne, result, cond.locked()]
    })
    expect(v).toEqual([true, [1], [1, 2, 3], false])
  })

  it('R61: wait, waitFor and notify without the lock are InvalidStateErrors (test_wait_unacquired, test_notify_unacquired)', () => {
    const cond = new Condition()
    const r = runVirtual(Task.either(cond.wait()))
    expect(r.outcome).toMatchObject({ _tag: 'Succeeded', value: { _tag: 'Left' } })
    expect((r.outcome as { value: { left: unknown } }).value.left).toBeInstanceOf(InvalidStateError)
    expect(() => cond.notify()).toThrow(InvalidStateError)
    expect(() => cond.notifyAll()).toThrow(/un-acquired lock/)
    const w = runVirtual(Task.either(cond.waitFor(() => false)))
    expect((w.outcome as { value: { left: unknown } }).value.left).toBeInstanceOf(InvalidStateError)
  })

  it('R61: waitFor returns at once with the predicate value when it already holds, lock or not (test_wait_for_unacquired)', () => {
    const cond = new Condition()
    const r = runVirtual(cond.waitFor(() => [1, 2, 3]))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [1, 2, 3] })
  })

  it('R61: waitFor re-checks the predicate after every wake-up and returns its truthy value (test_wait_for)', () => {
    const cond = new Condition()
    let presult: string | false = false
    let checks = 0
    const predicate = () => {
      checks++
      return presult
    }
    const v = scenario(function* () {
      const w = yield* Task.spawn(cond.withLock(cond.waitFor(predicate)))
      yield* Task.cede
      yield* cond.withLock(Task.sync(() => cond.notify()))
      yield* Task.sleep(1)
      const stillWaiting = !w.done()
      presult = 'ready'
      yield* cond.withLock(Task.sync(() => cond.notify()))
      return [stillWaiting, yield* w, checks]
    })
    expect(v).toEqual([true, 'ready', 3])
  })

  it('R61: notifyAll wakes every waiter (test_notify_all)', () => {
    const cond = new Condition()
    const v = scenario(function* () {
      const fibers = []
      for (let i = 0; i < 4; i++) fibers.push(yield* Task.spawn(cond.withLock(pipe(cond.wait(), Task.as(i)))))
      yield* Task.cede
      yield* cond.withLock(Task.sync(() => cond.notifyAll()))
      return yield* Task.gather(fibers)
    })
    expect(v).toEqual([0, 1, 2, 3])
  })

  it('R61: a Condition can share a Lock (test_explicit_lock)', () => {
    const lock = new Lock()
    const cond = new Condition(lock)
    const v = scenario(function* () {
      yield* lock.acquire()
      const both = [lock.locked(), cond.locked()]
      cond.release()
      return [...both, lock.locked()]
    })
    expect(v).toEqual([true, true, false])
    expect(() => new Condition({} as never)).toThrow(TypeError)
  })

  it('R61: a cancelled wait re-acquires the lock before the cancellation propagates (test_wait_cancel)', () => {
    const cond = new Condition()
    const v = scenario(function* () {
      let heldWhenCancelled: boolean | undefined
      let caught: unknown
      const w = yield* Task.spawn(
        Task.gen(function* () {
          yield* cond.acquire()
          try {
            yield* cond.wait()
          } catch (e) {
            caught = e
            heldWhenCancelled = cond.locked()
            cond.release()
            throw e
          }
        }),
      )
      yield* Task.cede
      w.cancel('stop')
      const end = yield* settled(w)
      return [heldWhenCancelled, caught === end, end instanceof CancelledError && end.message, cond.locked()]
    })
    expect(v).toEqual([true, true, 'stop', false])
  })

  it('R61: cancelled while the lock is contested, the waiter still ends holding the lock (test_wait_cancel_contested)', () => {
    const cond = new Condition()
    const v = scenario(function* () {
      yield* cond.acquire()
      const w = yield* Task.spawn(cond.wait())
      yield* Task.cede
      const releasedByWait = !cond.locked()
      yield* cond.acquire()
      cond.notify()
      const loop = yield* Task.getRunningLoop
      loop.callSoon(() => w.cancel())
      loop.callSoon(() => cond.release())
      yield* settled(w)
      return [releasedByWait, cond.locked()]
    })
    expect(v).toEqual([true, true])
  })

  it('R61: a waiter cancelled after notify, while waiting for the lock, is cancelled once it holds the lock (test_wait_cancel_after_notify)', () => {
    const cond = new Condition()
    let waited = false
    const v = scenario(function* () {
      const waiter = yield* Task.spawn(
        cond.withLock(
          Task.gen(function* () {
            waited = true
            yield* cond.wait()
          }),
        ),
      )
      yield* Task.sleep(1)
      yield* cond.acquire()
      cond.notify()
      yield* Task.cede // the waiter now waits for the lock
      waiter.cancel()
      yield* Task.cede
      cond.release()
      yield* Task.cede
      yield* Task.cede
      return [waiter.cancelled(), waited, cond.locked()]
    })
    expect(v).toEqual([true, true, false])
  })

  it('R61: a cancel that lands while re-acquiring is raised once the lock is held — the most recent one', () => {
    const cond = new Condition()
    const v = scenario(function* () {
      let heldWhenCaught: boolean | undefined
      const w = yield* Task.spawn(
        Task.gen(function* () {
          yield* cond.acquire()
          try {
            yield* cond.wait()
          } catch (e) {
            heldWhenCaught = cond.locked()
            cond.release()
            throw e
          }
        }),
      )
      yield* Task.cede
      yield* cond.acquire()
      w.cancel('first') // w leaves the wait and queues for the lock we hold
      yield* Task.sleep(1)
      w.cancel('second') // cancelled again while re-acquiring
      yield* Task.sleep(1)
      const waitingForLock = !w.done()
      cond.release()
      const end = yield* settled(w)
      return [waitingForLock, heldWhenCaught, end instanceof CancelledError && end.message]
    })
    expect(v).toEqual([true, true, 'second'])
  })

  const consumers = (cond: Condition, state: { n: number }) =>
    cond.withLock(
      Task.gen(function* () {
        for (;;) {
          yield* cond.waitFor(() => state.n !== 0)
          if (state.n < 0) return
          state.n -= 1
        }
      }),
    )

  it('R61: a waiter notified and cancelled before it runs passes the notification on — no lost wake-up (test_cancelled_wakeup)', () => {
    const cond = new Condition()
    const state = { n: 0 }
    const v = scenario(function* () {
      const c = [yield* Task.spawn(consumers(cond, state)), yield* Task.spawn(consumers(cond, state))]
      yield* Task.cede
      yield* cond.acquire()
      state.n += 1
      cond.notify(1)
      c[0]!.cancel() // notified, but cancelled before it runs
      cond.release()
      yield* Task.sleep(1)
      const consumed = yield* cond.withLock(Task.sync(() => state.n === 0))
      yield* cond.withLock(
        Task.sync(() => {
          state.n = -1
          cond.notifyAll()
        }),
      )
      yield* c[1]!
      return [consumed, c[0]!.cancelled()]
    })
    expect(v).toEqual([true, true])
  })

  it('R61: a waiter cancelled while re-acquiring the lock after a notify passes it on (test_cancelled_wakeup_relock)', () => {
    const cond = new Condition()
    const state = { n: 0 }
    const v = scenario(function* () {
      const c = [yield* Task.spawn(consumers(cond, state)), yield* Task.spawn(consumers(cond, state))]
      yield* Task.cede
      yield* cond.acquire()
      state.n += 1
      cond.notify(1)
      yield* Task.cede // c[0] wakes and queues for the lock
      c[0]!.cancel()
      cond.release()
      yield* Task.sleep(1)
      const consumed = yield* cond.withLock(Task.sync(() => state.n === 0))
      yield* cond.withLock(
        Task.sync(() => {
          state.n = -1
          cond.notifyAll()
        }),
      )
      yield* c[1]!
      return [consumed, c[0]!.cancelled()]
    })
    expect(v).toEqual([true, true])
  })

  it('notify(n) with a bad n is a TypeError; waitFor with a non-function is a TypeError', () => {
    const cond = new Condition()
    expect(() => cond.notify('1' as never)).toThrow(TypeError)
    expect(() => cond.waitFor(true as never)).toThrow(TypeError)
  })
})

describe('Condition: values, toString and errors (R61)', () => {
  it('R61: wait returns true once it holds the lock again', () => {
    const cond = new Condition()
    const v = scenario(function* () {
      const w = yield* Task.spawn(cond.withLock(cond.wait()))
      yield* Task.cede
      yield* cond.withLock(Task.sync(() => cond.notify()))
      return yield* w
    })
    expect(v).toBe(true)
  })

  it('toString counts the waiters; a waiter cancelled out of the list is no longer counted', () => {
    const cond = new Condition()
    const waiter = (log: string[], name: string) =>
      cond.withLock(Task.gen(function* () {
        yield* cond.wait()
        log.push(name)
      }))
    const v = scenario(function* () {
      const woke: string[] = []
      const [a, b, c] = [yield* Task.spawn(waiter(woke, 'a')), yield* Task.spawn(waiter(woke, 'b')), yield* Task.spawn(waiter(woke, 'c'))]
      yield* Task.cede
      const three = String(cond)
      const threeLocked = yield* cond.withLock(Task.sync(() => String(cond)))
      c.cancel() // c passes a notification on (to a) as it leaves, so no wake-up is lost
      yield* settled(c)
      const afterCancel = String(cond)
      yield* a
      yield* cond.withLock(Task.sync(() => cond.notifyAll()))
      yield* b
      return [three, threeLocked, afterCancel, woke, String(cond)]
    })
    expect(v).toEqual(['Condition<unlocked waiters=3>', 'Condition<locked waiters=3>', 'Condition<unlocked waiters=1>', ['a', 'b'], 'Condition<unlocked>'])
  })

  it('misuse is refused with messages that name the call and the value', () => {
    const cond = new Condition()
    expect(() => new Condition(5 as never)).toThrow(new TypeError('new Condition(lock) expects a Lock, got number 5'))
    expect(() => cond.waitFor(1 as never)).toThrow(new TypeError('Condition.waitFor expects a function, got number 1'))
    expect(() => cond.notify('x' as never)).toThrow(new TypeError('Condition.notify(n) expects a number, got the string "x"'))
    const r = runVirtual(Task.either(cond.wait()))
    expect(r.outcome).toEqual({
      _tag: 'Succeeded',
      value: { _tag: 'Left', left: new InvalidStateError('Condition.wait: cannot wait on an un-acquired lock (acquire it first, e.g. with cond.withLock)') },
    })
  })
})

describe('Condition across loops (R61)', () => {
  it('R61: a notified waiter whose lock is now bound to another loop fails with that LoopError, once', async () => {
    const lock = new Lock()
    const cond = new Condition(lock)
    const here = new Loop({ clock: 'virtual' })
    const there = new Loop({ clock: 'virtual' })
    const waiter = here.createTask(
      Task.gen(function* () {
        yield* cond.acquire() // a free lock: taken without binding it
        yield* cond.wait()
      }),
    )
    await here.runUntilComplete(Task.cede)
    // on the other loop one fiber takes the lock and a second waits for it, binding it there
    there.createTask(lock.acquire())
    const blocked = there.createTask(lock.acquire())
    await there.runUntilComplete(Task.cede)
    cond.notify() // the lock is held (from the other loop), so notify is allowed
    const end = await here.runUntilComplete(Task.either(Task.join(waiter)))
    expect(end._tag === 'Left' && end.left).toBeInstanceOf(LoopError)
    blocked.cancel()
    await there.runUntilComplete(Task.cede)
    here.close()
    there.close()
  })
})
