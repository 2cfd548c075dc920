/**
 * The workloads, each written once against `Adapter`. A workload builds its program, runs
 * it, checks the answer (a wrong answer throws: a fast wrong program is not a result), and
 * returns one measurement in its unit.
 *
 * @example
 * const ms = await WORKLOADS.W1.once(adapter, 1e6)
 */
import type { Adapter } from './adapter.js'
import { Unsupported } from './adapter.js'

export type Unit = 'ms' | 'ns/op' | 'B/fiber'

export interface Workload {
  readonly id: string
  readonly title: string
  readonly unit: Unit
  /** Problem size for a full run and for `--quick`. */
  readonly n: { readonly full: number; readonly quick: number }
  /** Runs not counted, then runs counted (full / quick), in one process. */
  readonly runs: { readonly warmup: number; readonly full: number; readonly quick: number }
  /** Fresh processes, each giving its runs (memory needs a fresh heap per sample). Default 1. */
  readonly processes?: { readonly full: number; readonly quick: number }
  once(A: Adapter, n: number): Promise<number>
}

export const HOUR = 3_600_000

/** `process.getActiveResourcesInfo()` lists one 'Timeout' per live host timer. */
export const hostTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

export const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc
  if (g === undefined) throw new Error('run the child with node --expose-gc')
  g()
  g()
}

export const check = (what: string, got: unknown, want: unknown): void => {
  if (got !== want) throw new Error(`${what}: wrong answer, got ${String(got)}, want ${String(want)}`)
}

export const timed = async (f: () => Promise<void>): Promise<number> => {
  const t0 = performance.now()
  await f()
  return performance.now() - t0
}

/** W1 / W8a: `succeed(0)` followed by n left-nested `flatMap`s. */
const leftChain = async (A: Adapter, n: number): Promise<void> => {
  let t = A.succeed(0)
  for (let i = 0; i < n; i++) t = A.flatMap(t, (a: number) => A.succeed(a + 1))
  check('W1', await A.run(t), n)
}

/** W2 / W8b: `succeed(0)` followed by n `map`s. */
const mapChain = async (A: Adapter, n: number): Promise<void> => {
  let t = A.succeed(0)
  for (let i = 0; i < n; i++) t = A.map(t, (a: number) => a + 1)
  check('W2', await A.run(t), n)
}

/** Seeded 0–10 ms delays (a linear congruential generator: same delays for every system). */
export const delays = (n: number): number[] => {
  let s = 12345
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    out.push((s >>> 16) % 11)
  }
  return out
}

/** W7: forks n fibers running `blocked`, and measures the heap they hold while suspended. */
const suspendedHeap = async (A: Adapter, n: number, blocked: (b: unknown) => unknown): Promise<number> => {
  if (A.fork === undefined) throw new Unsupported('fork')
  const fork = A.fork.bind(A)
  const handles: unknown[] = new Array(n).fill(null)
  let before = 0
  let after = 0
  const program = A.flatMap(A.newBlocker, (b) =>
    A.flatMap(
      A.sync(() => {
        gc()
        before = process.memoryUsage().heapUsed
      }),
      () =>
        A.flatMap(
          A.repeat(n, (i) => A.map(fork(blocked(b)), (h) => void (handles[i] = h))),
          // let every fiber start and suspend
          () =>
            A.flatMap(A.sleep(20), () =>
              A.flatMap(A.cede, () =>
                A.flatMap(
                  A.sync(() => {
                    gc()
                    after = process.memoryUsage().heapUsed
                  }),
                  () => (A.cancelAll === undefined ? A.succeed(undefined) : A.cancelAll(handles)),
                ),
              ),
            ),
        ),
    ),
  )
  await A.run(program)
  return (after - before) / n
}

const TIME_RUNS = { warmup: 2, full: 5, quick: 3 }

