/**
 * CPU work on worker threads while the loop stays responsive: hashes a few files' worth of
 * data on a pool of threads (`taskloop/threads`) while a progress ticker keeps ticking on
 * the loop. Run it with `npx tsx examples/threads.ts`.
 *
 * Hashing on the loop's own thread would stop the ticker until every hash was done; on the
 * pool, the loop only waits for results, so the ticker runs on time.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { Task, run } from '../lib/index.js'
import { workerPool } from '../lib/threads/index.js' // 'taskloop/threads' in your code

/** Deterministic pseudo-random bytes, so the digests are the same on every run. */
const fakeFile = (seed: number, bytes: number): Uint8Array => {
  const data = new Uint8Array(bytes)
  let x = seed
  for (let i = 0; i < bytes; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    data[i] = x >>> 24
  }
  return data
}

const files = ['alpha.bin', 'bravo.bin', 'charlie.bin', 'delta.bin'].map((name, i) => ({ name, data: fakeFile(i + 1, 512 * 1024) }))

const main = Task.gen(function* () {
  const pool = workerPool(new URL('./threads.worker.mjs', import.meta.url), { maxThreads: 4 })
  let done = 0
  let ticks = 0
  let shown = -1
  // ticks every 20 ms on the loop; says so when the count of hashed files has changed
  const ticker = yield* Task.spawn(
    pipe(
      Task.sync(() => {
        ticks++
        if (done !== shown) console.log(`  … tick ${ticks}: ${(shown = done)}/${files.length} hashed`)
      }),
      Task.delay(20),
      Task.forever,
    ),
  )
  const start = yield* Task.now
  const digests = yield* Task.traverseArray(({ name, data }: { name: string; data: Uint8Array }) =>
    pipe(
      pool.run<string>('sha256', { data, rounds: 32 }),
      Task.tap(() => Task.sync(() => void done++)),
      Task.map((digest) => `${name}  ${digest.slice(0, 16)}…`),
    ),
  )(files)
  const took = (yield* Task.now) - start
  ticker.cancel()
  yield* pool.close()
  for (const line of digests) console.log(line)
  console.log(`hashed ${files.length} files in ${Math.round(took)} ms; the ticker ticked ${ticks} times meanwhile`)
})

await run(main)
