/**
 * race: the first to complete wins; the losers are cancelled and awaited (SPEC §1, LAWS.md
 * L110–L117, L138).
 */
import { pipe } from 'fp-ts/lib/function.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CancelledError, LoopError, Task } from '../lib/index.js'
import type { Fiber } from '../lib/index.js'
import type { Outcome } from '../lib/index.js'
import { makeLog, runVirtual, virtualLoop } from './helpers.js'

const after = <A>(ms: number, a: A) => pipe(Task.sleep(ms), Task.as(a))
const failAfter = (ms: number, e: unknown) => pipe(Task.sleep(ms), Task.flatMap(() => Task.fail(e)))

describe('race', () => {
  it('L110/L134: the first success wins, at the time it completes', () => {
    const r = runVirtual(Task.race([after(30, 'slow'), after(10, 'fast'), Task.never]))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 'fast' })
    expect(r.elapsed).toBe(10)
  })

  it('L114: a failure that comes first wins too; the losers are cancelled', () => {
    const { events, log } = makeLog()
    const r = runVirtual(Task.race([failAfter(5, 'boom'), pipe(Task.never, Task.onCancel(log('loser cancelled')))]))
    expect(r.outcome).toEqual({ _tag: 'Failed', error: 'boom' })
    expect(events).toEqual(['loser cancelled'])
  })

  it('L112: the losers are awaited — race returns only after their finalizers have run, each once', () => {
    const { events, logAt } = makeLog()
    const loser = pipe(Task.never, Task.onCancel(pipe(Task.sleep(7), Task.flatMap(() => logAt('loser cleaned')))))
    const r = runVirtual(Task.race([Task.of('a'), loser]))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 'a' })
    expect(events).toEqual(['loser cleaned@7'])
    expect(r.elapsed).toBe(7)
  })

  it('L138: no child outlives the race, and a dead timer does not move the clock', async () => {
    const { loop } = virtualLoop()
    const v = await loop.runUntilComplete(Task.race([Task.of('a'), Task.sleep(1000)]))
    expect(v).toBe('a')
    expect(loop.allTasks()).toEqual([])
    expect(loop.time()).toBe(0)
    loop.close()
  })

  it('L113: cancelling the race cancels every child, waits for them, and ends cancelled', async () => {
    const { events, logAt } = makeLog()
    const { loop } = virtualLoop()
    const child = (name: string) => pipe(Task.never, Task.onCancel(pipe(Task.sleep(3), Task.flatMap(() => logAt(name)))))
    const f = loop.createTask(Task.race([child('a'), child('b')]))
    loop.callLater(10, () => f.cancel())
    await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError)
    expect(events).toEqual(['a@13', 'b@13'])
    expect(loop.time()).toBe(13)
    loop.close()
  })

  it('L115: a child cancelled by someone else is skipped; when all are cancelled the race ends cancelled', async () => {
    const { loop } = virtualLoop()
    const a = loop.createTask(after(100, 'a'))
    const b = loop.createTask(after(20, 'b'))
    loop.callLater(5, () => a.cancel())
    expect(await loop.runUntilComplete(Task.race([a, b]))).toBe('b')
    const c = loop.createTask(Task.never)
    const d = loop.createTask(Task.never)
    loop.callLater(5, () => {
      c.cancel()
      d.cancel()
    })
    await expect(loop.runUntilComplete(Task.race([c, d]))).rejects.toBeInstanceOf(CancelledError)
    loop.close()
  })

  it('L117: ties are decided by completion order — cede after a value loses to a plain value', () => {
    expect(runVirtual(Task.race([pipe(Task.cede, Task.as('x')), Task.of('a')])).outcome).toEqual({ _tag: 'Succeeded', value: 'a' })
    expect(runVirtual(Task.race([Task.of('first'), Task.of('second')])).outcome).toEqual({ _tag: 'Succeeded', value: 'first' })
  })

  it('L111: fibers and futures take part as they are; a losing fiber is cancelled', async () => {
    const { loop } = virtualLoop()
    const fut = loop.createFuture<string>()
    loop.callLater(5, () => fut.setResult('future'))
    const fib = loop.createTask(after(50, 'fiber'))
    expect(await loop.runUntilComplete(Task.race([fib, fut, Task.never]))).toBe('future')
    expect(fib.cancelled()).toBe(true)
    loop.close()
  })

  it('L112: a loser that fails while being cancelled is consumed, not reported', () => {
    const r = runVirtual(Task.race([after(5, 'win'), pipe(Task.never, Task.onCancel(Task.fail('cleanup broke')))]))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 'win' })
    expect(r.reports).toEqual([])
  })

  it('R23: a cancel that reaches the racing fiber after the race ended, before that fiber resumed, is delivered when it resumes', async () => {
    const { loop, reports } = virtualLoop()
    const a = loop.createTask(after(10, 'a'))
    const racing = loop.createTask(Task.race([a]))
    // registered after the race's own callback on `a`: it runs once the race has ended and
    // scheduled the racing fiber, which is still waiting on the race
    loop.callLater(1, () => a.addDoneCallback(() => racing.cancel('late')))
    await expect(loop.runUntilComplete(racing)).rejects.toThrow(new CancelledError('late'))
    expect(a.result()).toBe('a')
    loop.close()
    expect(reports).toEqual([])
  })

  it('L113: a race cancelled after its winner failed, while a loser winds down, ends cancelled and the failure is not reported', async () => {
    const { loop, reports } = virtualLoop()
    const loser = pipe(Task.never, Task.onCancel(Task.sleep(5)))
    const racing = loop.createTask(Task.race([failAfter(10, 'boom'), loser]))
    loop.callLater(12, () => racing.cancel('stop'))
    await expect(loop.runUntilComplete(racing)).rejects.toThrow(new CancelledError('stop'))
    expect(loop.time()).toBe(15)
    loop.close()
    expect(reports).toEqual([])
  })

  it('race([]) is a RangeError; a single awaitable or a non-awaitable is a TypeError', () => {
    expect(() => Task.race([])).toThrow(RangeError)
    expect(() => Task.race(Task.unit as unknown as Iterable<Task.Task<never, void>>)).toThrow(TypeError)
    expect(() => Task.race([null as unknown as Task.Task<never, void>])).toThrow(TypeError)
  })

  it('L110–L114 property: the winner is the earliest (ties to the earlier input), elapsed is the earliest time, and every loser was cancelled once', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ ms: fc.integer({ min: 1, max: 50 }), fails: fc.boolean() }), { minLength: 1, maxLength: 8 }), (specs) => {
        const cancels = specs.map(() => 0)
        const tasks = specs.map((s, i) =>
          pipe(s.fails ? failAfter(s.ms, `e${i}`) : after(s.ms, `v${i}`), Task.onCancel(Task.sync(() => cancels[i]!++))),
        )
        const r = runVirtual(Task.race(tasks))
        const min = Math.min(...specs.map((s) => s.ms))
        const w = specs.findIndex((s) => s.ms === min)
        expect(r.outcome).toEqual(specs[w]!.fails ? { _tag: 'Failed', error: `e${w}` } : { _tag: 'Succeeded', value: `v${w}` })
        expect(r.elapsed).toBe(min)
        // a loser with the same deadline finished in the same iteration: nothing left to cancel
        expect(cancels).toEqual(specs.map((s) => (s.ms === min ? 0 : 1)))
      }),
      { numRuns: 100 },
    )
  })
})

