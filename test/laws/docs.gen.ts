/**
 * Regenerates the catalogue table of docs/LAWS.md from the law suites:
 * `npx tsx test/laws/docs.gen.ts`. The text around the table is kept; each row's equation is
 * kept from the current file (a new law's equation cell starts empty: fill it in).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { allLaws, defaultRuns, taskLaws } from '../../laws/index.js'

const path = new URL('../../docs/LAWS.md', import.meta.url)
const doc = readFileSync(path, 'utf8')
const header = '| id | name | equation (catalogue) | source | checked under |\n|---|---|---|---|---|\n'
const start = doc.indexOf(header)
if (start < 0) throw new Error('docs/LAWS.md: the catalogue table header is missing')
const bodyStart = start + header.length
const end = doc.indexOf('\n\n', bodyStart)
const cells = (row: string): string[] => row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim())
const equations = new Map<string, string>()
for (const row of doc.slice(bodyStart, end).split('\n')) {
  const [id, , eq] = cells(row)
  if (id !== undefined && eq !== undefined) equations.set(id, eq)
}
const esc = (s: string): string => s.replace(/\|/g, '\\|')
const laws = allLaws(taskLaws())
const rows = laws.map((l) => `| ${l.id} | ${esc(l.name)} | ${equations.get(l.id) ?? ''} | ${esc(l.source)} | ${l.equivalence ?? ''} |`)
const head = doc
  .slice(0, bodyStart)
  .replace(/\*\*\d+ laws\*\*/, `**${laws.length} laws**`)
  .replace(/\*\*\d+ times\*\*/, `**${defaultRuns()} times**`)
writeFileSync(path, head + rows.join('\n') + doc.slice(end))
console.log(`docs/LAWS.md: ${laws.length} laws`)
