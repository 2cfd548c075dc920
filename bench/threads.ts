/**
 * `npm run bench:threads`: what taskloop/threads gives on this machine (never part of
 * `npm test`).
 *
 * - Responsiveness: while four CPU jobs of about 200 ms each run on a pool of four threads,
 *   a fiber sleeps 10 ms again and again; how late each wake-up is (median and worst). For
 *   comparison, the same jobs run on the loop's own thread.
 * - Speed-up: the wall time of one job alone, and of four jobs on a pool of four threads.
 *   With at least four free cores the four take about one job's time; with fewer cores they
 *   take about (4 / cores) jobs' time.
 *
 * Jobs are a fixed amount of hashing (calibrated to ~200 ms on this machine first), not a
 * wall-clock spin, so that a busy core shows up as a slower job.
 */
import { availableParallelism, cpus } from 'node:os'
import { pipe } from 'fp-ts/lib/function.js'
import { Task, run } from '../lib/index.js'
import { workerPool } from '../lib/threads/index.js'
// @ts-expect-error a plain JavaScript worker module (workers load it without a TypeScript loader)
import { crunch } from '../test/threads/fixtures/work.mjs'

const work = new URL('../test/threads/fixtures/work.mjs', import.meta.url)
const JOB_MS = 200
const REPEATS = 5

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const fmt = (ms: number): string => `${ms.toFixed(1)} ms`

/** Hash rounds that take about JOB_MS on this thread. */
const calibrate = (): number => {
  let rounds = 1000
  for (;;) {
    const t0 = performance.now()
    ;(crunch as (n: number) => string)(rounds)
    const ms = performance.now() - t0
    if (ms > 50) return Math.round((rounds * JOB_MS) / ms)
    rounds *= 2
  }
}

/** Sleeps 10 ms in a loop while `busy` runs; returns how late each wake-up was. */
const lateness = <E, A>(busy: Task.Task<E, A>) =>
  Task.gen(function* () {
    const late: number[] = []
    const job = yield* Task.spawn(busy)
    while (!job.done()) {
      const t0 = performance.now()
      yield* Task.sleep(10)
      if (!job.done()) late.push(performance.now() - t0 - 10)
    }
    yield* job
    return late
  })

const main = async () => {
  const rounds = calibrate()
  console.log(`machine: ${availableParallelism()} cores available (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`)
  console.log(`job: ${rounds} hash rounds (about ${JOB_MS} ms on one thread)\n`)
  const pool = workerPool(work, { maxThreads: 4, minThreads: 4 })
  const four = Task.traverseArray(() => pool.run<string>('crunch', rounds))([1, 2, 3, 4])
  await run(four) // start and warm the four threads

  const lateOnPool: number[] = []
  for (let i = 0; i < REPEATS; i++) lateOnPool.push(...(await run(lateness(four))))
  const pool2 = workerPool(work, { maxThreads: 1, minThreads: 1 })
  const oneThread = Task.traverseArray(() => pool2.run<string>('crunch', rounds))([1, 2, 3, 4])
  await run(pool2.run('crunch', 1))
  const lateOnOne: number[] = []
  for (let i = 0; i < 2; i++) lateOnOne.push(...(await run(lateness(oneThread))))
  await run(pool2.close())
  const onLoop = Task.traverseSeqArray(() => Task.sync(() => (crunch as (n: number) => string)(rounds)))([1, 2, 3, 4])
  const lateOnLoop = await run(lateness(onLoop))
  console.log('responsiveness: a 10 ms sleep, repeated while four jobs run')
  console.log(`  jobs on the pool (4 threads): ${lateOnPool.length} wake-ups, late by median ${fmt(median(lateOnPool))}, worst ${fmt(Math.max(...lateOnPool))}`)
  console.log(`  jobs on a pool of 1 thread:   ${lateOnOne.length} wake-ups, late by median ${fmt(median(lateOnOne))}, worst ${fmt(Math.max(...lateOnOne))}`)
  console.log(`  jobs on the loop's thread:    ${lateOnLoop.length} wake-ups${lateOnLoop.length === 0 ? ' (none: the loop was blocked until the jobs ended)' : `, worst ${fmt(Math.max(...lateOnLoop))}`}\n`)

  const timed = async <E, A>(t: Task.Task<E, A>): Promise<number> => {
    const t0 = performance.now()
    await run(t)
    return performance.now() - t0
  }
  const ones: number[] = []
  const fours: number[] = []
  for (let i = 0; i < REPEATS; i++) {
    ones.push(await timed(pool.run('crunch', rounds)))
    fours.push(await timed(four))
  }
  const one = median(ones)
  const all = median(fours)
  console.log(`speed-up: medians of ${REPEATS}`)
  console.log(`  one job:                   ${fmt(one)}`)
  console.log(`  four jobs on four threads: ${fmt(all)} = ${(all / one).toFixed(2)} × one job (1.0 would be perfect; ${(4 / Math.min(4, availableParallelism())).toFixed(1)} is what ${availableParallelism()} cores allow)`)
  console.log(`  throughput gain over one thread: ${((4 * one) / all).toFixed(2)} ×`)
  await run(pipe(pool.close()))
}

await main()
