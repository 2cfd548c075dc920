/**
 * Debug mode (asyncio's PYTHONASYNCIODEBUG): `new Loop({ debug: true })`, `run(main, { debug:
 * true })` or `TASKLOOP_DEBUG=1`. It records the user's line at each `yield*`, spawn and
 * `Task.gen`, reports slow steps with their coroutine path, and says where a reported fiber
 * was created.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { pipe } from 'fp-ts/lib/function.js'
import { Loop, Task, run, runSync } from '../../lib/index.js'
import type { ExceptionContext } from '../../lib/index.js'
import { mutationRun } from '../mutationRun.js'

/** The line of this file that holds `marker` (written once, in a comment). */
const lineOf = (marker: string): number =>
  readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').findIndex((l) => l.includes(`// ${marker}`)) + 1

const THIS_FILE = /debugMode\.test\.ts/.source

/**
 * The host's clock (`performance.now`), moved only by hand in these tests: `busy(ms)` in a step
 * makes the step take exactly `ms`, however loaded the machine (a real 5 or 10 ms threshold is
 * crossed by any step when the machine is busy).
 */
let now = 0
const busy = (ms: number): void => void (now += ms)
beforeEach(() => {
  vi.spyOn(performance, 'now').mockImplementation(() => now)
})
afterEach(() => {
  vi.restoreAllMocks()
})

const savedEnv = process.env.TASKLOOP_DEBUG
afterEach(() => {
  if (savedEnv === undefined) delete process.env.TASKLOOP_DEBUG
  else process.env.TASKLOOP_DEBUG = savedEnv
})

describe('slow steps', () => {
  it('a step longer than slowStepMs is reported with the coroutine path of its fiber, each await with its line', () => {
    const reports: ExceptionContext[] = []
    const outer = Task.gen(function* outer() {
      yield* inner // OUTER AWAITS
    })
    const inner = Task.gen(function* inner() {
      busy(30)
      yield* Task.sleep(5) // INNER AWAITS
    })
    runSync(outer, { debug: true, slowStepMs: 10, exceptionHandler: (ctx) => reports.push(ctx) })
    expect(reports).toHaveLength(1)
    expect(reports[0]!.message).toMatch(
      new RegExp(
        `^Executing fiber 'main' took \\d+\\.\\d{3} ms \\(slowStepMs is 10\\); it is now at outer#1 \\(\\S*${THIS_FILE}:${lineOf('OUTER AWAITS')}:\\d+\\) > inner#1 \\(\\S*${THIS_FILE}:${lineOf('INNER AWAITS')}:\\d+\\)$`,
      ),
    )
    expect((reports[0]!.fiber as { name: string }).name).toBe('main')
  })

  it('steps under slowStepMs are not reported, and a loop not in debug mode times nothing', () => {
    const reports: ExceptionContext[] = []
    const program = Task.gen(function* () {
      busy(20)
      yield* Task.sleep(5)
    })
    runSync(program, { debug: true, slowStepMs: 10_000, exceptionHandler: (ctx) => reports.push(ctx) })
    runSync(program, { debug: false, slowStepMs: 1, exceptionHandler: (ctx) => reports.push(ctx) })
    expect(reports).toEqual([])
  })

  it('a slow callback is reported as a callback', () => {
    const reports: string[] = []
    const loop = new Loop({ clock: 'virtual', debug: true, slowStepMs: 5, exceptionHandler: (ctx) => reports.push(ctx.message) })
    loop.callSoon(() => busy(20))
    return loop.runUntilComplete(Task.sleep(1)).then(() => {
      expect(reports).toHaveLength(1)
      expect(reports[0]).toMatch(/^Executing a callback took \d+\.\d{3} ms \(slowStepMs is 5\)$/)
    })
  })

  it('slowStepMs must be a number of milliseconds, 0 or more: a TypeError or RangeError naming it, and no loop', () => {
    expect(() => new Loop({ slowStepMs: '100' as never })).toThrow(new TypeError('new Loop: slowStepMs must be a number of milliseconds, got the string "100"'))
    expect(() => new Loop({ slowStepMs: -1 })).toThrow(RangeError)
    expect(() => new Loop({ slowStepMs: Number.NaN })).toThrow(/slowStepMs must be 0 or more/)
    expect(() => runSync(Task.unit, { slowStepMs: -5 })).toThrow(RangeError)
  })
})

