/**
 * A binary min-heap of timers ordered by deadline, ties broken by registration order, so
 * timers due at the same moment fire first-registered first (ASYNCIO.md R2).
 *
 * Cancellation is lazy: a cancelled timer stays in the heap, flagged, and is dropped when it
 * reaches the top, or all at once when cancelled timers outnumber live ones (asyncio's
 * `_MIN_CANCELLED_TIMER_HANDLES_FRACTION`), so cancelling many timers is O(n log n), not O(n²).
 *
 * @module
 */
export interface HeapTimer {
  readonly when: number
  readonly seq: number
  cancelled: boolean
}

// Stryker disable next-line EqualityOperator: a.seq <= b.seq is equivalent (sequence numbers are unique, and the heap never compares a timer with itself); the deadline comparisons' mutants are killed by heap.test.ts and the R2 tests and ignored with it
const before = (a: HeapTimer, b: HeapTimer): boolean => a.when < b.when || (a.when === b.when && a.seq < b.seq)

/** Rebuild once at least this many cancelled timers make up at least half of the heap. */
const MIN_CANCELLED_FOR_PRUNE = 64

export class TimerHeap<T extends HeapTimer> {
  private items: T[] = []
  private cancelledCount = 0

  get size(): number {
    return this.items.length
  }

  /** Live (not cancelled) timers. */
  get live(): number {
    return this.items.length - this.cancelledCount
  }

  push(timer: T): void {
    const items = this.items
    items.push(timer)
    this.siftUp(items.length - 1)
  }

  /** The earliest live timer, dropping cancelled ones from the top. */
  peek(): T | undefined {
    const items = this.items
    while (items.length > 0 && items[0]!.cancelled) {
      this.popTop()
      this.cancelledCount--
    }
    return items[0]
  }

  /** Removes and returns the earliest live timer. */
  pop(): T | undefined {
    const top = this.peek()
    this.popTop() // nothing to remove when peek found none: the heap is empty then
    return top
  }

  /** Called when a timer that is in the heap is cancelled. */
  noteCancelled(): void {
    this.cancelledCount++
    // Stryker disable next-line ConditionalExpression: the minimum → true only prunes small heaps sooner and more often (time and memory: pruning drops cancelled timers alone); the whole test → true or false is killed by heap.test.ts and ignored with it
    if (this.cancelledCount >= MIN_CANCELLED_FOR_PRUNE && this.cancelledCount * 2 >= this.items.length) this.prune()
  }

  clear(): void {
    this.items = []
    this.cancelledCount = 0
  }

  /** Every live timer, in no particular order (for inspection). */
  liveTimers(): T[] {
    return this.items.filter((t) => !t.cancelled)
  }

  private prune(): void {
    this.items = this.items.filter((t) => !t.cancelled)
    this.cancelledCount = 0
    // Stryker disable next-line ArithmeticOperator: starting two nodes later only sifts two more leaves, which have no children
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i)
  }

  private popTop(): void {
    const items = this.items
    const last = items.pop()!
    if (items.length > 0) {
      items[0] = last
      this.siftDown(0)
    }
  }

  private siftUp(i: number): void {
    const items = this.items
    const item = items[i]!
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = items[parent]!
      if (!before(item, p)) break
      items[i] = p
      i = parent
    }
    items[i] = item
  }

  private siftDown(i: number): void {
    const items = this.items
    const n = items.length
    const item = items[i]!
    for (;;) {
      const left = 2 * i + 1
      if (left >= n) break
      const right = left + 1
      const child = right < n && before(items[right]!, items[left]!) ? right : left
      if (!before(items[child]!, item)) break
      items[i] = items[child]!
      i = child
    }
    items[i] = item
  }
}
