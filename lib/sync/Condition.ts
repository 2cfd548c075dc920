/**
 * `Condition` — asyncio's `asyncio.Condition` (ASYNCIO.md R61): a lock plus a list of
 * fibers waiting to be told that something changed.
 *
 * - `new Condition()` makes its own `Lock`; `new Condition(lock)` shares an existing one.
 *   `acquire`, `release`, `locked` and `withLock` are the lock's.
 * - `wait()` must be called with the lock held (else `InvalidStateError`). It releases the
 *   lock, waits for a `notify`, and **always re-acquires the lock before it returns or
 *   fails** — also when it is cancelled: the `CancelledError` (the same instance) comes out
 *   only once the lock is held again, so a `withLock` around it releases correctly.
 * - `waitFor(predicate)` waits until `predicate()` is truthy and returns its value; it does
 *   not wait (nor need the lock) when the predicate already holds.
 * - `notify(n = 1)` wakes up to `n` waiters, oldest first; `notifyAll()` wakes them all.
 *   Both need the lock (else `InvalidStateError`).
 *
 * No lost wake-up: a waiter that was notified but then is cancelled (or fails) passes one
 * notification on to the next waiter. That may wake a fiber spuriously, which the condition
 * variable protocol allows — re-check the state after `wait()`, or use `waitFor`.
 *
 * @example
 * const cond = new Condition()
 * let ready = false
 * const consumer = cond.withLock(cond.waitFor(() => ready))
 * const producer = cond.withLock(Task.sync(() => { ready = true; cond.notifyAll() }))
 *
 * @module
 */
import { CancelledError, InvalidStateError } from '../errors.js'
import type { Task, WaitInfo, WaitOwner } from '../runtime/kernel.js'
import { checkFunction, describeValue, Fiber, fromPrimitive, Gen, plural, WaitOn } from '../runtime/kernel.js'
import { currentFiber } from '../task/constructors.js'
import { LoopBound, nameOption } from './bound.js'
import { Lock } from './Lock.js'
import type { Waiter } from './waiters.js'
import { WaiterList } from './waiters.js'

/**
 * A lock plus waiters to notify (asyncio's `Condition`); see the module doc.
 *
 * @example
 * const cond = new Condition()
 * cond.withLock(cond.waitFor(() => ready))
 */
export class Condition extends LoopBound {
  private readonly lock: Lock
  private readonly waiters = new WaiterList<Waiter>()
  private readonly startWait = (): Iterator<unknown, true, any> => this.waitBody()

  /**
   * @param lock a `Lock` to share; by default the condition makes its own.
   * @param options `name` names it in `toString()` and `loop.dump()` (with a lock of its
   *   own: `new Condition(undefined, { name: 'ready' })`).
   * @example
   * const lock = new Lock()
   * const notEmpty = new Condition(lock, { name: 'notEmpty' }), notFull = new Condition(lock)
   */
  constructor(lock?: Lock, options?: { readonly name?: string }) {
    super()
    if (lock !== undefined && !(lock instanceof Lock)) throw new TypeError(`new Condition(lock) expects a Lock, got ${describeValue(lock)}`)
    this.nameAs(nameOption('Condition', options))
    this.lock = lock ?? new Lock()
  }

  /** How a fiber parked in `wait()` is described (the wait itself ends as the waiter does). */
  private readonly waiting: WaitOwner = {
    waitEnded: () => undefined,
    // Stryker disable next-line ArrayDeclaration: loop.snapshot() and loop.dump() keep only the live fibers of this list, so a list holding anything but a fiber reads as empty
    describeAwait: (): WaitInfo => ({ kind: 'sync', text: `${this.label}.wait (${plural(this.waiters.length, 'waiter')})`, fibers: [] }),
  }

  protected get kind(): string {
    return 'Condition'
  }

  /** True while the underlying lock is held. @example cond.locked() */
  locked(): boolean {
    return this.lock.locked()
  }

  /** Acquires the underlying lock (see `Lock.acquire`). @example Task.gen(function* () { yield* cond.acquire(); cond.release() }) */
  acquire(): Task<never, true> {
    return this.lock.acquire()
  }

