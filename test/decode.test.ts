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
