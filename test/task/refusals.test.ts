/**
 * Every Task function refuses a bad argument where it is given, with a TypeError or RangeError
 * whose message names the function (and which argument, where it takes several) and the value.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { Loop, Task, runSync } from '../../lib/index.js'
import type { Fiber } from '../../lib/index.js'
import { thrown } from '../helpers.js'
import { TestLoop } from '../../lib/testing/index.js'

const bad = 1 as never
const t = Task.unit

/** What each call throws, as `Class: message`. */
const cases: ReadonlyArray<readonly [string, () => unknown]> = [
  ['Task.sync', () => Task.sync(bad)],
  ['Task.tryCatch', () => Task.tryCatch(bad, () => 0)],
  ['Task.tryCatch (onThrow)', () => Task.tryCatch(() => 0, bad)],
  ['Task.suspend', () => Task.suspend(bad)],
  ['Task.promise', () => Task.promise(bad)],
  ['Task.callback', () => Task.callback(bad)],
  ['Task.sleep', () => Task.sleep('1' as never)],
  ['Task.map', () => Task.map(bad)],
  ['Task.map (task)', () => Task.map(() => 0)(bad)],
  ['Task.flatMap', () => Task.flatMap(bad)],
  ['Task.flatMap (task)', () => Task.flatMap(() => t)(bad)],
  ['Task.tap', () => Task.tap(bad)],
  ['Task.tap (task)', () => Task.tap(() => t)(bad)],
  ['Task.as', () => Task.as(1)(bad)],
  ['Task.asVoid', () => Task.asVoid(bad)],
  ['Task.flatten', () => Task.flatten(bad)],
  ['Task.zip', () => Task.zip(bad)],
  ['Task.zip (self)', () => Task.zip(t)(bad)],
  ['Task.mapError', () => Task.mapError(bad)],
  ['Task.mapError (task)', () => Task.mapError(() => 0)(bad)],
  ['Task.bimap', () => Task.bimap(bad, () => 0)],
  ['Task.bimap (second)', () => Task.bimap(() => 0, bad)],
  ['Task.bimap (task)', () => Task.bimap(() => 0, () => 0)(bad)],
  ['Task.catchAll', () => Task.catchAll(bad)],
  ['Task.catchAll (task)', () => Task.catchAll(() => t)(bad)],
  ['Task.match (onFailure)', () => Task.match({ onFailure: bad, onSuccess: () => 0 })],
  ['Task.match (onSuccess)', () => Task.match({ onFailure: () => 0, onSuccess: bad })],
  ['Task.match (task)', () => Task.match({ onFailure: () => 0, onSuccess: () => 0 })(bad)],
  ['Task.either', () => Task.either(bad)],
  ['Task.outcome', () => Task.outcome(bad)],
  ['Task.tapError', () => Task.tapError(bad)],
  ['Task.getOrElse', () => Task.getOrElse(bad)],
  ['Task.fromPredicate', () => Task.fromPredicate(bad, () => 0)],
  ['Task.fromPredicate (onFalse)', () => Task.fromPredicate(() => true, bad)],
  ['Task.filterOrElse', () => Task.filterOrElse(bad, () => 0)],
  ['Task.filterOrElse (onFalse)', () => Task.filterOrElse(() => true, bad)],
  ['Task.ensuring', () => Task.ensuring(bad)],
  ['Task.ensuring (task)', () => Task.ensuring(t)(bad)],
  ['Task.onCancel', () => Task.onCancel(bad)],
  ['Task.onCancel (task)', () => Task.onCancel(t)(bad)],
  ['Task.bracket (acquire)', () => Task.bracket(bad, () => t, () => t)],
  ['Task.bracket (use)', () => Task.bracket(t, bad, () => t)],
  ['Task.bracket (release)', () => Task.bracket(t, () => t, bad)],
  ['Task.uncancellable', () => Task.uncancellable(bad)],
  ['Task.forever', () => Task.forever(bad)],
  ['Task.delay', () => Task.delay('1' as never)],
  ['Task.delay (task)', () => Task.delay(1)(bad)],
  ['Task.timeoutTo', () => Task.timeoutTo(1, t)(bad)],
  ['Task.timeoutTo (fallback)', () => Task.timeoutTo(1, bad)],
  ['Task.traverseArray', () => Task.traverseArray(bad)],
  ['Task.traverseArrayWithIndex', () => Task.traverseArrayWithIndex(bad)],
  ['Task.traverseSeqArray', () => Task.traverseSeqArray(bad)],
  ['Task.traverseSeqArrayWithIndex', () => Task.traverseSeqArrayWithIndex(bad)],
  ['Task.bindTo', () => Task.bindTo(bad)],
  ['Task.bindTo (task)', () => Task.bindTo('a')(bad)],
  ['Task.bind', () => Task.bind(bad, () => t)],
  ['Task.bind (f)', () => Task.bind('a', bad)],
  ['Task.bind (task)', () => Task.bind('a', () => t)(bad)],
  ['Task.let', () => Task.let(bad, () => 0)],
  ['Task.let (f)', () => Task.let('a', bad)],
  ['Task.let (task)', () => pipe(bad, Task.let('a', () => 0))],
  ['Task.apS', () => Task.apS(bad, t)],
  ['Task.apS (second)', () => Task.apS('a', bad)],
  ['Task.apS (task)', () => Task.apS('a', t)(bad)],
  ['Task.timeoutTo (ms)', () => Task.timeoutTo('1' as never, t)],
  ['Task.match (no cases)', () => Task.match(undefined as never)],
  ['Task.traverseArray (array)', () => Task.traverseArray(() => t)(bad)],
  ['Task.traverseArrayWithIndex (array)', () => Task.traverseArrayWithIndex(() => t)(bad)],
  ['Task.traverseSeqArray (array)', () => Task.traverseSeqArray(() => t)(bad)],
  ['Task.traverseSeqArrayWithIndex (array)', () => Task.traverseSeqArrayWithIndex(() => t)(bad)],
  ['Task.sequenceArray', () => Task.sequenceArray(bad)],
  ['Task.sequenceSeqArray', () => Task.sequenceSeqArray(bad)],
  ['Task.fn', () => Task.fn(bad)],
  ['Task.fn (undefined)', () => Task.fn(undefined as never)],
  ['Task.fn (empty name)', () => Task.fn('', function* () {})],
  ['Task.fn (named, no body)', () => Task.fn('n', bad)],
  ['Task.fn (named)', () => Task.fn('n', function* () {})],
  ['Task.fn (unnamed)', () => Task.fn(function* () {})],
]

