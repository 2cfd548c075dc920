/**
 * The example servers under a real HTTP client: 500 requests with Node's fetch, of which 50 are
 * aborted by their client mid-request and 50 pass their deadline, and a shutdown triggered while
 * requests are in flight. Whatever the timing, nothing may leak and nothing may be lost: every
 * started request is finalized exactly once, every answered request has its audit line, no
 * handler is left running, no database permit is held, and the server is closed.
 *
 * No timing is asserted: only counts and the identity of requests.
 */
import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { startServer as startTaskloop } from '../examples/server.js'
import { startServer as startPromise } from '../examples/server-promise.js'
import type { ServerHandle, ServerOptions } from '../examples/server-shared.js'

type Kind = 'normal' | 'abort' | 'late' | 'slow'

/** Request i: 50 aborted by the client, 50 past their deadline, 10 slower than the grace period. */
const kindOf = (i: number): Kind => (i % 10 === 3 ? 'abort' : i % 10 === 7 ? 'late' : i % 50 === 25 ? 'slow' : 'normal')
const pathOf = (kind: Kind, i: number): string =>
  kind === 'abort' ? '/work?ms=5000' : kind === 'late' ? '/work?ms=1000&deadline=15' : kind === 'slow' ? '/work?ms=5000&deadline=10000' : `/work?ms=${1 + (i % 7)}`

interface Seen {
  readonly i: number
  readonly kind: Kind
  readonly status?: number
  readonly id?: string
  readonly error?: string
}

const scenario = async (start: (o: ServerOptions) => Promise<ServerHandle>) => {
  const audit: string[] = []
  const server = await start({ graceMs: 300, dbConcurrency: 16, auditCapacity: 16, auditSink: (line) => audit.push(line) })
  const base = `http://127.0.0.1:${server.port}`
  const TOTAL = 500
  const SHUTDOWN_AFTER = 430 // requests sent before the shutdown is triggered
  const CONCURRENCY = 40
  const seen: Seen[] = []
  let next = 0
  let shutdown: Promise<unknown> | null = null

  const one = async (i: number): Promise<void> => {
    const kind = kindOf(i)
    const controller = new AbortController()
    const timer = kind === 'abort' ? setTimeout(() => controller.abort(new Error('client gave up')), 30) : undefined
    try {
      const res = await fetch(base + pathOf(kind, i), { signal: controller.signal })
      await res.text()
      seen.push({ i, kind, status: res.status, id: res.headers.get('x-request-id') ?? undefined })
    } catch (error) {
      seen.push({ i, kind, error: (error as Error).name === 'TypeError' ? 'TypeError' : (error as Error).message })
    } finally {
      clearTimeout(timer)
    }
  }
  const client = async (): Promise<void> => {
    while (next < TOTAL) {
      const i = next++
      if (i === SHUTDOWN_AFTER) shutdown = server.shutdown()
      await one(i)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, client))
  const report = await shutdown!
  // a new connection (fetch might reuse a pooled socket the server has since closed)
  const refusedAfter = await new Promise<string>((resolve) => {
    const socket = connect(server.port, '127.0.0.1', () => (socket.destroy(), resolve('connected')))
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
  })
  return { report: report as Awaited<ReturnType<ServerHandle['shutdown']>>, audit, seen, refusedAfter, closed: await server.closed }
}

/** Polls `check` until it holds; fails after `tries` polls (a liveness bound, not a timing). */
const eventually = async (check: () => boolean, what: string, tries = 500): Promise<void> => {
  for (let i = 0; i < tries; i++) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`never happened: ${what}`)
}

