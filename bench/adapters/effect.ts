/**
 * Effect 4: `Effect.*` with `Effect.runPromise`; fibers are `forkChild`ren, queues
 * `Queue.unbounded`, the blocker a `Deferred`.
 *
 * @example
 * await effect.run(effect.succeed(1)) // 1
 */
import { Deferred, Effect, Fiber, Queue } from 'effect'
import type { Adapter } from '../adapter.js'

type T = Effect.Effect<any, any, never>

export const effect: Adapter<T, Fiber.Fiber<any, any>, Queue.Queue<any>, Deferred.Deferred<any>> = {
  name: 'effect',
  succeed: (a) => Effect.succeed(a),
  sync: (f) => Effect.sync(f),
  map: (t, f) => Effect.map(t, f),
  flatMap: (t, f) => Effect.flatMap(t, f),
  suspend: (f) => Effect.suspend(f),
  cede: Effect.yieldNow,
  gather: (ts) => Effect.all(ts, { concurrency: 'unbounded' }),
  sleep: (ms) => Effect.sleep(ms),
  ensuring: (t, fin) => Effect.ensuring(t, Effect.sync(fin)),
  repeat: (n, body) =>
    Effect.gen(function* () {
      for (let i = 0; i < n; i++) yield* body(i)
    }),
  newBlocker: Deferred.make<any>(),
  awaitBlocker: (b) => Deferred.await(b),
  fork: (t) => Effect.forkChild(t),
  cancelAll: (hs) => Fiber.interruptAll(hs),
  newQueue: Queue.unbounded<any>(),
  put: (q, a) => Queue.offer(q, a),
  take: (q) => Queue.take(q),
  run: (t) => Effect.runPromise(t),
}
