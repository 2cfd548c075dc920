/**
 * Process signals: `loop.addSignalHandler` / `removeSignalHandler`, and `run`'s handling of
 * SIGINT (ASYNCIO.md R66; `Runner`, R65).
 *
 * In this process, signals are delivered with `process.emit` (Node calls the same listeners
 * a real signal would), on SIGUSR1/SIGUSR2 so as not to touch the test runner's own SIGINT
 * handling. The real thing — a process that sends itself a signal, its `finally` blocks, its
 * exit status — runs in child processes (`test/fixtures/signalled.ts`).
 */
import { spawn } from 'node:child_process'
import { describe, expect, it, vi } from 'vitest'
import { CancelledError, Loop, LoopError, Task, run, toPromise } from '../lib/index.js'
import type { SignalName } from '../lib/index.js'
import { runSyncUntil } from '../lib/Loop.js'

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

/** Runs the fixture in a child process in the given mode. */
const child = (mode: string): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/signalled.ts', mode], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => (stdout += d))
    p.stderr.on('data', (d: Buffer) => (stderr += d))
    const timer = setTimeout(() => p.kill('SIGKILL'), 30_000)
    p.on('error', reject)
    p.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })

describe('run: a real process that receives a signal (R66)', () => {
  // all children at once: each spends most of its time starting up
  const results = Object.fromEntries(['first', 'sigterm', 'second', 'caught', 'also', 'late', 'off', 'handler'].map((m) => [m, child(m)] as const))

  it('R66: SIGINT runs main’s and the other fibers’ finally blocks, then the process dies by SIGINT (a shell sees 130)', async () => {
    const r = await results.first!
    expect(r.stdout).toBe('main caught CancelledError: interrupted by SIGINT\nmain finally ran\nworker finally ran\n')
    expect(r.signal).toBe('SIGINT')
    expect(r.stderr).toBe('')
  })

  it('R66: with signals: [SIGINT, SIGTERM], SIGTERM does the same and the process dies by SIGTERM (143)', async () => {
    const r = await results.sigterm!
    expect(r.stdout).toBe('main caught CancelledError: interrupted by SIGTERM\nmain finally ran\nworker finally ran\n')
    expect(r.signal).toBe('SIGTERM')
  })

  it('R66: a second SIGINT during the cleanup ends the process at once, by SIGINT', async () => {
    const r = await results.second!
    expect(r.stdout).toBe('main caught CancelledError: interrupted by SIGINT\n')
    expect(r.signal).toBe('SIGINT')
  })

  it('R66: a SIGINT once main is done (during run’s shutdown) ends the process at once', async () => {
    const r = await results.late!
    expect(r.stdout).toBe('main returned\n')
    expect(r.signal).toBe('SIGINT')
  })

  it('R66: a program that catches run’s rejection goes on and exits 0, with no signal listener left', async () => {
    const r = await results.caught!
    expect(r.stdout).toBe(
      'main caught CancelledError: interrupted by SIGINT\nmain finally ran\nworker finally ran\n' +
        'run rejected with CancelledError: interrupted by SIGINT\nlisteners SIGINT=0 SIGTERM=0\n',
    )
    expect([r.code, r.signal]).toEqual([0, null])
  })

  it('R66: main cancelled for another reason too: an ordinary uncaught CancelledError (exit 1), not the signal', async () => {
    const r = await results.also!
    expect(r.stdout).toContain('main caught CancelledError: interrupted by SIGINT\n')
    expect([r.code, r.signal]).toEqual([1, null])
    expect(r.stderr).toContain('CancelledError')
  })

  it('signals: false leaves SIGINT to Node: the process dies at once, no finally runs', async () => {
    const r = await results.off!
    expect(r.stdout).toBe('')
    expect(r.signal).toBe('SIGINT')
  })

  it('a loop handler for SIGTERM lets the program stop gracefully and exit 0, no listener left', async () => {
    const r = await results.handler!
    expect(r.stdout).toBe('removed: true\nstopped by SIGTERM\nlisteners SIGINT=0 SIGTERM=0\n')
    expect([r.code, r.signal]).toEqual([0, null])
  })
})
