/**
 * Process signals: `loop.addSignalHandler` / `removeSignalHandler`, and `run`'s handling of
 * SIGINT (ASYNCIO.md R66; `Runner`, R65).
 *
 * In this process, signals are delivered with `process.emit` (Node calls the same listeners
 * a real signal would), on SIGUSR1/SIGUSR2 so as not to touch the test runner's own SIGINT
 * handling. The real thing — a process that sends itself a signal, its `finally` blocks, its
 * exit status — runs in child processes: test/signals.node.processes.test.ts.
 */
import { describe, expect, it, vi } from 'vitest'
import { CancelledError, Loop, LoopError, Task, run, toPromise } from '../lib/index.js'
import type { SignalName } from '../lib/index.js'
import { runSyncUntil } from '../lib/Loop.js'
import { signalEndingProcessIfUncaught } from '../lib/signals.node.js'

const count = (signal: SignalName): number => process.listenerCount(signal)

/** Delivers `signal` to this process's listeners, as a real signal would. */
const deliver = (signal: SignalName): void => void process.emit(signal as never)

describe('loop.addSignalHandler / removeSignalHandler', () => {
  it('the callback runs on the loop as a callSoon callback, in order with the others, given the signal', () => {
    const loop = new Loop({ clock: 'virtual' })
    const log: string[] = []
    loop.addSignalHandler('SIGUSR2', (s) => log.push(`handler ${s}`))
    loop.callSoon(() => log.push('scheduled before'))
    deliver('SIGUSR2')
    loop.callSoon(() => log.push('scheduled after'))
    expect(log).toEqual([]) // not called inside the process listener
    runSyncUntil(loop, () => false, { maxIterations: 1 })
    expect(log).toEqual(['scheduled before', 'handler SIGUSR2', 'scheduled after'])
    expect(loop.removeSignalHandler('SIGUSR2')).toBe(true)
    loop.close()
  })

  it('wakes a real-clock loop parked with nothing to do', async () => {
    const loop = new Loop()
    const got = await loop.runUntilComplete(
      Task.gen(function* () {
        const stopped = loop.createFuture<string>()
        loop.addSignalHandler('SIGUSR2', (s) => stopped.setResult(`stopped by ${s}`))
        setTimeout(() => deliver('SIGUSR2'), 1)
        return yield* stopped
      }),
    )
    expect(got).toBe('stopped by SIGUSR2')
    loop.close()
  })

  it('a second handler for the same signal replaces the first; remove says whether there was one', () => {
    const loop = new Loop({ clock: 'virtual' })
    const before = count('SIGUSR2')
    const log: string[] = []
    loop.addSignalHandler('SIGUSR2', () => log.push('first'))
    loop.addSignalHandler('SIGUSR2', () => log.push('second'))
    expect(count('SIGUSR2')).toBe(before + 1)
    deliver('SIGUSR2')
    runSyncUntil(loop, () => false)
    expect(log).toEqual(['second'])
    expect(loop.removeSignalHandler('SIGUSR2')).toBe(true)
    expect(loop.removeSignalHandler('SIGUSR2')).toBe(false)
    expect(count('SIGUSR2')).toBe(before)
    deliver('SIGUSR2')
    runSyncUntil(loop, () => false)
    expect(log).toEqual(['second'])
    loop.close()
  })

  it('two loops share one process listener; each gets the signal; close() removes a loop’s handlers', () => {
    const before = count('SIGUSR2')
    const a = new Loop({ clock: 'virtual' })
    const b = new Loop({ clock: 'virtual' })
    const log: string[] = []
    a.addSignalHandler('SIGUSR2', () => log.push('a'))
    b.addSignalHandler('SIGUSR2', () => log.push('b'))
    b.addSignalHandler('SIGUSR1', () => log.push('b1'))
    expect(count('SIGUSR2')).toBe(before + 1)
    deliver('SIGUSR2')
    runSyncUntil(a, () => false)
    runSyncUntil(b, () => false)
    expect(log).toEqual(['a', 'b'])
    a.close()
    expect(count('SIGUSR2')).toBe(before + 1)
    b.close()
    expect(count('SIGUSR2')).toBe(before)
    expect(count('SIGUSR1')).toBe(0)
  })

  it('an error thrown by the callback goes to the exception handler; the loop goes on', () => {
    const reports: string[] = []
    const loop = new Loop({ clock: 'virtual', exceptionHandler: (ctx) => reports.push(`${ctx.message}: ${(ctx.error as Error).message}`) })
    loop.addSignalHandler('SIGUSR2', () => {
      throw new Error('handler broke')
    })
    deliver('SIGUSR2')
    runSyncUntil(loop, () => false)
    expect(reports).toEqual(['Exception in callback: handler broke'])
    loop.close()
  })

  it('bad input throws where it is given and changes nothing: TypeError, RangeError, LoopError', () => {
    const loop = new Loop({ clock: 'virtual' })
    const before = [count('SIGUSR2'), count('SIGKILL'), count('SIGSEGV')]
    expect(() => loop.addSignalHandler('SIGFOO' as SignalName, () => {})).toThrow(TypeError)
    expect(() => loop.addSignalHandler('SIGFOO' as SignalName, () => {})).toThrow(/expected a signal name.*"SIGFOO"/)
    expect(() => loop.addSignalHandler(2 as never, () => {})).toThrow(TypeError)
    expect(() => loop.addSignalHandler('SIGUSR2', 'not a function' as never)).toThrow(TypeError)
    expect(() => loop.addSignalHandler('SIGKILL', () => {})).toThrow(RangeError)
    expect(() => loop.addSignalHandler('SIGKILL', () => {})).toThrow(/SIGKILL cannot be handled: it cannot be caught/)
    expect(() => loop.addSignalHandler('SIGSTOP', () => {})).toThrow(RangeError)
    expect(() => loop.addSignalHandler('SIGSEGV', () => {})).toThrow(RangeError)
    expect(() => loop.addSignalHandler('SIGBREAK', () => {})).toThrow(/this platform has no such signal/) // Linux
    expect(() => loop.removeSignalHandler('nope' as SignalName)).toThrow(TypeError)
    expect([count('SIGUSR2'), count('SIGKILL'), count('SIGSEGV')]).toEqual(before)
    loop.close()
    expect(() => loop.addSignalHandler('SIGUSR2', () => {})).toThrow(LoopError)
    expect(() => loop.removeSignalHandler('SIGUSR2')).toThrow(LoopError)
    expect(count('SIGUSR2')).toBe(before[0])
  })
})

