/**
 * Where queues keep their items (lib/sync/stores.ts), seen through the queues that use them:
 * PriorityQueue's heap against a sorted model, Python's default order and the messages that
 * name what cannot be ordered, and the stack and heap emptied by `shutdown(true)`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LifoQueue, PriorityQueue, QueueShutDown } from '../../lib/index.js'

/** Puts and gets on a PriorityQueue, checked against a sorted array after every step. */
const checkAgainstModel = <A>(q: PriorityQueue<A>, ops: ReadonlyArray<{ put: A } | 'get'>, order: (a: A, b: A) => number): void => {
  const model: A[] = []
  for (const op of ops) {
    if (op === 'get') {
      if (model.length === 0) continue
      // the model: a stable sort, so that equal items leave in the order they came
      const next = model.slice().sort(order)[0]!
      model.splice(model.indexOf(next), 1)
      expect(q.getNowait()).toBe(next)
    } else {
      q.putNowait(op.put)
      model.push(op.put)
    }
    expect(q.qsize()).toBe(model.length)
  }
  const rest: A[] = []
  while (!q.empty()) rest.push(q.getNowait())
  expect(rest).toEqual(model.slice().sort(order))
  rest.forEach((item, i) => expect(item).toBe(model.slice().sort(order)[i]))
}

const ops = <A>(item: fc.Arbitrary<A>) => fc.array(fc.oneof(item.map((put) => ({ put })), fc.constant('get' as const)), { maxLength: 80 })