describe('bad arguments to Task functions', () => {
  it('each is refused where it is given, by a message that names the function and the value', () => {
    expect(Object.fromEntries(cases.map(([name, f]) => [name, thrown(f)]))).toMatchInlineSnapshot(`
      {
        "Task.apS": "TypeError: Task.apS expects a field name (a string), got number",
        "Task.apS (second)": "TypeError: Task.apS expects a Task, got number 1",
        "Task.apS (task)": "TypeError: Task.apS expects a Task, got number 1",
        "Task.as": "TypeError: Task.as expects a Task, got number 1",
        "Task.asVoid": "TypeError: Task.asVoid expects a Task, got number 1",
        "Task.bimap": "TypeError: Task.bimap expects a function, got number 1",
        "Task.bimap (second)": "TypeError: Task.bimap expects a function, got number 1",
        "Task.bimap (task)": "TypeError: Task.bimap expects a Task, got number 1",
        "Task.bind": "TypeError: Task.bind expects a field name (a string), got number",
        "Task.bind (f)": "TypeError: Task.bind expects a function, got number 1",
        "Task.bind (task)": "TypeError: Task.bind expects a Task, got number 1",
        "Task.bindTo": "TypeError: Task.bindTo expects a field name (a string), got number",
        "Task.bindTo (task)": "TypeError: Task.bindTo expects a Task, got number 1",
        "Task.bracket (acquire)": "TypeError: Task.bracket (acquire) expects a Task, got number 1",
        "Task.bracket (release)": "TypeError: Task.bracket (release) expects a function, got number 1",
        "Task.bracket (use)": "TypeError: Task.bracket (use) expects a function, got number 1",
        "Task.callback": "TypeError: Task.callback expects a function, got number 1",
        "Task.catchAll": "TypeError: Task.catchAll expects a function, got number 1",
        "Task.catchAll (task)": "TypeError: Task.catchAll expects a Task, got number 1",
        "Task.delay": "TypeError: Task.delay expects a number of milliseconds, got the string "1"",
        "Task.delay (task)": "TypeError: Task.delay expects a Task, got number 1",
        "Task.either": "TypeError: Task.either expects a Task, got number 1",
        "Task.ensuring": "TypeError: Task.ensuring expects a Task, got number 1",
        "Task.ensuring (task)": "TypeError: Task.ensuring expects a Task, got number 1",
        "Task.filterOrElse": "TypeError: Task.filterOrElse expects a function, got number 1",
        "Task.filterOrElse (onFalse)": "TypeError: Task.filterOrElse (onFalse) expects a function, got number 1",
        "Task.flatMap": "TypeError: Task.flatMap expects a function, got number 1",
        "Task.flatMap (task)": "TypeError: Task.flatMap expects a Task, got number 1",
        "Task.flatten": "TypeError: Task.flatten expects a Task, got number 1",
        "Task.fn": "TypeError: Task.fn expects a generator function, or a name and a generator function, got number 1",
        "Task.fn (empty name)": "TypeError: Task.fn: the name must not be empty",
        "Task.fn (named)": "no error",
        "Task.fn (named, no body)": "TypeError: Task.fn expects a function, got number 1",
        "Task.fn (undefined)": "TypeError: Task.fn expects a function, got undefined",
        "Task.fn (unnamed)": "no error",
        "Task.forever": "TypeError: Task.forever expects a Task, got number 1",
        "Task.fromPredicate": "TypeError: Task.fromPredicate expects a function, got number 1",
        "Task.fromPredicate (onFalse)": "TypeError: Task.fromPredicate (onFalse) expects a function, got number 1",
        "Task.getOrElse": "TypeError: Task.getOrElse expects a function, got number 1",
        "Task.let": "TypeError: Task.let expects a field name (a string), got number",
        "Task.let (f)": "TypeError: Task.let expects a function, got number 1",
        "Task.let (task)": "TypeError: Task.let expects a Task, got number 1",
        "Task.map": "TypeError: Task.map expects a function, got number 1",
        "Task.map (task)": "TypeError: Task.map expects a Task, got number 1",
        "Task.mapError": "TypeError: Task.mapError expects a function, got number 1",
        "Task.mapError (task)": "TypeError: Task.mapError expects a Task, got number 1",
        "Task.match (no cases)": "TypeError: Task.match (onSuccess) expects a function, got undefined",
        "Task.match (onFailure)": "TypeError: Task.match (onFailure) expects a function, got number 1",
        "Task.match (onSuccess)": "TypeError: Task.match (onSuccess) expects a function, got number 1",
        "Task.match (task)": "TypeError: Task.match expects a Task, got number 1",
        "Task.onCancel": "TypeError: Task.onCancel expects a Task, got number 1",
        "Task.onCancel (task)": "TypeError: Task.onCancel expects a Task, got number 1",
        "Task.outcome": "TypeError: Task.outcome expects a Task, got number 1",
        "Task.promise": "TypeError: Task.promise expects a function, got number 1",
        "Task.sequenceArray": "TypeError: Task.sequenceArray expects an array, got [object Number]",
        "Task.sequenceSeqArray": "TypeError: Task.sequenceSeqArray expects an array, got [object Number]",
        "Task.sleep": "TypeError: Task.sleep expects a number of milliseconds, got the string "1"",
        "Task.suspend": "TypeError: Task.suspend expects a function, got number 1",
        "Task.sync": "TypeError: Task.sync expects a function, got number 1",
        "Task.tap": "TypeError: Task.tap expects a function, got number 1",
        "Task.tap (task)": "TypeError: Task.tap expects a Task, got number 1",
        "Task.tapError": "TypeError: Task.tapError expects a function, got number 1",
        "Task.timeoutTo": "TypeError: Task.timeoutTo expects a Task, got number 1",
        "Task.timeoutTo (fallback)": "TypeError: Task.timeoutTo (fallback) expects a Task, got number 1",
        "Task.timeoutTo (ms)": "TypeError: Task.timeoutTo expects a number of milliseconds, got the string "1"",
        "Task.traverseArray": "TypeError: Task.traverseArray expects a function, got number 1",
        "Task.traverseArray (array)": "TypeError: Task.traverseArrayWithIndex expects an array, got [object Number]",
        "Task.traverseArrayWithIndex": "TypeError: Task.traverseArrayWithIndex expects a function, got number 1",
        "Task.traverseArrayWithIndex (array)": "TypeError: Task.traverseArrayWithIndex expects an array, got [object Number]",
        "Task.traverseSeqArray": "TypeError: Task.traverseSeqArray expects a function, got number 1",
        "Task.traverseSeqArray (array)": "TypeError: Task.traverseSeqArrayWithIndex expects an array, got [object Number]",
        "Task.traverseSeqArrayWithIndex": "TypeError: Task.traverseSeqArrayWithIndex expects a function, got number 1",
        "Task.traverseSeqArrayWithIndex (array)": "TypeError: Task.traverseSeqArrayWithIndex expects an array, got [object Number]",
        "Task.tryCatch": "TypeError: Task.tryCatch expects a function, got number 1",
        "Task.tryCatch (onThrow)": "TypeError: Task.tryCatch (onThrow) expects a function, got number 1",
        "Task.uncancellable": "TypeError: Task.uncancellable expects a function, got number 1",
        "Task.zip": "TypeError: Task.zip expects a Task, got number 1",
        "Task.zip (self)": "TypeError: Task.zip expects a Task, got number 1",
      }
    `)
  })
})

