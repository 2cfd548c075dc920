/**
 * Coroutines as the fiber enters and leaves them: what `Task.gen` accepts from a body, how a
 * coroutine that is not a plain generator is stepped, where a failure that leaves a coroutine
 * is located in its traceback, and what a continuation or a foreign operation may give back.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { Loop, Task, runSync } from '../../lib/index.js'
import { ending, runVirtual } from '../helpers.js'

/** The line of this file that holds `marker` (written once, in a comment). */
const lineOf = (marker: string): number =>
  readFileSync(fileURLToPath(import.meta.url), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(`// ${marker}`)) + 1

/** A traceback with each site cut down to `file:line` (the directory and column vary with the checkout). */
const shortSites = (traceback: string | undefined): string | undefined => traceback?.replace(/\(\S*\/([^/\s]+):(\d+):\d+\)/g, '($1:$2)')

/** The failure that ended `task`, which must fail. */
const failureOf = (task: Task.Task<unknown, unknown>): unknown => {
  const o = runSync(task, { exceptionHandler: () => {} })
  if (o._tag !== 'Failed') throw new Error(`expected a failure, got ${o._tag}`)
  return o.error
}

/** The engine's own `next` of generator objects. */
const engineNext = (): ((this: unknown, v?: unknown) => IteratorResult<unknown>) => Object.getPrototypeOf(function* () {}).prototype.next

describe('what Task.gen accepts from its body', () => {
  it('refuses a body that returns no generator, whatever it returns, with a TypeError that names the value', () => {
    const withNullPrototype = Object.create(null) as object
    // not a generator, though it inherits the engine's generator `next`: it says it is an async iterator
    const asyncIterableWithGeneratorNext = Object.create({ next: engineNext(), [Symbol.asyncIterator]() { return this } }) as object
    const endings = {
      undefined: ending(Task.gen((() => undefined) as never)),
      null: ending(Task.gen((() => null) as never)),
      objectWithNullPrototype: ending(Task.gen((() => withNullPrototype) as never)),
      asyncIterableWithGeneratorNext: ending(Task.gen((() => asyncIterableWithGeneratorNext) as never)),
      iteratorResultNull: ending(Task.gen((() => ({ next: () => null, [Symbol.iterator]() { return this } })) as never)),
    }
    expect(endings).toMatchInlineSnapshot(`
      {
        "asyncIterableWithGeneratorNext": "failed: TypeError: Task.gen was given an async generator; Task.gen needs \`function*\` (await with yield*, not await)",
        "iteratorResultNull": "failed: TypeError: Task.gen: the iterator's next() returned null, not an iterator result ({ value, done })",
        "null": "failed: TypeError: Task.gen expects a generator function (function* () { … }), but it returned null",
        "objectWithNullPrototype": "failed: TypeError: Task.gen expects a generator function (function* () { … }), but it returned an object ([object Object])",
        "undefined": "failed: TypeError: Task.gen expects a generator function (function* () { … }), but it returned undefined",
      }
    `)
  })

  it('runs a hand-written iterator (no generator) to its value, awaiting each task it yields', () => {
    const steps = [Task.of(1), Task.sleep(10).pipe(Task.as(2))]
    const handWritten = () => {
      let i = 0
      let sum = 0
      return {
        next: (v?: unknown) => {
          if (i > 0) sum += v as number
          return i < steps.length ? { done: false, value: steps[i++] } : { done: true, value: sum }
        },
        [Symbol.iterator]() { return this },
      }
    }
    expect(runVirtual(Task.gen(handWritten as never))).toMatchObject({ outcome: { _tag: 'Succeeded', value: 3 }, elapsed: 10 })
  })

  it('a hand-written iterator with no throw method ends with the failure or the cancellation of the task it awaited', () => {
    /** An iterator that yields `task` once and has no `throw`: what `task` ends with cannot be thrown in. */
    const awaitingOnce = (task: Task.Task<unknown, unknown>) => () => ({
      next: () => ({ done: false, value: task }),
      [Symbol.iterator]() { return this },
    })
    const cancelledAt5 = Task.gen(function* () {
      const child = yield* Task.spawn(Task.gen(awaitingOnce(Task.never) as never))
      yield* Task.sleep(5)
      child.cancel('stop')
      return yield* child
    })
    expect({
      failure: ending(Task.gen(awaitingOnce(Task.fail(new RangeError('boom'))) as never)),
      cancellation: ending(cancelledAt5),
    }).toMatchInlineSnapshot(`
      {
        "cancellation": "cancelled: stop",
        "failure": "failed: RangeError: boom",
      }
    `)
  })
})

