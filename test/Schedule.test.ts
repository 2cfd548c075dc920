/**
 * Schedules through Task.retry and Task.repeat on the virtual clock: each test pins the
 * virtual times at which the attempts start.
 */
import { pipe } from 'fp-ts/lib/function.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CancelledError, Loop, Schedule, Task, runSync } from '../lib/index.js'
import { runSyncUntilDone } from '../lib/Loop.js'
import { refusal } from './helpers.js'

/** A task that records the loop time of each run and fails the first `failures` runs (all of them by default). */
const attempts = (failures = Infinity, work = 0) => {
  const times: number[] = []
  const task = Task.gen(function* () {
    times.push(yield* Task.now)
    if (work > 0) yield* Task.sleep(work)
    if (times.length <= failures) return yield* Task.fail(`failure ${times.length}`)
    return times.length
  })
  return { times, task }
}

const retryTimes = (schedule: Schedule.Schedule<string>, failures = Infinity, work = 0) => {
  const { times, task } = attempts(failures, work)
  const outcome = runSync(pipe(task, Task.retry(schedule)))
  return { times, outcome }
}

describe('Schedule constructors (retry attempt times)', () => {
  it('recurs(n) allows at most n recurrences after the first run, with no delay', () => {
    expect(retryTimes(Schedule.recurs(3))).toEqual({ times: [0, 0, 0, 0], outcome: { _tag: 'Failed', error: 'failure 4' } })
    expect(retryTimes(Schedule.recurs(0)).times).toEqual([0])
  })

  it('spaced(ms) waits ms after each run ends', () => {
    expect(retryTimes(pipe(Schedule.spaced(10), Schedule.both(Schedule.recurs(3))), Infinity, 5).times).toEqual([0, 15, 30, 45])
  })

  it('fixed(ms) runs on a grid from the first start, whatever each run takes (no drift)', () => {
    expect(retryTimes(pipe(Schedule.fixed(10), Schedule.both(Schedule.recurs(3))), Infinity, 3).times).toEqual([0, 10, 20, 30])
  })

  it('fixed(ms): a run that overruns its slot is followed at once, then the grid resumes', () => {
    const times: number[] = []
    const works = [15, 2, 2, 2]
    const task = Task.gen(function* () {
      times.push(yield* Task.now)
      yield* Task.sleep(works[times.length - 1]!)
      return yield* Task.fail('x')
    })
    runSync(pipe(task, Task.retry(pipe(Schedule.fixed(10), Schedule.both(Schedule.recurs(3))))))
    expect(times).toEqual([0, 15, 20, 30])
  })

  it('exponential(10) waits 10, 20, 40 … ms; the factor is a parameter', () => {
    expect(retryTimes(pipe(Schedule.exponential(10), Schedule.both(Schedule.recurs(4)))).times).toEqual([0, 10, 30, 70, 150])
    expect(retryTimes(pipe(Schedule.exponential(1, 3), Schedule.both(Schedule.recurs(3)))).times).toEqual([0, 1, 4, 13])
  })

  it('fibonacci(base) waits base, base, 2·base, 3·base, 5·base', () => {
    expect(retryTimes(pipe(Schedule.fibonacci(10), Schedule.both(Schedule.recurs(5)))).times).toEqual([0, 10, 20, 40, 70, 120])
  })

  it('upTo(ms) recurs while less than ms has elapsed since the first run started', () => {
    expect(retryTimes(pipe(Schedule.spaced(10), Schedule.both(Schedule.upTo(25)))).times).toEqual([0, 10, 20, 30])
  })

  it('whileError(pred) retries only the failures that satisfy pred', () => {
    const r = retryTimes(pipe(Schedule.spaced(1), Schedule.both(Schedule.whileError((e: string) => e !== 'failure 3'))))
    expect(r).toEqual({ times: [0, 1, 2], outcome: { _tag: 'Failed', error: 'failure 3' } })
  })

  it('untilOutput(pred) repeats until the value satisfies pred', () => {
    let n = 0
    const times: number[] = []
    const poll = Task.gen(function* () {
      times.push(yield* Task.now)
      return ++n
    })
    const outcome = runSync(pipe(poll, Task.repeat(pipe(Schedule.spaced(100), Schedule.both(Schedule.untilOutput((k: number) => k >= 3))))))
    expect(outcome).toEqual({ _tag: 'Succeeded', value: 3 })
    expect(times).toEqual([0, 100, 200])
  })
})

