/**
 * Process signals (Node-only): `loop.addSignalHandler` / `removeSignalHandler`, and the
 * signal handling of `run` (asyncio's `Runner` and its SIGINT handler, ASYNCIO.md R66).
 *
 * Why one module, and why it is safe to load anywhere: this is the only place in the library
 * that touches `process`, and it touches it lazily, when a handler is installed, never at load
 * time. On a host without `process` (a browser), the package still loads; `run` simply
 * handles no signal by default, and asking for one explicitly is a `RangeError`.
 *
 * How a signal reaches the library: one process listener per signal, shared by every
 * subscriber (each loop handler, each `run` in progress), added with the first subscriber and
 * removed with the last. So any number of concurrent runs never pile up listeners (nor trip
 * Node's max-listeners warning), and nothing is left behind once they end.
 *
 * How a signalled program ends (`exitBySignal`): the way CPython ends after an uncaught
 * `KeyboardInterrupt`: our listener is removed and the same signal is raised again, so the
 * process dies by it (a shell reports 128 + its number: 130 for SIGINT, 143 for SIGTERM; a
 * parent sees `signal: 'SIGINT'`; systemd counts SIGTERM as a clean stop). Where the signal
 * cannot kill — someone else still listens for it, the parent made it ignored, or the host
 * has no POSIX signals — the process exits with status 128 + the signal's number instead.
 *
 * @module
 */

/**
 * Signal names, as Node spells them (POSIX, Linux, macOS, Windows' SIGBREAK).
 *
 * @example
 * const stopOn: SignalName[] = ['SIGINT', 'SIGTERM']
 */
export type SignalName =
  | 'SIGABRT' | 'SIGALRM' | 'SIGBREAK' | 'SIGBUS' | 'SIGCHLD' | 'SIGCONT' | 'SIGEMT' | 'SIGFPE' | 'SIGHUP'
  | 'SIGILL' | 'SIGINFO' | 'SIGINT' | 'SIGIO' | 'SIGIOT' | 'SIGKILL' | 'SIGLOST' | 'SIGPIPE' | 'SIGPOLL'
  | 'SIGPROF' | 'SIGPWR' | 'SIGQUIT' | 'SIGSEGV' | 'SIGSTKFLT' | 'SIGSTOP' | 'SIGSYS' | 'SIGTERM' | 'SIGTRAP'
  | 'SIGTSTP' | 'SIGTTIN' | 'SIGTTOU' | 'SIGUNUSED' | 'SIGURG' | 'SIGUSR1' | 'SIGUSR2' | 'SIGVTALRM'
  | 'SIGWINCH' | 'SIGXCPU' | 'SIGXFSZ'

/** Linux's numbers: used where the host cannot tell its own (no `process.getBuiltinModule`). */
const LINUX_NUMBERS: Readonly<Record<string, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7, SIGFPE: 8,
  SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGSTKFLT: 16,
  SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24,
  SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
}

/** Every name some platform gives a signal: another string is not a signal name at all. */
const ALL_NAMES: ReadonlySet<unknown> = new Set<SignalName>([
  'SIGABRT', 'SIGALRM', 'SIGBREAK', 'SIGBUS', 'SIGCHLD', 'SIGCONT', 'SIGEMT', 'SIGFPE', 'SIGHUP', 'SIGILL',
  'SIGINFO', 'SIGINT', 'SIGIO', 'SIGIOT', 'SIGKILL', 'SIGLOST', 'SIGPIPE', 'SIGPOLL', 'SIGPROF', 'SIGPWR',
  'SIGQUIT', 'SIGSEGV', 'SIGSTKFLT', 'SIGSTOP', 'SIGSYS', 'SIGTERM', 'SIGTRAP', 'SIGTSTP', 'SIGTTIN',
  'SIGTTOU', 'SIGUNUSED', 'SIGURG', 'SIGUSR1', 'SIGUSR2', 'SIGVTALRM', 'SIGWINCH', 'SIGXCPU', 'SIGXFSZ',
])

