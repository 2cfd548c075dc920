/**
 * Cancellation inside the fiber's run loop, seen from outside: how a request travels down
 * await chains (once per fiber, cycles broken), where a pending cancel is delivered and where
 * it is not (the step budget, `uncancellable`), what `uncancel` withdraws, what unwinding a
 * parked wait or a region puts back, and which steps a trace marks as delivering a cancel.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { CancelledError, Event, Loop, Queue, Task, TraceRecorder, runSync } from '../../lib/index.js'
import { runSyncUntil } from '../../lib/Loop.js'
import type { Fiber } from '../../lib/index.js'
import { OPS_BEFORE_CEDE } from '../../lib/runtime/fiber.js'
import { makeLog, runVirtual } from '../helpers.js'

/** The events of one fiber's track in a trace: `step` for a step, the instant's name otherwise. */
const trackOf = (recorder: TraceRecorder, fiberName: string): string[] => {
  const events = recorder.events()
  const tid = events.find((e) => e.name === 'thread_name' && e.args?.['name'] === fiberName)?.tid
  return events.filter((e) => e.tid === tid && (e.cat === 'step' || e.cat === 'cancel' || e.cat === 'fiber')).map((e) => (e.cat === 'step' ? 'step' : e.name))
}

/** A task that never suspends and takes about 2n opcodes (a left-nested chain of n flatMaps). */
const busy = (n: number): Task.Task<never, void> => {
  let t: Task.Task<never, void> = Task.unit
  for (let i = 0; i < n; i++) t = pipe(t, Task.flatMap(() => Task.unit))
  return t
}

describe("a trace's 'cancel delivered' mark", () => {
  it('marks exactly the steps that throw a cancel in: not a failure, not a CancelledError given as a value, not a masked step, not a cede after the step budget (R23)', () => {
    /** Runs `main` with a recorder; the track of the fiber it spawns as `f`. */
    const traced = (main: Task.Task<unknown, unknown>): string[] => {
      const recorder = new TraceRecorder()
      runSync(main, { trace: recorder })
      return trackOf(recorder, 'f')
    }
    const cancelItself = Task.flatMap((me: Fiber) => Task.sync(() => void me.cancel()))(Task.currentFiber)
    const settleWith = (settle: (fut: { setResult(v: unknown): void; setException(e: unknown): void }) => void) =>
      Task.gen(function* () {
        const loop = yield* Task.getRunningLoop
        const fut = loop.createFuture<unknown>()
        const f = yield* Task.spawn(Task.either(Task.join(fut)), { name: 'f' })
        yield* Task.sleep(1)
        settle(fut)
        yield* Task.join(f)
      })
    const rows = {
      'a sleep cancelled by another fiber': traced(
        Task.gen(function* () {
          const f = yield* Task.spawn(Task.sleep(100), { name: 'f' })
          yield* Task.sleep(5)
          f.cancel()
          yield* Task.gather([f], { returnExceptions: true })
        }),
      ),
      'a cancel of its own, delivered as it resumes after a cede': traced(
        Task.gen(function* () {
          const f = yield* Task.spawn(pipe(cancelItself, Task.flatMap(() => Task.cede)), { name: 'f' })
          yield* Task.gather([f], { returnExceptions: true })
        }),
      ),
      'woken by a failure': traced(settleWith((fut) => fut.setException(new Error('boom')))),
      'woken with a CancelledError as its value': traced(settleWith((fut) => fut.setResult(new CancelledError('a value')))),
      'a cancel of its own inside uncancellable, delivered at the first step after the region': traced(
        Task.gen(function* () {
          const masked = Task.uncancellable(() => pipe(cancelItself, Task.flatMap(() => Task.cede)))
          const f = yield* Task.spawn(pipe(masked, Task.flatMap(() => Task.cede)), { name: 'f' })
          yield* Task.gather([f], { returnExceptions: true })
        }),
      ),
      'a cancel of its own before a stretch past the step budget, then the end (R24)': traced(
        Task.gen(function* () {
          const f = yield* Task.spawn(pipe(cancelItself, Task.flatMap(() => busy(OPS_BEFORE_CEDE))), { name: 'f' })
          yield* Task.gather([f], { returnExceptions: true })
        }),
      ),
    }
    expect(rows).toEqual({
      'a sleep cancelled by another fiber': ['step', 'cancel requested', 'cancel delivered', 'step', 'cancelled'],
      'a cancel of its own, delivered as it resumes after a cede': ['cancel requested', 'step', 'cancel delivered', 'step', 'cancelled'],
      'woken by a failure': ['step', 'step', 'succeeded'],
      'woken with a CancelledError as its value': ['step', 'step', 'succeeded'],
      'a cancel of its own inside uncancellable, delivered at the first step after the region': ['cancel requested', 'step', 'step', 'cancel delivered', 'step', 'cancelled'],
      'a cancel of its own before a stretch past the step budget, then the end (R24)': ['cancel requested', 'step', 'step', 'step', 'cancelled'],
    })
  })
})

