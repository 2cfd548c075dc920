/**
 * The published types in a consumer's hands (the packed package, compiled with `tsc`):
 *
 * - **Portable types.** Under `declaration: true`, a consumer can export anything it gets
 *   from taskloop without a type annotation: every export, every `Task.*` and `Outcome.*`
 *   member (the list is read from the package itself) and the results of calling them. That
 *   needs every type they mention to be reachable by name from the package's entries.
 *   `Outcome<E, A>` and `Task<E, A>` work as types next to the namespaces of the same name.
 * - **io-ts is optional.** The same consumer has no io-ts (nor `@types/node`) installed and
 *   compiles with `skipLibCheck: false`: the declarations never import it. With io-ts
 *   installed, a real codec still gives its type to `Task.decode` and to a queue.
 * - **The settings the README states** (`lib`, `types`) are enough, and `lib: ["ES2022"]`
 *   alone is not (the declarations use `AbortSignal` and `Symbol.dispose`).
 *
 * Each check compiles both an ES module (`.mts`) and a CommonJS one (`.cts`), which see
 * `dist/**\/*.d.ts` and their `.d.cts` twins.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanUp, compile, consumer, root, tsconfig } from './project.js'

afterAll(cleanUp)

/** A `tsc` run takes seconds, more on a busy machine. */
const TSC_TIMEOUT = 240_000

/** A module that exports every export and namespace member of the package, unannotated. */
const everyMember = async (): Promise<string> => {
  const pkg = (await import(join(root, 'dist', 'index.js'))) as Record<string, object>
  const lines = [`import * as all from 'taskloop'`, `import { Task, Outcome } from 'taskloop'`]
  for (const name of Object.keys(pkg)) lines.push(`export const top_${name} = all.${name}`)
  for (const ns of ['Task', 'Outcome']) for (const name of Object.keys(pkg[ns]!)) lines.push(`export const ${ns}_${name} = ${ns}.${name}`)
  expect(lines.length).toBeGreaterThan(100)
  return lines.join('\n') + '\n'
}

/** Results of calls, unannotated: the types users meet most. */
const calls = `
import { Task, Outcome, Queue, Loop, run, runSync, toPromise, getEventLoop } from 'taskloop'
export const outcome = runSync(Task.of(1))
export const asType: Outcome<never, number> = outcome
export const task: Task<never, number> = Task.of(1)
export const waited = Task.wait([Task.of(1), Task.of('a')], { returnWhen: 'FIRST_COMPLETED' })
export const completed = Task.asCompleted([Task.of(1)])
export const gathered = Task.gather([Task.of(1), Task.of('x')])
export const settled = Task.gather([Task.of(1)], { returnExceptions: true })
export const grouped = Task.taskGroup((tg) => tg.spawn(Task.of(1)))
export const raced = Task.race([Task.of(1), Task.of('b')])
export const timed = Task.timeout(10)(Task.of(1))
export const bounded = Task.waitFor(Task.of(1), 10)
export const shielded = Task.shield(Task.of(1))
export const spawned = Task.spawn(Task.of(1))
export const masked = Task.uncancellable((poll) => poll(Task.of(1)))
export const record = Task.bind('b', ({ a }: { a: number }) => Task.of(a + 1))(Task.Do.pipe(Task.apS('a', Task.of(1))))
export const either = Task.either(Task.of(1))
export const te = Task.toTaskEither(Task.of(1))
export const queue = new Queue<number>()
export const got = queue.get()
export const loop = new Loop({ clock: 'virtual' })
export const fiber = loop.createTask(Task.of(1))
export const future = loop.createFuture<number, string>()
export const promise = run(Task.of(1))
export const viaPromise = toPromise(Task.of(1))
export const current = getEventLoop
export const folded = Outcome.match({ onSucceeded: String, onFailed: String, onCancelled: () => 'cancelled' })(outcome)
`

/** `Task` and `Outcome` imported as types only, and used with their type arguments. */
const typeOnly = `
import { type Outcome, type Task } from 'taskloop'
export type Result = Outcome<string, number>
export const describe = (o: Outcome<string, number>, t: Task<never, number>): readonly [Result, Task<never, number>] => [o, t]
`

