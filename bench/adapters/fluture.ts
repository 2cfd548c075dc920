/**
 * fluture: `map`, `chain`, `parallel(Infinity)`, `after`, `hook` (whose disposal runs on
 * cancellation too). Forking a future gives its cancel function; cancelling is synchronous,
 * so "cancel all and wait" is one call. Ceding is a microtask (fluture has no scheduler).
 *
 * @example
 * await fluture.run(fluture.succeed(1)) // 1
 */
import { Future, after, chain, fork as forkF, hook, map, parallel, promise as toPromise, resolve } from 'fluture'
import type { FutureInstance } from 'fluture'
import type { Adapter } from '../adapter.js'
import { Blocker, CallbackQueue } from './cbqueue.js'

type T = FutureInstance<unknown, any>
type Cancel = () => void

const noop = (): void => {}
const UNIT = resolve(undefined)

export const fluture: Adapter<T, Cancel, CallbackQueue<unknown>, Blocker> = {
  name: 'fluture',
  succeed: (a) => resolve(a),
  sync: (f) => Future((_rej, res) => {
    res(f())
    return noop
  }),
  map: (t, f) => map(f)(t),
  flatMap: (t, f) => chain(f)(t),
  suspend: (f) => chain(f)(UNIT),
  cede: Future((_rej, res) => {
    queueMicrotask(() => res(undefined))
    return noop
  }),
  gather: (ts) => parallel(Infinity)(ts as T[]),
  // \`after\` takes positive delays only; a zero delay is the same host timer
  sleep: (ms) =>
    ms > 0
      ? after(ms)(undefined)
      : Future((_rej, res) => {
          const timer = setTimeout(res, 0, undefined)
          return () => clearTimeout(timer)
        }),
  ensuring: (t, fin) =>
    hook(UNIT)(() =>
      Future((_rej, res) => {
        fin()
        res(undefined)
        return noop
      }),
    )(() => t as FutureInstance<never, any>),
  repeat: (n, body) => {
    const go = (i: number): T => (i === n ? UNIT : chain(() => go(i + 1))(body(i)))
    return chain(() => go(0))(UNIT)
  },
  newBlocker: Future((_rej, res) => {
    res(new Blocker())
    return noop
  }),
  awaitBlocker: (b) =>
    Future((_rej, res) => {
      b.waiters.push(res)
      return noop
    }),
  fork: (t) =>
    Future((_rej, res) => {
      res((forkF(noop)(noop) as unknown as (f: T) => Cancel)(t))
      return noop
    }),
  cancelAll: (hs) =>
    Future((_rej, res) => {
      for (const cancel of hs) cancel()
      res(undefined)
      return noop
    }),
  newQueue: Future((_rej, res) => {
    res(new CallbackQueue<unknown>())
    return noop
  }),
  put: (q, a) =>
    Future((_rej, res) => {
      q.put(a)
      res(undefined)
      return noop
    }),
  take: (q) =>
    Future((_rej, res) => {
      q.take(res)
      return noop
    }),
  run: (t) => toPromise(t as FutureInstance<unknown, unknown> as FutureInstance<Error, unknown>),
}
