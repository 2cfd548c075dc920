/**
 * The `CancelledError`s the runtime creates itself, when it delivers a cancellation.
 *
 * They carry no stack trace, except in debug mode: capturing one costs a few microseconds —
 * more than all the rest of cancelling a fiber — and its frames would only show the
 * interpreter delivering the cancel, never the code that asked for it. A cancel storm of
 * 10⁵ fibers spent half its time here. In debug mode (`new Loop({ debug: true })`) they
 * are captured as usual.
 *
 * @module
 */
import { CancelledError } from '../errors.js'

/**
 * A `CancelledError` without a captured stack trace unless `debug`.
 *
 * @example
 * newCancelledError('shutdown', false).message // → 'shutdown'
 */
export const newCancelledError = (message: string | undefined, debug: boolean): CancelledError => {
  if (debug) return new CancelledError(message)
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return new CancelledError(message)
  } finally {
    Error.stackTraceLimit = limit
  }
}
