/**
 * `explore`: a schedule is a list of batch-order choices (R1; timer ties join the batch, R2).
 * It finds an interleaving bug that FIFO order hides, stops reporting it once fixed, replays a
 * failure exactly, and refuses bad options before running anything.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Lock, Task } from '../../lib/index.js'
import { explore } from '../../lib/testing/explore.js'

interface Counter {
  value: number
}

/**
 * Two increments of a shared counter, each a read, an await, a write (a lost update when
 * they interleave). The second arrives one await later, so under FIFO the first has written
 * before the second reads: only some orders of one iteration's batch lose an update.
 */
const increments = (fixed: boolean) => (): Task.Task<never, { value: number; events: string[] }> => {
  const counter: Counter = { value: 0 }
  const events: string[] = []
  const lock = new Lock()
  const increment = (name: string, delay: number) =>
    Task.gen(function* () {
      for (let i = 0; i < delay; i++) yield* Task.cede
      const body = Task.gen(function* () {
        const read = counter.value
        events.push(`${name} read ${read}`)
        yield* Task.cede
        counter.value = read + 1
        events.push(`${name} wrote ${read + 1}`)
      })
      yield* fixed ? lock.withLock(body) : body
    })
  return Task.gen(function* () {
    yield* Task.gather([increment('a', 0), increment('b', 1)])
    return { value: counter.value, events }
  })
}

const bothCounted = (o: { _tag: string; value?: { value: number } }) => {
  expect(o._tag).toBe('Succeeded')
  expect(o.value!.value).toBe(2)
}

