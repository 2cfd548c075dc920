/**
 * `run`'s handling of a real signal (ASYNCIO.md R66), in child processes that send themselves
 * one (`test/fixtures/signalled.ts`): their `finally` blocks, their output and exit status.
 * The same handling delivered in this process is in test/signals.node.test.ts.
 */
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'

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
