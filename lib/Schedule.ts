/**
 * `Schedule`: when to run a task again. `Task.retry(schedule)` asks it after each failure,
 * `Task.repeat(schedule)` after each success; the schedule answers "wait this long, then run
 * again" or "stop". A schedule is a pure description, like a task: each `retry`/`repeat` run
 * starts it afresh, so one schedule value can serve any number of tasks.
 *
 * - Counting: `recurs(n)` allows at most `n` recurrences after the first run, so
 *   `retry(recurs(3))` makes at most four attempts.
 * - Delays: `spaced(ms)` waits `ms` after each run; `fixed(ms)` runs on a fixed grid,
 *   `ms` apart from the start of the first run, whatever each run takes (no drift);
 *   `exponential(base, factor)` waits `base`, `base·factor`, `base·factor²` …;
 *   `fibonacci(base)` waits `base`, `base`, `2·base`, `3·base`, `5·base` …. These never stop
 *   on their own: bound them with `both(recurs(n))` or `both(upTo(ms))`.
 * - Budget and input: `upTo(ms)` recurs while less than `ms` has elapsed since the first
 *   run started; `whileError(pred)` recurs while the failure satisfies `pred` (for `retry`);
 *   `untilOutput(pred)` recurs until the value satisfies `pred` (for `repeat`).
 * - Randomness: `jittered` scales each delay by a factor drawn from the loop's seeded random
 *   source (`new Loop({ seed })`, `loop.random()`), so a virtual-clock test replays.
 * - Composition, data-last: `pipe(a, Schedule.both(b))` recurs while both do, waiting the
 *   longer delay; `either(b)` while either does, waiting the shorter; `andThen(b)` follows
 *   `a` until it stops, then `b` (started afresh at that moment).
 *
 * Decisions: the input a schedule sees is the failure (`retry`) or the value (`repeat`); so
 * `untilOutput` tests the task's value, not the schedule's own output as in Effect (taskloop
 * schedules output nothing but their delay). A delay of 0 still cedes to the loop once
 * (`Task.cede`), so a retry loop always has a suspension point where it can be cancelled.
 * Bad arguments are a `TypeError` (not a number, `NaN`, not a function) or a `RangeError`
 * (negative, non-integer count, infinite delay), thrown where they are given.
 *
 * @example
 * const policy = pipe(Schedule.exponential(10), Schedule.both(Schedule.recurs(4)), Schedule.jittered())
 * pipe(fetchPage(url), Task.retry(policy)) // attempts at about 0, 10, 30, 70, 150 ms
 *
 * @module
 */
import type { Pipeable } from './runtime/kernel.js'
import { checkOptionalOptions, describeValue, pipeArguments } from './runtime/kernel.js'

/**
 * One use of a schedule, after a run: given the run's input (failure or value), the loop
 * time and the loop's random source, the delay before the next run, or `undefined` to stop.
 * A driver keeps its own state (how many recurrences so far, when it started).
 *
 * @example
 * // three runs more, 100 ms apart, whatever the input
 * const threeMore = (): Schedule.Driver<unknown> => {
 *   let n = 0
 *   return () => (++n <= 3 ? 100 : undefined)
 * }
 * const s = Schedule.make(threeMore)
 */
export type Driver<I> = (input: I, now: number, random: () => number) => number | undefined

/** Marks schedules, also across the ESM and CJS builds loaded in one process. */
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (Schedule.test.ts: only objects carrying the schedule mark are schedules, also one from another copy)
const BRAND = Symbol.for('taskloop/Schedule')

/**
 * A recurrence policy whose drivers accept inputs of type `I` (a `Schedule<unknown>` fits
 * any task).
 *
 * @example
 * const s: Schedule.Schedule<Error> = pipe(Schedule.spaced(100), Schedule.both(Schedule.whileError((e: Error) => e.name !== 'AbortError')))
 */
export interface Schedule<I = unknown> extends Pipeable {
  readonly _tag: 'Schedule'
  /** Starts one use of the schedule; `now` is the loop time when the first run started. */
  start(now: number): Driver<I>
}

class ScheduleImpl<I> implements Schedule<I> {
  readonly _tag = 'Schedule' as const
  constructor(readonly start: (now: number) => Driver<I>) {}
  pipe(): unknown {
    // eslint-disable-next-line prefer-rest-params
    return pipeArguments(this, arguments)
  }
  toString(): string {
    return 'Schedule'
  }
}
Object.defineProperty(ScheduleImpl.prototype, BRAND, { value: true })