describe('where a fiber was created', () => {
  it('a fiber spawned inside a coroutine and pending at close: the line of the spawn, not interpreter frames', () => {
    const reports: string[] = []
    const loop = new Loop({ clock: 'virtual', debug: true, slowStepMs: Infinity, exceptionHandler: (ctx) => reports.push(ctx.message) })
    const main = loop.createTask(Task.gen(function* () {
      yield* Task.spawn(Task.never, { name: 'stuck' }) // SPAWNS STUCK
      yield* Task.sleep(1)
    }))
    return loop.runUntilComplete(main).then(() => {
      loop.close()
      expect(reports).toEqual([`Task was destroyed but it is pending!\n  created at ${reports[0]!.split('created at ')[1]}`])
      expect(reports[0]).toMatch(new RegExp(`created at \\S*${THIS_FILE}:${lineOf('SPAWNS STUCK')}:\\d+$`))
    })
  })

  it('a fiber that failed and was never retrieved: the line that created it', () => {
    const reports: ExceptionContext[] = []
    const loop = new Loop({ clock: 'virtual', debug: true, slowStepMs: Infinity, exceptionHandler: (ctx) => reports.push(ctx) })
    loop.createTask(Task.fail('lost')) // CREATES LOST
    return loop.runUntilComplete(Task.sleep(1)).then(() => {
      loop.close()
      expect(reports.map((r) => r.message)).toEqual([expect.stringMatching(new RegExp(`^Task exception was never retrieved\\n {2}created at \\S*${THIS_FILE}:${lineOf('CREATES LOST')}:\\d+$`))])
    })
  })

  it('a fiber a combinator spawned under a flatMap chain (no coroutine, no user line on the stack): the fiber that created it, and where that one was created', () => {
    const reports: string[] = []
    const loop = new Loop({ clock: 'virtual', debug: true, slowStepMs: Infinity, exceptionHandler: (ctx) => reports.push(ctx.message) })
    const main = loop.createTask( // CREATES MAIN
      pipe(Task.spawn(Task.never, { name: 'orphan' }), Task.flatMap(() => Task.sleep(1))),
      { name: 'chain' },
    )
    return loop.runUntilComplete(main).then(() => {
      loop.close()
      expect(reports).toHaveLength(1)
      expect(reports[0]).toMatch(new RegExp(`^Task was destroyed but it is pending!\\n {2}created by fiber #${main.id} 'chain', created at \\S*${THIS_FILE}:${lineOf('CREATES MAIN')}:\\d+$`))
    })
  })

  it('a chain of 20 000 fibers, each spawned by the one before under a flatMap chain: the last one reported names its creator and the first line, without walking the chain', () => {
    const reports: string[] = []
    // slow steps are not the subject: on a loaded machine (or instrumented code) a step of the chain may be one
    const loop = new Loop({ clock: 'virtual', debug: true, slowStepMs: Infinity, exceptionHandler: (ctx) => reports.push(ctx.message) })
    const chain = (n: number): Task.Task<never, void> =>
      n === 0 ? (Task.fail('lost') as never) : pipe(Task.spawn(Task.suspend(() => chain(n - 1))), Task.map(() => undefined))
    // under mutation a shorter chain: every mutant of the run loop re-runs this test
    const length = mutationRun ? 2_000 : 20_000
    const first = loop.createTask(chain(length)) // STARTS CHAIN
    return loop.runUntilComplete(Task.sleep(1)).then(() => {
      loop.close()
      expect(reports).toHaveLength(1)
      const m = new RegExp(`^Task exception was never retrieved\\n {2}created by fiber #(\\d+) 'Task-\\1', created at \\S*${THIS_FILE}:${lineOf('STARTS CHAIN')}:\\d+$`).exec(reports[0]!)
      // the creator is the chain's next-to-last fiber (ids count every fiber of the loop)
      expect(Number(m?.[1])).toBeGreaterThanOrEqual(first.id + length - 1)
    })
  })

  it('outside debug mode, reports do not say where (nothing was recorded)', () => {
    const reports: string[] = []
    const loop = new Loop({ clock: 'virtual', exceptionHandler: (ctx) => reports.push(ctx.message) })
    loop.createTask(Task.fail('lost'))
    return loop.runUntilComplete(Task.sleep(1)).then(() => {
      loop.close()
      expect(reports).toEqual(['Task exception was never retrieved'])
    })
  })
})

