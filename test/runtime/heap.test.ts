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
  it('prunes once cancelled timers make up half of the heap, and the live ones still pop earliest first', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ when: fc.integer({ min: 0, max: 1000 }), order: fc.nat() }), { minLength: 128, maxLength: 300 }), (specs) => {
        const heap = new TimerHeap<T>()
        const timers = specs.map(({ when }, seq) => ({ when, seq, cancelled: false }))
        for (const t of timers) heap.push(t)
        // cancel one at a time, in a random order, until the heap has pruned itself
        const live = new Set(timers)
        const byOrder = timers.map((t, i) => ({ t, order: specs[i]!.order })).sort((a, b) => a.order - b.order)
        for (const { t } of byOrder) {
          t.cancelled = true
          live.delete(t)
          heap.noteCancelled()
          if (heap.size < timers.length) break
        }
        // pruned exactly when 64 or more were cancelled and they were at least half of the heap
        expect(heap.size).toBe(live.size)
        expect(timers.length - live.size).toBeGreaterThanOrEqual(64)
        expect(2 * (timers.length - live.size)).toBeGreaterThanOrEqual(timers.length)
        expect(2 * (timers.length - live.size - 1)).toBeLessThan(timers.length)
        const popped: T[] = []
        for (let t = heap.pop(); t !== undefined; t = heap.pop()) popped.push(t)
        expect(popped).toEqual([...live].sort((a, b) => a.when - b.when || a.seq - b.seq))
      }),
      { numRuns: 100 },
    )
  })

  it('lists its live timers, without the cancelled ones', () => {
    const heap = new TimerHeap<T>()
    const timers = [3, 1, 2].map((when, seq) => ({ when, seq, cancelled: false }))
    for (const t of timers) heap.push(t)
    timers[0]!.cancelled = true
    heap.noteCancelled()
    expect(heap.liveTimers().map((t) => t.when).sort()).toEqual([1, 2])
  })

  it('clear drops every timer, live or cancelled: nothing is left to peek at, pop or list, and it fills afresh', () => {
    const heap = new TimerHeap<T>()
    const timers = [3, 1, 2].map((when, seq) => ({ when, seq, cancelled: false }))
    for (const t of timers) heap.push(t)
    timers[1]!.cancelled = true
    heap.noteCancelled()
    heap.clear()
    expect([heap.size, heap.live, heap.peek(), heap.pop(), heap.liveTimers()]).toEqual([0, 0, undefined, undefined, []])
    const later = { when: 9, seq: 3, cancelled: false }
    heap.push(later)
    expect([heap.size, heap.live, heap.pop()]).toEqual([1, 1, later])
  })
})
