/**
 * Tracebacks through coroutines and fibers: the path a failure took, innermost first, in
 * V8's async-frame form, appended to `error.stack` and given by `Task.traceback(error)` and
 * `fiber.traceback()`.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CancelledError, ExceptionGroup, Loop, Task, runSync } from '../../lib/index.js'
import type { ExceptionContext, Fiber } from '../../lib/index.js'
import { runSyncUntil } from '../../lib/Loop.js'
import { main, mainFn } from '../fixtures/tracebackProgram.js'
import { crossedInto, errorTraceback, fiberFailed, fiberTraceback, hopInto, withTraceback } from '../../lib/runtime/traceback.js'

const PROGRAM = /tracebackProgram\.ts/.source

/** The line of this file that holds `marker` (written once, in a comment). */
const lineOf = (marker: string): number =>
  readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').findIndex((l) => l.includes(`// ${marker}`)) + 1

/** The path lines of a traceback, each `at async LABEL (…/tracebackProgram.ts:LINE:COL)`. */
const pathOf = (...hops: Array<[label: string, line: number]>): RegExp =>
  new RegExp(
    '^' + hops.map(([label, line]) => ` {4}at async ${label.replace(/[#()<>]/g, '\\$&')} \\(\\S*${PROGRAM}:${line}:\\d+\\)`).join('\\n') + '$',
  )

