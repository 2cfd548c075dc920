/**
 * `npm run bench [-- options]`: builds the benchmark child (and a bundle of taskloop for the
 * import cost) with esbuild, runs every workload on every system — each in a fresh
 * `node --expose-gc` process, warm-up runs then counted runs — and prints the medians with
 * min–max, the ratios taskloop / each other system from this same run, and the targets met
 * or missed. The same data goes to `bench/results/latest.json`.
 *
 * Options: `--quick` (smaller N, fewer runs: under a minute), `--only=W1,W3,import`,
 * `--systems=taskloop,effect`, `--profile` (writes a `--cpu-prof` profile of every taskloop
 * child to `bench/results/prof/`), `--instructions` (counts machine instructions per run
 * with valgrind's callgrind instead of timing: slow, but the same on a busy machine; always
 * at the full N, where the code is warm; see `instructionsPerRun`), `--scale` (W3 and W4
 * timed at 10⁴, 10⁵ and 10⁶ children, per-child cost and its growth; `--systems` defaults to
 * taskloop there; see `scaling`), `--n=20000` (every workload at that N: an instruction
 * count at the full N of W1 takes an hour under callgrind), `--counted=1` (counted runs per
 * instruction count, default 3).
 *
 * @example
 * npm run bench -- --quick
 * npm run bench -- --only=W3,W5 --systems=taskloop,native --profile
 * npm run bench -- --only=W3,W5 --systems=taskloop,native --instructions
 * npm run bench -- --scale --systems=taskloop,native
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { COUNT_MARK } from './countMark.js'
import { WORKLOADS } from './workloads.js'

const here = dirname(fileURLToPath(import.meta.url))
const out = join(here, '.build')
const results = join(here, 'results')

/**
 * `native` is hand-written async/await per workload (`native.ts`), the baseline the targets
 * are set against; `promise-adapter` runs the adapter-built programs on Promises (a thunk per
 * step), which no Promise user writes; `taskloop-gen` is W3 and W5 written with `Task.gen`.
 */
const SYSTEMS = ['taskloop', 'taskloop-gen', 'taskloop-sync', 'native', 'effect', 'fluture', 'fp-ts', 'promise-adapter', 'floor'] as const
const IMPORTS: Record<string, string> = {
  taskloop: pathToFileURL(join(out, 'taskloop.mjs')).href,
  effect: 'effect',
  fluture: 'fluture',
  'fp-ts': 'fp-ts',
}

const args = process.argv.slice(2)
const flag = (name: string): string | undefined => {
  const a = args.find((x) => x === `--${name}` || x.startsWith(`--${name}=`))
  return a === undefined ? undefined : (a.split('=')[1] ?? '')
}
const instructions = flag('instructions') !== undefined
// at the small N of --quick, a count measures warm-up, not the runtime: --instructions ignores it
const quick = flag('quick') !== undefined && !instructions
const profile = flag('profile') !== undefined
const only = flag('only')?.split(',')
const scale = flag('scale') !== undefined
/** `--n=20000`: every workload at this N instead of its full one (callgrind at full N takes hours). */
const nGiven = flag('n')
/** `--counted=1`: counted runs per instruction count (default 3). */
const countedRuns = Number(flag('counted') ?? 3)
const systems = flag('systems')?.split(',') ?? (scale ? ['taskloop'] : [...SYSTEMS])
const workloadIds = [...Object.keys(WORKLOADS), 'import'].filter((w) => only === undefined || only.includes(w))

