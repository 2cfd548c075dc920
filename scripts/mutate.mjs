#!/usr/bin/env node
/**
 * `npm run mutate -- <area> [more stryker options]`: mutation testing of one area of lib/ (see
 * mutation/areas.mjs), incrementally: mutation/<area>.incremental.json holds the last results,
 * so a run after a change re-tests only what the change touched (`--force` re-tests everything).
 * Each law runs 10 random cases instead of 25 (TASKLOOP_LAW_RUNS overrides): a surviving mutant
 * re-runs every law that reached it.
 */
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { areas } from '../mutation/areas.mjs'

const [area, ...rest] = process.argv.slice(2)
if (area === undefined || !(area in areas)) {
  console.error(`usage: npm run mutate -- <area> [stryker options]\n  areas: ${Object.keys(areas).join(', ')}`)
  process.exit(2)
}
const stryker = join(dirname(createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js')
const args = [
  stryker,
  'run',
  'stryker.config.mjs',
  '--mutate',
  areas[area].mutate.join(','),
  '--incrementalFile',
  `mutation/${area}.incremental.json`,
  ...rest,
]
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { TASKLOOP_LAW_RUNS: '10', ...process.env, TASKLOOP_MUTATE_AREA: area } })
process.exit(r.status ?? 1)
