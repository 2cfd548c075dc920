/**
 * Context variables (ASYNCIO.md R29): a fiber starts with a copy of its creator's context; a
 * callback runs in the context captured when it was registered; `run(main, { context })`.
 */
import { pipe } from 'fp-ts/lib/function.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Context, ContextVar, InvalidStateError, Loop, LookupError, Task, Token, run, runSync } from '../lib/index.js'
import type { Fiber } from '../lib/index.js'
import { thrown } from './helpers.js'

const value = <A>(o: { _tag: string; value?: A; error?: unknown }): A | undefined => {
  if (o._tag !== 'Succeeded') throw new Error(`expected success, got ${o._tag}: ${String(o.error)}`)
  return o.value
}

describe('R29: a fiber starts with a copy of its creator’s context', () => {
  it('a set in a child is invisible to its parent and siblings; a set in the parent after a spawn is invisible to the child', () => {
    const v = new ContextVar<string>('v', { default: 'default' })
    const seen: string[] = []
    const log = (who: string) => Task.map((x: string) => void seen.push(`${who}=${x}`))(v.get)
    runSync(
      Task.gen(function* () {
        yield* v.set('parent')
        const child = (name: string) =>
          Task.gen(function* () {
            yield* log(`${name} at start`)
            yield* v.set(name)
            yield* Task.sleep(1)
            yield* log(`${name} later`)
          })
        const a = yield* Task.spawn(child('a'))
        const b = yield* Task.spawn(child('b'))
        yield* v.set('parent again') // before a and b take their first step
        yield* Task.join(a)
        yield* Task.join(b)
        yield* log('parent')
      }),
    )
    expect(seen).toEqual(['a at start=parent', 'b at start=parent', 'a later=a', 'b later=b', 'parent=parent again'])
  })

  it('nested spawns each see their creator’s value at creation; a spawn copies a pointer, not the map', () => {
    const depth = new ContextVar<number>('depth', { default: 0 })
    const contexts: unknown[] = []
    const nest = (n: number): Task.Task<never, number[]> =>
      Task.gen(function* () {
        const here = yield* depth.get
        contexts.push(((yield* Task.currentFiber) as unknown as { context: unknown }).context)
        if (n === 0) return [here]
        const child = yield* Task.spawn(nest(n - 1))
        yield* depth.set(here + 1) // after the spawn: the child does not see it
        const below = yield* Task.join(child)
        return [here, ...below]
      })
    expect(value(runSync(depth.locally(5)(nest(3))))).toEqual([5, 5, 5, 5])
    // each child took its first step before its parent's set: they share one map
    expect(new Set(contexts).size).toBe(1)
  })

  it('children of a taskGroup, gather and race inherit the spawning fiber’s context', () => {
    const v = new ContextVar<string>('v')
    const out = runSync(
      v.locally('job-7')(
        Task.gen(function* () {
          const inGroup = (yield* Task.taskGroup((tg) => tg.spawn(v.get)))!
          const gathered = yield* Task.gather([v.get, Task.flatMap(() => v.get)(Task.sleep(1))])
          const raced = yield* Task.race([v.get])
          return [yield* inGroup, ...gathered, raced]
        }),
      ),
    )
    expect(value(out)).toEqual(['job-7', 'job-7', 'job-7', 'job-7'])
  })

  it('property: whatever the tree of spawns and sets, each fiber reads its own sets, else its creator’s value when it was created', () => {
    type Plan = { readonly sets: ReadonlyArray<number>; readonly children: ReadonlyArray<Plan>; readonly setAfterSpawn: number | null }
    const plan: fc.Memo<Plan> = fc.memo((d) =>
      fc.record({
        sets: fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 2 }),
        children: d > 1 ? fc.array(plan(d - 1), { maxLength: 3 }) : fc.constant([]),
        setAfterSpawn: fc.option(fc.integer({ min: 100, max: 199 })),
      }),
    )
    fc.assert(
      fc.property(plan(3), fc.option(fc.integer({ min: -9, max: -1 })), (root, initial) => {
        const v = new ContextVar<number>('v', { default: -100 })
        const observed: number[] = []
        const expected: number[] = []
        // the model: what each fiber must read, in the order the fibers read it (depth first)
        const model = (p: Plan, inherited: number): void => {
          const own = p.sets.length > 0 ? p.sets[p.sets.length - 1]! : inherited
          expected.push(own)
          for (const c of p.children) model(c, own)
        }
        model(root, initial ?? -100)
        const program = (p: Plan): Task.Task<never, void> =>
          Task.gen(function* () {
            for (const s of p.sets) yield* v.set(s)
            const own = yield* v.get
            observed.push(own)
            for (const c of p.children) {
              const child: Fiber<never, void> = yield* Task.spawn(program(c))
              if (p.setAfterSpawn !== null) yield* v.set(p.setAfterSpawn) // before the child's first step
              yield* Task.join(child)
              yield* v.set(own)
            }
          })
        runSync(program(root), initial === null ? {} : { context: Context.empty.with(v, initial) })
        expect(observed).toEqual(expected)
      }),
      { numRuns: 200 },
    )
  })
})

