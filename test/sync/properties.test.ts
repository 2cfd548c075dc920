/**
 * Cancellation safety as properties (R55, R59, R61, R62): random producers and consumers,
 * random capacities, random cancellations — at random virtual times, a random number of
 * loop iterations later, and right after random operations (when the fiber just woken has
 * not run yet) — and randomly permuted ready batches. At the end everything still blocked
 * is cancelled and the queue drained.
 *
 * - Safety. Queues: every item whose `put` succeeded is got exactly once or is still in the
 *   queue; no item of a failed or cancelled `put` appears; the queue never exceeds its
 *   capacity; `join` has nothing left to wait for. Locks and semaphores: never more holders
 *   than permits, and at the end the lock is free and the semaphore has its initial value.
 *   Conditions: no item lost, the lock ends free.
 * - No lost wake-up. Whenever the loop is quiet (half-way between two virtual
 *   milliseconds, all activity in this model happens on whole ones), nobody waits for
 *   something that is there: no getter while items are queued, no putter while there is
 *   room, no acquirer while the lock is free or a permit is left, no consumer of a
 *   condition while items wait.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Fiber, LoopOptions } from '../../lib/index.js'
import { BoundedSemaphore, Condition, LifoQueue, Lock, Loop, PriorityQueue, Queue, Semaphore, Task } from '../../lib/index.js'

/** After this much virtual time every scenario below has nothing left to do but wait. */
const T_END = 300

/** A seeded permutation of each ready batch (xorshift), or asyncio's FIFO order for `null`. */
const scheduleFor = (seed: number | null): Pick<LoopOptions, 'schedule'> => {
  if (seed === null) return {}
  let s = seed | 0 || 1
  const next = (): number => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 0x100000000
  }
  return {
    schedule: (batch) => {
      for (let i = batch.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        ;[batch[i], batch[j]] = [batch[j]!, batch[i]!]
      }
      return batch
    },
  }
}

/**
 * Runs `main` on a fresh virtual loop, with `check` run whenever the loop is quiet; returns
 * the first problem `check` found ('' if none) and the exception-handler reports. A deadlock
 * stops the loop (and fails the run) instead of hanging.
 */
const runScenario = async (seed: number | null, check: () => string, main: (loop: Loop) => Task.Task<unknown, void>): Promise<{ problem: string; reports: unknown[] }> => {
  const reports: unknown[] = []
  const loop = new Loop({ clock: 'virtual', ...scheduleFor(seed), exceptionHandler: (ctx) => reports.push(ctx) })
  loop.callLater(1e7, () => loop.stop())
  let problem = ''
  const watch = Task.gen(function* () {
    yield* Task.sleep(0.5)
    for (let t = 0; t < T_END && problem === ''; t++) {
      problem = check()
      if (problem !== '') problem = `at ${yield* Task.now} ms: ${problem}`
      yield* Task.sleep(1)
    }
  })
  await loop.runUntilComplete(
    Task.gen(function* () {
      const watcher = yield* Task.spawn(watch)
      yield* main(loop)
      watcher.cancel()
      yield* Task.gather([watcher], { returnExceptions: true })
    }),
  )
  loop.close()
  return { problem, reports }
}

/** Counts fibers inside a waiting operation; `around(task)` counts `task` while it runs. */
const makeGauge = () => {
  const gauge = {
    n: 0,
    around: <E, A>(task: Task.Task<E, A>): Task.Task<E, A> =>
      Task.gen(function* () {
        gauge.n++
        try {
          return yield* task
        } finally {
          gauge.n--
        }
      }),
  }
  return gauge
}

const delay = fc.integer({ min: 0, max: 4 })
const seed = fc.option(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { nil: null, freq: 2 })

/** Cancellations: at virtual time `at`, after `cedes` more loop iterations, cancel fiber `target`. */
const cancels = fc.array(fc.record({ at: fc.integer({ min: 0, max: 40 }), cedes: fc.integer({ min: 0, max: 3 }), target: fc.nat() }), { maxLength: 8 })

/** Spawns the cancellers described by `cs` against `fibers`. */
const spawnCancellers = (cs: ReadonlyArray<{ at: number; cedes: number; target: number }>, fibers: ReadonlyArray<Fiber>) =>
  Task.gen(function* () {
    for (const c of cs) {
      yield* Task.spawn(
        Task.gen(function* () {
          yield* Task.sleep(c.at)
          for (let i = 0; i < c.cedes; i++) yield* Task.cede
          fibers[c.target % fibers.length]!.cancel()
        }),
      )
    }
  })

/**
 * Cancellations right after the n-th put, get, release or notify (counting across all
 * fibers): the fiber that operation just woke has not run yet, which is the window where a
 * wake-up can be lost.
 */
