/**
 * Argument checks shared by every public function: bad input is a `TypeError` (or a
 * `RangeError` for a value of the right type out of its range) thrown where it is given,
 * naming the function and what it got, before anything changes.
 *
 * @module
 */
import { describeValue } from './describeValue.js'
import { isTask } from './primitive.js'

/** `who` expects a function. @example checkFunction('Task.map', (n: number) => n + 1) // passes; a non-function is a TypeError naming Task.map */
export const checkFunction = (who: string, f: unknown): void => {
  if (typeof f !== 'function') throw new TypeError(`${who} expects a function, got ${describeValue(f)}`)
}

/** `who` expects a Task. @example checkTask('Task.spawn', Task.of(1)) // passes; anything else is a TypeError naming Task.spawn */
export const checkTask = (who: string, t: unknown): void => {
  if (!isTask(t)) throw new TypeError(`${who} expects a Task, got ${describeValue(t)}`)
}

/**
 * Options that may be left out: an object or `undefined`. A number or `null` is a mistake,
 * refused rather than read as "no options".
 *
 * @example
 * checkOptionalOptions('run', { clock: 'virtual' }) // passes; `1` is a TypeError naming run
 */
export const checkOptionalOptions = (who: string, options: unknown): void => {
  if (options !== undefined && (typeof options !== 'object' || options === null)) throw new TypeError(`${who}: options must be an object, got ${describeValue(options)}`)
}

/**
 * A number of milliseconds (any number but `NaN`; `Infinity` allowed, negative allowed:
 * callers decide what those mean). Returns it.
 *
 * @example
 * checkMs('Task.sleep', 10) // 10
 */
export const checkMs = (who: string, ms: unknown): number => {
  if (typeof ms !== 'number' || Number.isNaN(ms)) throw new TypeError(`${who} expects a number of milliseconds, got ${describeValue(ms)}`)
  return ms
}

/**
 * A count or a budget: an integer of at least `min`; anything else (`NaN`, `1.5`, a string)
 * is a `RangeError` naming `what`. Returns it.
 *
 * @example
 * checkIntegerAtLeast('TestLoop.tick', 'maxIterations', 1000, 1) // 1000
 */
export const checkIntegerAtLeast = (who: string, what: string, n: unknown, min: number): number => {
  if (!(Number.isInteger(n) && (n as number) >= min)) throw new RangeError(`${who}: ${what} must be an integer >= ${min}, got ${describeValue(n)}`)
  return n as number
}

/**
 * An optional timeout: `undefined` and `Infinity` mean none (returned as `undefined`),
 * otherwise as `checkMs`.
 *
 * @example
 * checkOptionalMs('Task.wait (timeout)', undefined) // undefined
 */
export const checkOptionalMs = (who: string, ms: unknown): number | undefined =>
  ms === undefined || ms === Infinity ? undefined : checkMs(who, ms)

/**
 * An optional fiber name (`{ name }` of `spawn` and `createTask`).
 *
 * @example
 * const options: { readonly name?: unknown } = { name: 'worker' }
 * checkName('Task.spawn', options.name) // 'worker'
 */
export const checkName = (who: string, name: unknown): string | undefined => {
  if (name !== undefined && typeof name !== 'string') throw new TypeError(`${who}: name must be a string, got ${describeValue(name)}`)
  return name
}
