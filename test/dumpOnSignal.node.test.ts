/**
 * `run(main, { dumpOnSignal })`: on that process signal the run writes `loop.dump()` to stderr
 * and goes on; the listener is removed when the run ends. The real thing runs in child
 * processes that signal themselves; the checks of the option run here.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { Task, run } from '../lib/index.js'

const root = resolve(import.meta.dirname, '..')
const lib = pathToFileURL(join(root, 'lib', 'index.ts')).href
const dir = mkdtempSync(join(tmpdir(), 'taskloop-dump-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const runScript = (name: string, body: string) => {
  const file = join(dir, `${name}.mts`)
  writeFileSync(file, `import { Queue, Task, run } from ${JSON.stringify(lib)}\n${body}\n`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr }
}

/** A run that signals itself while a consumer waits on a named queue. */
const program = (afterRun: string) => `const jobs = new Queue<number>({ name: 'jobs' })
const value = await run(Task.gen(function* main() {
  yield* Task.spawn(jobs.get(), { name: 'consumer' })
  yield* Task.sleep(20)
  process.kill(process.pid, 'SIGUSR2')
  yield* Task.sleep(200) // real time for the signal to arrive
  jobs.putNowait(1)
  return 'done'
}), { dumpOnSignal: 'SIGUSR2' })
console.log(value, process.listenerCount('SIGUSR2'))
${afterRun}`

describe('run(main, { dumpOnSignal })', () => {
  it('prints the dump to stderr on the signal, and the run goes on to its end', () => {
    const r = runScript('dump', program(''))
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('done 0\n')
    const lines = r.stderr.split('\n')
    expect(lines[0]).toBe('taskloop: SIGUSR2: what the loop is doing')
    expect(lines[1]).toMatch(/^real loop at 0\.\d{3} s, 2 live fibers$/)
    expect(lines[2]).toMatch(/^#1 'main' \(age \d+(\.\d+)? ms\) main#3 — waits on sleep until 0\.\d{3} s \(in \d+(\.\d+)? ms\)$/)
    expect(lines[3]).toMatch(/^#2 'consumer' \(age \d+(\.\d+)? ms\) — waits on Queue 'jobs'\.get \(0 items, 1 getter\)$/)
    expect(lines.slice(4).join('')).toBe('')
  })

  it('the listener is gone once the run ends: the same signal then ends the process as it would without taskloop', () => {
    const r = runScript('after', program(`process.kill(process.pid, 'SIGUSR2')\nsetTimeout(() => console.log('survived'), 500)`))
    expect(r.stdout).toBe('done 0\n')
    expect(r.signal).toBe('SIGUSR2')
  })

  it('a bad dumpOnSignal is refused where run is called, and nothing runs', () => {
    const before = process.listenerCount('SIGUSR2')
    let ran = false
    const main = Task.sync(() => void (ran = true))
    expect(() => run(main, { dumpOnSignal: 'SIGNOPE' as never })).toThrow(TypeError)
    expect(() => run(main, { dumpOnSignal: 'SIGNOPE' as never })).toThrow(/run: dumpOnSignal: expected a signal name such as 'SIGINT' or 'SIGTERM', got "SIGNOPE"/)
    expect(() => run(main, { dumpOnSignal: 'SIGKILL' })).toThrow(RangeError)
    // a signal that interrupts main cannot also ask for the dump
    expect(() => run(main, { dumpOnSignal: 'SIGINT' })).toThrow(/run: dumpOnSignal is SIGINT, which also interrupts main \(it is in signals\)/)
    expect(() => run(main, { dumpOnSignal: 'SIGTERM', signals: ['SIGINT', 'SIGTERM'] })).toThrow(RangeError)
    expect(ran).toBe(false)
    expect(process.listenerCount('SIGUSR2')).toBe(before)
  })

  it('false, or a signal that main is not interrupted by, is accepted; nothing listens after the run', async () => {
    const listeners = () => process.listenerCount('SIGINT') + process.listenerCount('SIGUSR2')
    const before = listeners()
    expect(await run(Task.of(1), { dumpOnSignal: false })).toBe(1)
    expect(await run(Task.of(2), { dumpOnSignal: 'SIGINT', signals: false })).toBe(2)
    expect(await run(Task.of(3), { dumpOnSignal: 'SIGUSR2' })).toBe(3)
    expect(listeners()).toBe(before)
  })
})

describe('dumpOnSignal in this process (the signal delivered with process.emit)', () => {
  it('each delivery writes one report to stderr, headed by the signal, with the dump of the loop; one listener while the run runs', async () => {
    const written: string[] = []
    const stderr = vi.spyOn(console, 'error').mockImplementation((text: unknown) => void written.push(String(text)))
    const before = process.listenerCount('SIGUSR1')
    try {
      const main = Task.gen(function* () {
        const listening = process.listenerCount('SIGUSR1') - before
        yield* Task.sync(() => void process.emit('SIGUSR1' as never))
        yield* Task.sleep(1000)
        yield* Task.sync(() => void process.emit('SIGUSR1' as never))
        return listening
      })
      expect(await run(main, { clock: 'virtual', dumpOnSignal: 'SIGUSR1' })).toBe(1)
    } finally {
      stderr.mockRestore()
    }
    expect(written).toHaveLength(2)
    for (const report of written) {
      const [head, ...dump] = report.split('\n')
      expect(head).toBe('taskloop: SIGUSR1: what the loop is doing')
      expect(dump.join('\n')).toContain('main')
    }
    expect(process.listenerCount('SIGUSR1')).toBe(before)
  })
})