describe('R29: a callback runs in the context captured when it was registered', () => {
  it('callSoon, callLater, callAt and addDoneCallback: a fiber they create starts from the registering fiber’s context', () => {
    const v = new ContextVar<string>('v', { default: 'none' })
    const seen: string[] = []
    const report = (who: string) => Task.map((x: string) => void seen.push(`${who}: ${x}`))(v.get)
    runSync(
      Task.gen(function* () {
        const loop = yield* Task.getRunningLoop
        const token = yield* v.set('registered')
        const spawnFrom = (who: string) => () => void loop.createTask(report(who))
        loop.callSoon(spawnFrom('callSoon'))
        loop.callLater(1, spawnFrom('callLater'))
        loop.callAt(2, spawnFrom('callAt'))
        const future = loop.createFuture<number>()
        future.addDoneCallback(spawnFrom('addDoneCallback'))
        yield* v.reset(token) // back to 'none' before any callback runs
        yield* v.set('changed')
        loop.callSoon(() => future.setResult(1))
        yield* Task.sleep(5)
      }),
    )
    expect([...seen].sort()).toEqual(['addDoneCallback: registered', 'callAt: registered', 'callLater: registered', 'callSoon: registered'])
  })

  it('a callback registered outside any fiber runs in the empty context; removeDoneCallback still finds a bound callback', () => {
    const v = new ContextVar<string>('v', { default: 'none' })
    const seen: string[] = []
    const loop = new Loop({ clock: 'virtual' })
    loop.callSoon(() => void loop.createTask(Task.map((x: string) => void seen.push(x))(v.get)))
    const future = loop.createFuture<number>()
    let calls = 0
    const cb = () => void calls++
    const main = v.locally('inside')(
      Task.gen(function* () {
        future.addDoneCallback(cb)
        future.addDoneCallback(cb)
        expect(future.removeDoneCallback(cb)).toBe(2)
        future.setResult(1)
        yield* Task.sleep(1)
      }),
    )
    void loop.runUntilComplete(main)
    return loop.runUntilComplete(Task.sleep(2)).then(() => {
      loop.close()
      expect(seen).toEqual(['none'])
      expect(calls).toBe(0)
    })
  })
})

