/**
 * Task values as a user meets them outside the loop: each says what it is when printed,
 * and iterates (for `yield*`) as exactly one element, itself.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { Task } from '../../lib/index.js'
import { Op, opName } from '../../lib/runtime/primitive.js'

describe('task values', () => {
  it('print as Task.<operation>', () => {
    expect(String(Task.of(1))).toBe('Task.Succeed')
    expect(String(Task.fail('e'))).toBe('Task.Fail')
    expect(String(Task.sync(() => 1))).toBe('Task.Sync')
    expect(String(pipe(Task.of(1), Task.map((n: number) => n + 1)))).toBe('Task.Map')
    expect(String(pipe(Task.of(1), Task.flatMap(() => Task.unit)))).toBe('Task.FlatMap')
    expect(String(Task.sleep(5))).toBe('Task.Sleep')
    expect(String(Task.never)).toBe('Task.Never')
  })

  it('every opcode has its own name, and a number that is no opcode prints as itself', () => {
    const names = ['Succeed', 'Fail', 'Sync', 'Suspend', 'Map', 'FlatMap', 'Catch', 'Fold', 'Finalize', 'Uncancellable', 'Unmask', 'Gen', 'Await', 'Sleep', 'Cede', 'Never', 'Async', 'Spawn', 'WithFiber', 'WaitOn', 'GenFrame', 'RestoreMasks', 'AfterFinalizer']
    names.forEach((name, i) => expect(opName((Op.Succeed + i) as Op)).toBe(name))
    expect(opName(Op.AfterFinalizer)).toBe('AfterFinalizer')
    expect(opName((Op.AfterFinalizer + 1) as Op)).toBe(String(Op.AfterFinalizer + 1))
    expect(opName(12 as Op)).toBe('12')
  })

  it('iterates as one element, itself; stopping early closes the iterator, which is its own iterable', () => {
    const task = Task.of(1)
    expect([...task]).toEqual([task])
    const iterator = task[Symbol.iterator]() as IterableIterator<unknown, unknown, unknown>
    expect(iterator[Symbol.iterator]()).toBe(iterator)
    expect(iterator.return?.(7)).toEqual({ done: true, value: 7 })
    expect(iterator.next()).toEqual({ done: false, value: task })
    expect(iterator.next(3)).toEqual({ done: true, value: 3 })
  })

  it("a task of another copy is recognised by the registered brand 'taskloop/Task', true, on an object; nothing else is a task", () => {
    const brand = Symbol.for('taskloop/Task')
    expect(Task.isTask(Task.of(1))).toBe(true)
    expect(Task.isTask({ [brand]: true })).toBe(true)
    expect((Task.of(1) as unknown as Record<symbol, unknown>)[brand]).toBe(true)
    for (const u of [null, undefined, 0, 'task', {}, { _tag: 0, value: 1 }, { [brand]: 1 }, Object.assign(() => {}, { [brand]: true })]) {
      expect(Task.isTask(u)).toBe(false)
    }
  })
})

