/**
 * The end of `runSync`/`run`: fibers the main task left behind are cancelled, and the run
 * returns only once every one of them has ended, however long its cleanup takes.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { Loop, Task, runSync } from '../../lib/index.js'
import { runSyncUntil } from '../../lib/Loop.js'
import { allEnded } from '../../lib/runtime/kernel.js'
import type { ExceptionContext } from '../../lib/index.js'
import { makeLog } from '../helpers.js'

describe("the run's shutdown", () => {
  it('waits for every fiber left behind to end: cleanups of 10 and 20 ms both finish before the run returns', () => {
    const { events, logAt } = makeLog()
    const reports: ExceptionContext[] = []
    const leftBehind = (ms: number, name: string) =>
      pipe(Task.never, Task.ensuring(Task.uncancellable(() => pipe(Task.sleep(ms), Task.flatMap(() => logAt(`${name} cleaned up`))))))
    const main = Task.gen(function* () {
      yield* Task.spawn(leftBehind(20, 'slow'))
      yield* Task.spawn(leftBehind(10, 'quick'))
      yield* Task.cede
      return 'main done'
    })
    expect(runSync(main, { exceptionHandler: (ctx) => reports.push(ctx) })).toEqual({ _tag: 'Succeeded', value: 'main done' })
    expect(events).toEqual(['quick cleaned up@10', 'slow cleaned up@20'])
    expect(reports).toEqual([])
  })

  it("a snapshot taken during the shutdown shows the shutdown fiber waiting on the fibers left, as a gather: run's shutdown, 1 of 2 pending", () => {
    const seen: string[] = []
    const leftBehind = (ms: number, look: boolean) =>
      pipe(
        Task.never,
        Task.ensuring(
          Task.uncancellable(() =>
            Task.gen(function* () {
              yield* Task.sleep(ms)
              const loop = yield* Task.getRunningLoop
              if (look) for (const f of loop.snapshot().fibers) if (f.name === 'shutdown') seen.push(`${f.waitsOn.kind}: ${f.waitsOn.text}`)
            }),
          ),
        ),
      )
    const main = Task.gen(function* () {
      yield* Task.spawn(leftBehind(10, false))
      yield* Task.spawn(leftBehind(20, true))
      yield* Task.cede
    })
    expect(runSync(main)._tag).toBe('Succeeded')
    expect(seen).toEqual(["gather: run's shutdown: 1 of 2 pending"])
  })

  it('a fiber left behind that fails while being cancelled is reported once, as a failure during shutdown', () => {
    const reports: ExceptionContext[] = []
    const main = Task.gen(function* () {
      yield* Task.spawn(pipe(Task.never, Task.ensuring(pipe(Task.sleep(5), Task.flatMap(() => Task.fail('cleanup broke'))))))
      yield* Task.cede
    })
    runSync(main, { exceptionHandler: (ctx) => reports.push(ctx) })
    expect(reports.map((r) => [r.message, r.error])).toEqual([['unhandled exception during run() shutdown', 'cleanup broke']])
  })

  it('cancelled while it waits, it cancels every fiber, and ends cancelled with its message once the last has ended', () => {
    const loop = new Loop({ clock: 'virtual' })
    const slow = loop.createTask(pipe(Task.never, Task.ensuring(Task.uncancellable(() => Task.sleep(10)))))
    const quick = loop.createTask(Task.never)
    const waiter = loop.createTask(allEnded([slow, quick]))
    runSyncUntil(loop, () => false, { maxIterations: 2 })
    expect(waiter.cancel('shutting down')).toBe(true)
    runSyncUntil(loop, () => waiter.done())
    expect([slow.cancelled(), quick.cancelled(), waiter.cancelled(), waiter.outcome, loop.time()]).toEqual([
      true,
      true,
      true,
      { _tag: 'Cancelled', message: 'shutting down' },
      10,
    ])
    loop.close()
  })
})
