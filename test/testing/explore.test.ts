/**
 * `explore`: a schedule is a list of batch-order choices (R1; timer ties join the batch, R2).
 * It finds an interleaving bug that FIFO order hides, stops reporting it once fixed, replays a
 * failure exactly, and refuses bad options before running anything.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Lock, Task } from '../../lib/index.js'
import { explore } from '../../lib/testing/explore.js'
import { refusal } from '../helpers.js'

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

describe('explore: what it says', () => {
  const unit = () => Task.unit

  it('every refusal of an option names it and the value', () => {
    expect(refusal(() => explore(unit, 42 as never))).toEqual(['TypeError', 'explore: options must be an object, got number 42'])
    expect(refusal(() => explore(unit, null as never))).toEqual(['TypeError', 'explore: options must be an object, got null'])
    expect(refusal(() => explore(unit, { check: 1 as never }))).toEqual(['TypeError', 'explore: check must be a function, got number 1'])
    expect(refusal(() => explore(unit, { mode: 'x' as never }))).toEqual(['RangeError', `explore: mode must be 'random' or 'exhaustive', got the string "x"`])
    expect(refusal(() => explore(unit, { schedules: 0 }))).toEqual(['RangeError', 'explore: schedules must be an integer >= 1, got number 0'])
    expect(refusal(() => explore(unit, { schedules: '3' as never }))).toEqual(['RangeError', 'explore: schedules must be an integer >= 1, got the string "3"'])
    expect(refusal(() => explore(unit, { maxChoices: -1 }))).toEqual(['RangeError', 'explore: maxChoices must be an integer >= 0, got number -1'])
    expect(refusal(() => explore(unit, { seed: '1' as never }))).toEqual(['RangeError', 'explore: seed must be an integer, got the string "1"'])
    expect(refusal(() => explore(unit, { replay: 3 as never }))).toEqual(['TypeError', 'explore: replay must be a string, got number 3'])
    expect(refusal(() => explore(unit, { maxSteps: 0 }))).toEqual(['RangeError', 'explore: maxSteps must be an integer >= 1, got number 0'])
    expect(refusal(() => explore(unit, { maxTime: -1 }))).toEqual(['RangeError', 'explore: maxTime must be a number of ms >= 0, got number -1'])
    expect(refusal(() => explore(unit, { maxTime: '1' as never }))).toEqual(['RangeError', 'explore: maxTime must be a number of ms >= 0, got the string "1"'])
    expect(refusal(() => explore(unit, { maxTime: NaN }))).toEqual(['RangeError', 'explore: maxTime must be a number of ms >= 0, got number NaN'])
    // the smallest accepted values
    expect(explore(unit, { schedules: 1, seed: 3 }).message).toBe('explore: no failure in 1 schedules (1 distinct, random, seed 3)')
    expect(explore(unit, { maxChoices: 0, mode: 'exhaustive' }).message).toBe('explore: no failure in all 1 schedules (exhaustive up to 0 choice points)')
    expect(explore(unit, { maxSteps: 1, maxTime: 0, replay: 's1:' }).ok).toBe(true)
  })

  it('a replay is choices in base 36 joined by dots; anything else is refused', () => {
    expect(refusal(() => explore(unit, { replay: 's1:A' }))).toEqual(['RangeError', 'explore: replay "s1:A" has a malformed choice "A"'])
    for (const bad of ['s1:-1', 's1:1-', 's1:0.x1-', 's1:1..2']) expect(refusal(() => explore(unit, { replay: bad }))[0]).toBe('RangeError')
    expect(explore(unit, { replay: 's1:a1.0.zz' })).toMatchObject({ ok: true, mode: 'replay', schedules: 1, distinct: 1, message: 'explore: the replayed schedule passed' })
  })

  it('a program that outruns maxSteps or maxTime fails with reason budget', () => {
    const hundredCedes = () =>
      Task.gen(function* () {
        for (let i = 0; i < 100; i++) yield* Task.cede
      })
    const steps = explore(hundredCedes, { maxSteps: 50, replay: 's1:' })
    expect(steps.failure?.reason).toBe('budget')
    expect(steps.message).toBe(
      "explore: the replayed schedule failed: the program did not end within the budget (maxSteps / maxTime)\n  observed: Diverged(steps) at 0, trace [], leftovers 1 fibers/0 timers\n  choices: []\n  replay: explore(program, { replay: 's1:' })",
    )
    expect(explore(hundredCedes, { replay: 's1:' }).ok).toBe(true)
    const time = explore(() => Task.sleep(200), { maxTime: 100, replay: 's1:' })
    expect(time.failure?.reason).toBe('budget')
    expect(time.message).toMatch(/^explore: the replayed schedule failed: the program did not end within the budget \(maxSteps \/ maxTime\)\n {2}observed: Diverged\(time\) at 0,/)
    expect(explore(() => Task.sleep(200), { replay: 's1:' }).ok).toBe(true)
  })

  it('what a check returns: false fails, a promise or a callable with a then is refused, anything else passes', () => {
    const withCheck = (check: () => unknown) => explore(unit, { check, replay: 's1:' })
    const checkFalse = withCheck(() => false)
    expect(checkFalse.message).toBe("explore: the replayed schedule failed: the check returned false\n  observed: Succeeded(undefined) at 0, trace []\n  choices: []\n  replay: explore(program, { replay: 's1:' })")
    expect('error' in checkFalse.failure!).toBe(false)
    const promised = 'explore: check returned a promise; it must be synchronous (a program runs synchronously on a virtual loop)'
    expect((withCheck(() => Promise.resolve(true)).failure?.error as Error).message).toBe(promised)
    expect((withCheck(() => Object.assign(() => 0, { then: () => 0 })).failure?.error as Error).message).toBe(promised)
    expect(withCheck(() => ({ then: 1 })).ok).toBe(true)
    expect(withCheck(() => null).ok).toBe(true)
    const threw = withCheck(() => {
      throw 'str'
    })
    expect([threw.failure?.error, threw.message.split('\n')[0]]).toEqual(['str', 'explore: the replayed schedule failed: the check failed: "str"'])
  })

  it('explore.assert throws the message, with what the check threw as its cause (none when it returned false)', () => {
    const boom = new Error('boom')
    const e = refusal(() =>
      explore.assert(unit, {
        check: () => {
          throw boom
        },
        replay: 's1:',
      }),
    )
    expect(e[1]).toMatch(/^explore: the replayed schedule failed: the check failed: boom\n/)
    let cause: unknown = 'none'
    try {
      explore.assert(unit, { check: () => false, replay: 's1:' })
    } catch (err) {
      cause = (err as Error).cause
    }
    expect(cause).toBeUndefined()
    try {
      explore.assert(unit, {
        check: () => {
          throw boom
        },
        replay: 's1:',
      })
    } catch (err) {
      cause = (err as Error).cause
    }
    expect(cause).toBe(boom)
  })

  it('a failure reads: where, why, what was observed, the choices (no trailing zeros) and the replay', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = explore(increments(false), { check: bothCounted, seed })
        const f = r.failure!
        expect(f.choices.at(-1)).not.toBe(0)
        expect(f.originalChoices.at(-1)).not.toBe(0)
        expect(f.replay).toBe(`s1:${f.choices.map((c) => c.toString(36)).join('.')}`)
        expect(f.schedule).toBe(r.schedules)
        const lines = r.message.split('\n')
        expect(lines[0]).toMatch(new RegExp(`^explore: schedule ${r.schedules} of 1000 \\(seed ${seed}\\) failed: the check failed: `))
        expect(lines[1]).toMatch(/^ {2}observed: Succeeded\(/)
        expect(lines[2]).toBe(`  choices: [${f.choices.join(', ')}] (shrunk from ${f.originalChoices.length} non-trailing-zero choices)`)
        expect(lines[3]).toBe(`  replay: explore(program, { replay: '${f.replay}' })`)
        // the replay fails the same way, and says nothing of shrinking
        const again = explore(increments(false), { check: bothCounted, replay: f.replay })
        expect(again.message.split('\n')[2]).toBe(`  choices: [${f.choices.join(', ')}]`)
      }),
      { numRuns: 10 },
    )
  })

  it('the first schedule of a random run is FIFO, so one schedule never finds what FIFO hides', () => {
    for (const seed of [0, 1, 2, 3, 42]) expect(explore(increments(false), { check: bothCounted, schedules: 1, seed })).toMatchObject({ ok: true, distinct: 1 })
  })

  it('exhaustive: a failure is not exhausted; the budget stops it after exactly that many schedules', () => {
    const r = explore(increments(false), { check: bothCounted, mode: 'exhaustive' })
    expect(r).toMatchObject({ ok: false, exhausted: false })
    const three = () => Task.gather([Task.cede, Task.cede, Task.cede])
    expect(explore(three, { mode: 'exhaustive' }).message).toBe('explore: no failure in all 216 schedules (exhaustive up to 12 choice points)')
    expect(explore(three, { mode: 'exhaustive', maxChoices: 2 }).message).toBe('explore: no failure in all 6 schedules (exhaustive up to 2 choice points)')
    expect(explore(three, { mode: 'exhaustive', schedules: 6 })).toMatchObject({ exhausted: false, schedules: 6, message: 'explore: no failure in 6 schedules (exhaustive, stopped at the budget before running them all)' })
    expect(explore(three, { seed: 5, schedules: 20 }).message).toBe('explore: no failure in 20 schedules (19 distinct, random, seed 5)')
  })

  it('fibers the program leaves behind are torn down before the check sees the observation', () => {
    const leaves = () => Task.asVoid(Task.spawn(Task.never))
    expect(explore(leaves, { check: (_o, obs) => obs.pendingAtEnd === 0, replay: 's1:' }).ok).toBe(true)
  })
})

describe('explore: schedules, shrinking and reports pinned exactly', () => {
  /** One batch of four entries; each records its index when it runs (R1: the batch order is the run order). */
  const fourInOneBatch = () => {
    const seen: number[] = []
    return Task.gen(function* () {
      yield* Task.gather([0, 1, 2, 3].map((i) => Task.sync(() => void seen.push(i))))
      return seen
    })
  }
  const order = (o: { _tag: string; value?: unknown }) => (o._tag === 'Succeeded' ? (o.value as number[]) : [])

  it('R1: a replay spends one choice per batch entry but the last, so a batch of two takes one choice', () => {
    const twoFibersTwoSteps = () => {
      const events: string[] = []
      const fiber = (name: string) =>
        Task.gen(function* () {
          events.push(`${name}1`)
          yield* Task.cede
          events.push(`${name}2`)
        })
      return Task.gen(function* () {
        yield* Task.gather([fiber('a'), fiber('b')])
        return events
      })
    }
    const eventsOf = (replay: string) => {
      const r = explore(twoFibersTwoSteps, { replay, check: () => false })
      return (r.failure!.outcome as { value: string[] }).value
    }
    expect([eventsOf('s1:'), eventsOf('s1:1'), eventsOf('s1:0.1'), eventsOf('s1:1.1')]).toEqual([
      ['a1', 'b1', 'a2', 'b2'],
      ['b1', 'a1', 'b2', 'a2'],
      ['a1', 'b1', 'b2', 'a2'],
      ['b1', 'a1', 'a2', 'b2'],
    ])
  })

  it('a check that returns false or a promise fails with reason check', () => {
    expect(explore(Task.unit, { check: () => false, replay: 's1:' }).failure?.reason).toBe('check')
    expect(explore(Task.unit, { check: () => Promise.resolve(true), replay: 's1:' }).failure?.reason).toBe('check')
    expect(explore(Task.unit, { check: () => Promise.resolve(true), schedules: 2, seed: 1 }).failure?.reason).toBe('check')
  })

  it('a function that does not make a Task is refused with a message that names explore', () => {
    expect(refusal(() => explore((() => 42) as never))).toEqual(['TypeError', 'explore: the program function must return a Task, got 42'])
  })

  it('distinct counts different choice lists, even where their digits read alike (1, 11 and 11, 1 and 1, 1)', () => {
    const thirteen = () => Task.gather(Array.from({ length: 13 }, () => Task.unit))
    expect(explore(thirteen, { mode: 'exhaustive', maxChoices: 2 })).toMatchObject({ ok: true, exhausted: true, schedules: 156, distinct: 156 })
  })

  it('exhaustive: a failure names the schedule without a seed, says it was shrunk, and explore.assert adds no cause for a false', () => {
    const zeroFirst = (o: { _tag: string; value?: unknown }) => order(o)[0] === 0
    const r = explore(fourInOneBatch, { mode: 'exhaustive', check: zeroFirst })
    expect(r.message.split('\n')).toEqual([
      'explore: schedule 145 of 1000 failed: the check returned false',
      '  observed: Succeeded([1, 0, 2, 3]) at 0, trace []',
      '  choices: [1] (shrunk from 1 non-trailing-zero choices)',
      "  replay: explore(program, { replay: 's1:1' })",
    ])
    let thrown: unknown
    try {
      explore.assert(fourInOneBatch, { mode: 'exhaustive', check: zeroFirst })
    } catch (e) {
      thrown = e
    }
    expect([(thrown as Error).message, Object.hasOwn(thrown as Error, 'cause')]).toEqual([r.message, false])
  })

  it('the shrinker lowers each choice: what it returns still fails, and fails no more with any one choice set to 0, or a choice above 1 set to 1', () => {
    const replayOf = (choices: ReadonlyArray<number>) => `s1:${choices.map((c) => c.toString(36)).join('.')}`
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(0, 1, 2, 3), (seed, who) => {
        // fails when entry `who` does not run at its FIFO place
        const check = (o: { _tag: string; value?: unknown }) => order(o)[who] === who
        const r = explore(fourInOneBatch, { seed, check })
        const choices = r.failure!.choices
        expect(explore(fourInOneBatch, { replay: replayOf(choices), check }).ok).toBe(false)
        choices.forEach((c, i) => {
          for (const lower of c > 1 ? [0, 1] : c === 1 ? [0] : []) {
            const next = choices.map((d, j) => (j === i ? lower : d))
            expect([i, lower, explore(fourInOneBatch, { replay: replayOf(next), check }).ok]).toEqual([i, lower, true])
          }
        })
      }),
      { numRuns: 30 },
    )
    // entry 0 runs first unless the first choice moves it: the smallest such schedule is one choice of 1
    expect(explore(fourInOneBatch, { seed: 14, check: (o) => order(o)[0] === 0 }).failure?.choices).toEqual([1])
  })

  it('the shrunk schedule is locally smallest whatever set of orders fails, and whatever it took to get there', () => {
    const replayOf = (choices: ReadonlyArray<number>) => `s1:${choices.map((c) => c.toString(36)).join('.')}`
    const orders: string[] = []
    const permute = (done: string, left: string): void => {
      if (left === '') orders.push(done)
      for (let i = 0; i < left.length; i++) permute(done + left[i], left.slice(0, i) + left.slice(i + 1))
    }
    permute('', '0123')
    fc.assert(
      fc.property(fc.subarray(orders.slice(1), { minLength: 1 }), fc.integer(), (failing, seed) => {
        const check = (o: { _tag: string; value?: unknown }) => !failing.includes(order(o).join(''))
        const choices = explore(fourInOneBatch, { seed, check }).failure!.choices
        expect(explore(fourInOneBatch, { replay: replayOf(choices), check }).ok).toBe(false)
        choices.forEach((c, i) => {
          for (const lower of c > 1 ? [0, 1] : c === 1 ? [0] : []) {
            const next = choices.map((d, j) => (j === i ? lower : d))
            expect([failing, choices, i, lower, explore(fourInOneBatch, { replay: replayOf(next), check }).ok]).toEqual([failing, choices, i, lower, true])
          }
        })
      }),
      { numRuns: 60, examples: [[['0213', '0312', '0321', '3012'], -20730093]] },
    )
  })

  it('the shrinker keeps the reason: a check failure is not traded for a deadlock on the way', () => {
    // 3 not last fails the check, unless 0 ran first: then the program waits forever
    const deadlocksWhenZeroFirst = () => {
      const seen: number[] = []
      return Task.gen(function* () {
        yield* Task.gather([0, 1, 2, 3].map((i) => Task.sync(() => void seen.push(i))))
        if (seen[3] !== 3 && seen[0] === 0) yield* Task.never
        return seen
      })
    }
    const check = (o: { _tag: string; value?: unknown }) => order(o)[3] === 3
    const reasons: string[] = []
    for (let seed = 0; seed < 40; seed++) {
      const f = explore(deadlocksWhenZeroFirst, { seed, check }).failure!
      const before = explore(deadlocksWhenZeroFirst, { check, replay: `s1:${f.originalChoices.map((c) => c.toString(36)).join('.')}` }).failure!
      expect([f.reason, f.outcome._tag]).toEqual([before.reason, before.outcome._tag])
      reasons.push(f.reason)
    }
    // both kinds of failure were met
    expect(new Set(reasons)).toEqual(new Set(['check', 'deadlock']))
  })

  it('the shrinker runs the program at most 500 times, and first cuts the list to its shortest failing prefix', () => {
    let runs = 0
    // two fibers take turns; each choice 1 swaps who leads, and the check fails from 510 swaps on
    const takingTurns = () => {
      runs++
      const events: string[] = []
      const fiber = (name: string) =>
        Task.gen(function* () {
          for (let i = 0; i < 1100; i++) {
            events.push(name)
            yield* Task.cede
          }
        })
      return Task.gen(function* () {
        yield* Task.gather([fiber('a'), fiber('b')])
        return events
      })
    }
    const swaps = (events: ReadonlyArray<string>) => events.filter((e, i) => i >= 2 && i % 2 === 0 && e !== events[i - 2]).length
    const r = explore(takingTurns, { seed: 1, check: (o) => !(o._tag === 'Succeeded' && swaps(o.value) >= 510) })
    const f = r.failure!
    expect(runs).toBe(r.schedules + 500)
    expect(f.choices.filter((c) => c !== 0).length).toBe(510)
    expect(f.originalChoices.slice(0, f.choices.length)).toEqual(f.choices)
    expect(f.originalChoices.length).toBeGreaterThan(f.choices.length)
  })

  it('the shrinker spends runs only on real lowerings: none on a choice already 0, none on lowering a 1 to 1', () => {
    let runs = 0
    const twoBatches = () => {
      runs++
      const seen: string[] = []
      return Task.gen(function* () {
        yield* Task.gather(['a', 'b', 'c'].map((x) => Task.sync(() => void seen.push(x))))
        yield* Task.gather(['d', 'e', 'f'].map((x) => Task.sync(() => void seen.push(x))))
        return seen.join('')
      })
    }
    // fails unless the second batch starts with d: the smallest failing schedule has zeros
    // before its one choice of 1, and that 1 cannot be lowered
    const check = (o: { _tag: string; value?: unknown }) => o._tag === 'Succeeded' && (o.value as string)[3] === 'd'
    for (let seed = 1; seed <= 11; seed++) {
      runs = 0
      const r = explore(twoBatches, { seed, check })
      expect([seed, r.failure?.choices]).toEqual([seed, [0, 0, 0, 0, 1]])
      // a bisection of at most eight choices, then one try per lowering: a handful of runs, not the budget of 500
      expect(runs - r.schedules).toBeLessThanOrEqual(12)
    }
  })

  it('the shrinker skips a choice the run before it changed, when the first batch decides how wide the next ones are', () => {
    let runs = 0
    const widening = () => {
      runs++
      const seen: string[] = []
      const step = (x: string) => Task.sync(() => void seen.push(x))
      return Task.gen(function* () {
        yield* Task.gather(['a', 'b', 'c', 'd'].map(step))
        // who ran first decides the width of the second batch, so lowering a first choice
        // moves every later choice
        const width = seen[0] === 'a' ? 2 : seen[0] === 'b' ? 4 : 6
        yield* Task.gather(Array.from({ length: width }, (_, i) => step(String(i))))
        yield* Task.gather(['x', 'y', 'z'].map(step))
        return seen.join('')
      })
    }
    for (let seed = 5; seed <= 10; seed++) {
      runs = 0
      const r = explore(widening, { seed, check: (o) => o._tag === 'Succeeded' && !(o.value as string).endsWith('zyx') })
      expect([seed, r.failure!.choices.at(-1), r.failure!.choices.slice(1, -1).every((c) => c === 0)]).toEqual([seed, 2, true])
      expect(runs - r.schedules).toBeLessThanOrEqual(30)
    }
  })
})

