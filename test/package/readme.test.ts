/**
 * README code compiles as shown: every ```ts block of README.md is a complete module (its
 * imports included, nothing assumed in scope) and typechecks against the built package, as a
 * user would paste it into a file of their own.
 */
import { describe, expect, it } from 'vitest'
import { readmeBlocks, typecheck } from './snippets.js'

describe('README.md', () => {
  const blocks = readmeBlocks()

  it('has ts blocks', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7)
  })

  it('every ts block typechecks as a module of its own', () => {
    const diagnostics = typecheck(blocks.map((b, i) => ({ name: `readme-${i}.mts`, text: b.code })))
    const failures = blocks.flatMap((b, i) => {
      const errors = diagnostics.get(`readme-${i}.mts`)!
      return errors.length === 0 ? [] : [`${b.where}\n  ${errors.join('\n  ')}`]
    })
    console.log(`${blocks.length} README blocks typechecked: ${blocks.map((b) => b.where).join(', ')}`)
    expect(failures).toEqual([])
  }, 300_000)
})
