/**
 * timeout and waitFor exactly as ASYNCIO.md §G (R37–R44): the cancelling()/uncancel()
 * protocol, ties decided by callback order, a deadline with ms <= 0.
 */
import { pipe } from 'fp-ts/lib/function.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CancelledError, LoopError, Task, TimeoutError } from '../lib/index.js'
import type { Fiber, Outcome } from '../lib/index.js'
import { TestLoop } from '../lib/testing/index.js'
import { makeLog, runVirtual, virtualLoop } from './helpers.js'

const after = <A>(ms: number, a: A) => pipe(Task.sleep(ms), Task.as(a))

/** A short name for an outcome: the value, the error's class name, or 'Cancelled'. */
const show = (o: Outcome.Outcome<unknown, unknown> | undefined): unknown =>
  o === undefined ? 'pending' : o._tag === 'Succeeded' ? o.value : o._tag === 'Cancelled' ? 'Cancelled' : o.error instanceof Error ? o.error.name : o.error

/** Runs `task` inside `gen`, catching what it throws; gives the value or the error's name. */
const attempt = <E, A>(task: Task.Task<E, A>) =>
  Task.gen(function* () {
    try {
      return yield* task
    } catch (e) {
      return e instanceof Error ? e.name : e
    }
  })

describe('timeout (R37, R38)', () => {
  it('R37: an inner still running at the deadline is cancelled and the timeout fails with TimeoutError caused by the CancelledError', () => {
    const r = runVirtual(pipe(Task.sleep(100), Task.timeout(10)))
    expect(r.outcome._tag).toBe('Failed')
    const e = (r.outcome as { error: unknown }).error
    expect(e).toBeInstanceOf(TimeoutError)
    expect((e as Error).cause).toBeInstanceOf(CancelledError)
    expect(r.elapsed).toBe(10)
  })

  it('R37: an inner done before the deadline gives its value, and the disarmed timer does not hold the clock', () => {
    const { loop } = virtualLoop()
    const v = loop.runUntilComplete(pipe(after(5, 'x'), Task.timeout(1000)))
    return v.then((x) => {
      expect(x).toBe('x')
      expect(loop.time()).toBe(5)
      loop.close()
    })
  })

  it('R37: an inner failure before the deadline passes through unchanged', () => {
    const r = runVirtual(pipe(Task.sleep(5), Task.flatMap(() => Task.fail('boom')), Task.timeout(10)))
    expect(r.outcome).toEqual({ _tag: 'Failed', error: 'boom' })
  })

  it('R37: a body that swallows the expiry cancel and returns a value returns it, and cancelling() is back to its entry level', () => {
    const main = Task.gen(function* () {
      const me = yield* Task.currentFiber
      const v = yield* pipe(
        Task.gen(function* () {
          try {
            yield* Task.sleep(100)
          } catch {
            return 'swallowed'
          }
          return 'slept'
        }),
        Task.timeout(10),
      )
      return [v, me.cancelling(), yield* Task.now]
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: ['swallowed', 0, 10] })
  })

  it('R37: timeout(0) around a body that does not suspend exits before the deadline callback: no error', () => {
    expect(runVirtual(pipe(Task.of(1), Task.timeout(0))).outcome).toEqual({ _tag: 'Succeeded', value: 1 })
    expect(runVirtual(pipe(Task.of(1), Task.timeout(-5))).outcome).toEqual({ _tag: 'Succeeded', value: 1 })
  })

  it('R37: timeout(0) around a body that suspends expires on the next iteration', () => {
    const r = runVirtual(pipe(Task.sleep(0), Task.timeout(0)))
    expect(show(r.outcome)).toBe('TimeoutError')
    expect(r.elapsed).toBe(0)
  })

  it('R37: a converted timeout leaves the fiber uncancelled: cancelling() is 0 and it can keep awaiting', () => {
    const main = Task.gen(function* () {
      const me = yield* Task.currentFiber
      const first = yield* attempt(pipe(Task.never, Task.timeout(10)))
      yield* Task.sleep(5)
      return [first, me.cancelling(), yield* Task.now]
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: ['TimeoutError', 0, 15] })
  })

  it('R38: nested timeouts with equal deadlines — the inner lets CancelledError through, the outer raises TimeoutError', () => {
    const seen: string[] = []
    const inner = pipe(Task.sleep(100), Task.timeout(10))
    const main = pipe(
      Task.gen(function* () {
        try {
          return yield* inner
        } catch (e) {
          seen.push((e as Error).name)
          throw e
        }
      }),
      Task.timeout(10),
    )
    const r = runVirtual(main)
    expect(seen).toEqual(['CancelledError'])
    expect(show(r.outcome)).toBe('TimeoutError')
  })

  it('R38: nested timeouts — the shorter inner one converts and the outer one never fires', () => {
    const main = pipe(attempt(pipe(Task.sleep(100), Task.timeout(5))), Task.timeout(50))
    const r = runVirtual(Task.gen(function* () {
      const v = yield* main
      yield* Task.sleep(100)
      return v
    }))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 'TimeoutError' })
    expect(r.elapsed).toBe(105)
  })

  it('R38: a foreign cancel before the deadline stays a cancel', async () => {
    const { loop } = virtualLoop()
    const f = loop.createTask(pipe(Task.sleep(100), Task.timeout(10)))
    loop.callLater(5, () => f.cancel())
    await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError)
    expect(f.cancelled()).toBe(true)
    loop.close()
  })

  it('R38/R43d: a foreign cancel in the same iteration as the deadline stays a cancel, whichever runs first', async () => {
    for (const foreignFirst of [true, false]) {
      const { loop } = virtualLoop()
      let f!: Fiber<unknown, unknown>
      if (foreignFirst) loop.callLater(10, () => f.cancel())
      f = loop.createTask(pipe(Task.sleep(100), Task.timeout(10)))
      // registered after the fiber's own timer (armed on its first step)
      if (!foreignFirst) loop.callSoon(() => loop.callLater(10, () => f.cancel()))
      await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError)
      expect(loop.time()).toBe(10)
      loop.close()
    }
  })

  it('R38: a cancel caught earlier without uncancel() is part of the baseline, so a later timeout still raises TimeoutError', async () => {
    const { loop } = virtualLoop()
    const main = Task.gen(function* () {
      const me = yield* Task.currentFiber
      try {
        yield* Task.sleep(100)
      } catch {
        // caught and ignored; the count stays at 1
      }
      const level = me.cancelling()
      const r = yield* attempt(pipe(Task.sleep(100), Task.timeout(10)))
      return [level, r, me.cancelling()]
    })
    const f = loop.createTask(main)
    loop.callLater(1, () => f.cancel())
    expect(await loop.runUntilComplete(f)).toEqual([1, 'TimeoutError', 1])
    loop.close()
  })

  it('R37: Infinity never expires; NaN or a non-number is a TypeError when called', () => {
    expect(runVirtual(pipe(after(1e9, 'late'), Task.timeout(Infinity))).outcome).toEqual({ _tag: 'Succeeded', value: 'late' })
    expect(() => Task.timeout(NaN)).not.toThrow() // data-last: the check happens when applied
    expect(() => pipe(Task.unit, Task.timeout(NaN))).toThrow(TypeError)
    expect(() => Task.waitFor(Task.unit, '5' as unknown as number)).toThrow(/number of milliseconds/)
    expect(() => Task.waitFor(42 as unknown as Task.Task<never, void>, 5)).toThrow(/Task, a Fiber or a Future/)
  })
})

