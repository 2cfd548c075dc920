/**
 * `node mutation/marked.mjs [path]`: every mutant marked in place under `lib/` (or under `path`),
 * a line each: where, which mutators, and the reason the comment gives. The marks are the
 * `// Stryker disable …: reason` comments themselves, so this list is never out of date.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..')

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : []
  })

/** `// Stryker disable next-line A,B: why` → its scope, mutators and reason. */
const MARK = /\/\/\s*Stryker disable(?: (next-line|line))? ([\w,]+)(?::\s*(.*))?$/

export const marks = (dir = join(root, 'lib')) =>
  walk(dir).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((text, i) => {
        const m = MARK.exec(text)
        return m === null ? [] : [{ where: `${relative(root, file)}:${i + 1}`, scope: m[1] ?? 'until restore', mutators: m[2], reason: m[3] ?? '' }]
      }),
  )

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const found = marks(process.argv[2] === undefined ? undefined : join(root, process.argv[2]))
  for (const m of found) console.log(`${m.where} ${m.mutators}${m.scope === 'next-line' ? '' : ` (${m.scope})`}: ${m.reason}`)
  console.log(`${found.length} marks`)
}
