/**
 * Every example runs, exits 0 and prints what it should. Each runs in its own process, as a
 * user would run it (`npx tsx examples/<name>.ts`).
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const runExample = (name: string): { code: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `examples/${name}`], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('examples', () => {
  it('hello.ts prints Hello, then Goodbye about a second later, and exits 0', () => {
    const r = runExample('hello.ts')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const m = /^(\d+\.\d+)s Hello!\n(\d+\.\d+)s Goodbye!\n$/.exec(r.stdout)
    expect(m, r.stdout).not.toBeNull()
    const gap = Number(m![2]) - Number(m![1])
    expect(gap).toBeGreaterThanOrEqual(0.99)
    expect(gap).toBeLessThan(2)
  })

  it('hello-run.ts does the same through run(main) and prints its result', () => {
    const r = runExample('hello-run.ts')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^\d+\.\d+s Hello!\n\d+\.\d+s Goodbye!\nmain returned "done"\n$/)
  })
})

describe('examples/fp-ts.ts', () => {
  it('loads three decoded resources concurrently, reports a DecodeError, a deadline and an abort, and exits 0', () => {
    const r = runExample('fp-ts.ts')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines).toContain('  Ada: 2 orders, 42.50 EUR')
    expect(r.stdout).toMatch(/took \d+ ms/)
    expect(lines).toContain('  DecodeError: could not decode value as { currency: string }: / at .currency: expected string, got 42')
    // the malformed config fails the whole: the two other requests in flight are aborted
    expect(lines).toContain('  (request /user/1/orders aborted)')
    expect(lines).toContain('  (request /slow aborted)')
    expect(lines).toContain('  cancelled, because TimeoutError: The operation was aborted due to timeout')
    expect(lines).toContain('  cancelled, because Error: navigated away')
  })
})
