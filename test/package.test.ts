/**
 * The built package, as a user gets it: `npm test` builds `dist/` first (it is not committed),
 * then these tests install it into a scratch project (a `node_modules/taskloop` link) and
 *
 * - `import` it from an `.mjs` file and `require` it from a `.cjs` file under plain Node,
 *   running a task with each;
 * - check that an error thrown by one build is recognised by the other's class
 *   (`instanceof CancelledError` across the ESM and CJS copies);
 * - check, both ways, that tasks, fibers and futures of one build work with every function of
 *   the other (one package, any mix of copies): `runSync`, `yield*` in a gen, combinators,
 *   `gather` of a fiber of the other copy on the same loop, `getEventLoop` and the
 *   nested-run check, and the `toTaskEither` round trip;
 * - typecheck a TypeScript consumer against the published `.d.ts` / `.d.cts` (ESM and CJS),
 *   including fp-ts's `sequenceT(Task.ApplicativePar)` through the `URItoKind2` registration.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..')
let project = ''

const node = (file: string) => {
  const r = spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'index.js')) || !existsSync(join(root, 'dist', 'index.cjs'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does it before the tests)')
  }
  project = mkdtempSync(join(tmpdir(), 'taskloop-smoke-'))
  mkdirSync(join(project, 'node_modules'))
  symlinkSync(root, join(project, 'node_modules', 'taskloop'), 'dir')
  for (const dep of ['fp-ts', 'io-ts', 'fast-check', 'piscina']) symlinkSync(join(root, 'node_modules', dep), join(project, 'node_modules', dep), 'dir')
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'smoke', private: true }))
  copyFileSync(join(root, 'test', 'package', 'esm.mjs'), join(project, 'esm.mjs'))
  copyFileSync(join(root, 'test', 'package', 'cjs.cjs'), join(project, 'cjs.cjs'))
  copyFileSync(join(root, 'test', 'package', 'threads.mjs'), join(project, 'threads.mjs'))
  copyFileSync(join(root, 'test', 'threads', 'fixtures', 'work.mjs'), join(project, 'work.mjs'))
})

afterAll(() => {
  if (project !== '') rmSync(project, { recursive: true, force: true })
})

describe('the built package under plain Node', () => {
  it('import from an .mjs file: runs a task, ApplicativePar is concurrent, CJS errors are recognised, ESM values work with the CJS copy', () => {
    const r = node('esm.mjs')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')).toEqual([
      'run: esm ok',
      'ApplicativePar: 100 ms',
      'two copies: true',
      'esm error instanceof cjs CancelledError: true',
      'cjs error instanceof esm CancelledError: true',
      'cjs error instanceof esm DecodeError: false',
      'laws entry: object',
      'cjs runSync(esm task): {"_tag":"Succeeded","value":1}',
      'yield* esm task in a cjs gen: 3',
      'cjs combinators on esm tasks: [10,1,1]',
      'cjs gather of an esm fiber twice, on an esm loop: [1,1,1,1]',
      'yield* esm future in a cjs gen: set',
      'cjs getEventLoop inside an esm loop: true',
      'cjs runSync inside an esm loop is a LoopError: true',
      'cjs fromTaskEither(esm toTaskEither(t)) in runSync: {"_tag":"Succeeded","value":1}',
      `an esm queue's get and put in cjs fibers, one getter cancelled: {"_tag":"Succeeded","value":["job",true,0]}`,
      '',
    ])
  })

  it('require from a .cjs file: runs a task, ESM errors are recognised, CJS values work with the ESM copy', () => {
    const r = node('cjs.cjs')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')).toEqual([
      'run: cjs ok',
      'sequenceSeqArray: 300 ms',
      'two copies: true',
      'cjs error instanceof esm CancelledError: true',
      'esm error instanceof cjs CancelledError: true',
      'laws entry: object',
      'esm runSync(cjs task): {"_tag":"Succeeded","value":1}',
      'yield* cjs task in an esm gen: 3',
      'esm combinators on cjs tasks: [10,1,1]',
      'esm gather of a cjs fiber twice, on a cjs loop: [1,1,1,1]',
      'yield* cjs future in an esm gen: set',
      'esm getEventLoop inside a cjs loop: true',
      'esm runSync inside a cjs loop is a LoopError: true',
      'esm fromTaskEither(cjs toTaskEither(t)) in runSync: {"_tag":"Succeeded","value":1}',
      '',
    ])
  })
})

describe('taskloop/threads', () => {
  it('imports and requires under plain Node and runs jobs on a pool and on the default pool', () => {
    const r = node('threads.mjs')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')).toEqual(['esm: 3', 'cjs: function, function', 'toThread: 10', ''])
  })

  it('the main entry point loads no piscina, neither in its code nor in its declarations', () => {
    // every file the main entry reaches through its relative imports, in both builds
    const reach = (entry: string): Set<string> => {
      const seen = new Set<string>()
      const todo = [entry]
      while (todo.length > 0) {
        const file = todo.pop()!
        if (seen.has(file)) continue
        seen.add(file)
        const text = readFileSync(join(root, 'dist', file), 'utf8')
        const dts = file.endsWith('.d.ts') ? '.d.ts' : file.endsWith('.d.cts') ? '.d.cts' : undefined
        // a relative specifier, resolved against the importing file's folder (the ESM build is one file per module)
        for (const m of text.matchAll(/(?:from\s*|require\(|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
          const target = posix.join(posix.dirname(file), m[1]!)
          todo.push(dts === undefined ? target : target.replace(/\.c?js$/, dts))
        }
      }
      return seen
    }
    const files = [...reach('index.js'), ...reach('index.cjs'), ...reach('index.d.ts'), ...reach('index.d.cts')]
    expect(files.length).toBeGreaterThan(4)
    for (const file of files) expect(readFileSync(join(root, 'dist', file), 'utf8'), file).not.toMatch(/['"]piscina['"]/)
    // and the threads entry does load it
    expect([...reach('threads.js')].some((file) => /from ['"]piscina['"]/.test(readFileSync(join(root, 'dist', file), 'utf8')))).toBe(true)
  })
})

describe('the published types', () => {
  it('a TypeScript consumer typechecks under NodeNext, as ESM and as CJS', () => {
    const consumer = (kind: 'esm' | 'cjs') => `
import { sequenceT } from 'fp-ts/lib/Apply.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Kind2 } from 'fp-ts/lib/HKT'
import type { Functor2 } from 'fp-ts/lib/Functor.js'
import { Task, CancelledError, Schedule, toPromise } from 'taskloop'
import { toThread, workerPool, type WorkerPool } from 'taskloop/threads'

const pair: Task.Task<string, [number, string]> = sequenceT(Task.ApplicativePar)(Task.of(1) as Task.Task<string, number>, Task.of('a'))
const kind: Kind2<Task.URI, string, number> = Task.of(1)
const functor: Functor2<Task.URI> = Task.Functor
const uri: 'taskloop/Task' = Task.URI
const poll = (p: Task.Poll) => p(Task.of(1))
const record = pipe(Task.Do, Task.apS('a', Task.of(1)), Task.bind('b', ({ a }) => Task.of(a + 1)))
const b: Task.Task<never, { readonly a: number; readonly b: number }> = record
// @ts-expect-error a Task of number is not a Task of string
const wrong: Task.Task<never, string> = Task.of(1)
const retried: Task.Task<string, number> = pipe(Task.fail('x') as Task.Task<string, number>, Task.retry(pipe(Schedule.exponential(10), Schedule.both(Schedule.recurs(3)))))
const pool: WorkerPool = workerPool(new URL('file:///work.js'))
const job: Task.Task<unknown, number> = toThread<number>('/work.js', 'add', 1)
export const all = [pair, kind, functor, uri, poll, b, wrong, CancelledError, toPromise, retried, pool, job, '${kind}'] as const
`
    writeFileSync(join(project, 'consumer-esm.mts'), consumer('esm'))
    writeFileSync(join(project, 'consumer-cjs.cts'), consumer('cjs'))
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        // `Loop[Symbol.dispose]` needs ESNext.Disposable (or @types/node, which declares it)
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [], lib: ['es2022', 'dom', 'esnext.disposable'] },
        files: ['consumer-esm.mts', 'consumer-cjs.cts'],
      }),
    )
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { encoding: 'utf8', timeout: 120_000 })
    expect(r.stdout + r.stderr).toBe('')
    expect(r.status).toBe(0)
  })
})
