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
})
