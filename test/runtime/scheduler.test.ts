/**
 * The loop's iteration semantics (ASYNCIO.md §A): FIFO ready queue snapshotted per iteration,
 * timers appended after what is ready with ties in registration order, lazy start, and
 * sleep(0) as exactly one iteration.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Loop, Task, runSync } from '../../lib/index.js'
import { makeLog, runVirtual, virtualLoop } from '../helpers.js'
import { runSyncUntil } from '../../lib/Loop.js'

describe('ready queue', () => {
  it('R1: an iteration runs only what was ready when it began; callbacks scheduled meanwhile wait for the next', async () => {
    const { loop } = virtualLoop()
    const order: string[] = []
    loop.callSoon(() => {
      order.push('a')
      loop.callSoon(() => order.push('c'))
    })
    loop.callSoon(() => order.push('b'))
    loop.callSoon(() => loop.stop())
    await loop.runForever()
    expect(order).toEqual(['a', 'b'])
    loop.stop()
    await loop.runForever() // R7: stop() before runForever runs one iteration
    expect(order).toEqual(['a', 'b', 'c'])
    loop.close()
  })

  it('R4: a cancelled handle does not run; a throwing callback is reported and the loop goes on', async () => {
    const { loop, reports } = virtualLoop()
    const order: string[] = []
    const h = loop.callSoon(() => order.push('cancelled'))
    loop.callSoon(() => {
      throw new Error('boom')
    })
    loop.callSoon(() => order.push('after'))
    h.cancel()
    await loop.runUntilComplete(Task.cede)
    expect(order).toEqual(['after'])
    expect(reports.map((r) => r.message)).toEqual(['Exception in callback'])
    expect((reports[0]!.error as Error).message).toBe('boom')
    loop.close()
  })

  it('R19: a spawned fiber starts on a later iteration, not inside spawn', () => {
    const { events, log } = makeLog()
    const main = Task.gen(function* () {
      const f = yield* Task.spawn(log('child'))
      yield* log('after spawn')
      yield* Task.cede
      yield* log('after cede')
      yield* f
    })
    runVirtual(main)
    expect(events).toEqual(['after spawn', 'child', 'after cede'])
  })

  it('R1/R19: fibers created together run in creation order, interleaving at each cede', () => {
    const { events, log } = makeLog()
    const worker = (name: string) => Task.gen(function* () {
      for (let i = 0; i < 3; i++) {
        yield* log(`${name}${i}`)
        yield* Task.cede
      }
    })
    runVirtual(Task.gather([worker('a'), worker('b'), worker('c')]))
    expect(events).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'c1', 'a2', 'b2', 'c2'])
  })

  it('R5: sleep(0) and negative sleeps resume after exactly one iteration, with no timer', async () => {
    const { loop } = virtualLoop()
    const order: string[] = []
    // markers that run in iterations 2 and 3, each ahead of the fiber in the ready queue
    loop.callSoon(() => loop.callSoon(() => order.push('iteration 2')))
    loop.callSoon(() => loop.callSoon(() => loop.callSoon(() => order.push('iteration 3'))))
    const f = loop.createTask(
      Task.gen(function* () {
        order.push('start')
        yield* Task.sleep(0)
        order.push('after sleep(0)')
        yield* Task.sleep(-5)
        order.push('after sleep(-5)')
      }),
    )
    await loop.runUntilComplete(f)
    expect(order).toEqual(['start', 'iteration 2', 'after sleep(0)', 'iteration 3', 'after sleep(-5)'])
    expect(loop.time()).toBe(0)
    loop.close()
  })
})

describe('timers', () => {
  it('R2: timers with equal deadlines fire in registration order; earlier deadlines first', async () => {
    const { loop } = virtualLoop()
    const order: string[] = []
    loop.callLater(20, () => order.push('b1'))
    loop.callLater(10, () => order.push('a'))
    loop.callLater(20, () => order.push('b2'))
    loop.callAt(20, () => order.push('b3'))
    loop.callLater(30, () => loop.stop())
    await loop.runForever()
    expect(order).toEqual(['a', 'b1', 'b2', 'b3'])
    expect(loop.time()).toBe(30)
    loop.close()
  })

  it('R2: fibers sleeping to the same deadline wake in the order they went to sleep', () => {
    const woke: string[] = []
    const sleeper = (name: string) => Task.gen(function* () {
      yield* Task.sleep(10)
      woke.push(name)
    })
    const main = Task.gen(function* () {
      const names = Array.from({ length: 12 }, (_, i) => `f${i}`)
      const fibers = []
      for (const name of names) fibers.push(yield* Task.spawn(sleeper(name)))
      yield* Task.gather(fibers)
      return names
    })
    const o = runSync(main)
    expect(o._tag === 'Succeeded' && woke).toEqual(o._tag === 'Succeeded' ? o.value : 'failed')
  })

  it('R2: negative delays fire in deadline order (b then a for -2, -1 reversed)', async () => {
    const { loop } = virtualLoop()
    const order: string[] = []
    loop.callLater(-1, () => order.push('a'))
    loop.callLater(-2, () => order.push('b'))
    loop.callSoon(() => loop.callSoon(() => loop.stop()))
    await loop.runForever()
    expect(order).toEqual(['b', 'a'])
    loop.close()
  })

  it('R2: due timers run after the callbacks that were already ready', async () => {
    const { loop } = virtualLoop()
    const order: string[] = []
    loop.callLater(0, () => order.push('timer'))
    loop.callSoon(() => order.push('soon'))
    loop.callLater(1, () => loop.stop())
    await loop.runForever()
    expect(order).toEqual(['soon', 'timer'])
    loop.close()
  })

  it('R3/R4: a cancelled timer never fires and does not hold the virtual clock', async () => {
    const { loop } = virtualLoop()
    const order: string[] = []
    const h = loop.callLater(1000, () => order.push('late'))
    loop.callLater(5, () => order.push('early'))
    h.cancel()
    await loop.runUntilComplete(Task.sleep(10))
    expect(order).toEqual(['early'])
    expect(loop.time()).toBe(10)
    loop.close()
  })

  it('a sleeping fiber resumes one iteration after its timer fires (R5), in deadline order', () => {
    const { events, logAt } = makeLog()
    const sleeper = (ms: number, name: string) => pipe(Task.sleep(ms), Task.flatMap(() => logAt(name)))
    const r = runVirtual(Task.gather([sleeper(30, 'c'), sleeper(10, 'a'), sleeper(20, 'b'), sleeper(10, 'a2')]))
    expect(events).toEqual(['a@10', 'a2@10', 'b@20', 'c@30'])
    expect(r.elapsed).toBe(30)
  })

  it('the virtual clock makes an hour of sleep take no real time', () => {
    const start = performance.now()
    const r = runVirtual(Task.sleep(3_600_000))
    expect(r.elapsed).toBe(3_600_000)
    expect(r.outcome._tag).toBe('Succeeded')
    expect(performance.now() - start).toBeLessThan(1000) // generous: a real sleep would take an hour
  })
})

describe('one iteration (R1–R3, R7)', () => {
  it('R1–R3: one iteration runs what was ready and then the timers already due, ready first', () => {
    const { loop } = virtualLoop()
    const ran: string[] = []
    loop.callLater(0, () => ran.push('timer'))
    loop.callSoon(() => ran.push('ready'))
    expect(runSyncUntil(loop, () => false, { maxIterations: 1 }).iterations).toBe(1)
    expect(ran).toEqual(['ready', 'timer'])
    loop.close()
  })

  it('R7: stop() from a callSoon callback under runForever still lets the due timer of that iteration run', async () => {
    const { loop } = virtualLoop()
    const ran: string[] = []
    loop.callLater(0, () => ran.push('timer'))
    loop.callSoon(() => {
      ran.push('soon')
      loop.stop()
    })
    await loop.runForever()
    expect(ran).toEqual(['soon', 'timer'])
    loop.close()
  })

  it('cancelling a timer handle that already fired changes no count', () => {
    const { loop } = virtualLoop()
    const fired = loop.callLater(10, () => {})
    expect(runSyncUntil(loop, () => false)).toMatchObject({ stopped: 'idle', timers: 0 })
    fired.cancel()
    fired.cancel()
    loop.callLater(20, () => {})
    expect(runSyncUntil(loop, () => true).timers).toBe(1)
    loop.close()
  })
})

describe('timer handles', () => {
  it('cancelling a pending timer twice counts it once; getWhen is its deadline in loop time', () => {
    const { loop } = virtualLoop()
    const h = loop.callLater(10, () => {})
    expect(h.getWhen()).toBe(10)
    h.cancel()
    h.cancel()
    loop.callLater(20, () => {})
    expect(runSyncUntil(loop, () => true).timers).toBe(1)
    loop.close()
  })

  it('a cancelled pending timer is no longer counted as live', () => {
    const { loop } = virtualLoop()
    loop.callLater(5, () => {})
    loop.callLater(10, () => {}).cancel()
    expect(runSyncUntil(loop, () => true).timers).toBe(1)
    loop.close()
  })
})

describe('schedule exploration (new Loop({ schedule }))', () => {
  it('reorders each iteration of two or more entries, and is never asked about fewer', () => {
    const sizes: number[] = []
    const loop = new Loop({
      clock: 'virtual',
      schedule: (batch) => {
        sizes.push(batch.length)
        return [...batch].reverse()
      },
    })
    const order: string[] = []
    loop.callSoon(() => order.push('a'))
    loop.callSoon(() => order.push('b'))
    loop.callSoon(() => order.push('c'))
    runSyncUntil(loop, () => order.length === 3)
    expect(order).toEqual(['c', 'b', 'a'])
    loop.callSoon(() => order.push('alone'))
    runSyncUntil(loop, () => false)
    expect(order).toEqual(['c', 'b', 'a', 'alone'])
    expect(sizes).toEqual([3])
    loop.close()
  })
})

describe('the default exception handler', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it("prints the message, the fiber's name when it has one, and the error", () => {
    const printed: unknown[][] = []
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args))
    const loop = new Loop({ clock: 'virtual' })
    const error = new Error('boom')
    loop.callExceptionHandler({ message: 'plain' })
    loop.callExceptionHandler({ message: 'named', fiber: { name: 'worker' } })
    loop.callExceptionHandler({ message: 'unnamed', fiber: { name: 7 } })
    loop.callExceptionHandler({ message: 'failed', error })
    loop.callExceptionHandler({ message: 'failed', error, fiber: { name: 'worker' } })
    loop.callExceptionHandler({ message: 'with a path', error: 'not an Error', traceback: 'at step 1' })
    expect(printed).toEqual([
      ['taskloop: plain'],
      ["taskloop: named (fiber 'worker')"],
      ['taskloop: unnamed'],
      ['taskloop: failed:', error],
      ["taskloop: failed (fiber 'worker'):", error],
      ['taskloop: with a path:', 'not an Error', '\nat step 1'],
    ])
    loop.close()
  })

  it("prints a failure's path after it unless the failure's own stack already ends with it", () => {
    const printed: unknown[][] = []
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args))
    const loop = new Loop({ clock: 'virtual' })
    const path = '    at async work (work.ts:3:5)'
    const withPath = Object.assign(new Error('shown'), { stack: `Error: shown\n    at f (f.ts:1:1)\n${path}` })
    const pathFirst = Object.assign(new Error('elsewhere'), { stack: `${path}\nError: elsewhere` })
    const noStack = { get stack(): string { throw new Error('no stack here') } }
    const notAString = { stack: { endsWith: () => true } }
    for (const error of [withPath, pathFirst, noStack, null, notAString]) loop.callExceptionHandler({ message: 'failed', error, traceback: path })
    expect(printed).toEqual([
      ['taskloop: failed:', withPath],
      ['taskloop: failed:', pathFirst, `\n${path}`],
      ['taskloop: failed:', noStack, `\n${path}`],
      ['taskloop: failed:', null, `\n${path}`],
      ['taskloop: failed:', notAString, `\n${path}`],
    ])
    loop.close()
  })

  it('takes over when the installed handler throws: both that error and the report are printed', () => {
    const printed: unknown[][] = []
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args))
    const handlerError = new Error('handler broke')
    const loop = new Loop({
      clock: 'virtual',
      exceptionHandler: () => {
        throw handlerError
      },
    })
    loop.callExceptionHandler({ message: 'lost connection' })
    expect(printed).toEqual([['taskloop: Unhandled error in exception handler:', handlerError], ['taskloop: lost connection']])
    loop.close()
  })
})