const triggers = fc.array(fc.record({ after: fc.integer({ min: 1, max: 20 }), target: fc.nat() }), { maxLength: 12 })

/** Counts operations and fires the `triggers`: `trigger(victims)` cancels among the fibers the operation may have woken. */
const makeTrigger = (ts: ReadonlyArray<{ after: number; target: number }>) => {
  let ops = 0
  return (victims: ReadonlyArray<Fiber>): void => {
    ops++
    for (const t of ts) if (t.after === ops && victims.length > 0) victims[t.target % victims.length]!.cancel()
  }
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)

describe('queues never lose or duplicate an item (R55)', () => {
  const spec = fc.record({
    kind: fc.constantFrom('fifo', 'lifo', 'priority'),
    maxsize: fc.integer({ min: 0, max: 3 }),
    producers: fc.array(fc.array(delay, { maxLength: 8 }), { minLength: 1, maxLength: 4 }),
    consumers: fc.array(fc.array(delay, { maxLength: 10 }), { minLength: 1, maxLength: 4 }),
    cancels,
    triggers,
    shutdownAt: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null, freq: 3 }),
    seed,
  })

  it('R55: every item put is got exactly once or still queued; cancelled puts add nothing; capacity holds; no lost wake-up', async () => {
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const options = { maxsize: s.maxsize }
        const q = s.kind === 'fifo' ? new Queue<number>(options) : s.kind === 'lifo' ? new LifoQueue<number>(options) : new PriorityQueue<number>(options)
        const putOk: number[] = []
        const got: number[] = []
        let overfull = false
        const producers: Fiber[] = []
        const consumers: Fiber[] = []
        const putting = makeGauge()
        const getting = makeGauge()
        const trigger = makeTrigger(s.triggers)
        const producer = (p: number, delays: number[]) =>
          Task.gen(function* () {
            for (const [k, d] of delays.entries()) {
              yield* Task.sleep(d)
              const id = p * 100 + k
              yield* putting.around(q.put(id))
              putOk.push(id)
              if (q.maxsize > 0 && q.qsize() > q.maxsize) overfull = true
              trigger(consumers)
            }
          })
        const consumer = (delays: number[]) =>
          Task.gen(function* () {
            for (const d of delays) {
              yield* Task.sleep(d)
              got.push(yield* getting.around(q.get()))
              q.taskDone()
              trigger(producers)
            }
          })
        const check = (): string => {
          if (!q.empty() && getting.n > 0) return `${getting.n} getter(s) wait while ${String(q)}`
          if (!q.full() && putting.n > 0) return `${putting.n} putter(s) wait while ${String(q)}`
          return ''
        }
        const { problem, reports } = await runScenario(s.seed, check, (loop) =>
          Task.gen(function* () {
            for (const [p, delays] of s.producers.entries()) producers.push(yield* Task.spawn(producer(p, delays)))
            for (const delays of s.consumers) consumers.push(yield* Task.spawn(consumer(delays)))
            const fibers = [...producers, ...consumers]
            yield* spawnCancellers(s.cancels, fibers)
            if (s.shutdownAt !== null) loop.callLater(s.shutdownAt, () => q.shutdown())
            yield* Task.sleep(T_END)
            for (const f of fibers) f.cancel() // whatever still waits in put or get
            yield* Task.gather(fibers, { returnExceptions: true })
          }),
        )
        const rest: number[] = []
        while (!q.empty()) {
          rest.push(q.getNowait())
          q.taskDone()
        }
        const out = [...got, ...rest]
        expect(new Set(out).size).toBe(out.length) // nothing twice
        expect(sorted(out)).toEqual(sorted(putOk)) // nothing lost, nothing from a failed put
        expect(overfull).toBe(false)
        expect(problem).toBe('')
        expect(String(q)).not.toMatch(/unfinished|getters|putters/) // join has nothing to wait for; no waiter left behind
        expect(reports).toEqual([])
      }),
      { numRuns: 200 },
    )
  })
})

