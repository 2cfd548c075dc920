/**
 * Helpers for the synchronisation tests: scenarios written as coroutines on the virtual clock.
 */
import { Task, runSync } from '../../lib/index.js'

/** Runs a scenario written as a coroutine with `runSync`; returns its value, and fails the test otherwise. */
export const scenario = <A>(body: () => Generator<any, A, any>): A => {
  const outcome = runSync(Task.gen(body))
  if (outcome._tag !== 'Succeeded') throw new Error(`scenario ended ${JSON.stringify(outcome)}`)
  return outcome.value
}

/** Waits for a fiber however it ends; gives its value, its error, or its CancelledError. */
export const settled = (fiber: Task.Awaitable<unknown, unknown>): Task.Task<never, unknown> =>
  Task.map((rs: unknown[]) => rs[0])(Task.gather([fiber], { returnExceptions: true }))
