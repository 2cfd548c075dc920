/**
 * The timer heap: earliest deadline first, ties in registration order, lazy cancellation.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TimerHeap } from '../../lib/runtime/heap.js'

interface T {
  when: number
  seq: number
  cancelled: boolean
}

describe('TimerHeap', () => {
  it('pops live timers in (when, seq) order under random pushes, pops and cancels', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ op: fc.constant('push' as const), when: fc.integer({ min: 0, max: 20 }) }), fc.record({ op: fc.constant('pop' as const) }), fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() })), { maxLength: 300 }),
        (ops) => {
          const heap = new TimerHeap<T>()
          const model: T[] = []
          let seq = 0
          for (const op of ops) {
            if (op.op === 'push') {
              const t = { when: op.when, seq: seq++, cancelled: false }
              heap.push(t)
              model.push(t)
            } else if (op.op === 'cancel') {
              if (model.length === 0) continue
              const t = model.splice(op.pick % model.length, 1)[0]!
              t.cancelled = true
              heap.noteCancelled()
            } else {
              model.sort((a, b) => a.when - b.when || a.seq - b.seq)
              expect(heap.pop()).toBe(model.shift())
            }
          }
          expect(heap.live).toBe(model.length)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('prunes cancelled timers in bulk, so cancelling many is not quadratic', () => {
    const heap = new TimerHeap<T>()
    const timers = Array.from({ length: 100_000 }, (_, i) => ({ when: i, seq: i, cancelled: false }))
    for (const t of timers) heap.push(t)
    for (const t of timers) {
      t.cancelled = true
      heap.noteCancelled()
    }
    expect(heap.size).toBeLessThan(100)
    expect(heap.peek()).toBeUndefined()
  })
})
