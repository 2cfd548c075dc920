/**
 * What combinators accept as a collection of awaitables: an array or any iterable of tasks,
 * fibers and futures, copied; anything else is a TypeError that names what was wrong.
 */
import { describe, expect, it } from 'vitest'
import { Loop, Task } from '../../lib/index.js'
import { awaitableList } from '../../lib/runtime/awaitable.js'

const who = 'Task.gather'

describe('awaitableList', () => {
  it('a single task, fiber or future is refused with a hint to wrap it in [ ]', () => {
    const loop = new Loop({ clock: 'virtual' })
    expect(() => awaitableList(who, Task.unit)).toThrow(new TypeError('Task.gather expects an array (or iterable) of awaitables, got a single one (a Task); wrap it in [ ]'))
    expect(() => awaitableList(who, loop.createFuture())).toThrow(new TypeError('Task.gather expects an array (or iterable) of awaitables, got a single one (a Fiber or Future); wrap it in [ ]'))
    loop.close()
  })

  it('null, a primitive, a string and a plain object are not collections', () => {
    expect(() => awaitableList(who, null)).toThrow(new TypeError('Task.gather expects an array (or iterable) of awaitables, got null'))
    expect(() => awaitableList(who, 3)).toThrow(new TypeError('Task.gather expects an array (or iterable) of awaitables, got number 3'))
    // a string is iterable, but not an object: not taken for a collection of its characters
    expect(() => awaitableList(who, 'ab')).toThrow(new TypeError('Task.gather expects an array (or iterable) of awaitables, got the string "ab"'))
    expect(() => awaitableList(who, {})).toThrow(new TypeError('Task.gather expects an array (or iterable) of awaitables, got an object ([object Object])'))
    expect(() => awaitableList(who, { [Symbol.iterator]: 1 })).toThrow(/expects an array \(or iterable\) of awaitables, got an object/)
  })

  it('a hole in a sparse array is named as a hole, another bad item by its index and value', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(() => awaitableList(who, [Task.unit, , Task.unit])).toThrow(new TypeError('Task.gather: item 1 is a hole in a sparse array, not a Task, a Fiber or a Future'))
    expect(() => awaitableList(who, [Task.unit, Task.unit, undefined])).toThrow(new TypeError('Task.gather: item 2 is not a Task, a Fiber or a Future: undefined'))
  })

  it('returns a copy, in order, of an array or of any iterable', () => {
    const a = Task.of(1)
    const b = Task.of(2)
    const items = [a, b]
    const copy = awaitableList(who, items)
    expect(copy).toEqual([a, b])
    expect(copy).not.toBe(items)
    expect(awaitableList(who, new Set([b, a]))).toEqual([b, a])
    expect(awaitableList(who, [])).toEqual([])
  })
})
