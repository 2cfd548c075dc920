/**
 * Semaphore and BoundedSemaphore as ASYNCIO.md R62.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { BoundedSemaphore, CancelledError, Semaphore, Task } from '../../lib/index.js'
import { runVirtual } from '../helpers.js'
import { scenario, settled } from './scenario.js'

describe('Semaphore (R62)', () => {
  it('R62: the initial value is a whole number >= 0: RangeError below, TypeError for a non-number (test_initial_value_zero)', () => {
    expect(() => new Semaphore(-1)).toThrow(RangeError)
    expect(() => new BoundedSemaphore(-1)).toThrow(/BoundedSemaphore/)
    expect(() => new Semaphore(1.5)).toThrow(RangeError)
    expect(() => new Semaphore('2' as never)).toThrow(TypeError)
    expect(() => new Semaphore(NaN)).toThrow(TypeError)
    expect(new Semaphore().value).toBe(1)
    expect(new Semaphore(0).locked()).toBe(true)
    expect(new Semaphore(Infinity).locked()).toBe(false)
  })

  it('R62: acquire takes permits until none is left, then waits for a release (test_acquire)', () => {
    const sem = new Semaphore(2)
    const v = scenario(function* () {
      yield* sem.acquire()
      yield* sem.acquire()
      const lockedAtZero = sem.locked()
      const third = yield* Task.spawn(sem.acquire())
      yield* Task.sleep(10)
      const waited = !third.done()
      sem.release()
      yield* third
      return [lockedAtZero, waited, sem.value, yield* Task.now]
    })
    expect(v).toEqual([true, true, 0, 10])
  })

  it('R62: withLock never lets more than `value` tasks in at once', () => {
    const sem = new Semaphore(3)
    let inside = 0
    let most = 0
    const job = (ms: number) =>
      sem.withLock(
        Task.gen(function* () {
          most = Math.max(most, ++inside)
          yield* Task.sleep(ms)
          inside--
        }),
      )
    const r = runVirtual(Task.gather(Array.from({ length: 10 }, (_, i) => job(10 + (i % 4)))))
    expect(r.outcome._tag).toBe('Succeeded')
    expect(most).toBe(3)
    expect(sem.value).toBe(3)
    expect(sem.locked()).toBe(false)
  })

  it('R62: a positive value does not let a newcomer overtake queued waiters (test_acquire_fifo_order_2)', () => {
    const sem = new Semaphore(1)
    const result: number[] = []
    const v = scenario(function* () {
      const c1 = Task.gen(function* () {
        yield* sem.acquire()
        result.push(1)
      })
      const c2 = Task.gen(function* () {
        yield* sem.acquire()
        result.push(2)
        sem.release()
        yield* sem.acquire()
        result.push(4)
      })
      const c3 = Task.gen(function* () {
        yield* sem.acquire()
        result.push(3)
      })
      const fibers = [yield* Task.spawn(c1), yield* Task.spawn(c2), yield* Task.spawn(c3)]
      yield* Task.cede
      sem.release()
      sem.release()
      yield* Task.gather(fibers)
      return result
    })
    expect(v).toEqual([1, 2, 3, 4])
  })

  it('R62: locked() is true while a woken waiter has not run, even with a free permit', () => {
    const sem = new Semaphore(0)
    const v = scenario(function* () {
      const w = yield* Task.spawn(sem.acquire())
      yield* Task.cede
      sem.release() // reserved for w
      sem.release() // free, but w is still ahead of any newcomer
      const snapshot = [sem.value, sem.locked()]
      yield* w
      return [...snapshot, sem.value, sem.locked()]
    })
    expect(v).toEqual([1, true, 1, false])
  })

  it('R62: waiters cancelled before a release are skipped; the release goes to the next live one (test_acquire_cancel_before_awoken)', () => {
    const sem = new Semaphore(0)
    const v = scenario(function* () {
      const ts = []
      for (let i = 0; i < 4; i++) ts.push(yield* Task.spawn(sem.acquire()))
      yield* Task.cede
      ts[0]!.cancel()
      ts[1]!.cancel()
      sem.release()
      yield* Task.cede
      yield* Task.cede
      const snapshot = ts.map((t) => t.done())
      ts[3]!.cancel()
      yield* settled(ts[3]!)
      return [snapshot, ts[0]!.cancelled(), ts[1]!.cancelled(), sem.value]
    })
    expect(v).toEqual([[true, true, true, false], true, true, 0])
  })

  it('R62: a waiter woken and cancelled before it runs gives its permit to the next one (test_acquire_hang)', () => {
    const sem = new Semaphore(0)
    const v = scenario(function* () {
      const t1 = yield* Task.spawn(sem.acquire())
      const t2 = yield* Task.spawn(sem.acquire())
      yield* Task.cede
      sem.release() // reserved for t1…
      t1.cancel() // …which gives it back and wakes t2
      yield* Task.cede
      yield* Task.cede
      return [t1.cancelled(), t2.done(), sem.locked(), sem.value]
    })
    expect(v).toEqual([true, true, true, 0])
  })

  it('R62: a woken waiter cancelled with no one behind it returns the permit to the semaphore', () => {
    const sem = new Semaphore(0)
    const v = scenario(function* () {
      const t1 = yield* Task.spawn(sem.acquire())
      yield* Task.cede
      sem.release()
      t1.cancel('late')
      const end = yield* settled(t1)
      return [end instanceof CancelledError && end.message, sem.value, sem.locked()]
    })
    expect(v).toEqual(['late', 1, false])
  })

  it('R62: BoundedSemaphore refuses to be released above its initial value (test_release_not_acquired)', () => {
    const sem = new BoundedSemaphore(2)
    expect(() => sem.release()).toThrow(RangeError)
    expect(() => sem.release()).toThrow(/released too many times/)
    expect(sem.value).toBe(2)
    const v = scenario(function* () {
      yield* sem.acquire()
      sem.release()
      return sem.value
    })
    expect(v).toBe(2)
    // a plain Semaphore has no bound
    const plain = new Semaphore(1)
    plain.release()
    expect(plain.value).toBe(2)
  })

  it('toString shows the state', () => {
    expect(String(new Semaphore(2))).toBe('Semaphore<value=2>')
    expect(String(new BoundedSemaphore(1))).toBe('BoundedSemaphore<value=1>')
  })
})

describe('Semaphore: values, toString and errors (R62)', () => {
  it('R62: acquire returns true, at once or after waiting', () => {
    const sem = new Semaphore(1)
    const v = scenario(function* () {
      const first = yield* sem.acquire()
      const waiter = yield* Task.spawn(sem.acquire())
      yield* Task.cede
      sem.release()
      return [first, yield* waiter]
    })
    expect(v).toEqual([true, true])
  })

  it('R62: permits released while a woken waiter has not run go to the newcomers queued behind it, as many as are free', () => {
    const sem = new Semaphore(0)
    const v = scenario(function* () {
      const w = yield* Task.spawn(sem.acquire())
      yield* Task.cede
      // the newcomers' first steps come before w's wake-up: they find w woken and queue behind it
      const n1 = yield* Task.spawn(sem.acquire())
      const n2 = yield* Task.spawn(sem.acquire())
      sem.release() // reserved for w
      sem.release()
      sem.release() // two permits free
      // w takes its permit and, in the same step, wakes both newcomers: seen as soon as w ends
      const watcher = yield* Task.spawn(pipe(Task.join(w), Task.map(() => String(sem))))
      const afterW = yield* watcher
      yield* Task.gather([n1, n2])
      return [afterW, sem.value]
    })
    expect(v).toEqual(['Semaphore<value=0>', 0])
  })

  it('toString counts the waiters, and drops the count when none is left', () => {
    const sem = new Semaphore(0)
    const v = scenario(function* () {
      const a = yield* Task.spawn(sem.acquire())
      const b = yield* Task.spawn(sem.acquire())
      yield* Task.cede
      const waiting = String(sem)
      sem.release()
      sem.release()
      yield* Task.gather([a, b])
      return [waiting, String(sem)]
    })
    expect(v).toEqual(['Semaphore<value=0 waiters=2>', 'Semaphore<value=0>'])
  })

  it('bad values and non-tasks are refused with messages that name the semaphore and the value', () => {
    expect(() => new Semaphore('1' as never)).toThrow(new TypeError('new Semaphore expects a number, got the string "1"'))
    expect(() => new BoundedSemaphore(1.5)).toThrow(new RangeError('new BoundedSemaphore: the value must be a whole number, got 1.5'))
    expect(() => new Semaphore(-1)).toThrow(new RangeError('new Semaphore: the value must be >= 0, got -1'))
    expect(() => new Semaphore().withLock(undefined as never)).toThrow(new TypeError('Semaphore.withLock expects a Task, got undefined'))
    expect(() => new BoundedSemaphore().withLock(1 as never)).toThrow(new TypeError('BoundedSemaphore.withLock expects a Task, got number 1'))
  })
})
