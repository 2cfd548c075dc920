/**
 * Brands: a loop, fiber or future is recognised by a registered symbol, so a value made by
 * another copy of taskloop in the same process (the CommonJS build beside the ES modules) is
 * recognised too; anything else, `null` and primitives included, is not, and asking never throws.
 */
import { describe, expect, it } from 'vitest'
import { Loop, Task } from '../../lib/index.js'
import { runSyncUntil } from '../../lib/Loop.js'
import { isFiberValue, isFutureValue, isLoopValue } from '../../lib/runtime/brands.js'
import { isFuture } from '../../lib/runtime/future.js'

/** What a loop, fiber or future of another copy looks like to this one: only the registered brand is shared. */
const foreign = (key: string): object => ({ [Symbol.for(key)]: true })

const notBranded: unknown[] = [null, undefined, 0, 'taskloop', Symbol.for('taskloop/Loop'), {}, []]

describe('brands', () => {
  it("a loop, a fiber and a future of this copy carry their brands; a fiber is a future too", () => {
    const loop = new Loop({ clock: 'virtual' })
    const fiber = loop.createTask(Task.unit)
    const future = loop.createFuture<number>()
    expect([isLoopValue(loop), isFiberValue(loop), isFutureValue(loop)]).toEqual([true, false, false])
    expect([isLoopValue(fiber), isFiberValue(fiber), isFutureValue(fiber)]).toEqual([false, true, true])
    expect([isLoopValue(future), isFiberValue(future), isFutureValue(future)]).toEqual([false, false, true])
    fiber.cancel()
    loop.close()
  })

  it("another copy's values are recognised by the registered symbols 'taskloop/Loop', 'taskloop/Fiber', 'taskloop/Future'", () => {
    expect(isLoopValue(foreign('taskloop/Loop'))).toBe(true)
    expect(isFiberValue(foreign('taskloop/Fiber'))).toBe(true)
    expect(isFutureValue(foreign('taskloop/Future'))).toBe(true)
    expect(isLoopValue(foreign('taskloop/Fiber'))).toBe(false)
    expect(isFiberValue(foreign('taskloop/Future'))).toBe(false)
    expect(isFutureValue(foreign('taskloop/Loop'))).toBe(false)
    expect(isLoopValue(foreign(''))).toBe(false)
    expect(isFiberValue(foreign(''))).toBe(false)
    expect(isFutureValue(foreign(''))).toBe(false)
  })

  it("isFuture takes a future of this copy, and one of another copy by its brand", () => {
    const loop = new Loop({ clock: 'virtual' })
    expect([isFuture(loop.createFuture()), isFuture(foreign('taskloop/Future')), isFuture(foreign('taskloop/Loop')), isFuture({})]).toEqual([true, true, false, false])
    loop.close()
  })

  it('null, primitives, plain objects and a function carrying a brand are none of them, and asking never throws', () => {
    const branded = Object.assign(() => {}, { [Symbol.for('taskloop/Loop')]: true, [Symbol.for('taskloop/Fiber')]: true, [Symbol.for('taskloop/Future')]: true })
    for (const u of [...notBranded, branded]) {
      expect([isLoopValue(u), isFiberValue(u), isFutureValue(u)]).toEqual([false, false, false])
    }
  })

  it('a brand must be true, not merely present', () => {
    const loose = { [Symbol.for('taskloop/Loop')]: 1, [Symbol.for('taskloop/Fiber')]: 'yes', [Symbol.for('taskloop/Future')]: {} }
    expect([isLoopValue(loose), isFiberValue(loose), isFutureValue(loose)]).toEqual([false, false, false])
  })

  it("the loop executing an iteration is recorded under the registered symbol 'taskloop/shared-runtime', where every copy looks", () => {
    const record = (globalThis as Record<symbol, { executing: unknown } | undefined>)[Symbol.for('taskloop/shared-runtime')]
    const loop = new Loop({ clock: 'virtual' })
    const seen: boolean[] = []
    loop.callSoon(() => void seen.push(record?.executing !== null && record?.executing !== undefined))
    runSyncUntil(loop, () => false)
    seen.push(record?.executing !== null)
    expect(seen).toEqual([true, false])
    loop.close()
  })
})
