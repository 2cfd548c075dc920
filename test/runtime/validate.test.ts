/**
 * The argument checks every public function shares: a bad value is a TypeError naming the
 * function and what it got; `undefined` and `Infinity` mean "no timeout".
 */
import { describe, expect, it } from 'vitest'
import { Loop, Task } from '../../lib/index.js'
import { checkIntegerAtLeast, checkMs, checkName, checkOptionalMs } from '../../lib/runtime/validate.js'

describe('argument checks', () => {
  it('an optional timeout of undefined or Infinity is no timeout; any other number is kept; NaN is a TypeError', () => {
    expect(checkOptionalMs('Task.wait (timeout)', undefined)).toBeUndefined()
    expect(checkOptionalMs('Task.wait (timeout)', Infinity)).toBeUndefined()
    expect(checkOptionalMs('Task.wait (timeout)', 0)).toBe(0)
    expect(checkOptionalMs('Task.wait (timeout)', -5)).toBe(-5)
    expect(() => checkOptionalMs('Task.wait (timeout)', NaN)).toThrow(new TypeError('Task.wait (timeout) expects a number of milliseconds, got number NaN'))
    expect(checkMs('Task.sleep', Infinity)).toBe(Infinity)
  })

  it('a count is an integer of at least its minimum, returned as it is; anything else is a RangeError naming the count', () => {
    expect([checkIntegerAtLeast('explore', 'maxChoices', 0, 0), checkIntegerAtLeast('explore', 'schedules', 7, 1)]).toEqual([0, 7])
    const refused = (n: unknown) => () => checkIntegerAtLeast('TestLoop.tick', 'maxIterations', n, 1)
    expect(refused(0)).toThrow(new RangeError('TestLoop.tick: maxIterations must be an integer >= 1, got number 0'))
    expect(refused(1.5)).toThrow(new RangeError('TestLoop.tick: maxIterations must be an integer >= 1, got number 1.5'))
    expect(refused(NaN)).toThrow(new RangeError('TestLoop.tick: maxIterations must be an integer >= 1, got number NaN'))
    expect(refused('3')).toThrow(new RangeError('TestLoop.tick: maxIterations must be an integer >= 1, got the string "3"'))
  })

  it('a fiber name that is not a string is a TypeError naming the function and the value, and no fiber starts', () => {
    const loop = new Loop({ clock: 'virtual' })
    expect(() => loop.createTask(Task.unit, { name: 42 as never })).toThrow(new TypeError('createTask: name must be a string, got number 42'))
    expect(loop.allTasks()).toEqual([])
    expect(checkName('Task.spawn', undefined)).toBeUndefined()
    expect(checkName('Task.spawn', 'worker')).toBe('worker')
    expect(() => checkName('Task.spawn', null)).toThrow(new TypeError('Task.spawn: name must be a string, got null'))
    loop.close()
  })
})
