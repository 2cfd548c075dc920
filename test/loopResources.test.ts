/**
 * Things a loop owns and shuts down with it (lib/loopResources.ts), such as the default worker
 * pool of `taskloop/threads`: `run` waits for their shutdown before it settles (asyncio's
 * `shutdown_default_executor`, R64); `loop.close()` starts it without waiting.
 */
import { describe, expect, it } from 'vitest'
import { Loop, Task, run } from '../lib/index.js'
import type { ExceptionContext } from '../lib/index.js'
import { addLoopResource, shutdownLoopResources } from '../lib/loopResources.js'

/** A resource whose shutdown is recorded and ends when the test says so. */
const resource = (log: string[], name: string) => {
  let finish!: () => void
  let fail!: (e: Error) => void
  const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)))
  done.catch(() => {}) // failed before anyone shuts it down is not an unhandled rejection
  const shutdown = (): Promise<void> => {
    log.push(`${name} shutting down`)
    return done.then(() => void log.push(`${name} shut down`))
  }
  return { shutdown, finish: () => finish(), fail: (e: Error) => fail(e) }
}

describe('a loop’s resources', () => {
  it('R64: run settles only once every resource of its loop has shut down, each once; one that was removed is not shut down', async () => {
    const log: string[] = []
    const pool = resource(log, 'pool')
    const other = resource(log, 'other')
    const removed = resource(log, 'removed')
    const main = Task.gen(function* () {
      const loop = yield* Task.getRunningLoop
      addLoopResource(loop, pool.shutdown)
      addLoopResource(loop, other.shutdown)
      addLoopResource(loop, removed.shutdown)()
      return 'main done'
    })
    const running = run(main, { clock: 'virtual' }).then((v) => void log.push(`run settled: ${v}`))
    await new Promise((r) => setTimeout(r, 5))
    pool.finish()
    await new Promise((r) => setTimeout(r, 5))
    expect(log).toEqual(['pool shutting down', 'other shutting down', 'pool shut down'])
    other.finish()
    await running
    expect(log).toEqual(['pool shutting down', 'other shutting down', 'pool shut down', 'other shut down', 'run settled: main done'])
  })

  it('a resource whose shutdown fails goes to the exception handler, and run still settles with main’s value', async () => {
    const reports: ExceptionContext[] = []
    const log: string[] = []
    const pool = resource(log, 'pool')
    const main = Task.gen(function* () {
      addLoopResource(yield* Task.getRunningLoop, pool.shutdown)
      return 1
    })
    pool.fail(new Error('pool would not stop'))
    expect(await run(main, { clock: 'virtual', exceptionHandler: (c) => void reports.push(c) })).toBe(1)
    expect(reports.map((c) => [c.message, (c.error as Error).message])).toEqual([['shutting down a resource of the loop failed', 'pool would not stop']])
  })

  it('loop.close() starts the shutdown without waiting; a failure is reported by the closed loop', async () => {
    const reports: string[] = []
    const log: string[] = []
    const loop = new Loop({ clock: 'virtual', exceptionHandler: (c) => void reports.push(`${c.message}: ${(c.error as Error).message}`) })
    const pool = resource(log, 'pool')
    addLoopResource(loop, pool.shutdown)
    loop.close()
    expect(log).toEqual(['pool shutting down'])
    pool.fail(new Error('stuck'))
    await new Promise((r) => setTimeout(r, 0))
    expect(reports).toEqual(['shutting down a resource of a closed loop failed: stuck'])
  })

  it('a loop with no resource, or whose resources were shut down already, shuts down nothing', async () => {
    const log: string[] = []
    const loop = {}
    await expect(shutdownLoopResources(loop)).resolves.toBeUndefined()
    const pool = resource(log, 'pool')
    const remove = addLoopResource(loop, pool.shutdown)
    remove()
    await shutdownLoopResources(loop)
    expect(log).toEqual([])
    addLoopResource(loop, pool.shutdown)
    pool.finish()
    await shutdownLoopResources(loop)
    await shutdownLoopResources(loop)
    expect(log).toEqual(['pool shutting down', 'pool shut down'])
  })
})
