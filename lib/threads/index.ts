/**
 * taskloop/threads: CPU-bound work on worker threads (asyncio's `run_in_executor` and
 * `to_thread`), on a piscina pool. A separate entry point, so that `taskloop` itself never
 * loads piscina; piscina is an optional peer dependency, needed only here.
 *
 * - `workerPool(url, options)` — a pool whose `run(name, arg)` is a `Task`.
 * - `toThread(url, name, arg)` — a job on the running loop's default pool.
 *
 * @module
 */
export { workerPool } from './pool.js'
export type { WorkerPool, WorkerPoolOptions } from './pool.js'
export { defaultWorkerPool, toThread } from './toThread.js'
