/**
 * `Outcome`: the three ways a run ends, their constructors, guards and `match`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Outcome, Task, runSync } from '../lib/index.js'

// built inside the tests, not when the file is collected (see README, mutation testing)
const describeAll = (o: Outcome.Outcome<unknown, unknown>) =>
  Outcome.match<unknown, unknown, string>({
    onSucceeded: (a) => `value ${String(a)}`,
    onFailed: (e) => `error ${String(e)}`,
    onCancelled: (m) => `cancelled ${String(m)}`,
  })(o)

describe('Outcome', () => {
  it('constructors build the plain records a run returns', () => {
    expect(Outcome.succeeded(1)).toEqual(runSync(Task.of(1)))
    expect(Outcome.failed('e')).toEqual(runSync(Task.fail('e')))
    expect(Outcome.succeeded(1)).toStrictEqual({ _tag: 'Succeeded', value: 1 })
    expect(Outcome.failed('e')).toStrictEqual({ _tag: 'Failed', error: 'e' })
  })

  it('cancelled: a message only when there is one (no message key for none or an empty one)', () => {
    expect(Outcome.cancelled()).toStrictEqual({ _tag: 'Cancelled' })
    expect(Outcome.cancelled('')).toStrictEqual({ _tag: 'Cancelled' })
    expect('message' in Outcome.cancelled('')).toBe(false)
    expect(Outcome.cancelled('why')).toStrictEqual({ _tag: 'Cancelled', message: 'why' })
  })

  it('the guards tell the three apart, and match calls the one case that fits with what it holds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant('s' as const), fc.constant('f' as const), fc.constant('c' as const)), fc.string(), (kind, x) => {
        const o = kind === 's' ? Outcome.succeeded(x) : kind === 'f' ? Outcome.failed(x) : Outcome.cancelled(x)
        expect([Outcome.isSucceeded(o), Outcome.isFailed(o), Outcome.isCancelled(o)]).toEqual([kind === 's', kind === 'f', kind === 'c'])
        expect(describeAll(o)).toBe(kind === 's' ? `value ${x}` : kind === 'f' ? `error ${x}` : `cancelled ${x === '' ? 'undefined' : x}`)
      }),
    )
  })
})
