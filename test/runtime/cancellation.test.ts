/**
 * Cancellation exactly as ASYNCIO.md §D (R19–R28): a request, delivered as a CancelledError
 * thrown in at the suspension point, propagated down await chains, catchable by a coroutine,
 * deferred by uncancellable; finalizers run exactly once.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { CancelledError, Task, TimeoutError } from '../../lib/index.js'
import type { Fiber } from '../../lib/index.js'
import { makeLog, runVirtual, virtualLoop } from '../helpers.js'
import { runSyncUntil } from '../../lib/Loop.js'
import { mutationRun } from '../mutationRun.js'

/** Spawns `child`, lets it run until `at` ms, cancels it with `msg`, and awaits its outcome. */
const cancelAt = <E, A>(child: Task.Task<E, A>, at: number, msg?: string) =>
  Task.gen(function* () {
    const f = yield* Task.spawn(child, { name: 'child' })
    yield* Task.sleep(at)
    const accepted = f.cancel(msg)
    try {
      yield* f
    } catch {
      // the child's failure or cancellation: read it from the fiber below
    }
    return { accepted, outcome: f.outcome, fiber: f as Fiber }
  })

describe('cancel requests (R22)', () => {
  it('R22: cancel() on a pending fiber returns true each time and counts; on a done fiber it returns false', async () => {
    const { loop } = virtualLoop()
    const f = loop.createTask(Task.sleep(100))
    expect(f.cancel()).toBe(true)
    expect(f.cancel()).toBe(true)
    expect(f.cancelling()).toBe(2)
    expect(f.cancelled()).toBe(false) // still a request: it has not ended yet
    await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError)
    expect(f.cancelled()).toBe(true)
    expect(f.cancel()).toBe(false)
    loop.close()
  })

  it('R23: a fiber cancelled before its first step never runs its body', async () => {
    const { loop } = virtualLoop()
    let ran = false
    const f = loop.createTask(Task.sync(() => (ran = true)))
    f.cancel('before start')
    await expect(loop.runUntilComplete(f)).rejects.toThrow('before start')
    expect(ran).toBe(false)
    expect(f.outcome).toEqual({ _tag: 'Cancelled', message: 'before start' })
    loop.close()
  })

  it('R23: a sleeping fiber gets CancelledError at its sleep, runs its finally, and the sleep timer is dropped', () => {
    const { events, logAt } = makeLog()
    const child = Task.gen(function* () {
      try {
        yield* Task.sleep(1000)
        yield* logAt('woke')
      } finally {
        yield* logAt('finally')
      }
    })
    const r = runVirtual(cancelAt(child, 10, 'stop'))
    expect(events).toEqual(['finally@10'])
    expect(r.elapsed).toBe(10) // the 1000 ms timer did not hold the clock
    expect(r.outcome).toMatchObject({ _tag: 'Succeeded', value: { accepted: true } })
    expect((r.outcome as any).value.fiber.outcome).toEqual({ _tag: 'Cancelled', message: 'stop' })
  })

  it('R23: the value of an awaited future that completed is never seen if a cancel is pending at resumption', async () => {
    const { loop } = virtualLoop()
    const fut = loop.createFuture<number>()
    const seen: unknown[] = []
    const f = loop.createTask(
      Task.gen(function* () {
        seen.push(yield* fut)
      }),
    )
    loop.callSoon(() => {
      fut.setResult(1) // wakes f next iteration…
      f.cancel() // …but the future is done: the cancel is held and thrown in instead
    })
    await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError)
    expect(seen).toEqual([])
    expect(fut.result()).toBe(1)
    loop.close()
  })

  it('R23: a fiber that cancels itself and then sleeps is cancelled at that sleep at once', () => {
    const r = runVirtual(
      Task.gen(function* () {
        const me = yield* Task.currentFiber
        me.cancel()
        yield* Task.sleep(100_000)
        return 'unreachable'
      }),
    )
    expect(r.outcome._tag).toBe('Cancelled')
    expect(r.elapsed).toBe(0)
  })

  it('R24: a fiber that requests its own cancel and returns without suspending ends cancelled', () => {
    const r = runVirtual(
      Task.gen(function* () {
        const me = yield* Task.currentFiber
        me.cancel('at the finish line')
        return 42
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Cancelled', message: 'at the finish line' })
  })

  it('R25: a coroutine may catch CancelledError and return a value; the request count stays', () => {
    const child = Task.gen(function* () {
      try {
        yield* Task.sleep(1000)
        return 'slept'
      } catch (e) {
        if (e instanceof CancelledError) return `caught: ${e.message}`
        throw e
      }
    })
    const r = runVirtual(cancelAt(child, 5, 'please'))
    const v = (r.outcome as any).value
    expect(v.outcome).toEqual({ _tag: 'Succeeded', value: 'caught: please' })
    expect(v.fiber.cancelled()).toBe(false)
    expect(v.fiber.cancelling()).toBe(1)
  })

  it('R25: after catching, later awaits are not affected (no residual cancellation)', () => {
    const child = Task.gen(function* () {
      try {
        yield* Task.sleep(1000)
      } catch {
        /* swallowed */
      }
      yield* Task.sleep(50)
      return 'carried on'
    })
    const r = runVirtual(cancelAt(child, 5))
    expect((r.outcome as any).value.outcome).toEqual({ _tag: 'Succeeded', value: 'carried on' })
    expect(r.elapsed).toBe(55)
  })
})

describe('propagation (R26)', () => {
  it('R26: cancelling a fiber blocked in join cancels the fiber it awaits; finalizers run innermost first', () => {
    const { events, log } = makeLog()
    const inner = pipe(Task.sleep(1000), Task.ensuring(log('inner finally')))
    const outer = Task.gen(function* () {
      const f = yield* Task.spawn(inner, { name: 'inner' })
      try {
        yield* f
      } finally {
        yield* log(`outer finally; inner cancelled: ${f.cancelled()}`)
      }
    })
    const r = runVirtual(cancelAt(outer, 10))
    expect(events).toEqual(['inner finally', 'outer finally; inner cancelled: true'])
    expect((r.outcome as any).value.outcome._tag).toBe('Cancelled')
  })

  it('R26: if the awaited fiber refuses the cancel, the awaiter keeps waiting and gets its result', () => {
    const stubborn = Task.gen(function* () {
      try {
        yield* Task.sleep(100)
      } catch {
        yield* Task.sleep(20)
        return 'refused'
      }
      return 'slept'
    })
    const awaiter = Task.gen(function* () {
      const f = yield* Task.spawn(stubborn)
      return yield* f
    })
    const r = runVirtual(cancelAt(awaiter, 10))
    expect((r.outcome as any).value.outcome).toEqual({ _tag: 'Succeeded', value: 'refused' })
    expect(r.elapsed).toBe(30)
  })

  it('R26: cancelling a fiber awaiting a Future cancels the future', async () => {
    const { loop } = virtualLoop()
    const fut = loop.createFuture<number>()
    const f = loop.createTask(Task.join(fut))
    loop.callSoon(() => f.cancel('go away'))
    await expect(loop.runUntilComplete(f)).rejects.toThrow('go away')
    expect(fut.cancelled()).toBe(true)
    loop.close()
  })

  it('R21: a fiber that awaits a fiber someone else cancelled ends cancelled itself', () => {
    const r = runVirtual(
      Task.gen(function* () {
        const victim = yield* Task.spawn(Task.sleep(100))
        const watcher = yield* Task.spawn(Task.join(victim))
        yield* Task.cede
        victim.cancel()
        return yield* Task.outcome(Task.join(watcher)).pipe(Task.catchAll(() => Task.of('x')))
      }),
    )
    expect(r.outcome._tag).toBe('Cancelled') // main awaited the cancelled watcher and did not catch
  })
})

describe('cancelling() / uncancel() (R27) and messages (R28)', () => {
  it('R27: uncancel() back to 0 withdraws a cancel that was not delivered yet', () => {
    const r = runVirtual(
      Task.gen(function* () {
        const me = yield* Task.currentFiber
        me.cancel()
        expect(me.cancelling()).toBe(1)
        expect(me.uncancel()).toBe(0)
        yield* Task.sleep(10)
        return 'not cancelled'
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 'not cancelled' })
  })

  it('R27: uncancel() never goes below zero', () => {
    const r = runVirtual(Task.map((me: Fiber) => [me.uncancel(), me.cancelling()])(Task.currentFiber))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [0, 0] })
  })

  it('R28: the cancel message reaches the coroutine and the awaited fiber', () => {
    const seen: string[] = []
    const inner = Task.gen(function* () {
      try {
        yield* Task.never
      } catch (e) {
        seen.push(`inner: ${(e as Error).message}`)
        throw e
      }
    })
    const outer = Task.gen(function* () {
      try {
        yield* yield* Task.spawn(inner)
      } catch (e) {
        seen.push(`outer: ${(e as Error).message}`)
        throw e
      }
    })
    runVirtual(cancelAt(outer, 1, 'shutdown'))
    expect(seen).toEqual(['inner: shutdown', 'outer: shutdown'])
  })
})