describe('run: signals (R66)', () => {
  it('R66: the first signal cancels main with a message naming it; run waits for the cleanup, then rejects with CancelledError', async () => {
    const log: string[] = []
    const main = Task.gen(function* () {
      try {
        yield* Task.sleep(60_000)
      } catch (error) {
        log.push(`caught: ${(error as Error).message}`)
        throw error
      } finally {
        yield* Task.sleep(5)
        log.push('cleanup done')
      }
    })
    const running = run(main, { signals: ['SIGUSR2'] })
    expect(count('SIGUSR2')).toBe(1)
    setTimeout(() => deliver('SIGUSR2'), 5)
    const error = await running.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CancelledError)
    expect((error as Error).message).toBe('interrupted by SIGUSR2')
    expect(log).toEqual(['caught: interrupted by SIGUSR2', 'cleanup done'])
    expect(count('SIGUSR2')).toBe(0)
  })

  it('R66: a rejection the signal alone caused ends the process by that signal if never caught; no other rejection does', async () => {
    // a signal is delivered only while its run listens: one delivered later would reach the
    // next test's run as a second signal, which ends the process (this test worker) at once
    const interrupted = (main: Task<unknown, unknown>, signal?: AbortSignal): Promise<Error> => {
      const running = run(main, { signals: ['SIGUSR2'], signal })
      if (signal === undefined) setTimeout(() => deliver('SIGUSR2'), 5)
      return running.then(() => new Error('resolved'), (e: Error) => e)
    }
    const sleep = Task.sleep(60_000)
    const outcomes = {
      bySignalAlone: await interrupted(sleep),
      alsoCancelledByTheProgram: await interrupted(
        Task.gen(function* () {
          const me = yield* Task.currentFiber
          try {
            yield* sleep
          } finally {
            me.cancel('and by the program')
            yield* Task.cede
          }
        }),
      ),
      failedWithItsOwnError: await interrupted(
        Task.gen(function* () {
          try {
            yield* sleep
          } catch {
            // the cancel, caught
          }
          return yield* Task.fail(new Error('its own'))
        }),
      ),
      uncancelledThenThrewACancelledError: await interrupted(
        Task.gen(function* () {
          try {
            yield* sleep
          } catch {
            ;(yield* Task.currentFiber).uncancel()
          }
          return yield* Task.fail(new CancelledError('its own cancel'))
        }),
      ),
      abortedBeforeAnySignal: await interrupted(sleep, AbortSignal.abort('aborted')),
    }
    expect(Object.entries(outcomes).map(([k, e]) => `${k}: ${e.name}: ${e.message} -> ${signalEndingProcessIfUncaught(e) ?? 'no signal'}`)).toEqual([
      'bySignalAlone: CancelledError: interrupted by SIGUSR2 -> SIGUSR2',
      'alsoCancelledByTheProgram: CancelledError: and by the program -> no signal',
      'failedWithItsOwnError: Error: its own -> no signal',
      // as asyncio's Runner: uncancel() leaves 0, so the interrupt is what ended main
      'uncancelledThenThrewACancelledError: CancelledError: its own cancel -> SIGUSR2',
      'abortedBeforeAnySignal: CancelledError: aborted by an AbortSignal (aborted) -> no signal',
    ])
  })

  it('R66: main that catches the cancel and returns makes run resolve with its value', async () => {
    const main = Task.gen(function* () {
      try {
        yield* Task.sleep(60_000)
        return 'slept'
      } catch {
        return 'interrupted, and said so'
      }
    })
    const running = run(main, { signals: ['SIGUSR2'] })
    setTimeout(() => deliver('SIGUSR2'), 5)
    expect(await running).toBe('interrupted, and said so')
    expect(count('SIGUSR2')).toBe(0)
  })

  it('R65: the listeners exist while run runs and are gone when it ends, however it ends; concurrent runs share one', async () => {
    const before = count('SIGUSR1')
    const a = run(Task.sleep(20), { signals: ['SIGUSR1'] })
    const b = run(Task.fail(new Error('b failed')), { signals: ['SIGUSR1', 'SIGUSR1'] }).catch((e: Error) => e.message)
    expect(count('SIGUSR1')).toBe(before + 1)
    await a
    expect(await b).toBe('b failed')
    expect(count('SIGUSR1')).toBe(before)
  })

  it('a handler the program installs on run’s loop for the same signal takes precedence', async () => {
    const main = Task.gen(function* () {
      const loop = yield* Task.getRunningLoop
      const stop = loop.createFuture<string>()
      loop.addSignalHandler('SIGUSR2', () => stop.setResult('handled by the program'))
      setTimeout(() => deliver('SIGUSR2'), 5)
      return yield* stop
    })
    expect(await run(main, { signals: ['SIGUSR2'] })).toBe('handled by the program')
    expect(count('SIGUSR2')).toBe(0)
  })

  it('signals: false handles none; toPromise handles none unless asked; the default is SIGINT', async () => {
    const before = count('SIGINT')
    const seen: number[] = []
    const probe = Task.sync(() => void seen.push(count('SIGINT') - before))
    await run(probe, { signals: false })
    await toPromise(probe)
    await run(probe)
    expect(seen).toEqual([0, 0, 1])
    expect(count('SIGINT')).toBe(before)
  })

  it('bad signals are a TypeError or RangeError thrown when run is called, before anything runs', () => {
    let ran = false
    const before = count('SIGINT')
    const main = Task.sync(() => void (ran = true))
    expect(() => run(main, { signals: 'SIGINT' as never })).toThrow(TypeError)
    expect(() => run(main, { signals: ['SIGINT', 'SIGNOPE' as SignalName] })).toThrow(TypeError)
    expect(() => run(main, { signals: ['SIGKILL'] })).toThrow(RangeError)
    expect(ran).toBe(false)
    expect(count('SIGINT')).toBe(before)
  })
})

