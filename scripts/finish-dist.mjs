/**
 * The last step of `npm run build`: turns the per-module ESM output of `tsc` (`dist/lib/**`,
 * `dist/laws/**`: `.js` and `.d.ts` side by side) and tsup's CommonJS bundle (`dist/*.cjs`)
 * into the package's entry points.
 *
 * - `dist/index.js`, `dist/laws.js` and their `.d.ts`: one-line ESM entries that re-export
 *   `dist/lib/index.js` and `dist/laws/index.js`. (`taskloop/Task` and `taskloop/Outcome` point
 *   at `dist/lib/Task.*` and `dist/lib/Outcome.*` themselves: a consumer's declaration emit
 *   names the `Task` and `Outcome` types through them, `import("taskloop/Task").Task<E, A>`.) The modules stay separate files,
 *   so a bundler keeps only the ones a program uses, and `Task`/`Outcome` stay
 *   `export * as …` namespaces that it can shake member by member.
 * - every `.d.ts` gets a `.d.cts` twin whose relative imports end in `.cjs`, so a `require`
 *   sees CommonJS declarations (the same text, the same doc comments);
 *   `dist/index.d.cts` and `dist/laws.d.cts` re-export them.
 *
 * Declarations are `tsc`'s own per-module output, not a bundle of them: every export keeps its
 * doc comment and its own name, and every type a consumer's declaration emit has to name is
 * reachable from the package's entry (`test/package/hover.test.ts` and
 * `test/package/consumer.test.ts` check both).
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const dist = join(import.meta.dirname, '..', 'dist')

/** Every file under `dir`, recursively. */
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })

/** `from './x.js'` and `import('./x.js')` with a relative specifier, rewritten to `.cjs`. */
const toCjsSpecifiers = (code) => code.replace(/((?:from |import\()\s*['"])(\.{1,2}\/[^'"]*?)\.js(['"])/g, '$1$2.cjs$3')

let twins = 0
for (const dir of ['lib', 'laws']) {
  for (const file of walk(join(dist, dir)).filter((f) => f.endsWith('.d.ts'))) {
    writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), toCjsSpecifiers(readFileSync(file, 'utf8')))
    twins += 1
  }
}

const entries = { index: './lib/index', laws: './laws/index', threads: './lib/threads/index', testing: './lib/testing/index' }
for (const [entry, target] of Object.entries(entries)) {
  writeFileSync(join(dist, `${entry}.js`), `export * from '${target}.js'\n`)
  writeFileSync(join(dist, `${entry}.d.ts`), `export * from '${target}.js'\n`)
  writeFileSync(join(dist, `${entry}.d.cts`), `export * from '${target}.cjs'\n`)
}

console.log(`finish-dist: ${twins} declaration files with a .d.cts twin`)
