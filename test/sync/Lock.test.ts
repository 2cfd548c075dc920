/**
 * Lock as ASYNCIO.md R58–R59: strictly FIFO-fair, and cancellation keeps the invariant
 * "if the lock is free and someone waits, the first waiter will run".
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { CancelledError, InvalidStateError, Loop, Lock, LoopError, Task } from '../../lib/index.js'
import { runVirtual } from '../helpers.js'
import { scenario, settled } from './scenario.js'

describe('Lock (R58)', () => {
  it('R58: acquire takes a free lock at once and returns true; release frees it', () => {
    const lock = new Lock()
    const r = runVirtual(
      Task.gen(function* () {
        const got = yield* lock.acquire()
        const held = lock.locked()
        lock.release()
        return [got, held, lock.locked()]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, true, false] })
    expect(r.elapsed).toBe(0)
  })

  it('R58: releasing a lock that is not held is an InvalidStateError and changes nothing (test_release_not_acquired)', () => {
    const lock = new Lock()
    expect(() => lock.release()).toThrow(InvalidStateError)
    expect(() => lock.release()).toThrow(/not acquired/)
    expect(lock.locked()).toBe(false)
  })

  it('R58: the lock is not owned — another fiber, or a plain callback, may release it', () => {
    const lock = new Lock()
    const v = scenario(function* () {
      yield* lock.acquire()
      const loop = yield* Task.getRunningLoop
      loop.callLater(5, () => lock.release())
      yield* lock.acquire() // waits for the callback's release
      return yield* Task.now
    })
    expect(v).toBe(5)
  })

  it('R58: waiters get the lock first come, first served', () => {
    const lock = new Lock()
    const order: string[] = []
    const v = scenario(function* () {
      yield* lock.acquire()
      const fibers = []
      for (const name of ['a', 'b', 'c']) {
        fibers.push(yield* Task.spawn(lock.withLock(Task.sync(() => void order.push(name)))))
        yield* Task.sleep(1)
      }
      lock.release()
      yield* Task.gather(fibers)
      return lock.locked()
    })
    expect(v).toBe(false)
    expect(order).toEqual(['a', 'b', 'c'])
  })

  it('R58: a newcomer cannot overtake a waiter that was woken but has not run yet', () => {
    const lock = new Lock()
    const order: string[] = []
    const v = scenario(function* () {
      yield* lock.acquire()
      const waiter = yield* Task.spawn(lock.withLock(Task.sync(() => void order.push('waiter'))))
      yield* Task.cede
      lock.release() // wakes the waiter, which runs next iteration
      const freeButPromised = !lock.locked()
      const newcomer = yield* Task.spawn(lock.withLock(Task.sync(() => void order.push('newcomer'))))
      yield* Task.gather([waiter, newcomer])
      return freeButPromised
    })
    expect(v).toBe(true)
    expect(order).toEqual(['waiter', 'newcomer'])
  })

  it('R58: a newcomer acquiring in the same step as the release does not barge ahead of the woken waiter', () => {
    const lock = new Lock()
    const order: string[] = []
    scenario(function* () {
      yield* lock.acquire()
      const waiter = yield* Task.spawn(lock.withLock(Task.sync(() => void order.push('waiter'))))
      yield* Task.cede
      lock.release() // wakes the waiter; the lock is free but promised to it
      yield* lock.acquire() // the releasing fiber comes back at once, as a newcomer
      order.push('newcomer')
      lock.release()
      yield* waiter
    })
    expect(order).toEqual(['waiter', 'newcomer'])
  })

  it('R58: withLock releases after success, failure and cancellation', () => {
    const lock = new Lock()
    const v = scenario(function* () {
      const ok = yield* lock.withLock(Task.of('ok'))
      const afterOk = lock.locked()
      const failed = yield* Task.either(lock.withLock(Task.fail('boom')))
      const afterFail = lock.locked()
      const sleeper = yield* Task.spawn(lock.withLock(Task.sleep(100)))
      yield* Task.sleep(10)
      const heldWhileSleeping = lock.locked()
      sleeper.cancel()
      yield* settled(sleeper)
      return [ok, afterOk, failed._tag, afterFail, heldWhileSleeping, sleeper.cancelled(), lock.locked()]
    })
    expect(v).toEqual(['ok', false, 'Left', false, true, true, false])
  })

  it('R58: withLock is a property, so pipe(task, lock.withLock) works; a non-task is a TypeError', () => {
    const lock = new Lock()
    expect(scenario(function* () {
      return yield* pipe(Task.sync(() => lock.locked()), lock.withLock)
    })).toBe(true)
    expect(() => lock.withLock(42 as never)).toThrow(TypeError)
  })

  it('R58: a lock binds to the loop that first waits on it; another loop gets a LoopError', async () => {
    const lock = new Lock()
    const a = new Loop({ clock: 'virtual' })
    await a.runUntilComplete(
      Task.gen(function* () {
        yield* lock.acquire()
        const w = yield* Task.spawn(lock.acquire())
        yield* Task.cede
        lock.release()
        yield* w
      }),
    )
    a.close()
    const b = new Loop({ clock: 'virtual' })
    await expect(b.runUntilComplete(lock.acquire())).rejects.toThrow(LoopError)
    lock.release()
    expect(await b.runUntilComplete(lock.acquire())).toBe(true) // the fast path does not wait, so it works
    b.close()
  })
})

describe('Lock cancellation (R59)', () => {
  it('R59: a waiter cancelled while queued leaves; the lock goes to the next one (test_acquire_cancel)', () => {
    const lock = new Lock()
    const v = scenario(function* () {
      yield* lock.acquire()
      const b = yield* Task.spawn(lock.acquire())
      const c = yield* Task.spawn(lock.acquire())
      yield* Task.cede
      b.cancel()
      yield* Task.cede
      lock.release()
      yield* c
      return [b.cancelled(), lock.locked()]
    })
    expect(v).toEqual([true, true])
  })

  it('R59: a waiter cancelled in the same iteration as the release takes nothing; the next one gets the lock (test_cancel_race)', () => {
    const lock = new Lock()
    const holders: string[] = []
    const lockit = (name: string, hold: Task.Task<unknown, unknown>) =>
      lock.withLock(
        Task.gen(function* () {
          holders.push(name)
          const count = holders.length
          yield* hold
          if (holders.length !== count) throw new Error('two holders')
        }),
      )
    const v = scenario(function* () {
      const loop = yield* Task.getRunningLoop
      const fa = loop.createFuture<void>()
      const ta = yield* Task.spawn(lockit('A', Task.join(fa)))
      yield* Task.cede
      const tb = yield* Task.spawn(lockit('B', Task.unit))
      yield* Task.cede
      const tc = yield* Task.spawn(lockit('C', Task.unit))
      yield* Task.cede
      fa.setResult(undefined)
      tb.cancel()
      yield* Task.cede
      yield* tc
      return [ta.done(), tb.cancelled(), lock.locked()]
    })
    expect(v).toEqual([true, true, false])
    expect(holders).toEqual(['A', 'C'])
  })

  it('R59: cancelling the woken waiter and releasing in one callback takes one lock, not two (test_cancel_release_race)', () => {
    const lock = new Lock()
    let lockCount = 0
    let callCount = 0
    const lockit = Task.gen(function* () {
      callCount++
      yield* lock.acquire()
      lockCount++
    })
    const v = scenario(function* () {
      yield* lock.acquire()
      const t1 = yield* Task.spawn(lockit)
      const t2 = yield* Task.spawn(lockit)
      const t3 = yield* Task.spawn(lockit)
      yield* Task.cede
      const loop = yield* Task.getRunningLoop
      loop.callSoon(() => {
        t1.cancel()
        lock.release()
      })
      const r1 = yield* settled(t1)
      yield* Task.cede
      const snapshot = [r1 instanceof CancelledError, t1.cancelled(), t2.done(), t3.done(), lockCount, callCount]
      t3.cancel()
      yield* Task.cede
      yield* Task.cede
      return [...snapshot, t3.cancelled()]
    })
    expect(v).toEqual([true, true, true, false, 1, 3, true])
  })

  it('R59: a waiter woken and then cancelled before it runs wakes the next one (test_finished_waiter_cancelled)', () => {
    const lock = new Lock()
    const v = scenario(function* () {
      const ta = yield* Task.spawn(lock.acquire())
      yield* Task.cede
      const lockedByA = lock.locked()
      const tb = yield* Task.spawn(lock.acquire())
      yield* Task.cede
      const tc = yield* Task.spawn(lock.acquire())
      yield* Task.cede
      lock.release() // wakes tb…
      tb.cancel() // …which is cancelled before it runs
      yield* tc // without the hand-off, tc would wait forever
      return [lockedByA, ta.done(), tb.cancelled(), lock.locked()]
    })
    expect(v).toEqual([true, true, true, true])
  })

  it('R59: a cancelled acquire surfaces as cancellation, with its message', () => {
    const lock = new Lock()
    const v = scenario(function* () {
      yield* lock.acquire()
      const w = yield* Task.spawn(lock.acquire())
      yield* Task.cede
      w.cancel('give up')
      try {
        yield* w
        return 'acquired'
      } catch (e) {
        return e instanceof CancelledError ? `cancelled: ${e.message}` : 'other'
      }
    })
    expect(v).toBe('cancelled: give up')
  })
})

describe('Lock: what toString and errors say (R58)', () => {
  it('withLock given something that is not a task is a TypeError naming withLock and the value', () => {
    expect(() => new Lock().withLock(5 as never)).toThrow(new TypeError('Lock.withLock expects a Task, got number 5'))
  })

  it('toString counts the waiters while the lock is held, and drops the count when none is left', () => {
    const lock = new Lock()
    const v = scenario(function* () {
      yield* lock.acquire()
      const a = yield* Task.spawn(lock.acquire())
      const b = yield* Task.spawn(lock.acquire())
      yield* Task.cede
      const held = String(lock)
      a.cancel()
      b.cancel()
      yield* settled(a)
      yield* settled(b)
      return [held, String(lock)]
    })
    expect(v).toEqual(['Lock<locked waiters=2>', 'Lock<locked>'])
  })

  it('R59: a waiter cancelled in the same step as a release that skips it is counted once, and the next waiter still gets the lock', () => {
    const lock = new Lock()
    const v = scenario(function* () {
      yield* lock.acquire()
      const a = yield* Task.spawn(lock.acquire())
      const b = yield* Task.spawn(lock.acquire())
      const c = yield* Task.spawn(lock.acquire())
      yield* Task.cede
      a.cancel() // a's waiter is cancelled now; a cleans up when it runs
      lock.release() // skips a, wakes b
      yield* settled(a)
      const afterCleanup = String(lock)
      yield* b // b holds the lock; c waits
      const withB = String(lock)
      lock.release()
      yield* c
      return [a.cancelled(), afterCleanup, withB, String(lock)]
    })
    expect(v).toEqual([true, 'Lock<locked waiters=1>', 'Lock<locked waiters=1>', 'Lock<locked>'])
  })
})
