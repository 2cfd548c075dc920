/**
 * `toThread(url, name, arg)`: asyncio's `asyncio.to_thread` / `loop.run_in_executor(None, …)`
 * — a job on the running loop's **default pool**, created on first use, one per loop, that
 * runs jobs of any module. The default pool is shut down with its loop: `run` waits for it
 * to end before it closes the loop (asyncio's `shutdown_default_executor`); `loop.close()`
 * starts its shutdown without waiting. A job started on a loop whose default pool is closed
 * fails with `LoopError`.
 *
 * Decision: `toThread` lives in `taskloop/threads`, not in the `Task` namespace of the main
 * entry point, so that `taskloop` never loads the worker-pool library.
 *
 * @module
 */
import type { Loop } from '../Loop.js'
import { addLoopResource } from '../loopResources.js'
import type { Task } from '../runtime/kernel.js'
import { describeValue } from '../runtime/kernel.js'
import { getRunningLoop } from '../task/constructors.js'
import { flatMap } from '../task/sequencing.js'
import { LoopError } from '../errors.js'
import type { WorkerPool } from './pool.js'
import { PiscinaPool, toFilename } from './pool.js'

const defaults = new WeakMap<Loop, PiscinaPool>()

/** The running loop's default pool (created on first use and shut down with the loop). */
const defaultPoolOf = (loop: Loop): PiscinaPool => {
  let pool = defaults.get(loop)
  if (pool === undefined) {
    const created = new PiscinaPool(null, {})
    defaults.set(loop, created)
    addLoopResource(loop, () => created.shutdown())
    pool = created
  }
  return pool
}

/**
 * The default pool of `loop` (created if it has none): the pool `toThread` uses, e.g. to see
 * how many threads it has or to close it early.
 *
 * @example
 * import { defaultWorkerPool } from 'taskloop/threads'
 * // closes the running loop's default pool early, before the loop closes it
 * const closeThreads = Task.gen(function* () {
 *   const pool = defaultWorkerPool(yield* Task.getRunningLoop)
 *   yield* pool.close()
 * })
 */
export const defaultWorkerPool = (loop: Loop): WorkerPool => {
  if (loop === null || typeof loop !== 'object' || typeof (loop as Loop).isClosed !== 'function') throw new TypeError('defaultWorkerPool expects a Loop')
  if (loop.isClosed() && !defaults.has(loop)) throw new LoopError('defaultWorkerPool: the loop is closed')
  return defaultPoolOf(loop)
}

/**
 * Runs the export `name` of the module at `url` on a worker thread of the running loop's
 * default pool, with one structured-cloned argument. Cancellation, errors and closing as
 * for `workerPool` (see its module doc).
 *
 * @example
 * import { toThread } from 'taskloop/threads'
 * // work.js: export function sha256(text) { return createHash('sha256').update(text).digest('hex') }
 * const digest = toThread<string>(new URL('./work.js', import.meta.url), 'sha256', 'some text') // Task<unknown, string>
 */
export const toThread = <A = unknown>(url: URL | string, name: string, arg?: unknown): Task<unknown, A> => {
  const filename = toFilename('toThread', url)
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`toThread expects the name of an export, got ${describeValue(name)}`)
  return flatMap((loop: Loop) => defaultPoolOf(loop).submit<A>(filename, name, arg))(getRunningLoop)
}
