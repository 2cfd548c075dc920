/**
 * Barrier as ASYNCIO.md R63.
 */
import { describe, expect, it } from 'vitest'
import { Barrier, BrokenBarrierError, CancelledError, Task } from '../../lib/index.js'
import { runVirtual } from '../helpers.js'
import { scenario, settled } from './scenario.js'

const arriveAt = (barrier: Barrier, ms: number) =>
  Task.gen(function* () {
    yield* Task.sleep(ms)
    const index = yield* barrier.wait()
    return [index, yield* Task.now]
  })

describe('Barrier (R63)', () => {
  it('R63: parties must be a whole number > 0 (RangeError), a number at all (TypeError)', () => {
    expect(() => new Barrier(0)).toThrow(RangeError)
    expect(() => new Barrier(-2)).toThrow(RangeError)
    expect(() => new Barrier(1.5)).toThrow(RangeError)
    expect(() => new Barrier('3' as never)).toThrow(TypeError)
    expect(new Barrier(3).parties).toBe(3)
  })

  it('R63: everyone waits for the last arrival; indices count who was already waiting', () => {
    const barrier = new Barrier(3)
    const r = runVirtual(Task.gather([arriveAt(barrier, 30), arriveAt(barrier, 10), arriveAt(barrier, 20)]))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [[2, 30], [0, 30], [1, 30]] })
    expect(barrier.nWaiting).toBe(0)
    expect(barrier.broken).toBe(false)
  })

  it('R63: Barrier(1) never waits', () => {
    const barrier = new Barrier(1)
    const r = runVirtual(Task.gather([arriveAt(barrier, 0), arriveAt(barrier, 5)]))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [[0, 0], [0, 5]] })
  })

  it('R63: the barrier can be used again, round after round', () => {
    const barrier = new Barrier(2)
    const party = (ms: number) =>
      Task.gen(function* () {
        const out: number[] = []
        for (let round = 0; round < 3; round++) {
          yield* Task.sleep(ms)
          yield* barrier.wait()
          out.push(yield* Task.now)
        }
        return out
      })
    const r = runVirtual(Task.gather([party(1), party(5)]))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [[5, 10, 15], [5, 10, 15]] })
  })

  it('R63: an arrival while the barrier drains waits for the next round', () => {
    const barrier = new Barrier(2)
    const v = scenario(function* () {
      const a = yield* Task.spawn(barrier.wait())
      yield* Task.cede
      const b = yield* Task.spawn(barrier.wait()) // completes the set: a is released
      yield* Task.cede
      const c = yield* Task.spawn(barrier.wait()) // arrives while a has not left yet
      yield* Task.sleep(5)
      const cWaits = !c.done() && a.done() && b.done()
      const d = yield* Task.spawn(barrier.wait())
      return [yield* a, yield* b, cWaits, yield* c, yield* d]
    })
    expect(v).toEqual([0, 1, true, 0, 1])
  })

  it('R63: nWaiting counts the parties waiting while the barrier fills', () => {
    const barrier = new Barrier(3)
    const v = scenario(function* () {
      const counts = [barrier.nWaiting]
      const a = yield* Task.spawn(barrier.wait())
      yield* Task.cede
      counts.push(barrier.nWaiting)
      const b = yield* Task.spawn(barrier.wait())
      yield* Task.cede
      counts.push(barrier.nWaiting)
      const c = yield* Task.spawn(barrier.wait())
      yield* Task.gather([a, b, c])
      counts.push(barrier.nWaiting)
      return counts
    })
    expect(v).toEqual([0, 1, 2, 0])
  })

  it('R63: a cancelled party leaves; the others still need a full set (test_filling_tasks_cancel_one)', () => {
    const barrier = new Barrier(3)
    const v = scenario(function* () {
      const a = yield* Task.spawn(barrier.wait())
      const b = yield* Task.spawn(barrier.wait())
      yield* Task.cede
      b.cancel()
      const bEnd = yield* settled(b)
      const afterCancel = barrier.nWaiting
      const c = yield* Task.spawn(barrier.wait())
      yield* Task.sleep(5)
      const stillFilling = !a.done() && !c.done()
      const d = yield* Task.spawn(barrier.wait())
      const indices = yield* Task.gather([a, c, d])
      return [bEnd instanceof CancelledError, afterCancel, stillFilling, indices]
    })
    // indices are not unique after a cancellation: c arrived when one party (a) was waiting
    expect(v).toEqual([true, 1, true, [0, 1, 2]])
  })

  it('R63: a party cancelled after the release (before it ran) leaves without breaking the round', () => {
    const barrier = new Barrier(2)
    const v = scenario(function* () {
      const a = yield* Task.spawn(barrier.wait())
      yield* Task.cede
      const b = yield* Task.spawn(barrier.wait())
      yield* Task.cede // b completes the set; a is woken
      a.cancel()
      const aEnd = yield* settled(a)
      const bIndex = yield* b
      const next = yield* Task.gather([barrier.wait(), barrier.wait()])
      return [aEnd instanceof CancelledError, bIndex, barrier.broken, next]
    })
    expect(v).toEqual([true, 1, false, [0, 1]])
  })

  it('R63: reset sends BrokenBarrierError to the waiting parties, and the barrier fills again', () => {
    const barrier = new Barrier(3)
    const v = scenario(function* () {
      const a = yield* Task.spawn(barrier.wait())
      const b = yield* Task.spawn(barrier.wait())
      yield* Task.cede
      barrier.reset()
      const ends = yield* Task.gather([a, b], { returnExceptions: true })
      const state = [barrier.nWaiting, barrier.broken]
      const again = yield* Task.gather([barrier.wait(), barrier.wait(), barrier.wait()])
      return [ends.map((e) => e instanceof BrokenBarrierError), state, again]
    })
    expect(v).toEqual([[true, true], [0, false], [0, 1, 2]])
  })

  it('R63: an arrival while the barrier resets waits until the broken-off parties have left', () => {
    const barrier = new Barrier(2)
    const v = scenario(function* () {
      const a = yield* Task.spawn(barrier.wait())
      yield* Task.cede
      barrier.reset()
      const late = yield* Task.spawn(barrier.wait()) // arrives while a has not left yet
      const aEnd = yield* settled(a)
      const other = yield* Task.spawn(barrier.wait())
      return [aEnd instanceof BrokenBarrierError, yield* late, yield* other]
    })
    expect(v).toEqual([true, 0, 1])
  })

  it('R63: abort breaks the barrier for current and future parties until reset', () => {
    const barrier = new Barrier(2)
    const v = scenario(function* () {
      const a = yield* Task.spawn(barrier.wait())
      yield* Task.cede
      barrier.abort()
      const aEnd = yield* settled(a)
      const later = yield* Task.either(barrier.wait())
      const broken = barrier.broken
      barrier.reset()
      const again = yield* Task.gather([barrier.wait(), barrier.wait()])
      return [aEnd instanceof BrokenBarrierError, later._tag === 'Left' && later.left instanceof BrokenBarrierError, broken, barrier.broken, again]
    })
    expect(v).toEqual([true, true, true, false, [0, 1]])
  })

  it('toString shows the state', () => {
    const barrier = new Barrier(2)
    expect(String(barrier)).toBe('Barrier<filling waiters=0/2>')
    barrier.abort()
    expect(String(barrier)).toBe('Barrier<broken waiters=0/2>')
  })
})

