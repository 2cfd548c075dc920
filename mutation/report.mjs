/**
 * Reading and combining the incremental reports `npm run mutate` keeps in
 * `mutation/<area>.incremental.json` (StrykerJS's mutation-testing report format).
 *
 * `npm run mutate -- <area> --mutate <files>` runs some files of an area; Stryker then writes a
 * report of those files alone. `mergeReports` puts them into the area's report, keeping the
 * results of the files that run did not mutate, so an area can be run a few files at a time.
 * `node mutation/report.mjs <area>` prints the score table of an area's report.
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/** A test's identity across runs, as Stryker's incremental mode sees it: file, position, name. */
const testKey = (fileName, test) => `${fileName}@${test.location?.start.line}:${test.location?.start.column}\n${test.name}`

/**
 * The area's report `base` with the files of a narrowed run's report `run` put in. The test ids
 * of the kept files are renumbered to the run's ids for the same tests (the run holds every test of
 * the area: its dry run ran them all); an id whose test is gone is dropped, so a mutant it killed
 * is tested again next time.
 */
export function mergeReports(base, run) {
  if (base === undefined) return run
  const idByKey = new Map()
  for (const [fileName, file] of Object.entries(run.testFiles ?? {})) for (const t of file.tests) idByKey.set(testKey(fileName, t), t.id)
  const newId = new Map()
  for (const [fileName, file] of Object.entries(base.testFiles ?? {})) {
    for (const t of file.tests) {
      const id = idByKey.get(testKey(fileName, t))
      if (id !== undefined) newId.set(t.id, id)
    }
  }
  const remap = (ids) => ids?.map((id) => newId.get(id)).filter((id) => id !== undefined)
  const files = {}
  for (const [fileName, file] of Object.entries(base.files)) {
    if (fileName in run.files) continue
    files[fileName] = { ...file, mutants: file.mutants.map((m) => ({ ...m, killedBy: remap(m.killedBy), coveredBy: remap(m.coveredBy) })) }
  }
  return { ...run, files: { ...files, ...run.files } }
}

const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])

/** Counts per file and in all, and the score: detected ÷ (detected + undetected); `Ignored` (marked equivalent) counts in neither. */
export function scores(report) {
  const rows = Object.entries(report.files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([fileName, file]) => {
      const c = { file: fileName, Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, other: 0 }
      for (const m of file.mutants) m.status in c ? c[m.status]++ : c.other++
      return c
    })
  const total = { file: 'all files', Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, other: 0 }
  for (const r of rows) for (const k of Object.keys(total)) if (k !== 'file') total[k] += r[k]
  const score = (c) => {
    const detected = [...DETECTED].reduce((s, k) => s + c[k], 0)
    const all = detected + [...UNDETECTED].reduce((s, k) => s + c[k], 0)
    return all === 0 ? 'n/a' : `${((100 * detected) / all).toFixed(1)} %`
  }
  return [...rows, total].map((c) => ({ ...c, score: score(c) }))
}

/** The score table as text, a line per file. */
export function scoreTable(report) {
  const head = ['file', 'killed', 'timeout', 'survived', 'no coverage', 'marked equivalent', 'score']
  const lines = scores(report).map((c) => [c.file, c.Killed, c.Timeout, c.Survived, c.NoCoverage, c.Ignored, c.score].map(String))
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  return [head, ...lines].map((l) => l.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ')).join('\n')
}

/**
 * The mutants no test detected (survived, or reached by no test), a line each: file, line, the
 * mutator, the code it replaced and the code it put in, so that each can be killed by a test or marked equivalent.
 */
export function survivorList(report, only) {
  const out = []
  for (const [fileName, file] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    if (only !== undefined && !fileName.includes(only)) continue
    const lines = file.source.split('\n')
    for (const m of [...file.mutants].sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column)) {
      if (!UNDETECTED.has(m.status)) continue
      const { start, end } = m.location
      const replacement = (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80)
      // the code the mutant replaces (a line shows several tokens; the column says which)
      const original = start.line === end.line ? (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1) : `${(lines[start.line - 1] ?? '').slice(start.column - 1)}…`
      out.push(`${fileName}:${start.line}:${start.column} ${m.status === 'NoCoverage' ? 'no coverage' : 'survived'} ${m.mutatorName}: ${original.replace(/\s+/g, ' ').slice(0, 80)} -> ${replacement}\n    ${(lines[start.line - 1] ?? '').trim().slice(0, 120)}`)
    }
  }
  return out.join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [area, flag, only] = process.argv.slice(2)
  if (area === undefined || (flag !== undefined && flag !== '--survivors')) {
    console.error('usage: node mutation/report.mjs <area> [--survivors [part of a file name]]')
    process.exit(2)
  }
  const report = JSON.parse(readFileSync(new URL(`./${area}.incremental.json`, import.meta.url), 'utf8'))
  process.stdout.write(`${flag === undefined ? scoreTable(report) : survivorList(report, only)}\n`)
}
