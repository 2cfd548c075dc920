/**
 * The fiber's run loop: stack safety, fairness, user code that throws, coroutine protocol.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { Task, runSync } from '../../lib/index.js'
import { ending, makeLog, runVirtual, thrown } from '../helpers.js'
import { mutationRun } from '../mutationRun.js'

// 3·10⁴ frames already overflow any stack that is not trampolined; a mutation run uses that many
const N = mutationRun ? 30_000 : 1_000_000

describe('stack safety', () => {
  it('a left-nested chain of 10⁶ flatMaps runs without a RangeError', () => {
    let t: Task.Task<never, number> = Task.of(0)
    for (let i = 0; i < N; i++) t = pipe(t, Task.flatMap((x: number) => Task.of(x + 1)))
    expect(runSync(t)).toEqual({ _tag: 'Succeeded', value: N })
  })

  it('a right-nested recursion of 10⁶ flatMaps runs without a RangeError', () => {
    const loop = (n: number): Task.Task<never, number> => (n === 0 ? Task.of(0) : pipe(Task.of(n), Task.flatMap((k) => pipe(loop(k - 1), Task.map((s) => s + 1)))))
    expect(runSync(loop(N))).toEqual({ _tag: 'Succeeded', value: N })
  })

  it('a chain of 10⁶ maps runs without a RangeError', () => {
    let t: Task.Task<never, number> = Task.of(0)
    for (let i = 0; i < N; i++) t = pipe(t, Task.map((x: number) => x + 1))
    expect(runSync(t)).toEqual({ _tag: 'Succeeded', value: N })
  })

  it('a 10⁶-deep recursion through gen and yield* runs without a RangeError', () => {
    const depth = (n: number): Task.Task<never, number> =>
      Task.gen(function* () {
        if (n === 0) return 0
        return 1 + (yield* depth(n - 1))
      })
    expect(runSync(depth(N))).toEqual({ _tag: 'Succeeded', value: N })
  })

  it('a deep chain of catchAll and failures unwinds without a RangeError', () => {
    let t: Task.Task<number, number> = Task.fail(0)
    for (let i = 0; i < 100_000; i++) t = pipe(t, Task.catchAll((e: number) => Task.fail(e + 1)))
    expect(runSync(t)).toEqual({ _tag: 'Failed', error: 100_000 })
  })
})

describe('fairness', () => {
  it('two fibers that never suspend still interleave (the run loop cedes after a step budget)', () => {
    const { events, log } = makeLog()
    const busy = (name: string) => {
      let t: Task.Task<never, void> = Task.unit
      for (let i = 0; i < 20_000; i++) t = pipe(t, Task.flatMap(() => Task.unit))
      return pipe(log(`${name} start`), Task.flatMap(() => t), Task.flatMap(() => log(`${name} end`)))
    }
    runVirtual(Task.gather([busy('a'), busy('b')]))
    expect(events).toEqual(['a start', 'b start', 'a end', 'b end'])
  })

  it('a busy fiber does not starve a timer', () => {
    const { events, log } = makeLog()
    let stop = false
    const spin: Task.Task<never, number> = Task.suspend(() => (stop ? Task.of(0) : pipe(Task.unit, Task.flatMap(() => spin))))
    const main = Task.gen(function* () {
      const spinner = yield* Task.spawn(spin)
      yield* Task.sleep(0)
      yield* log('timer side ran')
      stop = true
      return yield* spinner
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: 0 })
    expect(events).toEqual(['timer side ran'])
  })
})

describe('user code that throws', () => {
  it('a throw in a thunk, a mapping function or a continuation fails the task with the thrown value', () => {
    const boom = new Error('boom')
    const thrower = (): never => {
      throw boom
    }
    expect(runSync(Task.sync(thrower))).toEqual({ _tag: 'Failed', error: boom })
    expect(runSync(pipe(Task.of(1), Task.map(thrower)))).toEqual({ _tag: 'Failed', error: boom })
    expect(runSync(pipe(Task.of(1), Task.flatMap(thrower)))).toEqual({ _tag: 'Failed', error: boom })
    expect(runSync(Task.suspend(thrower))).toEqual({ _tag: 'Failed', error: boom })
    expect(runSync(Task.gen(function* () { yield* Task.cede; throw boom }))).toEqual({ _tag: 'Failed', error: boom })
  })

  it('a continuation that returns something that is not a Task fails with a TypeError that says so', () => {
    const r = runSync(pipe(Task.of(1), Task.flatMap(() => 42 as never)))
    expect(r._tag).toBe('Failed')
    expect(String((r as { error: unknown }).error)).toMatch(/expected a Task.*number 42/)
  })

  it('a coroutine that yields a non-awaitable gets a TypeError thrown in at that point', () => {
    const r = runSync(
      Task.gen(function* () {
        try {
          yield 'not a task' as never
        } catch (e) {
          return (e as Error).message
        }
      }),
    )
    expect(r).toMatchObject({ _tag: 'Succeeded', value: expect.stringMatching(/yielded the string "not a task", which is not a Task/) })
  })
})

describe('coroutines', () => {
  it('a failure is thrown in at the yield*, so try/catch/finally work as in Python', () => {
    const { events, log } = makeLog()
    const r = runSync(
      Task.gen(function* () {
        try {
          yield* Task.fail('bad')
        } catch (e) {
          yield* log(`caught ${e}`)
        } finally {
          yield* log('finally')
        }
        return 'after'
      }),
    )
    expect(events).toEqual(['caught bad', 'finally'])
    expect(r).toEqual({ _tag: 'Succeeded', value: 'after' })
  })

  it('a task value is re-runnable: each run of a gen runs its body again', () => {
    let runs = 0
    const t = Task.gen(function* () {
      runs++
      yield* Task.cede
      return runs
    })
    expect(runSync(t)).toEqual({ _tag: 'Succeeded', value: 1 })
    expect(runSync(t)).toEqual({ _tag: 'Succeeded', value: 2 })
  })

  it('yield* on a done fiber does not suspend (R18)', () => {
    const { events, log } = makeLog()
    runSync(
      Task.gen(function* () {
        const f = yield* Task.spawn(Task.of(7))
        yield* Task.sleep(1)
        const other = yield* Task.spawn(log('other ran'))
        const v = yield* f // done: no suspension, so `other` has not run yet
        yield* log(`got ${v}`)
        yield* other
      }),
    )
    expect(events).toEqual(['got 7', 'other ran'])
  })
})

describe('foreign boundaries: the first of resume / throw wins, once', () => {
  it('callback: resume then throw — the first of resume/throw wins, once', () => {
    const reports: unknown[] = []
    const outcome = runSync(
      Task.gen(function* () {
        let caught: unknown = 'nothing'
        let got: unknown
        try {
          got = yield* Task.callback<never, string>((resume) => {
            resume(Task.of('STALE'))
            throw new Error('oops')
          })
        } catch (e) {
          caught = e
        }
        const w = yield* Task.spawn(pipe(Task.sleep(50), Task.as('real')))
        return [got, caught, yield* w, yield* Task.now]
      }),
      { exceptionHandler: (ctx) => reports.push(ctx.error) },
    )
    // resume came first: the wait ends with its task, and the stale wake-up never resurfaces
    expect(outcome).toEqual({ _tag: 'Succeeded', value: ['STALE', 'nothing', 'real', 50] })
    // the throw that lost is reported, not dropped
    expect(reports).toEqual([new Error('oops')])
  })

  it('callback: throw then resume — the throw wins and the late resume is ignored', () => {
    let late: ((t: Task.Task<never, string>) => void) | undefined
    const outcome = runSync(
      Task.gen(function* () {
        try {
          yield* Task.callback<never, string>((resume) => {
            late = resume
            throw new Error('first')
          })
        } catch (e) {
          late!(Task.of('late'))
          const w = yield* Task.spawn(pipe(Task.sleep(50), Task.as('real')))
          return [(e as Error).message, yield* w, yield* Task.now]
        }
        return 'unreachable'
      }),
    )
    expect(outcome).toEqual({ _tag: 'Succeeded', value: ['first', 'real', 50] })
  })

  it('promise: a thenable that resolves and then throws — the resolution wins, once', () => {
    const reports: unknown[] = []
    const thenable = {
      then(onValue: (a: string) => void) {
        onValue('value')
        throw new Error('thenable threw')
      },
    }
    const outcome = runSync(
      Task.gen(function* () {
        const got = yield* Task.promise(() => thenable as unknown as PromiseLike<string>)
        const w = yield* Task.spawn(pipe(Task.sleep(50), Task.as('real')))
        return [got, yield* w, yield* Task.now]
      }),
      { exceptionHandler: (ctx) => reports.push(ctx.error) },
    )
    expect(outcome).toEqual({ _tag: 'Succeeded', value: ['value', 'real', 50] })
    expect(reports).toEqual([new Error('thenable threw')])
  })
})

describe('a non-Task where a Task is required', () => {
  const failedWithTypeError = (t: Task.Task<unknown, unknown>, pattern: RegExp) => {
    const o = runSync(t)
    expect(o._tag).toBe('Failed')
    const error = (o as { error: unknown }).error
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toMatch(pattern)
  }

  it('flatMap returning undefined (a forgotten return) fails with a TypeError, not the previous value', () => {
    // eslint-disable-next-line @typescript-eslint/no-unused-expressions
    failedWithTypeError(pipe(Task.of(1), Task.flatMap(((n: number) => { Task.of(n) }) as never)), /undefined/)
  })

  it('flatMap returning null fails with a TypeError naming null', () => {
    failedWithTypeError(pipe(Task.of(1), Task.flatMap(() => null as never)), /expected a Task.*returned null/)
  })

  it('a look-alike object ({ _tag: 0, value }) is not a task', () => {
    failedWithTypeError(pipe(Task.of(1), Task.flatMap(() => ({ _tag: 0, value: 'fake' }) as never)), /not a Task|expected a Task/)
  })

  it('suspend(() => undefined) fails with a TypeError', () => {
    failedWithTypeError(Task.suspend(() => undefined as never), /undefined/)
  })

  it('tap and bind whose function returns undefined fail with a TypeError', () => {
    failedWithTypeError(pipe(Task.of(1), Task.tap(() => undefined as never)), /undefined/)
    failedWithTypeError(pipe(Task.Do, Task.bind('x', () => undefined as never)), /undefined/)
  })

  it('traverseArray whose function returns undefined fails with a TypeError', () => {
    failedWithTypeError(pipe([1, 2], Task.traverseArray(() => undefined as never)) as never, /undefined/)
  })

  it('resume(undefined) in a callback fails with a TypeError', () => {
    failedWithTypeError(Task.callback<never, number>((resume) => resume(undefined as never)), /undefined/)
  })

  it('a gen coroutine that yields a look-alike gets a TypeError thrown in', () => {
    failedWithTypeError(Task.gen(function* () { return yield { _tag: 0, value: 1 } as never }), /not a Task/)
  })
})

describe('gen: messages that name the mistake', () => {
  it('yield* of an array in a gen names the mistake (not "does not provide a throw method")', () => {
    const o = runSync(Task.gen(function* () { yield* [1, 2] as unknown as Task.Task<never, never> }) as Task.Task<unknown, unknown>)
    expect(o._tag).toBe('Failed')
    const error = (o as { error: Error }).error
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toMatch(/yielded number 1.*not a Task/)
  })

  it('an iterator whose next() returns undefined names the mistake', () => {
    const body = () => ({ next: () => undefined }) as never
    const o = runSync(Task.gen(body) as Task.Task<unknown, unknown>)
    expect(o._tag).toBe('Failed')
    expect((o as { error: Error }).error.message).toMatch(/next\(\) returned undefined/)
  })
})

describe('what a fiber says when it is given the wrong thing', () => {
  it('a coroutine that is not a generator, an async generator, a bad iterator result, a continuation with no task, a poll of a non-task', () => {
    const endings = {
      genOfAPlainFunction: ending(Task.gen((() => 42) as never)),
      genOfAnObjectWithoutNext: ending(Task.gen((() => ({ next: 1 })) as never)),
      genReturningAnAsyncIterator: ending(Task.gen((() => (async function* () {})()) as never)),
      iteratorResultNotAnObject: ending(Task.gen((() => ({ next: () => 7, [Symbol.iterator]() { return this } })) as never)),
      continuationReturnsNothing: ending(pipe(Task.unit, Task.flatMap(() => undefined as never))),
      continuationReturnsANumber: ending(pipe(Task.unit, Task.flatMap(() => 5 as never))),
      pollOfANumber: ending(Task.uncancellable((poll) => poll(42 as never))),
    }
    expect(endings).toMatchInlineSnapshot(`
      {
        "continuationReturnsANumber": "failed: TypeError: expected a Task, but a function given to taskloop (a continuation, a thunk, resume) returned number 5",
        "continuationReturnsNothing": "failed: TypeError: expected a Task, but a function given to taskloop (a continuation, a thunk, resume) returned undefined (a missing return?)",
        "genOfAPlainFunction": "failed: TypeError: Task.gen expects a generator function (function* () { … }), but it returned number 42",
        "genOfAnObjectWithoutNext": "failed: TypeError: Task.gen expects a generator function (function* () { … }), but it returned an object ([object Object])",
        "genReturningAnAsyncIterator": "failed: TypeError: Task.gen was given an async generator; Task.gen needs \`function*\` (await with yield*, not await)",
        "iteratorResultNotAnObject": "failed: TypeError: Task.gen: the iterator's next() returned number 7, not an iterator result ({ value, done })",
        "pollOfANumber": "failed: TypeError: poll expects a Task, got number 42",
      }
    `)
  })

  it('a Fiber refuses setResult and setException, says its name and state, and refuses a cancel message that is not a string', () => {
    const shown: string[] = []
    const refusals = runSync(
      Task.gen(function* () {
        const child = yield* Task.spawn(Task.sleep(10), { name: 'child' })
        const failing = yield* Task.spawn(Task.fail('e'), { name: 'failing' })
        const stopped = yield* Task.spawn(Task.never, { name: 'stopped' })
        shown.push(String(child))
        yield* Task.cede
        stopped.cancel()
        yield* Task.cede
        yield* Task.sleep(20)
        shown.push(String(child), String(failing), String(stopped))
        const refuse = (method: 'setResult' | 'setException', value: unknown) => thrown(() => (child[method] as (v: unknown) => void).call(child, value))
        return [refuse('setResult', 1), refuse('setException', 'x'), thrown(() => child.cancel(7 as never))]
      }),
    )
    expect([shown, refusals]).toMatchInlineSnapshot(`
      [
        [
          "Fiber<child pending>",
          "Fiber<child succeeded>",
          "Fiber<failing failed>",
          "Fiber<stopped cancelled>",
        ],
        {
          "_tag": "Succeeded",
          "value": [
            "InvalidStateError: a Fiber does not support setResult: its task sets its result",
            "InvalidStateError: a Fiber does not support setException: its task sets its result",
            "TypeError: fiber.cancel: the cancel message must be a string (or omitted), got number 7",
          ],
        },
      ]
    `)
  })
})

describe('a coroutine whose generator has a next of its own', () => {
  it('is resumed through that next, whether set on the generator function’s prototype or on the object', () => {
    const calls: string[] = []
    const engineNext = Object.getPrototypeOf(function* () {}).prototype.next as (this: Generator, v?: unknown) => IteratorResult<unknown>
    function* viaPrototype() {
      const a = yield* Task.of(1)
      return a + 1
    }
    viaPrototype.prototype.next = function (this: Generator, v?: unknown) {
      calls.push(`prototype next(${String(v)})`)
      return engineNext.call(this, v)
    }
    const viaObject = () => {
      const g = viaPrototypeless() as Generator<unknown, unknown, unknown>
      g.next = (v?: unknown) => {
        calls.push(`own next(${String(v)})`)
        return engineNext.call(g, v)
      }
      return g
    }
    function* viaPrototypeless() {
      return 10 + (yield* Task.of(2))
    }
    expect(runSync(Task.gen(viaPrototype))).toEqual({ _tag: 'Succeeded', value: 2 })
    expect(runSync(Task.gen(viaObject as never))).toEqual({ _tag: 'Succeeded', value: 12 })
    expect(calls).toEqual(['prototype next(undefined)', 'prototype next(1)', 'own next(undefined)', 'own next(2)'])
  })
})