describe('run(main, { context }) and Context', () => {
  it('main starts in the given context; Context.current hands one run’s context to another', async () => {
    const user = new ContextVar<string>('user', { default: 'anonymous' })
    const context = Context.empty.with(user, 'ada')
    expect(await run(user.get, { clock: 'virtual', context })).toBe('ada')
    expect(value(runSync(user.get, { context }))).toBe('ada')
    expect(value(runSync(user.get))).toBe('anonymous')
    const captured = value(runSync(user.locally('grace')(Context.current)))!
    expect(captured.get(user)).toBe('grace')
    expect(value(runSync(user.get, { context: captured }))).toBe('grace')
    expect([context.has(user), Context.empty.has(user), context.size, String(context)]).toEqual([true, false, 1, 'Context<1 variable>'])
  })

  it('bad input is refused where it is given', () => {
    const v = new ContextVar<number>('v')
    expect(() => runSync(Task.of(1), { context: new Map() as never })).toThrow(/context must be a Context/)
    expect(() => Context.empty.with({} as never, 1)).toThrow(TypeError)
    expect(() => new ContextVar(42 as never)).toThrow(/name must be a string, got/)
    expect(() => new ContextVar('x', null as never)).toThrow(TypeError)
    expect(() => v.reset('token' as never)).toThrow(TypeError)
    expect(() => v.locally(1)('not a task' as never)).toThrow(TypeError)
  })
})

describe('get, set, reset, locally', () => {
  it('get without a value or a default fails with LookupError; getOr gives the fallback', () => {
    const v = new ContextVar<string>('requestId')
    const o = runSync(v.get)
    const error: unknown = o._tag === 'Failed' ? o.error : undefined
    expect(error instanceof LookupError && error.message).toBe("ContextVar 'requestId' has no value in this context and no default")
    expect(value(runSync(v.getOr(null)))).toBe(null)
    expect(value(runSync(v.locally('r-1')(v.getOr(null))))).toBe('r-1')
    const withDefault = new ContextVar('n', { default: undefined as number | undefined })
    expect(value(runSync(withDefault.get))).toBe(undefined)
  })

  it('reset puts back the value before the set, or unsets it; a token remembers the old value', () => {
    const v = new ContextVar<string>('v')
    const out = runSync(
      Task.gen(function* () {
        const t1 = yield* v.set('one')
        const t2 = yield* v.set('two')
        const old = [t1.oldValue === Token.MISSING, t2.oldValue, t2.var === v]
        yield* v.reset(t2)
        const afterFirst = yield* v.get
        yield* v.reset(t1)
        return [...old, afterFirst, yield* v.getOr('unset'), String(t1)]
      }),
    )
    expect(value(out)).toEqual([true, 'one', true, 'one', 'unset', "Token<ContextVar 'v' used>"])
  })

  it('asyncio’s errors: a token of another variable (RangeError, thrown by reset), used twice (InvalidStateError), reset in another fiber (RangeError)', () => {
    const v = new ContextVar<string>('v')
    const w = new ContextVar<string>('w')
    const tokenOfW = runSync(w.set('x'))
    expect(() => v.reset(value(tokenOfW) as never)).toThrow(RangeError)
    expect(() => v.reset(value(tokenOfW) as never)).toThrow("Token<ContextVar 'w'> was created by a different ContextVar than ContextVar 'v'")
    const twice = runSync(
      Task.gen(function* () {
        const t = yield* v.set('a')
        yield* v.reset(t)
        yield* v.reset(t)
      }),
    )
    expect(twice._tag === 'Failed' && (twice.error as unknown) instanceof InvalidStateError).toBe(true)
    const elsewhere = runSync(
      Task.gen(function* () {
        const t = yield* v.set('a')
        return yield* Task.join(yield* Task.spawn(v.reset(t)))
      }),
    )
    const error2: unknown = elsewhere._tag === 'Failed' ? elsewhere.error : undefined
    expect(error2 instanceof RangeError && error2.message).toMatch(/created in a different context \(fiber 'main', not 'Task-\d+'\)/)
  })

  it('locally puts the value back after success, failure and cancellation, and keeps the other variables’ sets', () => {
    const v = new ContextVar<string>('v', { default: 'outer' })
    const other = new ContextVar<string>('other', { default: 'unset' })
    const seen: string[] = []
    const after = Task.map((x: string) => void seen.push(x))(v.get)
    runSync(
      Task.gen(function* () {
        yield* v.locally('ok')(other.set('kept'))
        yield* after
        yield* Task.either(v.locally('failing')(Task.fail('boom')))
        yield* after
        const fiber = yield* Task.spawn(
          Task.gen(function* () {
            try {
              yield* v.locally('cancelled')(Task.never)
            } finally {
              yield* after
            }
          }),
        )
        yield* Task.cede
        fiber.cancel()
        yield* Task.gather([fiber], { returnExceptions: true })
        seen.push(yield* other.get)
      }),
    )
    expect(seen).toEqual(['outer', 'outer', 'outer', 'kept'])
  })

  it('a request id set once per job appears in every log line of that job, across spawns and queues', () => {
    const requestId = new ContextVar<string>('requestId', { default: '-' })
    const lines: string[] = []
    const log = (msg: string) => Task.map((id: string) => void lines.push(`[${id}] ${msg}`))(requestId.get)
    const job = (id: string, ms: number) =>
      requestId.locally(id)(
        Task.gen(function* () {
          yield* log('start')
          const child = yield* Task.spawn(pipe(Task.sleep(ms), Task.flatMap(() => log('child done'))))
          yield* Task.join(child)
          yield* log('end')
        }),
      )
    runSync(Task.asVoid(Task.gather([job('a', 2), job('b', 1)])))
    expect(lines).toEqual(['[a] start', '[b] start', '[b] child done', '[b] end', '[a] child done', '[a] end'])
  })
})

