/**
 * Where a queue keeps its items: first in first out (`Queue`), last in first out
 * (`LifoQueue`), or lowest first (`PriorityQueue`). A store only stores; all waiting and
 * counting lives in `Queue`.
 *
 * @module
 */
import { Deque } from '../runtime/kernel.js'

export interface Store<A> {
  readonly size: number
  /** Adds an item. Must change nothing if it throws (a `PriorityQueue` compare may). */
  push(item: A): void
  /** Removes and returns the next item; only called when `size > 0`. Changes nothing if it throws. */
  take(): A
  clear(): void
}

export class FifoStore<A> implements Store<A> {
  private readonly items = new Deque<A>()
  get size(): number {
    return this.items.length
  }
  push(item: A): void {
    this.items.push(item)
  }
  take(): A {
    return this.items.shift() as A
  }
  clear(): void {
    this.items.clear()
  }
}

export class LifoStore<A> implements Store<A> {
  private items: A[] = []
  get size(): number {
    return this.items.length
  }
  push(item: A): void {
    this.items.push(item)
  }
  take(): A {
    return this.items.pop() as A
  }
  clear(): void {
    this.items = []
  }
}

/** A heap entry: the item and its arrival number, which breaks ties first come, first out. */
interface Entry<A> {
  readonly item: A
  readonly seq: number
}

/**
 * A binary min-heap ordered by `compare`, ties broken by arrival order (so equal
 * priorities come out first in, first out).
 *
 * `compare` is user code and may throw; both `push` and `take` first find where every entry
 * must go using comparisons only, and move entries only once all comparisons are done, so a
 * throwing compare leaves the heap exactly as it was.
 */
export class HeapStore<A> implements Store<A> {
  private heap: Entry<A>[] = []
  private seq = 0

  constructor(private readonly compare: (a: A, b: A) => number) {}

  get size(): number {
    return this.heap.length
  }

  push(item: A): void {
    const heap = this.heap
    const entry: Entry<A> = { item, seq: this.seq }
    // find the slot: climb while the new entry is before its parent
    let i = heap.length
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.before(entry, heap[parent]!)) break
      i = parent
    }
    // then shift the parents on the path down by one level
    let j = heap.length
    heap.push(entry)
    // Stryker disable next-line EqualityOperator: one more pass at j === i only writes slot i (or reads heap[-1] at the root), which `heap[i] = entry` then overwrites
    while (j > i) {
      const parent = (j - 1) >> 1
      heap[j] = heap[parent]!
      j = parent
    }
    heap[i] = entry
    this.seq++
  }

  take(): A {
    const heap = this.heap
    const top = heap[0]!
    const n = heap.length - 1
    if (n === 0) {
      heap.pop()
      return top.item
    }
    const last = heap[n]!
    // find where `last` settles among heap[0..n), walking down the smaller children
    const path: number[] = []
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      // Stryker disable next-line EqualityOperator: at left === n the child is `last` itself, which is never before itself, so the walk stops there anyway
      if (left >= n) break
      const right = left + 1
      // Stryker disable next-line EqualityOperator,ConditionalExpression: right <= n always (left < n); at right === n the child is `last`, chosen only when it is before the left child, and then the walk stops just as it would after comparing the left child with `last`
      const child = right < n && this.before(heap[right]!, heap[left]!) ? right : left
      if (!this.before(heap[child]!, last)) break
      path.push(child)
      i = child
    }
    // every comparison is done: move the children on the path up, then place `last`
    heap.pop()
    let hole = 0
    for (const child of path) {
      heap[hole] = heap[child]!
      hole = child
    }
    heap[hole] = last
    return top.item
  }

  clear(): void {
    this.heap = []
  }

  private before(a: Entry<A>, b: Entry<A>): boolean {
    const c = this.compare(a.item, b.item)
    if (typeof c !== 'number' || Number.isNaN(c)) {
      throw new TypeError(`PriorityQueue: compare must return a number, got ${String(c)}`)
    }
    // Stryker disable next-line EqualityOperator: the two entries compared are always distinct, and arrival numbers are unique, so their seqs are never equal
    return c < 0 || (c === 0 && a.seq < b.seq)
  }
}

type Primitive = number | bigint | string | boolean

const rank = (u: unknown): number => {
  switch (typeof u) {
    case 'number':
    case 'bigint':
      return 1
    case 'string':
      return 2
    case 'boolean':
      return 3
    default:
      return Array.isArray(u) ? 4 : 0
  }
}

const show = (u: unknown): string => {
  if (typeof u === 'string') return JSON.stringify(u)
  if (typeof u === 'bigint') return `${u}n`
  if (Array.isArray(u)) return `[${u.map(show).join(', ')}]`
  if (u === null || typeof u !== 'object') return String(u)
  return Object.prototype.toString.call(u)
}

/**
 * The default `PriorityQueue` order, Python's for the types that have one: numbers (and
 * bigints) by value, strings by UTF-16 code units, booleans with `false` first, and arrays
 * element by element like Python tuples (a shorter prefix first), so `[priority, item]`
 * entries work. Values of different kinds, `NaN`, objects and `undefined` have no order: a
 * `TypeError`.
 */
export const defaultCompare = (a: unknown, b: unknown): number => {
  const ra = rank(a)
  const rb = rank(b)
  // a kind with no order (0) on either side: it differs from the other's, or both are 0
  if (ra === 0 || ra !== rb || Number.isNaN(a) || Number.isNaN(b)) {
    throw new TypeError(
      `PriorityQueue cannot order ${show(a)} and ${show(b)}: the default order knows numbers, strings, booleans and arrays of them, one kind at a time; give the queue a compare function`,
    )
  }
  if (ra === 4) {
    const xs = a as unknown[]
    const ys = b as unknown[]
    const n = Math.min(xs.length, ys.length)
    for (let i = 0; i < n; i++) {
      const c = defaultCompare(xs[i], ys[i])
      if (c !== 0) return c
    }
    return xs.length - ys.length
  }
  const x = a as Primitive
  const y = b as Primitive
  return x < y ? -1 : x > y ? 1 : 0
}
