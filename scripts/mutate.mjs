#!/usr/bin/env node
/**
 * `npm run mutate -- <area> [more stryker options]`: mutation testing of one area of lib/ (see
 * mutation/areas.mjs), incrementally: mutation/<area>.incremental.json holds the last results,
 * so a run after a change re-tests only what the change touched (`--force` re-tests everything).
 * Each law runs 10 random cases instead of 25 (TASKLOOP_LAW_RUNS overrides): a surviving mutant
 * re-runs every law that reached it.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { areas, groups } from '../mutation/areas.mjs'
import { mergeReports, scoreTable } from '../mutation/report.mjs'

const [area, ...rest] = process.argv.slice(2)
if (area !== undefined && area in groups) {
  // a group (`rest`) is its areas run one after another, each with the same options
  if (rest.includes('--mutate')) {
    console.error(`--mutate narrows one area: name the area that holds the files (${groups[area].join(', ')})`)
    process.exit(2)
  }
  for (const member of groups[area]) {
    const r = spawnSync(process.execPath, [process.argv[1], member, ...rest], { stdio: 'inherit' })
    if (r.status !== 0) process.exit(r.status ?? 1)
  }
  process.exit(0)
}
if (area === undefined || !(area in areas)) {
  console.error(`usage: npm run mutate -- <area> [stryker options]\n  areas: ${Object.keys(areas).join(', ')}; groups: ${Object.entries(groups).map(([g, m]) => `${g} (${m.join(', ')})`).join(', ')}`)
  process.exit(2)
}
const stryker = join(dirname(createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js')
const areaFile = `mutation/${area}.incremental.json`
// `--mutate <files>` narrows a run to some files of the area. Stryker writes an incremental file
// holding only the files it mutated, so a narrowed run writes to a file of its own, which is then
// merged into the area's: the other files' results are kept.
const narrowed = rest.includes('--mutate')
const runFile = narrowed ? `mutation/${area}.narrowed.incremental.json` : areaFile
if (narrowed && existsSync(areaFile)) copyFileSync(areaFile, runFile)
const args = [stryker, 'run', 'stryker.config.mjs', '--mutate', areas[area].mutate.join(','), '--incrementalFile', runFile, ...rest]
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { TASKLOOP_LAW_RUNS: '10', ...process.env, TASKLOOP_MUTATE_AREA: area } })
if (narrowed && existsSync(runFile)) {
  if (r.status === 0) {
    const base = existsSync(areaFile) ? JSON.parse(readFileSync(areaFile, 'utf8')) : undefined
    writeFileSync(areaFile, JSON.stringify(mergeReports(base, JSON.parse(readFileSync(runFile, 'utf8'))), null, 2))
  }
  rmSync(runFile)
}
if (existsSync(areaFile)) process.stdout.write(`\n${area}, every file run so far (${areaFile}):\n${scoreTable(JSON.parse(readFileSync(areaFile, 'utf8')))}\n`)
process.exit(r.status ?? 1)