describe('waitFor (R40–R44)', () => {
  it('R40: a Task runs inline in the calling fiber (no new fiber)', () => {
    const main = Task.gen(function* () {
      const me = yield* Task.currentFiber
      const inner = yield* Task.waitFor(Task.currentFiber, 10)
      return inner === me
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: true })
  })

  it('R40: a fiber argument is awaited, so the expiry cancels that fiber', async () => {
    const { loop } = virtualLoop()
    const inner = loop.createTask(after(100, 'v'))
    const outer = loop.createTask(attempt(Task.waitFor(inner, 10)))
    expect(await loop.runUntilComplete(outer)).toBe('TimeoutError')
    expect(inner.cancelled()).toBe(true)
    loop.close()
  })

  it('R40: the TimeoutError comes only after the inner has reacted to the cancel (cleanup time delays it)', () => {
    const { events, logAt } = makeLog()
    const inner = pipe(Task.never, Task.onCancel(pipe(Task.sleep(5), Task.flatMap(() => logAt('cleaned')))))
    const r = runVirtual(Task.waitFor(inner, 10))
    expect(show(r.outcome)).toBe('TimeoutError')
    expect(events).toEqual(['cleaned@15'])
    expect(r.elapsed).toBe(15)
  })

  it('R40: an inner that suppresses the cancel and returns a value gives that value', async () => {
    const { loop } = virtualLoop()
    const stubborn = loop.createTask(
      Task.gen(function* () {
        try {
          yield* Task.sleep(100)
        } catch {
          yield* Task.sleep(3)
          return 'kept'
        }
        return 'slept'
      }),
    )
    expect(await loop.runUntilComplete(Task.waitFor(stubborn, 10))).toBe('kept')
    expect(loop.time()).toBe(13)
    loop.close()
  })

  it('R40: an inner that fails otherwise while being cancelled gives that failure, not TimeoutError', () => {
    const inner = pipe(Task.never, Task.onCancel(Task.fail('cleanup broke')))
    expect(runVirtual(Task.waitFor(inner, 10)).outcome).toEqual({ _tag: 'Failed', error: 'cleanup broke' })
  })

  it('R41: waitFor(task, 0) cancels the task before its first step: its body never runs', () => {
    let ran = false
    const r = runVirtual(Task.waitFor(Task.sync(() => (ran = true)), 0))
    expect(show(r.outcome)).toBe('TimeoutError')
    expect(ran).toBe(false)
    expect(runVirtual(Task.waitFor(Task.of(1), -1)).outcome._tag).toBe('Failed')
  })

  it('R41: waitFor(done fiber, 0) gives its result without suspending', async () => {
    const { loop } = virtualLoop()
    const done = loop.createTask(Task.of('ready'))
    await loop.runUntilComplete(done)
    const main = Task.gen(function* () {
      const counter = { n: 0 }
      const ticker = yield* Task.spawn(Task.sync(() => counter.n++))
      const v = yield* Task.waitFor(done, 0)
      const ticks = counter.n // the ticker has not run: waitFor did not suspend
      yield* ticker
      return [v, ticks]
    })
    expect(await loop.runUntilComplete(main)).toEqual(['ready', 0])
    loop.close()
  })

  it('R41: waitFor(pending fiber, 0) cancels it and waits until it is done; cancelled → TimeoutError, else its value', async () => {
    const { loop } = virtualLoop()
    const plain = loop.createTask(pipe(Task.never, Task.onCancel(Task.sleep(4))))
    const r1 = loop.createTask(attempt(Task.waitFor(plain, 0)))
    expect(await loop.runUntilComplete(r1)).toBe('TimeoutError')
    expect(loop.time()).toBe(4)
    const stubborn = loop.createTask(Task.gen(function* () {
      try {
        yield* Task.never
      } catch {
        return 'refused'
      }
    }))
    expect(await loop.runUntilComplete(Task.waitFor(stubborn, 0))).toBe('refused')
    loop.close()
  })

  it('R42: cancelling the fiber that runs waitFor gives CancelledError, never TimeoutError, and cancels the inner fiber', async () => {
    const { loop } = virtualLoop()
    const inner = loop.createTask(after(100, 'v'))
    const outer = loop.createTask(Task.waitFor(inner, 10))
    loop.callLater(10, () => outer.cancel()) // even at the deadline instant
    await expect(loop.runUntilComplete(outer)).rejects.toBeInstanceOf(CancelledError)
    expect(inner.cancelled()).toBe(true)
    loop.close()
  })

  it('R43a: a future completed and the waiter resumed before the deadline → the result', async () => {
    const { loop } = virtualLoop()
    const fut = loop.createFuture<string>()
    loop.callLater(9, () => fut.setResult('v'))
    expect(await loop.runUntilComplete(Task.waitFor(fut, 10))).toBe('v')
    loop.close()
  })

  it('R43b: a future completed in the same iteration as the deadline but before the waiter resumed → TimeoutError; the future keeps its result', async () => {
    const { loop } = virtualLoop()
    const fut = loop.createFuture<string>()
    loop.callLater(10, () => fut.setResult('v')) // registered before the deadline timer
    const outer = loop.createTask(attempt(Task.waitFor(fut, 10)))
    expect(await loop.runUntilComplete(outer)).toBe('TimeoutError')
    expect(fut.result()).toBe('v')
    loop.close()
  })

  it('R43c: an awaited fiber whose sleep fired in the deadline iteration is itself cancelled and never produces its result', async () => {
    const { loop } = virtualLoop()
    const inner = loop.createTask(after(10, 'v')) // its timer is registered first
    const outer = loop.createTask(attempt(Task.waitFor(inner, 10)))
    expect(await loop.runUntilComplete(outer)).toBe('TimeoutError')
    expect(inner.cancelled()).toBe(true)
    loop.close()
  })

  it('R43: an inline task whose sleep ends exactly at the deadline is cancelled (the deadline timer was armed first)', () => {
    expect(show(runVirtual(Task.waitFor(after(10, 'v'), 10)).outcome)).toBe('TimeoutError')
    expect(runVirtual(Task.waitFor(after(9, 'v'), 10)).outcome).toEqual({ _tag: 'Succeeded', value: 'v' })
  })

  it('R43d: a cancel of the caller is not lost to an inner that finishes in the same iteration', async () => {
    const { loop } = virtualLoop()
    const fut = loop.createFuture<string>()
    const outer = loop.createTask(Task.waitFor(fut, 100))
    loop.callLater(10, () => {
      fut.setResult('v')
      outer.cancel()
    })
    await expect(loop.runUntilComplete(outer)).rejects.toBeInstanceOf(CancelledError)
    loop.close()
  })

  it('R44: waitFor(shield(fiber), d) times out right at the deadline; the fiber continues and can be awaited later', async () => {
    const { loop } = virtualLoop()
    const inner = loop.createTask(after(50, 'done'))
    const main = Task.gen(function* () {
      const r = yield* attempt(Task.waitFor(Task.shield(inner), 10))
      const at = yield* Task.now
      return [r, at, yield* inner, yield* Task.now]
    })
    expect(await loop.runUntilComplete(main)).toEqual(['TimeoutError', 10, 'done', 50])
    loop.close()
  })

  it('R44: waitFor(shield(fiber), 0) times out at once and leaves the fiber untouched', async () => {
    const { loop } = virtualLoop()
    const inner = loop.createTask(after(50, 'done'))
    const r = await loop.runUntilComplete(attempt(Task.waitFor(Task.shield(inner), 0)))
    expect(r).toBe('TimeoutError')
    expect(inner.done()).toBe(false)
    expect(await loop.runUntilComplete(inner)).toBe('done')
    loop.close()
  })

  it('R40/R37 property: waitFor(sleep(d1) as a, d2) gives a if d1 < d2, TimeoutError at d2 if d1 >= d2, and leaves cancelling() at 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), (d1, d2) => {
        const main = Task.gen(function* () {
          const me = yield* Task.currentFiber
          const r = yield* attempt(Task.waitFor(after(d1, 'a'), d2))
          return [r, me.cancelling()]
        })
        const r = runVirtual(main)
        expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [d1 < d2 ? 'a' : 'TimeoutError', 0] })
        expect(r.elapsed).toBe(Math.min(d1, d2))
      }),
      { numRuns: 100 },
    )
  })

  it('R38/R40/R42 property: with a deadline, an inner with a slow cleanup, and an outside cancel at distinct times, the ending is the value, TimeoutError or a cancel exactly as the protocol says', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 100 }), async (d1, d2, c, te) => {
        fc.pre(new Set([d1, d2, te, d2 + c]).size === 4)
        const { loop } = virtualLoop()
        const inner = pipe(after(d1, 'v'), Task.onCancel(Task.sleep(c)))
        const f = loop.createTask(Task.waitFor(inner, d2))
        loop.callLater(te, () => f.cancel())
        const ending = await loop.runUntilComplete(f).then(
          (v) => v,
          (e: unknown) => (e instanceof Error ? e.name : e),
        )
        const expected =
          d1 < Math.min(d2, te) ? ['v', d1] : te < d2 ? ['CancelledError', te + c] : te < d2 + c ? ['CancelledError', d2 + c] : ['TimeoutError', d2 + c]
        expect([ending, loop.time()]).toEqual(expected)
        loop.close()
      }),
      { numRuns: 150 },
    )
  })
})

