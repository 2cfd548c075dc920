/**
 * How an error message describes the value it got: short, exact, and never a second error.
 */
import { describe, expect, it } from 'vitest'
import { describeValue } from '../../lib/runtime/describeValue.js'

describe('describeValue', () => {
  it('names null, undefined, numbers, booleans, symbols and bigints by type and value', () => {
    expect(describeValue(null)).toBe('null')
    expect(describeValue(undefined)).toBe('undefined')
    expect(describeValue(42)).toBe('number 42')
    expect(describeValue(false)).toBe('boolean false')
    expect(describeValue(Symbol('s'))).toBe('symbol Symbol(s)')
    expect(describeValue(10n)).toBe('bigint 10')
  })

  it('quotes a string, and cuts one longer than 40 characters at 40 with an ellipsis', () => {
    expect(describeValue('abc')).toBe('the string "abc"')
    const forty = 'x'.repeat(40)
    expect(describeValue(forty)).toBe(`the string "${forty}"`)
    expect(describeValue(forty + 'yz')).toBe(`the string "${forty}…"`)
  })

  it('names a function by its name, or says it has none', () => {
    expect(describeValue(function work() {})).toBe('a function (work)')
    expect(describeValue(Object.defineProperty(() => {}, 'name', { value: '' }))).toBe('a function')
  })

  it('gives an array its length and any other object its tag, a prototype-less one included', () => {
    expect(describeValue([1, 2, 3])).toBe('an array (length 3)')
    expect(describeValue({})).toBe('an object ([object Object])')
    expect(describeValue(Object.create(null))).toBe('an object ([object Object])')
    expect(describeValue(new Map())).toBe('an object ([object Map])')
  })

  it('never throws: a value whose description throws is described by its type', () => {
    const hostile = new Proxy(() => {}, {
      get() {
        throw new Error('no access')
      },
    })
    expect(describeValue(hostile)).toBe('a value of type function')
    const hostileObject = new Proxy({}, {
      get() {
        throw new Error('no access')
      },
    })
    expect(describeValue(hostileObject)).toBe('a value of type object')
  })
})
