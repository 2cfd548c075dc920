/**
 * Plain Promises and async/await. A task must be a value that can run more than once, so a
 * task is a function from an `AbortSignal` (Promises' only cancellation) to a promise.
 *
 * `map`/`flatMap` record a link instead of wrapping a closure around the previous function:
 * starting a chain walks the links and calls `.then` once per step, exactly the
 * `p.then(f).then(g)…` a Promise user writes. (Wrapping closures would overflow the stack on
 * the left-nested chain of W1, which plain Promise code never builds that way.)
 *
 * @example
 * await promise.run(promise.map(promise.succeed(1), (n) => n + 1)) // 2
 */
import type { Adapter } from '../adapter.js'
import { Blocker, CallbackQueue } from './cbqueue.js'

type Leaf = (signal: AbortSignal | undefined) => Promise<any>
class Link {
  constructor(
    readonly prev: P,
    readonly f: (a: any) => any,
    readonly flat: boolean,
  ) {}
}
type P = Leaf | Link

export const start = (t: P, signal: AbortSignal | undefined): Promise<any> => {
  if (typeof t === 'function') return t(signal)
  const links: Link[] = []
  let cur: P = t
  while (cur instanceof Link) {
    links.push(cur)
    cur = cur.prev
  }
  let p = cur(signal)
  for (let i = links.length - 1; i >= 0; i--) {
    const { f, flat } = links[i]!
    p = flat ? p.then((a) => start(f(a), signal)) : p.then(f)
  }
  return p
}

const aborted = (signal: AbortSignal): unknown => signal.reason ?? new Error('aborted')

interface Handle {
  readonly controller: AbortController
  readonly ended: Promise<unknown>
}

const noop = (): void => {}

export const promise: Adapter<P, Handle, CallbackQueue<unknown>, Blocker> = {
  name: 'promise',
  succeed: (a) => () => Promise.resolve(a),
  sync: (f) => async () => f(),
  map: (t, f) => new Link(t, f, false),
  flatMap: (t, f) => new Link(t, f, true),
  suspend: (f) => (s) => start(f(), s),
  cede: () => Promise.resolve(),
  gather: (ts) => (s) => Promise.all(ts.map((t) => start(t, s))),
  sleep: (ms) => (s) =>
    new Promise<void>((resolve, reject) => {
      if (s === undefined) {
        setTimeout(resolve, ms)
        return
      }
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(aborted(s))
      }
      const timer = setTimeout(() => {
        s.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      s.addEventListener('abort', onAbort, { once: true })
    }),
  ensuring: (t, fin) => (s) => start(t, s).finally(fin),
  repeat: (n, body) => async (s) => {
    for (let i = 0; i < n; i++) await start(body(i), s)
  },
  newBlocker: async () => new Blocker(),
  awaitBlocker: (b) => (s) =>
    new Promise((resolve, reject) => {
      b.waiters.push(resolve)
      s?.addEventListener('abort', () => reject(aborted(s)), { once: true })
    }),
  fork: (t) => async () => {
    const controller = new AbortController()
    return { controller, ended: start(t, controller.signal).then(noop, noop) }
  },
  cancelAll: (hs) => async () => {
    for (const h of hs) h.controller.abort()
    await Promise.all(hs.map((h) => h.ended))
  },
  newQueue: async () => new CallbackQueue<unknown>(),
  put: (q, a) => async () => q.put(a),
  take: (q) => () => new Promise((resolve) => q.take(resolve)),
  run: (t) => start(t, undefined),
}
