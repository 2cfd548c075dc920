/**
 * A real-clock run that is parked when the host has nothing left that could wake it (Node's
 * `beforeExit`) is a deadlock: the run fails with a `LoopError` naming each fiber and what it
 * waits on, and the process exits non-zero. Each case runs a tiny program in a child process.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { Loop, Task, run } from '../../lib/index.js'

const root = resolve(import.meta.dirname, '..', '..')
const lib = pathToFileURL(join(root, 'lib', 'index.ts')).href
const dir = mkdtempSync(join(tmpdir(), 'taskloop-exit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const runScript = (name: string, body: string) => {
  const file = join(dir, `${name}.mts`)
  writeFileSync(file, `import { Loop, Queue, Task, run } from ${JSON.stringify(lib)}\n${body}\n`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('real-clock deadlock', () => {
  it('real-clock deadlock: a get on a queue nobody fills fails run with a LoopError naming the fibers, exit non-zero', () => {
    const r = runScript(
      'queue',
      `const q = new Queue<number>()
await run(Task.gen(function* () {
  yield* Task.spawn(Task.never, { name: 'idler' })
  return yield* q.get()
}))
console.log('unreachable')`,
    )
    expect(r.code).not.toBe(0)
    expect(r.stdout).not.toContain('unreachable')
    expect(r.stderr).toContain('LoopError')
    expect(r.stderr).toMatch(/deadlock/)
    expect(r.stderr).toMatch(/main.*waits on/)
    expect(r.stderr).toMatch(/idler.*waits on Task\.never/)
    // the error carries the dump: every fiber in the tree, with what it waits on
    expect(r.stderr).toMatch(/\nreal loop at \d+\.\d{3} s, 2 live fibers\n#1 'main' \(age [^)]*\) <coroutine>#2 — waits on Queue\.get \(0 items, 1 getter\)\n#2 'idler' \(age [^)]*\) — waits on Task\.never \(only a cancel ends it\)\n/)
  })

  it('real-clock deadlock: gather([currentFiber]) fails the run, and a caught failure still exits non-zero', () => {
    const r = runScript(
      'self',
      `const error = await run(Task.gen(function* () {
  const me = yield* Task.currentFiber
  return yield* Task.gather([me])
})).catch((e: unknown) => e)
console.log(String(error).split('\\n')[0])`,
    )
    expect(r.stdout).toMatch(/^LoopError: .*deadlock/)
    expect(r.code).not.toBe(0)
  })

  it('a future completed later by host code is not a deadlock: exit 0', () => {
    const r = runScript(
      'host',
      `const loop = new Loop()
const f = loop.createFuture<string>()
setTimeout(() => f.setResult('done'), 20)
console.log(await loop.runUntilComplete(Task.join(f)))
loop.close()`,
    )
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('done\n')
    expect(r.code).toBe(0)
  })

  it('real-clock runs leave no beforeExit listener behind', async () => {
    const before = process.listenerCount('beforeExit')
    await run(Task.sleep(1))
    await Promise.all([run(Task.sleep(2)), run(Task.sleep(1)), toFail()])
    const loop = new Loop()
    const fiber = loop.createTask(Task.sleep(1))
    fiber.addDoneCallback(() => loop.stop())
    await loop.runForever()
    loop.close()
    expect(process.listenerCount('beforeExit')).toBe(before)
  })
})

const toFail = () => run(Task.fail('x')).catch(() => undefined)
