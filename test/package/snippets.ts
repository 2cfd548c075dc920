/**
 * Code in the docs, extracted to be compiled and run: the ```ts blocks of README.md and the
 * `@example`s of the doc comments under `lib/` and `laws/`.
 *
 * **The convention for `@example`s** (a README block, by contrast, is a complete module):
 *
 * - An example is the body of a module in which every export of `taskloop` is in scope by
 *   its name (`Task`, `Outcome`, `runSync`, `Loop`, `Queue`, …; under `laws/`, every export
 *   of `taskloop/laws` too), and so are `pipe` and `flow` (fp-ts), fp-ts's `string` and
 *   `number` modules, `fc` (fast-check) and `t` (io-ts). Top-level `await` works. Anything else
 *   it imports or declares itself, except the placeholders below. The example runs in a block,
 *   so its own declarations may reuse any of these names.
 * - Placeholders: values an example only passes along, declared (not defined) with these
 *   types listed in `PLACEHOLDERS` below (`main`, `work`, `fetchA`, `url`, `loop`, `fiber`,
 *   `q`, `lock`, `cond`, …), `TE` (fp-ts's TaskEither) and `Job` (`{ id: number; deadline:
 *   number }`). An example that uses one is typechecked, not run. fp-ts's `O` (Option) and
 *   `E` (Either) are real imports.
 *   Under `laws/`, also those of `LAW_PLACEHOLDERS` (`arbs`, `fa`, `k`, … over fp-ts's Option)
 *   and vitest's `describe` and `it`.
 * - An example also sees the exports of the module it documents (an internal helper's
 *   example can use the helper).
 * - A line `expression // → expected` states a result: the example is run and the
 *   expression's value (awaited when the line starts with `await`; for `const x = …`, the
 *   value of `x`) must deep-equal `expected`, a JavaScript expression. Other comments are
 *   prose. Examples without `// →` are typechecked only, as are examples that `declare`
 *   something (there is nothing to run them with).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { root } from './project.js'

export { root }

export interface Snippet {
  /** `lib/run.ts:42` or `README.md:120`: where the code starts. */
  readonly where: string
  readonly code: string
  /** Under `laws/`: the laws' exports are in scope too. */
  readonly laws: boolean
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : []
  })

/** Every `@example` of every doc comment under `lib/` and `laws/`. */
export const docExamples = (): Snippet[] => {
  const out: Snippet[] = []
  for (const file of [...walk(join(root, 'lib')), ...walk(join(root, 'laws'))]) {
    const text = readFileSync(file, 'utf8')
    const rel = relative(root, file)
    for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      const body = m[1]!
      const lines = body.split('\n').map((l) => l.replace(/^\s*\* ?/, ''))
      const startLine = text.slice(0, m.index).split('\n').length
      for (let i = 0; i < lines.length; i++) {
        const at = lines[i]!.indexOf('@example')
        if (at < 0) continue
        const first = lines[i]!.slice(at + '@example'.length).trim()
        const code: string[] = first === '' ? [] : [first]
        let j = i + 1
        for (; j < lines.length && !/^\s*@\w/.test(lines[j]!); j++) code.push(lines[j]!)
        const snippet = code.join('\n').replace(/\s*$/, '').replace(/^\s*\n/, '')
        if (snippet.trim() !== '') out.push({ where: `${rel}:${startLine + i}`, code: snippet, laws: rel.startsWith('laws') })
        i = j - 1
      }
    }
  }
  return out
}

/** Every ```ts block of README.md. */
export const readmeBlocks = (): Snippet[] => {
  const text = readFileSync(join(root, 'README.md'), 'utf8')
  const out: Snippet[] = []
  for (const m of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    out.push({ where: `README.md:${text.slice(0, m.index).split('\n').length}`, code: m[1]!, laws: false })
  }
  return out
}

/** The value and type exports of a module, read by the type checker. */
const exportsOf = (entry: string): { values: string[]; types: string[] } => {
  const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, types: ['node'] })
  const checker = program.getTypeChecker()
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!
  const values: string[] = []
  const types: string[] = []
  for (const s of checker.getExportsOfModule(symbol)) {
    let target = s
    for (let i = 0; i < 10 && target.flags & ts.SymbolFlags.Alias; i++) target = checker.getAliasedSymbol(target)
    const typeOnly = s.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration(d)) === true
    if (!typeOnly && (target.flags & (ts.SymbolFlags.Value | ts.SymbolFlags.ValueModule)) !== 0) values.push(s.name)
    else types.push(s.name)
  }
  return { values, types }
}

