/**
 * The ready queue: FIFO push/shift across growth and wrap-around.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Deque } from '../../lib/runtime/deque.js'

describe('Deque', () => {
  it('behaves as a FIFO queue under random pushes and shifts', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant(null)), { maxLength: 500 }), (ops) => {
        const d = new Deque<number>()
        const model: number[] = []
        for (const op of ops) {
          if (op === null) expect(d.shift()).toBe(model.shift())
          else {
            d.push(op)
            model.push(op)
          }
          expect(d.length).toBe(model.length)
        }
        expect(d.toArray()).toEqual(model)
      }),
      { numRuns: 200 },
    )
  })
  it('keeps FIFO order across growth from a wrapped-around ring', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 100 }), (shifted, extra) => {
        const d = new Deque<number>()
        // move the head off 0, then fill past the capacity so the ring wraps and grows
        for (let i = 0; i < shifted; i++) d.push(-1)
        for (let i = 0; i < shifted; i++) d.shift()
        const items = Array.from({ length: 16 + extra }, (_, i) => i)
        for (const i of items) d.push(i)
        expect(d.length).toBe(items.length)
        expect(d.toArray()).toEqual(items)
        const out: Array<number | undefined> = []
        while (d.length > 0) out.push(d.shift())
        expect(out).toEqual(items)
        expect(d.shift()).toBeUndefined()
      }),
      { numRuns: 100 },
    )
  })

  it('a capacity asked for is rounded up to a power of two, and clear empties it', () => {
    const d = new Deque<number>(100)
    for (let i = 0; i < 300; i++) d.push(i)
    expect(d.toArray()).toEqual(Array.from({ length: 300 }, (_, i) => i))
    d.clear()
    expect(d.length).toBe(0)
    d.push(7)
    expect(d.toArray()).toEqual([7])
  })

  it('permuteFront reorders exactly the first n items, from a wrapped-around head', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 16 }), (shifted, n, rest) => {
        const d = new Deque<number>()
        for (let i = 0; i < shifted; i++) d.push(-1)
        for (let i = 0; i < shifted; i++) d.shift()
        const items = Array.from({ length: n + rest }, (_, i) => i)
        for (const i of items) d.push(i)
        let seen: number[] = []
        d.permuteFront(n, (batch) => {
          seen = [...batch]
          return [...batch].reverse()
        })
        expect(seen).toEqual(items.slice(0, n))
        expect(d.toArray()).toEqual([...items.slice(0, n).reverse(), ...items.slice(n)])
      }),
      { numRuns: 100 },
    )
  })

  it('holds at most the power of two that fits its peak, however many items pass through, before and after clear', () => {
    // the ring's storage, read to check that memory follows the peak, not the traffic
    const storage = (d: Deque<number>) => (d as unknown as { items: unknown[] }).items.length
    expect([1, 16, 17, 64, 100].map((capacity) => storage(new Deque<number>(capacity)))).toEqual([16, 16, 32, 64, 128])
    const d = new Deque<number>(64)
    const cycle = () => {
      for (let round = 0; round < 1000; round++) {
        d.push(round)
        d.push(round + 1)
        expect(d.shift()).toBe(round)
        expect(d.shift()).toBe(round + 1)
      }
    }
    cycle()
    expect(storage(d)).toBe(64)
    d.clear()
    cycle()
    expect(storage(d)).toBe(16)
  })
})
