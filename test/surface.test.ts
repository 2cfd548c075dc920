/**
 * The public surface, as an editor shows it: for each runtime class, the members that
 * autocomplete offers on an instance (TypeScript's language service over the built
 * `dist/index.d.ts`) are exactly the allow-list below — SPEC's API, asyncio's names, and the
 * phantom `_E` that carries a fiber's or future's error type. Interpreter internals (the ready
 * queue, the timer heap, `settle`, `fire`, `markRetrieved`, a fiber's frames) never show.
 *
 * `npm test` builds `dist/` before the tests.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..')
const entry = join(root, 'dist', 'index.d.ts')

const futureRead = ['_E', 'addDoneCallback', 'cancel', 'cancelled', 'done', 'exception', 'getLoop', 'outcome', 'removeDoneCallback', 'result', 'toString']
const queue = ['drain', 'empty', 'full', 'get', 'getNowait', 'join', 'maxsize', 'name', 'put', 'putNowait', 'qsize', 'shutdown', 'taskDone', 'toString']
const semaphore = ['acquire', 'locked', 'name', 'release', 'toString', 'value', 'withLock']

const allowed: Record<string, { readonly typeArgs: string; readonly members: ReadonlyArray<string> }> = {
  Loop: {
    typeArgs: '',
    members: [
      'addSignalHandler', 'allTasks', 'callAt', 'callExceptionHandler', 'callLater', 'callSoon', 'clockKind', 'close', 'createFuture', 'createTask', 'dump',
      'getExceptionHandler', 'isClosed', 'isRunning', 'random', 'removeSignalHandler', 'runForever', 'runUntilComplete', 'setExceptionHandler', 'snapshot', 'stop', 'time', 'toString',
    ],
  },
  Fiber: { typeArgs: '<unknown, unknown>', members: [...futureRead, 'cancelling', 'name', 'traceback', 'uncancel'] },
  Future: { typeArgs: '<unknown, unknown>', members: [...futureRead, 'setException', 'setResult'] },
  Queue: { typeArgs: '<unknown>', members: queue },
  LifoQueue: { typeArgs: '<unknown>', members: queue },
  PriorityQueue: { typeArgs: '<unknown>', members: queue },
  Lock: { typeArgs: '', members: ['acquire', 'locked', 'name', 'release', 'toString', 'withLock'] },
  Event: { typeArgs: '', members: ['clear', 'isSet', 'name', 'set', 'toString', 'wait'] },
  Semaphore: { typeArgs: '', members: semaphore },
  BoundedSemaphore: { typeArgs: '', members: semaphore },
  Condition: { typeArgs: '', members: ['acquire', 'locked', 'name', 'notify', 'notifyAll', 'release', 'toString', 'wait', 'waitFor', 'withLock'] },
  Barrier: { typeArgs: '', members: ['abort', 'broken', 'name', 'nWaiting', 'parties', 'reset', 'toString', 'wait'] },
  TraceRecorder: { typeArgs: '', members: ['capacity', 'dropped', 'events', 'toJSON', 'toString'] },
  ContextVar: { typeArgs: '<unknown>', members: ['get', 'getOr', 'locally', 'name', 'reset', 'set', 'toString'] },
  Context: { typeArgs: '', members: ['get', 'has', 'size', 'toString', 'with'] },
  Token: { typeArgs: '<unknown>', members: ['oldValue', 'toString', 'var'] },
}

/** What autocomplete offers after `x.` for an instance of each class, and after `Loop.`. */
const completions = (): { instances: Record<string, string[]>; loopStatics: string[] } => {
  const names = Object.keys(allowed)
  let source = `import { ${names.join(', ')} } from ${JSON.stringify(entry.replace(/\.d\.ts$/, '.js'))}\n`
  const at: Record<string, number> = {}
  for (const name of names) {
    source += `declare const x${name}: ${name}${allowed[name]!.typeArgs}\nx${name}.`
    at[name] = source.length
    source += '\n;\n'
  }
  source += 'Loop.'
  const staticsAt = source.length
  source += '\n'
  const probe = join(root, '__surface_probe__.ts')
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [probe],
    getScriptVersion: () => '1',
    getScriptSnapshot: (file) => ts.ScriptSnapshot.fromString(file === probe ? source : readFileSync(file, 'utf8')),
    getCurrentDirectory: () => root,
    getCompilationSettings: () => ({
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts', 'lib.dom.d.ts'],
    }),
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (file) => file === probe || ts.sys.fileExists(file),
    readFile: (file) => (file === probe ? source : ts.sys.readFile(file)),
  }
  const service = ts.createLanguageService(host)
  const list = (pos: number): string[] => (service.getCompletionsAtPosition(probe, pos, {})?.entries ?? []).map((e) => e.name).sort()
  const instances: Record<string, string[]> = {}
  for (const name of names) instances[name] = list(at[name]!)
  return { instances, loopStatics: list(staticsAt) }
}

describe('the public surface of the built package', () => {
  it('each runtime class offers exactly its allow-listed members in autocomplete', () => {
    const { instances, loopStatics } = completions()
    for (const [name, { members }] of Object.entries(allowed)) expect({ name, members: instances[name] }).toEqual({ name, members: [...members].sort() })
    // what every class has as a function, and nothing of its own: the drivers the library uses are not there
    const functionMembers = new Set(['apply', 'arguments', 'bind', 'call', 'caller', 'length', 'name', 'toString'])
    expect(loopStatics.filter((m) => !functionMembers.has(m))).toEqual(['prototype'])
  })
})