describe('combinators do not see cancellation', () => {
  it('catchAll, mapError, either, match and outcome let CancelledError pass', () => {
    const handled: string[] = []
    const body = pipe(
      Task.never,
      Task.catchAll(() => Task.sync(() => handled.push('catchAll'))),
      Task.mapError(() => handled.push('mapError')),
      Task.either,
      Task.match({ onSuccess: () => handled.push('match success'), onFailure: () => handled.push('match failure') }),
      Task.outcome,
    )
    const r = runVirtual(cancelAt(body, 1))
    expect(handled).toEqual([])
    expect((r.outcome as any).value.outcome._tag).toBe('Cancelled')
  })
})

describe('uncancellable', () => {
  it('defers a cancel to the first suspension point after the region', () => {
    const { events, logAt } = makeLog()
    const child = Task.gen(function* () {
      yield* Task.uncancellable(() => Task.gen(function* () {
        yield* Task.sleep(100)
        yield* logAt('region done')
      }))
      yield* logAt('after region')
      yield* Task.sleep(100)
      yield* logAt('unreachable')
    })
    const r = runVirtual(cancelAt(child, 10))
    expect(events).toEqual(['region done@100', 'after region@100'])
    expect((r.outcome as any).value.outcome._tag).toBe('Cancelled')
    expect(r.elapsed).toBe(100)
  })

  it('poll makes a part of the region cancellable again', () => {
    const { events, logAt } = makeLog()
    const child = Task.uncancellable((poll) =>
      Task.gen(function* () {
        yield* Task.sleep(5)
        yield* logAt('masked sleep done')
        yield* poll(Task.sleep(100))
        yield* logAt('unreachable')
      }),
    )
    const r = runVirtual(cancelAt(child, 1))
    expect(events).toEqual(['masked sleep done@5'])
    expect((r.outcome as any).value.outcome._tag).toBe('Cancelled')
    expect(r.elapsed).toBe(5)
  })

  it('R24: a fiber whose cancel was deferred and that finishes without another suspension ends cancelled', () => {
    const child = Task.uncancellable(() => pipe(Task.sleep(50), Task.as('value')))
    const r = runVirtual(cancelAt(child, 1))
    expect((r.outcome as any).value.outcome._tag).toBe('Cancelled')
    expect(r.elapsed).toBe(50)
  })

  it('a cancelled fiber blocked in join inside uncancellable does not cancel what it awaits', () => {
    const child = Task.gen(function* () {
      const worker = yield* Task.spawn(pipe(Task.sleep(30), Task.as('work')))
      const v = yield* Task.uncancellable(() => Task.join(worker))
      return { v, workerCancelled: worker.cancelled() }
    })
    const r = runVirtual(cancelAt(child, 1))
    expect((r.outcome as any).value.outcome._tag).toBe('Cancelled') // R24 at the finish line
    expect(r.elapsed).toBe(30)
  })
})