describe('switching debug mode on', () => {
  const createdAt = (loop: Loop): string[] => {
    const reports: string[] = []
    loop.setExceptionHandler((ctx) => reports.push(ctx.message))
    loop.createTask(Task.never)
    loop.close()
    return reports
  }

  it('TASKLOOP_DEBUG=1 in the environment is the default of new Loop(); 0, false or empty is off; the option wins', () => {
    process.env.TASKLOOP_DEBUG = '1'
    expect(createdAt(new Loop({ clock: 'virtual' }))[0]).toMatch(/created at /)
    expect(createdAt(new Loop({ clock: 'virtual', debug: false }))[0]).not.toMatch(/created at /)
    for (const off of ['0', 'false', '']) {
      process.env.TASKLOOP_DEBUG = off
      expect(createdAt(new Loop({ clock: 'virtual' }))[0]).not.toMatch(/created at /)
    }
    expect(createdAt(new Loop({ clock: 'virtual', debug: true }))[0]).toMatch(/created at /)
  })

  it("run(main, { debug: true, slowStepMs }) runs main's loop in debug mode", async () => {
    const reports: string[] = []
    await run(
      Task.gen(function* () {
        busy(20)
        yield* Task.cede
      }),
      { debug: true, slowStepMs: 5, clock: 'virtual', signals: false, exceptionHandler: (ctx) => reports.push(ctx.message) },
    )
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatch(/^Executing fiber 'main' took/)
  })

  it('in debug mode, a Task.gen created inside a running coroutine takes the name of the function that called Task.gen', () => {
    const fetchRow = (id: number) => Task.gen(function* () {
      yield* Task.cede
      throw new Error(`no row ${id}`)
    })
    const outcome = runSync(Task.gen(function* () {
      return yield* fetchRow(7)
    }), { debug: true })
    expect(outcome._tag).toBe('Failed')
    const error = (outcome as { error: Error }).error
    expect(Task.traceback(error).split('\n')[0]).toMatch(/^ {4}at async fetchRow \(/)
    // outside debug mode the same coroutine is anonymous
    const plain = runSync(Task.gen(function* () {
      return yield* fetchRow(8)
    }))
    expect(Task.traceback((plain as { error: Error }).error).split('\n')[0]).toMatch(/^ {4}at async <coroutine> in main \(/)
  })

  it('where there is no process (a browser) or a process without env, the environment cannot ask for debug mode: a loop is created, not in debug mode', () => {
    process.env.TASKLOOP_DEBUG = '1'
    const loops: Loop[] = []
    for (const host of [undefined, {}]) {
      vi.stubGlobal('process', host)
      try {
        loops.push(new Loop({ clock: 'virtual' }))
      } finally {
        vi.unstubAllGlobals()
      }
    }
    expect(loops.map((loop) => createdAt(loop))).toEqual([['Task was destroyed but it is pending!'], ['Task was destroyed but it is pending!']])
  })

  it('in debug mode, a coroutine created where no line of the program is on the stack (Task.gen called by flatMap, resumed from the host) is anonymous, and its failure is its own', async () => {
    const loop = new Loop({ clock: 'virtual', debug: true, slowStepMs: Infinity })
    // an anonymous generator function, handed to Task.gen by the library only
    const body = [function* () {
      yield* Task.cede
      throw new Error('boom') // THROWS BOOM
    }][0]!
    const main = loop.createTask(pipe(Task.promise(() => Promise.resolve(body)), Task.flatMap(Task.gen as never)) as Task.Task<Error, never>, { name: 'main' })
    const error = await loop.runUntilComplete(main).then(() => undefined, (e: unknown) => e)
    loop.close()
    expect(error).toEqual(new Error('boom'))
    expect(Task.traceback(error).split('\n')).toEqual([expect.stringMatching(new RegExp(`^ {4}at async <coroutine> in main \\(\\S*${THIS_FILE}:${lineOf('THROWS BOOM')}:\\d+\\)$`))])
  })

  it('in debug mode, a coroutine created where no line of the program is on the stack, failing with no stack before its first await, has no location in its traceback', async () => {
    const loop = new Loop({ clock: 'virtual', debug: true, slowStepMs: Infinity })
    const body = [function* (): Generator<never, never> {
      throw 'bad input'
    }][0]!
    const main = loop.createTask(pipe(Task.promise(() => Promise.resolve(body)), Task.flatMap(Task.gen as never)) as Task.Task<string, never>, { name: 'main' })
    const error = await loop.runUntilComplete(main).then(() => undefined, (e: unknown) => e)
    loop.close()
    expect([error, main.traceback()]).toEqual(['bad input', '    at async <coroutine> in main'])
  })
})
