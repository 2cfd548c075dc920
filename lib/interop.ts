/**
 * `AbortSignal` interop for the ends of the world (`loop.runUntilComplete`, `run`,
 * `toPromise`): aborting the signal cancels the running fiber or future.
 *
 * - A signal that is already aborted cancels at once: a task given as a `Task` is cancelled
 *   before its first step, so its body never runs.
 * - The cancel is a request, as every cancel is: a coroutine that catches the
 *   `CancelledError` and returns a value still resolves the promise with that value.
 * - When the run ends cancelled because of the signal, the promise rejects with a
 *   `CancelledError` whose `cause` is `signal.reason` (as `new Error(message, { cause })`
 *   would set it) and whose message says it was aborted.
 * - The listener is removed when the run ends, however it ends, so one long-lived signal can
 *   serve any number of runs without piling up listeners.
 *
 * @module
 */
import { CancelledError, isCancelledError } from './errors.js'
import { describeValue } from './runtime/kernel.js'

/**
 * The cancel message for an abort: names the reason, briefly. Any reason works — one without
 * a prototype, or whose `toString` throws, is described instead of stringified: this runs in
 * the signal's listener, where a throw would escape the library, uncaught.
 */
const abortMessage = (reason: unknown): string => {
  let text: string
  try {
    text = reason instanceof Error ? `${String(reason.name)}: ${String(reason.message)}` : String(reason)
  } catch {
    text = describeValue(reason)
  }
  return `aborted by an AbortSignal (${text})`
}

/** Throws a `TypeError` unless `signal` is undefined or an `AbortSignal`. @internal */
export const checkSignal = (who: string, signal: unknown): AbortSignal | undefined => {
  if (signal === undefined) return undefined
  // Stryker disable next-line ConditionalExpression,StringLiteral: every host taskloop runs on (Node 20, browsers) defines AbortSignal, so its absence cannot be staged here
  if (typeof AbortSignal === 'undefined' || !(signal instanceof AbortSignal)) {
    throw new TypeError(`${who}: signal must be an AbortSignal, got ${describeValue(signal)}`)
  }
  return signal
}

/** What `linkSignal` returns: call `unlink` when the run ends, then `mapRejection` on its error. */
export interface SignalLink {
  unlink(): void
  /** The `CancelledError` of an aborted run, with the signal's reason as its `cause`. */
  mapRejection(error: unknown): unknown
}

const NO_LINK: SignalLink = { unlink: () => {}, mapRejection: (error) => error }

/**
 * Cancels `target` (via `cancel`) when `signal` aborts — at once if it already has.
 * @internal
 */
export const linkSignal = (signal: AbortSignal | undefined, cancel: (message: string) => unknown): SignalLink => {
  if (signal === undefined) return NO_LINK
  let aborted = false
  const onAbort = (): void => {
    aborted = true
    cancel(abortMessage(signal.reason))
  }
  // Stryker disable ObjectLiteral,BooleanLiteral: a signal aborts once, so its listener is called once either way; `once` only lets the signal drop it sooner (unlink removes it in any case)
  if (signal.aborted) onAbort()
  else signal.addEventListener('abort', onAbort, { once: true })
  // Stryker restore ObjectLiteral,BooleanLiteral
  return {
    unlink: () => signal.removeEventListener('abort', onAbort),
    mapRejection: (error) => {
      if (!aborted || !isCancelledError(error)) return error
      const withCause = new CancelledError(error.message)
      Object.defineProperty(withCause, 'cause', { value: signal.reason, writable: true, configurable: true, enumerable: false })
      return withCause
    },
  }
}
