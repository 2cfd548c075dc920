/**
 * `retry(schedule)` and `repeat(schedule)`: run a task again as a `Schedule` says.
 *
 * - `retry` asks the schedule after each **failure** (the failure is its input); when the
 *   schedule stops, the task fails with the last failure. A success ends it at once.
 *   Cancellation is never retried: it is not a failure, so it ends the retrying task at once
 *   (also while it waits between attempts), and finalizers run as usual.
 * - `repeat` asks the schedule after each **success** (the value is its input); when the
 *   schedule stops, the task succeeds with the last run's value. A failure ends it at once.
 *
 * Each run of the returned task starts the schedule afresh, at the loop time its first
 * attempt starts. Waits are `Task.sleep`s on the running loop (virtual time in tests); a zero
 * delay (or a negative one) cedes once, so every recurrence is a point where a cancel can
 * land. Jitter is drawn from the running loop's seeded random source. A driver of one's own
 * (`Schedule.make`) that answers neither a number of milliseconds nor `undefined` — `NaN`, a
 * string — fails the task with a `TypeError` naming what it answered, rather than retrying at
 * once.
 *
 * @module
 */
import type { Task } from '../runtime/kernel.js'
import { checkMs, checkTask, describeValue } from '../runtime/kernel.js'
import type { Loop } from '../Loop.js'
import type { Schedule } from '../Schedule.js'
import { isSchedule } from '../Schedule.js'
import { fail, getRunningLoop, sleep, succeed } from './constructors.js'
import { catchAll, flatMap } from './sequencing.js'

const checkSchedule = (who: string, s: unknown): void => {
  if (!isSchedule(s)) throw new TypeError(`${who} expects a Schedule, got ${describeValue(s)}`)
}

/** What a driver answered, checked: `undefined` to stop, else a number of milliseconds (`checkMs`: any but `NaN`). */
const checkAnswer = (who: string, delay: unknown): number | undefined => (delay === undefined ? undefined : checkMs(`${who} (the schedule's answer)`, delay))

const withDriver = <I, E, A>(who: string, schedule: Schedule<I>, body: (decide: (input: I) => number | undefined) => Task<E, A>): Task<E, A> =>
  flatMap((loop: Loop) => {
    const drive = schedule.start(loop.time())
    const random = (): number => loop.random()
    return body((input) => checkAnswer(who, drive(input, loop.time(), random)))
  })(getRunningLoop)

/**
 * Runs `self` again after each failure, as long as `schedule` allows (`Effect.retry`,
 * tenacity's `@retry`). Fails with the last failure when the schedule stops.
 *
 * @example
 * const policy = pipe(Schedule.exponential(10), Schedule.both(Schedule.recurs(3)))
 * pipe(fetchPage(url), Task.retry(policy)) // attempts at 0, 10, 30, 70 ms, then the last error
 */
export const retry = <E>(schedule: Schedule<E>) => {
  checkSchedule('Task.retry', schedule)
  return <E2 extends E, A>(self: Task<E2, A>): Task<E2, A> => {
    checkTask('Task.retry', self)
    return withDriver('Task.retry', schedule, (decide) => {
      const attempt: Task<E2, A> = catchAll((e: E2) => {
        const delay = decide(e)
        // a delay of 0 or less cedes once (Task.sleep's rule)
        return delay === undefined ? fail(e) : flatMap(() => attempt)(sleep(delay))
      })(self)
      return attempt
    })
  }
}

/**
 * Runs `self` again after each success, as long as `schedule` allows; succeeds with the last
 * run's value. A failure ends it with that failure.
 *
 * @example
 * type Status = { readonly done: boolean }
 * const pollUntilDone = (poll: Task.Task<Error, Status>) =>
 *   pipe(poll, Task.repeat(pipe(Schedule.spaced(1000), Schedule.both(Schedule.untilOutput((s: Status) => s.done)))))
 */
export const repeat = <A>(schedule: Schedule<A>) => {
  checkSchedule('Task.repeat', schedule)
  return <E, A2 extends A>(self: Task<E, A2>): Task<E, A2> => {
    checkTask('Task.repeat', self)
    return withDriver('Task.repeat', schedule, (decide) => {
      const run: Task<E, A2> = flatMap((a: A2) => {
        const delay = decide(a)
        return delay === undefined ? succeed(a) : flatMap(() => run)(sleep(delay))
      })(self)
      return run
    })
  }
}
