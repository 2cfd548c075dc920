/**
 * The `taskloop/testing` entry as built: it exists for ESM and CJS, and the main entry's
 * module graph never reaches vitest or fast-check (optional peers that only the `laws` and
 * `testing` entries need). Runs on `dist/`, which `npm test` builds first.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, posix, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const dist = resolve(import.meta.dirname, '..', '..', 'dist')

/** Every bare package a built file reaches through its relative imports. */
const packagesReached = (entry: string): Set<string> => {
  const seen = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(join(dist, file), 'utf8')
    for (const m of text.matchAll(/(?:from\s*|import\s*\(\s*|require\(\s*|^import\s*)["']([^"']+)["']/gm)) {
      const spec = m[1]!
      if (spec.startsWith('./') || spec.startsWith('../')) visit(posix.join(posix.dirname(file), spec)) // relative to the importing file
      else packages.add(spec.split('/')[0]!.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!)
    }
  }
  visit(entry)
  return packages
}

describe('the built taskloop/testing entry', () => {
  it('is built for ESM and CJS, with types for each', () => {
    for (const f of ['testing.js', 'testing.cjs', 'testing.d.ts', 'testing.d.cts']) expect(existsSync(join(dist, f)), f).toBe(true)
  })

  it('the main entry reaches neither vitest nor fast-check; the testing entry needs both', () => {
    for (const main of ['index.js', 'index.cjs']) {
      const reached = packagesReached(main)
      expect(reached.has('vitest'), main).toBe(false)
      expect(reached.has('fast-check'), main).toBe(false)
    }
    for (const testing of ['testing.js', 'testing.cjs']) {
      const reached = packagesReached(testing)
      expect(reached.has('vitest'), testing).toBe(true)
      expect(reached.has('fast-check'), testing).toBe(true)
    }
  })
})