describe('Schedule properties', () => {
  /** Attempt times of an always-failing instant task: the prefix sums of the delays. */
  const prefixSums = (delays: number[]): number[] => delays.reduce<number[]>((acc, d) => [...acc, acc.at(-1)! + d], [0])

  it('exponential(base, factor) ∧ recurs(n): attempts at the prefix sums of base·factorᵏ', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 3 }), fc.nat(6), (base, factor, n) => {
        const delays = Array.from({ length: n }, (_, k) => base * factor ** k)
        expect(retryTimes(pipe(Schedule.exponential(base, factor), Schedule.both(Schedule.recurs(n)))).times).toEqual(prefixSums(delays))
      }),
    )
  })

  it('fibonacci(base) ∧ recurs(n): attempts at the prefix sums of base·Fib(k)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.nat(8), (base, n) => {
        const fib = [1, 1]
        while (fib.length < n) fib.push(fib.at(-1)! + fib.at(-2)!)
        expect(retryTimes(pipe(Schedule.fibonacci(base), Schedule.both(Schedule.recurs(n)))).times).toEqual(prefixSums(fib.slice(0, n).map((f) => f * base)))
      }),
    )
  })

  it('both waits the longer and stops with the first to stop; either waits the shorter and stops with the last', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.nat(4), fc.integer({ min: 0, max: 20 }), fc.nat(4), (a, n, b, m) => {
        const sa = pipe(Schedule.spaced(a), Schedule.both(Schedule.recurs(n)))
        const sb = pipe(Schedule.spaced(b), Schedule.both(Schedule.recurs(m)))
        expect(retryTimes(pipe(sa, Schedule.both(sb))).times).toEqual(prefixSums(Array.from({ length: Math.min(n, m) }, () => Math.max(a, b))))
        const either = Array.from({ length: Math.max(n, m) }, (_, k) => (k < Math.min(n, m) ? Math.min(a, b) : n > m ? a : b))
        expect(retryTimes(pipe(sa, Schedule.either(sb))).times).toEqual(prefixSums(either))
        expect(retryTimes(pipe(sa, Schedule.andThen(sb))).times).toEqual(prefixSums([...Array.from({ length: n }, () => a), ...Array.from({ length: m }, () => b)]))
      }),
    )
  })

  it('fixed(p): whatever each run takes (below p), attempts start exactly on the grid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.nat(5), (p, n) => {
        expect(retryTimes(pipe(Schedule.fixed(p), Schedule.both(Schedule.recurs(n))), Infinity, p - 1).times).toEqual(Array.from({ length: n + 1 }, (_, k) => k * p))
      }),
    )
  })
})

describe('Schedule composition', () => {
  it('both: recurs while both do, waiting the longer delay', () => {
    expect(retryTimes(pipe(Schedule.spaced(10), Schedule.both(pipe(Schedule.exponential(4), Schedule.both(Schedule.recurs(3)))))).times).toEqual([0, 10, 20, 36])
  })

  it('either: recurs while either does, waiting the shorter delay', () => {
    expect(retryTimes(pipe(Schedule.recurs(2), Schedule.either(pipe(Schedule.spaced(10), Schedule.both(Schedule.recurs(4)))))).times).toEqual([0, 0, 0, 10, 20])
  })

  it('andThen: follows the first until it stops, then the second from that moment', () => {
    const s = pipe(Schedule.recurs(2), Schedule.andThen(pipe(Schedule.spaced(100), Schedule.both(Schedule.recurs(2)))))
    expect(retryTimes(s).times).toEqual([0, 0, 0, 100, 200])
    // the second's elapsed budget starts when it takes over
    const budget = pipe(Schedule.spaced(10), Schedule.both(Schedule.recurs(3)), Schedule.andThen(pipe(Schedule.spaced(5), Schedule.both(Schedule.upTo(12)))))
    expect(retryTimes(budget).times).toEqual([0, 10, 20, 30, 35, 40, 45])
  })

  it('a schedule value starts afresh on every run of the task', () => {
    const s = pipe(Schedule.exponential(10), Schedule.both(Schedule.recurs(2)))
    const { times, task } = attempts()
    const twice = Task.gen(function* () {
      yield* Task.either(pipe(task, Task.retry(s)))
      yield* Task.either(pipe(task, Task.retry(s)))
    })
    runSync(twice)
    expect(times).toEqual([0, 10, 30, 30, 40, 60])
  })
})