/**
 * Signals no handler may take: SIGKILL and SIGSTOP cannot be caught at all, and a handler for
 * a real SIGBUS, SIGFPE, SIGSEGV or SIGILL would run JavaScript in a process that cannot go on.
 */
const UNCATCHABLE: Readonly<Record<string, string>> = {
  SIGKILL: 'it cannot be caught',
  SIGSTOP: 'it cannot be caught',
  SIGBUS: 'a process that received it cannot safely run JavaScript',
  SIGFPE: 'a process that received it cannot safely run JavaScript',
  SIGSEGV: 'a process that received it cannot safely run JavaScript',
  SIGILL: 'a process that received it cannot safely run JavaScript',
}

/** The part of Node's `process` this module uses (so the types need no `@types/node`). */
interface HostProcess {
  readonly pid: number
  readonly platform?: string
  exitCode?: number | string | undefined
  on(event: string, listener: (...args: unknown[]) => void): unknown
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown
  listenerCount(event: string): number
  kill(pid: number, signal: string): unknown
  exit(code?: number): never
  getBuiltinModule?: (id: string) => unknown
}

/** Node's `process`, or undefined on a host without one (looked up when needed, never at load). */
const hostProcess = (): HostProcess | undefined => {
  const p = (globalThis as unknown as { process?: Partial<HostProcess> }).process
  return p !== undefined && typeof p.on === 'function' && typeof p.kill === 'function' && typeof p.listenerCount === 'function'
    ? (p as HostProcess)
    : undefined
}

/**
 * True when this host delivers process signals (Node, and hosts that copy its `process`).
 *
 * @example
 * hostHasSignals() // true under Node, false in a browser
 */
export const hostHasSignals = (): boolean => hostProcess() !== undefined

let hostNumbers: Readonly<Record<string, number>> | undefined
/** This host's signal numbers (`os.constants.signals`), else Linux's. */
const signalNumbers = (): Readonly<Record<string, number>> => {
  if (hostNumbers !== undefined) return hostNumbers
  const os = hostProcess()?.getBuiltinModule?.('os') as { constants?: { signals?: Record<string, number> } } | undefined
  hostNumbers = os?.constants?.signals ?? LINUX_NUMBERS
  return hostNumbers
}

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value)

/** A signal name taskloop knows (a set of strings holds no other value). */
const isSignalName = (u: unknown): u is SignalName => ALL_NAMES.has(u)

/**
 * Checks that `signal` names a signal this host can hand to a handler: a `TypeError` for
 * anything that is no signal name, a `RangeError` for a signal that cannot be handled (SIGKILL,
 * SIGSTOP, the fault signals, a signal this platform lacks, or a host without signals).
 *
 * @example
 * checkSignalName('addSignalHandler', 'SIGTERM') // 'SIGTERM'
 * @internal
 */
export const checkSignalName = (who: string, signal: unknown): SignalName => {
  if (!isSignalName(signal)) {
    throw new TypeError(`${who}: expected a signal name such as 'SIGINT' or 'SIGTERM', got ${show(signal)}`)
  }
  const why = UNCATCHABLE[signal]
  if (why !== undefined) throw new RangeError(`${who}: ${signal} cannot be handled: ${why}`)
  if (!hostHasSignals()) throw new RangeError(`${who}: ${signal} cannot be handled: this host has no process signals`)
  if (signalNumbers()[signal] === undefined) throw new RangeError(`${who}: ${signal} cannot be handled: this platform has no such signal`)
  return signal
}

// ---- one shared process listener per signal ------------------------------------------------

type Subscriber = (signal: SignalName) => void

/** Per signal: its subscribers in subscription order, and the one process listener serving them. */
const subscriptions = new Map<SignalName, { readonly subscribers: Set<Subscriber>; readonly listener: () => void }>()

/**
 * Calls `subscriber` on each delivery of `signal`; returns the unsubscribe function. The
 * process listener is added with the first subscriber and removed with the last.
 */