const failureOf = <E, A>(task: Task.Task<E, A>, options: { debug?: boolean } = {}): E => {
  const outcome = runSync(task, { exceptionHandler: () => {}, ...options })
  if (outcome._tag !== 'Failed') throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`)
  return outcome.error
}

describe('the traceback of a failure deep in a gather', () => {
  it('names each coroutine the failure left, innermost first, with the line of its throw or yield*, and the gather child it crossed', () => {
    const error = failureOf(main) as Error
    expect(error.message).toBe('cannot parse bad')
    // anonymous coroutines show <coroutine> and the fiber's name (the second child is Task-3)
    expect(Task.traceback(error)).toMatch(
      pathOf(['<coroutine> in Task-3', 9], ['<coroutine> in Task-3', 15], ['gather child #2 of 2 in main', 19]),
    )
  })

  it('appends the same lines to error.stack, after the frames of the throw, so printers show them', () => {
    const error = failureOf(main) as Error
    const text = Task.traceback(error)
    expect(text).not.toBe('')
    expect(error.stack!.endsWith(`\n${text}`)).toBe(true)
    expect(error.stack!.startsWith('Error: cannot parse bad\n')).toBe(true)
  })

  it('in debug mode, an anonymous coroutine takes the name of the function that called Task.gen', () => {
    const error = failureOf(main, { debug: true })
    expect(Task.traceback(error)).toMatch(pathOf(['parse', 9], ['load', 15], ['gather child #2 of 2 in main', 19]))
  })

  it('coroutines defined with Task.fn carry their names', () => {
    const error = failureOf(mainFn())
    expect(Task.traceback(error)).toMatch(pathOf(['parse', 25], ['load', 31], ['gather child #2 of 2 in main', 35]))
  })
})

describe('names and places', () => {
  it("a generator function's name names its coroutine; a Task.fn name given first wins", () => {
    const inner = Task.fn('decode', function* () {
      yield* Task.cede
      throw new Error('bad')
    })
    const outer = Task.gen(function* outerCoroutine() {
      return yield* inner()
    })
    const lines = Task.traceback(failureOf(outer)).split('\n')
    expect(lines.map((l) => /at async (\S+)/.exec(l)?.[1])).toEqual(['decode', 'outerCoroutine'])
  })

  it('a Task.fn coroutine is located at its definition where nothing better is known (a thrown string has no stack)', async () => {
    const check = Task.fn(function* check() { // DEFINED HERE
      yield* Task.cede
      throw 'not a number'
    })
    const loop = new Loop({ clock: 'virtual', exceptionHandler: () => {} })
    const fiber = loop.createTask(check())
    await expect(loop.runUntilComplete(fiber)).rejects.toBe('not a number')
    expect(fiber.traceback()).toMatch(new RegExp(`^ {4}at async check \\(\\S*traceback\\.test\\.ts:${lineOf('DEFINED HERE')}:\\d+\\)$`))
  })

  it('Task.fn refuses what is not a generator function, or an empty name: a TypeError naming it, thrown when called', () => {
    expect(() => Task.fn(42 as never)).toThrow(new TypeError('Task.fn expects a generator function, or a name and a generator function, got number 42'))
    expect(() => Task.fn(async function* () {} as never)).toThrow(/Task.fn was given an async generator/)
    expect(() => Task.fn('', function* () {})).toThrow(new TypeError('Task.fn: the name must not be empty'))
    expect(() => Task.fn('named', 'x' as never)).toThrow(TypeError)
  })

  it('Task.fn passes this and the arguments on, and each call is a fresh coroutine', () => {
    const scaled = Task.fn(function* scale(this: { factor: number }, n: number) {
      yield* Task.cede
      return n * this.factor
    })
    const obj = { factor: 3, scaled }
    expect(runSync(obj.scaled(2))).toEqual({ _tag: 'Succeeded', value: 6 })
    expect(runSync(Task.gather([obj.scaled(1), obj.scaled(5)]))).toEqual({ _tag: 'Succeeded', value: [3, 15] })
  })

  it('fibers have names: Task-N by default, or the name given to spawn; a join names the fiber it crossed', () => {
    const worker = Task.gen(function* work() {
      yield* Task.sleep(5)
      throw new Error('worker failed')
    })
    const program = Task.gen(function* () {
      const named = yield* Task.spawn(worker, { name: 'worker' })
      return yield* named
    })
    const lines = Task.traceback(failureOf(program)).split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^ {4}at async work \(\S*traceback\.test\.ts:\d+:\d+\)$/)
    expect(lines[1]).toMatch(/^ {4}at async join worker in main \(\S*traceback\.test\.ts:\d+:\d+\)$/)
  })
})

describe('crossings', () => {
  const boom = () => Task.gen(function* child() {
    yield* Task.cede
    throw new Error('boom')
  })
  const labels = (error: unknown) => Task.traceback(error).split('\n').map((l) => /at async (.*?)(?: \(|$)/.exec(l)?.[1])

  it('shield names the shielded fiber', () => {
    const error = failureOf(Task.gen(function* () {
      return yield* Task.shield(boom())
    }))
    expect(labels(error)).toEqual(['child', 'shield of Task-2 in main'])
  })

  it('shield of a future says shield', async () => {
    const loop = new Loop({ clock: 'virtual' })
    const fut = loop.createFuture<number>()
    loop.callLater(5, () => fut.setException(new Error('from the future')))
    const error = await loop.runUntilComplete(Task.gen(function* () {
      return yield* Task.shield(fut)
    })).catch((e: unknown) => e)
    loop.close()
    expect(labels(error).at(-1)).toBe('shield in Task-1')
  })

  it('race names the winning child, 1-based', () => {
    const error = failureOf(Task.gen(function* () {
      return yield* Task.race([Task.never, boom()])
    }))
    expect(labels(error)).toEqual(['child', 'race child #2 of 2 in main'])
  })

  it("a task group's child is collected into the group's ExceptionGroup: its path ends at the group", () => {
    const error = failureOf(Task.gen(function* () {
      yield* Task.taskGroup((tg) => tg.spawn(boom(), { name: 'job' }))
    }))
    expect(error).toBeInstanceOf(ExceptionGroup)
    const child = (error as ExceptionGroup).errors[0]
    expect(labels(child)).toEqual(['child', 'taskGroup child job in main'])
  })

  it('a fiber with no coroutine that takes a failure across a join is itself the hop', () => {
    const loop = new Loop({ clock: 'virtual', exceptionHandler: () => {} })
    const inner = loop.createTask(boom(), { name: 'inner' })
    const outer = loop.createTask(Task.join(inner), { name: 'outer' })
    return loop.runUntilComplete(outer).catch((error: unknown) => {
      expect(labels(error)).toEqual(['child', 'join inner in outer'])
      expect(outer.traceback()).toBe(Task.traceback(error))
      expect(inner.traceback()!.split('\n')).toHaveLength(1)
    })
  })
})

describe('what has no path', () => {
  it('a failure caught inside the coroutine that threw it never left one: nothing is recorded', () => {
    const caught = new Error('caught')
    const outcome = runSync(Task.gen(function* () {
      try {
        yield* Task.cede
        throw caught
      } catch {
        return 'recovered'
      }
    }))
    expect(outcome).toEqual({ _tag: 'Succeeded', value: 'recovered' })
    expect(Task.traceback(caught)).toBe('')
  })

  it('cancellation is not a failure: a cancelled fiber has no traceback', () => {
    const loop = new Loop({ clock: 'virtual' })
    const fiber = loop.createTask(Task.gen(function* sleeper() {
      yield* Task.sleep(10)
    }))
    loop.callLater(1, () => fiber.cancel())
    return loop.runUntilComplete(fiber).catch((error: unknown) => {
      expect(error).toBeInstanceOf(CancelledError)
      expect(fiber.traceback()).toBeUndefined()
      expect(Task.traceback(error)).toBe('')
    })
  })

  it('a pending or succeeded fiber has no traceback', () => {
    const loop = new Loop({ clock: 'virtual' })
    const fiber = loop.createTask(Task.of(1))
    expect(fiber.traceback()).toBeUndefined()
    return loop.runUntilComplete(fiber).then(() => expect(fiber.traceback()).toBeUndefined())
  })
})

describe('failures that are not Errors', () => {
  it('a thrown string: fiber.traceback() gives its path across a join', () => {
    const loop = new Loop({ clock: 'virtual', exceptionHandler: () => {} })
    const inner = loop.createTask(Task.gen(function* refuse() {
      yield* Task.cede
      throw 'refused'
    }), { name: 'inner' })
    const outer = loop.createTask(Task.gen(function* wait() {
      return yield* inner
    }), { name: 'outer' })
    return loop.runUntilComplete(outer).catch((error: unknown) => {
      expect(error).toBe('refused')
      const lines = outer.traceback()!.split('\n')
      // a string has no stack to say where it was thrown; the yield* it passed through has a line
      expect(lines[0]).toBe('    at async refuse')
      expect(lines[1]).toMatch(/^ {4}at async join inner in wait \(\S*traceback\.test\.ts:\d+:\d+\)$/)
      expect(inner.traceback()!.split('\n')).toHaveLength(1)
    })
  })

  it('a frozen Error keeps its stack; Task.traceback and fiber.traceback still give the path', () => {
    const frozen = Object.freeze(new Error('frozen'))
    const stack = frozen.stack
    const loop = new Loop({ clock: 'virtual', exceptionHandler: () => {} })
    const fiber = loop.createTask(Task.gen(function* thaw() {
      yield* Task.cede
      throw frozen
    }))
    return loop.runUntilComplete(fiber).catch(() => {
      expect(frozen.stack).toBe(stack)
      // made outside the coroutine, its stack does not say where the coroutine threw it
      expect(Task.traceback(frozen)).toBe('    at async thaw')
      expect(fiber.traceback()).toBe(Task.traceback(frozen))
    })
  })
})

describe('reports', () => {
  it("the exception handler's context carries the traceback of a failure nobody retrieved", async () => {
    const reports: ExceptionContext[] = []
    const loop = new Loop({ clock: 'virtual', exceptionHandler: (ctx) => reports.push(ctx) })
    let fiber: Fiber | undefined
    await loop.runUntilComplete(Task.gen(function* () {
      fiber = yield* Task.spawn(Task.gen(function* lost() {
        yield* Task.cede
        throw 'nobody looks'
      }), { name: 'orphan' })
      yield* Task.sleep(5)
    }))
    loop.close()
    expect(reports).toHaveLength(1)
    expect(reports[0]!.message).toBe('Task exception was never retrieved')
    expect(reports[0]!.fiber).toBe(fiber)
    expect(reports[0]!.traceback).toBe('    at async lost')
  })
})

describe('the path grows as a failure travels, and stays bounded', () => {
  it('n nested coroutines give n lines, innermost first (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), (n) => {
        const level = (i: number): Task.Task<Error, never> =>
          Task.fn(`level${i}`, function* () {
            yield* Task.cede
            if (i === n) throw new Error('deepest')
            return yield* level(i + 1)
          })()
        const error = failureOf(level(1))
        const names = Task.traceback(error).split('\n').map((l) => /at async (\S+)/.exec(l)?.[1])
        expect(names).toEqual(Array.from({ length: n }, (_, k) => `level${n - k}`))
      }),
      { numRuns: 30 },
    )
  })

  it('one error object thrown again and again stops growing after MAX_HOPS hops', () => {
    const again = new Error('again')
    const throwIt = Task.gen(function* thrower() {
      yield* Task.cede
      throw again
    })
    for (let i = 0; i < 80; i++) failureOf(throwIt)
    const lines = Task.traceback(again).split('\n')
    expect(lines).toHaveLength(65)
    expect(lines[64]).toMatch(/the path is longer than 64 hops/)
  })
})

describe('the traceback in a report', () => {
  it('is added to a report of a failure that has one, and a traceback the report already carries is kept', () => {
    const reports: ExceptionContext[] = []
    const loop = new Loop({ clock: 'virtual', exceptionHandler: (ctx) => reports.push(ctx) })
    const error = new Error('deep')
    const fiber = loop.createTask(
      Task.gen(function* failing() {
        yield* Task.cede
        return yield* Task.fail(error)
      }),
    )
    runSyncUntil(loop, () => fiber.done())
    expect(fiber.exception()).toBe(error)
    loop.callExceptionHandler({ message: 'computed', error })
    loop.callExceptionHandler({ message: 'given', error, traceback: 'my own path' })
    loop.callExceptionHandler({ message: 'no error' })
    loop.callExceptionHandler({ message: 'another error', error: new Error('fresh') })
    expect(reports[0]!.traceback).toMatch(/failing/)
    expect(reports[1]!.traceback).toBe('my own path')
    expect('traceback' in reports[2]!).toBe(false)
    expect('traceback' in reports[3]!).toBe(false)
    loop.close()
  })
})

describe('failures of every kind', () => {
  it('a thrown function is an object: its path is kept with it, as for an Error, and nothing is added to it', () => {
    const thrown = Object.assign(() => 'not an Error', { code: 7 })
    const fiberTraceback = (failure: unknown): string | undefined => {
      const loop = new Loop({ clock: 'virtual', exceptionHandler: () => {} })
      const fiber = loop.createTask(Task.gen(function* thrower() {
        yield* Task.cede
        throw failure
      }))
      runSyncUntil(loop, () => fiber.done())
      return fiber.traceback()
    }
    expect(fiberTraceback(thrown)).toBe('    at async thrower')
    expect(Task.traceback(thrown)).toBe('    at async thrower')
    expect(Object.keys(thrown)).toEqual(['code'])
  })

  it('a thrown object with no stack keeps only its own properties: its path is in Task.traceback, never written into it', () => {
    const failure = { code: 1 }
    const outcome = runSync(
      Task.gen(function* reader() {
        yield* Task.cede
        throw failure
      }),
      { exceptionHandler: () => {} },
    )
    expect(outcome).toEqual({ _tag: 'Failed', error: { code: 1 } })
    expect(failure).toStrictEqual({ code: 1 })
    expect(Task.traceback(failure)).toBe('    at async reader')
  })

  it('a frozen failure is never written to, even through a stack setter; its path is still given', () => {
    const written: string[] = []
    const failure = Object.freeze({
      get stack() {
        return 'Frozen: with a setter'
      },
      set stack(text: string) {
        written.push(text)
      },
    })
    failureOf(Task.gen(function* freezer() {
      yield* Task.cede
      throw failure
    }))
    expect(written).toEqual([])
    expect(Task.traceback(failure)).toBe('    at async freezer')
  })
})

describe('where a hop is located', () => {
  it('a failure made outside any coroutine, passing through a yield* for the first time, is located at that yield*', () => {
    const made = new Error('made outside')
    const error = failureOf(Task.gen(function* passes() {
      yield* Task.cede
      yield* Task.fail(made) // PASSES THROUGH
    }))
    expect(error).toBe(made)
    expect(Task.traceback(made)).toMatch(new RegExp(`^ {4}at async passes \\(\\S*traceback\\.test\\.ts:${lineOf('PASSES THROUGH')}:\\d+\\)$`))
  })

  it('an error thrown again by a second coroutine, in a later step, is not located at its first throw', () => {
    const loop = new Loop({ clock: 'virtual', exceptionHandler: () => {} })
    const first = loop.createTask(Task.gen(function* first() {
      yield* Task.cede
      throw new Error('first') // FIRST THROW
    }))
    runSyncUntil(loop, () => first.done())
    const error = first.exception() as unknown as Error
    const second = loop.createTask(Task.gen(function* second() {
      yield* Task.cede
      throw error
    }))
    runSyncUntil(loop, () => second.done())
    expect(Task.traceback(error).split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^ {4}at async first \\(\\S*traceback\\.test\\.ts:${lineOf('FIRST THROW')}:\\d+\\)$`)),
      '    at async second',
    ])
  })
})