describe('explore: every schedule', () => {
  it('R1: the bug is invisible in FIFO order (so finding it takes exploration)', () => {
    const r = explore(increments(false), { check: bothCounted, replay: 's1:' })
    expect(r.ok).toBe(true)
    expect(r.mode).toBe('replay')
  })

  it('finds the lost update within the default budget, for any seed, and shrinks it to one choice', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = explore(increments(false), { check: bothCounted, seed })
        expect(r.ok).toBe(false)
        expect(r.schedules).toBeLessThanOrEqual(1000)
        expect(r.failure!.reason).toBe('check')
        expect(r.failure!.outcome).toMatchObject({ _tag: 'Succeeded', value: { value: 1 } })
        // a single swap of one batch suffices; the shrinker finds such a list
        expect(r.failure!.choices.filter((c) => c !== 0)).toEqual([1])
        expect(r.message).toMatch(/schedule \d+ of 1000 \(seed -?\d+\) failed: the check failed/)
        expect(r.message).toContain(`replay: explore(program, { replay: '${r.failure!.replay}' })`)
      }),
      { numRuns: 20 },
    )
  })

  it('does not report the fixed program (the Lock) in 1000 random schedules, nor in any schedule exhaustively', () => {
    const random = explore(increments(true), { check: bothCounted, seed: 7 })
    expect(random).toMatchObject({ ok: true, schedules: 1000 })
    expect(random.failure).toBeUndefined()
    const all = explore(increments(true), { check: bothCounted, mode: 'exhaustive', maxChoices: 30 })
    expect(all).toMatchObject({ ok: true, exhausted: true })
    expect(all.schedules).toBe(all.distinct)
    // random mode met every schedule there is
    expect(random.distinct).toBe(all.schedules)
    expect(explore.assert(increments(true), { check: bothCounted, seed: 1 }).ok).toBe(true)
  })

  it('exhaustive mode finds it too, and its schedules are all different', () => {
    const r = explore(increments(false), { check: bothCounted, mode: 'exhaustive' })
    expect(r.ok).toBe(false)
    expect(r.exhausted).toBe(false)
    expect(r.distinct).toBe(r.schedules)
    expect(r.failure!.outcome).toMatchObject({ _tag: 'Succeeded', value: { value: 1 } })
  })

  it('exhaustive mode runs n! orders of one batch of n, each once', () => {
    for (const n of [1, 2, 3, 4]) {
      const orders = new Set<string>()
      const program = () => {
        const seen: number[] = []
        return Task.gen(function* () {
          yield* Task.gather(Array.from({ length: n }, (_, i) => Task.sync(() => void seen.push(i))))
          orders.add(seen.join(''))
        })
      }
      const r = explore(program, { mode: 'exhaustive' })
      const factorial = [1, 1, 2, 6, 24][n]!
      expect(r).toMatchObject({ ok: true, exhausted: true })
      expect(orders.size).toBe(factorial)
      expect(r.distinct).toBe(r.schedules)
    }
  })

  it('R2: timers that fall due together are reordered too (they join one batch)', () => {
    const orders = new Set<string>()
    const program = () => {
      const woke: string[] = []
      const sleeper = (name: string) => Task.gen(function* () {
        yield* Task.sleep(10)
        woke.push(name)
      })
      return Task.gen(function* () {
        yield* Task.gather([sleeper('a'), sleeper('b'), sleeper('c')])
        orders.add(woke.join(''))
      })
    }
    expect(explore(program, { replay: 's1:' }).ok).toBe(true)
    expect([...orders]).toEqual(['abc']) // FIFO: registration order (R2)
    const r = explore(program, { mode: 'exhaustive' })
    expect(r.ok).toBe(true)
    expect([...orders].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba'])
  })

  it('a recorded replay seed runs the same schedule: the same events in the same order', () => {
    const r = explore(increments(false), { check: bothCounted, seed: 42 })
    expect(r.ok).toBe(false)
    const failing = r.failure!.outcome as { value: { events: string[] } }
    // an interleaving: both read before either wrote
    expect(failing.value.events.slice(0, 2).sort()).toEqual(['a read 0', 'b read 0'])
    for (let i = 0; i < 3; i++) {
      const again = explore(increments(false), { check: bothCounted, replay: r.failure!.replay })
      expect(again.ok).toBe(false)
      expect(again.schedules).toBe(1)
      expect(again.failure!.replay).toBe(r.failure!.replay)
      expect(again.failure!.observation).toEqual(r.failure!.observation)
    }
    expect(() => explore.assert(increments(false), { check: bothCounted, replay: r.failure!.replay })).toThrow(/the replayed schedule failed/)
  })

  it('the same seed runs the same schedules', () => {
    const a = explore(increments(false), { check: bothCounted, seed: 3 })
    const b = explore(increments(false), { check: bothCounted, seed: 3 })
    expect(b.schedules).toBe(a.schedules)
    expect(b.failure!.originalChoices).toEqual(a.failure!.originalChoices)
  })

  it('a deadlock is a failure even without a check', () => {
    const program = () => {
      const a = new Lock()
      const b = new Lock()
      const both = (x: Lock, y: Lock) => x.withLock(Task.gen(function* () {
        yield* Task.cede
        yield* y.withLock(Task.of(undefined))
      }))
      return Task.gather([both(a, b), both(b, a)])
    }
    const r = explore(program, { seed: 0 })
    expect(r.ok).toBe(false)
    expect(r.failure!.reason).toBe('deadlock')
    expect(r.failure!.outcome._tag).toBe('NonTerminating')
    expect(r.message).toMatch(/deadlocked/)
  })

  it('a check that returns false fails; one that returns anything else passes', () => {
    expect(explore(Task.of(1), { check: () => false }).ok).toBe(false)
    expect(explore(Task.of(1), { check: () => undefined, schedules: 3 }).ok).toBe(true)
    // an async check would pass whatever it awaits: refused
    const r = explore(Task.of(1), { check: async () => undefined })
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/check returned a promise/)
  })

  it('bad options are a TypeError or RangeError, before anything runs', () => {
    let runs = 0
    const program = () => {
      runs++
      return Task.of(1)
    }
    expect(() => explore(program, { schedules: 0 })).toThrow(RangeError)
    expect(() => explore(program, { schedules: 1.5 })).toThrow(RangeError)
    expect(() => explore(program, { maxChoices: -1 })).toThrow(RangeError)
    expect(() => explore(program, { mode: 'bfs' as never })).toThrow(RangeError)
    expect(() => explore(program, { seed: 0.5 })).toThrow(RangeError)
    expect(() => explore(program, { check: 1 as never })).toThrow(TypeError)
    expect(() => explore(program, { replay: 3 as never })).toThrow(TypeError)
    expect(() => explore(program, { replay: 'x' })).toThrow(/replay must be a string that explore printed/)
    expect(() => explore(program, { replay: 's1:1.?' })).toThrow(RangeError)
    expect(runs).toBe(0)
    expect(() => explore(42 as never)).toThrow(TypeError)
    expect(() => explore((() => 42) as never)).toThrow(/must return a Task/)
  })
})