describe('finalizers run exactly once', () => {
  const cases = {
    success: Task.of(1),
    failure: Task.fail('boom'),
    cancellation: Task.never,
  }
  for (const [name, body] of Object.entries(cases)) {
    it(`ensuring runs once after ${name}; onCancel only after cancellation`, () => {
      let ensured = 0
      let onCancelled = 0
      const task = pipe(
        body as Task.Task<string, number>,
        Task.onCancel(Task.sync(() => onCancelled++)),
        Task.ensuring(Task.sync(() => ensured++)),
      )
      runVirtual(cancelAt(task, 1))
      expect(ensured).toBe(1)
      expect(onCancelled).toBe(name === 'cancellation' ? 1 : 0)
    })
  }

  it('bracket releases exactly once with the outcome of use, and acquire is not interrupted', () => {
    const log: string[] = []
    const task = Task.bracket(
      pipe(Task.sleep(10), Task.as('resource'), Task.tap((r) => Task.sync(() => log.push(`acquired ${r}`)))),
      (r) => pipe(Task.sleep(100), Task.as(`used ${r}`)),
      (r, outcome) => Task.sync(() => log.push(`released ${r}: ${outcome._tag}`)),
    )
    const r = runVirtual(cancelAt(task, 5)) // cancel arrives during acquire
    expect(log).toEqual(['acquired resource', 'released resource: Cancelled'])
    expect((r.outcome as any).value.outcome._tag).toBe('Cancelled')
    expect(r.elapsed).toBe(10) // use was cancelled at its first suspension point
  })

  it('a finalizer that fails replaces the ending (as an exception raised in finally does)', () => {
    const r = runVirtual(pipe(Task.fail('original'), Task.ensuring(Task.fail('from finalizer'))))
    expect(r.outcome).toEqual({ _tag: 'Failed', error: 'from finalizer' })
  })

  it('a finalizer may suspend; a second cancel does not interrupt it', () => {
    const { events, logAt } = makeLog()
    const child = pipe(Task.never, Task.ensuring(pipe(Task.sleep(20), Task.flatMap(() => logAt('cleanup done')))))
    const main = Task.gen(function* () {
      const f = yield* Task.spawn(child)
      yield* Task.sleep(1)
      f.cancel()
      yield* Task.sleep(1)
      f.cancel()
      return yield* Task.outcome(Task.join(f))
    })
    const r = runVirtual(main)
    expect(events).toEqual(['cleanup done@21'])
    expect(r.outcome._tag).toBe('Cancelled')
  })
})