interface Cell {
  samples?: number[]
  median?: number
  min?: number
  max?: number
  n?: number
  na?: string
  error?: string
  heapMB?: number
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const summarise = (samples: number[], extra: Omit<Cell, 'samples'> = {}): Cell => ({
  samples,
  median: median(samples),
  min: Math.min(...samples),
  max: Math.max(...samples),
  ...extra,
})

const runChild = (nodeArgs: string[], timeoutMs: number): Record<string, unknown> => {
  const r = spawnSync(process.execPath, nodeArgs, { encoding: 'utf8', timeout: timeoutMs, cwd: join(here, '..') })
  const line = r.stdout.trim().split('\n').pop() ?? ''
  try {
    return JSON.parse(line) as Record<string, unknown>
  } catch {
    const why = r.error?.message ?? (r.stderr.trim().split('\n').find((l) => /Error|error/.test(l)) ?? `exit ${String(r.status)}`)
    return { error: why.slice(0, 200) }
  }
}

/** Workloads whose figure is not run time (memory, import) or is wall time by nature (W6's real sleeps). */
const notCountable = (id: string): boolean => id === 'import' || id === 'W6' || WORKLOADS[id]!.unit === 'B/fiber'

/**
 * `--instructions`: the instructions one counted run executes, in millions, counted by
 * valgrind's callgrind inside one child with V8 on one thread. The child brackets each counted
 * run with a mark (`COUNT_MARK` in `child.ts`) at which callgrind writes its counts out, so
 * start-up, import, warm-ups and the forced collection before each run fall outside the runs;
 * the cell holds one count per counted run. A count covers the interpreter, the allocator and
 * the garbage collector alike, but not cache misses, so compare it with the timed figures,
 * not instead of them.
 *
 * Counting two whole processes and taking the difference, as this did before, does not work
 * here: identical children differed by 2–5× at W1's N = 2·10⁴, because V8 sizes its heap from
 * the measured speed of its collections, which valgrind slows unevenly.
 */
const instructionsPerRun = (system: string, id: string): Cell => {
  const dir = mkdtempSync(join(tmpdir(), 'taskloop-count-'))
  try {
    const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${join(dir, 'cg')}`, `--dump-before=${COUNT_MARK}`, process.execPath, '--single-threaded', '--expose-gc', join(out, 'child.mjs'), system, id, nGiven ?? 'full', String(countedRuns)], {
      encoding: 'utf8',
      cwd: join(here, '..'),
      maxBuffer: 1 << 26,
      env: { ...process.env, BENCH_COUNTING: '1' },
    })
    if (r.error !== undefined) return { error: `valgrind: ${r.error.message}` }
    const line = r.stdout.trim().split('\n').pop() ?? ''
    if (line.includes('"na"')) return { na: 'not expressible' }
    if (line.includes('"error"')) return { error: line.slice(0, 200) }
    const size = /"n":(\d+)/.exec(line)
    // part 1 ends at the first mark (start-up, warm-ups); then a run, a gap, a run, a gap…
    const runs: number[] = []
    for (let part = 2; part <= 2 * countedRuns; part += 2) {
      const totals = /^totals: (\d+)/m.exec(readFileSync(join(dir, `cg.${String(part)}`), 'utf8'))
      if (totals === null) return { error: `no instruction count in part ${String(part)} (exit ${String(r.status)})` }
      runs.push(Number(totals[1]) / 1e6)
    }
    return summarise(runs, size === null ? {} : { n: Number(size[1]) })
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The sizes of the `--scale` curve, and its counted runs per size (after the workload's warm-ups). */
const SCALE_NS = [1e4, 1e5, 1e6]
const SCALE_RUNS = 3

/**
 * `--scale`: W3 and W4 (or those of `--only`) timed at each of `SCALE_NS` children, one
 * process per (system, size), garbage collection and first touch of the memory included.
 * Prints the median, the cost per child, and how that cost grew from the smallest N (the
 * target: at most 1.5 × from 10⁴ to 10⁶).
 */
const scaling = (): void => {
  const ids = ['W3', 'W4'].filter((id) => only === undefined || only.includes(id))
  const rows: string[][] = [['workload', 'system', 'N', 'median ms (min–max)', 'µs per child', '× per child vs 10⁴']]
  const curve: Record<string, Record<string, Record<string, Cell>>> = {}
  for (const id of ids) {
    curve[id] = {}
    for (const system of systems) {
      curve[id]![system] = {}
      let first: number | undefined
      for (const n of SCALE_NS) {
        const r = runChild(['--expose-gc', join(out, 'child.mjs'), system, id, String(n), String(SCALE_RUNS)], 900_000)
        const cell: Cell = Array.isArray(r.samples) ? summarise(r.samples as number[], { n }) : (r as Cell)
        curve[id]![system]![String(n)] = cell
        const perChild = cell.median === undefined ? undefined : (cell.median * 1000) / n
        first ??= perChild
        const row = [id, system, String(n), show(cell), perChild === undefined ? '—' : perChild.toFixed(3), perChild === undefined || first === undefined ? '—' : (perChild / first).toFixed(2)]
        rows.push(row)
        process.stderr.write(row.join('  ') + '\n')
      }
    }
  }
  process.stdout.write(`\nScaling (timed, ${SCALE_RUNS} runs per size after warm-ups), node ${process.version}\n\n`)
  printTable(rows)
  writeFileSync(join(results, 'scale.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, curve }, null, 2))
  process.stdout.write(`\nJSON: ${join(results, 'scale.json')}\n`)
}

const main = async (): Promise<void> => {
  if (instructions && spawnSync('valgrind', ['--version']).error !== undefined) {
    throw new Error('--instructions needs valgrind (apt install valgrind)')
  }
  mkdirSync(out, { recursive: true })
  mkdirSync(results, { recursive: true })
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' } as const
  await build({ ...common, entryPoints: [join(here, 'child.ts')], outfile: join(out, 'child.mjs'), packages: 'external', sourcemap: 'linked' })
  await build({ ...common, entryPoints: [join(here, '..', 'lib', 'index.ts')], outfile: join(out, 'taskloop.mjs'), packages: 'external' })
  if (profile) mkdirSync(join(results, 'prof'), { recursive: true })
  if (scale) return scaling()

  const table: Record<string, Record<string, Cell>> = {}
  // --quick: one process per system for the timed workloads (process start-up and library
  // import would otherwise dominate); memory workloads keep a fresh process per sample
  const batched: Record<string, Record<string, Record<string, unknown>>> = {}
  if (quick && !instructions) {
    const ids = workloadIds.filter((id) => id !== 'import' && WORKLOADS[id]!.processes === undefined)
    for (const system of systems) {
      const r = runChild(['--expose-gc', join(out, 'child.mjs'), system, ids.join(','), 'quick'], 120_000)
      batched[system] = (r.batch as Record<string, Record<string, unknown>> | undefined) ?? Object.fromEntries(ids.map((id) => [id, r]))
    }
  }
  for (const id of workloadIds) {
    table[id] = {}
    for (const system of systems) {
      let cell: Cell
      if (id === 'import') {
        const spec = IMPORTS[system]
        if (spec === undefined) continue
        const ms: number[] = []
        const heap: number[] = []
        let error: string | undefined
        for (let i = 0; i < (quick ? 2 : 5); i++) {
          const r = runChild(['--expose-gc', join(here, 'import-cost.mjs'), spec], 30_000)
          if (typeof r.error === 'string') error = r.error
          else {
            ms.push(r.ms as number)
            heap.push(r.heapMB as number)
          }
        }
        cell = error !== undefined ? { error } : summarise(ms, { heapMB: median(heap) })
      } else if (instructions) {
        if (notCountable(id)) continue
        cell = instructionsPerRun(system, id)
      } else {
        const nodeArgs = ['--expose-gc']
        if (profile && system.startsWith('taskloop')) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${join(results, 'prof')}`, `--cpu-prof-name=${system}-${id}.cpuprofile`)
        nodeArgs.push(join(out, 'child.mjs'), system, id, quick ? 'quick' : (nGiven ?? 'full'))
        const procs = WORKLOADS[id]!.processes
        const samples: number[] = []
        let r: Record<string, unknown> = batched[system]?.[id] ?? {}
        if (batched[system]?.[id] !== undefined) samples.push(...((r.samples as number[] | undefined) ?? []))
        else for (let p = 0; p < (procs === undefined ? 1 : quick ? procs.quick : procs.full); p++) {
          r = runChild(nodeArgs, quick ? 60_000 : 300_000)
          if (!Array.isArray(r.samples)) break
          samples.push(...(r.samples as number[]))
        }
        cell = Array.isArray(r.samples) ? summarise(samples, { n: r.n as number }) : (r as Cell)
      }
      table[id]![system] = cell
      process.stderr.write(`${id.padEnd(6)} ${system.padEnd(14)} ${show(cell)}\n`)
    }
  }
  report(table)
  writeFileSync(join(results, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, quick, table, targets: targets(table) }, null, 2))
  process.stdout.write(`\nJSON: ${join(results, 'latest.json')}\n`)
}

