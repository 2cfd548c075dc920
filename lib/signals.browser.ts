/**
 * Process signals on a host that has none (a browser): the same functions as
 * `signals.node.ts`, without its signal tables and `process` hooks.
 *
 * Why a second module: a browser bundle would otherwise carry the Node-only machinery (the
 * names and numbers of every signal, the shared process listeners, the exit by signal) as
 * dead weight in every program that creates a `Loop`. `package.json`'s `browser` field points
 * bundlers that build for the browser here instead of at `signals.node.js`.
 *
 * It behaves as the Node module does where `process` is missing: `run` handles no signal by
 * default, and asking for one is a `RangeError` ("this host has no process signals"). One
 * difference, as there is no table to ask: any string of the form `SIG…` counts as a signal
 * name (a `RangeError`), and only other values are a `TypeError`.
 *
 * @module
 */
import type { SignalName } from './signals.node.js'

export type { SignalName }

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value)

/**
 * Never true here: a browser delivers no process signals.
 *
 * @example
 * hostHasSignals() // false
 */
export const hostHasSignals = (): boolean => false

/**
 * Refuses every signal: a `TypeError` for what is not a signal name, otherwise a `RangeError`.
 *
 * @example
 * checkSignalName('addSignalHandler', 'SIGTERM') // throws RangeError: … this host has no process signals
 * @internal
 */
export const checkSignalName = (who: string, signal: unknown): SignalName => {
  if (typeof signal !== 'string' || !/^SIG[A-Z0-9]+$/.test(signal)) {
    throw new TypeError(`${who}: expected a signal name such as 'SIGINT' or 'SIGTERM', got ${show(signal)}`)
  }
  throw new RangeError(`${who}: ${signal} cannot be handled: this host has no process signals`)
}

/** Nothing to raise on a host without signals. @internal */
export const exitBySignal = (_signal: SignalName): void => {}

/** Always refused (see `checkSignalName`), before the callback is looked at, as on Node without `process`. @internal */
export const addLoopSignalHandler = (_loop: object, signal: unknown, _callback: unknown): void => {
  checkSignalName('addSignalHandler', signal)
}

/** Always refused (see `checkSignalName`). @internal */
export const removeLoopSignalHandler = (_loop: object, signal: unknown): boolean => {
  checkSignalName('removeSignalHandler', signal)
  // Stryker disable next-line BooleanLiteral: checkSignalName above throws for every value, so this line is never reached
  return false
}

/** No handler can have been added. @internal */
export const removeAllLoopSignalHandlers = (_loop: object): void => {}

/** No handler can have been added. @internal */
// Stryker disable next-line ArrowFunction: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (signals.browser.test.ts: run asks whether its loop handles a signal and gets false)
export const loopHandlesSignal = (_loop: object, _signal: SignalName): boolean => false

/**
 * The signals `run` handles here: none by default or with `false`; a list is checked and
 * refused.
 * @internal
 */
export const checkRunSignals = (who: string, signals: unknown): readonly SignalName[] => {
  if (signals === undefined || signals === false) return []
  if (!Array.isArray(signals)) throw new TypeError(`${who}: signals must be an array of signal names or false, got ${show(signals)}`)
  for (const s of signals) checkSignalName(`${who}: signals`, s)
  return []
}

/** Nothing to subscribe to. @internal */
// Stryker disable next-line ArrowFunction: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (signals.browser.test.ts: it gets a function that stops nothing)
export const subscribeAll = (_signals: readonly SignalName[], _onSignal: (signal: SignalName) => void): (() => void) => () => {}

/** No process to end. @internal */
export const endProcessIfUncaught = (_error: unknown, _signal: SignalName): void => {}

/** No process to end, so no error ends it. @internal */
export const signalEndingProcessIfUncaught = (_error: object): SignalName | undefined => undefined
