/**
 * `Task.decode` and its messages: a mistake is named where it is made.
 */
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { DecodeError, Task, runSync } from '../lib/index.js'

describe('decode messages', () => {
  it('decode(42) is a TypeError where the codec is given, not when the decoder is applied', () => {
    expect(() => Task.decode(42 as never)).toThrow(TypeError)
    expect(() => Task.decode(42 as never)).toThrow(/io-ts codec.*number 42/)
  })

  it('a codec whose decode returns junk fails with a TypeError naming the codec', () => {
    const junk = { name: 'Junk', decode: () => 'not an either' } as never
    const o = runSync(Task.decode(junk)('x'))
    expect(o._tag).toBe('Failed')
    const error = (o as { error: unknown }).error
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toMatch(/Junk.*decode returned .*not an fp-ts Either/)
    const badLeft = { name: 'BadLeft', decode: () => E.left('oops') } as never
    expect(((runSync(Task.decode(badLeft)('x')) as { error: Error }).error).message).toMatch(/BadLeft.*array of errors/)
  })

  it('a decode failure on an unprintable value still has a message', () => {
    const unprintable = Object.create(null) as Record<string, unknown>
    unprintable.self = unprintable
    const o = runSync(Task.decode(t.string)(unprintable))
    expect(o._tag).toBe('Failed')
    const error = (o as { error: DecodeError }).error
    expect(error).toBeInstanceOf(DecodeError)
    expect(error.message).toMatch(/expected string, got/)
  })

  it('a DecodeError for 2·10⁵ bad items has a capped message that keeps the count', () => {
    const input = Array.from({ length: 200_000 }, (_, i) => `bad-${i}`)
    const o = runSync(Task.decode(t.array(t.number))(input))
    const error = (o as { error: DecodeError }).error
    expect(error).toBeInstanceOf(DecodeError)
    expect(error.message.length).toBeLessThan(4_000)
    expect(error.message).toMatch(/200000 failures/)
    expect(error.paths.length).toBe(200_000)
  })
})

describe('what a DecodeError says', () => {
  /** The DecodeError a decode fails with (or the error it fails with otherwise). */
  const failure = (codec: unknown, input: unknown): unknown => {
    const o = runSync(Task.decode(codec as never)(input))
    if (o._tag !== 'Failed') throw new Error(`expected a failure, got ${JSON.stringify(o)}`)
    return o.error
  }
  /** A codec whose decode always fails with `issues`. */
  const failing = (issues: unknown, name = 'Custom') => ({ name, decode: () => ({ _tag: 'Left', left: issues }) })

  it('one line per failing path, under a heading that names the codec', () => {
    const Person = t.type({ name: t.string, age: t.number })
    const e = failure(Person, { name: 1, age: 'x' }) as DecodeError
    expect(e).toBeInstanceOf(DecodeError)
    expect(e.paths).toEqual(['at .name: expected string, got 1', 'at .age: expected number, got "x"'])
    expect(e.message).toBe(`could not decode value as ${Person.name}:\n  at .name: expected string, got 1\n  at .age: expected number, got "x"`)
  })

  it('a failure at the root says <root>; a path with no context expects "a valid value"; an issue with its own message keeps it', () => {
    expect((failure(t.string, 5) as DecodeError).paths).toEqual(['at <root>: expected string, got 5'])
    expect((failure(failing([{ value: 1, context: [] }]), 0) as DecodeError).paths).toEqual(['at <root>: expected a valid value, got 1'])
    expect((failure(failing([{ value: 1, context: [], message: 'too small' }]), 0) as DecodeError).paths).toEqual(['too small'])
  })

  it('a codec without a name is not named in the heading', () => {
    expect((failure(failing([{ value: 1, context: [] }], ''), 0) as DecodeError).message).toBe('could not decode value:\n  at <root>: expected a valid value, got 1')
  })

  it('the value is shown as JSON, cut at 60 characters; what JSON cannot show is described instead', () => {
    const sixty = 'x'.repeat(58) // its JSON, quotes included, is 60 characters: shown whole
    expect((failure(t.number, sixty) as DecodeError).paths).toEqual([`at <root>: expected number, got "${sixty}"`])
    const long = 'y'.repeat(100)
    expect((failure(t.number, long) as DecodeError).paths).toEqual([`at <root>: expected number, got "${'y'.repeat(59)}…`])
    expect((failure(t.number, Symbol.for('s')) as DecodeError).paths).toEqual(['at <root>: expected number, got Symbol(s)'])
    const cyclic: { self?: unknown } = {}
    cyclic.self = cyclic
    expect((failure(t.number, cyclic) as DecodeError).paths).toEqual(['at <root>: expected number, got an object ([object Object])'])
  })

  it('issues that are not io-ts errors are reported as such, not thrown', () => {
    const fn = Object.assign(function notAnIssue() {}, { value: 1, context: [] })
    const e = failure(failing([null, 42, { value: 1, context: 'nope' }, fn]), 0) as DecodeError
    expect(e.paths.slice(0, 3)).toEqual(['invalid error from the codec: null', 'invalid error from the codec: number 42', 'invalid error from the codec: an object ([object Object])'])
    expect(e.paths[3]).toMatch(/^invalid error from the codec: .*function/)
  })

  it('20 failing paths are all listed; from 21 on, the message lists 20 and counts the rest', () => {
    const issues = (n: number) => Array.from({ length: n }, (_, i) => ({ value: i, context: [], message: `issue ${i}` }))
    const twenty = failure(failing(issues(20)), 0) as DecodeError
    expect(twenty.message.split('\n')).toHaveLength(21)
    expect(twenty.message).not.toContain('more')
    const many = failure(failing(issues(23)), 0) as DecodeError
    const lines = many.message.split('\n')
    expect(lines).toHaveLength(22)
    expect(lines[21]).toBe('  … and 3 more (23 failures in all)')
    expect(many.paths).toHaveLength(23)
  })

  it('a decode that returns no Either is a TypeError naming the codec (or "the codec" when it has no usable name)', () => {
    const junk = (result: unknown, name: unknown = 'Junk') => failure({ name, decode: () => result }, 0)
    expect(junk(null)).toEqual(new TypeError('Junk: decode returned null, not an fp-ts Either (is it an io-ts codec?)'))
    expect(junk(5)).toEqual(new TypeError('Junk: decode returned number 5, not an fp-ts Either (is it an io-ts codec?)'))
    expect(junk(Object.assign(() => 0, { _tag: 'Right', right: 1 }))).toBeInstanceOf(TypeError)
    expect(junk({ _tag: 'Maybe' })).toEqual(new TypeError('Junk: decode returned an object ([object Object]), not an fp-ts Either (is it an io-ts codec?)'))
    expect(junk({ _tag: 'Left', left: 'oops' })).toEqual(new TypeError('Junk: decode returned a Left of the string "oops", not an array of errors (is it an io-ts codec?)'))
    expect(junk(null, '')).toEqual(new TypeError('the codec: decode returned null, not an fp-ts Either (is it an io-ts codec?)'))
    expect(junk(null, 42)).toEqual(new TypeError('the codec: decode returned null, not an fp-ts Either (is it an io-ts codec?)'))
  })

  it('Task.decode refuses what is not a codec, a function with a decode method included, naming Task.decode', () => {
    expect(() => Task.decode(42 as never)).toThrow(new TypeError('Task.decode expects an io-ts codec (something with decode), got number 42'))
    const fn = Object.assign(() => 0, { decode: () => ({ _tag: 'Right', right: 0 }) })
    expect(() => Task.decode(fn as never)).toThrow(TypeError)
  })
})