const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2))

const show = (c: Cell | undefined): string => {
  if (c === undefined) return '—'
  if (c.na !== undefined) return 'n/a'
  if (c.error !== undefined) return `✗ ${c.error.slice(0, 40)}`
  const base = `${fmt(c.median!)} (${fmt(c.min!)}–${fmt(c.max!)})`
  return c.heapMB !== undefined ? `${base} ms, ${c.heapMB.toFixed(2)} MB` : base
}

const unitOf = (id: string): string =>
  id === 'import' ? 'ms, heap' : instructions ? 'M instr/run' : WORKLOADS[id]!.unit + (id === 'W6' ? ' over 10 ms' : '')

const ratio = (table: Record<string, Record<string, Cell>>, id: string, other: string): number | undefined => {
  const a = table[id]?.taskloop?.median
  const b = table[id]?.[other]?.median
  return a === undefined || b === undefined || b <= 0 ? undefined : a / b
}

const printTable = (rows: string[][]): void => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  for (const [k, r] of rows.entries()) {
    process.stdout.write('| ' + r.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |\n')
    if (k === 0) process.stdout.write('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|\n')
  }
}

const report = (table: Record<string, Record<string, Cell>>): void => {
  const what = instructions ? 'Millions of instructions per run (callgrind)' : 'Medians (min–max)'
  process.stdout.write(`\n${what}, ${quick ? 'quick' : 'full'} run, node ${process.version}\n\n`)
  printTable([
    ['workload', 'unit', 'N', ...systems],
    ...workloadIds.map((id) => [id, unitOf(id), id === 'import' ? '' : String(Object.values(table[id]!).find((c) => c.n !== undefined)?.n ?? ''), ...systems.map((s) => show(table[id]![s]))]),
  ])
  const others = systems.filter((s) => s !== 'taskloop')
  process.stdout.write('\nRatios taskloop / other (medians, same run; < 1 means taskloop is faster or smaller)\n\n')
  printTable([
    ['workload', ...others.map((s) => `÷ ${s}`)],
    ...workloadIds.map((id) => [id, ...others.map((s) => {
      const r = ratio(table, id, s)
      return r === undefined ? '—' : r.toFixed(2)
    })]),
  ])
  process.stdout.write('\nTargets\n\n')
  for (const t of targets(table)) process.stdout.write(`${t.met === undefined ? '  ?   ' : t.met ? '  met ' : 'MISSED'} ${t.what}: ${t.figure}\n`)
}

