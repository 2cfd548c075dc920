/**
 * `Barrier` — asyncio's `asyncio.Barrier` (ASYNCIO.md R63): `parties` fibers wait for each
 * other, then all go on together, and the barrier can be used again.
 *
 * - `wait()` returns an index: how many parties were already waiting when this one
 *   arrived (`0 … parties - 1`). The arrival that completes the set releases everyone; the
 *   barrier then *drains* (the released parties leave) and refills. A fiber that arrives
 *   while it drains or resets waits for the next round.
 * - A cancelled `wait()` simply leaves: it no longer counts, and the others keep waiting
 *   for a full set (so indices are not unique after a cancellation, as in asyncio).
 * - `reset()` sends `BrokenBarrierError` to every party waiting now, and the barrier fills
 *   again from zero once they have left. `abort()` breaks the barrier: every current and
 *   future `wait()` fails with `BrokenBarrierError`, until `reset()`.
 * - `parties`, `nWaiting` (parties waiting while it fills), `broken`.
 *
 * Decision: asyncio's `reset()` and `abort()` are coroutines because its barrier is built
 * on a `Condition` whose lock they must take. This barrier keeps its own state, so they
 * never need to wait and are plain calls; what every party observes is the same.
 *
 * @example
 * const barrier = new Barrier(3)
 * const party = (ms: number) => Task.gen(function* () {
 *   yield* Task.sleep(ms)
 *   return yield* barrier.wait() // all three return at 30 ms
 * })
 * runSync(Task.gather([party(10), party(20), party(30)])) // [0, 1, 2]
 *
 * @module
 */
import { BrokenBarrierError } from '../errors.js'
import type { Primitive, Task, WaitInfo } from '../runtime/kernel.js'
import { describeValue, Fiber, fromPrimitive, Gen } from '../runtime/kernel.js'
import { currentFiber } from '../task/constructors.js'
import { LoopBound, nameOption } from './bound.js'
import type { Waiter } from './waiters.js'
import { WaiterList, awaitWaiter } from './waiters.js'

type State = 'filling' | 'draining' | 'resetting' | 'broken'

/**
 * Parties that wait for each other, round after round (asyncio's `Barrier`); see the module doc.
 *
 * @example
 * const barrier = new Barrier(3)
 * Task.gen(function* () { const i = yield* barrier.wait() })
 */
export class Barrier extends LoopBound {
  /** How many parties must wait before all are released. */
  readonly parties: number
  private state: State = 'filling'
  /** Parties inside `wait()` past the entry check (filling, or released and not yet left). */
  private count = 0
  /** Everyone waiting for the state to change; each re-checks when woken. */
  private readonly waiters = new WaiterList<Waiter>()
  private readonly startWait = (): Iterator<unknown, number, any> => this.waitBody()

  /**
   * @param parties a whole number ≥ 1 (`RangeError` otherwise).
   * @param options `name` names it in `toString()` and `loop.dump()`.
   * @example
   * new Barrier(4)
   * new Barrier(4, { name: 'round' })
   */
  constructor(parties: number, options?: { readonly name?: string }) {
    super()
    if (typeof parties !== 'number' || Number.isNaN(parties)) throw new TypeError(`new Barrier(parties) expects a number, got ${describeValue(parties)}`)
    if (parties < 1 || !Number.isInteger(parties)) throw new RangeError(`new Barrier(parties): parties must be a whole number > 0, got ${parties}`)
    this.nameAs(nameOption('Barrier', options))
    this.parties = parties
  }

  // Stryker disable next-line ArrayDeclaration: loop.snapshot() and loop.dump() keep only the live fibers of this list, so a list holding anything but a fiber reads as empty
  private readonly describeWait = (): WaitInfo => ({ kind: 'sync', text: `${this.label}.wait (${this.state}, ${this.nWaiting} of ${this.parties} waiting)`, fibers: [] })

  protected get kind(): string {
    return 'Barrier'
  }

  /** Parties waiting for the set to complete (0 while it drains, resets or is broken). @example barrier.nWaiting */
  get nWaiting(): number {
    return this.state === 'filling' ? this.count : 0
  }

  /** True after `abort()`, until `reset()`. @example barrier.broken // false */
  get broken(): boolean {
    return this.state === 'broken'
  }

  /**
   * Waits until `parties` fibers wait, then returns this party's arrival index. Fails with
   * `BrokenBarrierError` when the barrier is broken, or reset while waiting.
   *
   * @example
   * Task.gen(function* () { const i = yield* barrier.wait(); if (i === 0) console.log('first in') })
   */
  wait(): Task<BrokenBarrierError, number> {
    return fromPrimitive(new Gen(this.startWait))
  }

  /**
   * Returns the barrier to its empty state; parties waiting now fail with
   * `BrokenBarrierError`. Also mends a broken barrier.
   *
   * @example
   * barrier.reset()
   */
  reset(): void {
    if (this.count > 0) this.state = 'resetting'
    else this.state = 'filling'
    this.waiters.wakeAll(undefined)
  }

  /**
   * Breaks the barrier: every waiting and future `wait()` fails with `BrokenBarrierError`
   * until `reset()`. Use it when a party cannot arrive (it failed), so the others do not wait
   * forever.
   *
   * @example
   * barrier.abort()
   */
  abort(): void {
    this.state = 'broken'
    this.waiters.wakeAll(undefined)
  }

  override toString(): string {
    return `${this.opening}${this.state} waiters=${this.nWaiting}/${this.parties}>`
  }

  private *waitBody(): Generator<unknown, number, any> {
    const fiber: Fiber = yield currentFiber
    // wait for a round that is filling (or broken)
    while (this.state === 'draining' || this.state === 'resetting') yield this.stateChange(fiber)
    if (this.state === 'broken') throw new BrokenBarrierError('Barrier.wait: the barrier is broken (aborted)')
    const index = this.count++
    try {
      if (index + 1 === this.parties) {
        // the set is complete: release everyone
        this.state = 'draining'
        this.waiters.wakeAll(undefined)
      } else {
        while (this.state === 'filling') yield this.stateChange(fiber)
        if (this.state === 'broken' || this.state === 'resetting') {
          throw new BrokenBarrierError(`Barrier.wait: the barrier was ${this.state === 'broken' ? 'aborted' : 'reset'} while waiting`)
        }
      }
      return index
    } finally {
      // leaving (released, broken, or cancelled): the last one out lets the next round in
      this.count--
      if (this.count === 0) {
        const state = this.state as State // (TypeScript narrows across the yields above)
        if (state === 'draining' || state === 'resetting') this.state = 'filling'
        this.waiters.wakeAll(undefined)
      }
    }
  }

  /** Waits for the next `wakeAll`. */
  private stateChange(fiber: Fiber): Task<never, unknown> {
    const waiter = this.waiters.push(this.newWaiter(fiber))
    const awaited: Primitive = awaitWaiter(
      waiter,
      // Stryker disable next-line BlockStatement: a cancelled waiter left on the list is done, so wakeAll skips it and drops it at its next call: only memory would tell
      (failed) => {
        // Stryker disable next-line ConditionalExpression: a waiter that ends without failing was woken by wakeAll, which already took it off the list (remove ignores it); for a cancelled one, see above
        if (failed) this.waiters.remove(waiter)
        return undefined
      },
      this.describeWait,
    )
    return fromPrimitive(awaited)
  }
}