describe('a host without process signals (no `process`)', () => {
  it('run handles no signal by default and runs; asking for one, or a loop handler, is a RangeError', async () => {
    const loop = new Loop({ clock: 'virtual' })
    const sigintBefore = count('SIGINT')
    vi.stubGlobal('process', undefined)
    let running: Promise<number>
    try {
      running = run(Task.succeed(1), { clock: 'virtual' })
      expect(() => run(Task.succeed(2), { signals: ['SIGINT'] })).toThrow(/SIGINT cannot be handled: this host has no process signals/)
      expect(() => loop.addSignalHandler('SIGTERM', () => {})).toThrow(RangeError)
    } finally {
      vi.unstubAllGlobals()
    }
    expect(await running).toBe(1)
    expect(count('SIGINT')).toBe(sigintBefore)
    loop.close()
  })
})

// ---- what the process is asked to do, on a stand-in host -----------------------------------

type Signals = typeof import('../lib/signals.node.js')

/**
 * A fresh copy of the signals module: its listeners, its table of signal numbers and its exit
 * hooks start anew (they live for the process, so each test needs its own copy).
 */
const freshSignals = async (): Promise<Signals> => {
  vi.resetModules()
  return import('../lib/signals.node.js')
}

/** macOS's numbers for a few signals: SIGUSR1 is 30 there, 10 on Linux. */
const MACOS_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15, SIGUSR1: 30, SIGUSR2: 31 }