describe('crossings from plain futures', () => {
  it("a failure awaited from a loop's future crosses as 'future', for an Error or a string", () => {
    const loop = new Loop({ clock: 'virtual', exceptionHandler: () => {} })
    const failed = loop.createFuture<never, unknown>()
    const refused = loop.createFuture<never, unknown>()
    const error = new Error('from outside')
    failed.setException(error)
    refused.setException('refused')
    const awaiter = (future: typeof failed) =>
      loop.createTask(Task.gen(function* waiter() {
        yield* Task.cede
        return yield* future // AWAITS THE FUTURE
      }))
    const a = awaiter(failed)
    const b = awaiter(refused)
    runSyncUntil(loop, () => a.done() && b.done())
    const path = new RegExp(`^ {4}at async future in waiter \\(\\S*traceback\\.test\\.ts:${lineOf('AWAITS THE FUTURE')}:\\d+\\)$`)
    expect(a.exception()).toBe(error)
    expect(a.traceback()).toMatch(path)
    expect(Task.traceback(error)).toMatch(path)
    expect(b.exception()).toBe('refused')
    expect(b.traceback()).toMatch(path)
  })

  it('a CancelledError set as a future\'s exception is not a failure: it crosses fibers and gains no path', () => {
    const loop = new Loop({ clock: 'virtual', exceptionHandler: () => {} })
    const cancelled = new CancelledError('set as an exception')
    const stack = cancelled.stack
    const once = loop.createFuture<never, unknown>()
    const twice = loop.createFuture<never, unknown>()
    once.setException(cancelled)
    twice.setException(cancelled)
    const fiber = loop.createTask(Task.gen(function* waiter() {
      try {
        yield* once
      } catch {
        // taken, and the next future fails with the same object
      }
      yield* twice
    }))
    runSyncUntil(loop, () => fiber.done())
    expect(fiber.cancelled()).toBe(true)
    expect(Task.traceback(cancelled)).toBe('')
    expect(cancelled.stack).toBe(stack)
  })
})