export const WORKLOADS: Record<string, Workload> = {
  W1: {
    id: 'W1',
    title: 'left-nested flatMap chain (build + run)',
    unit: 'ms',
    n: { full: 1e6, quick: 1e5 },
    runs: TIME_RUNS,
    once: (A, n) => timed(() => leftChain(A, n)),
  },
  W1b: {
    id: 'W1b',
    title: 'right-nested flatMap recursion',
    unit: 'ms',
    n: { full: 1e6, quick: 1e5 },
    runs: TIME_RUNS,
    once: (A, n) =>
      timed(async () => {
        const loop = (i: number): unknown => (i === n ? A.succeed(i) : A.flatMap(A.succeed(i), (j: number) => loop(j + 1)))
        check('W1b', await A.run(loop(0)), n)
      }),
  },
  W2: {
    id: 'W2',
    title: 'map chain (build + run)',
    unit: 'ms',
    n: { full: 1e6, quick: 1e5 },
    runs: TIME_RUNS,
    once: (A, n) => timed(() => mapChain(A, n)),
  },
  W3: {
    id: 'W3',
    title: 'fan-out: children cede once, gather, sum',
    unit: 'ms',
    n: { full: 1e5, quick: 1e4 },
    runs: TIME_RUNS,
    once: (A, n) =>
      timed(async () => {
        const children: unknown[] = []
        for (let i = 0; i < n; i++) {
          const v = i
          children.push(A.map(A.cede, () => v))
        }
        const sum = A.map(A.gather(children), (vs: number[]) => vs.reduce((a, b) => a + b, 0))
        check('W3', await A.run(sum), (n * (n - 1)) / 2)
      }),
  },
  W4: {
    id: 'W4',
    title: 'cancel storm: fibers sleeping an hour with a finalizer, cancel all',
    unit: 'ms',
    n: { full: 1e5, quick: 1e4 },
    runs: TIME_RUNS,
    once: async (A, n) => {
      if (A.fork === undefined || A.cancelAll === undefined) throw new Unsupported('fork / cancel')
      const fork = A.fork.bind(A)
      const cancelAll = A.cancelAll.bind(A)
      const timersBefore = hostTimers()
      let finalized = 0
      let timersDuring = -1
      const ms = await timed(async () => {
        const handles: unknown[] = new Array(n)
        const sleeper = A.ensuring(A.sleep(HOUR), () => void finalized++)
        const program = A.flatMap(
          A.repeat(n, (i) => A.map(fork(sleeper), (h) => void (handles[i] = h))),
          () =>
            A.flatMap(A.cede, () =>
              A.flatMap(A.cede, () =>
                A.flatMap(cancelAll(handles), () => A.sync(() => void (timersDuring = hostTimers()))),
              ),
            ),
        )
        await A.run(program)
      })
      check('W4 finalizers run', finalized, n)
      // no timer of the hour-long sleeps may survive their cancellation
      check('W4 host timers left after cancelling', timersDuring - timersBefore <= 1, true)
      check('W4 host timers left after the run', hostTimers(), timersBefore)
      return ms
    },
  },
  W5: {
    id: 'W5',
    title: 'ping-pong: round trips between two fibers over two queues',
    unit: 'ms',
    n: { full: 1e5, quick: 1e4 },
    runs: TIME_RUNS,
    once: (A, n) =>
      timed(async () => {
        let sum = 0
        const program = A.flatMap(A.newQueue, (ping) =>
          A.flatMap(A.newQueue, (pong) => {
            const ponger = A.repeat(n, () => A.flatMap(A.take(ping), (v: number) => A.put(pong, v + 1)))
            const pinger = A.repeat(n, (i) => A.flatMap(A.put(ping, i), () => A.map(A.take(pong), (v: number) => void (sum += v))))
            return A.gather([pinger, ponger])
          }),
        )
        await A.run(program)
        check('W5', sum, (n * (n + 1)) / 2)
      }),
  },
  W6: {
    id: 'W6',
    title: 'timers: real sleeps of 0-10 ms, gather (overhead over 10 ms)',
    unit: 'ms',
    n: { full: 1e4, quick: 1e3 },
    runs: TIME_RUNS,
    once: async (A, n) => {
      if (A.virtualTime === true) throw new Unsupported('real sleeps (virtual clock)')
      const ds = delays(n)
      const ms = await timed(async () => {
        const program = A.map(
          A.gather(ds.map((d) => A.map(A.sleep(d), () => d))),
          (vs: number[]) => vs.reduce((a, b) => a + b, 0),
        )
        check('W6', await A.run(program), ds.reduce((a, b) => a + b, 0))
      })
      return ms - Math.max(...ds)
    },
  },
  W7f: {
    id: 'W7f',
    title: 'memory: heap per fiber suspended on a future nobody completes',
    unit: 'B/fiber',
    n: { full: 1e5, quick: 2e4 },
    runs: { warmup: 0, full: 1, quick: 1 },
    processes: { full: 3, quick: 1 },
    once: (A, n) => suspendedHeap(A, n, (b) => A.awaitBlocker(b)),
  },
  W7s: {
    id: 'W7s',
    title: 'memory: heap per fiber suspended in an hour-long sleep',
    unit: 'B/fiber',
    n: { full: 1e5, quick: 2e4 },
    runs: { warmup: 0, full: 1, quick: 1 },
    processes: { full: 3, quick: 1 },
    once: (A, n) => {
      const sleeper = A.sleep(HOUR)
      return suspendedHeap(A, n, () => sleeper)
    },
  },
  W8a: {
    id: 'W8a',
    title: 'hot heap: flatMap chain of 1e4, per step',
    unit: 'ns/op',
    n: { full: 1e4, quick: 1e4 },
    runs: { warmup: 1, full: 5, quick: 3 },
    once: async (A, n) => {
      const reps = 100
      const ms = await timed(async () => {
        for (let r = 0; r < reps; r++) await leftChain(A, n)
      })
      return (ms * 1e6) / (reps * n)
    },
  },
  W8b: {
    id: 'W8b',
    title: 'hot heap: map chain of 1e4, per step',
    unit: 'ns/op',
    n: { full: 1e4, quick: 1e4 },
    runs: { warmup: 1, full: 5, quick: 3 },
    once: async (A, n) => {
      const reps = 100
      const ms = await timed(async () => {
        for (let r = 0; r < reps; r++) await mapChain(A, n)
      })
      return (ms * 1e6) / (reps * n)
    },
  },
}