describe('where a failure that leaves a coroutine is located (its traceback)', () => {
  it('a failure a coroutine raises before its first await is located at its throw', () => {
    const error = failureOf(
      Task.gen(function* parse() {
        throw new Error('bad header') // raised before any await
      }),
    )
    expect(shortSites(Task.traceback(error))).toBe(`    at async parse (fiberCoroutines.test.ts:${lineOf('raised before any await')})`)
  })

  it('a failure that passes through a coroutine is located at its yield*, and one it raises instead at its throw', () => {
    const made = new Error('disk full') // made outside any coroutine: its stack names no coroutine line
    const passing = failureOf(
      Task.gen(function* save() {
        yield* Task.fail(made) // passes through save
      }),
    )
    const replaced = failureOf(
      Task.gen(function* load() {
        try {
          yield* Task.fail(new Error('inner')) // caught by load
        } catch {
          throw new Error('cannot load') // raised by load
        }
      }),
    )
    expect([shortSites(Task.traceback(passing)), shortSites(Task.traceback(replaced)), (replaced as Error).message]).toEqual([
      `    at async save (fiberCoroutines.test.ts:${lineOf('passes through save')})`,
      `    at async load (fiberCoroutines.test.ts:${lineOf('raised by load')})`,
      'cannot load',
    ])
  })

  it('a coroutine that yields what it cannot await is a hop of the refusal’s traceback, whatever it yielded; one that catches the refusal may raise its own failure', () => {
    /** The refusal's message and traceback. */
    const refusal = (task: Task.Task<unknown, unknown>) => {
      const error = failureOf(task) as Error
      return `${error.constructor.name}: ${error.message} | ${shortSites(Task.traceback(error))}`
    }
    const rows = {
      aNumber: refusal(
        Task.gen(function* yieldsANumber() {
          yield 5 as never
        }),
      ),
      // a value whose description says "throw" is still a plain refusal that passes through
      aStringSayingThrow: refusal(
        Task.gen(function* yieldsText() {
          yield 'throw' as never
        }),
      ),
      caughtAndReplaced: refusal(
        Task.gen(function* replacesTheRefusal() {
          try {
            yield 5 as never
          } catch {
            throw new Error('will not throw that: 5 is no task') // raised by replacesTheRefusal
          }
        }),
      ),
    }
    const refused = (value: string) =>
      `TypeError: Task.gen: the coroutine yielded ${value}, which is not a Task, a Fiber or a Future; await with yield* (a yield* of an array or another iterable yields its elements)`
    expect(rows).toEqual({
      aNumber: `${refused('number 5')} |     at async yieldsANumber`,
      aStringSayingThrow: `${refused('the string "throw"')} |     at async yieldsText`,
      caughtAndReplaced: `Error: will not throw that: 5 is no task |     at async replacesTheRefusal (fiberCoroutines.test.ts:${lineOf('raised by replacesTheRefusal')})`,
    })
  })

  it('a loop not in debug mode shows no await sites, even after a debug-mode run in the same process', () => {
    expect(runSync(Task.gen(function* () { yield* Task.cede }), { debug: true })._tag).toBe('Succeeded')
    // host code that steps a coroutine by hand, outside any loop, after the debug-mode run
    const byHand = (function* () {
      yield* Task.unit
    })()
    byHand.next()
    const parse = Task.gen(function* parse() {
      yield* Task.cede
      throw 'bad input'
    })
    // the spawned coroutine is the first to await in this run
    const traceback = pipe(
      Task.spawn(parse),
      Task.flatMap((fiber) => pipe(Task.sleep(1), Task.map(() => fiber.traceback()))),
    )
    expect(runSync(traceback, { exceptionHandler: () => {} })).toEqual({ _tag: 'Succeeded', value: '    at async parse' })
  })
})

describe('what a continuation or a foreign operation may give back', () => {
  it('a continuation that returns a Future or a Fiber has it awaited', async () => {
    const loop = new Loop({ clock: 'virtual' })
    const future = loop.createFuture<string>()
    loop.callLater(10, () => future.setResult('from a future'))
    const both = Task.gen(function* () {
      const viaFuture = yield* pipe(Task.unit, Task.flatMap(() => future as never))
      const child = yield* Task.spawn(Task.sleep(5).pipe(Task.as('from a fiber')))
      const viaFiber = yield* pipe(Task.unit, Task.flatMap(() => child as never))
      return [viaFuture, viaFiber, yield* Task.now]
    })
    expect(await loop.runUntilComplete(both)).toEqual(['from a future', 'from a fiber', 15])
  })

  it('a foreign operation that throws after it resumed keeps its result, and the late throw is reported with the operation’s name', () => {
    const { outcome, reports } = runVirtual(
      Task.callback<never, number>(function register(resume) {
        resume(Task.of(1))
        throw new Error('late')
      }),
    )
    expect([outcome, reports.map((r) => [r.message, (r.error as Error).message])]).toEqual([
      { _tag: 'Succeeded', value: 1 },
      [['Task.callback(register) threw after its wait had ended', 'late']],
    ])
  })

  it('awaiting a future of another loop fails with a LoopError that names the fiber and the future', () => {
    const other = new Loop({ clock: 'virtual' })
    const foreign = other.createFuture<number>()
    expect(ending(Task.spawn(Task.join(foreign), { name: 'reader' }).pipe(Task.flatMap((f) => Task.join(f))))).toMatchInlineSnapshot(`"failed: LoopError: reader cannot await a Future: it belongs to a different loop"`)
    const foreignFiber = other.createTask(Task.never, { name: 'elsewhere' })
    expect(ending(Task.spawn(Task.join(foreignFiber), { name: 'reader' }).pipe(Task.flatMap((f) => Task.join(f))))).toBe("failed: LoopError: reader cannot await fiber 'elsewhere': it belongs to a different loop")
    foreignFiber.cancel()
    other.close()
  })
})
