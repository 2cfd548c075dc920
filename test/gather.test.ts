/**
 * gather exactly as ASYNCIO.md §E (R30–R34).
 */
import { pipe } from 'fp-ts/lib/function.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CancelledError, LoopError, Task } from '../lib/index.js'
import { makeLog, runVirtual, virtualLoop } from './helpers.js'

const after = <A>(ms: number, a: A) => pipe(Task.sleep(ms), Task.as(a))
const failAfter = (ms: number, e: string) => pipe(Task.sleep(ms), Task.flatMap(() => Task.fail(e)))

describe('gather', () => {
  it('R30: results come in input order, not completion order', () => {
    const r = runVirtual(Task.gather([after(30, 'a'), after(10, 'b'), after(20, 'c')]))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: ['a', 'b', 'c'] })
    expect(r.elapsed).toBe(30)
  })

  it('R30: gather([]) succeeds with [] at once', () => {
    expect(runVirtual(Task.gather([])).outcome).toEqual({ _tag: 'Succeeded', value: [] })
  })

  it('R30: a future of another loop is a LoopError, and no child starts (not even the tasks before it)', async () => {
    const { loop } = virtualLoop()
    const { loop: other } = virtualLoop()
    let ran = false
    const before = Task.sync(() => {
      ran = true
    })
    const r = await loop.runUntilComplete(Task.either(Task.gather([before, other.createFuture<number>()])))
    expect((r as { left: unknown }).left).toBeInstanceOf(LoopError)
    expect(String((r as { left: unknown }).left)).toMatch(/^LoopError: Task\.gather: a fiber or future belongs to a different loop/)
    await loop.runUntilComplete(Task.sleep(10)) // give a started child every chance to run
    expect(ran).toBe(false)
    expect(loop.allTasks()).toEqual([])
    loop.close()
    other.close()
  })

  it('R30: fibers and futures are awaited as they are, next to tasks', async () => {
    const { loop } = virtualLoop()
    const fut = loop.createFuture<string>()
    loop.callLater(5, () => fut.setResult('future'))
    const fiber = loop.createTask(after(3, 'fiber'))
    const v = await loop.runUntilComplete(Task.gather([fut, fiber, Task.of('task')]))
    expect(v).toEqual(['future', 'fiber', 'task'])
    loop.close()
  })

  it('R31: the first failure fails the gather at once; the siblings keep running and later failures are not reported', () => {
    const { events, logAt } = makeLog()
    const main = Task.gather([
      failAfter(10, 'first'),
      pipe(after(50, 'slow'), Task.tap(() => logAt('sibling finished'))),
      failAfter(20, 'second'),
    ])
    const r = runVirtual(
      Task.gen(function* () {
        const o = yield* Task.outcome(main)
        yield* logAt('gather done')
        yield* Task.sleep(100) // let the siblings finish
        return o
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: { _tag: 'Failed', error: 'first' } })
    expect(events).toEqual(['gather done@10', 'sibling finished@50'])
    expect(r.reports).toEqual([]) // 'second' was consumed by the gather (R31)
  })

  it('R32: a child cancelled by someone else fails the gather with CancelledError; siblings are unaffected', async () => {
    const { loop } = virtualLoop()
    const victim = loop.createTask(after(100, 'victim'))
    const sibling = loop.createTask(after(20, 'sibling'))
    const g = loop.createTask(Task.gather([victim, sibling]))
    loop.callLater(5, () => victim.cancel())
    await expect(loop.runUntilComplete(g)).rejects.toBeInstanceOf(CancelledError)
    expect(g.cancelled()).toBe(true) // the awaiting fiber did not catch it (R32)
    expect(await loop.runUntilComplete(sibling)).toBe('sibling')
    loop.close()
  })

  it('R33: with returnExceptions each slot holds the value, the error, or a CancelledError', async () => {
    const { loop } = virtualLoop()
    const cancelled = loop.createTask(after(100, 'x'))
    loop.callLater(1, () => cancelled.cancel('bye'))
    const v = await loop.runUntilComplete(Task.gather([after(5, 'ok'), failAfter(3, 'bad'), cancelled], { returnExceptions: true }))
    expect(v[0]).toBe('ok')
    expect(v[1]).toBe('bad')
    expect(v[2]).toBeInstanceOf(CancelledError)
    expect((v[2] as CancelledError).message).toBe('bye')
    loop.close()
  })

  it('R34: cancelling the fiber awaiting a gather cancels every child that is not done', () => {
    const { events, log } = makeLog()
    const child = (name: string, ms: number) => pipe(after(ms, name), Task.onCancel(log(`${name} cancelled`)))
    const main = Task.gen(function* () {
      const g = yield* Task.spawn(Task.gather([child('a', 5), child('b', 50), child('c', 60)]))
      yield* Task.sleep(10)
      g.cancel('stop')
      try {
        yield* g
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`
      }
    })
    const r = runVirtual(main)
    expect(events).toEqual(['b cancelled', 'c cancelled'])
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 'CancelledError: stop' })
  })

  it('R34: after cancel, the gather ends with CancelledError even with returnExceptions', () => {
    const main = Task.gen(function* () {
      const g = yield* Task.spawn(Task.gather([after(50, 1), after(60, 2)], { returnExceptions: true }))
      yield* Task.sleep(10)
      g.cancel()
      return yield* Task.outcome(Task.join(g))
    })
    expect(runVirtual(main).outcome._tag).toBe('Cancelled')
  })

  it('R34/R22: when every child is already done, cancelling the awaiter leaves the children alone; the held cancel still ends the awaiter', async () => {
    const { loop } = virtualLoop()
    const a = loop.createTask(Task.of(1))
    const b = loop.createTask(Task.of(2))
    await loop.runUntilComplete(b)
    const g = loop.createTask(Task.gather([a, b]))
    loop.callSoon(() => loop.callSoon(() => expect(g.cancel()).toBe(true)))
    await expect(loop.runUntilComplete(g)).rejects.toBeInstanceOf(CancelledError)
    expect([a.result(), b.result()]).toEqual([1, 2])
    loop.close()
  })

  it('property: with returnExceptions, every slot matches its child whatever the timing', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ ms: fc.nat(50), fails: fc.boolean() }), { maxLength: 12 }), (specs) => {
        const tasks = specs.map((s, i) => (s.fails ? failAfter(s.ms, `e${i}`) : after(s.ms, i)))
        const r = runVirtual(Task.gather(tasks, { returnExceptions: true }))
        expect(r.outcome).toEqual({ _tag: 'Succeeded', value: specs.map((s, i) => (s.fails ? `e${i}` : i)) })
        expect(r.elapsed).toBe(Math.max(0, ...specs.map((s) => s.ms)))
      }),
      { numRuns: 100 },
    )
  })

  it('R30: a repeated fiber before a new input still gives one slot per input: gather([f, f, g]) has three results', () => {
    const r = runVirtual(
      Task.gen(function* () {
        const f = yield* Task.spawn(after(10, 'f'))
        const g = yield* Task.spawn(after(5, 'g'))
        return yield* Task.gather([f, f, g])
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: ['f', 'f', 'g'] })
  })

  it('R27: a gather whose children are all done, cancelled and then uncancelled, returns its values', () => {
    const { loop } = virtualLoop()
    const fut = loop.createFuture<number>()
    const g = loop.createTask(Task.gather([fut]))
    const main = loop.createTask(
      Task.gen(function* () {
        yield* Task.cede // g is now waiting on its gathering future
        fut.setResult(1)
        g.cancel()
        g.uncancel()
        return yield* g
      }),
    )
    return expect(loop.runUntilComplete(main)).resolves.toEqual([1]).finally(() => loop.close())
  })
})

describe('gather and Task identity', () => {
  it('gather of the same Task value twice runs it twice (a Task is a description)', () => {
    let runs = 0
    const t = pipe(Task.sync(() => ++runs), Task.tap(() => Task.sleep(5)))
    const r = runVirtual(Task.gather([t, t]))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [1, 2] })
    expect(runs).toBe(2)
    expect(r.elapsed).toBe(5)
  })

  it('gather of the same fiber twice awaits it once and repeats its result (R30)', () => {
    let runs = 0
    const r = runVirtual(
      Task.gen(function* () {
        const f = yield* Task.spawn(pipe(Task.sync(() => ++runs), Task.tap(() => Task.sleep(5))))
        return yield* Task.gather([f, f, f])
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [1, 1, 1] })
    expect(runs).toBe(1)
  })
})