let cached: { main: ReturnType<typeof exportsOf>; laws: ReturnType<typeof exportsOf> } | undefined

/** The imports that put the package's exports (and the convention's other names) in scope. */
export const prelude = (laws: boolean, except: ReadonlySet<string> = new Set()): string => {
  cached ??= { main: exportsOf(join(root, 'lib', 'index.ts')), laws: exportsOf(join(root, 'laws', 'index.ts')) }
  const keep = (names: string[]) => names.filter((n) => !except.has(n)).join(', ')
  const lines = [
    `import { ${keep(cached.main.values)} } from 'taskloop'`,
    `import type { ${keep(cached.main.types)} } from 'taskloop'`,
    `import { pipe, flow } from 'fp-ts/lib/function.js'`,
    `import { string, number } from 'fp-ts'`,
    `import * as fc from 'fast-check'`,
    `import * as t from 'io-ts'`,
  ]
  lines.push(`import * as O from 'fp-ts/lib/Option.js'`, `import * as E from 'fp-ts/lib/Either.js'`, `import * as TE from 'fp-ts/lib/TaskEither.js'`)
  if (laws) {
    lines.push(`import { ${keep(cached.laws.values)} } from 'taskloop/laws'`)
    lines.push(`import type { ${keep(cached.laws.types)} } from 'taskloop/laws'`)
  }
  return lines.join('\n') + '\n'
}

/** The placeholders of the convention (see the module doc). */
export const PLACEHOLDERS: Readonly<Record<string, string>> = {
  main: 'Task<never, void>',
  work: 'Task<Error, number>',
  fetchA: 'Task<Error, string>',
  fetchB: 'Task<Error, string>',
  fetchPage: '(url: string) => Task<Error, string>',
  url: 'string',
  loop: 'Loop',
  fiber: 'Fiber<Error, number>',
  queue: 'Queue<string>',
  lock: 'Lock',
  sem: 'Semaphore',
  cond: 'Condition',
  barrier: 'Barrier',
  event: 'Event',
  q: 'Queue<string>',
  job: 'string',
  handle: '(job: string) => void',
  a: 'Task<Error, number>',
  b: 'Task<Error, number>',
  c: 'Task<Error, number>',
  fetchC: 'Task<Error, string>',
  fetchFrom: '(region: string) => Task<Error, string>',
  fetchJson: '(url: string) => Promise<unknown>',
  download: '(url: string) => Task<Error, Uint8Array>',
  slowQuery: 'Task<Error, string>',
  commit: 'Task<never, void>',
  writeToDisk: 'Task<Error, void>',
  updateSharedState: 'Task<never, void>',
  lines: 'AsyncIterable<string>',
  ready: 'boolean',
  items: 'string[]',
}

/** Placeholders of the `laws/` examples: fp-ts's Option instances are their running example. */
export const LAW_PLACEHOLDERS: Readonly<Record<string, string>> = {
  arbs: 'Arbitraries1<O.URI>',
  arbA: 'fc.Arbitrary<number>',
  arbB: 'fc.Arbitrary<number>',
  arbE: 'fc.Arbitrary<string>',
  fa: 'O.Option<number>',
  fb: 'O.Option<number>',
  fab: 'O.Option<(a: number) => number>',
  fbc: 'O.Option<(b: number) => number>',
  f: '(a: number) => number',
  k: '(a: number) => O.Option<number>',
  h: '(a: number) => O.Option<number>',
  fea: 'E.Either<string, number>',
  property: 'fc.IRawProperty<[number]>',
}