describe('timeout and waitFor: what their errors say', () => {
  it('bad input is a TypeError that names the function given it', () => {
    expect(() => pipe(Task.unit, Task.timeout(NaN))).toThrow(/^Task\.timeout expects a number of milliseconds, got number NaN/)
    expect(() => pipe(42 as unknown as Task.Task<never, void>, Task.timeout(5))).toThrow(/^Task\.timeout/)
    expect(() => Task.waitFor(Task.unit, '5' as unknown as number)).toThrow(/^Task\.waitFor expects a number of milliseconds/)
    expect(() => Task.waitFor(42 as unknown as Task.Task<never, void>, 5)).toThrow(/^Task\.waitFor/)
  })

  it('the TimeoutError says after how long it gave up, and keeps the CancelledError it came from as its cause', () => {
    const late = runVirtual(pipe(after(50, 'late'), Task.timeout(10))).outcome
    expect(((late as Outcome<unknown, unknown>)._tag === 'Failed' && (late as { error: unknown }).error instanceof TimeoutError && ((late as { error: Error }).error.message))).toBe('timed out after 10 ms')
    const now = runVirtual(Task.waitFor(after(50, 'late'), 0)).outcome
    expect(((now as Outcome<unknown, unknown>)._tag === 'Failed' && (now as { error: unknown }).error instanceof TimeoutError && ((now as { error: Error }).error.message))).toBe('timed out after 0 ms')
    expect(now._tag === 'Failed' && (now.error as TimeoutError).cause).toBeInstanceOf(CancelledError)
  })

  it('waitFor(x, 0) of a fiber of another loop is a LoopError naming waitFor, and cancels nothing', () => {
    const other = virtualLoop().loop
    const foreign = other.createTask(Task.never)
    const r = runVirtual(Task.waitFor(foreign, 0)).outcome
    expect(((r as Outcome<unknown, unknown>)._tag === 'Failed' && (r as { error: unknown }).error instanceof LoopError && ((r as { error: Error }).error.message))).toMatch(/^Task\.waitFor: a fiber or future belongs to a different loop/)
    expect(foreign.cancelling()).toBe(0)
  })

  it('waitFor(x, 0) of a child that fails when cancelled fails with that error, not with a value', () => {
    const stubborn = Task.gen(function* () {
      try {
        yield* Task.never
      } catch {
        // the cancel is caught here, and the child fails instead
      }
      return yield* Task.fail('refused')
    })
    const r = runVirtual(Task.gen(function* () {
      const child = yield* Task.spawn(stubborn)
      yield* Task.cede
      return yield* Task.waitFor(child, 0)
    })).outcome
    expect(r).toEqual({ _tag: 'Failed', error: 'refused' })
  })
})

describe('timeout and waitFor: at the edges of an iteration, and no timer left behind', () => {
  it('R41/R42: waitFor(x, 0) cancelled in the iteration its inner ends gives CancelledError, and nothing is reported', async () => {
    const { loop, reports } = virtualLoop()
    const inner = loop.createTask(pipe(Task.never, Task.onCancel(Task.sleep(5))))
    const outer = loop.createTask(Task.waitFor(inner, 0))
    // the inner's cleanup ends at t = 5, one iteration after its sleep fired; the cancel is
    // sent in that same iteration, so the inner's done callback finds the waiter cancelled
    loop.callLater(5, () => loop.callSoon(() => outer.cancel('stop')))
    await expect(loop.runUntilComplete(outer)).rejects.toThrow(new CancelledError('stop'))
    await loop.runUntilComplete(Task.cede)
    expect(inner.cancelled()).toBe(true)
    loop.close()
    expect(reports).toEqual([])
  })

  it('R37: timeout(Infinity) arms no timer', () => {
    const t = new TestLoop()
    t.start(pipe(Task.never, Task.timeout(Infinity)))
    t.tick()
    expect(t.nextInterval()).toBeUndefined()
    t.close()
  })
})
