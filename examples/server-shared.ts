/**
 * What the two example servers (`server.ts` on taskloop, `server-promise.ts` on plain
 * async/await) have in common: their options, the routes a client may call, the counts they
 * report, and how they run as scripts. Only the way each one handles a request and shuts down
 * differs, and that is what a reader compares.
 *
 * Routes (GET, on 127.0.0.1 only):
 * - `/work?ms=W&deadline=D` — a request that runs a simulated database query of W ms (at most
 *   `dbConcurrency` at once), under a deadline of D ms (default `deadlineMs`): 200 with the
 *   query's answer, or 504 when the deadline passes first. Its completion is written to the
 *   audit log by a background worker, through a queue.
 * - `/stats?gc=1` — the counts below as JSON (after a full GC when the process has `gc()`); not
 *   counted as a request.
 *
 * @module
 */
import { pathToFileURL } from 'node:url'

export interface ServerOptions {
  /** 0 (default): an ephemeral port. The server listens on 127.0.0.1 only. */
  readonly port?: number
  /** Per-request deadline when the request gives none (ms). Default 1000. */
  readonly deadlineMs?: number
  /** How many simulated database calls may run at once. Default 10. */
  readonly dbConcurrency?: number
  /** How long a shutdown lets in-flight requests finish before it cancels them (ms). Default 2000. */
  readonly graceMs?: number
  /** Capacity of the audit queue: a request waits for room (back-pressure). Default 1000. */
  readonly auditCapacity?: number
  /** Where the audit worker writes each line; default: counted only. */
  readonly auditSink?: (line: string) => void
  /** Shut down gracefully on SIGTERM (as a script does). Default false. */
  readonly handleSigterm?: boolean
}

export interface ServerCounts {
  /** Requests whose handler started. */
  started: number
  /** Finalizer runs (each request's finalizer releases what the request held). */
  finalized: number
  /** Finalizers that ran for a request already finalized: must stay 0. */
  finalizedTwice: number
  /** Requests answered 200 or 504; each has one audit line. */
  completed: number
  ok: number
  timedOut: number
  /** Requests cancelled because their client went away mid-request. */
  clientAborted: number
  /** Requests still running when the grace period ended, cancelled by the shutdown. */
  cancelledAtShutdown: number
  /** Requests refused (503) because the server was shutting down. */
  refused: number
  /** Requests whose client went away before their handler started (so nothing ran). */
  abandoned: number
  /** Lines the audit worker wrote. */
  auditLines: number
}

export interface ServerReport extends ServerCounts {
  /** Request handlers (fibers, or async handlers) still running. */
  alive: number
  /** Database permits not given back. */
  dbPermitsHeld: number
  /** Items left in the audit queue. */
  auditQueued: number
  /** `process.memoryUsage().heapUsed`, in bytes (after a GC when asked and possible). */
  heapUsed: number
  /** CPU time the process has used so far (user + system), in ms. */
  cpuMs: number
}

export interface ServerHandle {
  readonly port: number
  /** The counts so far (live). */
  readonly report: () => ServerReport
  /** Starts a graceful shutdown (idempotent); resolves with the final report once it is over. */
  readonly shutdown: () => Promise<ServerReport>
  /** Resolves with the final report when the server has shut down, whatever started it. */
  readonly closed: Promise<ServerReport>
}

/** The options' defaults. */
export const defaults = { port: 0, deadlineMs: 1000, dbConcurrency: 10, graceMs: 2000, auditCapacity: 1000 } as const

/**
 * All counts at zero.
 *
 * @example
 * const counts = newCounts()
 * counts.started++
 */
export const newCounts = (): ServerCounts => ({
  started: 0, finalized: 0, finalizedTwice: 0, completed: 0, ok: 0, timedOut: 0,
  clientAborted: 0, cancelledAtShutdown: 0, refused: 0, abandoned: 0, auditLines: 0,
})

/**
 * What a `/work` request asks for; `undefined` for a route that does not exist.
 *
 * @example
 * parseWork('/work?ms=20&deadline=50', 1000) // { ms: 20, deadline: 50 }
 */
export const parseWork = (url: string | undefined, deadlineMs: number): { readonly ms: number; readonly deadline: number } | undefined => {
  const u = new URL(url ?? '/', 'http://localhost')
  if (u.pathname !== '/work') return undefined
  const number = (name: string, fallback: number): number => {
    const v = Number(u.searchParams.get(name) ?? fallback)
    return Number.isFinite(v) && v >= 0 ? v : fallback
  }
  return { ms: number('ms', 1), deadline: number('deadline', deadlineMs) }
}

/**
 * The heap in use, after a full collection when asked and the process exposes `gc()`.
 *
 * @example
 * heapUsed(true) // bytes, after gc() under node --expose-gc
 */
export const heapUsed = (collect: boolean): number => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (collect && gc !== undefined) {
    gc()
    gc()
  }
  return process.memoryUsage().heapUsed
}

/**
 * CPU time used by this process so far (user + system), in ms.
 *
 * @example
 * const start = cpuMs()
 */
export const cpuMs = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/**
 * True when `moduleUrl` is the script Node was started with.
 *
 * @example
 * if (isMain(import.meta.url)) await main()
 */
export const isMain = (moduleUrl: string): boolean => process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href

/**
 * `--port N`, `--grace MS`, `--deadline MS`, `--db N` from the command line.
 *
 * @example
 * optionsFromArgv(['--port', '8080']) // { port: 8080 }
 */
export const optionsFromArgv = (argv: readonly string[]): ServerOptions => {
  const get = (flag: string): number | undefined => {
    const i = argv.indexOf(flag)
    return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : undefined
  }
  const o: Record<string, number> = {}
  for (const [flag, key] of [['--port', 'port'], ['--grace', 'graceMs'], ['--deadline', 'deadlineMs'], ['--db', 'dbConcurrency']] as const) {
    const v = get(flag)
    if (v !== undefined) o[key] = v
  }
  return o
}