describe('race: what its errors say', () => {
  it('bad input names Task.race', () => {
    expect(() => Task.race([])).toThrow(/^Task\.race: no awaitables, so no winner$/)
    expect(() => Task.race([null as unknown as Task.Task<never, void>])).toThrow(/^Task\.race/)
  })

  it('a fiber of another loop is a LoopError naming race, and no child starts', () => {
    const { events, log } = makeLog()
    const foreign = virtualLoop().loop.createTask(Task.never)
    const r = runVirtual(Task.race([log('started'), foreign])).outcome
    expect(((r as Outcome<unknown, unknown>)._tag === 'Failed' && (r as { error: unknown }).error instanceof LoopError && ((r as { error: Error }).error.message))).toMatch(/^Task\.race: a fiber or future belongs to a different loop/)
    expect(events).toEqual([])
  })

  /** Runs a race of two never-ending fibers in a fiber of its own, and gives what the race ended with. */
  const raceEnding = (act: (a: Fiber<never, never>, b: Fiber<never, never>, racing: Fiber<never, string>) => void) =>
    runVirtual(Task.gen(function* () {
      const a = yield* Task.spawn(Task.never)
      const b = yield* Task.spawn(Task.never)
      const racing = yield* Task.spawn(Task.gen(function* () {
        try {
          return `won by ${yield* Task.race([a, b])}`
        } catch (e) {
          // caught: a cancel that was delivered does not come back at the next suspension
          yield* Task.sleep(1)
          return `${(e as Error).name}: ${(e as Error).message}`
        }
      }))
      yield* Task.cede
      act(a, b, racing)
      return yield* Task.join(racing)
    })).outcome

  it('when every child is cancelled by someone else, the race ends with a CancelledError that says so', () => {
    expect(raceEnding((a, b) => (a.cancel(), b.cancel()))).toEqual({ _tag: 'Succeeded', value: 'CancelledError: every child of the race was cancelled' })
  })

  it('cancelling the racing fiber cancels the children, and the race ends with that cancel, message and all', () => {
    expect(raceEnding((_a, _b, racing) => racing.cancel('stop'))).toEqual({ _tag: 'Succeeded', value: 'CancelledError: stop' })
  })

  it('a second cancel of the racing fiber, while its children wind down, cancels them no further', () => {
    const counts: number[] = []
    const ending = raceEnding((a, b, racing) => {
      racing.cancel('stop')
      racing.cancel('again')
      counts.push(a.cancelling(), b.cancelling())
    })
    expect(ending).toEqual({ _tag: 'Succeeded', value: 'CancelledError: stop' })
    expect(counts).toEqual([1, 1])
  })
})