describe('what a foreign operation is handed, and what it must give back', () => {
  it('Task.promise: a function that returns no promise fails the task with a TypeError that says what it returned', () => {
    const failure = (returned: unknown) => {
      const o = runSync(Task.promise((() => returned) as never))
      return o._tag === 'Failed' ? `${(o.error as Error).constructor.name}: ${(o.error as Error).message}` : o._tag
    }
    expect(failure(42)).toBe('TypeError: Task.promise: the function must return a promise, but returned number 42')
    expect(failure(null)).toBe('TypeError: Task.promise: the function must return a promise, but returned null')
    expect(failure({ then: 1 })).toMatch(/^TypeError: Task.promise: the function must return a promise/)
    expect(failure(Object.assign(() => 0, { then: (ok: (a: unknown) => void) => ok(1) }))).toMatch(/^TypeError: Task.promise: the function must return a promise/)
  })

  it('Task.promise and Task.callback hand an AbortSignal only to a function that declares a parameter for it', async () => {
    const loop = new Loop({ clock: 'virtual' })
    const promised = await loop.runUntilComplete(
      Task.zip(Task.promise((signal) => Promise.resolve(signal instanceof AbortSignal)))(
        Task.promise(function () {
          // eslint-disable-next-line prefer-rest-params
          return Promise.resolve(arguments.length === 0 || arguments[0] === undefined)
        }),
      ),
    )
    expect(promised).toEqual([true, true])
    loop.close()
    const withSignal = runSync(Task.callback<never, boolean>((resume, signal) => resume(Task.of(signal instanceof AbortSignal))))
    const without = runSync(
      Task.callback<never, boolean>(function (resume) {
        // eslint-disable-next-line prefer-rest-params
        resume(Task.of(arguments[1] === undefined))
      }),
    )
    expect([withSignal, without]).toEqual([
      { _tag: 'Succeeded', value: true },
      { _tag: 'Succeeded', value: true },
    ])
  })

  it('Task.outcome gives each ending as a value', () => {
    expect(runSync(Task.outcome(Task.of(1)))).toEqual({ _tag: 'Succeeded', value: { _tag: 'Succeeded', value: 1 } })
    expect(runSync(Task.outcome(Task.fail('e')))).toEqual({ _tag: 'Succeeded', value: { _tag: 'Failed', error: 'e' } })
  })

  it('Task.fn with or without a name makes a function of tasks', () => {
    const named = Task.fn('twice', function* (n: number) {
      return n * 2
    })
    const unnamed = Task.fn(function* (n: number) {
      return n + 1
    })
    expect([runSync(named(2)), runSync(unnamed(2))]).toEqual([
      { _tag: 'Succeeded', value: 4 },
      { _tag: 'Succeeded', value: 3 },
    ])
  })
})