const portable = { declaration: true, emitDeclarationOnly: true, noEmit: false, outDir: 'out', types: [], lib: ['es2022', 'esnext.disposable', 'dom'] }

describe.concurrent('portable types', () => {
  it('every export and member, and the results of calls, can be exported unannotated under declaration: true (ESM and CJS; no io-ts, no @types/node, lib ES2022 + DOM + ESNext.Disposable, skipLibCheck false)', async () => {
    const members = await everyMember()
    const dir = consumer(['fp-ts'], {
      'members.mts': members,
      'members.cts': members,
      'calls.mts': calls,
      'calls.cts': calls,
      'types.mts': typeOnly,
      'tsconfig.json': tsconfig(['members.mts', 'members.cts', 'calls.mts', 'calls.cts', 'types.mts'], portable),
    })
    const r = await compile(dir)
    expect(r.output).toBe('')
    expect(r.status).toBe(0)
    // the emitted declarations name taskloop's types through the package, never a file inside it
    const emitted = readFileSync(join(dir, 'out', 'calls.d.mts'), 'utf8')
    expect(emitted).not.toMatch(/dist\//)
    expect(emitted).toMatch(/export declare const outcome: import\("taskloop\/Outcome"\)\.Outcome<never, number>;/)
  }, TSC_TIMEOUT)
})

describe.concurrent('io-ts is optional', () => {
  it('with io-ts installed, a real codec gives its type to Task.decode and to a queue', async () => {
    const code = `
import * as t from 'io-ts'
import { Task, Queue, type DecodeError, type QueueShutDown } from 'taskloop'
const A = t.type({ a: t.number })
export const decoded: Task<DecodeError, { a: number }> = Task.decode(A)({ a: 1 })
const inferred = Task.decode(A)({ a: 1 })
export const check: Task<DecodeError, { a: number }> = inferred
// @ts-expect-error the decoded type is { a: number }, not { a: string }
export const wrong: Task<DecodeError, { a: string }> = Task.decode(A)({ a: 1 })
export const queue = new Queue({ codec: t.string })
export const item: Task<QueueShutDown, string> = queue.get()
// @ts-expect-error a queue of strings takes no number
export const badPut = queue.put(1)
// @ts-expect-error not a codec
export const notCodec = Task.decode({ decode: 1 })
`
    const dir = consumer(['fp-ts', 'io-ts'], {
      'codec.mts': code,
      'codec.cts': code,
      'tsconfig.json': tsconfig(['codec.mts', 'codec.cts'], { types: [], lib: ['es2022', 'esnext.disposable', 'dom'] }),
    })
    const r = await compile(dir)
    expect(r.output).toBe('')
    expect(r.status).toBe(0)
  }, TSC_TIMEOUT)
})

describe.concurrent('the compiler settings the README states', () => {
  const use = `import { Task, Loop, run } from 'taskloop'\nexport const t = Task.of(1)\nexport const l = new Loop()\nexport const r = run(t, { signal: undefined })\n`
  const files = (options: Record<string, unknown>, deps: string[]) =>
    consumer(deps, { 'use.mts': use, 'use.cts': use, 'tsconfig.json': tsconfig(['use.mts', 'use.cts'], options) })

  it('lib ES2022 with @types/node compiles', async () => {
    const r = await compile(files({ lib: ['es2022'], types: ['node'] }, ['fp-ts', '@types/node', 'undici-types']))
    expect(r.output).toBe('')
    expect(r.status).toBe(0)
  }, TSC_TIMEOUT)

  it('lib ES2022 alone does not: AbortSignal and Symbol.dispose are missing', async () => {
    const r = await compile(files({ lib: ['es2022'], types: [] }, ['fp-ts']))
    expect(r.status).not.toBe(0)
    expect(r.output).toMatch(/Cannot find name 'AbortSignal'/)
    expect(r.output).toMatch(/Property 'dispose' does not exist on type 'SymbolConstructor'/)
  }, TSC_TIMEOUT)
})