/**
 * A schedule from a function that starts a driver: the escape hatch for policies the
 * constructors do not cover.
 *
 * @example
 * // retry after the delay a server asked for, at most 3 times
 * type HttpError = Error & { readonly retryAfterMs: number }
 * const retryAfter = Schedule.make((_start) => {
 *   let n = 0
 *   return (e: HttpError) => (++n <= 3 ? e.retryAfterMs : undefined)
 * })
 */
export const make = <I>(start: (now: number) => Driver<I>): Schedule<I> => {
  checkFn('Schedule.make', start)
  return new ScheduleImpl(start)
}

/** True for schedule values. @example Schedule.isSchedule(Schedule.recurs(1)) // true */
export const isSchedule = (u: unknown): u is Schedule<never> => typeof u === 'object' && u !== null && (u as Record<symbol, unknown>)[BRAND] === true

// ---- argument checks -------------------------------------------------------------------------

const checkFn = (who: string, f: unknown): void => {
  if (typeof f !== 'function') throw new TypeError(`${who} expects a function, got ${describeValue(f)}`)
}

const checkNumber = (who: string, what: string, n: unknown): number => {
  if (typeof n !== 'number' || Number.isNaN(n)) throw new TypeError(`${who}: ${what} must be a number, got ${describeValue(n)}`)
  return n
}

const checkDelay = (who: string, what: string, ms: unknown, { positive = false, infinite = false } = {}): number => {
  const n = checkNumber(who, what, ms)
  if (n < 0 || (positive && n === 0)) throw new RangeError(`${who}: ${what} must be ${positive ? 'greater than 0' : 'at least 0'}, got ${n}`)
  if (!infinite && n === Infinity) throw new RangeError(`${who}: ${what} must be finite, got Infinity`)
  return n
}

const checkSchedule = (who: string, s: unknown): void => {
  if (!isSchedule(s)) throw new TypeError(`${who} expects a Schedule, got ${describeValue(s)}`)
}

// ---- constructors ------------------------------------------------------------------------------

/**
 * At most `n` recurrences after the first run, with no delay between them. `n` is an
 * integer ≥ 0.
 *
 * @example
 * const withRetries = (flaky: Task.Task<Error, string>) => pipe(flaky, Task.retry(Schedule.recurs(2))) // up to three attempts in all
 */