describe('options that are not an object', () => {
  it('are refused by every function that takes options, naming it and the value — not read as "no options"', () => {
    const loop = new Loop({ clock: 'virtual' })
    const test = new TestLoop()
    const inGroup = runSync(Task.taskGroup((tg) => Task.sync(() => [thrown(() => tg.spawn(t, null as never)), thrown(() => tg.spawn(t, 1 as never))])))
    const table = {
      gather: thrown(() => Task.gather([t], null as never)),
      gatherNumber: thrown(() => Task.gather([t], 1 as never)),
      gatherReturnExceptions: thrown(() => Task.gather([t], { returnExceptions: 'yes' as never })),
      wait: thrown(() => Task.wait([t], null as never)),
      waitString: thrown(() => Task.wait([t], 'FIRST_COMPLETED' as never)),
      asCompleted: thrown(() => Task.asCompleted([t], null as never)),
      asCompletedNumber: thrown(() => Task.asCompleted([t], 100 as never)),
      spawn: thrown(() => Task.spawn(t, null as never)),
      spawnString: thrown(() => Task.spawn(t, 'worker' as never)),
      groupSpawn: inGroup._tag === 'Succeeded' ? inGroup.value : inGroup,
      runUntilComplete: thrown(() => loop.runUntilComplete(t, null as never)),
      testLoopStart: thrown(() => test.start(t, 'main' as never)),
    }
    expect(table).toMatchInlineSnapshot(`
      {
        "asCompleted": "TypeError: Task.asCompleted: options must be an object, got null",
        "asCompletedNumber": "TypeError: Task.asCompleted: options must be an object, got number 100",
        "gather": "TypeError: Task.gather: options must be an object, got null",
        "gatherNumber": "TypeError: Task.gather: options must be an object, got number 1",
        "gatherReturnExceptions": "TypeError: Task.gather: returnExceptions must be a boolean, got the string "yes"",
        "groupSpawn": [
          "TypeError: taskGroup spawn: options must be an object, got null",
          "TypeError: taskGroup spawn: options must be an object, got number 1",
        ],
        "runUntilComplete": "TypeError: runUntilComplete: options must be an object, got null",
        "spawn": "TypeError: Task.spawn: options must be an object, got null",
        "spawnString": "TypeError: Task.spawn: options must be an object, got the string "worker"",
        "testLoopStart": "TypeError: TestLoop.start: options must be an object, got the string "main"",
        "wait": "TypeError: Task.wait: options must be an object, got null",
        "waitString": "TypeError: Task.wait: options must be an object, got the string "FIRST_COMPLETED"",
      }
    `)
    // nothing was started by a refused call
    expect([loop.allTasks().length, test.snapshot().fibers.length]).toEqual([0, 0])
    loop.close()
    test.close()
  })

  it('left out, or given as an empty object, they mean the defaults', () => {
    expect(runSync(Task.gather([Task.of(1), Task.of(2)], {}))).toEqual({ _tag: 'Succeeded', value: [1, 2] })
    expect(runSync(Task.gather([Task.of(1), Task.fail('e')], { returnExceptions: false }))).toEqual({ _tag: 'Failed', error: 'e' })
    expect(runSync(Task.map(({ done }: { done: unknown[] }) => done.length)(Task.wait([Task.of(1)], {})))).toEqual({ _tag: 'Succeeded', value: 1 })
    expect(runSync(Task.map((ts: unknown[]) => ts.length)(Task.asCompleted([Task.of(1)], {})))).toEqual({ _tag: 'Succeeded', value: 1 })
    expect(runSync(Task.flatMap((f: Fiber<never, number>) => Task.join(f))(Task.spawn(Task.of(3), {})))).toEqual({ _tag: 'Succeeded', value: 3 })
  })
})
