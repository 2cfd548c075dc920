/**
 * `Lock` — asyncio's `asyncio.Lock` (ASYNCIO.md R58–R59): a mutual-exclusion lock whose
 * waiters are served strictly first come, first served.
 *
 * - `acquire()` takes the lock at once only when it is free **and** nobody is queued; a
 *   newcomer never overtakes a waiter, not even one that was woken and has not run yet.
 * - `release()` frees the lock and wakes the first waiter, which takes the lock when it
 *   runs (one iteration later). Releasing a free lock is an `InvalidStateError`. As in
 *   asyncio, a lock is not owned by a fiber: any fiber, or a plain callback, may release it.
 * - `withLock(task)` is `async with lock:` — acquire, run `task`, release however it ends.
 *
 * Cancellation (R59) keeps the invariant "if the lock is free and someone waits, the first
 * waiter will run": a waiter cancelled while queued just leaves; one cancelled after being
 * woken does not take the lock and wakes the next waiter instead. Never two holders, never
 * a lost wake-up; a cancelled `acquire` holds nothing.
 *
 * Decision: `release()` skips waiters that are already cancelled and wakes the first live
 * one. (asyncio leaves that hand-off to the cancelled waiter's own cleanup, one iteration
 * later; the outcome is the same, the next waiter just runs sooner.)
 *
 * @example
 * const lock = new Lock()
 * const critical = (i: number) => lock.withLock(Task.gen(function* () {
 *   console.log('in', i); yield* Task.sleep(10); console.log('out', i)
 * }))
 * runSync(Task.gather([critical(1), critical(2)])) // in 1, out 1, in 2, out 2
 *
 * @module
 */
import { InvalidStateError } from '../errors.js'
import type { Primitive, Task, WaitInfo } from '../runtime/kernel.js'
import { checkTask, Fiber, fiberLabel, Finalize, FlatMap, fromPrimitive, plural, State, Succeed, toPrimitive, Uncancellable, withFiber } from '../runtime/kernel.js'
import { LoopBound, nameOption } from './bound.js'
import type { Waiter } from './waiters.js'
import { WaiterList, awaitWaiter } from './waiters.js'

const TRUE: Primitive = new Succeed(true)

/**
 * A FIFO-fair mutual-exclusion lock (asyncio's `Lock`); see the module doc.
 *
 * @example
 * const lock = new Lock()
 * pipe(updateSharedState, lock.withLock)
 */
export class Lock extends LoopBound {
  private held = false
  /** Woken waiters that have not run yet (at most one for a lock); they keep newcomers out. */
  private woken = 0
  private readonly waiters = new WaiterList<Waiter>()
  private readonly acquireStep = (fiber: Fiber): Primitive => this.tryAcquire(fiber)
  /**
   * The fiber that took the lock, while it is held (`acquire` runs only in a fiber). Only
   * `loop.dump()` reads it: a lock is not owned (any fiber may
   * release it), but the fiber that took it is who the waiters wait for.
   */
  private holder: Fiber | null = null
  private readonly describeWait = (): WaitInfo => this.describeWaiting()

  /**
   * @example
   * new Lock()
   * new Lock({ name: 'db' }) // named in toString() and loop.dump()
   */
  constructor(options?: { readonly name?: string }) {
    super()
    this.nameAs(nameOption('Lock', options))
  }

  protected get kind(): string {
    return 'Lock'
  }

  /** True while the lock is held. @example new Lock().locked() // → false */
  locked(): boolean {
    return this.held
  }

  /**
   * Waits until the lock is free and no one is ahead in the queue, then takes it; returns
   * `true`. Cancelled while waiting, it holds nothing.
   *
   * @example
   * Task.gen(function* () { yield* lock.acquire(); try { yield* work } finally { lock.release() } })
   */
  acquire(): Task<never, true> {
    return fromPrimitive(withFiber(this.acquireStep))
  }

