/**
 * The ready queue: a growable ring buffer with O(1) push and shift, and nothing else.
 * (An `Array#shift` is O(n) once V8 leaves its fast path; a head index is not.)
 *
 * @module
 */
export class Deque<T> {
  private items: Array<T | undefined>
  private head = 0
  private count = 0
  private mask: number

  constructor(capacity = 16) {
    // a power of two, so wrapping is a mask
    let size = 16
    while (size < capacity) size *= 2
    this.items = new Array<T | undefined>(size)
    this.mask = size - 1
  }

  get length(): number {
    return this.count
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow()
    this.items[(this.head + this.count) & this.mask] = item
    this.count++
  }

  /** Removes and returns the oldest item; `undefined` when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined
    const item = this.items[this.head]
    this.items[this.head] = undefined // let it be collected
    this.head = (this.head + 1) & this.mask
    this.count--
    return item
  }

  clear(): void {
    this.items = new Array<T | undefined>(16)
    this.mask = 15
    this.head = 0
    this.count = 0
  }

  /** The items oldest first (for inspection, not for the hot path). */
  toArray(): T[] {
    const out: T[] = []
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.head + i) & this.mask] as T)
    return out
  }

  /** Reorders the first `n` items with `permute` (used by schedule exploration). */
  permuteFront(n: number, permute: (batch: T[]) => T[]): void {
    const batch: T[] = []
    for (let i = 0; i < n; i++) batch.push(this.items[(this.head + i) & this.mask] as T)
    const next = permute(batch)
    for (let i = 0; i < n; i++) this.items[(this.head + i) & this.mask] = next[i]
  }

  private grow(): void {
    const old = this.items
    const size = old.length * 2
    const next = new Array<T | undefined>(size)
    // Stryker disable next-line EqualityOperator: <= copies one slot more, past the last item, which is written before it is ever read; < → > or >= copying nothing is killed by deque.test.ts and ignored with it
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & this.mask]
    this.items = next
    this.head = 0
    this.mask = size - 1
  }
}