describe('jittered', () => {
  // built inside each test, not when the file is collected: mutation testing runs every test
  // against a mutant in code that runs while the files are collected
  const policy = () => pipe(Schedule.spaced(100), Schedule.both(Schedule.recurs(5)), Schedule.jittered({ min: 0.5, max: 1.5 }))
  const timesWithSeed = (seed: number) => {
    const { times, task } = attempts()
    const loop = new Loop({ clock: 'virtual', seed })
    const fiber = loop.createTask(Task.either(pipe(task, Task.retry(policy()))))
    runSyncUntilDone(loop, fiber)
    loop.close()
    return times
  }

  it('draws from the loop seed: the same seed gives the same delays, another seed others', () => {
    const a = timesWithSeed(42)
    expect(timesWithSeed(42)).toEqual(a)
    expect(timesWithSeed(43)).not.toEqual(a)
  })

  it('every delay lies in [min·d, max·d)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const times = timesWithSeed(seed)
        for (let i = 1; i < times.length; i++) {
          const d = times[i]! - times[i - 1]!
          expect(d).toBeGreaterThanOrEqual(50)
          expect(d).toBeLessThan(150)
        }
      }),
      { numRuns: 50 },
    )
  })

  it('runSync loops default to seed 0, so a virtual-clock run replays', () => {
    const run = () => {
      const { times, task } = attempts()
      runSync(pipe(task, Task.retry(policy())))
      return times
    }
    expect(run()).toEqual(run())
    expect(run()).toEqual(timesWithSeed(0))
  })

  it('the direct form and the default bounds', () => {
    const { times, task } = attempts()
    runSync(pipe(task, Task.retry(Schedule.jittered(pipe(Schedule.spaced(100), Schedule.both(Schedule.recurs(20)))))))
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(80)
      expect(times[i]! - times[i - 1]!).toBeLessThan(120)
    }
  })
})

describe('bad arguments are thrown where they are given', () => {
  it('counts and delays', () => {
    expect(() => Schedule.recurs(-1)).toThrow(RangeError)
    expect(() => Schedule.recurs(1.5)).toThrow(RangeError)
    expect(() => Schedule.recurs(Infinity)).toThrow(RangeError)
    expect(() => Schedule.recurs(NaN)).toThrow(TypeError)
    expect(() => Schedule.recurs('3' as never)).toThrow(/Schedule.recurs: the count must be a number, got/)
    expect(() => Schedule.spaced(-1)).toThrow(RangeError)
    expect(() => Schedule.spaced(NaN)).toThrow(TypeError)
    expect(() => Schedule.spaced(Infinity)).toThrow(RangeError)
    expect(() => Schedule.fixed(0)).toThrow(RangeError)
    expect(() => Schedule.exponential(-10)).toThrow(RangeError)
    expect(() => Schedule.exponential(10, 0)).toThrow(RangeError)
    expect(() => Schedule.exponential(10, NaN)).toThrow(TypeError)
    expect(() => Schedule.fibonacci(-1)).toThrow(RangeError)
    expect(() => Schedule.upTo(-1)).toThrow(RangeError)
    expect(() => Schedule.upTo(Infinity)).not.toThrow()
  })

  it('functions, schedules and jitter bounds', () => {
    expect(() => Schedule.whileError(42 as never)).toThrow(TypeError)
    expect(() => Schedule.untilOutput(undefined as never)).toThrow(TypeError)
    expect(() => Schedule.both(42 as never)).toThrow(/Schedule.both expects a Schedule, got/)
    expect(() => Schedule.jittered({ min: 2, max: 1 })).toThrow(RangeError)
    expect(() => Schedule.jittered({ min: -1 })).toThrow(RangeError)
    expect(() => Schedule.jittered(Schedule.recurs(1), { max: NaN })).toThrow(TypeError)
    expect(() => Task.retry(Schedule.recurs as never)).toThrow(/Task.retry expects a Schedule/)
    expect(() => Task.repeat({} as never)).toThrow(TypeError)
    expect(() => Task.retry(Schedule.recurs(1))(42 as never)).toThrow(/Task.retry expects a Task/)
    expect(() => new Loop({ seed: 1.5 })).toThrow(TypeError)
  })

  it('a schedule is a value with a pipe method', () => {
    const s = Schedule.spaced(10).pipe(Schedule.both(Schedule.recurs(1)))
    expect(Schedule.isSchedule(s)).toBe(true)
    expect(Schedule.isSchedule({ _tag: 'Schedule' })).toBe(false)
    expect(retryTimes(s).times).toEqual([0, 10])
  })
})