/**
 * A stand-in for Node's `process` that records what the module asks of it, in order; its
 * `kill` and `exit` return (so a test sees what comes after them). `os` is what
 * `getBuiltinModule('os')` gives (`'no getBuiltinModule'`: a host that has none);
 * `othersListening`: signals someone else also listens for.
 */
const standInHost = (options: { os?: unknown; othersListening?: string[]; killThrows?: boolean } = {}) => {
  const { os = { constants: { signals: MACOS_NUMBERS } }, othersListening = [], killThrows = false } = options
  const calls: string[] = []
  const listeners = new Map<string, Array<(...args: unknown[]) => void>>()
  const host: Record<string, unknown> & { exitCode?: number } = {
    pid: 4242,
    on: (event: string, listener: (...args: unknown[]) => void) => {
      calls.push(`on ${event}`)
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
    },
    removeListener: (event: string, listener: (...args: unknown[]) => void) => {
      calls.push(`removeListener ${event}`)
      listeners.set(event, (listeners.get(event) ?? []).filter((l) => l !== listener))
    },
    listenerCount: (event: string) => {
      const n = (listeners.get(event)?.length ?? 0) + (othersListening.includes(event) ? 1 : 0)
      calls.push(`listenerCount ${event} = ${n}`)
      return n
    },
    kill: (pid: number, signal: string) => {
      calls.push(`kill ${pid} ${signal}`)
      if (killThrows) throw new Error('kill ESRCH')
      return true
    },
    exit: (code: number) => void calls.push(`exit ${code}`),
  }
  if (os !== 'no getBuiltinModule') {
    host.getBuiltinModule = (id: string) => {
      calls.push(`getBuiltinModule ${id}`)
      return id === 'os' ? os : undefined
    }
  }
  /** Calls the listeners of `event` as the process would. */
  const emit = (event: string, ...args: unknown[]): void => {
    for (const l of listeners.get(event) ?? []) l(...args)
  }
  const listening = (event: string): number => listeners.get(event)?.length ?? 0
  return { host, calls, emit, listening }
}

/** Runs `f` with `host` as the global `process` (synchronously: nothing else runs meanwhile). */
const onHost = <A,>(host: unknown, f: () => A): A => {
  vi.stubGlobal('process', host)
  try {
    return f()
  } finally {
    vi.unstubAllGlobals()
  }
}

