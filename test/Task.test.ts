/**
 * Task constructors and sequencing (SPEC §1), section by section.
 */
import { pipe } from 'fp-ts/lib/function.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CancelledError, Loop, Task, run, runSync } from '../lib/index.js'
import { runVirtual } from './helpers.js'

describe('constructors', () => {
  it('succeed/of, fail, unit', () => {
    expect(runSync(Task.succeed(1))).toEqual({ _tag: 'Succeeded', value: 1 })
    expect(runSync(Task.of('a'))).toEqual({ _tag: 'Succeeded', value: 'a' })
    expect(runSync(Task.fail('e'))).toEqual({ _tag: 'Failed', error: 'e' })
    expect(runSync(Task.unit)).toEqual({ _tag: 'Succeeded', value: undefined })
  })

  it('sync runs its thunk each time the task runs, never when it is built', () => {
    let n = 0
    const t = Task.sync(() => ++n)
    expect(n).toBe(0)
    runSync(t)
    runSync(t)
    expect(n).toBe(2)
  })

  it('tryCatch maps a throw to a typed error', () => {
    const parse = (s: string) => Task.tryCatch(() => JSON.parse(s) as unknown, () => 'bad json')
    expect(runSync(parse('[1]'))).toEqual({ _tag: 'Succeeded', value: [1] })
    expect(runSync(parse('{'))).toEqual({ _tag: 'Failed', error: 'bad json' })
  })

  it('suspend defers building the task until it runs', () => {
    let built = 0
    const t = Task.suspend(() => {
      built++
      return Task.of(built)
    })
    expect(built).toBe(0)
    expect(runSync(t)).toEqual({ _tag: 'Succeeded', value: 1 })
  })

  it('promise: resolution succeeds, rejection fails', async () => {
    expect(await run(Task.promise(() => Promise.resolve(5)), { clock: 'virtual' })).toBe(5)
    await expect(run(Task.promise(() => Promise.reject(new Error('no'))), { clock: 'virtual' })).rejects.toThrow('no')
  })

  it('promise: cancellation aborts the signal handed to the operation', async () => {
    let signal: AbortSignal | undefined
    const t = Task.promise((s) => {
      signal = s
      return new Promise<never>(() => {})
    })
    const main = Task.gen(function* () {
      const f = yield* Task.spawn(t)
      yield* Task.sleep(10)
      f.cancel('enough')
      try {
        yield* f
      } catch (e) {
        return e instanceof CancelledError
      }
    })
    expect(await run(main, { clock: 'virtual' })).toBe(true)
    expect(signal!.aborted).toBe(true)
    expect(signal!.reason).toBeInstanceOf(CancelledError)
  })

  it('callback: only the first resume counts', async () => {
    let resume!: (t: Task.Task<never, number>) => void
    const t = Task.callback<never, number>((r) => {
      resume = r
    })
    const loop = new Loop({ clock: 'virtual' })
    const f = loop.createTask(t)
    loop.callLater(5, () => {
      resume(Task.of(1))
      resume(Task.of(2))
    })
    expect(await loop.runUntilComplete(f)).toBe(1)
    loop.close()
  })

  it('callback: a register that throws fails the task', () => {
    const r = runSync(Task.callback(() => {
      throw new Error('register failed')
    }))
    expect(r).toMatchObject({ _tag: 'Failed', error: new Error('register failed') })
  })

  it('sleep: NaN or a non-number is a TypeError thrown at the call; Infinity never resumes', () => {
    expect(() => Task.sleep(Number.NaN)).toThrow(/Task.sleep expects a number/)
    expect(() => Task.sleep('1' as never)).toThrow(TypeError)
    expect(() => runSync(Task.sleep(Infinity))).toThrow(/Task.never/)
  })

  it('never ends only by cancellation', () => {
    expect(() => runSync(Task.never)).toThrow(/deadlock/)
  })

  it('getRunningLoop, currentFiber and now read the running fiber', async () => {
    const loop = new Loop({ clock: 'virtual' })
    const t = Task.gen(function* () {
      yield* Task.sleep(25)
      return [yield* Task.getRunningLoop, (yield* Task.currentFiber).name, yield* Task.now] as const
    })
    const [l, name, now] = await loop.runUntilComplete(loop.createTask(t, { name: 'reader' }))
    expect([l === loop, name, now]).toEqual([true, 'reader', 25])
    loop.close()
  })

  it('constructors reject bad input with a TypeError naming the function', () => {
    expect(() => Task.sync(1 as never)).toThrow(/Task.sync expects a function/)
    expect(() => Task.gen(null as never)).toThrow(/Task.gen expects a function/)
    expect(() => Task.spawn({} as never)).toThrow(/Task.spawn expects a Task/)
    expect(() => Task.map(3 as never)).toThrow(TypeError)
    expect(() => Task.gather(5 as never)).toThrow(/Task.gather expects an array/)
    expect(() => Task.gather([1 as never])).toThrow(/item 0 is not a Task/)
    expect(() => Task.gather(Task.of(1) as never)).toThrow(/got a single one/)
  })

  it('default fiber names are Task-<n>', () => {
    const r = runSync(pipe(Task.spawn(Task.unit), Task.map((f) => f.name)))
    expect(r).toMatchObject({ value: expect.stringMatching(/^Task-\d+$/) })
  })
})