interface Target {
  readonly what: string
  readonly figure: string
  readonly met: boolean | undefined
}

const targets = (table: Record<string, Record<string, Cell>>): Target[] => {
  const out: Target[] = []
  const vs = (id: string, other: string, limit: number): void => {
    const r = ratio(table, id, other)
    out.push({ what: `${id} ≤ ${limit} × ${other}`, figure: r === undefined ? 'not measured' : `${r.toFixed(2)} ×`, met: r === undefined ? undefined : r <= limit })
  }
  const abs = (id: string, system: string, limit: number, unit: string): void => {
    // an instruction count is not in the target's unit
    const m = instructions ? undefined : table[id]?.[system]?.median
    out.push({ what: `${id} ${system} ≤ ${limit} ${unit}`, figure: m === undefined ? 'not measured' : `${fmt(m)} ${unit}`, met: m === undefined ? undefined : m <= limit })
  }
  vs('W1', 'effect', 0.6)
  vs('W1', 'native', 2.0)
  vs('W1b', 'effect', 0.4)
  vs('W2', 'effect', 0.8)
  vs('W3', 'native', 2.0)
  vs('W4', 'effect', 0.5)
  vs('W5', 'native', 2.0)
  vs('W6', 'native', 2.0)
  // the Task.gen versions against the flatMap versions of the same programs
  for (const id of ['W3', 'W5']) {
    const g = table[id]?.['taskloop-gen']?.median
    const f = table[id]?.taskloop?.median
    out.push({ what: `${id} taskloop-gen ≤ 1.3 × taskloop`, figure: g === undefined || f === undefined ? 'not measured' : `${(g / f).toFixed(2)} ×`, met: g === undefined || f === undefined ? undefined : g <= 1.3 * f })
  }
  abs('W7f', 'taskloop', 150, 'B/fiber')
  abs('W7s', 'taskloop', 150, 'B/fiber')
  abs('W8a', 'taskloop', 60, 'ns/op')
  abs('W8b', 'taskloop', 60, 'ns/op')
  abs('import', 'taskloop', 30, 'ms')
  const heap = table.import?.taskloop?.heapMB
  out.push({ what: 'import taskloop ≤ 5 MB heap', figure: heap === undefined ? 'not measured' : `${heap.toFixed(2)} MB`, met: heap === undefined ? undefined : heap <= 5 })
  for (const id of ['W1', 'W1b', 'W2', 'W3', 'W4', 'W5']) {
    const a = table[id]?.['taskloop-sync']?.median
    const b = table[id]?.taskloop?.median
    out.push({ what: `${id} runSync ≤ 1.0 × real clock`, figure: a === undefined || b === undefined ? 'not measured' : `${(a / b).toFixed(2)} ×`, met: a === undefined || b === undefined ? undefined : a <= b })
  }
  return out
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