describe('how a signalled program ends: what the process is asked to do (a stand-in process)', () => {
  it('R66: after the signal ended the run and no other listener is left, our listener is removed and the signal raised again on the process; were it to live on, exit status 128 + n', async () => {
    const signals = await freshSignals()
    const { host, calls } = standInHost()
    onHost(host, () => {
      signals.subscribeAll(['SIGINT'], () => {})
      signals.exitBySignal('SIGINT')
    })
    expect(calls).toEqual(['on SIGINT', 'removeListener SIGINT', 'listenerCount SIGINT = 0', 'kill 4242 SIGINT', 'getBuiltinModule os', 'exit 130'])
  })

  it('R66: where someone else still listens for the signal it is not raised again: the process exits with 128 + its number (SIGTERM: 143)', async () => {
    const signals = await freshSignals()
    const { host, calls } = standInHost({ othersListening: ['SIGTERM'] })
    onHost(host, () => {
      signals.subscribeAll(['SIGTERM'], () => {})
      signals.exitBySignal('SIGTERM')
    })
    expect(calls).toEqual(['on SIGTERM', 'removeListener SIGTERM', 'listenerCount SIGTERM = 1', 'getBuiltinModule os', 'exit 143'])
  })

  it('R66: a signal that cannot be raised here (kill throws) falls back on the exit status; with no listener of ours, none is removed', async () => {
    const signals = await freshSignals()
    const { host, calls } = standInHost({ killThrows: true })
    onHost(host, () => signals.exitBySignal('SIGHUP'))
    expect(calls).toEqual(['listenerCount SIGHUP = 0', 'kill 4242 SIGHUP', 'getBuiltinModule os', 'exit 129'])
  })

  it("exit statuses use the host's own signal numbers, read once, when first needed; without them, Linux's", async () => {
    const statuses: Record<string, string[]> = {}
    for (const [host, os] of [
      ['macOS', { constants: { signals: MACOS_NUMBERS } }],
      ['no getBuiltinModule', 'no getBuiltinModule'],
      ['an os module without constants', {}],
      ['an os module without a signal table', { constants: {} }],
    ] as const) {
      const signals = await freshSignals()
      const stand = standInHost({ os })
      onHost(stand.host, () => {
        signals.exitBySignal('SIGUSR1')
        signals.exitBySignal('SIGTERM')
      })
      statuses[host] = stand.calls.filter((c) => c.startsWith('exit') || c.startsWith('getBuiltinModule'))
    }
    expect(statuses).toEqual({
      macOS: ['getBuiltinModule os', 'exit 158', 'exit 143'],
      'no getBuiltinModule': ['exit 138', 'exit 143'],
      'an os module without constants': ['getBuiltinModule os', 'exit 138', 'exit 143'],
      'an os module without a signal table': ['getBuiltinModule os', 'exit 138', 'exit 143'],
    })
  })

  it('on a host without process, exitBySignal does nothing and returns', async () => {
    const signals = await freshSignals()
    expect(onHost(undefined, () => signals.exitBySignal('SIGINT'))).toBe(undefined)
  })

  it('after our listener was dropped as the process ended, a late unsubscribe throws nothing and later subscribers still share one listener', async () => {
    const signals = await freshSignals()
    const { host, emit, listening } = standInHost()
    const got: string[] = []
    onHost(host, () => {
      const first = signals.subscribeAll(['SIGUSR2'], () => got.push('first'))
      const early = signals.subscribeAll(['SIGUSR1'], () => got.push('early'))
      signals.exitBySignal('SIGUSR2') // drops our SIGUSR2 listener (this process lives on)
      signals.exitBySignal('SIGUSR1')
      first() // nothing left to unsubscribe from
      const second = signals.subscribeAll(['SIGUSR1'], (s) => got.push(`second ${s}`))
      early() // its listener is gone; the one serving `second` stays
      const third = signals.subscribeAll(['SIGUSR1'], (s) => got.push(`third ${s}`))
      expect(listening('SIGUSR1')).toBe(1)
      emit('SIGUSR1')
      second()
      third()
    })
    expect(got).toEqual(['second SIGUSR1', 'third SIGUSR1'])
    expect([listening('SIGUSR1'), listening('SIGUSR2')]).toEqual([0, 0])
  })
})

describe('a run that a signal ended, its rejection never caught: the process hooks (a stand-in process)', () => {
  it("installs one 'uncaughtExceptionMonitor' and one 'exit' listener, the first time only, and keeps them", async () => {
    const signals = await freshSignals()
    const { host, calls, listening } = standInHost()
    onHost(host, () => {
      signals.endProcessIfUncaught(new CancelledError('interrupted by SIGINT'), 'SIGINT')
      signals.endProcessIfUncaught(new CancelledError('interrupted by SIGTERM'), 'SIGTERM')
    })
    expect(calls).toEqual(['on uncaughtExceptionMonitor', 'on exit'])
    expect([listening('uncaughtExceptionMonitor'), listening('exit')]).toEqual([1, 1])
  })

  it('R66: the error uncaught, at exit our listener is removed and the signal raised again; were the process to live on, its exit status is 128 + n', async () => {
    const signals = await freshSignals()
    const { host, calls, emit } = standInHost()
    const error = new CancelledError('interrupted by SIGINT')
    onHost(host, () => {
      signals.subscribeAll(['SIGINT'], () => {}) // the run's listener, still there when Node reports the error
      signals.endProcessIfUncaught(error, 'SIGINT')
    })
    calls.length = 0
    onHost(host, () => emit('uncaughtExceptionMonitor', error, 'unhandledRejection'))
    expect(calls).toEqual([])
    onHost(host, () => emit('exit', 1))
    expect(calls).toEqual(['removeListener SIGINT', 'listenerCount SIGINT = 0', 'kill 4242 SIGINT', 'getBuiltinModule os'])
    expect(host.exitCode).toBe(130)
  })

  it('R66: another uncaught error, a thrown value that is no object, or none at all: the exit is left alone', async () => {
    const signals = await freshSignals()
    const { host, calls, emit } = standInHost()
    onHost(host, () => signals.endProcessIfUncaught(new CancelledError('interrupted by SIGINT'), 'SIGINT'))
    calls.length = 0
    onHost(host, () => {
      emit('uncaughtExceptionMonitor', new CancelledError('interrupted by SIGINT'), 'unhandledRejection')
      emit('uncaughtExceptionMonitor', 'a thrown string', 'uncaughtException')
      emit('uncaughtExceptionMonitor', null, 'uncaughtException')
      emit('exit', 1)
    })
    expect(calls).toEqual([])
    expect(host.exitCode).toBe(undefined)
  })

  it('a value that is no object, or a host without process, is ignored: nothing installed, nothing thrown', async () => {
    const signals = await freshSignals()
    const { host, calls } = standInHost()
    onHost(host, () => {
      for (const value of ['a string', null, 42, undefined]) signals.endProcessIfUncaught(value, 'SIGINT')
    })
    expect(calls).toEqual([])
    const error = new CancelledError('interrupted by SIGINT')
    onHost(undefined, () => signals.endProcessIfUncaught(error, 'SIGINT'))
    expect(signals.signalEndingProcessIfUncaught(error)).toBe(undefined)
  })
})

