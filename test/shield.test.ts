/**
 * shield exactly as ASYNCIO.md §F (R35–R36).
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { CancelledError, LoopError, Task } from '../lib/index.js'
import type { Outcome } from '../lib/index.js'
import { makeLog, runVirtual, virtualLoop } from './helpers.js'

const after = <A>(ms: number, a: A) => pipe(Task.sleep(ms), Task.as(a))
const failAfter = (ms: number, e: unknown) => pipe(Task.sleep(ms), Task.flatMap(() => Task.fail(e)))

describe('shield', () => {
  it('R35: when nothing cancels the awaiter, shield(t) gives what t gives (value or failure)', () => {
    expect(runVirtual(Task.shield(after(5, 'v'))).outcome).toEqual({ _tag: 'Succeeded', value: 'v' })
    expect(runVirtual(Task.shield(failAfter(5, 'boom'))).outcome).toEqual({ _tag: 'Failed', error: 'boom' })
    expect(runVirtual(Task.shield(Task.of(1))).outcome).toEqual({ _tag: 'Succeeded', value: 1 })
  })

  it('R35: cancelling the awaiter cancels only the outer: the awaiter ends at once, the inner runs to completion untouched', async () => {
    const { events, logAt } = makeLog()
    const { loop } = virtualLoop()
    const inner = loop.createTask(pipe(after(50, 'done'), Task.tap(() => logAt('inner finished')), Task.onCancel(logAt('inner cancelled'))))
    const awaiter = loop.createTask(Task.shield(inner))
    loop.callLater(10, () => awaiter.cancel('stop'))
    await expect(loop.runUntilComplete(awaiter)).rejects.toThrow(CancelledError)
    expect(loop.time()).toBe(10)
    expect(inner.done()).toBe(false)
    expect(await loop.runUntilComplete(inner)).toBe('done')
    expect(events).toEqual(['inner finished@50'])
    loop.close()
  })

  it('R35: a shielded Task is started in a fiber of its own that keeps running after the awaiter is cancelled', async () => {
    const { events, logAt } = makeLog()
    const { loop } = virtualLoop()
    const awaiter = loop.createTask(Task.shield(pipe(Task.sleep(50), Task.flatMap(() => logAt('commit')))))
    loop.callLater(10, () => awaiter.cancel())
    await expect(loop.runUntilComplete(awaiter)).rejects.toBeInstanceOf(CancelledError)
    expect(loop.allTasks()).toHaveLength(1)
    await loop.runUntilComplete(Task.sleep(100))
    expect(events).toEqual(['commit@50'])
    loop.close()
  })

  it('R35: an inner that is already done is awaited directly (no suspension)', async () => {
    const { loop } = virtualLoop()
    const done = loop.createTask(Task.of('ready'))
    await loop.runUntilComplete(done)
    const main = Task.gen(function* () {
      let ticked = false
      const ticker = yield* Task.spawn(Task.sync(() => (ticked = true)))
      const v = yield* Task.shield(done)
      const before = ticked
      yield* ticker
      return [v, before]
    })
    expect(await loop.runUntilComplete(main)).toEqual(['ready', false])
    loop.close()
  })

  it('R35: an inner cancelled by other means ends the awaiter cancelled', async () => {
    const { loop } = virtualLoop()
    const inner = loop.createTask(after(50, 'x'))
    const awaiter = loop.createTask(Task.shield(inner))
    loop.callLater(10, () => inner.cancel())
    await expect(loop.runUntilComplete(awaiter)).rejects.toBeInstanceOf(CancelledError)
    expect(awaiter.cancelled()).toBe(true)
    loop.close()
  })

  it('R35: cancelling gather(shield(a), shield(b)) cancels the shields, not a and b', async () => {
    const { loop } = virtualLoop()
    const a = loop.createTask(after(30, 'a'))
    const b = loop.createTask(after(40, 'b'))
    const g = loop.createTask(Task.gather([Task.shield(a), Task.shield(b)]))
    loop.callLater(5, () => g.cancel())
    await expect(loop.runUntilComplete(g)).rejects.toBeInstanceOf(CancelledError)
    expect(await loop.runUntilComplete(Task.gather([a, b]))).toEqual(['a', 'b'])
    loop.close()
  })

  it('R35: shield(gather(a, b)) protects the gather and its children', async () => {
    const { loop } = virtualLoop()
    const a = loop.createTask(after(30, 'a'))
    const b = loop.createTask(after(40, 'b'))
    const awaiter = loop.createTask(Task.shield(Task.gather([a, b])))
    loop.callLater(5, () => awaiter.cancel())
    await expect(loop.runUntilComplete(awaiter)).rejects.toBeInstanceOf(CancelledError)
    expect([a.cancelled(), b.cancelled()]).toEqual([false, false])
    expect(await loop.runUntilComplete(Task.gather([a, b]))).toEqual(['a', 'b'])
    loop.close()
  })

  it('R36: a shielded inner that fails after its awaiter was cancelled is reported once, as "<Name> exception in shielded future", never raised', async () => {
    const { loop, reports } = virtualLoop()
    const inner = loop.createTask(failAfter(20, new RangeError('late')))
    const w1 = loop.createTask(Task.shield(inner))
    const w2 = loop.createTask(Task.shield(inner))
    loop.callLater(5, () => {
      w1.cancel()
      w2.cancel()
    })
    await loop.runUntilComplete(Task.sleep(50))
    expect(w1.cancelled() && w2.cancelled()).toBe(true)
    loop.close()
    expect(reports.map((r) => r.message)).toEqual(['RangeError exception in shielded future'])
    expect((reports[0]!.error as Error).message).toBe('late')
  })

  it('R36: a shielded inner that succeeds after its awaiter was cancelled reports nothing', async () => {
    const { loop, reports } = virtualLoop()
    const w = loop.createTask(Task.shield(after(20, 'ok')))
    loop.callLater(5, () => w.cancel())
    await loop.runUntilComplete(Task.sleep(50))
    loop.close()
    expect(reports).toEqual([])
  })

  it('R35: shield is not uncancellable — under the same cancel, shield lets the awaiter go at once, uncancellable holds it until the work ends', async () => {
    const elapsedUnder = async (wrap: (t: Task.Task<never, string>) => Task.Task<never, string>) => {
      const { loop } = virtualLoop()
      const f = loop.createTask(wrap(after(50, 'w')))
      loop.callLater(10, () => f.cancel())
      await loop.runUntilComplete(f).catch(() => undefined)
      const t = loop.time()
      loop.close()
      return t
    }
    expect(await elapsedUnder((t) => Task.shield(t))).toBe(10)
    expect(await elapsedUnder((t) => Task.uncancellable(() => t))).toBe(50)
  })

  it('R35: a non-awaitable is a TypeError when called', () => {
    expect(() => Task.shield(42 as unknown as Task.Task<never, number>)).toThrow(/Task, a Fiber or a Future/)
  })
})

describe('shield: what its errors say', () => {
  it('bad input is a TypeError naming Task.shield', () => {
    expect(() => Task.shield(42 as unknown as Task.Task<never, number>)).toThrow(/^Task\.shield/)
  })

  it('a fiber of another loop is a LoopError naming shield', () => {
    const foreign = virtualLoop().loop.createTask(Task.never)
    const r = runVirtual(Task.shield(foreign)).outcome
    expect(((r as Outcome<unknown, unknown>)._tag === 'Failed' && (r as { error: unknown }).error instanceof LoopError && ((r as { error: Error }).error.message))).toMatch(/^Task\.shield: a fiber or future belongs to a different loop/)
  })
})

describe('shield: failures reported once', () => {
  it('a shielded failure that its awaiter receives is not also reported as lost', () => {
    const caught = pipe(Task.shield(failAfter(5, 'boom')), Task.catchAll((e) => Task.of(`caught ${String(e)}`)))
    // the loop runs on a little after, so that a report made later would be seen
    const r = runVirtual(pipe(caught, Task.flatMap((v) => Task.as(v)(Task.sleep(10)))))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 'caught boom' })
    expect(r.reports).toEqual([])
  })
})
