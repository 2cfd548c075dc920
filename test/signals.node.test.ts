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
