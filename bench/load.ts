/**
 * `npm run load`: both example servers (`examples/server.ts` on taskloop and
 * `examples/server-promise.ts` in plain async/await) under the same load from autocannon, on
 * loopback, each in its own `node --expose-gc` process; then the table.
 *
 * Each server is bundled with esbuild first, and run by plain Node (see `bundle`).
 *
 * The load: 100 connections for 30 s per server (after a 5 s warm-up), given in three rounds
 * of 10 s that alternate between the two servers (T P, P T, T P), so that other work on the
 * machine does not fall on one server only; requests/s is over the 30 s, p50 and p99 are the
 * median of the three rounds'. Each connection cycles through ten
 * requests: eight ordinary ones (a 1–4 ms query), one that passes its 20 ms deadline (the
 * server answers 504), and one that its client aborts mid-request: a 10 s query whose
 * connection the client destroys after 20 ms, then reconnects; the server must cancel the
 * request. (autocannon's own `timeout` is at least 1 s and would leave the connection idle for
 * that second, so the harness aborts through the method that autocannon's timeout uses.) The
 * database allows 50 queries at once.
 *
 * After the load, each server must account for every request: finalizers run = requests
 * started, audit lines = requests completed, no request handler alive, no database permit
 * held, and its heap after `gc()` within 10 % of what it was after the warm-up. Targets:
 * taskloop's requests/s ≥ 0.9 × the plain server's, its p99 latency ≤ 1.1 × the plain one's.
 *
 * Never part of `npm test` (it takes about two minutes and measures time). Options:
 * `--duration=S` (default 30), `--connections=N` (default 100), `--only=taskloop|promise`,
 * `--profile` (each server writes a CPU profile to `bench/results/prof/`).
 * The figures go to `bench/results/load.json` too.
 *
 * @example
 * npm run load
 * npm run load -- --duration=10
 */
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { build } from 'esbuild'
import type { Client } from 'autocannon'
import type { ServerReport } from '../examples/server-shared.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const arg = (name: string, fallback: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`))
  return a === undefined ? fallback : Number(a.slice(name.length + 3))
}
const DURATION = arg('duration', 30)
const CONNECTIONS = arg('connections', 100)
const WARMUP = 5
/** The load on each server is given in this many rounds, alternating between the servers. */
const ROUNDS = 3
const ABORT_AFTER_MS = 20
const only = process.argv.find((x) => x.startsWith('--only='))?.slice(7)

const SERVERS = [
  { name: 'taskloop', script: 'examples/server.ts' },
  { name: 'promise', script: 'examples/server-promise.ts' },
].filter((s) => only === undefined || s.name === only)

/**
 * Each server is bundled with esbuild, as `npm run bench` bundles its programs, and run by plain
 * Node: the figures are those of compiled JavaScript, not of tsx's on-the-fly transform (which
 * wraps every closure it creates in a naming helper and maps every stack trace).
 */