describe('PriorityQueue order (R53)', () => {
  it('R53: numbers come out lowest first, whatever the interleaving of puts and gets', () => {
    fc.assert(fc.property(ops(fc.integer({ min: -50, max: 50 })), (steps) => checkAgainstModel(new PriorityQueue<number>(), steps, (a, b) => a - b)))
  })

  it('R53: items a compare finds equal come out in the order they were put', () => {
    type Job = { readonly p: number; readonly id: number }
    let id = 0
    const job = fc.integer({ min: 0, max: 3 }).map((p): Job => ({ p, id: id++ }))
    fc.assert(fc.property(ops(job), (steps) => checkAgainstModel(new PriorityQueue<Job>({ compare: (a, b) => a.p - b.p }), steps, (a, b) => a.p - b.p)))
  })

  it('R53: under the default order, equal arrays (distinct objects) come out in the order they were put', () => {
    const q = new PriorityQueue<number[]>()
    const items = [[2], [1, 5], [2], [1, 5], [2]]
    for (const item of items) q.putNowait(item)
    const out = items.map(() => q.getNowait())
    expect(out).toEqual([[1, 5], [1, 5], [2], [2], [2]])
    expect(out[0]).toBe(items[1])
    expect(out[1]).toBe(items[3])
    expect(out[2]).toBe(items[0])
    expect(out[3]).toBe(items[2])
    expect(out[4]).toBe(items[4])
  })

  it("R53: the default order is Python's: numbers and bigints by value, strings by code unit, false before true", () => {
    const take = <A>(items: A[]): A[] => {
      const q = new PriorityQueue<A>()
      for (const item of items) q.putNowait(item)
      return items.map(() => q.getNowait())
    }
    expect(take([10, 9, -1, 2.5, 100])).toEqual([-1, 2.5, 9, 10, 100])
    expect(take([3n, 10n, 1n])).toEqual([1n, 3n, 10n])
    expect(take([3n, 2, 1n, 2.5])).toEqual([1n, 2, 2.5, 3n])
    expect(take(['b', 'B', 'a', 'ab', ''])).toEqual(['', 'B', 'a', 'ab', 'b'])
    expect(take([true, false, true])).toEqual([false, true, true])
  })

  it('R53: arrays are ordered element by element like tuples, a shorter prefix first', () => {
    const q = new PriorityQueue<unknown[]>()
    for (const item of [[10, 'a'], [9, 'z'], [9, 'b'], [9], [9, 'b', 0], []]) q.putNowait(item)
    const out: unknown[][] = []
    while (!q.empty()) out.push(q.getNowait())
    expect(out).toEqual([[], [9], [9, 'b'], [9, 'b', 0], [9, 'z'], [10, 'a']])
  })

  it('a TypeError names the two values the default order cannot compare, and the queue is unchanged', () => {
    const refused = (first: unknown, second: unknown): string => {
      const q = new PriorityQueue<unknown>()
      q.putNowait(first) // the first item is compared with nothing
      let message = ''
      try {
        q.putNowait(second)
      } catch (e) {
        expect(e).toBeInstanceOf(TypeError)
        message = (e as Error).message
      }
      expect(q.qsize()).toBe(1)
      expect(q.getNowait()).toBe(first)
      return message
    }
    expect(refused(1, 'x')).toBe(
      'PriorityQueue cannot order "x" and 1: the default order knows numbers, strings, booleans and arrays of them, one kind at a time; give the queue a compare function',
    )
    expect(refused('x', 1)).toMatch(/^PriorityQueue cannot order 1 and "x": /)
    expect(refused(1, true)).toMatch(/^PriorityQueue cannot order true and 1: /)
    expect(refused('s', false)).toMatch(/^PriorityQueue cannot order false and "s": /)
    expect(refused(2n, [1])).toMatch(/^PriorityQueue cannot order \[1\] and 2n: /)
    expect(refused(1, [1, 'a'])).toMatch(/^PriorityQueue cannot order \[1, "a"\] and 1: /)
    expect(refused({}, {})).toMatch(/^PriorityQueue cannot order \[object Object\] and \[object Object\]: /)
    expect(refused(null, undefined)).toMatch(/^PriorityQueue cannot order undefined and null: /)
    expect(refused([1, 'a'], [1, 2n])).toMatch(/^PriorityQueue cannot order 2n and "a": /)
    expect(refused(1, null)).toMatch(/^PriorityQueue cannot order null and 1: /)
    expect(refused(1, undefined)).toMatch(/^PriorityQueue cannot order undefined and 1: /)
    expect(refused(1, {})).toMatch(/^PriorityQueue cannot order \[object Object\] and 1: /)
    expect(refused(1, new Date(0))).toMatch(/^PriorityQueue cannot order \[object Date\] and 1: /)
    expect(refused(1, NaN)).toMatch(/^PriorityQueue cannot order NaN and 1: /)
    // NaN as the first item is stored (nothing to compare it with); the next number meets it
    expect(refused(NaN, 1)).toMatch(/^PriorityQueue cannot order 1 and NaN: /)
    expect(refused([[1, 'x']], [[1, 2]])).toMatch(/^PriorityQueue cannot order 2 and "x": /)
  })

  it('a compare that returns something other than a number is a TypeError naming it, and the queue is unchanged', () => {
    for (const [bad, shown] of [
      [NaN, 'NaN'],
      ['1', '1'],
      [undefined, 'undefined'],
    ] as const) {
      const q = new PriorityQueue<number>({ compare: () => bad as unknown as number })
      q.putNowait(1)
      expect(() => q.putNowait(2)).toThrow(new TypeError(`PriorityQueue: compare must return a number, got ${shown}`))
      expect(q.qsize()).toBe(1)
    }
  })
})

describe('shutdown(true) empties every kind of store (R57)', () => {
  it('R57: a LifoQueue and a PriorityQueue shut down immediately drop what they held', () => {
    for (const q of [new LifoQueue<number>(), new PriorityQueue<number>()]) {
      for (const i of [3, 1, 2]) q.putNowait(i)
      q.shutdown(true)
      expect(q.qsize()).toBe(0)
      expect(q.empty()).toBe(true)
      expect(() => q.getNowait()).toThrow(QueueShutDown)
    }
  })
})
