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
 * What: installed by the entry point (`index.ts`), so that the interpreter does not depend on
 * it; on the first `new Loop()`, a private virtual-clock loop (never run again, never
 * closed, not reachable from user code) runs a small program until every fiber of it is
 * suspended: a coroutine blocked in a queue `get` inside the common frames (`map`,
 * `catchAll`, `either`, `ensuring`, `onCancel`, `uncancellable`/`poll`), a fiber in a long
 * sleep, one on a foreign callback, one in a suspended finalizer, all under a `gather`. The
 * objects they hold keep the maps alive. It costs a few kilobytes, once.
 *
 * @module
 */
import { Loop, onFirstLoop, runSyncUntil } from './Loop.js'
import { Queue } from './sync/Queue.js'
import * as Task from './Task.js'

/** The private loop, held for the life of the process once made. */
let kept: Loop | null = null

/** Parks the shape-keeping fibers on a private loop when the first loop is made (once per process). */
export const installShapeKeeper = (): void =>
  onFirstLoop(() => {
    try {
      park(new Loop({ clock: 'virtual' }))
    } catch {
      // only an optimisation: whatever went wrong must not stop anyone from creating a loop
    }
  })

const park = (loop: Loop): void => {
  kept = loop
  const queue = new Queue<number>()
  const frames = <E, A>(t: Task.Task<E, A>): Task.Task<unknown, unknown> =>
    Task.uncancellable((poll) =>
      Task.either(Task.catchAll(() => Task.of(0))(Task.onCancel(Task.unit)(Task.ensuring(Task.unit)(Task.map((a: A) => a)(poll(t)))))),
    )
  const getter = Task.gen(function* () {
    for (;;) yield* frames(queue.get())
  })
  const sleeper = frames(Task.flatMap(() => Task.sleep(2 ** 30))(Task.cede))
  const foreign = frames(Task.callback<never, number>(() => {}))
  const finalizing = Task.ensuring(Task.never)(Task.unit)
  loop.createTask(Task.gather([getter, sleeper, foreign, finalizing]), { name: 'taskloop-shapes' })
  runSyncUntil(loop, () => false, { maxIterations: 8 })
}
