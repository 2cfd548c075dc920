/**
 * What a loop accepts as its trace recorder: a `TraceRecorder` of any copy of taskloop (by its
 * registered brand), or nothing (`undefined` or `null`); anything else is a TypeError.
 */
import { describe, expect, it } from 'vitest'
import { Task, TraceRecorder, runSync } from '../../lib/index.js'
import { checkRecorder, isRecorder } from '../../lib/runtime/tracing.js'

const show = (u: unknown): string => String(u)

describe('trace recorders', () => {
  it('undefined and null mean no recorder', () => {
    expect(checkRecorder('runSync', undefined, show)).toBeNull()
    expect(checkRecorder('runSync', null, show)).toBeNull()
    expect(runSync(Task.of(1), { trace: null as never })).toEqual({ _tag: 'Succeeded', value: 1 })
  })

  it('a recorder is recognised by its brand, true, on an object; anything else is not one', () => {
    const recorder = new TraceRecorder()
    expect(isRecorder(recorder)).toBe(true)
    expect(checkRecorder('runSync', recorder, show)).toBe(recorder)
    expect(isRecorder({ [Symbol.for('taskloop/TraceRecorder')]: true })).toBe(true)
    for (const u of [null, undefined, 0, 'trace.json', {}, { [Symbol.for('taskloop/TraceRecorder')]: 1 }, Object.assign(() => {}, { [Symbol.for('taskloop/TraceRecorder')]: true })]) {
      expect(isRecorder(u)).toBe(false)
    }
    expect(() => checkRecorder('runSync', 42, show)).toThrow(new TypeError('runSync: trace must be a TraceRecorder, got 42'))
  })
})
