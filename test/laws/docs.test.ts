import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { allLaws, taskLaws } from '../../laws/index.js'

describe('docs/LAWS.md', () => {
  const doc = readFileSync(new URL('../../docs/LAWS.md', import.meta.url), 'utf8')
  it('lists every law of the catalogue with its id, name and equivalence', () => {
    const missing = allLaws(taskLaws())
      .filter((l) => !doc.includes(`| ${l.id} | ${l.name} |`) || !doc.includes(`| ${l.equivalence ?? ''} |`))
      .map((l) => `${l.id} ${l.name}`)
    // regenerate with: npx tsx test/laws/docs.gen.ts
    expect(missing).toEqual([])
  })
  it('states the size of the catalogue', () => {
    expect(doc).toContain(`**${allLaws(taskLaws()).length} laws**`)
  })
})
