/**
 * Source locations read from JavaScript stacks: the frames of a formatted stack, which of them
 * are taskloop's own (or the host's), and the user's line in a capture or in a thrown error.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { firstUserFrame, frameBelowAwait, isOwnFrame, parseFrame, throwSiteOf } from '../../lib/runtime/sites.js'

type Sites = typeof import('../../lib/runtime/sites.js')

/** An Error whose formatted stack is `stack`, as the host (or a custom `Error.prepareStackTrace`) gave it. */
const withStack = (stack: string): Error => Object.assign(new Error(), { stack })

/**
 * A fresh copy of the sites module, loaded from `folder` (inside a new temporary directory):
 * where the module finds itself decides which frames it counts as taskloop's own.
 * `beforeLoad` changes the host's stack settings while the module loads; they are restored after.
 */
const loadCopy = async (folder: string, beforeLoad: () => void = () => {}): Promise<{ sites: Sites; root: string; done: () => void }> => {
  const root = mkdtempSync(join(tmpdir(), 'taskloop-sites-'))
  const dir = join(root, folder)
  mkdirSync(dir, { recursive: true })
  copyFileSync(fileURLToPath(new URL('../../lib/runtime/sites.ts', import.meta.url)), join(dir, 'sites.ts'))
  const limit = Error.stackTraceLimit
  const prepare = Error.prepareStackTrace
  const done = () => rmSync(root, { recursive: true, force: true })
  try {
    beforeLoad()
    const sites = (await import(join(dir, 'sites.ts'))) as Sites
    return { sites, root, done }
  } catch (error) {
    done()
    throw error
  } finally {
    Error.stackTraceLimit = limit
    Error.prepareStackTrace = prepare
  }
}

/** The location of a frame of `sites`'s own code, as the host writes it (path, line and column). */
const ownSiteOf = (sites: Sites): string => sites.parseFrame(sites.captureStack(2).stack!.split('\n')[1])!.site

describe('parseFrame', () => {
  it('reads the name and the location of each form of frame; an anonymous function has no name; a line that is not a frame gives undefined', async () => {
    const lines = [
      '    at load (file:///app.ts:2:60)',
      '    at async load (file:///app.ts:2:60)',
      '    at file:///app.ts:3:1',
      '    at async file:///app.ts:3:1',
      '    at Object.<anonymous> (/app/main.js:1:7)',
      '    at new <anonymous> (/app/main.js:4:2)',
      '    at <anonymous>.run (/app/main.js:5:3)',
      '    at  (/app/main.js:6:1)',
      '    at Generator.next (<anonymous>)',
      '    at parse.next (<anonymous>)',
      'Error: boom',
      'Error: see at main (file:///app.ts:1:1)',
      '',
      undefined,
    ]
    const expected = [
      { name: 'load', site: 'file:///app.ts:2:60' },
      { name: 'load', site: 'file:///app.ts:2:60' },
      { name: undefined, site: 'file:///app.ts:3:1' },
      { name: undefined, site: 'file:///app.ts:3:1' },
      { name: undefined, site: '/app/main.js:1:7' },
      { name: undefined, site: '/app/main.js:4:2' },
      // only a name that ends in <anonymous> is no name: a method of an anonymous class keeps its own
      { name: '<anonymous>.run', site: '/app/main.js:5:3' },
      { name: undefined, site: '/app/main.js:6:1' },
      { name: 'Generator.next', site: '<anonymous>' },
      { name: 'parse.next', site: '<anonymous>' },
      undefined,
      undefined,
      undefined,
      undefined,
    ]
    expect(lines.map(parseFrame)).toEqual(expected)
    // the same from a copy of the module loaded here (its frame pattern is made as it loads)
    const { sites, done } = await loadCopy(join('lib', 'runtime'))
    try {
      expect(lines.map(sites.parseFrame)).toEqual(expected)
    } finally {
      done()
    }
  })
})

