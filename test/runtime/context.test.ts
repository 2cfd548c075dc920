/**
 * A fiber's context and the callbacks bound to it (R29): a callback runs in the context it
 * was registered in and leaves none of it behind; a bound callback is still found by
 * `removeDoneCallback`; a run's starting context must be a `Context`.
 */
import { describe, expect, it } from 'vitest'
import { Context, ContextVar, Loop, Task, runSync } from '../../lib/index.js'
import { runSyncUntil } from '../../lib/Loop.js'

describe('callbacks and contexts', () => {
  it('a callback registered in a context runs in it; one registered outside runs in none, even right after', () => {
    const v = new ContextVar<string>('v', { default: 'default' })
    const loop = new Loop({ clock: 'virtual' })
    const seen: string[] = []
    const read = (label: string) => loop.createTask(Task.map((x: string) => void seen.push(`${label}: ${x}`))(v.get))
    loop.createTask(
      Task.gen(function* () {
        yield* v.set('inside')
        loop.callSoon(() => void read('bound'))
      }),
    )
    runSyncUntil(loop, () => false, { maxIterations: 1 })
    loop.callSoon(() => void read('plain'))
    runSyncUntil(loop, () => false)
    expect(seen).toEqual(['bound: inside', 'plain: default'])
    loop.close()
  })

  it('a done callback registered in a context is removed by the function the caller holds', () => {
    const v = new ContextVar<string>('v', { default: 'default' })
    const loop = new Loop({ clock: 'virtual' })
    const f = loop.createFuture<number>()
    const ran: string[] = []
    const cb = () => void ran.push('cb')
    let removed = -1
    loop.createTask(
      Task.gen(function* () {
        yield* v.set('inside')
        f.addDoneCallback(cb)
        f.addDoneCallback(cb)
        removed = f.removeDoneCallback(cb)
      }),
    )
    runSyncUntil(loop, () => removed !== -1)
    f.setResult(1)
    runSyncUntil(loop, () => false)
    expect(removed).toBe(2)
    expect(ran).toEqual([])
    loop.close()
  })

  it("a run's starting context must be a Context: anything else is a TypeError naming the run, and nothing runs", () => {
    let ran = false
    const task = Task.sync(() => void (ran = true))
    for (const bad of [42, null, {}, { values: new Map() }]) {
      expect(() => runSync(task, { context: bad as never })).toThrow(TypeError)
      expect(() => runSync(task, { context: bad as never })).toThrow(/^runSync: context must be a Context \(Context\.empty\.with\(variable, value\)\), got /)
    }
    expect(ran).toBe(false)
    const v = new ContextVar<string>('v')
    expect(runSync(v.get, { context: Context.empty.with(v, 'given') })).toEqual({ _tag: 'Succeeded', value: 'given' })
  })

  it("a Context of another copy is known by the registered brand 'taskloop/Context' on an object; a function carrying it is no Context", () => {
    const v = new ContextVar<string>('v', { default: 'default' })
    const brand = Symbol.for('taskloop/Context')
    expect((Context.empty as unknown as Record<symbol, unknown>)[brand]).toBe(true)
    const foreign = { [brand]: true, values: new Map([[v, 'from the other copy']]) }
    expect(runSync(v.get, { context: foreign as never })).toEqual({ _tag: 'Succeeded', value: 'from the other copy' })
    let ran = false
    const branded = Object.assign(() => void (ran = true), { [brand]: true, values: new Map() })
    expect(() => runSync(Task.sync(() => void (ran = true)), { context: branded as never })).toThrow(/^runSync: context must be a Context \(Context\.empty\.with\(variable, value\)\), got /)
    expect(ran).toBe(false)
  })
})
