/**
 * `Semaphore` and `BoundedSemaphore` — asyncio's (ASYNCIO.md R62): a counter of permits.
 *
 * - `acquire()` takes a permit, waiting while there is none. Waiters are served first come,
 *   first served: while anyone is queued, a newcomer queues too, even if permits are free.
 * - `release()` returns a permit and wakes the first waiter, *reserving* the permit for it
 *   (the value drops again at once). A `BoundedSemaphore` refuses to go above its initial
 *   value: `RangeError`.
 * - `locked()` is true when an `acquire()` would have to wait.
 * - `withLock(task)` is `async with sem:` — acquire, run `task`, release however it ends.
 *
 * Cancellation: a cancelled `acquire()` holds nothing. A waiter woken and then cancelled
 * before it ran gives its reserved permit back; after every acquire attempt, successful or
 * cancelled, as many further waiters are woken as there are free permits — no permit is
 * ever stranded while someone waits.
 *
 * The initial value is a whole number ≥ 0 (or `Infinity`): a negative one is a
 * `RangeError`, a non-number a `TypeError`.
 *
 * @example
 * const sem = new Semaphore(2)
 * const job = (i: number) => sem.withLock(Task.sleep(10).pipe(Task.as(i)))
 * runSync(Task.gather([job(1), job(2), job(3)])) // two run at once; done at 20 ms
 *
 * @module
 */
import type { Primitive, Task, WaitInfo } from '../runtime/kernel.js'
import { checkTask, describeValue, Fiber, FlatMap, fromPrimitive, plural, Succeed, withFiber } from '../runtime/kernel.js'
import { LoopBound, nameOption } from './bound.js'
import { guarded } from './Lock.js'
import type { Waiter } from './waiters.js'
import { WaiterList, awaitWaiter } from './waiters.js'

// Stryker disable next-line BooleanLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (Semaphore.test.ts: acquire gives true)
const TRUE: Primitive = new Succeed(true)
const returnTrue = (): Primitive => TRUE

/** @internal */
export const checkCount = (who: string, value: unknown): number => {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${who} expects a number, got ${describeValue(value)}`)
  if (value < 0) throw new RangeError(`${who}: the value must be >= 0, got ${value}`)
  if (!Number.isInteger(value) && value !== Infinity) throw new RangeError(`${who}: the value must be a whole number, got ${value}`)
  return value
}

/**
 * A counter of permits with FIFO-fair waiting (asyncio's `Semaphore`); see the module doc.
 *
 * @example
 * const limit = new Semaphore(3)
 * pipe(fetchPage(url), limit.withLock)
 */
export class Semaphore extends LoopBound {
  private count: number
  /** Woken waiters that have not run yet; each holds a reserved permit. */
  private woken = 0
  private readonly waiters = new WaiterList<Waiter>()
  private readonly acquireStep = (fiber: Fiber): Primitive => this.tryAcquire(fiber)
  private readonly describeWait = (): WaitInfo => ({
    kind: 'sync',
    text: `${this.label}.acquire (value ${this.count}, ${plural(this.waiters.length, 'waiter')})`,
    // Stryker disable next-line ArrayDeclaration: loop.snapshot() and loop.dump() keep only the live fibers of this list, so a list holding anything but a fiber reads as empty
    fibers: [],
  })

  /**
   * @param value the initial number of permits (default 1).
   * @param options `name` names it in `toString()` and `loop.dump()`.
   * @example
   * new Semaphore(3)
   * new Semaphore(3, { name: 'connections' })
   */
  constructor(value = 1, options?: { readonly name?: string }) {
    super()
    this.count = checkCount(`new ${this.kind}`, value)
    this.nameAs(nameOption(this.kind, options))
  }

  protected get kind(): string {
    return 'Semaphore'
  }

  /** Free permits (not counting those reserved for woken waiters). @example new Semaphore(2).value // → 2 */
  get value(): number {
    return this.count
  }

  /**
   * True when `acquire()` would wait: no permit is free, or someone is already queued.
   *
   * @example
   * new Semaphore(0).locked() // → true
   */
  locked(): boolean {
    return this.count === 0 || this.woken > 0 || this.waiters.hasPending()
  }

  /**
   * Takes a permit, waiting for one if needed; returns `true`. Cancelled while waiting, it
   * holds nothing.
   *
   * @example
   * Task.gen(function* () { yield* sem.acquire(); try { yield* work } finally { sem.release() } })
   */
  acquire(): Task<never, true> {
    return fromPrimitive(withFiber(this.acquireStep))
  }

  /**
   * Returns a permit and wakes the first waiter.
   *
   * @example
   * sem.release()
   */
  release(): void {
    this.count++
    this.wakeUpNext()
  }

  /**
   * `async with sem:` — acquires a permit, runs `task`, releases however `task` ends.
   * Waiting can be cancelled; once the permit is taken, the release is guaranteed. A
   * property, so `pipe(task, sem.withLock)` works.
   *
   * @example
   * pipe(fetchPage(url), sem.withLock)
   */
  readonly withLock = <E, A>(task: Task<E, A>): Task<E, A> => {
    checkTask(`${this.kind}.withLock`, task)
    return guarded(this.acquire(), () => this.release(), task)
  }

  override toString(): string {
    return `${this.opening}value=${this.count}${this.waiters.length > 0 ? ` waiters=${this.waiters.length}` : ''}>`
  }

  private tryAcquire(fiber: Fiber): Primitive {
    if (!this.locked()) {
      this.count--
      return TRUE
    }
    const waiter = this.waiters.push(this.newWaiter(fiber))
    return new FlatMap(
      awaitWaiter(waiter, (failed) => {
        if (!failed) this.woken--
        else if (waiter.done() && !waiter.cancelled()) {
          // woken, then cancelled before running: give the reserved permit back
          this.woken--
          this.count++
        } else this.waiters.remove(waiter)
        // newcomers may have queued behind us while permits were free: wake as many as allowed
        while (this.count > 0 && this.wakeUpNext());
        return undefined
      }, this.describeWait),
      returnTrue,
    )
  }

  /** Wakes the first pending waiter, reserving a permit for it. */
  private wakeUpNext(): boolean {
    // Stryker disable next-line BooleanLiteral: the value a waiter is woken with is never read (acquire returns true once it holds the permit)
    if (!this.waiters.wakeFirst(true)) return false
    this.count--
    this.woken++
    return true
  }
}

/**
 * A `Semaphore` that refuses to be released above its initial value (`RangeError`), which
 * catches a release without a matching acquire.
 *
 * @example
 * const sem = new BoundedSemaphore(1)
 * sem.release() // RangeError: BoundedSemaphore released too many times
 */
export class BoundedSemaphore extends Semaphore {
  private readonly bound: number

  /**
   * @param value the initial (and largest) number of permits (default 1).
   * @param options `name` names it in `toString()` and `loop.dump()`.
   * @example
   * new BoundedSemaphore(2, { name: 'pool' })
   */
  constructor(value = 1, options?: { readonly name?: string }) {
    super(value, options)
    this.bound = value
  }

  protected override get kind(): string {
    return 'BoundedSemaphore'
  }

  /** Returns a permit; `RangeError` if that would exceed the initial value. @example sem.release() */
  override release(): void {
    if (this.value >= this.bound) throw new RangeError(`BoundedSemaphore released too many times (initial value ${this.bound})`)
    super.release()
  }
}
