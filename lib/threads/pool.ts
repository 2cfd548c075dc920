/**
 * `workerPool(url, options)`: a pool of worker threads for CPU-bound work, as a `Task` API —
 * asyncio's `run_in_executor` with a process-wide executor replaced by a Node worker pool.
 * The pool is piscina's (not a pool of our own): one structured-cloned argument per job,
 * the job named by the worker module's export.
 *
 * Rules:
 * - `pool.run(name, arg)` is a task: each run submits one job and waits for its result.
 * - Cancelling it aborts the job: a queued job is removed from the queue; a running one is
 *   stopped by terminating its worker (piscina replaces the worker). The fiber ends cancelled
 *   at once, and its finalizers run.
 * - A job that throws fails the task with an error of the same name, message and stack.
 *   Worker threads pass errors by structured cloning, which keeps the message and stack
 *   and the built-in classes (`TypeError`, `RangeError` …) but turns other classes into
 *   `Error`; the name is restored from the stack's first line (`QuotaExceeded: …`).
 * - `pool.close()` is a task that stops taking jobs, waits for every job already submitted
 *   (queued or running; a cancelled one is aborted as usual) and ends the threads; closing twice waits for the same close. A job run on a closed pool fails with
 *   `LoopError`.
 * - Idle threads do not keep the process alive; a pool with jobs does.
 *
 * Decision: the pool belongs to no loop (any loop can run its jobs); the default pool of
 * `toThread` belongs to one loop and is closed with it.
 *
 * @module
 */
import { fileURLToPath } from 'node:url'
import { Piscina } from 'piscina'
import { LoopError } from '../errors.js'
import type { Task } from '../runtime/kernel.js'
import { describeValue } from '../runtime/kernel.js'
import { fail, promise, suspend } from '../task/constructors.js'
import { mapError } from '../task/sequencing.js'

/** How many threads, and how long an idle one lives. */
export interface WorkerPoolOptions {
  /** Most threads at once (default: piscina's, 1.5 × the available cores). */
  readonly maxThreads?: number
  /** Threads kept even when idle (default: piscina's). */
  readonly minThreads?: number
  /** Milliseconds an idle thread above `minThreads` lives (default: piscina's). */
  readonly idleTimeout?: number
}

/**
 * A pool of worker threads running the exports of one module.
 *
 * @example
 * import { workerPool } from 'taskloop/threads'
 * const hashed = Task.gen(function* () {
 *   const pool = workerPool(new URL('./work.js', import.meta.url), { maxThreads: 4 })
 *   const digest = yield* pool.run<string>('sha256', 'some text')
 *   yield* pool.close()
 *   return digest
 * })
 */
export interface WorkerPool {
  /**
   * A task that runs the module's export `name` (`'default'` for the default export) on a
   * worker with `arg` (structured-cloned), and gives its result (awaited if it is a promise).
   */
  run<A = unknown>(name: string, arg?: unknown): Task<unknown, A>
  /** A task that stops taking jobs, waits for the jobs already submitted (queued or running) and ends the threads. */
  close(): Task<never, void>
  /** True once `close()` has started. */
  readonly closed: boolean
  /** How many worker threads are alive now. */
  readonly threads: number
}

const toFilename = (who: string, url: unknown): string => {
  if (url instanceof URL) {
    if (url.protocol !== 'file:') throw new TypeError(`${who}: the worker module must be a file: URL, got ${url.href}`)
    return fileURLToPath(url)
  }
  if (typeof url === 'string' && url.length > 0) return url.startsWith('file:') ? fileURLToPath(url) : url
  throw new TypeError(`${who} expects the worker module as a URL or a path, got ${describeValue(url)}`)
}

const checkCount = (who: string, what: string, n: unknown, min: number): void => {
  if (n === undefined) return
  if (typeof n !== 'number' || Number.isNaN(n)) throw new TypeError(`${who}: ${what} must be a number, got ${describeValue(n)}`)
  if (!(Number.isInteger(n) || n === Infinity) || n < min) throw new RangeError(`${who}: ${what} must be an integer ≥ ${min}, got ${n}`)
}

