/**
 * run (asyncio.run, R64), runSync, getEventLoop.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { constants, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { CancelledError, Context, ContextVar, Loop, LoopError, Task, TraceRecorder, getEventLoop, run, runSync, toPromise } from '../lib/index.js'
import { signalEndingProcessIfUncaught } from '../lib/signals.node.js'
import { thrown } from './helpers.js'

describe('run', () => {
  it('R64: resolves with main’s value or rejects with its error', async () => {
    expect(await run(pipe(Task.sleep(5), Task.as('v')), { clock: 'virtual' })).toBe('v')
    await expect(run(Task.fail(new Error('bad')), { clock: 'virtual' })).rejects.toThrow('bad')
  })

  it('R64: cancels and awaits the fibers left behind; their cleanup may take loop time', async () => {
    const log: string[] = []
    const hanging = Task.gen(function* () {
      try {
        yield* Task.never
      } finally {
        yield* Task.sleep(50)
        log.push('cleanup finished')
      }
    })
    await run(
      Task.gen(function* () {
        yield* Task.spawn(hanging)
        yield* Task.sleep(1)
      }),
      { clock: 'virtual' },
    )
    expect(log).toEqual(['cleanup finished'])
  })

  it('R64: a fiber that fails during the shutdown is reported, not raised', async () => {
    const reports: string[] = []
    const v = await run(
      Task.gen(function* () {
        yield* Task.spawn(pipe(Task.never, Task.ensuring(Task.fail('cleanup failed'))))
        yield* Task.cede
        return 'main value'
      }),
      { clock: 'virtual', exceptionHandler: (ctx) => reports.push(`${ctx.message}: ${String(ctx.error)}`) },
    )
    expect(v).toBe('main value')
    expect(reports).toEqual(['unhandled exception during run() shutdown: cleanup failed'])
  })

  it('run(42) is a TypeError thrown when called', () => {
    expect(() => run(42 as never)).toThrow(TypeError)
  })
})

describe('runSync', () => {
  it('returns the Outcome synchronously; a virtual hour takes milliseconds', () => {
    const start = performance.now()
    expect(runSync(pipe(Task.sleep(3_600_000), Task.flatMap(() => Task.now)))).toEqual({ _tag: 'Succeeded', value: 3_600_000 })
    expect(performance.now() - start).toBeLessThan(1000)
    expect(runSync(Task.fail('e'))).toEqual({ _tag: 'Failed', error: 'e' })
    expect(runSync(Task.gen(function* () { (yield* Task.currentFiber).cancel('self'); yield* Task.cede }))).toEqual({ _tag: 'Cancelled', message: 'self' })
  })

  it('throws a LoopError naming what main waits on when only the host could finish it', () => {
    const t = Task.promise(function fetchUser() {
      return new Promise<never>(() => {})
    })
    expect(() => runSync(t)).toThrow(LoopError)
    expect(() => runSync(t)).toThrow(/main waits on foreign promise \(Task\.promise\(fetchUser\)\)/)
  })

  it('throws a LoopError on deadlock, with the dump that follows the chain of awaited fibers', () => {
    const t = Task.gen(function* () {
      const loop = yield* Task.getRunningLoop
      const never = loop.createFuture<number>()
      const worker = yield* Task.spawn(Task.join(never), { name: 'worker' })
      return yield* worker
    })
    expect(() => runSync(t)).toThrow(/deadlock.*main waits on fiber #2 'worker'\n[^]*\n#1 'main' .*\n└── #2 'worker' \(age 0 ms\) — waits on a Future that nothing in the loop completes/)
  })

  it('runSync(42) is a TypeError; runSync inside a running loop is a LoopError', () => {
    expect(() => runSync(42 as never)).toThrow(TypeError)
    const inner = runSync(Task.sync(() => {
      try {
        runSync(Task.of(1))
        return 'no error'
      } catch (e) {
        return (e as Error).name
      }
    }))
    expect(inner).toEqual({ _tag: 'Succeeded', value: 'LoopError' })
  })
})

describe('getEventLoop', () => {
  it('returns the running loop inside a fiber, else a default loop, recreated after close', async () => {
    const loop = new Loop({ clock: 'virtual' })
    const seen = await loop.runUntilComplete(Task.sync(() => getEventLoop()))
    expect(seen).toBe(loop)
    loop.close()
    const d = getEventLoop()
    expect(getEventLoop()).toBe(d)
    d.close()
    expect(getEventLoop()).not.toBe(d)
    getEventLoop().close()
  })

  it('errors are recognisable with instanceof', () => {
    expect(new CancelledError('x')).toBeInstanceOf(Error)
    expect(new CancelledError('x')).toBeInstanceOf(CancelledError)
    expect(new LoopError('x')).not.toBeInstanceOf(CancelledError)
    expect(new LoopError('x').name).toBe('LoopError')
  })
})

describe('run and runSync: every refusal says what was wrong', () => {
  it('options of run, runSync and toPromise', () => {
    const refusals = {
      runTraceEmpty: thrown(() => run(Task.unit, { trace: '' })),
      runTraceNumber: thrown(() => run(Task.unit, { trace: 1 as never })),
      runSyncTraceNumber: thrown(() => runSync(Task.unit, { trace: 1 as never } as never)),
      runDumpBoth: thrown(() => run(Task.unit, { signals: ['SIGINT'], dumpOnSignal: 'SIGINT' })),
      toPromiseOptions: thrown(() => toPromise(Task.unit, 1 as never)),
      toPromiseNull: thrown(() => toPromise(Task.unit, null as never)),
      runOptionsNumber: thrown(() => run(Task.unit, 1 as never)),
      runOptionsNull: thrown(() => run(Task.unit, null as never)),
      runSyncOptionsString: thrown(() => runSync(Task.unit, 'virtual' as never)),
      insideALoop: (() => {
        const o = runSync(Task.sync(() => thrown(() => runSync(Task.unit))))
        return o._tag === 'Succeeded' ? o.value : o._tag
      })(),
    }
    expect(refusals).toMatchInlineSnapshot(`
      {
        "insideALoop": "LoopError: runSync() cannot be called from a running loop (a fiber or a callback)",
        "runDumpBoth": "RangeError: run: dumpOnSignal is SIGINT, which also interrupts main (it is in signals); choose another signal, such as 'SIGUSR2'",
        "runOptionsNull": "TypeError: run: options must be an object, got null",
        "runOptionsNumber": "TypeError: run: options must be an object, got number 1",
        "runSyncOptionsString": "TypeError: runSync: options must be an object, got the string "virtual"",
        "runSyncTraceNumber": "TypeError: runSync: trace must be a TraceRecorder, got number 1",
        "runTraceEmpty": "TypeError: run: trace must be a file path or a TraceRecorder, got an empty string",
        "runTraceNumber": "TypeError: run: trace must be a file path or a TraceRecorder, got number 1",
        "toPromiseNull": "TypeError: toPromise: options must be an object, got null",
        "toPromiseOptions": "TypeError: toPromise: options must be an object, got number 1",
      }
    `)
  })
})

describe('run and toPromise: a refusal names the function it came from', () => {
  it('a bad signal, signals list or context given to run, and a value that is no Task given to toPromise', () => {
    expect({
      signal: thrown(() => run(Task.unit, { signal: 1 as never })),
      signals: thrown(() => run(Task.unit, { signals: 'SIGINT' as never })),
      context: thrown(() => run(Task.unit, { context: 1 as never })),
      toPromise: thrown(() => toPromise(42 as never)),
    }).toMatchInlineSnapshot(`
      {
        "context": "TypeError: run: context must be a Context (Context.empty.with(variable, value)), got number 1",
        "signal": "TypeError: run: signal must be an AbortSignal, got number 1",
        "signals": "TypeError: run: signals must be an array of signal names or false, got "SIGINT"",
        "toPromise": "TypeError: toPromise expects a Task, got number 42",
      }
    `)
  })
})

describe('run: the context main starts in', () => {
  it('without a context option main starts in an empty context: a variable reads its default, and set works', async () => {
    const user = new ContextVar<string>('user', { default: 'nobody' })
    const main = Task.gen(function* () {
      const before = yield* user.get
      yield* user.set('ada')
      return [before, yield* user.get, (yield* Context.current).size]
    })
    expect(await run(main, { clock: 'virtual' })).toEqual(['nobody', 'ada', 1])
    expect(await run(user.get, { clock: 'virtual', context: Context.empty.with(user, 'grace') })).toBe('grace')
  })
})

describe('run: a second signal ends the process (R66)', () => {
  /** Delivers `signal` to this process's listeners, as Node does for a real one. */
  const deliver = (signal: 'SIGUSR2'): void => void process.emit(signal as never)
  /**
   * Runs `f` with `process.kill` and `process.exit` recorded instead of done (this test worker
   * must live on), and returns what the process was asked.
   */
  const askedOfTheProcess = async (f: () => Promise<unknown>): Promise<{ result: unknown; asked: string[] }> => {
    const asked: string[] = []
    const kill = vi.spyOn(process, 'kill').mockImplementation((pid, signal) => {
      asked.push(`kill ${pid === process.pid ? 'self' : pid} ${String(signal)}`)
      return true
    })
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => void asked.push(`exit ${code}`)) as never)
    try {
      return { result: await f().catch((e: Error) => `${e.name}: ${e.message}`), asked }
    } finally {
      kill.mockRestore()
      exit.mockRestore()
    }
  }

  it('R66: a second signal during main’s cleanup raises the signal again on the process, then exits with 128 + n', async () => {
    const main = Task.gen(function* () {
      try {
        yield* Task.sync(() => deliver('SIGUSR2'))
        yield* Task.sleep(60_000)
      } finally {
        yield* Task.sync(() => deliver('SIGUSR2'))
      }
    })
    expect(await askedOfTheProcess(() => run(main, { clock: 'virtual', signals: ['SIGUSR2'] }))).toEqual({
      result: 'CancelledError: interrupted by SIGUSR2',
      asked: ['kill self SIGUSR2', `exit ${128 + constants.signals.SIGUSR2}`],
    })
  })

  it('R66: a first signal once main is done (during the shutdown of what it left) ends the process at once', async () => {
    const main = Task.gen(function* () {
      yield* Task.spawn(pipe(Task.sleep(60_000), Task.ensuring(Task.sync(() => deliver('SIGUSR2')))))
      return 'main done'
    })
    expect(await askedOfTheProcess(() => run(main, { clock: 'virtual', signals: ['SIGUSR2'] }))).toEqual({
      result: 'main done',
      asked: ['kill self SIGUSR2', `exit ${128 + constants.signals.SIGUSR2}`],
    })
  })
})

