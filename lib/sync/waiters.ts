/**
 * The waiter list every primitive in `sync/` queues its blocked fibers on.
 *
 * A blocked operation creates a `Waiter` — a plain `Future` of the running loop — appends it
 * here and awaits it, exactly as asyncio's primitives do. Waking means setting the future's
 * result; the awaiting fiber resumes one iteration later (R16). A woken waiter is taken off
 * the list at once (asyncio's `popleft`), so the list holds only waiters that are pending or
 * cancelled-but-not-yet-cleaned-up.
 *
 * Removal is lazy, so that cancelling many waiters is never quadratic: `remove` only marks
 * the waiter, and marked or already-done waiters are skipped (and dropped) when a scan from
 * the front meets them; a list with more holes than waiters is compacted. Every operation is
 * amortised O(1).
 *
 * @module
 */
import { Future } from '../Future.js'
import type { Primitive, WaitInfo } from '../runtime/kernel.js'
import { WaitOn } from '../runtime/kernel.js'

/**
 * What the list can hold: a loop future (`Waiter`) or, for a queue's async iterator, a
 * waiter outside any loop. `listed` is true while the entry is on a list.
 */
export interface Wakeable {
  listed: boolean
  done(): boolean
  cancelled(): boolean
  setResult(value: unknown): void
}

/** A future a blocked fiber awaits (asyncio's `self._get_loop().create_future()`). */
export class Waiter extends Future<never, any> implements Wakeable {
  // Stryker disable next-line BooleanLiteral: every waiter is pushed on its list (which sets it) in the step it is made, before anything reads it
  listed = false
}

/** Holes tolerated before a compaction is worth it. */
const MIN_HOLES_TO_COMPACT = 32

export class WaiterList<W extends Wakeable = Wakeable> {
  private items: Array<W | undefined> = []
  private head = 0
  /** Entries in `items[head..]` taken off by `remove` but still occupying a slot. */
  private holes = 0

  /** Entries still on the list (pending, or done but not yet dropped). */
  get length(): number {
    return this.items.length - this.head - this.holes
  }

  push(waiter: W): W {
    waiter.listed = true
    this.items.push(waiter)
    return waiter
  }

  /**
   * Takes `waiter` off the list if it is still on it (asyncio's `waiters.remove(w)`, whose
   * `ValueError` for an already-removed waiter is ignored).
   */
  remove(waiter: W): void {
    if (!waiter.listed) return
    waiter.listed = false
    this.holes++
    // Stryker disable next-line MethodExpression: only drops front entries sooner: every scan (wakeFirst, hasPending) trims first, and what length counts agrees again once each cancelled waiter's own cleanup has run
    this.trim()
    // Stryker disable next-line ArithmeticOperator: decides only how often the list compacts (memory); compaction keeps every pending waiter, in order
    const size = this.items.length - this.head
    // Stryker disable next-line ConditionalExpression,EqualityOperator: as above: how often the list compacts, not what it wakes or counts
    if (this.holes > MIN_HOLES_TO_COMPACT && this.holes * 2 > size) this.compact()
  }

  /** True when some waiter on the list is still pending (not woken, not cancelled). */
  hasPending(): boolean {
    this.trim()
    return this.head < this.items.length
  }

  /** Wakes the first pending waiter with `value` and takes it off the list; false if there is none. */
  wakeFirst(value: unknown): boolean {
    this.trim()
    if (this.head === this.items.length) return false
    const waiter = this.items[this.head]!
    this.items[this.head++] = undefined
    waiter.listed = false
    waiter.setResult(value)
    // Stryker disable next-line MethodExpression: only drops the entries behind the woken one sooner; the next scan trims them first
    this.trim()
    return true
  }

  /** Wakes up to `n` pending waiters, oldest first; returns how many were woken. */
  wakeMany(n: number, value: unknown): number {
    let woken = 0
    while (woken < n && this.wakeFirst(value)) woken++
    return woken
  }

  /** Wakes every pending waiter and empties the list. */
  wakeAll(value: unknown): void {
    const items = this.items
    const head = this.head
    this.items = []
    this.head = 0
    this.holes = 0
    // Stryker disable next-line EqualityOperator: one step past the end reads an empty slot, which the check below skips
    for (let i = head; i < items.length; i++) {
      const waiter = items[i]
      // Stryker disable next-line ConditionalExpression,LogicalOperator: slots from head on are never empty, and an entry off the list is a removed waiter, which is done (cancelled): the setResult below skips it either way
      if (waiter === undefined || !waiter.listed) continue
      waiter.listed = false
      if (!waiter.done()) waiter.setResult(value)
    }
  }

  /**
   * Drops entries at the front that are off the list or done: a done entry on the list is a
   * waiter whose fiber was cancelled and has not yet run its cleanup; it needs nothing more.
   */
  private trim(): void {
    const items = this.items
    let head = this.head
    while (head < items.length) {
      const waiter = items[head]!
      if (!waiter.listed) this.holes--
      else if (waiter.done()) waiter.listed = false
      else break
      items[head++] = undefined
    }
    // Stryker disable ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator: memory only: whether an emptied list drops its array now or at the slice, and when the consumed front is cut off the array; the entries kept and their order are the same
    if (head === items.length) {
      // emptied (or already empty): a small array is kept for the next waiter, emptied with
      // `pop`, which keeps its capacity, where a new array or `length = 0` allocates again
      // (W5 at 10⁵, M instructions per run: 1 158 / 1 138 -> 1 133 / 1 114, about 2 %: within
      // the spread of counts taken in two processes, see bench/README.md)
      if (items.length > 16) this.items = []
      else while (items.length > 0) items.pop()
      this.head = 0
      this.holes = 0
    } else if (head > 1024 && head * 2 > items.length) {
      this.items = items.slice(head)
      this.head = 0
    } else this.head = head
  }

  // Stryker restore ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator

  private compact(): void {
    const kept: W[] = []
    for (let i = this.head; i < this.items.length; i++) {
      const waiter = this.items[i]!
      if (!waiter.listed) continue
      // Stryker disable next-line ConditionalExpression: keeping a done (cancelled) waiter keeps it listed until its own cleanup removes it, which then counts it off as usual
      if (waiter.done()) waiter.listed = false
      else kept.push(waiter)
    }
    this.items = kept
    this.head = 0
    this.holes = 0
  }
}

/**
 * Awaits `waiter`; `cleanup(failed)` runs synchronously however the wait ends — woken
 * (`failed` false), cancelled, or cancelled after being woken — before that ending reaches
 * the caller. This is asyncio's `try: await fut` / `except:` / `finally:` around a waiter,
 * as one frame. `cleanup` must not throw. `describe` says what the fiber waits on, for
 * `loop.dump()` (called only then).
 */
export const awaitWaiter = (waiter: Waiter, cleanup: (failed: boolean) => undefined, describe?: () => WaitInfo): Primitive =>
  new WaitOn(waiter, { waitEnded: (_, failed) => cleanup(failed), describeAwait: describe })