describe('ContextVar: every refusal says what was wrong', () => {
  it('names, options, tokens', () => {
    const v = new ContextVar<number>('v', { default: 1 })
    const w = new ContextVar<number>('w')
    const token = runSync(w.set(3))
    const refusals = {
      name: thrown(() => new ContextVar(1 as never)),
      options: thrown(() => new ContextVar('x', 1 as never)),
      optionsNull: thrown(() => new ContextVar('x', null as never)),
      reset: thrown(() => v.reset(1 as never)),
      resetOther: thrown(() => (token._tag === 'Succeeded' ? v.reset(token.value as never) : undefined)),
      resetTwice: (() => {
        const twice = runSync(
          Task.gen(function* () {
            const t = yield* v.set(2)
            yield* v.reset(t)
            yield* v.reset(t)
          }),
        )
        return twice._tag === 'Failed' ? `${(twice.error as Error).name}: ${(twice.error as Error).message}` : twice._tag
      })(),
      locally: thrown(() => v.locally(2)(42 as never)),
      contextWith: thrown(() => Context.empty.with(42 as never, 1)),
      contextGet: thrown(() => Context.empty.get('v' as never)),
      contextHas: thrown(() => Context.empty.has(null as never)),
      shown: [String(v), String(w), String(Context.empty), String(Context.empty.with(v, 1)), String(Context.empty.with(v, 1).with(w, 2))],
    }
    expect(refusals).toMatchInlineSnapshot(`
      {
        "contextGet": "TypeError: Context.get expects a ContextVar, got the string "v"",
        "contextHas": "TypeError: Context.has expects a ContextVar, got null",
        "contextWith": "TypeError: Context.with expects a ContextVar, got number 42",
        "locally": "TypeError: ContextVar 'v'.locally expects a Task, got number 42",
        "name": "TypeError: new ContextVar: name must be a string, got number 1",
        "options": "TypeError: new ContextVar("x", options): options must be an object, got number 1",
        "optionsNull": "TypeError: new ContextVar("x", options): options must be an object, got null",
        "reset": "TypeError: ContextVar 'v'.reset expects a Token (from set), got number 1",
        "resetOther": "RangeError: Token<ContextVar 'w'> was created by a different ContextVar than ContextVar 'v'",
        "resetTwice": "InvalidStateError: Token<ContextVar 'v' used> has already been used once",
        "shown": [
          "ContextVar 'v'",
          "ContextVar 'w'",
          "Context<0 variables>",
          "Context<1 variable>",
          "Context<2 variables>",
        ],
      }
    `)
  })
})
