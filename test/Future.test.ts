/**
 * Future (ASYNCIO.md §C, R14–R18).
 */
import { describe, expect, it } from 'vitest'
import { CancelledError, InvalidStateError, Task } from '../lib/index.js'
import { thrown, virtualLoop } from './helpers.js'
import { runSyncUntil } from '../lib/Loop.js'

describe('Future', () => {
  it('R14: states, result() and exception() in each state', () => {
    const { loop } = virtualLoop()
    const f = loop.createFuture<number, string>()
    expect(f.done()).toBe(false)
    expect(() => f.result()).toThrow(InvalidStateError)
    expect(() => f.exception()).toThrow(InvalidStateError)
    expect(f.outcome).toBeUndefined()
    f.setResult(1)
    expect([f.done(), f.cancelled(), f.result(), f.exception()]).toEqual([true, false, 1, undefined])
    expect(() => f.setResult(2)).toThrow(InvalidStateError)
    expect(() => f.setException('x')).toThrow(InvalidStateError)
    const g = loop.createFuture<number, string>()
    g.setException('bad')
    expect(() => g.result()).toThrow()
    expect(g.exception()).toBe('bad')
    loop.close()
  })

  it('R15: cancel(msg) on a pending future cancels it; on a done one it returns false', () => {
    const { loop } = virtualLoop()
    const f = loop.createFuture()
    expect(f.cancel('why')).toBe(true)
    expect(f.cancelled()).toBe(true)
    expect(() => f.result()).toThrow(CancelledError)
    expect(() => f.result()).toThrow('why')
    expect(f.outcome).toEqual({ _tag: 'Cancelled', message: 'why' })
    expect(f.cancel()).toBe(false)
    loop.close()
  })

  it('R16: done callbacks run one iteration later, in registration order, also when added after completion', async () => {
    const { loop } = virtualLoop()
    const f = loop.createFuture<number>()
    const order: string[] = []
    f.addDoneCallback(() => order.push('first'))
    f.addDoneCallback(() => order.push('second'))
    loop.callSoon(() => {
      f.setResult(1)
      order.push('set')
      f.addDoneCallback(() => order.push('late'))
    })
    await loop.runUntilComplete(Task.sleep(1))
    expect(order).toEqual(['set', 'first', 'second', 'late'])
    loop.close()
  })

  it('R16: removeDoneCallback removes every registration and returns the count', async () => {
    const { loop } = virtualLoop()
    const f = loop.createFuture()
    const calls: number[] = []
    const cb = () => calls.push(1)
    f.addDoneCallback(cb)
    f.addDoneCallback(cb)
    f.addDoneCallback(() => calls.push(2))
    expect(f.removeDoneCallback(cb)).toBe(2)
    f.setResult(undefined)
    await loop.runUntilComplete(Task.cede)
    expect(calls).toEqual([2])
    loop.close()
  })

  it('R16/R20: a fiber awaiting a future resumes one iteration after it completes', async () => {
    const { loop } = virtualLoop()
    const f = loop.createFuture<string>()
    const order: string[] = []
    const waiter = loop.createTask(Task.gen(function* () {
      order.push(`got ${yield* f}`)
    }))
    loop.callSoon(() => {
      f.setResult('v')
      loop.callSoon(() => order.push('scheduled with the result'))
    })
    await loop.runUntilComplete(waiter)
    expect(order).toEqual(['got v', 'scheduled with the result'])
    loop.close()
  })

  it('a fiber rejects setResult and setException (R21)', async () => {
    const { loop } = virtualLoop()
    const f = loop.createTask(Task.of(1))
    expect(() => f.setResult()).toThrow(InvalidStateError)
    expect(() => f.setException()).toThrow(InvalidStateError)
    await loop.runUntilComplete(f)
    loop.close()
  })
})

describe('a future says what state it is in', () => {
  it('setResult and setException on a done future name the state it is in; toString too (R14)', () => {
    const { loop } = virtualLoop()
    const [pending, succeeded, failed, cancelled] = [0, 1, 2, 3].map(() => loop.createFuture<number, string>())
    succeeded!.setResult(1)
    failed!.setException('e')
    cancelled!.cancel()
    const rows = [pending!, succeeded!, failed!, cancelled!].map((f) => `${String(f)} | ${thrown(() => f.setResult(2))} | ${thrown(() => f.setException('x'))}`)
    expect(rows).toEqual([
      'Future<pending> | no error | InvalidStateError: setException on a future that is already succeeded',
      'Future<succeeded> | InvalidStateError: setResult on a future that is already succeeded | InvalidStateError: setException on a future that is already succeeded',
      'Future<failed> | InvalidStateError: setResult on a future that is already failed | InvalidStateError: setException on a future that is already failed',
      'Future<cancelled> | InvalidStateError: setResult on a future that is already cancelled | InvalidStateError: setException on a future that is already cancelled',
    ])
    loop.close()
  })
})

describe('wrongly typed arguments change nothing', () => {
  it('future.addDoneCallback(42) is a TypeError at the call, and the other callbacks still run', async () => {
    const { loop } = virtualLoop()
    const f = loop.createFuture<number>()
    const seen: number[] = []
    f.addDoneCallback((x) => seen.push(x.result()))
    expect(() => f.addDoneCallback(42 as never)).toThrow(TypeError)
    expect(() => f.removeDoneCallback('x' as never)).toThrow(TypeError)
    loop.callSoon(() => f.setResult(7))
    await loop.runUntilComplete(Task.join(f))
    await loop.runUntilComplete(Task.cede)
    expect(seen).toEqual([7])
  })

  it('future.cancel(Symbol()) is a TypeError and changes nothing', () => {
    const { loop } = virtualLoop()
    const f = loop.createFuture<number>()
    expect(() => f.cancel(Symbol() as never)).toThrow(TypeError)
    expect(() => f.cancel(Symbol() as never)).toThrow(/cancel message must be a string/)
    expect(f.done()).toBe(false)
    expect(f.cancel('ok')).toBe(true)
  })

  it('fiber.cancel(Symbol()) on a suspended fiber is a TypeError; a later cancel still works and its finally runs', () => {
    const { loop } = virtualLoop()
    let finalized = false
    const fiber = loop.createTask(
      Task.gen(function* () {
        try {
          yield* Task.sleep(1000)
        } finally {
          finalized = true
        }
      }),
    )
    runSyncUntil(loop, () => false, { maxIterations: 1 })
    expect(() => fiber.cancel(Symbol() as never)).toThrow(TypeError)
    expect(() => fiber.cancel(42 as never)).toThrow(/cancel.*message.*string/)
    expect(fiber.cancelling()).toBe(0)
    expect(fiber.cancel('stop')).toBe(true)
    runSyncUntil(loop, () => fiber.done())
    expect(fiber.cancelled()).toBe(true)
    expect(finalized).toBe(true)
    expect(loop.time()).toBe(0)
  })
})