describe('run: only a rejection a signal caused can end the process', () => {
  it('R66: main cancelled by its AbortSignal, no process signal received: the rejection is marked with no signal', async () => {
    const error = await run(Task.sleep(60_000), { clock: 'virtual', signals: ['SIGUSR2'], signal: AbortSignal.abort('stop') }).then(() => new Error('resolved'), (e: Error) => e)
    expect(`${error.name}: ${error.message}`).toBe('CancelledError: aborted by an AbortSignal (stop)')
    expect(signalEndingProcessIfUncaught(error)).toBeUndefined()
  })
})

describe('run: the shutdown of what main left', () => {
  it('R64: a fiber whose cleanup waits on the host, then fails, is reported once that cleanup ends, before run settles', async () => {
    const reports: string[] = []
    const cleanupWaitingOnTheHost = pipe(
      Task.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 1))),
      Task.flatMap(() => Task.fail('cleanup failed after the host answered')),
    )
    const v = await run(
      Task.gen(function* () {
        yield* Task.spawn(pipe(Task.never, Task.ensuring(cleanupWaitingOnTheHost)))
        yield* Task.cede
        return 'main value'
      }),
      { exceptionHandler: (ctx) => reports.push(`${ctx.message}: ${String(ctx.error)}`) },
    )
    expect(v).toBe('main value')
    expect(reports).toEqual(['unhandled exception during run() shutdown: cleanup failed after the host answered'])
  })
})

describe('run: the trace option', () => {
  it('a recorder given as trace is filled and no file is written: nothing goes to the exception handler', async () => {
    const reports: string[] = []
    const recorder = new TraceRecorder()
    const v = await run(pipe(Task.sleep(5), Task.as('v')), { clock: 'virtual', trace: recorder, exceptionHandler: (ctx) => void reports.push(ctx.message) })
    expect(v).toBe('v')
    expect(recorder.toJSON().traceEvents.length).toBeGreaterThan(0)
    expect(reports).toEqual([])
  })

  it("a file path where the host has no file system (no process.getBuiltinModule) is a TypeError when run is called; main does not run", () => {
    let ran = false
    const main = Task.sync(() => void (ran = true))
    vi.stubGlobal('process', { ...process, getBuiltinModule: undefined })
    try {
      expect(thrown(() => run(main, { trace: join(tmpdir(), 'taskloop-run-test-trace.json'), signals: false }))).toBe(
        "TypeError: run: trace: writing a file needs Node's file system; pass a TraceRecorder instead",
      )
    } finally {
      vi.unstubAllGlobals()
    }
    expect(ran).toBe(false)
  })
})
