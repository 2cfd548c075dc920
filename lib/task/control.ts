/**
 * Everyday control combinators, data-last: `when`/`unless` (run only if a condition holds),
 * `forever` (run again and again), `delay(ms)` (sleep, then run) and `timeoutTo(ms, fallback)`
 * (a deadline with a fallback task instead of a `TimeoutError`).
 *
 * @module
 */
import type { Option } from 'fp-ts/lib/Option.js'
import { TimeoutError } from '../errors.js'
import type { Task } from '../runtime/kernel.js'
import { checkMs, checkTask, describeValue } from '../runtime/kernel.js'
import { timeout } from '../concurrency/timeout.js'
import { cede, fail, sleep, succeed, suspend } from './constructors.js'
import { catchAll, flatMap, map, mapError } from './sequencing.js'

const NONE: Option<never> = { _tag: 'None' }
const some = <A>(value: A): Option<A> => ({ _tag: 'Some', value })

const checkCondition = (who: string, condition: unknown): void => {
  if (typeof condition !== 'boolean' && typeof condition !== 'function') throw new TypeError(`${who} expects a boolean or a function returning one, got ${describeValue(condition)}`)
}

const holds = (condition: boolean | (() => boolean)): boolean => (typeof condition === 'function' ? condition() : condition)

/**
 * Runs `self` only if `condition` holds, and gives its value as an fp-ts `Option`: `some(a)`
 * when it ran, `none` when it did not (Effect's `Effect.when`). A function condition is
 * evaluated each time the task runs, not when it is built.
 *
 * @example
 * const config = { reportsEnabled: false }
 * const sendReport = Task.of({ id: 'r-1' })
 * pipe(sendReport, Task.when(() => config.reportsEnabled)) // Task<never, Option<{ id: string }>>
 */
export const when = (condition: boolean | (() => boolean)) => {
  checkCondition('Task.when', condition)
  return <E, A>(self: Task<E, A>): Task<E, Option<A>> => suspend(() => (holds(condition) ? map(some<A>)(self) : succeed(NONE)))
}

/**
 * Runs `self` only if `condition` does not hold: `when` with the condition negated.
 *
 * @example
 * const tables = new Set(['orders'])
 * const createTable = Task.sync(() => { tables.add('users') })
 * pipe(createTable, Task.unless(() => tables.has('users')))
 */
export const unless = (condition: boolean | (() => boolean)) => {
  checkCondition('Task.unless', condition)
  return <E, A>(self: Task<E, A>): Task<E, Option<A>> => suspend(() => (holds(condition) ? succeed(NONE) : map(some<A>)(self)))
}

/**
 * Runs `self` again and again until it fails (then fails with that) or is cancelled. Between
 * runs it cedes to the loop once, so even a task that never suspends gives other fibers
 * their turn and can be cancelled there.
 *
 * @example
 * const ping = Task.sync(() => console.log('ping'))
 * const heartbeat = pipe(Task.sleep(1000), Task.flatMap(() => ping), Task.forever)
 */
export const forever = <E, A>(self: Task<E, A>): Task<E, never> => {
  checkTask('Task.forever', self)
  const loop: Task<E, never> = flatMap(() => flatMap(() => loop)(cede))(self)
  return loop
}

/**
 * Sleeps `ms`, then runs `self` (`await asyncio.sleep(ms); await self`). `ms` is checked as
 * `Task.sleep` checks it: `NaN` or a non-number is a `TypeError`, thrown here.
 *
 * @example
 * const sendReminder = Task.sync(() => console.log('stand up'))
 * pipe(sendReminder, Task.delay(60_000))
 */
export const delay = (ms: number) => {
  checkMs('Task.delay', ms)
  const wait = sleep(ms)
  return <E, A>(self: Task<E, A>): Task<E, A> => {
    checkTask('Task.delay', self)
    return flatMap(() => self)(wait)
  }
}

/** Carries a failure of the inner task past the deadline's handler, so that an inner `TimeoutError` is not mistaken for the deadline. */
class InnerFailure {
  constructor(readonly error: unknown) {}
}

/**
 * `pipe(self, Task.timeout(ms))`, but at the deadline, once `self` has been cancelled and has
 * finished, runs `fallback` instead of failing with `TimeoutError` (cats-effect's
 * `timeoutTo`). `self`'s own failures — even a `TimeoutError` of an inner deadline — pass
 * through; an external cancel stays a cancel. The deadline rules are `Task.timeout`'s.
 *
 * @example
 * const cachedPrices = [101, 99]
 * const fetchPrices = pipe(Task.sleep(2000), Task.as([102, 98]))
 * pipe(fetchPrices, Task.timeoutTo(500, Task.of(cachedPrices))) // [101, 99] after 500 ms
 */
export const timeoutTo = <E2, B>(ms: number, fallback: Task<E2, B>) => {
  if (typeof ms !== 'number' || Number.isNaN(ms)) throw new TypeError(`Task.timeoutTo expects a number of milliseconds, got ${describeValue(ms)}`)
  const deadline = timeout(ms)
  checkTask('Task.timeoutTo (fallback)', fallback)
  return <E, A>(self: Task<E, A>): Task<E | E2, A | B> => {
    checkTask('Task.timeoutTo', self)
    return catchAll((x: unknown): Task<E | E2, B> => (x instanceof InnerFailure ? fail(x.error as E) : x instanceof TimeoutError ? fallback : fail(x as E)))(
      deadline(mapError((e: E) => new InnerFailure(e))(self)),
    )
  }
}