const out = join(root, 'bench/.build')
const bundle = async (script: string): Promise<string> => {
  const outfile = join(out, script.replace(/^examples\//, '').replace(/\.ts$/, '.mjs'))
  await build({ entryPoints: [join(root, script)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' })
  return outfile
}

/** One connection's cycle of ten requests. */
const REQUESTS = [
  ...[1, 2, 3, 4, 1, 2, 3, 4].map((ms) => ({ method: 'GET', path: `/work?ms=${ms}` })),
  { method: 'GET', path: '/work?ms=200&deadline=20' }, // past its deadline: 504
  { method: 'GET', path: '/work?ms=10000&deadline=20000' }, // aborted by its client after 20 ms
]

let clientAborts = 0 // during the current autocannon run
/** The tenth request of each cycle is aborted: its connection is destroyed mid-request. */
const abortEveryTenth = (client: Client): void => {
  let sent = 0
  client.on('request', () => {
    if (++sent % REQUESTS.length !== 0) return
    setTimeout(() => {
      if (client.destroyed) return
      clientAborts++
      client._resetConnection()
    }, ABORT_AFTER_MS)
  })
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const startChild = async (script: string): Promise<{ child: ChildProcess; url: string; output: () => string }> => {
  const profile = process.argv.includes('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${join(root, 'bench/results/prof')}`] : []
  const child = spawn(process.execPath, [...profile, '--expose-gc', await bundle(script), '--port', '0', '--db', '50', '--grace', '2000'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d))
  for (let i = 0; i < 600 && !/listening on/.test(out); i++) await sleep(50)
  const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
  if (m === null) throw new Error(`${script} did not start: ${out}`)
  return { child, url: m[1]!, output: () => out }
}

const stats = async (url: string, gc: boolean): Promise<ServerReport> => (await (await fetch(`${url}/stats${gc ? '?gc=1' : ''}`)).json()) as ServerReport

interface Row {
  readonly name: string
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
  readonly timeouts: number
  readonly aborts: number
  readonly cpuPerThousand: number
  readonly non2xx: number
  readonly settled: ServerReport
  readonly final: ServerReport
  readonly heapBefore: number
  readonly heapAfter: number
  readonly exitCode: number | null
}

/** A server under test: its process, and its figures as the rounds add up. */
interface Running {
  readonly server: (typeof SERVERS)[number]
  readonly child: ChildProcess
  readonly url: string
  readonly output: () => string
  readonly rounds: autocannon.Result[]
  aborts: number
  before?: ServerReport
}

const load = (r: Running, duration: number): Promise<autocannon.Result> => {
  clientAborts = 0
  return autocannon({ url: r.url, connections: CONNECTIONS, duration, timeout: 1, requests: REQUESTS, setupClient: abortEveryTenth }).then((result) => {
    r.aborts += clientAborts
    return result
  })
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** After the load: the counts once the last aborted requests were noticed, then SIGTERM. */
const finish = async (r: Running): Promise<Row> => {
  let settled = await stats(r.url, false)
  for (let i = 0; i < 100 && settled.alive > 0; i++) settled = await sleep(50).then(() => stats(r.url, false))
  settled = await stats(r.url, true)
  const before = r.before!
  const cpuPerThousand = ((settled.cpuMs - before.cpuMs) / (settled.completed - before.completed)) * 1000
  const exited = new Promise<number | null>((resolve) => r.child.on('close', (code) => resolve(code)))
  r.child.kill('SIGTERM')
  const exitCode = await exited
  const final = JSON.parse(r.output().trim().split('\n').at(-1)!) as ServerReport
  const sum = (f: (x: autocannon.Result) => number): number => r.rounds.reduce((acc, x) => acc + f(x), 0)
  return {
    name: r.server.name,
    rps: sum((x) => x.requests.total) / sum((x) => x.duration),
    p50: median(r.rounds.map((x) => x.latency.p50)),
    p99: median(r.rounds.map((x) => x.latency.p99)),
    errors: sum((x) => x.errors),
    timeouts: sum((x) => x.timeouts),
    aborts: r.aborts,
    cpuPerThousand,
    non2xx: sum((x) => x.non2xx),
    settled,
    final,
    heapBefore: before.heapUsed,
    heapAfter: settled.heapUsed,
    exitCode,
  }
}

// Both servers run at once (the idle one costs nothing), and the load alternates between them
// in rounds, so a burst of other work on the machine does not fall on one server only.
const running: Running[] = []
for (const server of SERVERS) running.push({ server, ...(await startChild(server.script)), rounds: [], aborts: 0 })
for (const r of running) {
  process.stdout.write(`${r.server.name}: warm-up ${WARMUP} s\n`)
  await load(r, WARMUP)
}
await sleep(500)
for (const r of running) {
  r.before = await stats(r.url, true)
  r.aborts = 0
}
const perRound = DURATION / ROUNDS
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? running : [...running].reverse()
  for (const r of order) {
    process.stdout.write(`round ${round + 1}/${ROUNDS}: ${r.server.name} ${perRound} s\n`)
    r.rounds.push(await load(r, perRound))
  }
}
const rows: Row[] = []
for (const r of running) rows.push(await finish(r))

const mb = (b: number): string => (b / 2 ** 20).toFixed(1)
const pct = (after: number, before: number): string => `${after >= before ? '+' : ''}${(((after - before) / before) * 100).toFixed(1)} %`
const lines: [string, (r: Row) => string][] = [
  ['requests/s (answered)', (r) => r.rps.toFixed(0)],
  ['latency p50 / p99 (ms)', (r) => `${r.p50} / ${r.p99}`],
  ['server CPU per 1000 answered requests (ms)', (r) => r.cpuPerThousand.toFixed(0)],
  ['requests aborted by their client', (r) => `${r.aborts}`],
  ['client errors (timeouts)', (r) => `${r.errors} (${r.timeouts})`],
  ['non-2xx answers (504 past deadline)', (r) => `${r.non2xx}`],
  ['requests started (warm-up included)', (r) => `${r.settled.started}`],
  ['finalizers run', (r) => `${r.settled.finalized}${r.settled.finalizedTwice > 0 ? ` (${r.settled.finalizedTwice} twice!)` : ''}`],
  ['cancelled by their client', (r) => `${r.settled.clientAborted}`],
  ['completed (200 + 504)', (r) => `${r.settled.completed} (${r.settled.ok} + ${r.settled.timedOut})`],
  ['audit lines', (r) => `${r.settled.auditLines}`],
  ['fibers / handlers alive after the load', (r) => `${r.settled.alive}`],
  ['db permits held after the load', (r) => `${r.settled.dbPermitsHeld}`],
  ['heap after gc(): after warm-up → after load (MB)', (r) => `${mb(r.heapBefore)} → ${mb(r.heapAfter)} (${pct(r.heapAfter, r.heapBefore)})`],
  ['SIGTERM: exit code, alive, audit queue', (r) => `${r.exitCode}, ${r.final.alive}, ${r.final.auditQueued}`],
]
const width = Math.max(...lines.map(([l]) => l.length))
console.log(`\n${CONNECTIONS} connections, ${DURATION} s, 1 request in 10 aborted by its client, 1 in 10 past its deadline (loopback)\n`)
console.log(`${''.padEnd(width)}  ${rows.map((r) => r.name.padStart(24)).join('')}`)
for (const [label, f] of lines) console.log(`${label.padEnd(width)}  ${rows.map((r) => f(r).padStart(24)).join('')}`)

const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED')
console.log('')
for (const r of rows) {
  const s = r.settled
  const clean = s.finalized === s.started && s.finalizedTwice === 0 && s.alive === 0 && s.dbPermitsHeld === 0
  const heapOk = Math.abs(r.heapAfter - r.heapBefore) <= 0.1 * r.heapBefore
  console.log(`${r.name}: finalizers = started, nothing alive or held: ${verdict(clean)}; audit lines = completed: ${verdict(s.auditLines === s.completed)}; heap within 10 %: ${verdict(heapOk)}; exit 0 on SIGTERM: ${verdict(r.exitCode === 0)}`)
}
const t = rows.find((r) => r.name === 'taskloop')
const p = rows.find((r) => r.name === 'promise')
if (t !== undefined && p !== undefined) {
  console.log(`taskloop / promise requests/s: ${(t.rps / p.rps).toFixed(2)} (target ≥ 0.90: ${verdict(t.rps >= 0.9 * p.rps)})`)
  console.log(`taskloop / promise p99: ${(t.p99 / p.p99).toFixed(2)} (target ≤ 1.10: ${verdict(t.p99 <= 1.1 * p.p99)})`)
  console.log(`taskloop / promise server CPU per request: ${(t.cpuPerThousand / p.cpuPerThousand).toFixed(2)} (no target; steadier than the others on a busy machine)`)
}
mkdirSync(join(root, 'bench/results'), { recursive: true })
writeFileSync(join(root, 'bench/results/load.json'), JSON.stringify({ duration: DURATION, connections: CONNECTIONS, rows }, null, 2))