describe('Task.retry / Task.repeat', () => {
  it('retry stops at the first success and gives its value', () => {
    const r = retryTimes(pipe(Schedule.spaced(10), Schedule.both(Schedule.recurs(5))), 2)
    expect(r).toEqual({ times: [0, 10, 20], outcome: { _tag: 'Succeeded', value: 3 } })
  })

  it('a cancellation is never retried, also not while waiting between attempts (R22)', () => {
    const { times, task } = attempts()
    const main = Task.gen(function* () {
      const f = yield* Task.spawn(pipe(task, Task.retry(pipe(Schedule.spaced(10), Schedule.both(Schedule.recurs(10))))))
      yield* Task.sleep(15)
      f.cancel()
      return yield* f
    })
    const cancelledInside = Task.gen(function* () {
      const f = yield* Task.spawn(pipe(Task.never, Task.retry(Schedule.recurs(10))))
      yield* Task.sleep(5)
      f.cancel()
      try {
        yield* f
      } catch {
        // the CancelledError
      }
      return f.cancelled()
    })
    const outcome = runSync(main)
    expect(outcome._tag).toBe('Cancelled')
    expect(times).toEqual([0, 10])
    expect(runSync(cancelledInside)).toEqual({ _tag: 'Succeeded', value: true })
  })

  it('a zero delay cedes, so a retry loop of a synchronous task can be cancelled', () => {
    const main = Task.gen(function* () {
      const f = yield* Task.spawn(pipe(Task.fail('always'), Task.retry(Schedule.whileError(() => true))))
      for (let i = 0; i < 5; i++) yield* Task.cede // (a virtual clock does not move while a fiber is always ready)
      f.cancel()
      try {
        yield* f
      } catch (e) {
        return e instanceof CancelledError
      }
      return false
    })
    expect(runSync(main)).toEqual({ _tag: 'Succeeded', value: true })
  })

  it('repeat gives the last value; a failure ends it with that failure', () => {
    let n = 0
    const count = Task.sync(() => ++n)
    expect(runSync(pipe(count, Task.repeat(Schedule.recurs(4))))).toEqual({ _tag: 'Succeeded', value: 5 })
    const failsThird = Task.suspend(() => (++n % 3 === 0 ? Task.fail('third') : Task.of(n)))
    n = 0
    expect(runSync(pipe(failsThird, Task.repeat(Schedule.recurs(10))))).toEqual({ _tag: 'Failed', error: 'third' })
  })

  it('a predicate that throws fails the task with what it threw', () => {
    const boom = new Error('pred')
    const s = Schedule.whileError(() => {
      throw boom
    })
    expect(runSync(pipe(Task.fail('x'), Task.retry(s)))).toEqual({ _tag: 'Failed', error: boom })
  })
})