describe('masks after finalizers, cancels after poll, foreign operations after a cancel', () => {
  it('a finalizer that fails does not leave its fiber uncancellable: the mask depth is restored on the failure path', () => {
    const { outcome } = runVirtual(
      Task.gen(function* () {
        const child = yield* Task.spawn(
          Task.gen(function* () {
            yield* Task.either(pipe(Task.unit, Task.ensuring(Task.fail('x'))))
            yield* Task.sleep(100)
          }),
        )
        yield* Task.sleep(10)
        child.cancel()
        yield* Task.gather([child], { returnExceptions: true })
        return { cancelled: child.cancelled(), at: yield* Task.now }
      }),
    )
    expect(outcome).toEqual({ _tag: 'Succeeded', value: { cancelled: true, at: 10 } })
  })

  it('R24: a cancel that arrives after poll returned is deferred to the end of the uncancellable region', () => {
    const { events, logAt } = makeLog()
    const { outcome } = runVirtual(
      Task.gen(function* () {
        const child = yield* Task.spawn(
          Task.uncancellable((poll) =>
            Task.gen(function* () {
              yield* poll(Task.sleep(10))
              yield* Task.sleep(10)
              yield* logAt('masked part completed')
            }),
          ),
        )
        yield* Task.sleep(15)
        child.cancel()
        yield* Task.gather([child], { returnExceptions: true })
        yield* logAt('child ended')
        return child.cancelled()
      }),
    )
    expect(outcome).toEqual({ _tag: 'Succeeded', value: true })
    expect(events).toEqual(['masked part completed@20', 'child ended@20'])
  })

  it('R23: a foreign operation is never started once a cancel is pending (callback and promise)', () => {
    let started = 0
    const selfCancelThen = <A>(op: Task.Task<never, A>) =>
      Task.gen(function* () {
        const me = yield* Task.currentFiber
        me.cancel()
        return yield* op
      })
    const viaCallback = runVirtual(
      selfCancelThen(
        Task.callback<never, number>((resume) => {
          started++
          resume(Task.of(1))
        }),
      ),
    )
    const viaPromise = runVirtual(
      selfCancelThen(
        Task.promise(() => {
          started++
          return Promise.resolve(1)
        }),
      ),
    )
    expect([viaCallback.outcome._tag, viaPromise.outcome._tag, started]).toEqual(['Cancelled', 'Cancelled', 0])
  })
})

