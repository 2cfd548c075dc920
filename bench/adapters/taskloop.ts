/**
 * taskloop, through its public API only (`Task.*`, `run`, `runSync`, `Queue`), so the
 * argument checks and allocations a user pays are measured too.
 *
 * Two runners: `taskloop` runs on the real clock (`run`), `taskloop-sync` on the virtual one
 * (`runSync`), which must be at least as fast on W1–W5.
 *
 * `BENCH_TRACE=1` in the environment makes every run record a timeline (a `TraceRecorder` of
 * the default capacity), to measure what tracing costs: `BENCH_TRACE=1 npm run bench -- …`.
 * `BENCH_DEBUG=1` runs in debug mode with slow-step reports off (`slowStepMs: Infinity`), to
 * measure what debug mode's records cost: under callgrind every step runs some fifty times
 * slower, so with the default 100 ms a count would include reports a real run never makes.
 *
 * @example
 * await taskloop.run(taskloop.succeed(1)) // 1
 */
import { Queue } from '../../lib/sync/Queue.js'
import type { Fiber } from '../../lib/runtime/fiber.js'
import { run, runSync } from '../../lib/run.js'
import * as Task from '../../lib/Task.js'
import { TraceRecorder } from '../../lib/runtime/kernel.js'
import type { Adapter } from '../adapter.js'

type T = Task.Task<unknown, any>

const make = (name: string, runner: (t: T) => Promise<unknown>, virtualTime: boolean): Adapter<T, Fiber, Queue<unknown>> => ({
  name,
  virtualTime,
  succeed: (a) => Task.succeed(a),
  sync: (f) => Task.sync(f),
  map: (t, f) => Task.map(f)(t),
  flatMap: (t, f) => Task.flatMap(f)(t),
  suspend: (f) => Task.suspend(f),
  cede: Task.cede,
  gather: (ts) => Task.gather(ts),
  sleep: (ms) => Task.sleep(ms),
  ensuring: (t, fin) => Task.ensuring(Task.sync(fin))(t),
  repeat: (n, body) =>
    Task.gen(function* () {
      for (let i = 0; i < n; i++) yield* body(i)
    }),
  newBlocker: Task.map((loop: { createFuture(): unknown }) => loop.createFuture())(Task.getRunningLoop),
  awaitBlocker: (b) => Task.join(b as Fiber),
  fork: (t) => Task.spawn(t),
  cancelAll: (hs) =>
    Task.suspend(() => {
      for (const h of hs) h.cancel()
      return Task.gather(hs, { returnExceptions: true })
    }),
  newQueue: Task.sync(() => new Queue<unknown>()),
  put: (q, a) => q.put(a),
  take: (q) => q.get(),
  run: runner,
})

const tracing = process.env['BENCH_TRACE'] === '1'
const debugging = process.env['BENCH_DEBUG'] === '1'

export const taskloop = make(
  'taskloop',
  (t) => (tracing ? run(t, { trace: new TraceRecorder() }) : debugging ? run(t, { debug: true, slowStepMs: Infinity }) : run(t)),
  false,
)

export const taskloopSync = make('taskloop-sync', (t) => {
  const outcome = tracing ? runSync(t, { trace: new TraceRecorder() }) : runSync(t)
  if (outcome._tag === 'Succeeded') return Promise.resolve(outcome.value)
  return Promise.reject(outcome._tag === 'Failed' ? outcome.error : new Error('cancelled'))
}, true)
