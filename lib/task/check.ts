/**
 * Argument checks shared by the task constructors and combinators: bad input is a
 * `TypeError` thrown where it is given, naming the function and what it got.
 *
 * @internal
 * @module
 */
import { describeValue } from '../runtime/fiber.js'
import { isTask } from '../runtime/primitive.js'

export const checkFunction = (who: string, f: unknown): void => {
  if (typeof f !== 'function') throw new TypeError(`${who} expects a function, got ${describeValue(f)}`)
}

export const checkTask = (who: string, t: unknown): void => {
  if (!isTask(t)) throw new TypeError(`${who} expects a Task, got ${describeValue(t)}`)
}
