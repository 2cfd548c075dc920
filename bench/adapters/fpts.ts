/**
 * fp-ts `TaskEither`: `TE.map`, `TE.chain`, `TE.sequenceArray` (parallel). fp-ts has no
 * cancellation and no fibers, so the cancel storm (W4) is not expressible; W7's "fiber" is a
 * started `TaskEither` whose promise nobody awaits.
 *
 * @example
 * await fpts.run(fpts.succeed(1)) // 1
 */
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { Adapter } from '../adapter.js'
import { Blocker, CallbackQueue } from './cbqueue.js'

type T = TE.TaskEither<unknown, any>

export const fpts: Adapter<T, unknown, CallbackQueue<unknown>, Blocker> = {
  name: 'fp-ts',
  succeed: (a) => TE.right(a),
  sync: (f) => TE.rightIO(f),
  map: (t, f) => TE.map(f)(t),
  flatMap: (t, f) => TE.chain(f)(t),
  suspend: (f) => () => f()(),
  cede: () => Promise.resolve(E.right(undefined)),
  gather: (ts) => TE.sequenceArray(ts) as T,
  sleep: (ms) => () => new Promise((resolve) => setTimeout(() => resolve(E.right(undefined)), ms)),
  ensuring: (t, fin) => () => t().finally(fin),
  repeat: (n, body) => {
    const go = (i: number): T => (i === n ? TE.right(undefined) : TE.chain(() => go(i + 1))(body(i)))
    return () => go(0)()
  },
  newBlocker: TE.rightIO(() => new Blocker()),
  awaitBlocker: (b) => () => new Promise((resolve) => b.waiters.push((a) => resolve(E.right(a)))),
  fork: (t) => () => Promise.resolve(E.right(t())),
  newQueue: TE.rightIO(() => new CallbackQueue<unknown>()),
  put: (q, a) => TE.rightIO(() => q.put(a)),
  take: (q) => () => new Promise((resolve) => q.take((a) => resolve(E.right(a)))),
  run: async (t) => {
    const e = await t()
    if (E.isLeft(e)) throw e.left
    return e.right
  },
}