describe('every refusal names the function, the argument and the value', () => {
  it('counts, delays, periods, factors and budgets', () => {
    expect(refusal(() => Schedule.recurs(1.5))).toEqual(['RangeError', 'Schedule.recurs: the count must be an integer ≥ 0, got 1.5'])
    expect(refusal(() => Schedule.spaced(-1))).toEqual(['RangeError', 'Schedule.spaced: the delay must be at least 0, got -1'])
    expect(refusal(() => Schedule.spaced(Infinity))).toEqual(['RangeError', 'Schedule.spaced: the delay must be finite, got Infinity'])
    expect(refusal(() => Schedule.fixed(0))).toEqual(['RangeError', 'Schedule.fixed: the period must be greater than 0, got 0'])
    expect(refusal(() => Schedule.exponential(-1))).toEqual(['RangeError', 'Schedule.exponential: the base delay must be at least 0, got -1'])
    expect(refusal(() => Schedule.exponential(1, 0))).toEqual(['RangeError', 'Schedule.exponential: the factor must be greater than 0, got 0'])
    expect(refusal(() => Schedule.fibonacci(NaN))).toEqual(['TypeError', 'Schedule.fibonacci: the base delay must be a number, got number NaN'])
    expect(refusal(() => Schedule.upTo(-5))).toEqual(['RangeError', 'Schedule.upTo: the budget must be at least 0, got -5'])
  })

  it('functions, schedules and jitter options', () => {
    expect(refusal(() => Schedule.make(42 as never))).toEqual(['TypeError', 'Schedule.make expects a function, got number 42'])
    expect(refusal(() => Schedule.whileError('x' as never))).toEqual(['TypeError', 'Schedule.whileError expects a function, got the string "x"'])
    expect(refusal(() => Schedule.untilOutput(null as never))).toEqual(['TypeError', 'Schedule.untilOutput expects a function, got null'])
    expect(refusal(() => Schedule.either(1 as never))).toEqual(['TypeError', 'Schedule.either expects a Schedule, got number 1'])
    expect(refusal(() => Schedule.either(Schedule.recurs(1))(1 as never))).toEqual(['TypeError', 'Schedule.either expects a Schedule, got number 1'])
    expect(refusal(() => Schedule.andThen(1 as never))).toEqual(['TypeError', 'Schedule.andThen expects a Schedule, got number 1'])
    expect(refusal(() => Schedule.andThen(Schedule.recurs(1))(1 as never))).toEqual(['TypeError', 'Schedule.andThen expects a Schedule, got number 1'])
    expect(refusal(() => Schedule.both(Schedule.recurs(1))(1 as never))).toEqual(['TypeError', 'Schedule.both expects a Schedule, got number 1'])
    expect(refusal(() => Schedule.jittered(42 as never))).toEqual(['TypeError', 'Schedule.jittered: options must be an object, got number 42'])
    expect(refusal(() => Schedule.jittered(null as never))).toEqual(['TypeError', 'Schedule.jittered: options must be an object, got null'])
    expect(refusal(() => Schedule.jittered()(42 as never))).toEqual(['TypeError', 'Schedule.jittered expects a Schedule, got number 42'])
    expect(refusal(() => Schedule.jittered({ min: -1 }))).toEqual(['RangeError', 'Schedule.jittered: min must be at least 0, got -1'])
    expect(refusal(() => Schedule.jittered({ max: NaN }))).toEqual(['TypeError', 'Schedule.jittered: max must be a number, got number NaN'])
    expect(refusal(() => Schedule.jittered({ min: 2, max: 1 }))).toEqual(['RangeError', 'Schedule.jittered: max (1) must be at least min (2)'])
    expect(refusal(() => Task.repeat(1 as never))).toEqual(['TypeError', 'Task.repeat expects a Schedule, got number 1'])
    expect(refusal(() => Task.repeat(Schedule.recurs(1))(1 as never))).toEqual(['TypeError', 'Task.repeat expects a Task, got number 1'])
  })

  it('only objects carrying the schedule mark are schedules, also one from another copy of the package', () => {
    expect(Schedule.isSchedule(null)).toBe(false)
    expect(Schedule.isSchedule(undefined)).toBe(false)
    expect(Schedule.isSchedule(1)).toBe(false)
    const mark = Symbol.for('taskloop/Schedule')
    expect(Schedule.isSchedule(Object.assign(() => undefined, { [mark]: true }))).toBe(false)
    expect(Schedule.isSchedule({ [mark]: true })).toBe(true)
    expect(Schedule.isSchedule(Schedule.recurs(1))).toBe(true)
    expect(String(Schedule.recurs(1))).toBe('Schedule')
  })
})

