/**
 * The error classes: each one's name, message and cause, and `instanceof` by a mark shared
 * across copies of the package (an ESM and a CJS copy in one process), never across classes.
 */
import { describe, expect, it } from 'vitest'
import {
  BrokenBarrierError,
  CancelledError,
  DecodeError,
  ExceptionGroup,
  InvalidStateError,
  LookupError,
  LoopError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  TimeoutError,
} from '../lib/index.js'
import { absurd, isCancelledError } from '../lib/errors.js'

const withOptions = {
  TimeoutError,
  InvalidStateError,
  LoopError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  BrokenBarrierError,
  LookupError,
} as const

const everyClass = { ...withOptions, CancelledError, DecodeError, ExceptionGroup } as const

const make = (name: keyof typeof everyClass): Error =>
  name === 'DecodeError' ? new DecodeError('m') : name === 'ExceptionGroup' ? new ExceptionGroup([]) : new everyClass[name]('m')

describe('error classes', () => {
  it('each has its name, its message and the cause it was given', () => {
    const cause = new Error('why')
    for (const [name, C] of Object.entries(withOptions)) {
      const e = new C('what', { cause })
      expect([e.name, e.message, e.cause, e instanceof Error, String(e)]).toEqual([name, 'what', cause, true, `${name}: what`])
      expect(new C().message).toBe('')
    }
  })

  it('CancelledError: an empty message by default; DecodeError: its paths; ExceptionGroup: its errors and a default message', () => {
    expect([new CancelledError().name, new CancelledError().message, new CancelledError('m').message]).toEqual(['CancelledError', '', 'm'])
    const d = new DecodeError('bad', ['a.b'])
    expect([d.name, d.message, d.paths, new DecodeError('x').paths]).toEqual(['DecodeError', 'bad', ['a.b'], []])
    const g = new ExceptionGroup([1, 2])
    expect([g.name, g.message, g.errors, g instanceof AggregateError]).toEqual(['ExceptionGroup', 'unhandled errors in a task group', [1, 2], true])
    expect(new ExceptionGroup([], 'mine').message).toBe('mine')
  })

  it('instanceof holds for its own class only', () => {
    for (const a of Object.keys(everyClass) as (keyof typeof everyClass)[]) {
      const e = make(a)
      for (const [b, C] of Object.entries(everyClass)) expect([a, b, e instanceof C]).toEqual([a, b, a === b])
    }
  })

  it('an error of another copy of the package (carrying the same mark) is an instance, a look-alike without it is not', () => {
    for (const [name, C] of Object.entries(everyClass)) {
      const other = Object.defineProperty(new Error('m'), Symbol.for(`taskloop/${name}`), { value: true })
      expect([name, other instanceof C]).toEqual([name, true])
      expect([name, Object.assign(new Error('m'), { name }) instanceof C]).toEqual([name, false])
    }
    expect(([null, undefined, 'CancelledError', 1] as unknown[]).some((v) => v instanceof CancelledError || isCancelledError(v))).toBe(false)
    expect(isCancelledError(Object.defineProperty({}, Symbol.for('taskloop/CancelledError'), { value: true }))).toBe(true)
    expect(isCancelledError(new CancelledError())).toBe(true)
  })

  it('the name can be set, as on any error', () => {
    const e = new TimeoutError('m')
    e.name = 'Mine'
    expect(String(e)).toBe('Mine: m')
    Object.defineProperty(e, 'name', { get: () => 'Redefined' })
    expect(String(e)).toBe('Redefined: m')
  })

  it('absurd: an impossible case is an error that names where, and the tag of what it got', () => {
    expect(() => absurd({ _tag: 'Odd' } as never, 'the run loop')).toThrow(new Error('BUG: taskloop the run loop reached an impossible case (Odd); please report it'))
    expect(() => absurd(7 as never, 'x')).toThrow(new Error('BUG: taskloop x reached an impossible case (7); please report it'))
    expect(() => absurd(null as never, 'x')).toThrow(new Error('BUG: taskloop x reached an impossible case (null); please report it'))
  })
})
