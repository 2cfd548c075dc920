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
    expect(lines).toContain('  TimeoutError: timed out after 100 ms')
    expect(lines).toContain('  cancelled, because TimeoutError: The operation was aborted due to timeout')
    expect(lines).toContain('  cancelled, because Error: navigated away')
  })
})

describe('examples/timeouts.ts', () => {
  it('times out a slow query, keeps a fast one, waits for cleanup, lets a shielded commit finish, and exits 0', () => {
    const r = runExample('timeouts.ts')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines).toContain('[ 100 ms] slow query: TimeoutError (timed out after 100 ms); using the cache instead')
    expect(lines).toContain('[ 130 ms] fast query gave "fast query: 42 rows"')
    expect(lines).toContain('[ 205 ms] stuck query: TimeoutError only after its cleanup')
    expect(lines).toContain('[ 275 ms] caller: gave up waiting; the commit carries on behind the shield')
    expect(lines).toContain('[ 325 ms] commit: mark done')
    expect(lines).toContain('[ 325 ms] caller: later, the commit says "committed"')
    expect(lines).toContain('[ 335 ms] report: CancelledError, not TimeoutError')
  })
})

describe('examples/crawler.ts', () => {
  it('crawls the simulated site with at most 3 requests at once, records failures, stops at the deadline with nothing left in flight, and exits 0', () => {
    const r = runExample('crawler.ts')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines).toContain('crawl with a 2000 ms deadline finished after 365 ms')
    expect(lines).toContain('  fetched 12 pages: / /docs /blog /shop /docs/intro /blog/1 /docs/api /blog/2 /docs/api/task /docs/api/loop /shop/items /shop/items/1')
    expect(lines).toContain('  failed 2: HTTP 500 for /blog/3; HTTP 503 for /shop/cart')
    expect(lines).toContain('crawl with a 250 ms deadline hit the deadline after 250 ms')
    expect(lines).toContain('  cancelled in flight: 3; at most 3 requests at once; still in flight: 0')
  })
})

describe('examples/pipeline.ts', () => {
  it('runs producer → workers → consumer with back-pressure, cancels a worker mid-run, loses nothing, and exits 0', () => {
    const r = runExample('pipeline.ts')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines).toContain('t=60ms  cancelling worker B; it has handled 7 items and holds one')
    expect(lines).toContain('t=62ms  worker B stopped after handing on the item it held (8 handled); worker A carries on')
    expect(lines).toContain('produced 30; the producer found its queue full 24 times (back-pressure); it never held more than 4')
    expect(lines).toContain('transformed 30 (worker A 22, worker B 8)')
    expect(lines).toContain('consumed 30: lost 0, duplicated 0')
  })
})

describe('examples/threads.ts', () => {
  it('hashes four files on the worker pool while the ticker keeps ticking, and exits 0', () => {
    const r = runExample('threads.ts')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    const digests = lines.filter((l) => l.endsWith('…') && !l.startsWith(' '))
    expect(digests).toEqual(['alpha.bin  53bad44ad7974d5f…', 'bravo.bin  b715c907e45e251d…', 'charlie.bin  e7705e2391de4645…', 'delta.bin  a19b8a3f841fd527…'])
    // the ticker ran on the loop while the hashes were computed on the pool
    expect(lines.filter((l) => /^ {2}… tick \d+: [0-3]\/4 hashed$/.test(l)).length).toBeGreaterThan(0)
    expect(lines.at(-1)).toMatch(/^hashed 4 files in \d+ ms; the ticker ticked [1-9]\d* times meanwhile$/)
  })
})

describe('examples/testing.ts', () => {
  it('finds the cache race (explore, with a replay), the lost money (cancelEverywhere) and checks the retry times (TestLoop), and exits 0', () => {
    const r = runExample('testing.ts')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines).toContain('   FIFO order alone: passes')
    expect(r.stdout).toMatch(/random mode \(seed 2024\): found after \d+ schedules \(\d+ distinct\): 2 fetches/)
    expect(r.stdout).toMatch(/replay 's1:[0-9a-z.]+'\n {3}replayed: fails again, 2 fetches/)
    expect(r.stdout).toMatch(/exhaustive mode: found after \d+ schedules/)
    expect(r.stdout).toMatch(/fixed: no failure in 1000 random schedules; exhaustive: no failure in all \d+ schedules \(every one\)/)
    expect(r.stdout).toMatch(/the total is 80, not 100/)
    expect(lines).toContain('   at: main at payday#2 > transfer#1, waiting on sleep until 0.006 s (in 5 ms)')
    expect(r.stdout).toMatch(/fixed with uncancellable: the total is 100 at all \d+ cancellation points/)
    expect(r.stdout).toMatch(/t=100 ms: 2 attempt\(s\), pending, next timer in 200 ms/)
    expect(r.stdout).toMatch(/t=300 ms: 3 attempt\(s\), \{"_tag":"Succeeded","value":"connected"\}/)
  })
})