const subscribe = (signal: SignalName, subscriber: Subscriber): (() => void) => {
  const host = hostProcess()!
  let entry = subscriptions.get(signal)
  if (entry === undefined) {
    const subscribers = new Set<Subscriber>()
    const listener = (): void => {
      for (const s of [...subscribers]) s(signal)
    }
    entry = { subscribers, listener }
    subscriptions.set(signal, entry)
    host.on(signal, listener)
  }
  // a wrapper, so the same function may subscribe twice and leave twice
  const own: Subscriber = (s) => subscriber(s)
  entry.subscribers.add(own)
  const { subscribers, listener } = entry
  return () => {
    if (!subscribers.delete(own) || subscribers.size > 0) return
    if (subscriptions.get(signal)?.listener === listener) subscriptions.delete(signal)
    host.removeListener(signal, listener)
  }
}

/** Removes our process listener for `signal`, whoever subscribed (the process is ending). */
const dropListener = (host: HostProcess, signal: SignalName): void => {
  const entry = subscriptions.get(signal)
  if (entry === undefined) return
  subscriptions.delete(signal)
  host.removeListener(signal, entry.listener)
}

/**
 * Ends the process at once, as a process killed by `signal` ends (see the module doc): the
 * signal raised again with our listener gone, else exit status 128 + its number.
 *
 * @example
 * exitBySignal('SIGINT') // the process dies by SIGINT
 * @internal
 */
export const exitBySignal = (signal: SignalName): never | void => {
  const host = hostProcess()
  if (host === undefined) return
  raiseAgain(host, signal)
  host.exit(exitStatus(signal))
}

/** 128 + the signal's number: what a shell reports for a process the signal killed. */
const exitStatus = (signal: SignalName): number => 128 + (signalNumbers()[signal] ?? 0)

/** Drops our listener and raises `signal` again, which kills unless someone else listens. */
const raiseAgain = (host: HostProcess, signal: SignalName): void => {
  dropListener(host, signal)
  if (host.listenerCount(signal) > 0) return
  try {
    host.kill(host.pid, signal) // a signal sent to oneself is delivered before kill returns
  } catch {
    // no such signal here: the caller falls back on the exit status
  }
}

// ---- loop.addSignalHandler / removeSignalHandler -----------------------------------------

/** What a loop handler needs of its loop. */
interface SignalLoop {
  callSoon(callback: () => void): unknown
}

/** Per loop, per signal: how to unsubscribe its handler. */
const loopHandlers = new WeakMap<SignalLoop, Map<SignalName, () => void>>()

/**
 * asyncio's `loop.add_signal_handler`: on each delivery of `signal`, `callback(signal)` is
 * scheduled with `loop.callSoon` (so it runs on the loop, between fibers' steps, and an error
 * it throws goes to the exception handler). Replaces this loop's previous handler for the
 * signal.
 *
 * @example
 * const stopping = new Event()
 * addLoopSignalHandler(loop, 'SIGTERM', () => stopping.set())
 * @internal
 */
export const addLoopSignalHandler = (loop: SignalLoop, signal: unknown, callback: unknown): void => {
  const name = checkSignalName('addSignalHandler', signal)
  if (typeof callback !== 'function') throw new TypeError(`addSignalHandler: callback must be a function, got ${show(callback)}`)
  let handlers = loopHandlers.get(loop)
  if (handlers === undefined) loopHandlers.set(loop, (handlers = new Map()))
  const previous = handlers.get(name)
  handlers.set(name, subscribe(name, (s) => void loop.callSoon(() => (callback as Subscriber)(s))))
  previous?.()
}

/**
 * asyncio's `loop.remove_signal_handler`: true if a handler was removed.
 *
 * @example
 * removeLoopSignalHandler(loop, 'SIGTERM') // true
 * @internal
 */
export const removeLoopSignalHandler = (loop: SignalLoop, signal: unknown): boolean => {
  const name = checkSignalName('removeSignalHandler', signal)
  const handlers = loopHandlers.get(loop)
  const unsubscribe = handlers?.get(name)
  if (unsubscribe === undefined) return false
  handlers!.delete(name)
  unsubscribe()
  return true
}