  /** Releases the underlying lock (see `Lock.release`). @example cond.release() */
  release(): void {
    this.lock.release()
  }

  /**
   * `async with cond:` — runs `task` holding the underlying lock. A property, so
   * `pipe(task, cond.withLock)` works.
   *
   * @example
   * cond.withLock(Task.sync(() => cond.notifyAll()))
   */
  readonly withLock = <E, A>(task: Task<E, A>): Task<E, A> => this.lock.withLock(task)

  /**
   * Releases the lock, waits to be notified, re-acquires the lock; returns `true`. Needs the
   * lock held: `InvalidStateError` otherwise. Cancelled, it re-acquires the lock before the
   * cancellation propagates.
   *
   * @example
   * cond.withLock(Task.gen(function* () { while (!ready) yield* cond.wait() }))
   */
  wait(): Task<InvalidStateError, true> {
    return fromPrimitive(new Gen(this.startWait))
  }

  /**
   * Waits (with `wait()`) until `predicate()` returns something truthy, and returns it. Does
   * not wait at all when it already holds. A property, so it can be passed around.
   *
   * @example
   * cond.withLock(cond.waitFor(() => items.length > 0))
   */
  readonly waitFor = <B>(predicate: () => B): Task<InvalidStateError, B> => {
    checkFunction('Condition.waitFor', predicate)
    const cond = this
    return fromPrimitive(
      new Gen(function* (): Generator<unknown, B, unknown> {
        let result = predicate()
        while (!result) {
          yield cond.wait()
          result = predicate()
        }
        return result
      }),
    )
  }

  /**
   * Wakes up to `n` waiting fibers, oldest first. Needs the lock held: `InvalidStateError`
   * otherwise.
   *
   * @example
   * const jobs: string[] = []
   * cond.withLock(Task.sync(() => { jobs.push('job'); cond.notify() }))
   */
  notify(n = 1): void {
    if (typeof n !== 'number' || Number.isNaN(n)) throw new TypeError(`Condition.notify(n) expects a number, got ${describeValue(n)}`)
    if (!this.lock.locked()) throw new InvalidStateError('Condition.notify: cannot notify on an un-acquired lock (hold the lock, e.g. inside cond.withLock)')
    // Stryker disable next-line BooleanLiteral: the value a waiter's future is woken with is never read (wait returns true once it holds the lock again)
    this.waiters.wakeMany(n, false)
  }

  /**
   * Wakes every waiting fiber. Needs the lock held: `InvalidStateError` otherwise.
   *
   * @example
   * let done = false
   * cond.withLock(Task.sync(() => { done = true; cond.notifyAll() }))
   */
  notifyAll(): void {
    this.notify(Infinity)
  }

  override toString(): string {
    return `${this.opening}${this.lock.locked() ? 'locked' : 'unlocked'}${this.waiters.length > 0 ? ` waiters=${this.waiters.length}` : ''}>`
  }

  private *waitBody(): Generator<unknown, true, any> {
    if (!this.lock.locked()) {
      throw new InvalidStateError('Condition.wait: cannot wait on an un-acquired lock (acquire it first, e.g. with cond.withLock)')
    }
    const fiber: Fiber = yield currentFiber
    const waiter = this.newWaiter(fiber) // may fail (another loop) before anything changed
    this.lock.release()
    try {
      try {
        this.waiters.push(waiter)
        try {
          yield new WaitOn(waiter, this.waiting)
          return true
        } finally {
          this.waiters.remove(waiter)
        }
      } finally {
        // Re-acquire, even when cancelled; a cancel that lands meanwhile is kept and raised
        // once the lock is held (the most recent one, as in asyncio).
        let cancel: unknown = undefined
        for (;;) {
          try {
            yield this.lock.acquire()
            break
          } catch (error) {
            if (!(error instanceof CancelledError)) throw error
            cancel = error
          }
        }
        if (cancel !== undefined) throw cancel
      }
    } catch (error) {
      // We may have been notified before this failure: pass a notification on, so that
      // none is lost (a spurious wake-up at worst).
      // Stryker disable next-line BooleanLiteral: the value a waiter's future is woken with is never read
      this.waiters.wakeMany(1, false)
      throw error
    }
  }
}