describe('examples/context.ts', () => {
  it('R29: each crawl job’s request id is in every log line of that job, across spawns, a queue and a callback; exits 0', () => {
    const r = runExample('context.ts')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')).toEqual([
      '[  0 ms] [no job] starting two jobs',
      '[  0 ms] [job-1] crawl from /',
      '[  0 ms] [job-2] crawl from /docs',
      '[ 30 ms] [job-1] worker 1 fetched / (2 links)',
      '[ 40 ms] [job-2] worker 1 fetched /docs (1 links)',
      '[ 45 ms] [job-1] progress check (from a callLater callback)',
      '[ 45 ms] [job-2] progress check (from a callLater callback)',
      '[ 60 ms] [job-2] worker 1 fetched /docs/api (0 links)',
      '[ 60 ms] [job-2] done: 2 pages',
      '[ 70 ms] [job-1] worker 1 fetched /docs (1 links)',
      '[ 80 ms] [job-1] worker 2 fetched /blog (0 links)',
      '[ 90 ms] [job-1] worker 1 fetched /docs/api (0 links)',
      '[ 90 ms] [job-1] done: 4 pages',
      '[ 90 ms] [no job] all jobs done',
      '',
    ])
  })
})

describe('examples/debugging.ts', () => {
  it('shows a failure deep in a gather with its traceback, a timeline, a deadlock\'s dump, a live dump and a context variable in every log line; exits 0', () => {
    const r = runExample('debugging.ts')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')).toEqual([
      '1. two requests, each logging with its own id; the second fails deep in its gather',
      '[req-1] loading ok',
      '[req-1] loading fine',
      '[req-1] sizes 2, 4',
      '[req-2] loading ok',
      '[req-2] loading bad',
      'run rejected with Error: cannot parse bad; the path it took, innermost first:',
      '    at async parse (examples/debugging.ts:34:26)',
      '    at async load (examples/debugging.ts:40:17)',
      '    at async gather child #2 of 2 in handle (examples/debugging.ts:46:33)',
      '    at async main (examples/debugging.ts:57:14)',
      '',
      '2. the timeline: 53 events on 6 tracks, written to debugging-trace.json',
      '',
      '3. a deadlock: runSync says what every fiber waits on',
      'runSync cannot finish main: deadlock: nothing is ready and no timer is pending; main waits on gather: 2 of 2 pending',
      'virtual loop at 0.010 s, 4 live fibers',
      "#1 'main' (age 10 ms) stuck#2 — waits on gather: 2 of 2 pending",
      "├── #3 'Task-3' (age 10 ms) transfer#3 — waits on Lock 'accounts' held by fiber #4 'Task-4' (1 waiter)",
      "└── #4 'Task-4' (age 10 ms) transfer#3 — waits on Lock 'ledger' held by fiber #3 'Task-3' (1 waiter)",
      "#2 'idle worker' (age 10 ms) — waits on Queue 'jobs'.get (0 items, 1 getter)",
      "deadlock: a cycle of awaits: #3 'Task-3' → #4 'Task-4' → #3 'Task-3'",
      '',
      '4. loop.dump() of a loop in the middle of its work',
      'virtual loop at 0.250 s, 2 live fibers',
      "#1 'producer' (age 250 ms) producer#5 — waits on sleep until 0.300 s (in 50 ms)",
      "#2 'consumer' (age 250 ms) consumer#3 — waits on Queue 'jobs'.get (0 items, 1 getter)",
      '',
    ])
  })
})

describe('examples/traceback.ts', () => {
  it('prints the traceback of a failure deep in a gather, plain and in debug mode, then a slow step and where an orphan was created, and exits 0', () => {
    const r = runExample('traceback.ts')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')).toEqual([
      'run(main, { debug: false }) rejected with Error: cannot parse bad, which came through',
      '    at async <coroutine> in Task-3 (examples/traceback.ts:18:26)',
      '    at async <coroutine> in Task-3 (examples/traceback.ts:23:17)',
      '    at async gather child #2 of 2 in main (examples/traceback.ts:26:22)',
      'run(main, { debug: true }) rejected with Error: cannot parse bad, which came through',
      '    at async parse (examples/traceback.ts:18:26)',
      '    at async load (examples/traceback.ts:23:17)',
      '    at async gather child #2 of 2 in main (examples/traceback.ts:26:22)',
      'debug mode reported:',
      "Executing fiber 'main' took more than 20 ms (slowStepMs is 20); it is now at <coroutine>#2 (examples/traceback.ts:50:17)",
      'Task exception was never retrieved',
      '  created at examples/traceback.ts:45:17',
      '',
    ])
  })
})
