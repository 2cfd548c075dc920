/**
 * A future's edges a program can see: the errors of reading it too early, its loop, done
 * callbacks that throw or are removed, and a failure handed from one future to another.
 */
import { describe, expect, it } from 'vitest'
import { CancelledError, InvalidStateError, Loop } from '../../lib/index.js'
import { forward } from '../../lib/runtime/kernel.js'
import { runSyncUntil } from '../../lib/Loop.js'
import { virtualLoop } from '../helpers.js'

describe('a future read too early', () => {
  it('result() and exception() while pending are InvalidStateErrors that say so; exception() of a cancelled one throws the CancelledError', () => {
    const { loop } = virtualLoop()
    const f = loop.createFuture<number>()
    expect(f.getLoop()).toBe(loop)
    expect(() => f.result()).toThrow(new InvalidStateError('Result is not ready.'))
    expect(() => f.exception()).toThrow(new InvalidStateError('Exception is not set.'))
    f.cancel('stop')
    expect(() => f.exception()).toThrow(CancelledError)
    expect(() => f.exception()).toThrow('stop')
    loop.close()
  })

  it('a cancel message or a callback of the wrong type is a TypeError naming the method', () => {
    const { loop } = virtualLoop()
    const f = loop.createFuture<number>()
    expect(() => f.cancel(42 as never)).toThrow(new TypeError('future.cancel: the cancel message must be a string (or omitted), got number 42'))
    expect(() => f.addDoneCallback(7 as never)).toThrow(new TypeError('addDoneCallback expects a function, got number 7'))
    expect(() => f.removeDoneCallback(null as never)).toThrow(new TypeError('removeDoneCallback expects a function, got null'))
    expect(f.done()).toBe(false)
    loop.close()
  })
})

describe('done callbacks', () => {
  it('a callback that throws is reported as an exception in a callback, and the ones after it still run', () => {
    const { loop, reports } = virtualLoop()
    const f = loop.createFuture<number>()
    const ran: string[] = []
    const boom = new Error('boom')
    f.addDoneCallback(() => {
      ran.push('first')
      throw boom
    })
    f.addDoneCallback(() => ran.push('second'))
    f.setResult(1)
    runSyncUntil(loop, () => ran.length === 2)
    expect(ran).toEqual(['first', 'second'])
    expect(reports).toEqual([expect.objectContaining({ message: 'Exception in callback', error: boom })])
    loop.close()
  })

  it('removeDoneCallback removes every registration of that callback, keeps the others in order, and counts what it removed', () => {
    const { loop } = virtualLoop()
    const ran: string[] = []
    const a = () => void ran.push('a')
    const b = () => void ran.push('b')
    const c = () => void ran.push('c')
    const d = () => void ran.push('d')
    const f = loop.createFuture<number>()
    for (const cb of [a, b, c, b, d]) f.addDoneCallback(cb)
    expect(f.removeDoneCallback(b)).toBe(2)
    expect(f.removeDoneCallback(b)).toBe(0)
    f.setResult(1)
    runSyncUntil(loop, () => false)
    expect(ran).toEqual(['a', 'c', 'd'])
    loop.close()
  })

  it('removing the first or the only callback keeps the rest; a done future removes nothing', () => {
    const { loop } = virtualLoop()
    const ran: string[] = []
    const a = () => void ran.push('a')
    const b = () => void ran.push('b')
    const only = loop.createFuture<number>()
    only.addDoneCallback(a)
    expect(only.removeDoneCallback(a)).toBe(1)
    expect(only.removeDoneCallback(a)).toBe(0)
    const two = loop.createFuture<number>()
    two.addDoneCallback(a)
    two.addDoneCallback(b)
    expect(two.removeDoneCallback(a)).toBe(1)
    const done = loop.createFuture<number>()
    done.addDoneCallback(a)
    done.setResult(0)
    expect(done.removeDoneCallback(a)).toBe(0)
    only.setResult(1)
    two.setResult(2)
    runSyncUntil(loop, () => false)
    expect(ran).toEqual(['a', 'b'])
    loop.close()
  })
})

describe('a failure handed from one future to another', () => {
  it('is reported once, by the future that took it, if nobody reads it', () => {
    const { loop, reports } = virtualLoop()
    const from = loop.createFuture<number, string>()
    const to = loop.createFuture<number, string>()
    from.setException('lost')
    expect(forward(from, to)).toBe(true)
    expect(forward(from, to)).toBe(false)
    expect(to.done()).toBe(true) // the ending is copied at once
    loop.close()
    expect(reports.map((r) => [r.message, r.fiber === to])).toEqual([['Future exception was never retrieved', true]])
  })
})

describe('settling', () => {
  it('a future settled with no callbacks takes no place in the next iteration; one with two callbacks takes one', () => {
    const batches: number[] = []
    const loop = new Loop({
      clock: 'virtual',
      schedule: (batch) => {
        batches.push(batch.length)
        return batch
      },
    })
    const unheard = loop.createFuture<number>()
    const heard = loop.createFuture<number>()
    const ran: string[] = []
    heard.addDoneCallback(() => ran.push('first callback'))
    heard.addDoneCallback(() => ran.push('second callback'))
    loop.callSoon(() => {
      unheard.setResult(1)
      heard.setResult(2)
      loop.callSoon(() => ran.push('soon'))
    })
    runSyncUntil(loop, () => false)
    expect(batches).toEqual([2])
    expect(ran).toEqual(['first callback', 'second callback', 'soon'])
    loop.close()
  })
})
