/**
 * The smallest unbounded FIFO queue with callback takers, for the systems that have none of
 * their own (Promises, fp-ts, fluture, the floor). A head index instead of `Array#shift`.
 *
 * @example
 * const q = new CallbackQueue<number>(); q.take((n) => console.log(n)); q.put(1) // prints 1
 */
export class CallbackQueue<A> {
  private items: A[] = []
  private head = 0
  private takers: Array<(a: A) => void> = []
  private takersHead = 0

  put(a: A): void {
    if (this.takersHead < this.takers.length) {
      const k = this.takers[this.takersHead++]!
      if (this.takersHead === this.takers.length) {
        this.takers.length = 0
        this.takersHead = 0
      }
      k(a)
    } else this.items.push(a)
  }

  /** Calls `k` with the next item: at once if one is queued, else when one is put. */
  take(k: (a: A) => void): void {
    if (this.head < this.items.length) {
      const a = this.items[this.head++]!
      if (this.head === this.items.length) {
        this.items.length = 0
        this.head = 0
      }
      k(a)
    } else this.takers.push(k)
  }
}

/** A future nobody completes: a list of waiters. */
export class Blocker {
  readonly waiters: Array<(a: unknown) => void> = []
}