describe('Schedule edges', () => {
  it('make: a driver of its own, asked after each failure with the failure', () => {
    const seen: unknown[] = []
    const s = Schedule.make<string>(() => {
      let n = 0
      return (e) => {
        seen.push(e)
        return ++n <= 2 ? 7 : undefined
      }
    })
    expect(retryTimes(s)).toEqual({ times: [0, 7, 14], outcome: { _tag: 'Failed', error: 'failure 3' } })
    expect(seen).toEqual(['failure 1', 'failure 2', 'failure 3'])
  })

  it('a jittered or combined schedule that stops ends the retry with the last failure', () => {
    const stopped = (s: Schedule.Schedule<string>) => retryTimes(s).outcome
    const last = { _tag: 'Failed', error: 'failure 3' }
    expect(stopped(pipe(Schedule.recurs(2), Schedule.jittered()))).toEqual(last)
    expect(stopped(pipe(Schedule.spaced(5), Schedule.both(Schedule.recurs(2))))).toEqual(last)
    expect(stopped(pipe(Schedule.recurs(2), Schedule.both(Schedule.spaced(5))))).toEqual(last)
  })

  it('make: a driver that answers neither a number of ms nor undefined fails the task with a TypeError saying so; a negative delay retries at once', () => {
    const answering = (answer: unknown) => Schedule.make<string>(() => () => answer as number)
    const failure = (schedule: Schedule.Schedule<string>) => {
      const o = retryTimes(schedule)
      return o.outcome._tag === 'Failed' ? [o.times, String(o.outcome.error)] : o
    }
    expect(failure(answering(NaN))).toEqual([[0], 'TypeError: Task.retry (the schedule\'s answer) expects a number of milliseconds, got number NaN'])
    expect(failure(answering('100'))).toEqual([[0], 'TypeError: Task.retry (the schedule\'s answer) expects a number of milliseconds, got the string "100"'])
    const repeated = runSync(pipe(Task.of(1), Task.repeat(Schedule.make(() => () => NaN))))
    expect(repeated._tag === 'Failed' && String(repeated.error)).toBe('TypeError: Task.repeat (the schedule\'s answer) expects a number of milliseconds, got number NaN')
    let n = 0
    const negative = Schedule.make<string>(() => () => (++n <= 2 ? -50 : undefined))
    expect(retryTimes(negative)).toEqual({ times: [0, 0, 0], outcome: { _tag: 'Failed', error: 'failure 3' } })
  })

  it('fixed: after a run that overruns more than a slot, the next starts at once and the grid resumes', () => {
    const times: number[] = []
    const works = [25, 1, 1, 1]
    const task = Task.gen(function* () {
      times.push(yield* Task.now)
      yield* Task.sleep(works[times.length - 1]!)
      return yield* Task.fail('x')
    })
    runSync(pipe(task, Task.retry(pipe(Schedule.fixed(10), Schedule.both(Schedule.recurs(3))))))
    expect(times).toEqual([0, 25, 30, 40])
  })

  it('fixed: the grid starts where the first run started, not at time 0', () => {
    const times: number[] = []
    const works = [25, 1, 1]
    const task = Task.gen(function* () {
      times.push(yield* Task.now)
      yield* Task.sleep(works[times.length - 1]!)
      return yield* Task.fail('x')
    })
    runSync(pipe(Task.sleep(100), Task.flatMap(() => pipe(task, Task.retry(pipe(Schedule.fixed(10), Schedule.both(Schedule.recurs(2))))))))
    expect(times).toEqual([100, 125, 130])
  })

  it('upTo(ms) stops once exactly ms has elapsed', () => {
    expect(retryTimes(pipe(Schedule.spaced(10), Schedule.both(Schedule.upTo(20)))).times).toEqual([0, 10, 20])
  })

  it('jittered with min = max scales every delay by exactly that factor', () => {
    expect(retryTimes(pipe(Schedule.spaced(10), Schedule.both(Schedule.recurs(2)), Schedule.jittered({ min: 1.5, max: 1.5 }))).times).toEqual([0, 15, 30])
  })

  it('either: a side that has stopped is not asked again, whichever side it is', () => {
    const stopsAfterOne = (seen: unknown[]) =>
      Schedule.make<string>(() => {
        let n = 0
        return (e) => {
          seen.push(e)
          return n++ < 1 ? 5 : undefined
        }
      })
    const left: unknown[] = []
    expect(retryTimes(pipe(stopsAfterOne(left), Schedule.either(pipe(Schedule.spaced(10), Schedule.both(Schedule.recurs(3)))))).times).toEqual([0, 5, 15, 25])
    expect(left).toEqual(['failure 1', 'failure 2'])
    const right: unknown[] = []
    expect(retryTimes(pipe(Schedule.spaced(10), Schedule.both(Schedule.recurs(3)), Schedule.either(stopsAfterOne(right)))).times).toEqual([0, 5, 15, 25])
    expect(right).toEqual(['failure 1', 'failure 2'])
  })
})
