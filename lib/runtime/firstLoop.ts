/**
 * A hook run once, by the first `Loop` created after it is set: how the shape keeper
 * (`lib/shapes.ts`) starts without `Loop` importing it. A program whose bundle leaves the
 * keeper out (one that only uses `runSync`, say) creates its loops without it.
 *
 * @module
 */
import type { Loop } from '../Loop.js'

type Hook = (newLoop: () => Loop) => void

let hook: Hook | null = null

/** Sets the hook the next new loop runs (replacing one not yet run). */
export const whenNextLoopStarts = (f: Hook): void => {
  hook = f
}

/** Called by the `Loop` constructor: runs the hook, if any, once. */
export const loopStarted = (newLoop: () => Loop): void => {
  if (hook === null) return
  const f = hook
  hook = null
  f(newLoop)
}
