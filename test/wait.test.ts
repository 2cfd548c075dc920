/**
 * wait and asCompleted exactly as ASYNCIO.md §H (R45–R46): nothing is ever cancelled.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { CancelledError, LoopError, Task, TimeoutError } from '../lib/index.js'
import type { Fiber } from '../lib/index.js'
import type { Outcome } from '../lib/index.js'
import { runVirtual, virtualLoop } from './helpers.js'
import { TestLoop } from '../lib/testing/index.js'

const after = <A>(ms: number, a: A) => pipe(Task.sleep(ms), Task.as(a))
const failAfter = (ms: number, e: unknown) => pipe(Task.sleep(ms), Task.flatMap(() => Task.fail(e)))
const names = (fs: ReadonlyArray<Fiber<unknown, unknown>>) => fs.map((f) => f.name)

describe('wait (R45)', () => {
  it('R45: ALL_COMPLETED (the default) returns when every child is done; Tasks come back as their fibers, in input order', () => {
    const main = Task.gen(function* () {
      const { done, pending } = yield* Task.wait([after(30, 'a'), after(10, 'b')])
      return [done.map((f) => f.result()), pending.length, yield* Task.now]
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: [['a', 'b'], 0, 30] })
  })

  it('R45: fibers and futures come back as themselves', async () => {
    const { loop } = virtualLoop()
    const fib = loop.createTask(after(5, 1))
    const fut = loop.createFuture<number>()
    loop.callLater(7, () => fut.setResult(2))
    const { done } = await loop.runUntilComplete(Task.wait([fib, fut]))
    expect(done[0]).toBe(fib)
    expect(done[1]).toBe(fut)
    loop.close()
  })

  it('R45: FIRST_COMPLETED returns at the first completion; the others keep running (nothing is cancelled)', async () => {
    const { loop } = virtualLoop()
    const a = loop.createTask(after(10, 'a'), { name: 'a' })
    const b = loop.createTask(after(20, 'b'), { name: 'b' })
    const r = await loop.runUntilComplete(Task.wait([a, b], { returnWhen: 'FIRST_COMPLETED' }))
    expect([names(r.done), names(r.pending), loop.time()]).toEqual([['a'], ['b'], 10])
    expect(await loop.runUntilComplete(b)).toBe('b')
    loop.close()
  })

  it('R45: FIRST_COMPLETED counts a cancellation as a completion', async () => {
    const { loop } = virtualLoop()
    const a = loop.createTask(after(100, 'a'), { name: 'a' })
    const b = loop.createTask(after(200, 'b'), { name: 'b' })
    loop.callLater(5, () => a.cancel())
    const r = await loop.runUntilComplete(Task.wait([a, b], { returnWhen: 'FIRST_COMPLETED' }))
    expect([names(r.done), loop.time()]).toEqual([['a'], 5])
    b.cancel()
    await loop.runUntilComplete(Task.sleep(1))
    loop.close()
  })

  it('R45: FIRST_EXCEPTION returns at the first failure — a cancellation does not trigger it', async () => {
    const { loop } = virtualLoop()
    const c = loop.createTask(after(100, 'c'), { name: 'c' })
    const f = loop.createTask(failAfter(20, 'boom'), { name: 'f' })
    const s = loop.createTask(after(50, 's'), { name: 's' })
    loop.callLater(5, () => c.cancel())
    const r = await loop.runUntilComplete(Task.wait([c, f, s], { returnWhen: 'FIRST_EXCEPTION' }))
    expect([names(r.done), names(r.pending), loop.time()]).toEqual([['c', 'f'], ['s'], 20])
    expect(f.exception()).toBe('boom')
    await loop.runUntilComplete(s)
    loop.close()
  })

  it('R45: FIRST_EXCEPTION with no failure waits for all', () => {
    const main = Task.gen(function* () {
      const { done } = yield* Task.wait([after(10, 1), after(30, 2)], { returnWhen: 'FIRST_EXCEPTION' })
      return [done.length, yield* Task.now]
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: [2, 30] })
  })

  it('R45: on timeout wait never fails: the unfinished are in pending, still running', async () => {
    const { loop } = virtualLoop()
    const a = loop.createTask(after(10, 'a'), { name: 'a' })
    const b = loop.createTask(after(50, 'b'), { name: 'b' })
    const r = await loop.runUntilComplete(Task.wait([a, b], { timeout: 20 }))
    expect([names(r.done), names(r.pending), loop.time()]).toEqual([['a'], ['b'], 20])
    expect(b.cancelled()).toBe(false)
    expect(await loop.runUntilComplete(b)).toBe('b')
    loop.close()
  })

  it('R45: the partition is made when wait resumes — a child completed meanwhile is in done even though its callback has not run', async () => {
    const { loop } = virtualLoop()
    const f1 = loop.createFuture<number>()
    const f2 = loop.createFuture<number>()
    loop.callLater(10, () => f1.setResult(1))
    loop.callLater(10, () => loop.callSoon(() => f2.setResult(2))) // one iteration later
    const r = await loop.runUntilComplete(Task.wait([f1, f2], { returnWhen: 'FIRST_COMPLETED' }))
    expect(r.done).toEqual([f1, f2])
    loop.close()
  })

  it('R45: even when every child is already done, wait suspends for an iteration', async () => {
    const { loop } = virtualLoop()
    const a = loop.createTask(Task.of(1))
    await loop.runUntilComplete(a)
    const main = Task.gen(function* () {
      let ticked = false
      yield* Task.spawn(Task.sync(() => (ticked = true)))
      const { done } = yield* Task.wait([a])
      return [done.length, ticked]
    })
    expect(await loop.runUntilComplete(main)).toEqual([1, true])
    loop.close()
  })

  it('R45: the same awaitable given twice is waited for once', async () => {
    const { loop } = virtualLoop()
    const a = loop.createTask(after(5, 'a'))
    const r = await loop.runUntilComplete(Task.wait([a, a, a]))
    expect(r.done).toEqual([a])
    loop.close()
  })

  it('R45: cancelling the fiber inside wait cancels only wait: the children keep running', async () => {
    const { loop } = virtualLoop()
    const a = loop.createTask(after(50, 'a'))
    const w = loop.createTask(Task.wait([a]))
    loop.callLater(5, () => w.cancel())
    await expect(loop.runUntilComplete(w)).rejects.toBeInstanceOf(CancelledError)
    expect(await loop.runUntilComplete(a)).toBe('a')
    loop.close()
  })

  it('R45: wait does not retrieve a failure — unread, it is still reported; read, it is not', async () => {
    for (const read of [false, true]) {
      const { loop, reports } = virtualLoop()
      const { done } = await loop.runUntilComplete(Task.wait([failAfter(5, 'boom')], { returnWhen: 'FIRST_EXCEPTION' }))
      if (read) expect(done[0]!.exception()).toBe('boom')
      loop.close()
      expect(reports.length).toBe(read ? 0 : 1)
    }
  })

  it('R45: bad arguments fail when called: [] and an unknown returnWhen are RangeErrors; a single awaitable, a non-awaitable item or a NaN timeout are TypeErrors', () => {
    expect(() => Task.wait([])).toThrow(RangeError)
    expect(() => Task.wait([Task.unit], { returnWhen: 'SOMETIMES' as 'ALL_COMPLETED' })).toThrow(RangeError)
    expect(() => Task.wait(Task.unit as unknown as Iterable<Task.Task<never, void>>)).toThrow(/got a single one \(a Task\)/)
    expect(() => Task.wait([Task.unit, 3 as unknown as Task.Task<never, void>])).toThrow(/item 1/)
    expect(() => Task.wait([Task.unit], { timeout: NaN })).toThrow(TypeError)
  })
})

describe('asCompleted (R46)', () => {
  it('R46: the i-th task gives the i-th completion — values and failures alike', () => {
    const main = Task.gen(function* () {
      const its = yield* Task.asCompleted([after(30, 'slow'), failAfter(20, 'bad'), after(10, 'fast')])
      const out: unknown[] = []
      for (const next of its) {
        const e = yield* Task.either(next)
        out.push(e._tag === 'Right' ? e.right : `error ${String(e.left)}`)
      }
      return out
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: ['fast', 'error bad', 'slow'] })
  })

  it('R46: the tasks may be awaited in any order, and again: index i is always the i-th completion', () => {
    const main = Task.gen(function* () {
      const its = yield* Task.asCompleted([after(30, 'c'), after(10, 'a'), after(20, 'b')])
      const last = yield* its[2]!
      const first = yield* its[0]!
      return [last, first, yield* its[2]!]
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: ['c', 'a', 'c'] })
  })

  it('R46: the children start when its task runs, whether or not anything is awaited', () => {
    let ran = 0
    const main = Task.gen(function* () {
      yield* Task.asCompleted([Task.sync(() => ran++), Task.sync(() => ran++)])
      yield* Task.sleep(1)
      return ran
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: 2 })
  })

  it('R46: after the timeout the completions that had not happened fail with TimeoutError; nothing is cancelled', async () => {
    const { loop } = virtualLoop()
    const slow = loop.createTask(after(100, 'slow'))
    const main = Task.gen(function* () {
      const its = yield* Task.asCompleted([after(10, 'fast'), slow], { timeout: 50 })
      const first = yield* its[0]!
      const second = yield* Task.either(its[1]!)
      return [first, second._tag === 'Left' && second.left instanceof TimeoutError, yield* Task.now]
    })
    expect(await loop.runUntilComplete(main)).toEqual(['fast', true, 50])
    expect(slow.cancelled()).toBe(false)
    expect(await loop.runUntilComplete(slow)).toBe('slow')
    loop.close()
  })

  it('R46: fibers awaiting the same completion at once all get it', () => {
    const main = Task.gen(function* () {
      const [first] = yield* Task.asCompleted([after(10, 'a')])
      const readers = []
      for (let i = 0; i < 3; i++) readers.push(yield* Task.spawn(first!))
      return yield* Task.gather(readers)
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: ['a', 'a', 'a'] })
  })

  it('R46: an awaitable given twice is counted once', () => {
    const t = after(5, 'x')
    const main = pipe(Task.asCompleted([t, t, after(1, 'y')]), Task.map((its) => its.length))
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: 2 })
  })

  it('R46: cancelling a fiber that awaits one of the tasks cancels only that await', async () => {
    const { loop } = virtualLoop()
    const main = Task.gen(function* () {
      const its = yield* Task.asCompleted([after(20, 'a')])
      const w1 = yield* Task.spawn(its[0]!)
      const w2 = yield* Task.spawn(its[0]!)
      yield* Task.sleep(5)
      w1.cancel()
      let w1Cancelled = false
      try {
        yield* w1
      } catch (e) {
        w1Cancelled = e instanceof CancelledError
      }
      return [w1Cancelled, yield* w2, yield* its[0]!]
    })
    expect(await loop.runUntilComplete(main)).toEqual([true, 'a', 'a'])
    loop.close()
  })

  it('R46: asCompleted([]) gives []; a single awaitable is a TypeError', () => {
    expect(runVirtual(Task.asCompleted([])).outcome).toEqual({ _tag: 'Succeeded', value: [] })
    expect(() => Task.asCompleted(Task.unit as unknown as Iterable<Task.Task<never, void>>)).toThrow(TypeError)
  })
})

describe('wait and asCompleted: what their errors say', () => {
  it('bad input is an error naming the function and what was wrong', () => {
    expect(() => Task.wait([])).toThrow(/^Task\.wait: the set of awaitables is empty$/)
    expect(() => Task.wait([Task.unit], { returnWhen: 'SOMETIMES' as 'ALL_COMPLETED' })).toThrow(
      /^Task\.wait: invalid returnWhen .*"SOMETIMES"; expected one of FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED$/,
    )
    expect(() => Task.wait([Task.unit], { timeout: NaN })).toThrow(/^Task\.wait \(timeout\) expects a number of milliseconds/)
    expect(() => Task.wait([3 as unknown as Task.Task<never, void>])).toThrow(/^Task\.wait/)
    expect(() => Task.asCompleted([Task.unit], { timeout: NaN })).toThrow(/^Task\.asCompleted \(timeout\) expects a number of milliseconds/)
    expect(() => Task.asCompleted([3 as unknown as Task.Task<never, void>])).toThrow(/^Task\.asCompleted/)
  })

  it('options may be left out: wait waits for all, asCompleted has no deadline', () => {
    const waited = runVirtual(Task.map(({ done }: { done: unknown[] }) => done.length)(Task.wait([after(5, 'a'), after(9, 'b')]))).outcome
    expect(waited).toEqual({ _tag: 'Succeeded', value: 2 })
    const completed = runVirtual(Task.gen(function* () {
      const [first] = yield* Task.asCompleted([after(5, 'a')])
      return yield* first!
    }))
    expect(completed.outcome).toEqual({ _tag: 'Succeeded', value: 'a' })
    expect(completed.reports).toEqual([])
  })

  it('R46: a completion that happens before anyone awaits it is kept for them, and nothing is reported', () => {
    const r = runVirtual(Task.gen(function* () {
      const [first] = yield* Task.asCompleted([after(5, 'a')], { timeout: 100 })
      yield* Task.sleep(10)
      return yield* first!
    }))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 'a' })
    expect(r.reports).toEqual([])
  })

  it('a fiber of another loop is a LoopError naming the function, and no child starts', () => {
    const { loop: other } = virtualLoop()
    const foreign = other.createTask(Task.never)
    const events: string[] = []
    const started = Task.sync(() => void events.push('started'))
    const w = runVirtual(Task.wait([started, foreign])).outcome
    expect(((w as Outcome<unknown, unknown>)._tag === 'Failed' && (w as { error: unknown }).error instanceof LoopError && ((w as { error: Error }).error.message))).toMatch(/^Task\.wait: a fiber or future belongs to a different loop/)
    const a = runVirtual(Task.asCompleted([started, foreign])).outcome
    expect(((a as Outcome<unknown, unknown>)._tag === 'Failed' && (a as { error: unknown }).error instanceof LoopError && ((a as { error: Error }).error.message))).toMatch(/^Task\.asCompleted: a fiber or future belongs to a different loop/)
    expect(events).toEqual([])
  })

  it('a completion that missed the deadline is a TimeoutError that says so', () => {
    const run = runVirtual(Task.gen(function* () {
      const [first] = yield* Task.asCompleted([after(50, 'late')], { timeout: 10 })
      return yield* first!
    }))
    expect(run.reports).toEqual([])
    const r = run.outcome
    expect(((r as Outcome<unknown, unknown>)._tag === 'Failed' && (r as { error: unknown }).error instanceof TimeoutError && ((r as { error: Error }).error.message))).toBe('Task.asCompleted: timed out before this completion')
  })
})

describe('wait: when it returns', () => {
  it('R45: FIRST_COMPLETED with two children done in the same iteration returns once, and reports nothing', () => {
    const r = runVirtual(Task.map(({ done }: { done: unknown[] }) => done.length)(Task.wait([after(10, 'a'), after(10, 'b')], { returnWhen: 'FIRST_COMPLETED' })))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 2 })
    expect(r.reports).toEqual([])
  })

  it('R45: ALL_COMPLETED does not return at a first failure: it waits for every child', () => {
    const r = runVirtual(Task.map(({ done, pending }: { done: unknown[]; pending: unknown[] }) => [done.length, pending.length])(Task.wait([failAfter(5, 'early'), after(20, 'late')])))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [2, 0] })
    expect(r.elapsed).toBe(20)
  })
})

describe('wait and asCompleted: at the edges of an iteration, and no timer left behind', () => {
  it('R46: a waiter cancelled in the iteration its completion arrives is passed over; the other waiter of that completion gets it, and nothing is reported', () => {
    const r = runVirtual(Task.gen(function* () {
      const [first] = yield* Task.asCompleted([after(10, 'a')])
      const w1 = yield* Task.spawn(first!)
      const w2 = yield* Task.spawn(first!)
      // after a cede the child's timer is older than this fiber's: at t = 10 the child
      // completes first, then w1 is cancelled, before the completion is handed out
      yield* Task.cede
      yield* Task.sleep(10)
      w1.cancel()
      yield* Task.wait([w1])
      return [w1.cancelled(), yield* w2]
    }))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, 'a'] })
    expect(r.reports).toEqual([])
  })

  it('R46: a completion whose callback runs after the deadline passed is dropped: the slot keeps its TimeoutError, and nothing is reported', async () => {
    const { loop, reports } = virtualLoop()
    const fut = loop.createFuture<string>()
    // this timer is older than the deadline's: at t = 10 the future completes first, then the
    // deadline passes; the future's done callbacks run next iteration and find it timed out
    loop.callLater(10, () => fut.setResult('a'))
    const main = Task.gen(function* () {
      const [first] = yield* Task.asCompleted([fut], { timeout: 10 })
      const got = yield* Task.either(first!)
      return [got._tag, got._tag === 'Left' ? (got.left as Error).constructor.name : got.right, yield* Task.now]
    })
    expect(await loop.runUntilComplete(main)).toEqual(['Left', 'TimeoutError', 10])
    expect(fut.result()).toBe('a')
    loop.close()
    expect(reports).toEqual([])
  })

  it('asCompleted of nothing with a timeout arms no timer', () => {
    const t = new TestLoop()
    const h = t.start(Task.asCompleted([], { timeout: 50 }))
    t.tick()
    expect(h.outcome()).toEqual({ _tag: 'Succeeded', value: [] })
    expect(t.nextInterval()).toBeUndefined()
    t.close()
  })

  it('R45: a wait whose fiber is cancelled disarms its timeout', () => {
    const t = new TestLoop()
    const h = t.start(Task.wait([Task.never], { timeout: 1000 }))
    t.tick()
    expect(t.nextInterval()).toBe(1000)
    h.fiber.cancel()
    t.tick()
    expect(h.outcome()?._tag).toBe('Cancelled')
    expect(t.nextInterval()).toBeUndefined()
    t.close()
  })

  it('R46: once every completion has arrived, asCompleted disarms its timeout', () => {
    const t = new TestLoop()
    const h = t.start(Task.asCompleted([after(5, 'a'), after(7, 'b')], { timeout: 1000 }))
    t.tick()
    t.advanceAndTick(5)
    expect(t.nextInterval()).toBe(2) // b's sleep, then the deadline
    t.advanceAndTick(2)
    expect(h.outcome()?._tag).toBe('Succeeded')
    expect(t.nextInterval()).toBeUndefined()
    t.close()
  })
})