describe('Barrier: rounds, resets and aborts seen from each party (R63)', () => {
  it('R63: a party arriving in the same iteration as the release, before the released ones left, waits for the next round', () => {
    const barrier = new Barrier(2)
    const v = scenario(function* () {
      const a = yield* Task.spawn(barrier.wait())
      yield* Task.cede
      const b = yield* Task.spawn(barrier.wait()) // completes the set, releasing a
      const c = yield* Task.spawn(barrier.wait()) // runs right after b, while a has not left
      yield* Task.sleep(5)
      const cWaits = !c.done() && a.done() && b.done()
      const d = yield* Task.spawn(barrier.wait())
      return [yield* a, yield* b, cWaits, yield* c, yield* d]
    })
    expect(v).toEqual([0, 1, true, 0, 1])
  })

  it('R63: a party arriving after a reset, before the broken-off parties left, waits and starts the next round at index 0', () => {
    const barrier = new Barrier(2)
    const v = scenario(function* () {
      const a = yield* Task.spawn(barrier.wait())
      yield* Task.cede
      const late = yield* Task.spawn(barrier.wait()) // its first step runs before a learns of the reset
      barrier.reset()
      const aEnd = yield* settled(a)
      yield* Task.sleep(5)
      const lateWaits = !late.done()
      const other = yield* Task.spawn(barrier.wait())
      return [aEnd instanceof BrokenBarrierError, lateWaits, yield* late, yield* other]
    })
    expect(v).toEqual([true, true, 0, 1])
  })

  it('R63: nWaiting is 0 while the barrier drains, resets or is broken, though parties are still inside', () => {
    const barrier = new Barrier(3)
    const v = scenario(function* () {
      const counts: number[] = []
      const a = yield* Task.spawn(barrier.wait())
      const b = yield* Task.spawn(barrier.wait())
      yield* Task.cede
      counts.push(barrier.nWaiting) // filling: 2
      barrier.reset()
      counts.push(barrier.nWaiting) // resetting, a and b not yet gone
      yield* settled(a)
      yield* settled(b)
      const c = yield* Task.spawn(barrier.wait())
      yield* Task.cede
      barrier.abort()
      counts.push(barrier.nWaiting) // broken, c not yet gone
      yield* settled(c)
      barrier.reset()
      const fillers = [yield* Task.spawn(barrier.wait()), yield* Task.spawn(barrier.wait())]
      yield* Task.cede
      const last = yield* Task.spawn(barrier.wait())
      yield* Task.cede // last completes the set and leaves; the two others have not run yet
      counts.push(barrier.nWaiting)
      yield* Task.gather([...fillers, last])
      return counts
    })
    expect(v).toEqual([2, 0, 0, 0])
  })

  it('R63: a broken barrier refuses every party, Barrier(1) included, with an error that says it is broken', () => {
    const one = new Barrier(1)
    one.abort()
    const r = runVirtual(Task.either(one.wait()))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: { _tag: 'Left', left: new BrokenBarrierError('Barrier.wait: the barrier is broken (aborted)') } })
    expect(one.broken).toBe(true)
    expect(String(one)).toBe('Barrier<broken waiters=0/1>')
  })

  it('R63: a waiting party learns whether the barrier was aborted or reset under it', () => {
    for (const [end, message] of [
      [(b: Barrier) => b.abort(), 'Barrier.wait: the barrier was aborted while waiting'],
      [(b: Barrier) => b.reset(), 'Barrier.wait: the barrier was reset while waiting'],
    ] as const) {
      const barrier = new Barrier(2)
      const v = scenario(function* () {
        const a = yield* Task.spawn(barrier.wait())
        yield* Task.cede
        end(barrier)
        return yield* settled(a)
      })
      expect(v).toBeInstanceOf(BrokenBarrierError)
      expect((v as Error).message).toBe(message)
    }
  })

  it('bad parties are refused with a message that names the value', () => {
    expect(() => new Barrier('3' as never)).toThrow(new TypeError('new Barrier(parties) expects a number, got the string "3"'))
    expect(() => new Barrier(NaN)).toThrow(/^new Barrier\(parties\) expects a number, got number NaN$/)
    expect(() => new Barrier(1.5)).toThrow(new RangeError('new Barrier(parties): parties must be a whole number > 0, got 1.5'))
  })
})