/** Structured cloning turns a custom error class into `Error`: restore its name from the stack. */
const restoreName = (e: unknown): unknown => {
  if (!(e instanceof Error) || e.name !== 'Error' || typeof e.stack !== 'string') return e
  const header = /^([A-Za-z_$][\w$]*)(?:: |$)/.exec(e.stack)
  if (header !== null && header[1] !== 'Error') Object.defineProperty(e, 'name', { value: header[1], writable: true, configurable: true, enumerable: false })
  return e
}

/** @internal The pool behind `workerPool` and the default pool of `toThread`. */
export class PiscinaPool implements WorkerPool {
  private readonly piscina: Piscina
  private closing: Promise<void> | null = null
  /** Jobs submitted and not yet settled (queued or running): `close` waits for them. */
  private readonly inFlight = new Set<Promise<void>>()

  constructor(filename: string | null, options: WorkerPoolOptions) {
    const { maxThreads, minThreads, idleTimeout } = options
    this.piscina = new Piscina({
      filename,
      ...(maxThreads === undefined ? {} : { maxThreads }),
      ...(minThreads === undefined ? {} : { minThreads }),
      ...(idleTimeout === undefined ? {} : { idleTimeout }),
    })
  }

  get closed(): boolean {
    return this.closing !== null
  }

  get threads(): number {
    return this.piscina.threads.length
  }

  run<A = unknown>(name: string, arg?: unknown): Task<unknown, A> {
    if (typeof name !== 'string' || name.length === 0) throw new TypeError(`WorkerPool.run expects the name of an export, got ${describeValue(name)}`)
    return this.submit<A>(null, name, arg)
  }

  /** @internal `run`, with the module given per job (the default pool serves any module). */
  submit<A>(filename: string | null, name: string, arg: unknown): Task<unknown, A> {
    return suspend(() => {
      if (this.closing !== null) return fail(new LoopError(`cannot run ${name}: the worker pool is closed`))
      return mapError(restoreName)(
        promise((signal) => {
          const job = this.piscina.run(arg, { name, signal, ...(filename === null ? {} : { filename }) }) as Promise<A>
          const settled = job.then(
            () => void this.inFlight.delete(settled),
            () => void this.inFlight.delete(settled),
          )
          this.inFlight.add(settled)
          return job
        }),
      )
    })
  }

  close(): Task<never, void> {
    return promise(() => this.shutdown()) as Task<never, void>
  }

  /** @internal Starts closing (once) and resolves when the threads have ended. */
  shutdown(): Promise<void> {
    // piscina's own close waits only for jobs a worker has taken; wait for queued ones too
    this.closing ??= (async () => {
      while (this.inFlight.size > 0) await Promise.all(this.inFlight)
      await this.piscina.close()
    })()
    return this.closing
  }
}

/**
 * A pool of worker threads that run the exports of the module at `url` (a `file:` URL, or a
 * path). Threads start when jobs need them.
 *
 * @example
 * import { workerPool } from 'taskloop/threads'
 * // work.js: export function sha256(text) { return createHash('sha256').update(text).digest('hex') }
 * const texts = ['a', 'b', 'c']
 * const hashed = Task.gen(function* () {
 *   const pool = workerPool(new URL('./work.js', import.meta.url), { maxThreads: 4, idleTimeout: 1000 })
 *   const digests = yield* Task.traverseArray((text: string) => pool.run<string>('sha256', text))(texts)
 *   yield* pool.close()
 *   return digests
 * })
 */
export const workerPool = (url: URL | string, options: WorkerPoolOptions = {}): WorkerPool => {
  const filename = toFilename('workerPool', url)
  if (typeof options !== 'object' || options === null) throw new TypeError(`workerPool: options must be an object, got ${describeValue(options)}`)
  checkCount('workerPool', 'maxThreads', options.maxThreads, 1)
  checkCount('workerPool', 'minThreads', options.minThreads, 0)
  checkCount('workerPool', 'idleTimeout', options.idleTimeout, 0)
  if (options.maxThreads !== undefined && options.minThreads !== undefined && options.minThreads > options.maxThreads) {
    throw new RangeError(`workerPool: minThreads (${options.minThreads}) must not exceed maxThreads (${options.maxThreads})`)
  }
  return new PiscinaPool(filename, options)
}

/** @internal */
export { toFilename }
