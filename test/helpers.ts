/**
 * Test helpers: run on the virtual clock and record what happened.
 */
import { Loop, Task, runSync } from '../lib/index.js'
import type { ExceptionContext } from '../lib/index.js'

/** Runs `task` with `runSync`, returning its outcome and the virtual time it took. */
export const runVirtual = <E, A>(task: Task.Task<E, A>) => {
  const reports: ExceptionContext[] = []
  let elapsed = 0
  const timed = Task.gen(function* () {
    const start = yield* Task.now
    try {
      return yield* task
    } finally {
      elapsed = (yield* Task.now) - start
    }
  })
  const outcome = runSync(timed as Task.Task<E, A>, { exceptionHandler: (ctx) => reports.push(ctx) })
  return { outcome, elapsed, reports }
}

/** A log of events, each stamped with the virtual time at which it happened. */
export const makeLog = () => {
  const events: string[] = []
  const log = (event: string) => Task.sync(() => void events.push(event))
  const logAt = (event: string) => Task.map((t: number) => void events.push(`${event}@${t}`))(Task.now)
  return { events, log, logAt }
}

/** A virtual loop that records exception-handler reports. */
export const virtualLoop = () => {
  const reports: ExceptionContext[] = []
  const loop = new Loop({ clock: 'virtual', exceptionHandler: (ctx) => reports.push(ctx) })
  return { loop, reports }
}

/** What `f` throws, as `'Class: message'`, or `'no error'`: one line per refusal in a table of refusals. */
export const thrown = (f: () => unknown): string => {
  const r = refusal(f)
  return r === 'no error' ? r : `${r[0]}: ${r[1]}`
}

/** The class and message of what `f` throws, or `'no error'`. */
export const refusal = (f: () => unknown): [string, string] | 'no error' => {
  try {
    f()
  } catch (e) {
    return [(e as Error).constructor.name, (e as Error).message]
  }
  return 'no error'
}

/** How `task` ended under `runSync`, as one line: its value, or the class and message of its failure. */
export const ending = (task: Task.Task<unknown, unknown>): string => {
  const o = runSync(task)
  if (o._tag === 'Succeeded') return `succeeded: ${String(o.value)}`
  if (o._tag === 'Cancelled') return `cancelled: ${o.message}`
  const e = o.error as Error
  return `failed: ${e.constructor.name}: ${e.message}`
}