describe('sequencing', () => {
  const laws = fc.integer()
  it('map, as, asVoid, flatten, zip, tap', () => {
    fc.assert(
      fc.property(laws, (n) => {
        expect(runSync(pipe(Task.of(n), Task.map((x) => x * 2)))).toEqual({ _tag: 'Succeeded', value: n * 2 })
        expect(runSync(pipe(Task.of(n), Task.as('x')))).toEqual({ _tag: 'Succeeded', value: 'x' })
        expect(runSync(pipe(Task.of(n), Task.asVoid))).toEqual({ _tag: 'Succeeded', value: undefined })
        expect(runSync(Task.flatten(Task.of(Task.of(n))))).toEqual({ _tag: 'Succeeded', value: n })
        expect(runSync(pipe(Task.of(n), Task.zip(Task.of('b'))))).toEqual({ _tag: 'Succeeded', value: [n, 'b'] })
        const seen: number[] = []
        expect(runSync(pipe(Task.of(n), Task.tap((x) => Task.sync(() => seen.push(x)))))).toEqual({ _tag: 'Succeeded', value: n })
        expect(seen).toEqual([n])
      }),
      { numRuns: 50 },
    )
  })

  it('zip is sequential: the second starts after the first ends', () => {
    const r = runVirtual(pipe(Task.sleep(10), Task.zip(Task.sleep(20))))
    expect(r.elapsed).toBe(30)
  })

  it('failures short-circuit flatMap and map; catchAll/orElse recover; mapError and bimap map', () => {
    let ran = false
    const failed = pipe(Task.fail('e') as Task.Task<string, number>, Task.map(() => (ran = true)), Task.flatMap(() => Task.sync(() => (ran = true))))
    expect(runSync(failed)).toEqual({ _tag: 'Failed', error: 'e' })
    expect(ran).toBe(false)
    expect(runSync(pipe(Task.fail('e'), Task.catchAll((e) => Task.of(`got ${e}`))))).toEqual({ _tag: 'Succeeded', value: 'got e' })
    expect(runSync(pipe(Task.fail('e'), Task.orElse(() => Task.of(0))))).toEqual({ _tag: 'Succeeded', value: 0 })
    expect(runSync(pipe(Task.fail(2), Task.mapError((n) => n * 10)))).toEqual({ _tag: 'Failed', error: 20 })
    expect(runSync(pipe(Task.fail(2) as Task.Task<number, number>, Task.bimap(String, (a) => a + 1)))).toEqual({ _tag: 'Failed', error: '2' })
    expect(runSync(pipe(Task.of(2) as Task.Task<number, number>, Task.bimap(String, (a) => a + 1)))).toEqual({ _tag: 'Succeeded', value: 3 })
  })

  it('match, either and outcome materialise success and failure', () => {
    const m = Task.match({ onSuccess: (a: number) => `ok ${a}`, onFailure: (e: string) => `error ${e}` })
    expect(runSync(m(Task.of(1)))).toEqual({ _tag: 'Succeeded', value: 'ok 1' })
    expect(runSync(m(Task.fail('x')))).toEqual({ _tag: 'Succeeded', value: 'error x' })
    expect(runSync(Task.either(Task.of(1)))).toEqual({ _tag: 'Succeeded', value: { _tag: 'Right', right: 1 } })
    expect(runSync(Task.either(Task.fail('x')))).toEqual({ _tag: 'Succeeded', value: { _tag: 'Left', left: 'x' } })
    expect(runSync(Task.outcome(Task.fail('x')))).toEqual({ _tag: 'Succeeded', value: { _tag: 'Failed', error: 'x' } })
  })

  it('tasks are pipeable with .pipe(...) and iterable for yield*', () => {
    expect(runSync(Task.of(1).pipe(Task.map((n) => n + 1), Task.map((n) => n * 3)))).toEqual({ _tag: 'Succeeded', value: 6 })
    expect(typeof Task.of(1)[Symbol.iterator]).toBe('function')
  })
})