describe('the traceback functions on their own', () => {
  it('a cancellation given to them as a failure records nothing: no hop, no crossing, no path for the fiber', () => {
    const cancelled = new CancelledError('not a failure')
    const parent = { name: 'parent' }
    const child = { name: 'child' }
    hopInto(child, cancelled, 'taskGroup child child', parent)
    crossedInto(parent, {}, cancelled)
    crossedInto(parent, {}, cancelled)
    fiberFailed(child, cancelled)
    expect(errorTraceback(cancelled)).toBe('')
    expect(fiberTraceback(child)).toBeUndefined()
    expect(fiberTraceback({})).toBeUndefined()
  })

  it('withTraceback adds the path only to a report object with a failure that has one, and no traceback of its own', () => {
    const loop = new Loop({ clock: 'virtual', exceptionHandler: () => {} })
    const error = new Error('traced')
    const fiber = loop.createTask(Task.gen(function* inner() {
      yield* Task.cede
      throw error
    }))
    const undefinedFailure = loop.createTask(Task.gen(function* silent() {
      yield* Task.cede
      throw undefined
    }))
    runSyncUntil(loop, () => fiber.done() && undefinedFailure.done())
    const outer = loop.createTask(Task.gen(function* outer() {
      return yield* fiber
    }))
    runSyncUntil(loop, () => outer.done())
    // the error went on past the fiber it ended: the fiber's report shows its path as it was then
    expect(Task.traceback(error).split('\n')).toHaveLength(2)
    expect(undefinedFailure.traceback()).toBe('    at async silent')
    const fn = Object.assign(() => {}, { message: 'a function', error })
    const reports: unknown[] = [
      null,
      'a string',
      fn,
      { message: 'own', error, traceback: 'my own path' },
      { message: 'no error' },
      { message: 'no error, a fiber that failed with undefined', fiber: undefinedFailure },
      { message: 'never thrown', error: new Error('fresh') },
      { message: 'of the fiber', error, fiber },
    ]
    const out = reports.map((r) => withTraceback(r as { message: string }))
    expect(out.slice(0, 7).map((r, i) => r === reports[i])).toEqual([true, true, true, true, true, true, true])
    expect(out[7]).toEqual({ message: 'of the fiber', error, fiber, traceback: '    at async inner' })
  })
})