export const recurs = (n: number): Schedule<unknown> => {
  checkNumber('Schedule.recurs', 'the count', n)
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Schedule.recurs: the count must be an integer ≥ 0, got ${n}`)
  return new ScheduleImpl(() => {
    let done = 0
    return () => (done++ < n ? 0 : undefined)
  })
}

/**
 * Waits `ms` after each run ends, for ever (asyncio's `await asyncio.sleep(ms)` in a loop).
 *
 * @example
 * const tenPolls = (poll: Task.Task<Error, number>) =>
 *   pipe(poll, Task.repeat(pipe(Schedule.spaced(1000), Schedule.both(Schedule.recurs(9))))) // 10 polls, a second apart
 */
export const spaced = (ms: number): Schedule<unknown> => {
  const d = checkDelay('Schedule.spaced', 'the delay', ms)
  return new ScheduleImpl(() => () => d)
}

/**
 * Runs on a fixed grid: the k-th recurrence starts `k·ms` after the first run started,
 * whatever each run takes, so the rate does not drift. A run that overruns its slot is
 * followed at once by the next one, and then the grid resumes; missed slots do not pile up.
 *
 * @example
 * const sampleEvery100ms = (sampleSensor: Task.Task<Error, number>) => pipe(sampleSensor, Task.repeat(Schedule.fixed(100))) // runs at 0, 100, 200 … ms
 */
export const fixed = (ms: number): Schedule<unknown> => {
  const period = checkDelay('Schedule.fixed', 'the period', ms, { positive: true })
  return new ScheduleImpl((start) => {
    let slot = 0
    return (_input, now) => {
      const next = start + (slot + 1) * period
      // Stryker disable next-line EqualityOperator: at now === next the other branch gives the same: slot becomes (now - start) / period = slot + 1, and the delay 0 = next - now
      if (now <= next) {
        slot++
        return next - now
      }
      slot = Math.floor((now - start) / period)
      return 0
    }
  })
}

/**
 * Waits `base`, then `base·factor`, `base·factor²` …: `exponential(10)` waits 10, 20, 40 … ms.
 * `base` ≥ 0 and `factor` > 0 are finite numbers.
 *
 * @example
 * const reconnect = (connect: Task.Task<Error, WebSocket>) =>
 *   pipe(connect, Task.retry(pipe(Schedule.exponential(100), Schedule.both(Schedule.upTo(30_000)))))
 */
export const exponential = (base: number, factor = 2): Schedule<unknown> => {
  const b = checkDelay('Schedule.exponential', 'the base delay', base)
  const f = checkDelay('Schedule.exponential', 'the factor', factor, { positive: true })
  return new ScheduleImpl(() => {
    let delay = b
    return () => {
      const d = delay
      delay *= f
      return d
    }
  })
}

/**
 * Waits `base`, `base`, `2·base`, `3·base`, `5·base` … (the Fibonacci numbers times `base`):
 * gentler than `exponential` at first.
 *
 * @example
 * const reconnect = (connect: Task.Task<Error, WebSocket>) =>
 *   pipe(connect, Task.retry(pipe(Schedule.fibonacci(10), Schedule.both(Schedule.recurs(5))))) // 10, 10, 20, 30, 50
 */
export const fibonacci = (base: number): Schedule<unknown> => {
  const b = checkDelay('Schedule.fibonacci', 'the base delay', base)
  return new ScheduleImpl(() => {
    let a = b
    let next = b
    return () => {
      const d = a
      ;[a, next] = [next, a + next]
      return d
    }
  })
}

/**
 * Recurs, with no delay, while less than `ms` of loop time has elapsed since the first run
 * started: an elapsed-time budget for `both`.
 *
 * @example
 * pipe(Schedule.spaced(100), Schedule.both(Schedule.upTo(1000))) // every 100 ms for about a second
 */
export const upTo = (ms: number): Schedule<unknown> => {
  const budget = checkDelay('Schedule.upTo', 'the budget', ms, { infinite: true })
  return new ScheduleImpl((start) => (_input, now) => (now - start < budget ? 0 : undefined))
}

/**
 * Recurs, with no delay, while the failure satisfies `pred` (for `Task.retry`): combine it to
 * retry only what is worth retrying.
 *
 * @example
 * type HttpError = Error & { readonly status: number }
 * pipe(Schedule.exponential(50), Schedule.both(Schedule.whileError((e: HttpError) => e.status >= 500)))
 */
export const whileError = <E>(pred: (error: E) => boolean): Schedule<E> => {
  checkFn('Schedule.whileError', pred)
  return new ScheduleImpl(() => (e: E) => (pred(e) ? 0 : undefined))
}

/**
 * Recurs, with no delay, until the value satisfies `pred` (for `Task.repeat`): poll until
 * something is ready.
 *
 * @example
 * type Status = 'queued' | 'running' | 'done'
 * const untilDone = (jobStatus: Task.Task<Error, Status>) =>
 *   pipe(jobStatus, Task.repeat(pipe(Schedule.spaced(500), Schedule.both(Schedule.untilOutput((s: Status) => s === 'done')))))
 */
export const untilOutput = <A>(pred: (value: A) => boolean): Schedule<A> => {
  checkFn('Schedule.untilOutput', pred)
  return new ScheduleImpl(() => (a: A) => (pred(a) ? undefined : 0))
}

// ---- modifiers and composition -----------------------------------------------------------------

/**
 * How far `jittered` spreads each delay: a factor drawn uniformly from [min, max).
 *
 * @example
 * const wide: Schedule.JitterOptions = { min: 0.5, max: 1.5 }
 * pipe(Schedule.exponential(100), Schedule.jittered(wide))
 */
export interface JitterOptions {
  /** Default 0.8. */
  readonly min?: number
  /** Default 1.2. */
  readonly max?: number
}

const jitter = <I>(self: Schedule<I>, options: JitterOptions | undefined): Schedule<I> => {
  checkSchedule('Schedule.jittered', self)
  checkOptionalOptions('Schedule.jittered', options)
  const min = checkDelay('Schedule.jittered', 'min', options?.min ?? 0.8)
  const max = checkDelay('Schedule.jittered', 'max', options?.max ?? 1.2)
  if (max < min) throw new RangeError(`Schedule.jittered: max (${max}) must be at least min (${min})`)
  return new ScheduleImpl((start) => {
    const drive = self.start(start)
    return (input, now, random) => {
      const d = drive(input, now, random)
      return d === undefined ? undefined : d * (min + (max - min) * random())
    }
  })
}

/**
 * Scales each delay by a factor drawn from [min, max) (default [0.8, 1.2)), so that many
 * clients retrying at once spread out. The factor comes from the running loop's seeded
 * random source: the same seed gives the same delays. Data-last (`pipe(s, jittered())`,
 * `pipe(s, jittered({ min, max }))`) or direct (`jittered(s, { min, max })`).
 *
 * @example
 * pipe(Schedule.exponential(100), Schedule.jittered({ min: 0.5, max: 1.5 }))
 * Schedule.jittered(Schedule.spaced(1000))
 */
export function jittered(options?: JitterOptions): <I>(self: Schedule<I>) => Schedule<I>
export function jittered<I>(self: Schedule<I>, options?: JitterOptions): Schedule<I>
export function jittered<I>(selfOrOptions?: Schedule<I> | JitterOptions, options?: JitterOptions): Schedule<I> | (<J>(self: Schedule<J>) => Schedule<J>) {
  if (isSchedule(selfOrOptions)) return jitter(selfOrOptions as Schedule<I>, options)
  const opts = selfOrOptions as JitterOptions | undefined
  jitter(recurs(0), opts) // check the options now, where they are given
  return <J>(self: Schedule<J>) => jitter(self, opts)
}

/**
 * Recurs while both schedules do, waiting the longer of their two delays.
 *
 * @example
 * pipe(Schedule.spaced(100), Schedule.both(Schedule.recurs(3))) // 3 recurrences, 100 ms apart
 */
export const both = <I2>(that: Schedule<I2>) => {
  checkSchedule('Schedule.both', that)
  return <I1>(self: Schedule<I1>): Schedule<I1 & I2> => {
    checkSchedule('Schedule.both', self)
    return new ScheduleImpl((start) => {
      const a = self.start(start)
      const b = that.start(start)
      return (input, now, random) => {
        const da = a(input, now, random)
        const db = b(input, now, random)
        return da === undefined || db === undefined ? undefined : Math.max(da, db)
      }
    })
  }
}

/**
 * Recurs while either schedule does, waiting the shorter delay of those still going. Once a
 * side has stopped it is not asked again.
 *
 * @example
 * pipe(Schedule.recurs(2), Schedule.either(Schedule.spaced(1000))) // 0, 0, then every second
 */
export const either = <I2>(that: Schedule<I2>) => {
  checkSchedule('Schedule.either', that)
  return <I1>(self: Schedule<I1>): Schedule<I1 & I2> => {
    checkSchedule('Schedule.either', self)
    return new ScheduleImpl((start) => {
      let a: Driver<I1> | undefined = self.start(start)
      let b: Driver<I2> | undefined = that.start(start)
      return (input, now, random) => {
        const da: number | undefined = a?.(input, now, random)
        if (da === undefined) a = undefined
        const db: number | undefined = b?.(input, now, random)
        if (db === undefined) b = undefined
        return da === undefined ? db : db === undefined ? da : Math.min(da, db)
      }
    })
  }
}

/**
 * Follows `self` until it stops, then `that`, started afresh at that moment (its counts and
 * its elapsed budget begin then).
 *
 * @example
 * // three quick retries, then one a minute later
 * pipe(Schedule.recurs(3), Schedule.andThen(pipe(Schedule.spaced(60_000), Schedule.both(Schedule.recurs(1)))))
 */
export const andThen = <I2>(that: Schedule<I2>) => {
  checkSchedule('Schedule.andThen', that)
  return <I1>(self: Schedule<I1>): Schedule<I1 & I2> => {
    checkSchedule('Schedule.andThen', self)
    return new ScheduleImpl((start) => {
      const a = self.start(start)
      let b: Driver<I2> | undefined
      return (input, now, random) => {
        if (b === undefined) {
          const d = a(input, now, random)
          if (d !== undefined) return d
          b = that.start(now)
        }
        return b(input, now, random)
      }
    })
  }
}