/** An example as a module: the prelude, the placeholders, its imports, then its body in a block. */
export const exampleModule = (e: Snippet): string => {
  const lines = e.code.split('\n')
  const imports = lines.filter((l) => /^import\s/.test(l))
  const body = lines.filter((l) => !/^import\s/.test(l))
  // what the example imports itself, the prelude leaves out
  const imported = new Set(imports.flatMap((l) => [...(l.match(/\{([^}]*)\}/)?.[1] ?? '').matchAll(/(?:\w+\s+as\s+)?(\w+)\s*(?:,|$)/g)].map((m) => m[1]!)))
  const placeholders = e.laws ? { ...PLACEHOLDERS, ...LAW_PLACEHOLDERS } : PLACEHOLDERS
  const declared = Object.entries(placeholders).map(([name, type]) => `declare const ${name}: ${type}`)
  declared.push('type Job = { readonly id: number; readonly deadline: number }')
  if (e.laws && !imported.has('describe')) declared.push(`import { describe, it } from 'vitest'`)
  return `${prelude(e.laws, imported)}${ownExports(e)}${declared.join('\n')}\n${imports.join('\n')}\nexport {}\n{\n${body.join('\n')}\n}\n`
}

let modules: Map<string, { values: string[]; types: string[] }> | undefined

/** The exports of the module an example documents that the prelude does not already bring. */
const ownExports = (e: Snippet): string => {
  if (modules === undefined) {
    modules = new Map()
    // the browser twins of Node-only modules: no entry imports them (`package.json`'s `browser` field)
    const entries = ['lib/index.ts', 'laws/index.ts', 'lib/signals.browser.ts', 'lib/runtime/nodeBeforeExit.browser.ts'].map((f) => join(root, f))
    const program = ts.createProgram(entries, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, types: ['node'] })
    const checker = program.getTypeChecker()
    for (const file of program.getSourceFiles()) {
      const symbol = checker.getSymbolAtLocation(file)
      if (symbol === undefined || !file.fileName.startsWith(root) || file.fileName.includes('node_modules')) continue
      const values: string[] = []
      const types: string[] = []
      for (const s of checker.getExportsOfModule(symbol)) {
        let target = s
        for (let i = 0; i < 10 && target.flags & ts.SymbolFlags.Alias; i++) target = checker.getAliasedSymbol(target)
        const typeOnly = s.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration(d)) === true
        if (!typeOnly && (target.flags & ts.SymbolFlags.Value) !== 0) values.push(s.name)
        else types.push(s.name)
      }
      modules.set(relative(root, file.fileName), { values, types })
    }
  }
  const own = modules.get(e.where.replace(/:\d+$/, ''))
  if (own === undefined) return ''
  const taken = new Set(prelude(e.laws).match(/[\w$]+/g))
  for (const name of [...Object.keys(PLACEHOLDERS), ...Object.keys(LAW_PLACEHOLDERS), 'describe', 'it', 'O', 'E', 'TE', 'Job', 'default', 'let']) taken.add(name)
  const values = own.values.filter((n) => !taken.has(n))
  const types = own.types.filter((n) => !taken.has(n))
  const path = `../${e.where.replace(/:\d+$/, '').replace(/\.ts$/, '.js')}`
  return (values.length > 0 ? `import { ${values.join(', ')} } from '${path}'\n` : '') + (types.length > 0 ? `import type { ${types.join(', ')} } from '${path}'\n` : '')
}

/** The names an example reads without declaring them (property names and keys excluded). */
const freeNames = (code: string): Set<string> => {
  const file = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true)
  const declared = new Set<string>()
  const used = new Set<string>()
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const p = node.parent
      const isName = (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isBindingElement(p) || ts.isClassDeclaration(p) || ts.isTypeAliasDeclaration(p) || ts.isInterfaceDeclaration(p)) && p.name === node
      const isKey = (ts.isPropertyAccessExpression(p) && p.name === node) || (ts.isPropertyAssignment(p) && p.name === node) || (ts.isPropertySignature(p) && p.name === node) || (ts.isBindingElement(p) && p.propertyName === node) || ts.isQualifiedName(p)
      if (isName) declared.add(node.text)
      else if (!isKey) used.add(node.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  for (const name of declared) used.delete(name)
  return used
}

/** True when an example uses a placeholder (it is typechecked only). */
export const usesPlaceholder = (e: Snippet): boolean => {
  const free = freeNames(e.code)
  const names = [...Object.keys(e.laws ? { ...PLACEHOLDERS, ...LAW_PLACEHOLDERS } : PLACEHOLDERS), 'TE', 'Job']
  return names.some((n) => free.has(n))
}

/**
 * Typechecks snippets as modules next to the package (so `taskloop` resolves to the built
 * package itself, through its `exports`); the diagnostics of each, by snippet.
 */
