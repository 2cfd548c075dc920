/**
 * Keeps one suspended fiber of each common shape alive for the life of the process, so that
 * a major garbage collection does not throw away the optimised interpreter.
 *
 * Why: V8 reaches the hidden class ("map") of a class instance through transitions that it
 * holds weakly. When a major GC finds no live instance of a class — every fiber, waiter and
 * task node of the last burst of work is gone — it drops those maps, and with them every
 * optimised function compiled against them (V8 logs these as "weak objects"
 * deoptimisations). The next burst then runs the interpreter unoptimised until it warms up
 * again. A server between requests, or a benchmark that collects garbage between runs, paid
 * this after every major GC: about 300 deoptimisations and a ping-pong of 10⁵ round trips
 * 1.5× slower than on a warm process.
 *
 * What: on the first `new Loop()`, a private virtual-clock loop (never run again, never
 * closed, not reachable from user code) runs a few small programs until every fiber of them
 * is suspended: a fiber in a long sleep, one on a foreign callback, one in a suspended
 * finalizer, each inside the common frames (`map`, `catchAll`, `either`, `ensuring`,
 * `onCancel`, `uncancellable`/`poll`). The objects they hold keep the maps alive. It costs a
 * few kilobytes, once.
 *
 * The keeper's loop runs on the virtual clock, so it keeps a `RealClock` of its own as well:
 * every `run` makes one, and once the last real-clock loop is gone a major GC dropped the
 * clock's map and, with it, the spawn path compiled with the clock read inlined (a fiber's
 * birth stamp, `describeWait.ts`); the next run's first spawn of an iteration fell back to the
 * interpreter. Spawning 10⁵ children that cede once, a run after a GC (bench W3, instructions
 * counted under callgrind) went from 969 M instructions to 864 M with the clock kept.
 *
 * Other modules add shapes of their own with `addShape` (the queue adds a coroutine blocked in
 * a `get`): the call sits at the top of that module, so a bundle that leaves the module out
 * leaves its shape out too, and this file depends on nothing but the sequential task
 * functions. A shape added after the keeper started is parked at once.
 *
 * @module
 */
import type { Loop } from './Loop.js'
import { runSyncUntil } from './Loop.js'
import type { Task } from './runtime/kernel.js'
import { RealClock, whenNextLoopStarts } from './runtime/kernel.js'
import { callback, never, of, sleep, unit, cede } from './task/constructors.js'
import { ensuring, onCancel, uncancellable } from './task/finalization.js'
import { catchAll, either, flatMap, map } from './task/sequencing.js'

/** The private loop, held for the life of the process; `false` until the first call. */
let kept: Loop | boolean = false

/** Parks fibers of one shape on the keeper's loop. */
type Shape = (loop: Loop) => void

const shapes: Shape[] = []

/** Instances kept for their maps alone, beside the keeper's loop: its virtual clock's real twin. */
// Stryker disable next-line ArrayDeclaration: the array is only pushed to, never read (it holds instances alive), so what it starts with no program can see
const keptInstances: object[] = []

/** Wraps `t` in the frames most programs run through, so their classes are kept too. */
export const inCommonFrames = <E, A>(t: Task<E, A>): Task<unknown, unknown> =>
  uncancellable((poll) =>
    either(
      // Stryker disable next-line ArrowFunction: every kept task waits for good, so neither function is ever called: only the frames count
      catchAll(() => of(0))(onCancel(unit)(ensuring(unit)(map((a: A) => a)(poll(t))))),
    ),
  )

/** Adds a shape to keep (and starts the keeper); parked at once if the keeper has started. */
export const addShape = (shape: Shape): void => {
  shapes.push(shape)
  if (typeof kept === 'object') park(kept, [shape])
  else startShapeKeeper()
}

/**
 * Makes the next `new Loop()` start the keeper, unless it has started. Called where long-lived
 * loops are made (`run`, `getEventLoop`, the exported `Loop`) and by every `addShape`; a
 * bundle with none of those (only `runSync`) leaves the keeper out.
 */
export const startShapeKeeper = (): void => {
  if (kept === false) whenNextLoopStarts(keepShapesAlive)
}

/** Parks the shape-keeping fibers on a loop from `newLoop` (once per process). */
const keepShapesAlive = (newLoop: () => Loop): void => {
  // runs once: `startShapeKeeper` sets the hook only while `kept` is false, and a loop runs it
  // once. From here the keeper counts as started: if `newLoop` fails it stays off for good
  // (it is only an optimisation), not tried again by every later loop.
  kept = true
  try {
    kept = newLoop()
    keptInstances.push(new RealClock())
    park(kept, shapes)
  } catch {
    // only an optimisation: whatever went wrong must not stop anyone from creating a loop
  }
}

const park = (loop: Loop, some: ReadonlyArray<Shape>): void => {
  try {
    for (const shape of some) shape(loop)
    // `maxTime: 0`: the keeper's clock never moves, so its sleeping fiber sleeps for good (a
    // virtual clock with nothing ready jumps to the next timer, and would end that sleep)
    // Stryker disable next-line ArrowFunction: `() => undefined` is as false as `() => false`
    runSyncUntil(loop, () => false, { maxIterations: 8, maxTime: 0 })
  } catch {
    // as above
  }
}

addShape((loop) => {
  loop.createTask(inCommonFrames(flatMap(() => sleep(2 ** 30))(cede)), { name: 'taskloop-shapes' })
  loop.createTask(inCommonFrames(callback<never, number>(() => {})), { name: 'taskloop-shapes' })
  loop.createTask(ensuring(never)(unit), { name: 'taskloop-shapes' })
})