describe('where a pending cancel is delivered, and where not', () => {
  it('ceding after the step budget is no cancellation point: a cancel pending before a busy stretch ends the fiber only at its end (R24)', () => {
    const { events, log } = makeLog()
    const { outcome } = runVirtual(
      Task.gen(function* () {
        const me = yield* Task.currentFiber
        me.cancel()
        try {
          yield* busy(OPS_BEFORE_CEDE)
          yield* log('busy stretch done')
        } catch {
          yield* log('caught')
        }
        return 'returned'
      }),
    )
    expect([outcome._tag, events]).toEqual(['Cancelled', ['busy stretch done']])
  })

  it('a pending cancel thrown in as a step starts is delivered once: a coroutine that catches it sleeps on undisturbed (R25)', () => {
    const { events, log } = makeLog()
    const r = runVirtual(
      Task.gen(function* () {
        const me = yield* Task.currentFiber
        me.cancel('stop')
        try {
          yield* Task.cede
        } catch (e) {
          yield* log(`caught ${(e as Error).message}`)
        }
        yield* Task.sleep(10)
        return me.cancelling()
      }),
    )
    expect([r.outcome, r.elapsed, events]).toEqual([{ _tag: 'Succeeded', value: 1 }, 10, ['caught stop']])
  })

  it("a cancel pending when a fiber resumes is thrown in with the cancel's message, unless the fiber was woken by a cancellation: then that one (R28)", () => {
    /** `f` awaits a future; in one step, `settle` settles it and `f` is cancelled with 'stop'; what `f` catches. */
    const caught = (settle: (fut: { setResult(v: unknown): void; cancel(msg?: string): boolean }) => void) =>
      runSync(
        Task.gen(function* () {
          const loop = yield* Task.getRunningLoop
          const fut = loop.createFuture<unknown>()
          const f = yield* Task.spawn(
            Task.gen(function* () {
              try {
                const v = yield* Task.join(fut)
                return `got ${String(v)}`
              } catch (e) {
                return `caught ${(e as Error).name}: ${(e as Error).message}`
              }
            }),
          )
          yield* Task.cede
          settle(fut)
          f.cancel('stop')
          return yield* Task.join(f)
        }),
      )
    expect({
      'a value': caught((fut) => fut.setResult(1)),
      'a CancelledError as its value': caught((fut) => fut.setResult(new CancelledError('a value'))),
      'a cancellation of the future': caught((fut) => fut.cancel('future cancelled')),
    }).toEqual({
      'a value': { _tag: 'Succeeded', value: 'caught CancelledError: stop' },
      'a CancelledError as its value': { _tag: 'Succeeded', value: 'caught CancelledError: stop' },
      'a cancellation of the future': { _tag: 'Succeeded', value: 'caught CancelledError: future cancelled' },
    })
  })

  it('uncancel withdraws one request: a fiber cancelled twice and uncancelled once is still cancelled at its next wait (R27)', () => {
    const afterUncancels = (k: number) => {
      const r = runVirtual(
        Task.gen(function* () {
          const me = yield* Task.currentFiber
          me.cancel()
          me.cancel()
          for (let i = 0; i < k; i++) me.uncancel()
          yield* Task.sleep(10)
          return 'slept'
        }),
      )
      return [r.outcome._tag, r.elapsed]
    }
    expect([0, 1, 2].map(afterUncancels)).toEqual([
      ['Cancelled', 0],
      ['Cancelled', 0],
      ['Succeeded', 10],
    ])
  })

  it('a pending cancel handed on to the fiber it starts to await is delivered there, once: when that fiber refuses it, the awaiter gets its result (R26)', () => {
    const r = runVirtual(
      Task.gen(function* () {
        const stubborn = yield* Task.spawn(
          Task.gen(function* () {
            try {
              yield* Task.sleep(100)
            } catch {
              return 'refused'
            }
            return 'slept'
          }),
        )
        yield* Task.sleep(1)
        const awaiter = yield* Task.spawn(
          Task.gen(function* () {
            const me = yield* Task.currentFiber
            me.cancel('stop')
            return yield* stubborn
          }),
        )
        yield* Task.gather([awaiter], { returnExceptions: true })
        return [awaiter.outcome, stubborn.outcome, awaiter.cancelling(), stubborn.cancelling()]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [{ _tag: 'Succeeded', value: 'refused' }, { _tag: 'Succeeded', value: 'refused' }, 1, 1] })
    expect(r.elapsed).toBe(1)
  })

  it('inside uncancellable a pending cancel cancels no later wait and keeps no foreign operation from starting: the region runs to its end (R24)', () => {
    const { events, logAt } = makeLog()
    const r = runVirtual(
      Task.gen(function* () {
        const child = yield* Task.spawn(
          Task.uncancellable(() =>
            Task.gen(function* () {
              yield* Task.sleep(10)
              yield* Task.sleep(10)
              yield* Task.callback<never, void>((resume) => {
                events.push('foreign operation started')
                resume(Task.unit)
              })
              yield* logAt('region done')
            }),
          ),
        )
        yield* Task.sleep(5)
        child.cancel()
        yield* Task.gather([child], { returnExceptions: true })
        return child.cancelled()
      }),
    )
    expect([r.outcome, r.elapsed, events]).toEqual([{ _tag: 'Succeeded', value: true }, 20, ['foreign operation started', 'region done@20']])
  })
})

describe('cancel propagation', () => {
  it('one request that reaches a fiber through two awaiters cancels it once; when it refuses, both awaiters get its result (R26)', () => {
    const r = runVirtual(
      Task.gen(function* () {
        const shared = yield* Task.spawn(
          Task.gen(function* () {
            try {
              yield* Task.sleep(100)
            } catch {
              yield* Task.sleep(20)
              return 'refused'
            }
            return 'slept'
          }),
        )
        const a = yield* Task.spawn(Task.join(shared))
        const b = yield* Task.spawn(Task.join(shared))
        const both = yield* Task.spawn(Task.gather([a, b]))
        yield* Task.sleep(5)
        both.cancel()
        yield* Task.gather([both], { returnExceptions: true })
        return { a: a.outcome, b: b.outcome, cancelling: [shared, a, b].map((f) => f.cancelling()) }
      }),
    )
    expect(r.outcome).toEqual({
      _tag: 'Succeeded',
      value: { a: { _tag: 'Succeeded', value: 'refused' }, b: { _tag: 'Succeeded', value: 'refused' }, cancelling: [1, 1, 1] },
    })
    expect(r.elapsed).toBe(25)
  })

  it('a request that reaches a fiber only after it ended (an abort listener ran the loop meanwhile) leaves it as it ended: not counted as cancelling', () => {
    const loop = new Loop({ clock: 'virtual' })
    const quick = loop.createTask(Task.sleep(1), { name: 'quick' })
    const listening = loop.createTask(
      Task.callback<never, void>((_resume, signal) => {
        // runs inside the cancel below, after the request was passed to both fibers and before it reached quick
        signal.addEventListener('abort', () => void runSyncUntil(loop, () => quick.done()))
      }),
      { name: 'listening' },
    )
    const both = loop.createTask(Task.gather([listening, quick]))
    runSyncUntil(loop, () => false, { maxIterations: 1 })
    expect(both.cancel()).toBe(true)
    runSyncUntil(loop, () => both.done())
    expect([both.outcome?._tag, listening.outcome?._tag, quick.outcome, quick.cancelling(), listening.cancelling()]).toEqual([
      'Cancelled',
      'Cancelled',
      { _tag: 'Succeeded', value: undefined },
      0,
      1,
    ])
  })

  it('a cycle of awaits broken by a cancel: each fiber of it takes one step to end, and ends once', () => {
    const recorder = new TraceRecorder()
    let a: Fiber | undefined
    let b: Fiber | undefined
    runSync(
      Task.gen(function* () {
        b = yield* Task.spawn(Task.suspend(() => Task.join(a!)), { name: 'b' })
        a = yield* Task.spawn(Task.join(b), { name: 'a' })
        return yield* Task.either(Task.waitFor(a, 100))
      }),
      { trace: recorder },
    )
    expect({ a: trackOf(recorder, 'a'), b: trackOf(recorder, 'b') }).toEqual({
      a: ['step', 'cancel requested', 'cancel delivered', 'step', 'cancelled'],
      b: ['step', 'cancel requested', 'cancel delivered', 'step', 'cancelled'],
    })
    expect([a!.cancelling(), b!.cancelling()]).toEqual([1, 1])
  })
})

describe('what unwinding puts back', () => {
  it('an error that leaves a nested uncancellable region restores the outer region: the outer poll unmasks again', () => {
    const { events, logAt } = makeLog()
    const r = runVirtual(
      Task.gen(function* () {
        const child = yield* Task.spawn(
          Task.uncancellable((outerPoll) =>
            Task.gen(function* () {
              yield* Task.either(Task.uncancellable(() => Task.fail('inner region failed')))
              yield* outerPoll(Task.sleep(10))
              yield* logAt('after the polled sleep')
            }),
          ),
        )
        yield* Task.sleep(5)
        child.cancel()
        yield* Task.gather([child], { returnExceptions: true })
        return child.cancelled()
      }),
    )
    expect([r.outcome, r.elapsed, events]).toEqual([{ _tag: 'Succeeded', value: true }, 5, []])
  })

  it('a getter woken for an item but cancelled before it ran passes the item to the next getter: no item is lost', () => {
    const r = runVirtual(
      Task.gen(function* () {
        const q = new Queue<string>()
        const first = yield* Task.spawn(q.get())
        const second = yield* Task.spawn(q.get())
        yield* Task.cede
        q.putNowait('x')
        first.cancel()
        yield* Task.sleep(10)
        const got = second.done() ? second.outcome : 'still waiting'
        second.cancel()
        return { first: first.outcome?._tag, second: got, left: q.qsize() }
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: { first: 'Cancelled', second: { _tag: 'Succeeded', value: 'x' }, left: 0 } })
  })
})

describe('the step budget', () => {
  it('a busy fiber cedes after OPS_BEFORE_CEDE opcodes, a flatMap of a ready value counting as one', () => {
    /** Fiber `a` runs `n` flatMaps of ready values, then logs; fiber `b` only logs. */
    const order = (n: number): string[] => {
      const { events, log } = makeLog()
      const chain = (k: number): Task.Task<never, void> => (k === 0 ? log('a') : pipe(Task.unit, Task.flatMap(() => chain(k - 1))))
      runSync(
        Task.gen(function* () {
          const a = yield* Task.spawn(chain(n))
          const b = yield* Task.spawn(log('b'))
          yield* Task.gather([a, b])
        }),
      )
      return events
    }
    // n flatMaps and the log are n + 1 opcodes; the fiber cedes before its OPS_BEFORE_CEDE-th
    expect([order(OPS_BEFORE_CEDE - 2), order(OPS_BEFORE_CEDE - 1)]).toEqual([
      ['a', 'b'],
      ['b', 'a'],
    ])
  })
})

describe('a wait that starts just as the step budget runs out', () => {
  it('a fiber that cedes on its step budget as it starts to wait on an event, set while it was ceded, goes on at once', () => {
    // somewhere in this range the budget runs out exactly at the fiber's wait on the event's waiter
    const cases = Array.from({ length: 12 }, (_, i) => OPS_BEFORE_CEDE - 10 + i)
    const woke = cases.map((n) => {
      const { events, log } = makeLog()
      const event = new Event()
      const chain = (k: number): Task.Task<never, void> => (k === 0 ? Task.unit : pipe(Task.unit, Task.flatMap(() => chain(k - 1))))
      const r = runVirtual(
        Task.gen(function* () {
          const waiter = yield* Task.spawn(pipe(chain(n), Task.flatMap(() => event.wait()), Task.flatMap(() => log('woke'))))
          yield* Task.spawn(Task.sync(() => event.set()))
          yield* Task.sleep(10)
          return waiter.done()
        }),
      )
      return [r.outcome, events]
    })
    expect(woke).toEqual(cases.map(() => [{ _tag: 'Succeeded', value: true }, ['woke']]))
  })
})