export const typecheck = (modules: ReadonlyArray<{ readonly name: string; readonly text: string }>): Map<string, string[]> => {
  const dir = join(root, '.snippets')
  const files = new Map(modules.map((m) => [join(dir, m.name), m.text]))
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    noUnusedLocals: false,
  }
  const host = ts.createCompilerHost(options)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (name, lang, ...rest) => {
    const text = files.get(name)
    return text === undefined ? getSourceFile(name, lang, ...rest) : ts.createSourceFile(name, text, lang)
  }
  const fileExists = host.fileExists.bind(host)
  host.fileExists = (name) => files.has(name) || fileExists(name)
  const readFile = host.readFile.bind(host)
  host.readFile = (name) => files.get(name) ?? readFile(name)
  const program = ts.createProgram([...files.keys()], options, host)
  const out = new Map<string, string[]>()
  for (const m of modules) {
    const file = program.getSourceFile(join(dir, m.name))!
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
    out.set(
      m.name,
      diagnostics.map((d) => {
        const line = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line + 1
        return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`
      }),
    )
  }
  return out
}

/** Whether an example states a result with `// →`. */
export const statesResult = (e: Snippet): boolean => /\/\/ →/.test(e.code)

/**
 * An example as a runnable ES module (TypeScript removed): the package's values imported from
 * `dist` (`dist` is the path of the built package), and each `// → expected` line turned into
 * a check that records a mismatch in `globalThis.__exampleFailures`.
 */
export const runnableExample = (e: Snippet, dist: string): string => {
  cached ??= { main: exportsOf(join(root, 'lib', 'index.ts')), laws: exportsOf(join(root, 'laws', 'index.ts')) }
  const lines = e.code.split('\n')
  const imports = lines.filter((l) => /^import\s/.test(l) && !/^import type\s/.test(l))
  const body = lines
    .filter((l) => !/^import\s/.test(l))
    .map((line, i) => {
      const m = /^(\s*)(.*?)\s*\/\/ →\s*(.+)$/.exec(line)
      if (m === null) return line
      const [, indent, code, expected] = m
      const where = JSON.stringify(`${e.where} (line ${i + 1} of the example)`)
      const declaration = /^(?:const|let)\s+(\w+)/.exec(code!)
      if (declaration !== null) return `${indent}${code}; __check(${declaration[1]}, (${expected}), ${where})`
      return `${indent}__check(${code}, (${expected}), ${where})`
    })
  const own = e.where.replace(/:\d+$/, '').replace(/\.ts$/, '.js')
  const header = [
    `import { ${cached.main.values.join(', ')} } from '${dist}/lib/index.js'`,
    `import { pipe, flow } from 'fp-ts/lib/function.js'`,
    `import { string, number } from 'fp-ts'`,
    `import * as fc from 'fast-check'`,
    `import * as t from 'io-ts'`,
    `import * as O from 'fp-ts/lib/Option.js'`,
    `import * as E from 'fp-ts/lib/Either.js'`,
    ...(e.laws ? [`import { ${cached.laws.values.join(', ')} } from '${dist}/laws/index.js'`] : []),
    `import * as __own from '${dist}/${own}'`,
    ...imports,
    `const __check = (actual, expected, where) => { if (!__same(actual, expected)) globalThis.__exampleFailures.push(where + ': expected ' + JSON.stringify(expected) + ', got ' + __show(actual)) }`,
    `const __plain = (v) => v === null || typeof v !== 'object' ? v : Array.isArray(v) ? v.map(__plain) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, __plain(x)]))`,
    `const __same = (a, b) => JSON.stringify(__plain(a)) === JSON.stringify(__plain(b)) && typeof a === typeof b`,
    `const __show = (v) => { try { return JSON.stringify(__plain(v)) } catch { return String(v) } }`,
  ]
  const source = `${header.join('\n')}\nexport {}\n{\n${body.join('\n')}\n}\n`
  // own-module names the example uses, taken from its module's exports
  const withOwn = source.replace('export {}\n{', `export {}\nconst { ${ownNames(e).join(', ')} } = __own\n{`)
  return ts.transpileModule(withOwn, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
}

/** The value exports of an example's own module that the prelude does not bring. */
const ownNames = (e: Snippet): string[] => {
  const text = ownExports(e)
  const m = /^import \{ ([^}]*) \} from/m.exec(text)
  return m === null ? [] : m[1]!.split(', ')
}