  /**
   * Frees the lock and wakes the first waiter. `InvalidStateError` if it is not held.
   *
   * @example
   * lock.release()
   */
  release(): void {
    if (!this.held) throw new InvalidStateError('Lock.release: the lock is not acquired')
    this.held = false
    this.holder = null
    this.wakeUpFirst()
  }

  /**
   * `async with lock:` — acquires, runs `task`, and releases however `task` ends (success,
   * failure or cancellation). Waiting for the lock can be cancelled; once it is taken, the
   * release is guaranteed. A property, so `pipe(task, lock.withLock)` works.
   *
   * @example
   * pipe(Task.sleep(10), lock.withLock)
   */
  readonly withLock = <E, A>(task: Task<E, A>): Task<E, A> => {
    checkTask('Lock.withLock', task)
    return guarded(this.acquire(), () => this.release(), task)
  }

  override toString(): string {
    return `${this.opening}${this.held ? 'locked' : 'unlocked'}${this.waiters.length > 0 ? ` waiters=${this.waiters.length}` : ''}>`
  }

  /** `Lock 'db' held by fiber #12 'writer' (1 waiter)`: what a fiber blocked in `acquire` waits on. */
  private describeWaiting(): WaitInfo {
    const waiters = plural(this.waiters.length, 'waiter')
    const holder = this.holder
    // released, and handed to a woken waiter that has not run yet
    // Stryker disable next-line LogicalOperator,ConditionalExpression,ArrayDeclaration: held and holder change together (holder is null exactly when the lock is free); loop.snapshot() and loop.dump() keep only the live fibers of the fibers list
    if (!this.held || holder === null) return { kind: 'sync', text: `${this.label} (free, handed to the first of ${waiters})`, fibers: [] }
    const ended = holder.state === State.Pending ? '' : ', which has ended without releasing it'
    // Stryker disable next-line ArrayDeclaration: loop.snapshot() and loop.dump() keep only the live fibers of this list, so a list holding anything but a fiber reads as empty
    return { kind: 'sync', text: `${this.label} held by ${fiberLabel(holder)}${ended} (${waiters})`, fibers: [], heldBy: holder }
  }

  private tryAcquire(fiber: Fiber): Primitive {
    if (!this.held && this.woken === 0 && !this.waiters.hasPending()) {
      this.held = true
      this.holder = fiber
      return TRUE
    }
    const waiter = this.waiters.push(this.newWaiter(fiber))
    return new FlatMap(
      awaitWaiter(waiter, (failed) => {
        if (!failed) {
          this.woken--
          this.held = true
          this.holder = fiber
          return undefined
        }
        // cancelled: woken and then cancelled before running, or cancelled while queued
        if (waiter.done() && !waiter.cancelled()) this.woken--
        else this.waiters.remove(waiter)
        if (!this.held) this.wakeUpFirst()
        return undefined
      }, this.describeWait),
      returnTrue,
    )
  }

  /** Ensures that, if the lock is free, the first live waiter will run (asyncio's `_wake_up_first`). */
  private wakeUpFirst(): void {
    if (this.woken > 0) return // a woken waiter will take the lock
    // Stryker disable next-line BooleanLiteral: the value a waiter is woken with is never read (acquire returns true once the lock is taken)
    if (this.waiters.wakeFirst(true)) this.woken++
  }
}

const returnTrue = (): Primitive => TRUE

/**
 * `async with`: `acquire` may be cancelled; once it succeeded, `release` runs exactly once
 * however `task` ends. Shared by `Lock`, `Semaphore` and `Condition`. @internal
 */
export const guarded = <E, A>(acquire: Task<never, unknown>, release: () => void, task: Task<E, A>): Task<E, A> =>
  fromPrimitive(
    new Uncancellable(
      (poll) =>
        new FlatMap(
          toPrimitive(poll(acquire)),
          () =>
            new Finalize(toPrimitive(poll(task)), () => {
              release()
              return undefined
            }),
        ),
    ),
  )
