/**
 * The floor: the same work with plain closures and arrays, no effect system. A task is a
 * tiny record; `run` steps it with an explicit stack (so chains of any depth fit) and a ready
 * array for the fibers `cede` and the waits resume. No errors, no cancellation semantics
 * beyond "call the finalizers", no fairness budget: what is left is the cost of the work
 * itself, the lower bound an effect runtime is measured against.
 *
 * @example
 * await floor.run(floor.map(floor.succeed(1), (n) => n + 1)) // 2
 */
import type { Adapter } from '../adapter.js'
import { Blocker, CallbackQueue } from './cbqueue.js'

const enum K {
  Succeed,
  Sync,
  Map,
  FlatMap,
  Suspend,
  Cede,
  Wait,
  Ensure,
}

/** A task node: `a`/`b` mean what the kind says. */
interface N {
  readonly k: K
  readonly a: any
  readonly b: any
}
const node = (k: K, a?: unknown, b?: unknown): N => ({ k, a, b })

class FloorFiber {
  stack: N[] = []
  cur: N | undefined
  value: unknown = undefined
  done = false
  /** Undoes the current wait (a timer) when cancelled. */
  onCancel: (() => void) | null = null
  observers: Array<(v: unknown) => void> = []
  constructor(t: N) {
    this.cur = t
  }
  resume(v: unknown): void {
    this.value = v
    this.onCancel = null
    schedule(this)
  }
}

const ready: FloorFiber[] = []
let draining = false

const schedule = (f: FloorFiber): void => {
  ready.push(f)
  if (!draining) drain()
}

const drain = (): void => {
  draining = true
  // a head index: `ready` is only cleared once empty
  for (let i = 0; i < ready.length; i++) step(ready[i]!)
  ready.length = 0
  draining = false
}

const step = (f: FloorFiber): void => {
  const stack = f.stack
  let cur = f.cur
  f.cur = undefined
  let value = f.value
  for (;;) {
    if (cur !== undefined) {
      switch (cur.k) {
        case K.Succeed:
          value = cur.a
          cur = undefined
          break
        case K.Sync:
          value = cur.a()
          cur = undefined
          break
        case K.Map:
        case K.FlatMap:
        case K.Ensure:
          stack.push(cur)
          cur = cur.b
          break
        case K.Suspend:
          cur = cur.a()
          break
        case K.Cede:
          f.value = undefined
          ready.push(f)
          return
        case K.Wait:
          cur.a(f)
          return
      }
    } else {
      const frame = stack.pop()
      if (frame === undefined) {
        f.done = true
        for (const o of f.observers) o(value)
        return
      }
      if (frame.k === K.Map) value = frame.a(value)
      else if (frame.k === K.FlatMap) cur = frame.a(value)
      else frame.a() // Ensure
    }
  }
}

/** Starts a fiber; `observe` is registered before its first step, which may finish it. */
const spawn = (t: N, observe?: (v: unknown) => void): FloorFiber => {
  const f = new FloorFiber(t)
  if (observe !== undefined) f.observers.push(observe)
  schedule(f)
  return f
}

const cancel = (f: FloorFiber): void => {
  if (f.done) return
  f.onCancel?.()
  f.done = true
  for (let i = f.stack.length - 1; i >= 0; i--) if (f.stack[i]!.k === K.Ensure) f.stack[i]!.a()
  f.stack = []
  for (const o of f.observers) o(undefined)
}

const wait = (register: (f: FloorFiber) => void): N => node(K.Wait, register)
const UNIT = node(K.Succeed, undefined)

export const floor: Adapter<N, FloorFiber, CallbackQueue<unknown>, Blocker> = {
  name: 'floor',
  succeed: (a) => node(K.Succeed, a),
  sync: (f) => node(K.Sync, f),
  map: (t, f) => node(K.Map, f, t),
  flatMap: (t, f) => node(K.FlatMap, f, t),
  suspend: (f) => node(K.Suspend, f),
  cede: node(K.Cede),
  gather: (ts) =>
    wait((f) => {
      const out = new Array<unknown>(ts.length)
      let left = ts.length
      ts.forEach((t, i) =>
        spawn(t, (v) => {
          out[i] = v
          if (--left === 0) f.resume(out)
        }),
      )
    }),
  sleep: (ms) =>
    wait((f) => {
      const timer = setTimeout(() => f.resume(undefined), ms)
      f.onCancel = () => clearTimeout(timer)
    }),
  ensuring: (t, fin) => node(K.Ensure, fin, t),
  repeat: (n, body) => {
    const go = (i: number): N => (i === n ? UNIT : node(K.FlatMap, () => go(i + 1), body(i)))
    return node(K.Suspend, () => go(0))
  },
  newBlocker: node(K.Sync, () => new Blocker()),
  awaitBlocker: (b) => wait((f) => void b.waiters.push((v) => f.resume(v))),
  fork: (t) => node(K.Sync, () => spawn(t)),
  cancelAll: (hs) => node(K.Sync, () => hs.forEach(cancel)),
  newQueue: node(K.Sync, () => new CallbackQueue<unknown>()),
  put: (q, a) => node(K.Sync, () => q.put(a)),
  take: (q) => wait((f) => q.take((v) => f.resume(v))),
  run: (t) => new Promise((resolve) => void spawn(t, resolve)),
}
