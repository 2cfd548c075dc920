/**
 * Debug mode's slow-step report (asyncio's "Executing <Task …> took 0.250 seconds"): each
 * entry of an iteration is timed, and one that runs longer than the loop's `slowStepMs` is
 * reported to the exception handler with where its fiber is now — the coroutine path, each
 * coroutine with the line of its `yield*`. A step that blocks the loop that long delays every
 * other fiber and timer. Only a debug loop's iterations come here (see `Scheduler.runOnce`).
 *
 * @module
 */
import { isFiberValue } from './brands.js'
import type { Scheduler } from './scheduler.js'

/** The parts of a fiber the report reads (a type, so this module needs nothing of `fiber.ts`). */
interface StepOwner {
  readonly name: string
  done(): boolean
  coroutinePath(): string[]
}

/**
 * Runs the first `n` ready entries of `loop`, timing each; reports those slower than
 * `loop.slowStepMs`. @internal
 *
 * @example
 * // what a debug loop's iteration does instead of firing the entries one after another
 * const iterate = (loop: Parameters<typeof runTimed>[0]) => runTimed(loop, loop.ready.length)
 */
export const runTimed = (loop: Scheduler, n: number): void => {
  const ready = loop.ready
  // one clock reading per entry: an entry starts when the one before it ended (the loop's own
  // work between them is a few instructions), and a reading costs more than a short step
  let start = performance.now()
  while (n-- > 0) {
    const entry = ready.shift()!
    // a pending fiber takes a step; anything else (a done fiber or future, a handle) runs callbacks
    const fiber = isFiberValue(entry) && !(entry as unknown as StepOwner).done() ? (entry as unknown as StepOwner) : undefined
    entry.fire()
    const end = performance.now()
    const took = end - start
    start = end
    if (took >= loop.slowStepMs) {
      loop.report({ message: slowStepMessage(fiber, took, loop.slowStepMs), fiber })
      // the report's own time (formatting a path) is not the next entry's
      start = performance.now()
    }
  }
}

const slowStepMessage = (fiber: StepOwner | undefined, took: number, limit: number): string => {
  const head = `Executing ${fiber !== undefined ? `fiber '${fiber.name}'` : 'a callback'} took ${took.toFixed(3)} ms (slowStepMs is ${limit})`
  if (fiber === undefined) return head
  if (fiber.done()) return `${head}; it then ended`
  const path = fiber.coroutinePath()
  return `${head}; it is now at ${path.length === 0 ? '(no coroutine)' : path.join(' > ')}`
}