describe('isOwnFrame', () => {
  it("native code, the engine's generator steps and the host's node: modules are never the user's line; the user's files are", () => {
    const sites = ['<anonymous>', 'native', 'node:internal/process/task_queues:95:5', 'node:events:517:28', 'file:///app/main.ts:3:1', '/srv/app/native.js:1:1', '/srv/node:app/main.js:1:1', '/srv/app/x-node:', '']
    expect(sites.map((site) => [site, isOwnFrame({ name: undefined, site })])).toEqual([
      ['<anonymous>', true],
      ['native', true],
      ['node:internal/process/task_queues:95:5', true],
      ['node:events:517:28', true],
      ['file:///app/main.ts:3:1', false],
      ['/srv/app/native.js:1:1', false],
      ['/srv/node:app/main.js:1:1', false],
      ['/srv/app/x-node:', false],
      ['', false],
    ])
  })

  it("taskloop's own frames are those of the lib folder it is loaded from: run from source, every file under lib/ is its own, and nothing beside it", async () => {
    // a folder name with `:line:col` in it must not be taken for the end of a location
    const { sites, done } = await loadCopy(join('app:1:2', 'lib', 'runtime'))
    try {
      const own = ownSiteOf(sites)
      expect(own).toMatch(/app:1:2\/lib\/runtime\/sites\.ts:\d+:\d+$/)
      const at = (path: string) => sites.isOwnFrame({ name: undefined, site: own.replace(/lib\/runtime\/sites\.ts:\d+:\d+$/, path) })
      expect([at('lib/runtime/fiber.ts:1:1'), at('lib/task/retry.ts:9:9'), at('lib/index.ts:1:1'), at('test/app.test.ts:1:1'), at('libs/x.ts:1:1')]).toEqual([true, true, true, false, false])
    } finally {
      done()
    }
  })

  it("bundled (not under lib/runtime/), taskloop's own frames are those of the folder of its bundle, and not of a folder whose name begins the same", async () => {
    const { sites, done } = await loadCopy('dist')
    try {
      const own = ownSiteOf(sites)
      expect(own).toMatch(/\/dist\/sites\.ts:\d+:\d+$/)
      const at = (path: string) => sites.isOwnFrame({ name: undefined, site: own.replace(/dist\/sites\.ts:\d+:\d+$/, path) })
      expect([at('dist/sites.ts:1:1'), at('dist/index.cjs:7:7'), at('dist2/app.js:1:1'), at('app.js:1:1')]).toEqual([true, true, false, false])
    } finally {
      done()
    }
  })

  it('loaded where stacks have no frames (Error.stackTraceLimit = 0), it loads, and counts no user file as its own', async () => {
    const { sites, done } = await loadCopy(join('lib', 'runtime'), () => {
      Error.stackTraceLimit = 0
    })
    try {
      const user = (site: string) => sites.isOwnFrame({ name: undefined, site })
      expect([user('/srv/undefined/app.js:1:1'), user('/srv/app/main.js:1:1'), user('native')]).toEqual([false, false, true])
    } finally {
      done()
    }
  })

  it('loaded where stacks are not strings (an Error.prepareStackTrace that returns none), it loads, and counts no user file as its own', async () => {
    const { sites, done } = await loadCopy(join('lib', 'runtime'), () => {
      Error.prepareStackTrace = () => undefined
    })
    try {
      expect(sites.isOwnFrame({ name: undefined, site: '/srv/app/main.js:1:1' })).toBe(false)
    } finally {
      done()
    }
  })
})

