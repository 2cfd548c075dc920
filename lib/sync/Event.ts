/**
 * `Event` — asyncio's `asyncio.Event` (ASYNCIO.md R60): a flag that fibers can wait for.
 *
 * - `set()` sets the flag and wakes every fiber waiting at that moment; each `wait()`
 *   returns `true`. Setting a set event does nothing.
 * - `wait()` on a set event returns at once, without suspending.
 * - `clear()` resets the flag; fibers already woken stay woken.
 * - A cancelled `wait()` takes its waiter off the list; nothing else changes.
 *
 * `set`, `clear` and `isSet` are plain calls and work from anywhere (a callback, code
 * outside the loop); `wait` is a `Task` and binds the event to the loop of the first fiber
 * that waits on it.
 *
 * @example
 * const ready = new Event()
 * const main = Task.gen(function* () {
 *   const waiter = yield* Task.spawn(ready.wait())
 *   yield* Task.sleep(10)
 *   ready.set()
 *   return yield* waiter // true
 * })
 *
 * @module
 */
import type { Primitive, Task, WaitInfo } from '../runtime/kernel.js'
import { Fiber, fromPrimitive, plural, Succeed, withFiber } from '../runtime/kernel.js'
import { LoopBound, nameOption } from './bound.js'
import type { Waiter } from './waiters.js'
import { WaiterList, awaitWaiter } from './waiters.js'

const TRUE: Primitive = new Succeed(true)

/**
 * A flag fibers can wait for (asyncio's `Event`); see the module doc.
 *
 * @example
 * const started = new Event()
 * Task.gen(function* () { yield* started.wait() })
 */
export class Event extends LoopBound {
  private flag = false
  private readonly waiters = new WaiterList<Waiter>()
  private readonly waitStep = (fiber: Fiber): Primitive => this.waitFor(fiber)
  private readonly describeWait = (): WaitInfo => this.describeWaiting()

  /**
   * @example
   * new Event()
   * new Event({ name: 'ready' }) // named in toString() and loop.dump()
   */
  constructor(options?: { readonly name?: string }) {
    super()
    this.nameAs(nameOption('Event', options))
  }

  protected get kind(): string {
    return 'Event'
  }

  /** True once `set()` was called, until `clear()`. @example new Event().isSet() // → false */
  isSet(): boolean {
    return this.flag
  }

  /**
   * Sets the flag and wakes every waiting fiber. A no-op when already set.
   *
   * @example
   * const e = new Event()
   * e.set()
   * e.isSet() // → true
   */
  set(): void {
    // Stryker disable next-line ConditionalExpression: while the flag is set no fiber waits (set woke them all and wait returns at once), so setting it again finds nobody to wake
    if (this.flag) return
    this.flag = true
    this.waiters.wakeAll(true)
  }

  /**
   * Resets the flag; later `wait()`s block again. Fibers already woken are not affected.
   *
   * @example
   * const e = new Event()
   * e.set(); e.clear()
   * e.isSet() // → false
   */
  clear(): void {
    this.flag = false
  }

  /**
   * Waits until the flag is set; returns `true`. Returns at once when it is already set.
   *
   * @example
   * const started = new Event()
   * Task.gen(function* () { yield* started.wait(); console.log('go') })
   */
  wait(): Task<never, true> {
    return fromPrimitive(withFiber(this.waitStep))
  }

  override toString(): string {
    return `${this.opening}${this.flag ? 'set' : 'unset'}${this.waiters.length > 0 ? ` waiters=${this.waiters.length}` : ''}>`
  }

  /** What a fiber blocked in `wait()` waits on: `Event 'ready'.wait (unset, 2 waiters)`. */
  protected describeWaiting(): WaitInfo {
    // Stryker disable next-line ArrayDeclaration: loop.snapshot() and loop.dump() keep only the live fibers of this list, so a list holding anything but a fiber reads as empty
    // always unset: set() wakes every waiter at once, and a woken fiber is described as ready
    return { kind: 'sync', text: `${this.label}.wait (unset, ${plural(this.waiters.length, 'waiter')})`, fibers: [] }
  }

  private waitFor(fiber: Fiber): Primitive {
    if (this.flag) return TRUE
    const waiter = this.waiters.push(this.newWaiter(fiber))
    return awaitWaiter(
      waiter,
      (failed) => {
        // Stryker disable next-line ConditionalExpression: a wait that ends without failing was woken by set's wakeAll, which already took the waiter off the list (remove ignores it)
        if (failed) this.waiters.remove(waiter)
        return undefined
      },
      this.describeWait,
    )
  }
}
