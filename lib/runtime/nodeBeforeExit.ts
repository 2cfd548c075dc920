/**
 * Node only (feature-detected; elsewhere it does nothing): tells a parked run that the host
 * is about to exit.
 *
 * A loop parked with nothing ready and no timer waits for the host: a foreign operation, a
 * future that host code completes later (a server's request handler), a `stop()`. Whether
 * anything can still come is the host's knowledge, not the loop's. Node knows: it emits
 * `beforeExit` on `process` when its own event loop has nothing left — no timer, no socket,
 * no pending I/O. A run still parked then can never be woken: it is a deadlock, and the run
 * fails with a `LoopError` that says what each fiber waits on (see `Loop`), instead of the
 * process exiting with status 0 and nothing printed.
 *
 * One `beforeExit` listener serves every run of this copy of taskloop; it is added when the
 * first run starts and removed when the last one ends, so runs leave no listener behind.
 *
 * @module
 */

/** A run that wants to hear about the host's exit. */
export interface ExitWatcher {
  /** The host has nothing left that could wake a parked loop. */
  hostIsExiting(): void
}

interface NodeProcess {
  on(event: 'beforeExit', listener: () => void): unknown
  off(event: 'beforeExit', listener: () => void): unknown
  exitCode?: number | string | undefined
}

const host = (): NodeProcess | undefined => {
  const p = (globalThis as { process?: Partial<NodeProcess> }).process
  return p !== undefined && typeof p.on === 'function' && typeof p.off === 'function' ? (p as NodeProcess) : undefined
}

const watchers = new Set<ExitWatcher>()
let listening: NodeProcess | undefined = undefined

const onBeforeExit = (): void => {
  for (const w of [...watchers]) w.hostIsExiting()
}

const stopWatching = (): void => {}

/**
 * Calls `watcher.hostIsExiting()` at the host's `beforeExit` until the returned function is
 * called.
 *
 * @example
 * const unwatch = watchHostExit({ hostIsExiting: () => console.error('the host is exiting before the run ended') })
 * // … when the run ends:
 * unwatch()
 */
export const watchHostExit = (watcher: ExitWatcher): (() => void) => {
  const proc = host()
  if (proc === undefined) return stopWatching
  watchers.add(watcher)
  if (listening === undefined) {
    proc.on('beforeExit', onBeforeExit)
    listening = proc
  }
  return () => {
    watchers.delete(watcher)
    if (watchers.size === 0 && listening !== undefined) {
      listening.off('beforeExit', onBeforeExit)
      listening = undefined
    }
  }
}

/**
 * Makes the process exit non-zero unless it already has an exit code: a deadlock is a
 * failure even when the program catches the run's rejection.
 *
 * @example
 * markHostFailed()
 */
export const markHostFailed = (): void => {
  const proc = host()
  if (proc !== undefined && (proc.exitCode === undefined || proc.exitCode === 0)) proc.exitCode = 1
}
