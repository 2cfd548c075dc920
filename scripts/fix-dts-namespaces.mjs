/**
 * Repairs the namespaces in tsup's bundled declarations (`dist/*.d.ts`, `dist/*.d.cts`).
 *
 * The bundler rewrites `export * as Task from './Task.js'` as a `declare namespace Task`
 * whose members are aliases: `type Task_X = X` for a type declared in the same file, and
 * `declare const Task_X: typeof X` for anything else. A name *imported from a shared chunk*
 * therefore loses its type meaning: `Task.URI` (a value and a type, fp-ts's convention) and
 * `Task.Poll` (a type) become values only, and `Kind2<Task.URI, E, A>` fails to compile.
 *
 * The repair: for such imported names, drop the alias and re-export the import itself
 * (`export { URI as URI }`), which carries every meaning it has. `test/package.test.ts`
 * typechecks a consumer against the result.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const dist = join(import.meta.dirname, '..', 'dist')

for (const file of readdirSync(dist).filter((f) => /\.d\.c?ts$/.test(f))) {
  const path = join(dist, file)
  let code = readFileSync(path, 'utf8')
  const imported = new Set()
  for (const m of code.matchAll(/^import \{([^}]*)\} from /gm)) {
    for (const spec of m[1].split(',')) {
      const local = spec.trim().split(/\s+as\s+/).pop()
      if (local) imported.add(local)
    }
  }
  const repaired = []
  code = code.replace(/^declare const (\w+?)_(\w+): typeof (\w+);\n/gm, (line, ns, name, local) => {
    if (name !== local || !imported.has(local)) return line
    repaired.push([ns, name])
    return ''
  })
  for (const [ns, name] of repaired) code = code.replaceAll(`${ns}_${name} as ${name},`, `${name} as ${name},`).replaceAll(`${ns}_${name} as ${name}\n`, `${name} as ${name}\n`)
  if (repaired.length > 0) writeFileSync(path, code)
}