for (const [name, start] of [['server.ts (taskloop)', startTaskloop], ['server-promise.ts (async/await)', startPromise]] as const) {
  describe(`examples/${name}`, () => {
    it('a client that goes away mid-request cancels it at once: its finalizer runs and its permit comes back, with no shutdown', async () => {
      const server = await start({ dbConcurrency: 2 })
      const controllers = Array.from({ length: 5 }, () => new AbortController())
      const requests = controllers.map((c) => fetch(`http://127.0.0.1:${server.port}/work?ms=600000&deadline=600000`, { signal: c.signal }).catch((e: Error) => e.message))
      await eventually(() => server.report().started === 5, 'all five requests started')
      expect(server.report().dbPermitsHeld).toBe(2)
      for (const c of controllers) c.abort(new Error('client gave up'))
      expect(await Promise.all(requests)).toEqual(Array(5).fill('client gave up'))
      await eventually(() => server.report().finalized === 5, 'all five requests finalized')
      expect(server.report()).toMatchObject({ started: 5, finalized: 5, finalizedTwice: 0, clientAborted: 5, alive: 0, dbPermitsHeld: 0, completed: 0, auditLines: 0 })
      const report = await server.shutdown()
      expect(report).toMatchObject({ cancelledAtShutdown: 0, alive: 0 })
    })

    it('500 requests, 50 aborted, 50 late, shutdown mid-run: every finalizer once, every answer audited, nothing left', async () => {
      const { report, audit, seen, refusedAfter, closed } = await scenario(start)

      // every request the client sent was settled: an answer or a network error
      expect(seen).toHaveLength(500)

      // every started request's finalizer ran exactly once; nothing is left running or held
      expect(report.started).toBeGreaterThan(300)
      expect(report.finalized).toBe(report.started)
      expect(report.finalizedTwice).toBe(0)
      expect(report.alive).toBe(0)
      expect(report.dbPermitsHeld).toBe(0)
      expect(report.auditQueued).toBe(0)
      expect(closed).toEqual(report)

      // every completed request has its one audit line, and every answer the client got is one of them
      expect(report.auditLines).toBe(report.completed)
      expect(audit).toHaveLength(report.completed)
      const audited = new Map(audit.map((line) => [line.split(' ')[0]!, Number(line.split(' ')[1])]))
      expect(audited.size).toBe(audit.length)
      const answered = seen.filter((s) => s.status === 200 || s.status === 504)
      for (const s of answered) expect(audited.get(s.id!), `request ${s.i} (${s.kind})`).toBe(s.status)
      expect(answered.length).toBeLessThanOrEqual(report.completed)

      // each kind did what it should
      // (a network error is a request that met the shutdown closing its connection)
      const outcomes = (kind: Kind) => new Set(seen.filter((s) => s.kind === kind).map((s) => s.status ?? s.error))
      expect([...outcomes('late')].every((o) => o === 504 || o === 503 || o === 'TypeError')).toBe(true)
      expect([...outcomes('abort')].every((o) => o === 'client gave up' || o === 503 || o === 'TypeError')).toBe(true)
      expect(outcomes('abort').has('client gave up')).toBe(true)
      expect([...outcomes('slow')].every((o) => o === 503 || o === 'TypeError')).toBe(true)
      expect([...outcomes('normal')].every((o) => o === 200 || o === 503 || o === 504 || o === 'TypeError')).toBe(true)
      expect(report.ok).toBeGreaterThan(0)
      expect(report.timedOut).toBeGreaterThan(0)
      expect(report.clientAborted).toBeGreaterThan(0)
      expect(report.cancelledAtShutdown).toBeGreaterThan(0) // the slow ones outlive the grace period
      expect(report.ok + report.timedOut + report.clientAborted + report.cancelledAtShutdown).toBe(report.started)
      expect(report.started + report.refused + report.abandoned).toBeLessThanOrEqual(500)

      // the server is closed
      expect(refusedAfter).toBe('ECONNREFUSED')
    })
  })
}

describe('examples/server.ts as a script', () => {
  /** Starts the script, waits for it to listen, holds 3 slow requests in flight, then sends `signal`. */
  const signalled = async (signal: 'SIGTERM' | 'SIGINT') => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/server.ts', '--grace', '50'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })))
    await eventually(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(stdout), 'the server listens', 3000)
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!
    const answers = [1, 2, 3].map(() => fetch(`${base}/work?ms=600000&deadline=600000`).then((r) => r.status, (e: Error) => e.name))
    const started = async (): Promise<number> => ((await (await fetch(`${base}/stats`)).json()) as { started: number }).started
    for (let i = 0; i < 300 && (await started()) < 3; i++) await new Promise((r) => setTimeout(r, 10))
    child.kill(signal)
    return { ...(await ended), answers: await Promise.all(answers), stdout, stderr }
  }

  it('SIGTERM: stops accepting, cancels what outlives the grace period (503), drains the audit queue, prints its report and exits 0', async () => {
    const r = await signalled('SIGTERM')
    expect(r.stderr).toBe('')
    expect([r.code, r.signal]).toEqual([0, null])
    expect(r.answers).toEqual([503, 503, 503])
    const report = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>
    expect(report).toMatchObject({ started: 3, finalized: 3, finalizedTwice: 0, cancelledAtShutdown: 3, alive: 0, dbPermitsHeld: 0, auditQueued: 0 })
  })

  it('R66: SIGINT runs the same shutdown through run’s handling (the requests get their 503), then the process ends by SIGINT', async () => {
    const r = await signalled('SIGINT')
    expect(r.answers).toEqual([503, 503, 503])
    expect(r.signal).toBe('SIGINT')
    expect(r.stdout).not.toContain('"started"') // main was cancelled: no report
  })
})
