/**
 * `run(main, { dumpOnSignal: 'SIGUSR2' })`: a stuck production process can be asked what it
 * is doing. On each delivery of the signal the run's `loop.dump()` is written to stderr (with
 * `console.error`), and the run goes on. Node only, like every process signal (see
 * `signals.node.ts`, which owns the process listeners); the listener is removed when the run
 * ends.
 *
 * @module
 */
import type { Loop } from './Loop.js'
import type { SignalName } from './signals.node.js'
import { checkSignalName, subscribeAll } from './signals.node.js'

/**
 * Checks `run`'s `dumpOnSignal` option: `undefined` or `false` for none, else a signal this
 * host can hand to a handler (a `TypeError` for anything that is not a signal name, a
 * `RangeError` for one that cannot be handled). A signal that also interrupts `main` (one of
 * `signals`) is a `RangeError`: one signal cannot both ask and stop.
 *
 * @example
 * checkDumpSignal('run', 'SIGUSR2', ['SIGINT']) // → 'SIGUSR2'
 * // checkDumpSignal('run', 'SIGINT', ['SIGINT']) throws a RangeError
 */
export const checkDumpSignal = (who: string, signal: unknown, interrupts: readonly SignalName[]): SignalName | undefined => {
  if (signal === undefined || signal === false) return undefined
  const checked = checkSignalName(`${who}: dumpOnSignal`, signal)
  if (interrupts.includes(checked)) {
    throw new RangeError(`${who}: dumpOnSignal is ${checked}, which also interrupts main (it is in signals); choose another signal, such as 'SIGUSR2'`)
  }
  return checked
}

/**
 * Writes `loop.dump()` to stderr on each delivery of `signal`; returns the function that stops.
 *
 * @example
 * const watch = (loop: Parameters<typeof dumpOnSignal>[0]) => {
 *   const stop = dumpOnSignal(loop, 'SIGUSR2')
 *   return stop // called when the run ends
 * }
 */
export const dumpOnSignal = (loop: Loop, signal: SignalName | undefined): (() => void) =>
  signal === undefined ? () => {} : subscribeAll([signal], (received) => console.error(`taskloop: ${received}: what the loop is doing\n${loop.dump()}`))
