/**
 * taskloop/threads with real worker threads (the thing under test): results, errors,
 * cancellation of queued and running jobs, closing, the default pool of a loop, and that the
 * loop stays responsive while the pool works. Timings here are orderings, never figures:
 * the figures are in `npm run bench:threads`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipe } from 'fp-ts/lib/function.js'
import { afterAll, describe, expect, it } from 'vitest'
import { CancelledError, Loop, LoopError, Task, run } from '../../lib/index.js'
import { defaultWorkerPool, toThread, workerPool } from '../../lib/threads/index.js'
import type { WorkerPool } from '../../lib/threads/index.js'

const work = new URL('./fixtures/work.mjs', import.meta.url)
const scratch = mkdtempSync(join(tmpdir(), 'taskloop-threads-'))
const pools: WorkerPool[] = []
const pool = (maxThreads: number) => {
  const p = workerPool(work, { maxThreads, minThreads: 0, idleTimeout: 100 })
  pools.push(p)
  return p
}

afterAll(async () => {
  await Promise.all(pools.map((p) => run(p.close())))
  rmSync(scratch, { recursive: true, force: true })
})

describe('workerPool', () => {
  it('runs a named export with one structured-cloned argument; "default" is the default export', async () => {
    const p = pool(2)
    expect(await run(p.run('add', { a: 2, b: 3 }))).toBe(5)
    expect(await run(p.run('default', 'x'))).toBe('default x')
  })

  it('a failure in the worker fails the task with the same name, message and stack', async () => {
    const p = pool(1)
    const custom = await run(Task.either(p.run('fail', 'over quota')))
    expect(custom._tag).toBe('Left')
    const e = (custom as { left: Error }).left
    expect(e).toBeInstanceOf(Error)
    expect([e.name, e.message]).toEqual(['QuotaExceeded', 'over quota'])
    expect(e.stack).toMatch(/^QuotaExceeded: over quota\n\s+at fail \(.*work\.mjs/)
    const range = (await run(Task.either(p.run('failRange', 'too far')))) as { left: Error }
    expect(range.left).toBeInstanceOf(RangeError)
    expect(range.left.message).toBe('too far')
  })

  it('R22: cancelling a running job stops it (its worker is replaced): the fiber ends cancelled, its finally runs, the pool goes on', async () => {
    const p = pool(1)
    const events: string[] = []
    const main = Task.gen(function* () {
      const job = yield* Task.spawn(pipe(p.run('spin', 5_000), Task.ensuring(Task.sync(() => void events.push('finally')))))
      yield* Task.sleep(100)
      const t0 = yield* Task.now
      job.cancel()
      try {
        yield* job
      } catch (e) {
        events.push(e instanceof CancelledError ? 'cancelled' : 'failed')
      }
      events.push(`ended within the job's time: ${(yield* Task.now) - t0 < 5_000}`)
      return yield* p.run('add', { a: 1, b: 1 })
    })
    expect(await run(main)).toBe(2)
    expect(events).toEqual(['finally', 'cancelled', "ended within the job's time: true"])
  })

  it('cancelling a queued job removes it: it never runs', async () => {
    const p = pool(1)
    const marker = join(scratch, 'queued-job-ran')
    const main = Task.gen(function* () {
      const first = yield* Task.spawn(p.run('spin', 200))
      const queued = yield* Task.spawn(p.run('mark', marker))
      yield* Task.sleep(20)
      queued.cancel()
      yield* first
      yield* Task.sleep(50)
      return queued.cancelled()
    })
    expect(await run(main)).toBe(true)
    await run(p.close())
    expect(existsSync(marker)).toBe(false)
  })

  it('close() waits for the running jobs; then the pool has no thread, and a job on it fails with LoopError', async () => {
    const p = pool(2)
    const main = Task.gen(function* () {
      const job = yield* Task.spawn(p.run('spin', 100))
      yield* Task.sleep(20)
      yield* p.close()
      const done = job.done()
      const after = yield* Task.either(p.run('add', { a: 1, b: 2 }))
      return { done, value: job.result(), closed: p.closed, threads: p.threads, after }
    })
    const r = await run(main)
    expect(r).toMatchObject({ done: true, value: 100, closed: true, threads: 0 })
    expect(r.after._tag).toBe('Left')
    expect((r.after as { left: unknown }).left).toBeInstanceOf(LoopError)
    await run(p.close()) // closing again is fine
  })

  it('bad arguments are thrown where they are given', () => {
    expect(() => workerPool(42 as never)).toThrow(TypeError)
    expect(() => workerPool(new URL('https://example.com/w.js'))).toThrow(/file: URL/)
    expect(() => workerPool(work, { maxThreads: 0 })).toThrow(RangeError)
    expect(() => workerPool(work, { maxThreads: 1.5 })).toThrow(RangeError)
    expect(() => workerPool(work, { idleTimeout: NaN })).toThrow(TypeError)
    expect(() => workerPool(work, { minThreads: 3, maxThreads: 2 })).toThrow(RangeError)
    expect(() => toThread(work, '' as never)).toThrow(TypeError)
    expect(() => pool(1).run(undefined as never)).toThrow(TypeError)
  })
})

describe('toThread and the default pool', () => {
  it('R64c: runs on the loop\'s default pool, which run() shuts down before it returns (asyncio shutdown_default_executor)', async () => {
    let loop: Loop | undefined
    const main = Task.gen(function* () {
      loop = yield* Task.getRunningLoop
      const [a, b] = yield* Task.traverseArray((n: number) => toThread<number>(work, 'add', { a: n, b: n }))([1, 2])
      return { sum: a! + b!, threads: defaultWorkerPool(loop).threads }
    })
    const r = await run(main)
    expect(r.sum).toBe(6)
    expect(r.threads).toBeGreaterThan(0)
    const p = defaultWorkerPool(loop!)
    expect(p.closed).toBe(true)
    expect(p.threads).toBe(0)
  })

  it('R8: loop.close() shuts down the default pool without waiting; a job on it then fails with LoopError', async () => {
    const loop = new Loop()
    expect(await loop.runUntilComplete(toThread(work, 'add', { a: 1, b: 2 }))).toBe(3)
    const p = defaultWorkerPool(loop)
    loop.close()
    expect(p.closed).toBe(true)
    expect(await run(Task.either(p.run('add', { a: 1, b: 1 })))).toMatchObject({ _tag: 'Left', left: expect.any(LoopError) })
  })

  it('the loop stays responsive while four CPU jobs run: a 10 ms timer fires before any 200 ms job ends', async () => {
    const p = pool(4)
    // start the threads first, so that the check is about running jobs
    await run(Task.traverseArray((n: number) => p.run('add', { a: n, b: 0 }))([1, 2, 3, 4]))
    const main = Task.gen(function* () {
      const events: string[] = []
      const jobs = yield* Task.spawn(Task.traverseArray(() => pipe(p.run('spin', 200), Task.tap(() => Task.sync(() => void events.push('job')))))([1, 2, 3, 4]))
      yield* Task.sleep(10)
      events.push('timer')
      yield* jobs
      return events
    })
    expect(await run(main)).toEqual(['timer', 'job', 'job', 'job', 'job'])
  })
})