describe('which hosts have signals, and the refusals', () => {
  it("a `process` without on, kill or listenerCount (a bundler's stand-in) has no signals: run handles none, asking for one is a RangeError", async () => {
    const signals = await freshSignals()
    const seen = (['on', 'kill', 'listenerCount'] as const).map((missing) => {
      const { host } = standInHost()
      delete host[missing]
      return onHost(host, () => {
        let refusal = ''
        try {
          signals.checkSignalName('addSignalHandler', 'SIGTERM')
        } catch (error) {
          refusal = `${(error as Error).name}: ${(error as Error).message}`
        }
        return `without ${missing}: ${signals.hostHasSignals()} ${JSON.stringify(signals.checkRunSignals('run', undefined))} ${refusal}`
      })
    })
    expect(seen).toEqual([
      'without on: false [] RangeError: addSignalHandler: SIGTERM cannot be handled: this host has no process signals',
      'without kill: false [] RangeError: addSignalHandler: SIGTERM cannot be handled: this host has no process signals',
      'without listenerCount: false [] RangeError: addSignalHandler: SIGTERM cannot be handled: this host has no process signals',
    ])
  })

  it('each signal no handler may take is refused with its reason', async () => {
    const signals = await freshSignals()
    const reasons = ['SIGKILL', 'SIGSTOP', 'SIGBUS', 'SIGFPE', 'SIGSEGV', 'SIGILL'].map((s) => {
      try {
        signals.checkSignalName('addSignalHandler', s)
        return `${s} accepted`
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`
      }
    })
    expect(reasons).toEqual([
      'RangeError: addSignalHandler: SIGKILL cannot be handled: it cannot be caught',
      'RangeError: addSignalHandler: SIGSTOP cannot be handled: it cannot be caught',
      'RangeError: addSignalHandler: SIGBUS cannot be handled: a process that received it cannot safely run JavaScript',
      'RangeError: addSignalHandler: SIGFPE cannot be handled: a process that received it cannot safely run JavaScript',
      'RangeError: addSignalHandler: SIGSEGV cannot be handled: a process that received it cannot safely run JavaScript',
      'RangeError: addSignalHandler: SIGILL cannot be handled: a process that received it cannot safely run JavaScript',
    ])
  })

  it('a callback that is no function is a TypeError that names what was given; removing from a loop that never had a handler is false', () => {
    const loop = new Loop({ clock: 'virtual' })
    expect(() => loop.addSignalHandler('SIGUSR2', 'not a function' as never)).toThrow(new TypeError('addSignalHandler: callback must be a function, got "not a function"'))
    expect(() => loop.addSignalHandler('SIGUSR2', null as never)).toThrow(new TypeError('addSignalHandler: callback must be a function, got null'))
    expect(loop.removeSignalHandler('SIGUSR2')).toBe(false)
    expect(count('SIGUSR2')).toBe(0)
    loop.close()
  })
})
