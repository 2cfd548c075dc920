/**
 * The Loop's lifecycle and misuse errors (ASYNCIO.md §B, SPEC §3): every misuse throws the
 * named error with a message that says what was wrong, and leaves the loop usable and unchanged.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it, vi } from 'vitest'
import { CancelledError, Loop, LoopError, Task, run, runSync } from '../lib/index.js'
import { thrown, virtualLoop } from './helpers.js'
import { coreOf, runSyncUntil } from '../lib/Loop.js'

describe('running', () => {
  it('R6: runUntilComplete resolves with the value, or rejects with the error or CancelledError', async () => {
    const { loop } = virtualLoop()
    expect(await loop.runUntilComplete(pipe(Task.sleep(10), Task.as('v')))).toBe('v')
    await expect(loop.runUntilComplete(Task.fail(new Error('e')))).rejects.toThrow('e')
    const f = loop.createTask(Task.never)
    f.cancel()
    await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError)
    expect(loop.time()).toBe(10)
    loop.close()
  })

  it('R6: runUntilComplete rejects with LoopError when stop() ends the run first; the fiber stays pending and a later run resumes it', async () => {
    const { loop } = virtualLoop()
    const f = loop.createTask(pipe(Task.sleep(100), Task.as('finished')))
    loop.callLater(10, () => loop.stop())
    await expect(loop.runUntilComplete(f)).rejects.toThrow(LoopError)
    expect(f.done()).toBe(false)
    expect(await loop.runUntilComplete(f)).toBe('finished')
    loop.close()
  })

  it('R6: runUntilComplete while the loop runs is a LoopError and changes nothing', async () => {
    const loop = new Loop() // real clock, so the run spans a host timer
    const running = loop.runUntilComplete(Task.sleep(10))
    expect(() => loop.runUntilComplete(Task.of(1))).toThrow(/already running/)
    expect(() => loop.runForever()).toThrow(LoopError)
    await running
    expect(await loop.runUntilComplete(Task.of(2))).toBe(2)
    loop.close()
  })

  it('R6/R12: run, runSync and runUntilComplete from inside a running loop are LoopErrors thrown into the caller', async () => {
    const { loop } = virtualLoop()
    const other = new Loop({ clock: 'virtual' })
    const attempts = Task.gen(function* () {
      const errors: string[] = []
      for (const attempt of [() => run(Task.of(1)), () => runSync(Task.of(1)), () => other.runUntilComplete(Task.of(1))]) {
        try {
          attempt()
        } catch (e) {
          errors.push(`${(e as Error).name}`)
        }
      }
      return errors
    })
    expect(await loop.runUntilComplete(attempts)).toEqual(['LoopError', 'LoopError', 'LoopError'])
    loop.close()
    other.close()
  })

  it('R6: runUntilComplete with a non-awaitable is a TypeError thrown when called', () => {
    const { loop } = virtualLoop()
    expect(() => loop.runUntilComplete('x' as never)).toThrow(TypeError)
    expect(() => loop.runUntilComplete('x' as never)).toThrow(/expects a Task, a Fiber or a Future/)
    expect(loop.isRunning()).toBe(false)
    loop.close()
  })

  it('R6/R11: running a fiber of another loop is a LoopError', () => {
    const a = new Loop({ clock: 'virtual' })
    const b = new Loop({ clock: 'virtual' })
    const f = a.createTask(Task.of(1))
    expect(() => b.runUntilComplete(f)).toThrow(/different loop/)
    f.cancel()
    a.close()
    b.close()
  })

  it('R11: a fiber awaiting itself gets a LoopError thrown in at that point', () => {
    const r = runSync(
      Task.gen(function* () {
        const me = yield* Task.currentFiber
        try {
          yield* me
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`
        }
      }),
    )
    expect(r).toEqual({ _tag: 'Succeeded', value: 'LoopError: main cannot await itself' })
  })

  it('R11: awaiting a fiber of another loop is a LoopError thrown into the coroutine', async () => {
    const other = new Loop({ clock: 'virtual' })
    const foreign = other.createTask(Task.never)
    const r = runSync(Task.either(Task.join(foreign)))
    expect(r._tag === 'Succeeded' && r.value._tag === 'Left' && r.value.left).toBeInstanceOf(LoopError)
    foreign.cancel()
    await other.runUntilComplete(Task.cede)
    other.close()
  })

  it('R7: stop() lets the current iteration finish', async () => {
    const { loop } = virtualLoop()
    const order: string[] = []
    loop.callSoon(() => {
      order.push('a')
      loop.stop()
    })
    loop.callSoon(() => order.push('b'))
    loop.callSoon(() => loop.callSoon(() => order.push('next iteration')))
    await loop.runForever()
    expect(order).toEqual(['a', 'b'])
    loop.close()
  })
})

describe('closing', () => {
  it('R8: close() while running is a LoopError; close() is idempotent', async () => {
    const { loop } = virtualLoop()
    const running = loop.runUntilComplete(
      Task.gen(function* () {
        const l = yield* Task.getRunningLoop
        try {
          l.close()
        } catch (e) {
          return (e as Error).message
        }
      }),
    )
    expect(await running).toMatch(/cannot close a running loop/)
    loop.close()
    loop.close()
    expect(loop.isClosed()).toBe(true)
  })

  it('R8: everything but close() and isClosed() on a closed loop is a LoopError', () => {
    const { loop } = virtualLoop()
    loop.close()
    const misuses: Array<[string, () => unknown]> = [
      ['callSoon', () => loop.callSoon(() => {})],
      ['callLater', () => loop.callLater(1, () => {})],
      ['callAt', () => loop.callAt(1, () => {})],
      ['createTask', () => loop.createTask(Task.of(1))],
      ['createFuture', () => loop.createFuture()],
      ['runForever', () => loop.runForever()],
      ['runUntilComplete', () => loop.runUntilComplete(Task.of(1))],
      ['time', () => loop.time()],
      ['allTasks', () => loop.allTasks()],
    ]
    for (const [name, misuse] of misuses) expect(misuse, name).toThrow(new RegExp(`${name}: the loop is closed`))
    expect(loop.isClosed()).toBe(true)
  })

  it('R17: a loop closed with pending fibers reports each one', async () => {
    const { loop, reports } = virtualLoop()
    const f = loop.createTask(Task.never, { name: 'stuck' })
    await loop.runUntilComplete(Task.cede)
    loop.close()
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatchObject({ message: 'Task was destroyed but it is pending!', fiber: f })
  })
})

describe('debug mode', () => {
  it('reports about a fiber say where it was created', async () => {
    const reports: string[] = []
    const loop = new Loop({ clock: 'virtual', debug: true, exceptionHandler: (ctx) => reports.push(ctx.message) })
    loop.createTask(Task.fail('lost'))
    await loop.runUntilComplete(Task.cede)
    loop.close()
    expect(reports).toHaveLength(1)
    // the user's line that created it, not the interpreter's frames
    expect(reports[0]).toMatch(/^Task exception was never retrieved\n {2}created at \S*Loop\.test\.ts:170:\d+$/)
  })
})

describe('unretrieved failures (R17)', () => {
  it('a failed fiber nobody awaited is reported when the loop closes', async () => {
    const { loop, reports } = virtualLoop()
    const boom = new Error('boom')
    loop.createTask(Task.fail(boom), { name: 'lost' })
    await loop.runUntilComplete(Task.sleep(1))
    expect(reports).toEqual([])
    loop.close()
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatchObject({ message: 'Task exception was never retrieved', error: boom })
  })

  it('a failure retrieved by await, result(), exception() or outcome is not reported', async () => {
    const { loop, reports } = virtualLoop()
    const a = loop.createTask(Task.fail('a'))
    const b = loop.createTask(Task.fail('b'))
    const c = loop.createTask(Task.fail('c'))
    const d = loop.createTask(Task.fail('d'))
    await loop.runUntilComplete(Task.either(Task.join(a)))
    expect(() => b.result()).toThrow()
    expect(c.exception()).toBe('c')
    expect(d.outcome).toEqual({ _tag: 'Failed', error: 'd' })
    loop.close()
    expect(reports).toEqual([])
  })

  it('a failure set on a future and never retrieved is reported', () => {
    const { loop, reports } = virtualLoop()
    loop.createFuture().setException('lost')
    loop.close()
    expect(reports).toMatchObject([{ message: 'Future exception was never retrieved', error: 'lost' }])
  })

  it('R15/R22: cancel() on a failed fiber or future clears its unretrieved flag', async () => {
    const { loop, reports } = virtualLoop()
    const f = loop.createTask(Task.fail('x'))
    await loop.runUntilComplete(Task.cede)
    expect(f.cancel()).toBe(false)
    loop.close()
    expect(reports).toEqual([])
  })

  it('run() reports a fiber that failed in the background', async () => {
    const reports: string[] = []
    await run(
      Task.gen(function* () {
        yield* Task.spawn(Task.fail('background'))
        yield* Task.sleep(1)
      }),
      { clock: 'virtual', exceptionHandler: (ctx) => reports.push(`${ctx.message}: ${String(ctx.error)}`) },
    )
    expect(reports).toEqual(['Task exception was never retrieved: background'])
  })
})

describe('callSoon / callLater / callAt input', () => {
  it('bad arguments are TypeErrors that name the function, and schedule nothing', async () => {
    const { loop } = virtualLoop()
    expect(() => loop.callSoon(42 as never)).toThrow(/callSoon expects a function/)
    expect(() => loop.callLater(Number.NaN, () => {})).toThrow(/callLater expects a number/)
    expect(() => loop.callAt('soon' as never, () => {})).toThrow(/callAt expects a number/)
    expect(() => new Loop({ clock: 'sundial' as never })).toThrow(/clock must be 'real' or 'virtual'/)
    await loop.runUntilComplete(Task.cede)
    expect(loop.time()).toBe(0)
    loop.close()
  })
})

describe('allTasks', () => {
  it('lists pending fibers only', async () => {
    const { loop } = virtualLoop()
    const a = loop.createTask(Task.sleep(10))
    const b = loop.createTask(Task.of(1))
    expect(loop.allTasks()).toEqual([a, b])
    await loop.runUntilComplete(b)
    expect(loop.allTasks()).toEqual([a])
    await loop.runUntilComplete(a)
    expect(loop.allTasks()).toEqual([])
    loop.close()
  })
})

describe('real-clock timers beyond 2^31−1 ms', () => {
  it('timers beyond 2^31−1 ms park in chunks of at most 2^31−1 ms: no TimeoutOverflowWarning, no spin', async () => {
    const warnings: Error[] = []
    const onWarning = (w: Error) => warnings.push(w)
    process.on('warning', onWarning)
    const hostSetTimeout = globalThis.setTimeout
    const delays: number[] = []
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((cb: () => void, ms?: number) => {
      delays.push(ms ?? 0)
      return hostSetTimeout(cb, ms)
    }) as typeof setTimeout)
    const loop = new Loop()
    try {
      const release = loop.createFuture<string>()
      hostSetTimeout(() => release.setResult('released'), 40)
      loop.callLater(2 ** 31 + 10, () => {})
      const main = Task.gen(function* () {
        const sleeper = yield* Task.spawn(Task.sleep(1e300))
        const waiter = yield* Task.spawn(Task.waitFor(Task.never, 30 * 24 * 3600 * 1000))
        const value = yield* Task.join(release)
        sleeper.cancel()
        waiter.cancel()
        return value
      })
      await expect(loop.runUntilComplete(main)).resolves.toBe('released')
    } finally {
      spy.mockRestore()
    }
    await new Promise((resolve) => hostSetTimeout(resolve, 5)) // warnings are emitted on a later tick
    process.off('warning', onWarning)
    expect(warnings.filter((w) => w.name === 'TimeoutOverflowWarning')).toEqual([])
    expect(Math.max(...delays)).toBeLessThanOrEqual(2 ** 31 - 1)
    expect(delays.length).toBeLessThan(5) // parked once (or a few times), not ~1000 times a second
    loop.close()
  })
})

describe('loop options and budgets are checked where given', () => {
  it('new Loop({ schedule: 42 }) is a TypeError at construction naming the option', () => {
    expect(() => new Loop({ schedule: 42 as never })).toThrow(TypeError)
    expect(() => new Loop({ schedule: 42 as never })).toThrow(/schedule must be a function/)
  })

  it('runSyncUntil(fn, null) is a TypeError naming the budget', () => {
    const loop = new Loop({ clock: 'virtual' })
    expect(() => runSyncUntil(loop, () => true, null as never)).toThrow(/runSyncUntil: the budget must be an object/)
    expect(() => runSyncUntil(loop, () => true, { maxIterations: 'x' as never })).toThrow(/maxIterations/)
    expect(loop.isRunning()).toBe(false)
    loop.close()
  })
})

describe('every refusal says what was wrong', () => {
  it('options of a loop, a task, a handler and a budget', () => {
    const loop = new Loop({ clock: 'virtual' })
    const other = new Loop({ clock: 'virtual', exceptionHandler: () => {} })
    const foreign = other.createTask(Task.never)
    const real = new Loop()
    const refusals = {
      options: thrown(() => new Loop(42 as never)),
      optionsNull: thrown(() => new Loop(null as never)),
      clock: thrown(() => new Loop({ clock: 'fast' as never })),
      exceptionHandler: thrown(() => new Loop({ exceptionHandler: 1 as never })),
      schedule: thrown(() => new Loop({ schedule: 1 as never })),
      debug: thrown(() => new Loop({ debug: 1 as never })),
      slowStepMs: thrown(() => new Loop({ slowStepMs: '1' as never })),
      slowStepMsNegative: thrown(() => new Loop({ slowStepMs: -1 })),
      slowStepMsNaN: thrown(() => new Loop({ slowStepMs: NaN })),
      seed: thrown(() => new Loop({ seed: 0.5 })),
      createTask: thrown(() => loop.createTask(1 as never)),
      createTaskOptions: thrown(() => loop.createTask(Task.unit, 1 as never)),
      createTaskOtherLoop: thrown(() => loop.createTask(foreign as never)),
      setExceptionHandler: thrown(() => loop.setExceptionHandler(1 as never)),
      callExceptionHandler: thrown(() => loop.callExceptionHandler(1 as never)),
      runSyncUntilBudget: thrown(() => runSyncUntil(loop, () => true, 1 as never)),
      runSyncUntilReal: thrown(() => runSyncUntil(real, () => true)),
      runSyncNotATask: thrown(() => runSync(1 as never)),
      runNotATask: thrown(() => run(1 as never)),
    }
    expect(refusals).toMatchInlineSnapshot(`
      {
        "callExceptionHandler": "TypeError: callExceptionHandler expects { message: string, error?, fiber? }, got number 1",
        "clock": "TypeError: new Loop: clock must be 'real' or 'virtual', got the string "fast"",
        "createTask": "TypeError: createTask expects a Task, got number 1",
        "createTaskOptions": "TypeError: createTask: options must be an object, got number 1",
        "createTaskOtherLoop": "LoopError: createTask: Task-1 belongs to a different loop",
        "debug": "TypeError: new Loop: debug must be a boolean, got number 1",
        "exceptionHandler": "TypeError: new Loop: exceptionHandler must be a function, got number 1",
        "options": "TypeError: new Loop(options): options must be an object, got number 42",
        "optionsNull": "TypeError: new Loop(options): options must be an object, got null",
        "runNotATask": "TypeError: run expects a Task, got number 1",
        "runSyncNotATask": "TypeError: runSync expects a Task, got number 1",
        "runSyncUntilBudget": "TypeError: runSyncUntil: the budget must be an object { maxIterations?, maxTime? }, got number 1",
        "runSyncUntilReal": "LoopError: runSyncUntil needs a loop on the virtual clock",
        "schedule": "TypeError: new Loop: schedule must be a function that reorders a batch, got number 1",
        "seed": "TypeError: new Loop: seed must be an integer, got number 0.5",
        "setExceptionHandler": "TypeError: setExceptionHandler expects a function or null, got number 1",
        "slowStepMs": "TypeError: new Loop: slowStepMs must be a number of milliseconds, got the string "1"",
        "slowStepMsNaN": "RangeError: new Loop: slowStepMs must be 0 or more, got number NaN",
        "slowStepMsNegative": "RangeError: new Loop: slowStepMs must be 0 or more, got number -1",
      }
    `)
    expect(thrown(() => new Loop({ slowStepMs: 0, seed: 3, debug: false }))).toBe('no error')
    real.close()
    other.close()
    loop.close()
  })
})

describe("the loop's own edges: its refusals word by word, its text, and how a real-clock run hands control to the host", () => {
  it('refusals name the method and what was wrong; a fiber of this loop is taken back as it is', () => {
    const { loop } = virtualLoop()
    const other = new Loop({ clock: 'virtual' })
    const own = loop.createTask(Task.never, { name: 'own' })
    const foreign = other.createTask(Task.never, { name: 'foreign' })
    expect(loop.createTask(own)).toBe(own)
    expect([
      thrown(() => loop.createTask(loop.createFuture() as never)),
      thrown(() => loop.createTask(foreign)),
      thrown(() => loop.callLater(10, 5 as never)),
      thrown(() => loop.callAt(10, 5 as never)),
      thrown(() => loop.runUntilComplete(5 as never)),
      thrown(() => loop.callExceptionHandler(Object.assign(() => {}, { message: 'a function' }) as never)),
      thrown(() => loop.setExceptionHandler('log' as never)),
      thrown(() => loop.callExceptionHandler(null as never)),
      thrown(() => loop.callExceptionHandler('boom' as never)),
      thrown(() => loop.callExceptionHandler({} as never)),
      thrown(() => loop.callExceptionHandler({ message: 1 } as never)),
      thrown(() => new Loop({ seed: '7' as never })),
      thrown(() => new Loop({ seed: 1.5 })),
      thrown(() => coreOf({} as never)),
    ]).toEqual([
      'TypeError: createTask expects a Task or a Fiber, got a Future',
      'LoopError: createTask: foreign belongs to a different loop',
      'TypeError: callLater expects a function, got number 5',
      'TypeError: callAt expects a function, got number 5',
      'TypeError: runUntilComplete expects a Task, a Fiber or a Future, got number 5',
      'TypeError: callExceptionHandler expects { message: string, error?, fiber? }, got a function',
      'TypeError: setExceptionHandler expects a function or null, got the string "log"',
      'TypeError: callExceptionHandler expects { message: string, error?, fiber? }, got null',
      'TypeError: callExceptionHandler expects { message: string, error?, fiber? }, got the string "boom"',
      'TypeError: callExceptionHandler expects { message: string, error?, fiber? }, got an object ([object Object])',
      'TypeError: callExceptionHandler expects { message: string, error?, fiber? }, got an object ([object Object])',
      'TypeError: new Loop: seed must be an integer, got the string "7"',
      'TypeError: new Loop: seed must be an integer, got number 1.5',
      'TypeError: expected a Loop, got an object ([object Object])',
    ])
    loop.close()
    expect([thrown(() => loop.random()), thrown(() => loop.setExceptionHandler(null)), thrown(() => loop.addSignalHandler('SIGUSR2', () => {})), thrown(() => loop.removeSignalHandler('SIGUSR2'))]).toEqual([
      'LoopError: random: the loop is closed',
      'LoopError: setExceptionHandler: the loop is closed',
      'LoopError: addSignalHandler: the loop is closed',
      'LoopError: removeSignalHandler: the loop is closed',
    ])
    other.setExceptionHandler(() => {}) // its pending fiber is reported as it closes
    other.close()
  })

  it('callExceptionHandler passes a well-formed context on; setExceptionHandler(null) puts back the default handler', () => {
    const { loop, reports } = virtualLoop()
    const mine = loop.getExceptionHandler()
    loop.callExceptionHandler({ message: 'lost connection' })
    expect(reports.map((r) => r.message)).toEqual(['lost connection'])
    loop.setExceptionHandler(null)
    expect(loop.getExceptionHandler()).not.toBe(mine)
    expect(loop.getExceptionHandler()).toBe(new Loop({ clock: 'virtual' }).getExceptionHandler())
    loop.close()
  })

  it('its text and state: idle, running (inside its own callbacks only), closed; which clock', async () => {
    const loop = new Loop({ clock: 'virtual' })
    const seen: Array<[string, boolean]> = []
    loop.callSoon(() => void seen.push([String(loop), loop.isRunning()]))
    const before: [string, boolean, string] = [String(loop), loop.isRunning(), loop.clockKind]
    runSync(Task.unit) // another loop running changes nothing here
    runSyncUntil(loop, () => seen.length > 0)
    const after = [String(loop), loop.isRunning()]
    loop.close()
    const real = new Loop()
    const realBefore = String(real)
    await real.runUntilComplete(Task.unit)
    expect([before, seen, after, String(loop), [realBefore, String(real), real.clockKind]]).toEqual([
      ['Loop<idle virtual>', false, 'virtual'],
      [['Loop<running virtual>', true]],
      ['Loop<idle virtual>', false],
      'Loop<closed virtual>',
      ['Loop<idle real>', 'Loop<idle real>', 'real'],
    ])
    real.close()
  })

  it('a synchronous run says why it stopped: a budget of loop time, nothing left, or the host holding a fiber', async () => {
    const { loop } = virtualLoop()
    loop.callLater(10, () => {})
    loop.callLater(20, () => {})
    expect(runSyncUntil(loop, () => false, { maxTime: 5 })).toEqual({ stopped: 'time', iterations: 0, timers: 2 })
    // a timer due at the budget's end is reached
    expect(runSyncUntil(loop, () => false, { maxTime: 10 })).toEqual({ stopped: 'time', iterations: 1, timers: 1 })
    loop.callSoon(() => {})
    loop.callSoon(() => {})
    expect(runSyncUntil(loop, () => false, { maxIterations: 1 })).toEqual({ stopped: 'iterations', iterations: 1, timers: 1 })
    expect(runSyncUntil(loop, () => false)).toEqual({ stopped: 'idle', iterations: 1, timers: 0 })
    // a stop() asked during a synchronous run (which runs on regardless) is dropped when it ends: the next run is not cut short
    loop.callSoon(() => loop.stop())
    expect(runSyncUntil(loop, () => false)).toEqual({ stopped: 'idle', iterations: 1, timers: 0 })
    await expect(loop.runUntilComplete(Task.as('slept')(Task.sleep(10)))).resolves.toBe('slept')
    expect([thrown(() => runSyncUntil(loop, 5 as never)), thrown(() => runSyncUntil(loop, () => false, { maxTime: 'soon' as never })), thrown(() => runSyncUntil(loop, () => false, { maxIterations: null as never }))]).toEqual([
      'TypeError: runSyncUntil expects a function, got number 5',
      'TypeError: runSyncUntil (maxTime) expects a number of milliseconds, got the string "soon"',
      'TypeError: runSyncUntil (maxIterations) expects a number of milliseconds, got null',
    ])
    loop.close()
    expect(thrown(() => runSyncUntil(loop, () => true))).toBe('LoopError: runSyncUntil: the loop is closed')
    expect([thrown(() => runSync(Task.never)), thrown(() => runSync(Task.callback(() => {})))].map((m) => m.split(';')[0])).toEqual([
      'LoopError: runSync cannot finish main: deadlock: nothing is ready and no timer is pending',
      'LoopError: runSync cannot finish main: it waits on the host',
    ])
  })

  it('R6: the rejection when stop() ends runUntilComplete first, and a run started from inside a running loop', async () => {
    const { loop } = virtualLoop()
    const f = loop.createTask(Task.sleep(100))
    loop.callLater(10, () => loop.stop())
    await expect(loop.runUntilComplete(f)).rejects.toThrow(new LoopError('runUntilComplete: the loop stopped (stop() was called) before the task completed'))
    const inner: string[] = []
    loop.callSoon(() => void inner.push(thrown(() => new Loop({ clock: 'virtual' }).runUntilComplete(Task.unit)), thrown(() => runSync(Task.unit))))
    await loop.runUntilComplete(f)
    expect(inner).toEqual([
      'LoopError: runUntilComplete: cannot run a loop from inside a running loop (a fiber or a callback)',
      'LoopError: runSync() cannot be called from a running loop (a fiber or a callback)',
    ])
    loop.close()
  })

  it('R7: stop() before runForever runs one iteration, which does not move the clock to the next timer; a second close() reports nothing again', async () => {
    const { loop, reports } = virtualLoop()
    const ran: string[] = []
    loop.callLater(50, () => void ran.push('timer'))
    loop.stop()
    await loop.runForever()
    expect([ran, loop.time()]).toEqual([[], 0])
    const future = loop.createFuture()
    loop.close()
    // failed after the close, and never retrieved: the loop is closed, so no second report
    future.setException(new Error('late'))
    loop.close()
    expect(reports).toEqual([])
  })

  it('an iteration that throws (a throwing schedule) ends the run with that error; a thrown undefined becomes an Error that says so', async () => {
    const reports: string[] = []
    const failing = (error: unknown) => new Loop({ clock: 'virtual', schedule: () => { throw error }, exceptionHandler: (ctx) => void reports.push(ctx.message) })
    const loop = failing(new RangeError('bad order'))
    // two ready entries make a batch the schedule is asked to order
    loop.callSoon(() => {})
    await expect(loop.runUntilComplete(Task.unit)).rejects.toThrow(new RangeError('bad order'))
    expect(loop.isRunning()).toBe(false)
    const quiet = failing(undefined)
    quiet.callSoon(() => {})
    await expect(quiet.runUntilComplete(Task.unit)).rejects.toThrow(new Error('an iteration threw undefined'))
    loop.close()
    quiet.close()
    // the fiber the failed iteration never ran is reported when its loop closes
    expect(reports).toEqual(['Task was destroyed but it is pending!', 'Task was destroyed but it is pending!'])
  })
  it('debug mode without slowStepMs reports a step of 100 ms (the default) or more, as asyncio does, not one of 99 ms', () => {
    let now = 0
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now)
    try {
      const reports: string[] = []
      const loop = new Loop({ clock: 'virtual', debug: true, exceptionHandler: (ctx) => void reports.push(ctx.message) })
      loop.createTask(Task.sync(() => void (now += 99)), { name: 'below it' })
      loop.createTask(Task.sync(() => void (now += 100)), { name: 'at the limit' })
      runSyncUntil(loop, () => false)
      expect(reports).toEqual(["Executing fiber 'at the limit' took 100.000 ms (slowStepMs is 100); it then ended"])
      loop.close()
    } finally {
      clock.mockRestore()
    }
  })
})

describe("a real-clock run and the host (the host's clock, performance.now, is moved by hand)", () => {
  /** Runs `body` with performance.now replaced by a clock that only `body` moves, on a real-clock loop closed after. */
  const onHandClock = async <A>(start: number, body: (clock: { now: number }, loop: Loop) => Promise<A>): Promise<A> => {
    const clock = { now: start }
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => clock.now)
    try {
      const loop = new Loop()
      try {
        return await body(clock, loop)
      } finally {
        loop.close()
      }
    } finally {
      spy.mockRestore()
    }
  }
  /**
   * Counts the host timers made while it is installed and neither fired nor cleared yet: the
   * loop's own, whatever other timers the process has (a count of the process's would move
   * with a timer another test left behind).
   */
  const hostTimers = () => {
    const [set, clear] = [globalThis.setTimeout, globalThis.clearTimeout]
    const pending = new Set<unknown>()
    vi.stubGlobal('setTimeout', (cb: () => void, ms?: number) => {
      const handle: unknown = set(() => (pending.delete(handle), cb()), ms)
      pending.add(handle)
      return handle
    })
    vi.stubGlobal('clearTimeout', (handle: Parameters<typeof clearTimeout>[0]) => (pending.delete(handle), clear(handle)))
    return { pending: () => pending.size, restore: () => vi.unstubAllGlobals() }
  }

  it('a timer due within the clock resolution (1 ms) runs at once, without waiting on a host timer', async () => {
    // the host clock never moves: a run that parked for the timer would never wake
    await onHandClock(5_000, (_, loop) => expect(loop.runUntilComplete(Task.as('due')(Task.sleep(1)))).resolves.toBe('due'))
  })

  it('a run with nothing ready and no timer parks without a host timer; a timer it parked on and no longer needs is cleared', async () => {
    const timers = hostTimers()
    try {
      const loop = new Loop()
      let resume: ((t: Task<never, string>) => void) | undefined
      const main = loop.createTask(Task.callback<never, string>((r) => void (resume = r)))
      const done = loop.runUntilComplete(main)
      await new Promise((r) => setImmediate(r))
      expect(timers.pending()).toBe(0) // parked on the host alone: a timer would keep the process alive
      resume!(Task.of('woken'))
      await expect(done).resolves.toBe('woken')
      // parked on a timer an hour away, woken from outside, parked again on a nearer timer and
      // stopped there: the hour's host timer went when the loop woke
      const parked = loop.runForever()
      loop.callLater(3_600_000, () => {})
      await new Promise((r) => setImmediate(r))
      expect(timers.pending()).toBe(1)
      loop.callSoon(() => void loop.callLater(5, () => loop.stop()))
      await parked
      expect(timers.pending()).toBe(0)
      loop.close()
    } finally {
      timers.restore()
    }
  })

  it('a busy run hands control to the host only once more than 10 ms of host time went by since it last did', async () => {
    const cases: Array<[string, (clock: { now: number }) => void]> = [
      ['host clock still', () => {}],
      ['exactly 10 ms later', (clock) => void (clock.now = 1_010)],
      ['11 ms later', (clock) => void (clock.now = 1_011)],
      ['11 ms later, but fewer than 32 iterations (the clock is read every 32nd)', (clock) => void (clock.now = 1_011)],
    ]
    const outcomes: Array<[string, string[]]> = []
    for (const [label, move] of cases) {
      const order = await onHandClock(1_000, async (clock, loop) => {
        const order: string[] = []
        const busy = Task.gen(function* () {
          setImmediate(() => order.push('host'))
          move(clock)
          for (let i = 0; i < (label.includes('fewer') ? 20 : 100); i++) yield* Task.cede
          order.push('busy done')
        })
        await loop.runUntilComplete(busy)
        await new Promise((r) => setImmediate(r))
        return order
      })
      outcomes.push([label, order])
    }
    expect(outcomes).toEqual([
      ['host clock still', ['busy done', 'host']],
      ['exactly 10 ms later', ['busy done', 'host']],
      ['11 ms later', ['host', 'busy done']],
      ['11 ms later, but fewer than 32 iterations (the clock is read every 32nd)', ['busy done', 'host']],
    ])
  })

  it('a spent slice hands control to the host through setImmediate, or through setTimeout(0) on a host without it (a browser)', async () => {
    const ways: string[][] = []
    for (const withImmediate of [true, false]) {
      const immediate = globalThis.setImmediate
      const asked: string[] = []
      const spyImmediate = vi.fn((cb: () => void) => (asked.push('setImmediate'), immediate(cb)))
      const timeout = globalThis.setTimeout
      const spyTimeout = vi.fn((cb: () => void, ms?: number) => (asked.push(`setTimeout ${ms}`), timeout(cb, ms)))
      vi.stubGlobal('setImmediate', withImmediate ? spyImmediate : undefined)
      vi.stubGlobal('setTimeout', spyTimeout)
      try {
        await onHandClock(1_000, async (clock, loop) => {
          const busy = Task.gen(function* () {
            clock.now = 1_011 // the slice is spent at the 32nd iteration
            for (let i = 0; i < 40; i++) yield* Task.cede
            return 'done'
          })
          await expect(loop.runUntilComplete(busy)).resolves.toBe('done')
        })
      } finally {
        vi.unstubAllGlobals()
      }
      ways.push(asked)
    }
    expect(ways).toEqual([['setImmediate'], ['setTimeout 0']])
  })

  it('a parked run woken from outside resumes in a microtask, or after the host has had a turn once its slice is spent', async () => {
    const outcomes: Array<[string, string[]]> = []
    for (const [label, later] of [['within the slice', 1_005], ['exactly 10 ms later', 1_010], ['slice spent', 1_011]] as const) {
      const order = await onHandClock(1_000, async (clock, loop) => {
        const order: string[] = []
        let resume: ((t: Task<never, void>) => void) | undefined
        const main = Task.gen(function* () {
          yield* Task.callback<never, void>((r) => void (resume = r))
          order.push('resumed')
        })
        const done = loop.runUntilComplete(main)
        await new Promise((r) => setImmediate(r)) // the run is parked on the callback
        clock.now = later
        setImmediate(() => order.push('host'))
        resume!(Task.unit)
        await done
        await new Promise((r) => setImmediate(r))
        return order
      })
      outcomes.push([label, order])
    }
    expect(outcomes).toEqual([
      ['within the slice', ['resumed', 'host']],
      ['exactly 10 ms later', ['resumed', 'host']],
      ['slice spent', ['host', 'resumed']],
    ])
  })

  it("at the host's beforeExit, a run parked with no timer fails as a deadlock naming each fiber's wait; one parked on a timer goes on", async () => {
    const exitCode = process.exitCode
    try {
      const loop = new Loop()
      const stuck = loop.createTask(Task.callback<never, void>(() => {}), { name: 'stuck' })
      const other = loop.createTask(Task.never, { name: 'other' })
      const done = loop.runUntilComplete(stuck)
      await new Promise((r) => setImmediate(r))
      process.emit('beforeExit', 0)
      const error = await done.then(() => undefined, (e: unknown) => e as Error)
      expect(error).toBeInstanceOf(LoopError)
      expect(error!.message.split('\n')[0]).toBe(
        'deadlock: the loop is parked with nothing ready and no timer pending, and the host has nothing left that could wake it; stuck waits on callback not yet resumed (Task.callback(anonymous)); other waits on Task.never (only a cancel ends it)',
      )
      expect(process.exitCode).toBe(1)
      process.exitCode = exitCode
      stuck.cancel()
      other.cancel()
      await expect(loop.runUntilComplete(Task.unit)).resolves.toBeUndefined()
      // no fiber left at all: the message names none
      const empty = loop.runForever()
      await new Promise((r) => setImmediate(r))
      process.emit('beforeExit', 0)
      await expect(empty).rejects.toThrow(/^deadlock: the loop is parked with nothing ready and no timer pending, and the host has nothing left that could wake it\n/)
      process.exitCode = exitCode
      const timed = loop.runUntilComplete(Task.as('slept')(Task.sleep(30)))
      await new Promise((r) => setImmediate(r))
      process.emit('beforeExit', 0)
      await expect(timed).resolves.toBe('slept')
      // emitted while the loop runs (from one of its callbacks): not parked, so not a deadlock
      const busy = Task.gen(function* () {
        yield* Task.sync(() => void process.emit('beforeExit', 0))
        return 'ran on'
      })
      await expect(loop.runUntilComplete(busy)).resolves.toBe('ran on')
      expect(process.exitCode).toBe(exitCode)
      loop.close()
    } finally {
      process.exitCode = exitCode
    }
  })
})