describe('cancel propagation at any depth', () => {
  /** A chain of `n` fibers, each spawning the next and joining it; the last waits forever. */
  const chain = (n: number, leafDone: () => void): Task.Task<never, never> =>
    Task.suspend(() => (n === 0 ? pipe(Task.never, Task.ensuring(Task.sync(leafDone))) : Task.flatMap((f: Fiber<never, never>) => Task.join(f))(Task.spawn(chain(n - 1, leafDone)))))

  const cancelChain = (depth: number) => {
    const { loop, reports } = virtualLoop()
    let leafFinalized = 0
    const root = loop.createTask(chain(depth, () => leafFinalized++))
    const built = runSyncUntil(loop, () => false)
    expect(built.stopped).toBe('idle')
    expect(loop.allTasks().length).toBe(depth + 1)
    expect(root.cancel('stop')).toBe(true)
    runSyncUntil(loop, () => root.done())
    expect(root.cancelled()).toBe(true)
    expect(leafFinalized).toBe(1)
    expect(loop.allTasks()).toEqual([])
    expect(reports).toEqual([])
  }

  it('cancelling the root of a 20 000-deep spawn-and-join chain cancels it all (no stack overflow)', () => {
    cancelChain(20_000)
  })

  // the 20 000-deep chain above already overflows a stack that is not trampolined
  it.skipIf(mutationRun)('cancelling the root of a 100 000-deep spawn-and-join chain cancels it all', () => {
    cancelChain(100_000)
  })

  it('an A-awaits-B-awaits-A cycle under waitFor ends: each fiber is cancelled once, then TimeoutError', () => {
    let a: Fiber | undefined
    let b: Fiber | undefined
    const r = runVirtual(
      Task.gen(function* () {
        b = yield* Task.spawn(Task.suspend(() => Task.join(a!)))
        a = yield* Task.spawn(Task.join(b))
        return yield* Task.waitFor(a, 100)
      }),
    )
    expect(r.outcome._tag).toBe('Failed')
    expect((r.outcome as { error: unknown }).error).toBeInstanceOf(TimeoutError)
    expect(r.elapsed).toBe(100)
    expect([a!.cancelled(), b!.cancelled()]).toEqual([true, true])
    expect([a!.cancelling(), b!.cancelling()]).toEqual([1, 1])
  })
})

describe('poll has identity', () => {
  it('poll of a nested uncancellable, used in a spawned child, leaves the child cancellable', () => {
    const r = runVirtual(
      Task.gen(function* () {
        const child = yield* Task.uncancellable(() => Task.uncancellable((poll) => Task.spawn(poll(Task.never))))
        yield* Task.cede
        child.cancel()
        yield* Task.sleep(1)
        return child.cancelled()
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: true })
  })

  it('a poll used after its region ended (in another region) does not unmask it: the outer block wins', () => {
    const { loop } = virtualLoop()
    const fiber = loop.createTask(
      Task.gen(function* () {
        const leaked = yield* Task.uncancellable((poll) => Task.of(poll))
        yield* Task.uncancellable(() => leaked(Task.sleep(10)))
        yield* Task.cede
      }),
    )
    runSyncUntil(loop, () => false, { maxIterations: 1 })
    fiber.cancel()
    runSyncUntil(loop, () => fiber.done())
    expect(fiber.cancelled()).toBe(true)
    expect(loop.time()).toBe(10)
  })

  it('a poll inside a finalizer of its own region does not unmask the finalizer', () => {
    const { loop } = virtualLoop()
    const fiber = loop.createTask(
      Task.uncancellable((poll) => pipe(Task.unit, Task.ensuring(poll(Task.sleep(10))))),
    )
    runSyncUntil(loop, () => false, { maxIterations: 1 })
    fiber.cancel()
    runSyncUntil(loop, () => fiber.done())
    expect(fiber.cancelled()).toBe(true)
    expect(loop.time()).toBe(10)
  })
})