describe('locks and semaphores end as they began (R59, R62)', () => {
  const spec = fc.record({
    kind: fc.constantFrom('lock', 'semaphore', 'bounded'),
    permits: fc.integer({ min: 1, max: 3 }),
    workers: fc.array(
      fc.record({
        style: fc.constantFrom('withLock', 'manual'),
        rounds: fc.array(fc.tuple(delay, delay), { minLength: 1, maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    cancels,
    triggers,
    seed,
  })

  it('R59/R62: never more holders than permits, no lost wake-up, and the initial count at the end', async () => {
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const permits = s.kind === 'lock' ? 1 : s.permits
        const lock = new Lock()
        const sem = s.kind === 'semaphore' ? new Semaphore(permits) : new BoundedSemaphore(permits)
        const prim = s.kind === 'lock' ? lock : sem
        let inside = 0
        let most = 0
        let waiting = 0
        const workers: Fiber[] = []
        const trigger = makeTrigger(s.triggers)
        const critical = (hold: number) =>
          Task.gen(function* () {
            most = Math.max(most, ++inside)
            try {
              yield* Task.sleep(hold)
            } finally {
              inside--
            }
          })
        const worker = (w: { style: string; rounds: [number, number][] }) =>
          Task.gen(function* () {
            for (const [d, hold] of w.rounds) {
              yield* Task.sleep(d)
              waiting++
              let counted = true
              const entered = Task.sync(() => {
                waiting--
                counted = false
              })
              try {
                if (w.style === 'withLock') yield* prim.withLock(Task.flatMap(() => critical(hold))(entered))
                else {
                  yield* prim.acquire()
                  yield* entered
                  try {
                    yield* critical(hold)
                  } finally {
                    prim.release()
                  }
                }
              } finally {
                if (counted) waiting-- // cancelled while waiting
              }
              trigger(workers)
            }
          })
        const check = (): string => {
          if (waiting === 0) return ''
          if (s.kind === 'lock' && !lock.locked()) return `${waiting} fiber(s) wait for a free lock`
          if (s.kind !== 'lock' && sem.value > 0) return `${waiting} fiber(s) wait while ${String(sem)}`
          return ''
        }
        const { problem, reports } = await runScenario(s.seed, check, () =>
          Task.gen(function* () {
            for (const w of s.workers) workers.push(yield* Task.spawn(worker(w)))
            yield* spawnCancellers(s.cancels, workers)
            yield* Task.sleep(T_END)
            for (const f of workers) f.cancel()
            yield* Task.gather(workers, { returnExceptions: true })
          }),
        )
        expect(problem).toBe('')
        expect(most).toBeLessThanOrEqual(permits)
        expect(inside).toBe(0)
        if (s.kind === 'lock') expect(lock.locked()).toBe(false)
        else {
          expect(sem.value).toBe(permits)
          expect(sem.locked()).toBe(false)
        }
        expect(reports).toEqual([])
      }),
      { numRuns: 200 },
    )
  })
})

describe('conditions lose no wake-up (R61)', () => {
  const spec = fc.record({
    producers: fc.array(fc.array(delay, { maxLength: 6 }), { minLength: 1, maxLength: 3 }),
    consumers: fc.array(fc.array(delay, { maxLength: 8 }), { minLength: 1, maxLength: 4 }),
    notifyAll: fc.constantFrom(false, false, false, true),
    cancels,
    triggers,
    seed,
  })

  it('R61: no item is lost, no consumer waits while items do, and the lock ends free', async () => {
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const cond = new Condition()
        const buffer: number[] = []
        const produced: number[] = []
        const got: number[] = []
        const consumers: Fiber[] = []
        const taking = makeGauge()
        const trigger = makeTrigger(s.triggers)
        const producer = (p: number, delays: number[]) =>
          Task.gen(function* () {
            for (const [k, d] of delays.entries()) {
              yield* Task.sleep(d)
              yield* cond.withLock(
                Task.sync(() => {
                  buffer.push(p * 100 + k)
                  produced.push(p * 100 + k)
                  if (s.notifyAll) cond.notifyAll()
                  else cond.notify()
                  trigger(consumers)
                }),
              )
            }
          })
        const take = cond.withLock(
          Task.gen(function* () {
            yield* cond.waitFor(() => buffer.length > 0)
            return buffer.shift()!
          }),
        )
        const consumer = (delays: number[]) =>
          Task.gen(function* () {
            for (const d of delays) {
              yield* Task.sleep(d)
              got.push(yield* taking.around(take))
            }
          })
        const check = (): string => (buffer.length > 0 && taking.n > 0 ? `${taking.n} consumer(s) wait while ${buffer.length} item(s) do` : '')
        const { problem, reports } = await runScenario(s.seed, check, () =>
          Task.gen(function* () {
            const fibers: Fiber[] = []
            for (const [p, delays] of s.producers.entries()) fibers.push(yield* Task.spawn(producer(p, delays)))
            for (const delays of s.consumers) consumers.push(yield* Task.spawn(consumer(delays)))
            fibers.push(...consumers)
            yield* spawnCancellers(s.cancels, fibers)
            yield* Task.sleep(T_END)
            for (const f of fibers) f.cancel()
            yield* Task.gather(fibers, { returnExceptions: true })
          }),
        )
        expect(problem).toBe('')
        expect(sorted([...got, ...buffer])).toEqual(sorted(produced))
        expect(cond.locked()).toBe(false)
        expect(reports).toEqual([])
      }),
      { numRuns: 150 },
    )
  })
})
