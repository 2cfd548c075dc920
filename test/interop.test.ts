/**
 * Promise and AbortSignal interop: `loop.runUntilComplete(x, { signal })`, `run(main, { signal })`,
 * `toPromise(task, { signal })`, the signal `Task.promise` hands out, and `using` a loop.
 */
import { getEventListeners } from 'node:events'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { CancelledError, Loop, Task, run, toPromise } from '../lib/index.js'
import { makeLog, virtualLoop } from './helpers.js'

const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length

/** Settles a promise into a value or the error it rejected with. */
const settle = <A>(p: Promise<A>): Promise<{ ok: true; value: A } | { ok: false; error: unknown }> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )

describe('loop.runUntilComplete(x, { signal })', () => {
  it('aborting cancels the task (its finalizers run) and the promise rejects with a CancelledError whose cause is the reason', async () => {
    const { loop } = virtualLoop()
    const { events, logAt } = makeLog()
    const controller = new AbortController()
    const reason = new Error('user left')
    loop.callLater(50, () => controller.abort(reason))
    const main = pipe(Task.sleep(1000), Task.onCancel(logAt('cancelled')))
    const r = await settle(loop.runUntilComplete(main, { signal: controller.signal }))
    expect(r.ok).toBe(false)
    const error = (r as { error: unknown }).error
    expect(error).toBeInstanceOf(CancelledError)
    expect((error as CancelledError).cause).toBe(reason)
    expect((error as CancelledError).message).toMatch(/aborted by an AbortSignal \(Error: user left\)/)
    expect(events).toEqual(['cancelled@50'])
    expect(listeners(controller.signal)).toBe(0)
    loop.close()
  })

  it('an abort from the host reaches a loop that is waiting on a foreign operation', async () => {
    const { loop } = virtualLoop()
    const controller = new AbortController()
    let foreignSignal: AbortSignal | undefined
    const main = Task.promise((signal) => {
      foreignSignal = signal
      setTimeout(() => controller.abort('host says stop'), 1)
      return new Promise<never>(() => {})
    })
    const r = await settle(loop.runUntilComplete(main, { signal: controller.signal }))
    expect(r.ok).toBe(false)
    expect((r as { error: unknown }).error).toBeInstanceOf(CancelledError)
    expect(((r as { error: CancelledError }).error).cause).toBe('host says stop')
    // the foreign operation's own signal was aborted too, with the CancelledError
    expect(foreignSignal!.aborted).toBe(true)
    expect(foreignSignal!.reason).toBeInstanceOf(CancelledError)
    loop.close()
  })

  it("an already-aborted signal cancels at once: the task's body never runs", async () => {
    const { loop } = virtualLoop()
    let ran = 0
    const r = await settle(loop.runUntilComplete(Task.sync(() => ++ran), { signal: AbortSignal.abort('too late') }))
    expect(ran).toBe(0)
    expect((r as { error: unknown }).error).toBeInstanceOf(CancelledError)
    expect(((r as { error: CancelledError }).error).cause).toBe('too late')
    loop.close()
  })

  it('an already-aborted signal cancels a given future or fiber too', async () => {
    const { loop } = virtualLoop()
    const future = loop.createFuture<never, number>()
    await expect(loop.runUntilComplete(future, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError)
    expect(future.cancelled()).toBe(true)
    loop.close()
  })

  it('the cancel is a request: a coroutine that catches it and returns a value resolves the promise', async () => {
    const { loop } = virtualLoop()
    const controller = new AbortController()
    loop.callLater(10, () => controller.abort())
    const main = Task.gen(function* () {
      try {
        yield* Task.sleep(1000)
        return 'slept'
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e
        return 'caught the cancel'
      }
    })
    await expect(loop.runUntilComplete(main, { signal: controller.signal })).resolves.toBe('caught the cancel')
    loop.close()
  })

  it('a run that ends normally leaves the signal alone; aborting later changes nothing', async () => {
    const { loop } = virtualLoop()
    const controller = new AbortController()
    await expect(loop.runUntilComplete(Task.of(1), { signal: controller.signal })).resolves.toBe(1)
    expect(listeners(controller.signal)).toBe(0)
    controller.abort()
    await expect(loop.runUntilComplete(Task.of(2))).resolves.toBe(2)
    loop.close()
  })

  it('a failure is not wrapped: the error comes through as it is', async () => {
    const { loop } = virtualLoop()
    await expect(loop.runUntilComplete(Task.fail('boom'), { signal: new AbortController().signal })).rejects.toBe('boom')
    loop.close()
  })

  it('a signal that is not an AbortSignal is a TypeError, thrown at the call, and nothing starts', () => {
    const { loop } = virtualLoop()
    let ran = false
    expect(() => loop.runUntilComplete(Task.sync(() => (ran = true)), { signal: 'nope' as never })).toThrow(TypeError)
    expect(loop.allTasks()).toEqual([])
    expect(ran).toBe(false)
    loop.close()
  })

  it('no listener leak: 10^5 runs with one long-lived signal leave no listener behind (one at a time while running)', async () => {
    const { loop } = virtualLoop()
    const controller = new AbortController()
    const signal = controller.signal
    let maxDuring = 0
    const probe = Task.sync(() => {
      maxDuring = Math.max(maxDuring, listeners(signal))
    })
    for (let i = 0; i < 100_000; i++) await loop.runUntilComplete(probe, { signal })
    expect(maxDuring).toBe(1)
    expect(listeners(signal)).toBe(0)
    loop.close()
  })
})

describe('run(main, { signal })', () => {
  it('aborting cancels main, the shutdown still cancels what main left running, and run rejects with the reason as cause', async () => {
    const { events, logAt } = makeLog()
    const controller = new AbortController()
    const main = Task.gen(function* () {
      yield* Task.spawn(pipe(Task.never, Task.onCancel(logAt('orphan cancelled'))))
      const loop = yield* Task.getRunningLoop
      loop.callLater(20, () => controller.abort('enough'))
      yield* pipe(Task.sleep(1000), Task.onCancel(logAt('main cancelled')))
    })
    const r = await settle(run(main, { clock: 'virtual', signal: controller.signal }))
    expect((r as { error: unknown }).error).toBeInstanceOf(CancelledError)
    expect(((r as { error: CancelledError }).error).cause).toBe('enough')
    expect(events).toEqual(['main cancelled@20', 'orphan cancelled@20'])
    expect(listeners(controller.signal)).toBe(0)
  })

  it("an already-aborted signal: main's body never runs", async () => {
    let ran = false
    await expect(run(Task.sync(() => (ran = true)), { clock: 'virtual', signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError)
    expect(ran).toBe(false)
  })

  it('a bad signal is a TypeError, thrown where run is called', () => {
    expect(() => run(Task.of(1), { signal: {} as never })).toThrow(TypeError)
  })
})

describe('toPromise(task, { signal })', () => {
  it('resolves with the value, rejects with the error', async () => {
    await expect(toPromise(pipe(Task.sleep(10), Task.as('v')), { clock: 'virtual' })).resolves.toBe('v')
    await expect(toPromise(Task.fail('e'), { clock: 'virtual' })).rejects.toBe('e')
    await expect(toPromise(Task.of(1))).resolves.toBe(1)
  })

  it('aborting rejects with a CancelledError carrying the reason; an aborted signal never runs the body', async () => {
    const controller = new AbortController()
    const p = toPromise(Task.promise(() => new Promise<never>(() => {})), { signal: controller.signal })
    controller.abort(new Error('stop'))
    const r = await settle(p)
    expect((r as { error: unknown }).error).toBeInstanceOf(CancelledError)
    expect((((r as { error: CancelledError }).error).cause as Error).message).toBe('stop')
    let ran = false
    await expect(toPromise(Task.sync(() => (ran = true)), { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError)
    expect(ran).toBe(false)
  })

  it('no listener leak: 10^5 calls with one long-lived signal leave no listener behind', async () => {
    const signal = new AbortController().signal
    for (let i = 0; i < 100_000; i++) await toPromise(Task.unit, { clock: 'virtual', signal })
    expect(listeners(signal)).toBe(0)
  })

  it('bad input is a TypeError where it is called', () => {
    expect(() => toPromise(42 as never)).toThrow(TypeError)
    expect(() => toPromise(Task.of(1), 'x' as never)).toThrow(TypeError)
    expect(() => toPromise(Task.of(1), { signal: 1 as never })).toThrow(TypeError)
  })
})

describe("Task.promise's AbortSignal", () => {
  it('is aborted, with the CancelledError as reason, when the task is cancelled; not when the operation completes', async () => {
    const { loop } = virtualLoop()
    const seen: AbortSignal[] = []
    const op = (value: number, ms: number) =>
      Task.promise<number>((signal) => {
        seen.push(signal)
        return new Promise((resolve) => setTimeout(() => resolve(value), ms))
      })
    const main = Task.gen(function* () {
      const done = yield* op(1, 1)
      const slow = yield* Task.spawn(op(2, 10_000))
      yield* Task.promise(() => new Promise((r) => setTimeout(r, 1)))
      slow.cancel('no longer needed')
      return done
    })
    await expect(loop.runUntilComplete(main)).resolves.toBe(1)
    expect(seen).toHaveLength(2)
    expect(seen[0]!.aborted).toBe(false)
    expect(seen[1]!.aborted).toBe(true)
    expect(seen[1]!.reason).toBeInstanceOf(CancelledError)
    expect((seen[1]!.reason as CancelledError).message).toBe('no longer needed')
    loop.close()
  })

  it('each operation gets a signal of its own, and 10^5 operations under one outer signal add no listener to it', async () => {
    const { loop } = virtualLoop()
    const outer = new AbortController().signal
    const signals = new Set<AbortSignal>()
    let maxOuter = 0
    const op = Task.promise((signal) => {
      signals.add(signal)
      maxOuter = Math.max(maxOuter, listeners(outer))
      signal.addEventListener('abort', () => {}) // the foreign code's own listener dies with its signal
      return Promise.resolve(1)
    })
    await loop.runUntilComplete(pipe(Array.from({ length: 100_000 }, () => op), Task.sequenceSeqArray), { signal: outer })
    expect(signals.size).toBe(100_000)
    expect(maxOuter).toBe(1)
    expect(listeners(outer)).toBe(0)
    loop.close()
  })
})

describe('disposal', () => {
  it('`using loop = new Loop()` closes the loop at the end of the block', async () => {
    let escaped: Loop | undefined
    {
      using loop = new Loop({ clock: 'virtual' })
      escaped = loop
      await expect(loop.runUntilComplete(pipe(Task.sleep(5), Task.as('ok')))).resolves.toBe('ok')
      expect(loop.isClosed()).toBe(false)
    }
    expect(escaped.isClosed()).toBe(true)
  })
})

describe('abort reasons of any kind', () => {
  it('an abort reason that cannot be stringified (Object.create(null)) cancels the run and its finally runs', async () => {
    const reason = Object.create(null) as object
    const ac = new AbortController()
    let finalized = false
    const task = Task.gen(function* () {
      try {
        yield* Task.never
      } finally {
        finalized = true
      }
    })
    const p = toPromise(task, { signal: ac.signal, clock: 'virtual' })
    await Promise.resolve()
    ac.abort(reason)
    const error = await p.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CancelledError)
    expect((error as Error & { cause: unknown }).cause).toBe(reason)
    expect(finalized).toBe(true)
  })

  it('an abort reason whose toString throws, already aborted, given to run', async () => {
    const reason = { toString() { throw new Error('no') } }
    const error = await run(Task.never, { signal: AbortSignal.abort(reason) }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CancelledError)
    expect((error as Error & { cause: unknown }).cause).toBe(reason)
  })
})

describe('what an aborted run reports', () => {
  it('the message describes a reason that cannot be stringified instead of failing', async () => {
    const reason = { toString() { throw new Error('no') } }
    const error = await run(Task.never, { signal: AbortSignal.abort(reason) }).catch((e: unknown) => e)
    expect((error as Error).message).toBe('aborted by an AbortSignal (an object ([object Object]))')
  })

  it('the cause is an own property like the one `new Error(message, { cause })` sets: writable, configurable, not enumerable', async () => {
    const reason = new Error('user left')
    const error = await toPromise(Task.never, { signal: AbortSignal.abort(reason) }).catch((e: unknown) => e)
    expect(Object.getOwnPropertyDescriptor(error, 'cause')).toEqual({ value: reason, writable: true, configurable: true, enumerable: false })
  })

  it('a run cancelled by other means while its signal never aborted rejects with its own CancelledError, without a cause', async () => {
    const { loop } = virtualLoop()
    const selfCancelling = Task.gen(function* () {
      const me = yield* Task.currentFiber
      me.cancel('gave up')
      yield* Task.cede
    })
    const error = await loop.runUntilComplete(selfCancelling, { signal: new AbortController().signal }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CancelledError)
    expect((error as Error).message).toBe('gave up')
    expect(Object.getOwnPropertyDescriptor(error, 'cause')).toBeUndefined()
    loop.close()
  })

  it('an aborted run whose task ends with another failure rejects with that failure as it is', async () => {
    const { loop } = virtualLoop()
    const boom = new Error('boom')
    const stubborn = Task.gen(function* () {
      try {
        yield* Task.never
      } catch {
        throw boom
      }
    })
    const controller = new AbortController()
    loop.callLater(10, () => controller.abort('stop'))
    const error = await loop.runUntilComplete(stubborn, { signal: controller.signal }).catch((e: unknown) => e)
    expect(error).toBe(boom)
    loop.close()
  })

  it('a bad signal is refused with a message naming the call and the value', () => {
    const { loop } = virtualLoop()
    expect(() => loop.runUntilComplete(Task.unit, { signal: 'nope' as never })).toThrow(new TypeError('runUntilComplete: signal must be an AbortSignal, got the string "nope"'))
    loop.close()
  })
})
