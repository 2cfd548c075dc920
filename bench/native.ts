/**
 * The `native` system: every workload written by hand in plain `async`/`await`, the way a
 * careful user writes it when they pick Promises instead of taskloop — no adapter, no
 * thunks, no task values. These are the baselines the targets are set against.
 *
 * | workload | written as |
 * |---|---|
 * | W1, W2, W8a, W8b | `p = p.then(inc)` n times on `Promise.resolve(0)` |
 * | W1b | `async` recursion: `const j = await i; return loop(j + 1)` |
 * | W3 | an `async` child per i (`await null; return i`), `Promise.all`, sum |
 * | W4 | an `AbortController` per child; the child awaits an abortable hour-long `setTimeout` in `try`/`finally`; abort all, `Promise.allSettled` |
 * | W5 | two `async` loops over two `PromiseQueue`s (a resolver array and an item array) |
 * | W6 | `Promise.all` of `async` children awaiting `setTimeout` |
 * | W7f | `async` functions suspended on one promise nobody resolves |
 * | W7s | `async` functions suspended on an abortable hour-long `setTimeout` |
 *
 * Each program checks its answer exactly as the adapter-based workload does.
 *
 * @example
 * const ms = await NATIVE.W3!(1e5)
 */
import { HOUR, check, delays, gc, hostTimers, timed } from './workloads.js'

/** A workload written by hand for one system: runs once at size n, returns one measurement. */
export type HandWritten = Partial<Record<string, (n: number) => Promise<number>>>

/**
 * The smallest unbounded promise queue a user writes: items wait in one array, takers (the
 * resolvers of pending `get`s) in another; a head index instead of `Array#shift`.
 *
 * @example
 * const q = new PromiseQueue<number>(); q.put(1); await q.get() // 1
 */
export class PromiseQueue<A> {
  private items: A[] = []
  private head = 0
  private takers: Array<(a: A) => void> = []
  private takersHead = 0

  put(a: A): void {
    if (this.takersHead < this.takers.length) {
      const resolve = this.takers[this.takersHead++]!
      if (this.takersHead === this.takers.length) this.takers.length = this.takersHead = 0
      resolve(a)
    } else this.items.push(a)
  }

  get(): Promise<A> {
    if (this.head < this.items.length) {
      const a = this.items[this.head++]!
      if (this.head === this.items.length) this.items.length = this.head = 0
      return Promise.resolve(a)
    }
    return new Promise((resolve) => this.takers.push(resolve))
  }
}

/** An abortable sleep: the timer is cleared when `signal` aborts. */
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })

const inc = (a: number): number => a + 1

const leftChain = async (n: number): Promise<void> => {
  let p = Promise.resolve(0)
  for (let i = 0; i < n; i++) p = p.then(inc)
  check('W1', await p, n)
}

/** W7: starts n suspended `async` functions and measures the heap they hold. */
const suspendedHeap = async (n: number, start: (i: number) => Promise<void>, cleanup: () => void): Promise<number> => {
  const handles: unknown[] = new Array(n).fill(null)
  gc()
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < n; i++) handles[i] = start(i)
  await new Promise((resolve) => setTimeout(resolve, 20))
  gc()
  const after = process.memoryUsage().heapUsed
  cleanup()
  return (after - before) / n
}

export const NATIVE: HandWritten = {
  W1: (n) => timed(() => leftChain(n)),
  W1b: (n) =>
    timed(async () => {
      const loop = async (i: number): Promise<number> => {
        if (i === n) return i
        const j = await i
        return loop(j + 1)
      }
      check('W1b', await loop(0), n)
    }),
  W2: (n) => timed(() => leftChain(n)),
  W3: (n) =>
    timed(async () => {
      const child = async (i: number): Promise<number> => {
        await null
        return i
      }
      const children: Array<Promise<number>> = []
      for (let i = 0; i < n; i++) children.push(child(i))
      const vs = await Promise.all(children)
      check('W3', vs.reduce((a, b) => a + b, 0), (n * (n - 1)) / 2)
    }),
  W4: async (n) => {
    const timersBefore = hostTimers()
    let finalized = 0
    let timersDuring = -1
    const ms = await timed(async () => {
      const sleeper = async (signal: AbortSignal): Promise<void> => {
        try {
          await sleep(HOUR, signal)
        } finally {
          finalized++
        }
      }
      const controllers: AbortController[] = new Array(n)
      const ended: Array<Promise<void>> = new Array(n)
      for (let i = 0; i < n; i++) {
        const c = new AbortController()
        controllers[i] = c
        ended[i] = sleeper(c.signal)
      }
      await null
      await null
      for (const c of controllers) c.abort()
      await Promise.allSettled(ended)
      timersDuring = hostTimers()
    })
    check('W4 finalizers run', finalized, n)
    check('W4 host timers left after cancelling', timersDuring - timersBefore <= 1, true)
    check('W4 host timers left after the run', hostTimers(), timersBefore)
    return ms
  },
  W5: (n) =>
    timed(async () => {
      let sum = 0
      const ping = new PromiseQueue<number>()
      const pong = new PromiseQueue<number>()
      const ponger = async (): Promise<void> => {
        for (let i = 0; i < n; i++) pong.put((await ping.get()) + 1)
      }
      const pinger = async (): Promise<void> => {
        for (let i = 0; i < n; i++) {
          ping.put(i)
          sum += await pong.get()
        }
      }
      await Promise.all([pinger(), ponger()])
      check('W5', sum, (n * (n + 1)) / 2)
    }),
  W6: async (n) => {
    const ds = delays(n)
    const ms = await timed(async () => {
      const child = async (d: number): Promise<number> => {
        await new Promise((resolve) => setTimeout(resolve, d))
        return d
      }
      const vs = await Promise.all(ds.map(child))
      check('W6', vs.reduce((a, b) => a + b, 0), ds.reduce((a, b) => a + b, 0))
    })
    return ms - Math.max(...ds)
  },
  W7f: (n) => {
    let release: () => void = () => {}
    const blocker = new Promise<void>((resolve) => (release = resolve))
    return suspendedHeap(
      n,
      async () => {
        await blocker
      },
      () => release(),
    )
  },
  W7s: (n) => {
    const controllers: AbortController[] = new Array(n)
    return suspendedHeap(
      n,
      async (i) => {
        const c = new AbortController()
        controllers[i] = c
        await sleep(HOUR, c.signal).catch(() => {})
      },
      () => {
        for (const c of controllers) c.abort()
      },
    )
  },
  W8a: async (n) => {
    const reps = 100
    const ms = await timed(async () => {
      for (let r = 0; r < reps; r++) await leftChain(n)
    })
    return (ms * 1e6) / (reps * n)
  },
  W8b: async (n) => {
    const reps = 100
    const ms = await timed(async () => {
      for (let r = 0; r < reps; r++) await leftChain(n)
    })
    return (ms * 1e6) / (reps * n)
  },
}