/**
 * Removes every handler of a loop (on `close()`, as asyncio's Unix loop does).
 *
 * @example
 * removeAllLoopSignalHandlers(loop)
 * @internal
 */
export const removeAllLoopSignalHandlers = (loop: SignalLoop): void => {
  const handlers = loopHandlers.get(loop)
  if (handlers === undefined) return
  loopHandlers.delete(loop)
  for (const unsubscribe of handlers.values()) unsubscribe()
}

/**
 * True when `loop` has its own handler for `signal`.
 *
 * @example
 * loopHandlesSignal(loop, 'SIGINT') // false unless the program added one
 * @internal
 */
export const loopHandlesSignal = (loop: SignalLoop, signal: SignalName): boolean => loopHandlers.get(loop)?.has(signal) === true

// ---- run's handling ----------------------------------------------------------------------

/**
 * The signals `run` handles: `undefined` means SIGINT where the host has signals (none
 * elsewhere), `false` none, an array those (checked here, where `run` is called).
 *
 * @example
 * checkRunSignals('run', undefined) // ['SIGINT']
 * @internal
 */
export const checkRunSignals = (who: string, signals: unknown): readonly SignalName[] => {
  if (signals === undefined) return hostHasSignals() ? ['SIGINT'] : []
  if (signals === false) return []
  if (!Array.isArray(signals)) throw new TypeError(`${who}: signals must be an array of signal names or false, got ${show(signals)}`)
  return [...new Set(signals.map((s) => checkSignalName(`${who}: signals`, s)))]
}

/**
 * Subscribes `onSignal` to each of `signals`; returns the function that removes them all.
 *
 * @example
 * const unsubscribe = subscribeAll(['SIGINT', 'SIGTERM'], (s) => fiber.cancel(`interrupted by ${s}`))
 * @internal
 */
export const subscribeAll = (signals: readonly SignalName[], onSignal: Subscriber): (() => void) => {
  const unsubscribes = signals.map((s) => subscribe(s, onSignal))
  return () => {
    for (const u of unsubscribes) u()
  }
}

/** Errors with which a run that a signal ended rejected, and that signal. */
const signalledErrors = new WeakMap<object, SignalName>()

/**
 * The signal that ends the process if `error` is never caught (`endProcessIfUncaught`), or
 * `undefined`: what a run's rejection will do, readable in-process.
 * @internal
 */
export const signalEndingProcessIfUncaught = (error: object): SignalName | undefined => signalledErrors.get(error)
let exitHookInstalled = false
let dyingOf: SignalName | null = null

/**
 * When `error` (the `CancelledError` of a run that a signal ended) is never caught — the
 * usual `await run(main)` at the top of a script — the process ends by the signal once Node
 * has finished with the uncaught error, as CPython does with an uncaught `KeyboardInterrupt`.
 * Caught, it changes nothing. Two process listeners ('uncaughtExceptionMonitor', which only
 * observes, and 'exit') are installed the first time this happens, and stay, shared by every
 * later run.
 *
 * @example
 * // the error a run that SIGINT ended rejected with
 * const onInterrupted = (cancelledError: CancelledError) => endProcessIfUncaught(cancelledError, 'SIGINT')
 * @internal
 */
export const endProcessIfUncaught = (error: unknown, signal: SignalName): void => {
  const host = hostProcess()
  if (host === undefined || typeof error !== 'object' || error === null) return
  signalledErrors.set(error, signal)
  if (exitHookInstalled) return
  exitHookInstalled = true
  host.on('uncaughtExceptionMonitor', (e: unknown) => {
    // a WeakMap answers `undefined` for a key that is no object (a thrown string, null)
    const s = signalledErrors.get(e as object)
    if (s !== undefined) dyingOf = s
  })
  host.on('exit', () => {
    if (dyingOf === null) return
    raiseAgain(host, dyingOf)
    host.exitCode = exitStatus(dyingOf) // still alive: the signal could not kill
  })
}
