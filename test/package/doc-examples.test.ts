/**
 * Every `@example` in the doc comments under `lib/` and `laws/` compiles, and those that state
 * a result (`// → expected`) give it when run, as fp-ts runs its examples. The convention an
 * example follows is written in `snippets.ts`. Both steps use the built package (`npm test`
 * builds it first).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { docExamples, exampleModule, root, runnableExample, statesResult, typecheck, usesPlaceholder } from './snippets.js'

const examples = docExamples()
let scratch = ''
afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true })
})

describe('the @examples of the doc comments', () => {
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

  it('every example that states a result (// →) gives it when run', () => {
    const runnable = examples.filter((e) => statesResult(e) && !usesPlaceholder(e))
    expect(runnable.length).toBeGreaterThan(30)
    // inside node_modules, so that fp-ts, io-ts and fast-check resolve from the repository
    mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true })
    scratch = mkdtempSync(join(root, 'node_modules', '.cache', 'taskloop-examples-'))
    const dist = pathToFileURL(join(root, 'dist')).href
    const files = runnable.map((e, i) => {
      const file = join(scratch, `example-${i}.mjs`)
      writeFileSync(file, runnableExample(e, dist))
      return { file, where: e.where }
    })
    // one process runs them all, one after the other; a throw is a failure too
    const runner = join(scratch, 'run.mjs')
    writeFileSync(
      runner,
      `globalThis.__exampleFailures = []\nconst files = ${JSON.stringify(files)}\nconsole.log = () => {}\nfor (const { file, where } of files) {\n  try { await import(file) } catch (e) { globalThis.__exampleFailures.push(where + ': threw ' + (e && e.stack || e)) }\n}\nprocess.stdout.write(JSON.stringify(globalThis.__exampleFailures))\n`,
    )
    const r = spawnSync(process.execPath, [runner], { encoding: 'utf8', timeout: 120_000 })
    expect(r.status, r.stderr).toBe(0)
    const failures = JSON.parse(r.stdout) as string[]
    console.log(`${runnable.length} examples run, ${failures.length} failed`)
    expect(failures).toEqual([])
  }, 300_000)
})
