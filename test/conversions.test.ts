/**
 * Conversions to and from fp-ts (`IO`, `Either`, `Task`, `TaskEither`), and io-ts decoding at
 * the boundaries.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import * as t from 'io-ts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CancelledError, DecodeError, LoopError, Task } from '../lib/index.js'
import { refusal, runVirtual, virtualLoop } from './helpers.js'

describe('fromIO, fromEither', () => {
  it('fromIO runs the IO each time the task runs', () => {
    let n = 0
    const task = Task.fromIO(() => ++n)
    expect(n).toBe(0)
    expect(runVirtual(task).outcome).toEqual({ _tag: 'Succeeded', value: 1 })
    expect(runVirtual(task).outcome).toEqual({ _tag: 'Succeeded', value: 2 })
  })

  it('property: fromEither(e) then either gives back e', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything().map(E.left), fc.anything().map(E.right)), (e) => {
        expect(runVirtual(Task.either(Task.fromEither(e))).outcome).toEqual({ _tag: 'Succeeded', value: e })
      }),
      { numRuns: 100 },
    )
  })

  it('bad input is a TypeError where it is given', () => {
    expect(() => Task.fromIO('x' as never)).toThrow(TypeError)
    expect(() => Task.fromEither({ _tag: 'Maybe' } as never)).toThrow(/fp-ts Either/)
    expect(() => Task.fromTask(null as never)).toThrow(TypeError)
    expect(() => Task.fromTaskEither(1 as never)).toThrow(TypeError)
    expect(() => Task.toTaskEither('task' as never)).toThrow(TypeError)
  })
})

describe('fromTask, fromTaskEither', () => {
  it('a Right succeeds, a Left fails; the thunk is called each time the task runs', async () => {
    const { loop } = virtualLoop()
    let calls = 0
    const te: TE.TaskEither<string, number> = () => Promise.resolve(++calls % 2 === 1 ? E.right(calls) : E.left(`even ${calls}`))
    const task = Task.fromTaskEither(te)
    expect(calls).toBe(0)
    await expect(loop.runUntilComplete(task)).resolves.toBe(1)
    await expect(loop.runUntilComplete(task)).rejects.toBe('even 2')
    await expect(loop.runUntilComplete(Task.fromTask(() => Promise.resolve('ok')))).resolves.toBe('ok')
    loop.close()
  })

  it('a TaskEither built with fp-ts combinators converts as expected', async () => {
    const { loop } = virtualLoop()
    const te = pipe(
      TE.right<string, number>(20),
      TE.chain((n) => (n > 10 ? TE.left(`too big: ${n}`) : TE.right(n))),
    )
    await expect(loop.runUntilComplete(Task.either(Task.fromTaskEither(te)))).resolves.toEqual(E.left('too big: 20'))
    loop.close()
  })

  it('a rejected promise (which fp-ts says never happens) fails the task instead of escaping', async () => {
    const { loop } = virtualLoop()
    const boom = new Error('broke the contract')
    await expect(loop.runUntilComplete(Task.fromTask(() => Promise.reject(boom)))).rejects.toBe(boom)
    await expect(loop.runUntilComplete(Task.fromTaskEither(() => Promise.reject(boom)))).rejects.toBe(boom)
    // a thunk that returns no promise is a TypeError failure, not a throw
    await expect(loop.runUntilComplete(Task.fromTask((() => 42) as never))).rejects.toBeInstanceOf(TypeError)
    // a TaskEither that resolves with something that is not an Either fails with a TypeError
    await expect(loop.runUntilComplete(Task.fromTaskEither((() => Promise.resolve(42)) as never))).rejects.toBeInstanceOf(TypeError)
    loop.close()
  })

  it('cancelling stops waiting at once; the foreign promise runs on', async () => {
    const { loop } = virtualLoop()
    let finished = false
    const slow = Task.fromTask(
      () =>
        new Promise<string>((resolve) =>
          setTimeout(() => {
            finished = true
            resolve('late')
          }, 20),
        ),
    )
    const main = Task.gen(function* () {
      const fiber = yield* Task.spawn(slow)
      yield* Task.cede
      yield* Task.cede
      fiber.cancel()
      try {
        yield* fiber
        return 'not cancelled'
      } catch (e) {
        return e instanceof CancelledError ? 'cancelled' : 'other'
      }
    })
    await expect(loop.runUntilComplete(main)).resolves.toBe('cancelled')
    expect(finished).toBe(false)
    await new Promise((r) => setTimeout(r, 40))
    expect(finished).toBe(true)
    loop.close()
  })
})

describe('toTaskEither', () => {
  it('runs the task on a fresh loop each time it is invoked, not when built', async () => {
    let runs = 0
    const te = Task.toTaskEither(pipe(Task.sync(() => ++runs), Task.tap(() => Task.sleep(5))), { clock: 'virtual' })
    expect(runs).toBe(0)
    await expect(te()).resolves.toEqual(E.right(1))
    await expect(te()).resolves.toEqual(E.right(2))
  })

  it('a failure resolves with a Left; cancellation is not a failure, so it rejects with the CancelledError', async () => {
    await expect(Task.toTaskEither(Task.fail('nope'))()).resolves.toEqual(E.left('nope'))
    const selfCancel = Task.gen(function* () {
      const me = yield* Task.currentFiber
      me.cancel('stopped')
      yield* Task.cede
    })
    await expect(Task.toTaskEither(selfCancel, { clock: 'virtual' })()).rejects.toBeInstanceOf(CancelledError)
    await expect(Task.toTaskEither(Task.of(1), { signal: AbortSignal.abort() })()).rejects.toBeInstanceOf(CancelledError)
  })

  it('fromTaskEither(toTaskEither(t)) works inside a running loop, runSync included', () => {
    let runs = 0
    const t = pipe(Task.sync(() => ++runs), Task.tap(() => Task.sleep(5)))
    const r = runVirtual(Task.fromTaskEither(Task.toTaskEither(t)))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 1 })
    expect(r.elapsed).toBe(5)
    expect(runVirtual(Task.fromTaskEither(Task.toTaskEither(Task.fail('nope')))).outcome).toEqual({ _tag: 'Failed', error: 'nope' })
  })

  it('a TaskEither made by toTaskEither never throws: invoked inside a running loop, it runs the task as a fiber of that loop', async () => {
    const { loop } = virtualLoop()
    const te = Task.toTaskEither(pipe(Task.sleep(7), Task.as('x')), { clock: 'virtual' })
    const inside = Task.gen(function* () {
      let invoked: Promise<unknown> | undefined
      let threw: unknown
      yield* Task.sync(() => {
        try {
          invoked = te()
        } catch (e) {
          threw = e
        }
      })
      const value = yield* Task.promise(() => invoked!)
      return [threw, value, yield* Task.now]
    })
    await expect(loop.runUntilComplete(inside)).resolves.toEqual([undefined, E.right('x'), 7])
    loop.close()
    // from outside any loop, the same value works
    await expect(te()).resolves.toEqual(E.right('x'))
  })
})

describe('decode (io-ts at the boundaries)', () => {
  const User = t.type({ name: t.string, age: t.number, tags: t.array(t.string) })

  it('valid input succeeds with the decoded value', () => {
    const input = { name: 'Ada', age: 36, tags: ['math'] }
    expect(runVirtual(Task.decode(User)(input)).outcome).toEqual({ _tag: 'Succeeded', value: input })
  })

  it('malformed input fails with a DecodeError naming every failing path; nothing is thrown past the task', () => {
    const r = runVirtual(Task.decode(User)({ name: 1, age: 'old', tags: ['ok', 2] }))
    expect(r.outcome._tag).toBe('Failed')
    const error = (r.outcome as { error: unknown }).error
    expect(error).toBeInstanceOf(DecodeError)
    const message = (error as DecodeError).message
    expect(message).toMatch(/at \.name: expected string, got 1/)
    expect(message).toMatch(/at \.age: expected number, got "old"/)
    expect(message).toMatch(/at \.tags\.1: expected string, got 2/)
    expect((error as DecodeError).paths).toHaveLength(3)
  })

  it('property: decoding never throws past the task, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const r = runVirtual(Task.decode(User)(input))
        expect(r.outcome._tag === 'Succeeded' || (r.outcome._tag === 'Failed' && r.outcome.error instanceof DecodeError)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('a non-codec is a TypeError, thrown where it is given', () => {
    expect(() => Task.decode({} as never)('x')).toThrow(TypeError)
    expect(() => Task.decode(null as never)('x')).toThrow(/io-ts codec/)
  })

  it('decoding a fetched body composes with flatMap, and the DecodeError is typed', async () => {
    const { loop } = virtualLoop()
    const fetched = Task.fromTask(() => Promise.resolve({ name: 'Bob', age: 'unknown', tags: [] } as unknown))
    const user: Task.Task<DecodeError, t.TypeOf<typeof User>> = pipe(fetched, Task.flatMap(Task.decode(User)))
    await expect(loop.runUntilComplete(user)).rejects.toBeInstanceOf(DecodeError)
    loop.close()
  })
})

describe('conversions: what is refused, and how it reads', () => {
  it('each refusal names the function and the value, where the value is given', () => {
    expect(refusal(() => Task.fromIO(1 as never))).toEqual(['TypeError', 'Task.fromIO expects a function, got number 1'])
    expect(refusal(() => Task.fromTask(1 as never))).toEqual(['TypeError', 'Task.fromTask expects a function, got number 1'])
    expect(refusal(() => Task.fromTaskEither(1 as never))).toEqual(['TypeError', 'Task.fromTaskEither expects a function, got number 1'])
    expect(refusal(() => Task.toTaskEither(1 as never))).toEqual(['TypeError', 'Task.toTaskEither expects a Task, got number 1'])
    expect(refusal(() => Task.toTaskEither(Task.of(1), 42 as never))).toEqual(['TypeError', 'Task.toTaskEither: options must be an object, got number 42'])
    expect(refusal(() => Task.toTaskEither(Task.of(1), null as never))).toEqual(['TypeError', 'Task.toTaskEither: options must be an object, got null'])
    expect(refusal(() => Task.toTaskEither(Task.of(1), { signal: 1 } as never))).toEqual(['TypeError', 'Task.toTaskEither: signal must be an AbortSignal, got number 1'])
  })

  it('fromEither accepts a Left with a left or a Right with a right, and nothing else', () => {
    const notEither = (u: unknown) => refusal(() => Task.fromEither(u as never))
    for (const [u, shown] of [
      [null, 'null'],
      [undefined, 'undefined'],
      [{ left: 1 }, undefined],
      [{ right: 1 }, undefined],
      [{ _tag: 'Left' }, undefined],
      [{ _tag: 'Right' }, undefined],
      [{ _tag: 'Up', left: 1 }, undefined],
      [{ _tag: 'Up', right: 1 }, undefined],
      [Object.assign(() => 0, { _tag: 'Right', right: 1 }), undefined],
    ] as const) {
      const r = notEither(u)
      expect(r).not.toBe('no error')
      expect(r[0]).toBe('TypeError')
      expect(r[1]).toMatch(/^Task\.fromEither expects an fp-ts Either, got /)
      if (shown !== undefined) expect(r[1]).toBe(`Task.fromEither expects an fp-ts Either, got ${shown}`)
    }
    expect(runVirtual(Task.fromEither({ _tag: 'Left', left: undefined } as never)).outcome).toEqual({ _tag: 'Failed', error: undefined })
    expect(runVirtual(Task.fromEither({ _tag: 'Right', right: undefined } as never)).outcome).toEqual({ _tag: 'Succeeded', value: undefined })
  })

  it('fromTask: a thunk that returns no promise fails the task with a TypeError that says what it returned', () => {
    const failure = (returned: unknown) => {
      const o = runVirtual(Task.fromTask((() => returned) as never)).outcome
      return o._tag === 'Failed' ? [(o.error as Error).constructor.name, (o.error as Error).message] : [o._tag, '']
    }
    expect(failure(42)).toEqual(['TypeError', 'Task.fromTask: the thunk must return a promise, but returned number 42'])
    expect(failure(null)).toEqual(['TypeError', 'Task.fromTask: the thunk must return a promise, but returned null'])
    expect(failure({ then: 1 })).toEqual(['TypeError', 'Task.fromTask: the thunk must return a promise, but returned an object ([object Object])'])
    // a callable with a then method is not a promise either
    expect(failure(Object.assign(() => 0, { then: (ok: (a: unknown) => void) => ok(1) }))[0]).toBe('TypeError')
    // any object with a then method is awaited like a promise
    expect(runVirtual(Task.fromTask((() => ({ then: (ok: (a: unknown) => void) => ok(5) })) as never)).outcome).toEqual({ _tag: 'Succeeded', value: 5 })
  })

  it('fromTaskEither: a thunk that resolves to something other than an Either fails the task, saying what it got', async () => {
    const { loop } = virtualLoop()
    const error = await loop.runUntilComplete(Task.fromTaskEither((() => Promise.resolve(42)) as never)).catch((e: unknown) => e)
    expect([(error as Error).constructor.name, (error as Error).message]).toEqual(['TypeError', 'Task.fromTaskEither expects an fp-ts Either, got number 42'])
    loop.close()
  })

  it('a fiber waiting on fromTask or fromTaskEither shows the thunk by name in a dump, or "anonymous"', async () => {
    const { loop } = virtualLoop()
    loop.createTask(Task.fromTask(function fetchIt() {
      return new Promise<never>(() => {})
    }))
    loop.createTask(Task.fromTaskEither(() => new Promise<never>(() => {})))
    await loop.runUntilComplete(Task.sleep(1))
    const dump = loop.dump()
    expect(dump).toContain('waits on foreign promise (Task.fromTask(fetchIt))')
    expect(dump).toContain('waits on foreign promise (Task.fromTaskEither(anonymous))')
    loop.close()
  })

  it('fromTaskEither(toTaskEither(t, { signal })) keeps the signal: an abort cancels the run inside the loop', async () => {
    const controller = new AbortController()
    const te = Task.toTaskEither(pipe(Task.sleep(100), Task.as('late')), { signal: controller.signal })
    const main = Task.gen(function* () {
      yield* Task.spawn(pipe(Task.sleep(10), Task.tap(() => Task.sync(() => controller.abort('enough')))))
      return yield* Task.fromTaskEither(te)
    })
    const { loop } = virtualLoop()
    const error = await loop.runUntilComplete(main).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect([error instanceof CancelledError, (error as Error).cause, loop.time()]).toEqual([true, 'enough', 10])
    // already aborted: cancelled at once
    const again = await loop.runUntilComplete(Task.fromTaskEither(Task.toTaskEither(Task.of(1), { signal: AbortSignal.abort('no') }))).catch((e: unknown) => e)
    expect([again instanceof CancelledError, (again as Error).cause, loop.time()]).toEqual([true, 'no', 10])
    loop.close()
  })

  it('a TaskEither from another copy of the package (carrying the same mark) gives back its task', () => {
    const task = Task.of(1)
    const te = Object.defineProperty(() => Promise.resolve(E.right(2)), Symbol.for('taskloop/toTaskEither'), { value: { task, options: undefined } })
    expect(Task.fromTaskEither(te as never)).toBe(task)
  })

  it('toTaskEither: bad run options reject the promise (the TaskEither never throws)', async () => {
    const te = Task.toTaskEither(Task.of(1), { signals: 42 } as never)
    let threw: unknown
    let invoked: Promise<unknown> | undefined
    try {
      invoked = te()
    } catch (e) {
      threw = e
    }
    expect(threw).toBeUndefined()
    await expect(invoked).rejects.toBeInstanceOf(TypeError)
  })

  it('toTaskEither: process signals are left to the program unless asked for', async () => {
    const listeners = Task.sync(() => process.listenerCount('SIGINT'))
    const before = process.listenerCount('SIGINT')
    await expect(Task.toTaskEither(listeners, { clock: 'virtual' })()).resolves.toEqual(E.right(before))
    await expect(Task.toTaskEither(listeners, { clock: 'virtual', signals: ['SIGINT'] })()).resolves.toEqual(E.right(before + 1))
  })
})