describe('argument checks at the call', () => {
  it('Task.gen(async function* …) is a TypeError at the call naming the mistake', () => {
    expect(() => Task.gen(async function* () {} as never)).toThrow(TypeError)
    expect(() => Task.gen(async function* () {} as never)).toThrow(/async generator.*function\*/)
    expect(() => Task.gen(async function () {} as never)).toThrow(/async function.*function\*/)
  })

  it('Task.join({}) is a TypeError at the call', () => {
    expect(() => Task.join({} as never)).toThrow(TypeError)
    expect(() => Task.join(undefined as never)).toThrow(/Task\.join expects a Fiber or a Future, got undefined/)
  })

  it('a non-Task argument where a Task is required is a TypeError at the call naming what was given', () => {
    const notTasks = [undefined, null, 42, { _tag: 0, value: 1 }]
    for (const bad of notTasks) {
      expect(() => Task.map((n: number) => n)(bad as never)).toThrow(TypeError)
      expect(() => Task.zip(bad as never)).toThrow(TypeError)
      expect(() => Task.tap(() => Task.unit)(bad as never)).toThrow(TypeError)
      expect(() => Task.flatMap(() => Task.unit)(bad as never)).toThrow(TypeError)
      expect(() => Task.as(1)(bad as never)).toThrow(TypeError)
      expect(() => Task.asVoid(bad as never)).toThrow(TypeError)
      expect(() => Task.either(bad as never)).toThrow(TypeError)
      expect(() => Task.catchAll(() => Task.unit)(bad as never)).toThrow(TypeError)
      expect(() => Task.ensuring(Task.unit)(bad as never)).toThrow(TypeError)
      expect(() => Task.ensuring(bad as never)).toThrow(TypeError)
    }
    expect(() => Task.map((n: number) => n)(undefined as never)).toThrow(/Task\.map.*got undefined/)
    expect(() => Task.zip(null as never)).toThrow(/Task\.zip.*got null/)
  })

  it('isTask is false for look-alikes', () => {
    expect(Task.isTask({ _tag: 0, value: 1 })).toBe(false)
    expect(Task.isTask(Task.of(1))).toBe(true)
  })
})

describe('spawn: what its errors say', () => {
  it('a name that is not a string is a TypeError naming Task.spawn', () => {
    expect(() => Task.spawn(Task.unit, { name: 7 as unknown as string })).toThrow(/^Task\.spawn: name must be a string$/)
  })
})
