/**
 * Docs on hover: what an editor shows for each export of the built package. For every export
 * of `dist/index.d.ts`, `dist/index.d.cts` and `dist/laws.d.ts`, and every member of the
 * `Task` and `Outcome` namespaces, the test asks TypeScript's language service for the quick
 * info at a use of the name (`getQuickInfoAtPosition`, what a hover calls) and requires a
 * doc comment, an `@example`, and a signature free of bundler-made names (`AnyAwaitable$4`).
 *
 * The list of names is not written here: the test reads it from the declarations
 * (`checker.getExportsOfModule`), so a new export without docs fails it.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { root } from './project.js'

interface Hover {
  readonly name: string
  readonly documented: boolean
  readonly example: boolean
  readonly display: string
}

/** A language service over one in-memory probe file next to `dist/`; every other file is read from disk. */
const languageService = (probePath: string, probe: () => string): ts.LanguageService => {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    types: [],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
  }
  let version = 0
  let text = probe()
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [probePath],
    getScriptVersion: (f) => (f === probePath ? String(version) : '0'),
    getScriptSnapshot: (f) => {
      if (f === probePath) return ts.ScriptSnapshot.fromString(text)
      return existsSync(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined
    },
    getCurrentDirectory: () => root,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === probePath || ts.sys.fileExists(f),
    readFile: (f) => (f === probePath ? text : ts.sys.readFile(f)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  }
  const service = ts.createLanguageService(host)
  // `probe` may be replaced once the names are known
  ;(service as { setProbe?: (t: string) => void }).setProbe = (t: string) => {
    text = t
    version++
  }
  return service
}

/**
 * Every name the entry `specifier` exports (and, for a namespace, each of its members), and
 * what hovering each shows. `probeName` is the probe file (`.mts` or `.cts`), which decides
 * whether the `.d.ts` or the `.d.cts` declarations are read.
 */
const hoverEveryExport = (probeName: string, specifier: string): Hover[] => {
  const probePath = join(root, probeName)
  const head = `import * as pkg from '${specifier}'\n`
  const service = languageService(probePath, () => head)
  const program = service.getProgram()!
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(probePath)!
  const importDecl = source.statements.find(ts.isImportDeclaration)!
  const entry = checker.getSymbolAtLocation(importDecl.moduleSpecifier)
  if (entry === undefined) throw new Error(`${specifier} does not resolve from ${probeName}`)

  /** Follows aliases to the declaration (an `import * as X` merged with `type X` is an alias too). */
  const resolve = (symbol: ts.Symbol): ts.Symbol => {
    let s = symbol
    for (let i = 0; i < 10 && s.flags & ts.SymbolFlags.Alias; i++) {
      const next = checker.getAliasedSymbol(s)
      if (next === s) break
      s = next
    }
    return s
  }

  // one line per name: an expression for values, a type alias for types
  const paths: Array<{ name: string; isValue: boolean }> = []
  /** `export type { X }` anywhere on the way: X is a type here, whatever it is where declared. */
  const typeOnly = (symbol: ts.Symbol): boolean => {
    let s = symbol
    for (let i = 0; i < 10 && s.flags & ts.SymbolFlags.Alias; i++) {
      if (s.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration(d))) return true
      const next = checker.getImmediateAliasedSymbol(s)
      if (next === undefined || next === s) break
      s = next
    }
    return false
  }
  for (const exported of checker.getExportsOfModule(entry)) {
    const target = resolve(exported)
    const isNamespace = (target.flags & ts.SymbolFlags.ValueModule) !== 0
    paths.push({ name: exported.name, isValue: ((target.flags & ts.SymbolFlags.Value) !== 0 && !typeOnly(exported)) || isNamespace })
    if (isNamespace) {
      for (const member of checker.getExportsOfModule(target)) {
        const m = resolve(member)
        paths.push({ name: `${exported.name}.${member.name}`, isValue: (m.flags & ts.SymbolFlags.Value) !== 0 && !typeOnly(member) })
      }
    }
  }
  const lines = paths.map((p, i) => (p.isValue ? `void pkg.${p.name}\n` : `type T${i} = pkg.${p.name}\n`))
  const text = head + lines.join('')
  ;(service as unknown as { setProbe: (t: string) => void }).setProbe(text)

  const hovers: Hover[] = []
  let offset = head.length
  for (let i = 0; i < paths.length; i++) {
    const line = lines[i]!
    // the position of the last identifier on the line (the member's own name)
    const lastName = paths[i]!.name.split('.').pop()!
    const at = offset + line.lastIndexOf(lastName)
    offset += line.length
    const info = service.getQuickInfoAtPosition(probePath, at)
    const display = ts.displayPartsToString(info?.displayParts)
    hovers.push({
      name: paths[i]!.name,
      documented: ts.displayPartsToString(info?.documentation).trim() !== '',
      example: (info?.tags ?? []).some((t) => t.name === 'example'),
      display,
    })
  }
  return hovers
}

const missing = (hovers: ReadonlyArray<Hover>, what: (h: Hover) => boolean): string[] => hovers.filter((h) => !what(h)).map((h) => h.name)

describe.each([
  ['dist/index.d.ts', 'probe-hover.mts', './dist/index.js'],
  ['dist/index.d.cts', 'probe-hover.cts', './dist/index.cjs'],
  ['dist/laws.d.ts', 'probe-hover-laws.mts', './dist/laws.js'],
])('hovering every export of %s', (_entry, probe, specifier) => {
  const hovers = hoverEveryExport(probe, specifier)

  it('finds the names itself', () => {
    expect(hovers.length).toBeGreaterThan(specifier.includes('laws') ? 20 : 150)
    console.log(`${_entry}: ${hovers.length} names checked, ${missing(hovers, (h) => h.documented).length} without docs, ${missing(hovers, (h) => h.example).length} without an example`)
    if (process.env['HOVER_LIST']) console.log(JSON.stringify({ docs: missing(hovers, (h) => h.documented), example: missing(hovers, (h) => h.example) }))
  })

  it('every name shows its doc comment', () => {
    expect(missing(hovers, (h) => h.documented)).toEqual([])
  })

  it('every name shows an @example', () => {
    expect(missing(hovers, (h) => h.example)).toEqual([])
  })

  it('no signature shows a bundler-made name', () => {
    expect(hovers.filter((h) => /\w\$\d/.test(h.display)).map((h) => `${h.name}: ${h.display}`)).toEqual([])
  })
})

describe('the hover check can fail', () => {
  it('a declaration without a doc comment is reported', () => {
    // Task.Task is documented through its declaration; a bare local alias is not
    const probePath = join(root, 'probe-hover-negative.mts')
    const text = `type Bare = number\nexport const x: Bare = 1\n`
    const service = languageService(probePath, () => text)
    const info = service.getQuickInfoAtPosition(probePath, text.indexOf('Bare', 20))
    expect(ts.displayPartsToString(info?.documentation)).toBe('')
  })
})
