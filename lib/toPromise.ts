/**
 * `toPromise(task, { signal })`: the Promise end of a task, for code that lives in the
 * Promise world (an HTTP handler, a test, a CLI's `main`).
 *
 * It is `run` under the name Promise users look for: each call runs `task` on a fresh loop
 * (real clock unless `clock: 'virtual'`), cancels and awaits whatever the task left running,
 * closes the loop, and settles with the task's value, its error, or a `CancelledError`.
 *
 * Aborting `signal` cancels the task; an already-aborted signal cancels it before its body
 * runs. The promise then rejects with a `CancelledError` whose `cause` is `signal.reason`.
 * The abort listener is removed when the run ends, so one long-lived signal (a server's
 * shutdown signal, say) can serve any number of calls without piling up listeners.
 *
 * @module
 */
import type { RunOptions } from './run.js'
import { run } from './run.js'
import type { Task } from './runtime/kernel.js'
import { checkOptionalOptions, checkTask } from './runtime/kernel.js'

/**
 * Options of `toPromise`: `run`'s, including `signal`; `signals` defaults to `false`.
 *
 * @example
 * const options: ToPromiseOptions = { signal: new AbortController().signal }
 * await toPromise(Task.of('ok'), options) // → 'ok'
 */
export type ToPromiseOptions = RunOptions

/**
 * Runs `task` on a fresh loop and settles with its value, its error or a `CancelledError`.
 *
 * @example
 * const controller = new AbortController()
 * const body = toPromise(download(url), { signal: controller.signal })
 * controller.abort(new Error('user left'))
 * await body.catch((e) => e instanceof CancelledError && e.cause) // Error('user left')
 */
export const toPromise = <E, A>(task: Task<E, A>, options?: ToPromiseOptions): Promise<A> => {
  // misuse throws where it is called, not in the promise
  checkTask('toPromise', task)
  checkOptionalOptions('toPromise', options)
  // a Promise-world helper, called any number of times: it leaves signals to the program
  return run(task, { ...options, signals: options?.signals ?? false })
}