describe('firstUserFrame', () => {
  it("skips the message line, lines that are not frames, and native, engine and taskloop frames: the first user's frame, or undefined", () => {
    const own = parseFrame(new Error().stack!.split('\n')[1])!.site.replace(/test\/runtime\/sites\.test\.ts:\d+:\d+$/, 'lib/runtime/fiber.ts:10:5')
    const captures = [
      'Error\n    at Generator.next (<anonymous>)\n    at main (file:///app.ts:3:1)',
      `Error: at main (file:///fake.ts:1:1)\n    at step (${own})\n    at node:internal/timers:1:1\n    at load (file:///app.ts:9:2)`,
      'Error\n  not a frame\n    at file:///app.ts:5:5',
      'Error\n    at native\n    at Generator.next (<anonymous>)',
      'Error',
    ]
    expect(captures.map((stack) => firstUserFrame(withStack(stack)))).toEqual([
      { name: 'main', site: 'file:///app.ts:3:1' },
      { name: 'load', site: 'file:///app.ts:9:2' },
      { name: undefined, site: 'file:///app.ts:5:5' },
      undefined,
      undefined,
    ])
  })
})

describe('frameBelowAwait', () => {
  it("gives the frame right below YieldOnce's method (the coroutine's yield*), and undefined without one", () => {
    const captures = [
      'Error\n    at YieldOnce.next (/pkg/lib/runtime/genResume.ts:1:1)\n    at load (file:///app.ts:4:18)\n    at Generator.next (<anonymous>)',
      // a stack without its message line (a custom Error.prepareStackTrace): the first line can be YieldOnce's
      '    at YieldOnce.next (/pkg/lib/runtime/genResume.ts:1:1)\n    at load (file:///app.ts:4:18)',
      '    at load (file:///app.ts:4:18)\n    at main (file:///app.ts:9:1)',
      'Error\n    at YieldOnce.next (/pkg/lib/runtime/genResume.ts:1:1)',
    ]
    expect([...captures.map((stack) => frameBelowAwait(withStack(stack))), frameBelowAwait(undefined)]).toEqual([
      { name: 'load', site: 'file:///app.ts:4:18' },
      { name: 'load', site: 'file:///app.ts:4:18' },
      undefined,
      undefined,
      undefined,
    ])
  })
})

describe('throwSiteOf', () => {
  it("gives the frame just above the engine's generator step, named or not; undefined when there is none, or it is native or taskloop's", () => {
    const stacks = [
      'Error: x\n    at parse (file:///app.ts:4:11)\n    at Generator.next (<anonymous>)\n    at step (/pkg/lib/runtime/fiber.ts:1:1)',
      'Error: x\n    at parse (file:///app.ts:4:11)\n    at parse.throw (<anonymous>)',
      'Error: x\n    at file:///app.ts:4:11\n    at next (<anonymous>)',
      // lines of a message that look like the engine's step but are not frames of the stack
      'Error: x\nsee: at Generator.next (<anonymous>)\n    at parse (file:///app.ts:4:11)\n    at Generator.next (<anonymous>)',
      'Error: x\n    at Generator.next (<anonymous>) was the last frame\n    at parse (file:///app.ts:4:11)\n    at Generator.next (<anonymous>)',
      'Error: x\n    at parse (file:///app.ts:4:11)\n    at Generator.return (<anonymous>)',
      'Error: x\n    at Generator.next (<anonymous>)',
      'Error: x\n    at native\n    at Generator.next (<anonymous>)',
      'Error: x\n    at Array.map (<anonymous>)\n    at Generator.next (<anonymous>)',
    ]
    expect(stacks.map((stack) => throwSiteOf(withStack(stack)))).toEqual([
      'file:///app.ts:4:11',
      'file:///app.ts:4:11',
      'file:///app.ts:4:11',
      'file:///app.ts:4:11',
      'file:///app.ts:4:11',
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })

  it('gives undefined for a failure with no string stack: a primitive, null, a plain object, a function, or a stack that throws when read', () => {
    const generatorStack = 'Error\n    at parse (file:///app.ts:4:11)\n    at Generator.next (<anonymous>)'
    const throwing = Object.defineProperty({}, 'stack', {
      get() {
        throw new Error('no stack for you')
      },
    })
    const failures: unknown[] = ['bad input', 42, null, undefined, { code: 1 }, { stack: 7 }, throwing, Object.assign(() => {}, { stack: generatorStack })]
    expect(failures.map(throwSiteOf)).toEqual(failures.map(() => undefined))
  })
})
