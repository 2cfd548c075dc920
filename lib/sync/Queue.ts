/**
 * `Queue<A>` — asyncio's `asyncio.Queue` (ASYNCIO.md R53–R57): a first-in first-out queue
 * for producers and consumers running on one loop.
 *
 * - `new Queue<A>({ maxsize })`: `maxsize <= 0` (the default) means unbounded; `full()` is
 *   `maxsize > 0 && qsize() >= maxsize`.
 * - `put(item)` / `get()` are `Task`s that wait while the queue is full / empty;
 *   `putNowait` / `getNowait` are plain calls that throw `QueueFull` / `QueueEmpty` instead.
 *   Waiters are woken first come, first served, but a woken waiter re-checks: something
 *   else may take the item or the slot before it runs (no strict hand-off, R54).
 * - `taskDone()` / `join()`: every item put counts as unfinished until a `taskDone()` for
 *   it; `join()` waits until nothing is unfinished (R56).
 * - `shutdown(immediate = false)` (R57): `put` fails with `QueueShutDown` from then on, and
 *   so does `get` once the queue is empty; items already queued are still delivered. With
 *   `immediate`, the queued items are dropped (each counting as done for `join`). Every
 *   blocked `put` and `get` is woken to re-check. Shutdown cannot be undone.
 * - `new Queue({ maxsize, codec })`: every item put is checked with an io-ts codec; a
 *   wrongly typed `put` fails (and `putNowait` throws) with a `DecodeError`, changing
 *   nothing. What is queued is the codec's decoded value.
 *
 * **Cancellation never loses or duplicates an item** (R55): a cancelled `get` removes no
 * item, a cancelled `put` inserts none. A waiter that was woken and then cancelled before it
 * ran passes its wake-up on to the next waiter, so the item or the slot it was woken for
 * stays usable.
 *
 * **Draining.** Outside the loop a queue is an `AsyncIterable`: `for await (const item of
 * queue)` gets items as they come and ends when the queue is shut down and empty. Inside
 * the loop, `queue.drain(f)` is a `Task` that does the same, running `f(item)` for each.
 * Both count an item as done (`taskDone()`) once its processing is over — when `f(item)`
 * ends, or when the `for await` body asks for the next item or leaves the loop — so
 * `join()` works with them; do not call `taskDone()` yourself for those items.
 *
 * A queue binds to the loop of the first fiber that waits on it; waiting on it from a fiber
 * of another loop fails with a `LoopError`. The `*Nowait` calls work from anywhere.
 *
 * @example
 * const q = new Queue<number>({ maxsize: 2 })
 * const producer = Task.gen(function* () {
 *   for (let i = 0; i < 5; i++) yield* q.put(i) // waits while 2 items are queued
 *   q.shutdown()
 * })
 * const consumer = q.drain((n) => Task.sync(() => console.log(n)))
 * runSync(Task.gather([producer, consumer])) // prints 0 1 2 3 4
 *
 * @module
 */
import type { Codec } from '../decode.js'
import { checkCodec, decodeNow } from '../decode.js'
import type { DecodeError } from '../errors.js'
import { QueueEmpty, QueueFull, QueueShutDown } from '../errors.js'
import type { Primitive, Task, WaitInfo, WaitOwner } from '../runtime/kernel.js'
import { checkFunction, describeValue, Fail, Fiber, fromPrimitive, Gen, ParkedWait, plural, Succeed, toPrimitive, UNIT, withFiber } from '../runtime/kernel.js'
import { LoopBound, nameOption } from './bound.js'
import { Event } from './Event.js'
import type { Store } from './stores.js'
import { FifoStore } from './stores.js'
import type { Wakeable } from './waiters.js'
import { WaiterList } from './waiters.js'
import { addShape, inCommonFrames } from '../shapes.js'
import { gen } from '../task/constructors.js'

/**
 * Options of `new Queue(…)` (and of `LifoQueue`, `PriorityQueue`).
 *
 * @example
 * const options: QueueOptions<number> = { maxsize: 10, codec: t.number }
 */
export interface QueueOptions<A> {
  /** Capacity; `<= 0` or absent means unbounded. May be fractional or `Infinity`, as in asyncio. */
  readonly maxsize?: number
  /** An io-ts codec that every item put must pass (see the module doc). */
  readonly codec?: Codec<A>
  /** Names the queue in `toString()` and in `loop.dump()` (`Queue 'jobs'.get (0 items, 3 getters)`). */
  readonly name?: string
}

/** Options every queue accepts; names them in messages. @internal */
export const checkQueueOptions = (who: string, options: unknown): { maxsize: number; codec: Codec<unknown> | undefined; name: string | undefined } => {
  if (options === undefined) return { maxsize: 0, codec: undefined, name: undefined }
  if (options === null || typeof options !== 'object') {
    const hint = typeof options === 'number' ? ` (write new ${who}({ maxsize: ${options} }))` : ''
    throw new TypeError(`new ${who} expects options { maxsize?, codec?, name? }, got ${describeValue(options)}${hint}`)
  }
  const { maxsize = 0, codec } = options as QueueOptions<unknown>
  if (typeof maxsize !== 'number' || Number.isNaN(maxsize)) throw new TypeError(`new ${who}: maxsize must be a number, got ${describeValue(maxsize)}`)
  if (codec !== undefined) checkCodec(`new ${who} (codec)`, codec)
  return { maxsize, codec, name: nameOption(who, options) }
}

/**
 * A first-in first-out queue for fibers of one loop (asyncio's `Queue`); see the module doc.
 *
 * @example
 * const q = new Queue<string>({ maxsize: 10 })
 * Task.gen(function* () { yield* q.put('job'); return yield* q.get() })
 */
export class Queue<A> extends LoopBound implements AsyncIterable<A> {
  /** The capacity given at construction; `<= 0` means unbounded. */
  readonly maxsize: number
  private readonly codec: Codec<A> | undefined
  private readonly store: Store<A>
  private readonly getters = new WaiterList<Wakeable>()
  private readonly putters = new WaiterList<Wakeable>()
  private unfinished = 0
  private readonly finished: Event
  private isShutDown = false
  private readonly getStepFn = (fiber: Fiber): Primitive => this.getStep(fiber)
  /**
   * How a blocked `get` goes on: after a wake-up it starts over; cancelled, it cleans up.
   * `put` waits the same way (`putterWait`): one `WaitOn` node each, no closure per wait.
   */
  private readonly getterWait: WaitOwner = {
    describeAwait: () => this.describeBlocked('get', `${plural(this.store.size, 'item')}, ${plural(this.getters.length, 'getter')}`),
    waitEnded: (waiter, failed, fiber: Fiber) => {
      if (!failed) return this.getStep(fiber)
      const getter = waiter as ParkedWait
      // Stryker disable next-line BooleanLiteral,ConditionalExpression: a wait ends failed only through a cancellation, and cancelling a fiber cancels the waiter it awaits (or finds it already woken), so the waiter is always done here and the cancel is never needed
      if (!getter.done()) getter.cancel()
      this.getters.remove(getter)
      // woken for an item, but cancelled before running: pass the item on
      if (this.store.size > 0 && getter.done() && !getter.cancelled()) this.getters.wakeFirst(undefined)
      return undefined
    },
  }
  /** How a blocked `put` goes on: after a wake-up it tries its item again; cancelled, it cleans up. */
  private readonly putterWait: WaitOwner = {
    describeAwait: () => this.describeBlocked('put', `full: ${plural(this.store.size, 'item')} of ${this.maxsize}, ${plural(this.putters.length, 'putter')}`),
    waitEnded: (waiter, failed, fiber: Fiber) => {
      const putter = waiter as ParkedWait
      if (!failed) return this.putStep(fiber, putter.item as A)
      // Stryker disable next-line BooleanLiteral,ConditionalExpression: a wait ends failed only through a cancellation, and cancelling a fiber cancels the waiter it awaits (or finds it already woken), so the waiter is always done here and the cancel is never needed
      if (!putter.done()) putter.cancel()
      this.putters.remove(putter)
      // woken for a free slot, but cancelled before running: pass the slot on
      if (!this.full() && putter.done() && !putter.cancelled()) this.putters.wakeFirst(undefined)
      return undefined
    },
  }

  /**
   * @example
   * new Queue<string>()                  // unbounded
   * new Queue<Job>({ maxsize: 100 })     // back-pressure: put waits while 100 are queued
   * new Queue({ codec: t.type({ id: t.number }) })
   */
  constructor(options?: QueueOptions<A>) {
    super()
    const checked = checkQueueOptions(this.kind, options)
    this.nameAs(checked.name)
    this.maxsize = checked.maxsize
    this.codec = checked.codec as Codec<A> | undefined
    this.store = this.createStore(options ?? {})
    this.finished = new JoinEvent(this as Queue<unknown>)
    this.finished.set()
  }

  /** The store behind the queue; subclasses change the order. @internal */
  protected createStore(_options: QueueOptions<A>): Store<A> {
    return new FifoStore<A>()
  }

  protected get kind(): string {
    return 'Queue'
  }

  // ---- state ---------------------------------------------------------------------------

  /** Number of items queued. @example q.qsize() // 0 */
  qsize(): number {
    return this.store.size
  }

  /** True when no item is queued. @example new Queue().empty() // → true */
  empty(): boolean {
    return this.store.size === 0
  }

  /** True when `maxsize > 0` and `qsize() >= maxsize`. @example new Queue({ maxsize: 1 }).full() // → false */
  full(): boolean {
    return this.maxsize > 0 && this.store.size >= this.maxsize
  }

  // ---- putting -------------------------------------------------------------------------

  /**
   * Puts `item`, waiting while the queue is full. Fails with `QueueShutDown` once the queue
   * is shut down, and with a `DecodeError` (before waiting) when a codec rejects the item.
   * Cancelled while waiting, it puts nothing. A property, so `Task.flatMap(q.put)` works.
   *
   * @example
   * Task.gen(function* () { yield* q.put(job) })
   */
  readonly put = (item: A): Task<QueueShutDown | DecodeError, void> =>
    fromPrimitive(
      withFiber((fiber) => {
        // Stryker disable next-line ConditionalExpression: a fast path only: without a codec, check() passes every item through unchanged
        if (this.codec === undefined) return this.putStep(fiber, item)
        const checked = this.check(item)
        if (!checked.ok) return new Fail(checked.error)
        return this.putStep(fiber, checked.value)
      }),
    )

  /**
   * Puts `item` now: throws `QueueShutDown` after shutdown, `QueueFull` when full, a
   * `DecodeError` when the codec rejects it; in each case nothing changes.
   *
   * @example
   * q.putNowait('job-1')
   */
  putNowait(item: A): void {
    const checked = this.check(item)
    if (!checked.ok) throw checked.error
    this.putChecked(checked.value)
  }

  // ---- getting -------------------------------------------------------------------------

  /**
   * Removes and returns the next item, waiting while the queue is empty. Fails with
   * `QueueShutDown` once the queue is shut down and empty. Cancelled while waiting, it
   * removes nothing. Each call gives a new task value, so `Task.gather([q.get(), q.get()])`
   * gets two items (`gather` runs a task value given twice only once).
   *
   * @example
   * Task.gen(function* () { const job = yield* q.get(); handle(job) })
   */
  get(): Task<QueueShutDown, A> {
    return fromPrimitive(withFiber(this.getStepFn))
  }

  /**
   * Removes and returns the next item now: throws `QueueEmpty` when empty (`QueueShutDown`
   * when empty and shut down).
   *
   * @example
   * if (!q.empty()) handle(q.getNowait())
   */
  getNowait(): A {
    if (this.store.size === 0) {
      if (this.isShutDown) throw new QueueShutDown(`${this.kind}.getNowait: the queue is shut down and empty`)
      throw new QueueEmpty(`${this.kind}.getNowait: the queue is empty`)
    }
    const item = this.store.take()
    this.putters.wakeFirst(undefined)
    return item
  }

  // ---- joining -------------------------------------------------------------------------

  /**
   * Marks one item got from the queue as processed. `RangeError` when called more often than
   * items were put.
   *
   * @example
   * Task.gen(function* () { const job = yield* q.get(); handle(job); q.taskDone() })
   */
  taskDone(): void {
    if (this.unfinished <= 0) throw new RangeError(`${this.kind}.taskDone() called too many times`)
    this.unfinished--
    if (this.unfinished === 0) this.finished.set()
  }

  /**
   * Waits until every item put has been marked done with `taskDone()` (at once if so).
   *
   * @example
   * Task.gen(function* () { yield* q.join(); q.shutdown() })
   */
  join(): Task<never, void> {
    return fromPrimitive(
      withFiber((fiber) => {
        if (this.unfinished === 0) return UNIT
        this.bind(fiber)
        return toPrimitive(this.finished.wait())
      }),
    )
  }

  // ---- shutting down -------------------------------------------------------------------

  /**
   * Shuts the queue down: `put` fails with `QueueShutDown` from now on, `get` once the queue
   * is empty. With `immediate`, queued items are dropped and count as done for `join`.
   * Every blocked `put` and `get` is woken.
   *
   * @example
   * q.shutdown()       // consumers finish what is queued, then stop
   * q.shutdown(true)   // drop what is queued
   */
  shutdown(immediate = false): void {
    if (typeof immediate !== 'boolean') throw new TypeError(`${this.kind}.shutdown(immediate) expects a boolean, got ${describeValue(immediate)}`)
    this.isShutDown = true
    if (immediate) {
      const dropped = this.store.size
      this.store.clear()
      this.unfinished = Math.max(0, this.unfinished - dropped)
      if (this.unfinished === 0) this.finished.set()
    }
    this.getters.wakeAll(undefined)
    this.putters.wakeAll(undefined)
  }

  // ---- draining ------------------------------------------------------------------------

  /**
   * A task that gets items until the queue is shut down and empty, running `f(item)` for
   * each in turn and marking it done when `f` ends; it then succeeds. A failure of `f`
   * fails it (that item is still marked done). A property, so it can be passed around.
   *
   * @example
   * const worker = q.drain((job) => Task.sync(() => handle(job)))
   * Task.gen(function* () { const w = yield* Task.spawn(worker); yield* q.join(); q.shutdown(); yield* w })
   */
  readonly drain = <E>(f: (item: A) => Task<E, unknown>): Task<E, void> => {
    checkFunction(`${this.kind}.drain`, f)
    const queue = this
    return fromPrimitive(
      new Gen(function* drain(): Generator<unknown, void, any> {
        for (;;) {
          let item: A
          try {
            item = yield queue.get()
          } catch (error) {
            if (error instanceof QueueShutDown) return
            throw error
          }
          try {
            yield f(item)
          } finally {
            queue.taskDone()
          }
        }
      }),
    )
  }

  /**
   * `for await (const item of queue)`, outside the loop: yields items as they come and ends
   * when the queue is shut down and empty. Each item is marked done when the body asks for
   * the next one or leaves the loop.
   *
   * @example
   * for await (const line of lines) console.log(line)
   */
  [Symbol.asyncIterator](): AsyncIterator<A, undefined> {
    let owesTaskDone = false
    const settle = (): void => {
      if (owesTaskDone) {
        owesTaskDone = false
        this.taskDone()
      }
    }
    return {
      next: async (): Promise<IteratorResult<A, undefined>> => {
        settle()
        for (;;) {
          if (this.store.size > 0) {
            const value = this.getNowait()
            owesTaskDone = true
            return { done: false, value }
          }
          if (this.isShutDown) return { done: true, value: undefined }
          await new Promise<void>((resolve) => this.getters.push(new HostWaiter(resolve)))
        }
      },
      return: async (): Promise<IteratorResult<A, undefined>> => {
        settle()
        return { done: true, value: undefined }
      },
    }
  }

  override toString(): string {
    const parts = [`maxsize=${this.maxsize}`, `qsize=${this.store.size}`]
    if (this.getters.length > 0) parts.push(`getters=${this.getters.length}`)
    if (this.putters.length > 0) parts.push(`putters=${this.putters.length}`)
    if (this.unfinished > 0) parts.push(`unfinished=${this.unfinished}`)
    if (this.isShutDown) parts.push('shutdown')
    return `${this.opening}${parts.join(' ')}>`
  }

  /** `Queue 'jobs'.get (0 items, 3 getters)`: what a fiber blocked in `get`, `put` or `join` waits on. @internal */
  describeBlocked(operation: 'get' | 'put' | 'join', detail: string): WaitInfo {
    // Stryker disable next-line ArrayDeclaration: loop.snapshot() and loop.dump() keep only the live fibers of this list, so a list holding anything but a fiber reads as empty
    return { kind: 'sync', text: `${this.label}.${operation} (${detail})`, fibers: [] }
  }

  /** Items put and not yet marked done. @internal */
  get unfinishedCount(): number {
    return this.unfinished
  }

  // ---- internals -----------------------------------------------------------------------

  private check(item: A): { ok: true; value: A } | { ok: false; error: DecodeError } {
    if (this.codec === undefined) return { ok: true, value: item }
    return decodeNow(this.codec, item, `the item put on the ${this.kind}`)
  }

  /** `put_nowait` once the item passed the codec. */
  private putChecked(item: A): void {
    if (this.isShutDown) throw new QueueShutDown(`${this.kind}.put: the queue is shut down`)
    if (this.full()) throw new QueueFull(`${this.kind}.putNowait: the queue is full (maxsize ${this.maxsize})`)
    this.store.push(item)
    this.unfinished++
    this.finished.clear()
    this.getters.wakeFirst(undefined)
  }

  /** asyncio's `put`: retry while full, waiting on a putter future. */
  private putStep(fiber: Fiber, item: A): Primitive {
    if (!this.full()) {
      // Stryker disable next-line ConditionalExpression: without it putChecked throws the same QueueShutDown, with the same message, and a throw in this step fails the task just as Fail does
      if (this.isShutDown) return new Fail(new QueueShutDown(`${this.kind}.put: the queue is shut down`))
      this.putChecked(item)
      return UNIT
    }
    if (this.isShutDown) return new Fail(new QueueShutDown(`${this.kind}.put: the queue is shut down`))
    this.bind(fiber)
    const putter = new ParkedWait(fiber, this.putterWait, item)
    this.putters.push(putter)
    return putter
  }

  /** asyncio's `get`: retry while empty, the fiber parked on the getters' list meanwhile. */
  private getStep(fiber: Fiber): Primitive {
    if (this.store.size > 0) return new Succeed(this.getNowait())
    if (this.isShutDown) return new Fail(new QueueShutDown(`${this.kind}.get: the queue is shut down and empty`))
    this.bind(fiber)
    const getter = new ParkedWait(fiber, this.getterWait)
    this.getters.push(getter)
    return getter
  }
}

/** The event `join` waits on; a fiber blocked on it waits on the queue's `join`. */
class JoinEvent extends Event {
  constructor(private readonly queue: Queue<unknown>) {
    super()
  }

  protected override describeWaiting(): WaitInfo {
    return this.queue.describeBlocked('join', `${plural(this.queue.unfinishedCount, 'item')} not done`)
  }
}

/**
 * A waiter for `for await` outside the loop: waking it resolves a promise. It is never
 * cancelled — a `for await` cannot abandon a pending `next()`.
 */
class HostWaiter implements Wakeable {
  // Stryker disable next-line BooleanLiteral: it is pushed on the getters' list (which sets it) as soon as it is made
  listed = false
  private woken = false
  constructor(private readonly resolve: () => void) {}
  // Stryker disable next-line BlockStatement: the list asks done() only of entries still listed, and a HostWaiter leaves the list when it is woken, never otherwise: while listed it is never done
  done(): boolean {
    return this.woken
  }
  // Stryker disable next-line BlockStatement: asked only of a loop fiber's waiter that ended failed; a HostWaiter is never asked
  cancelled(): boolean {
    // Stryker disable next-line BooleanLiteral: as above, never asked
    return false
  }
  setResult(): void {
    // Stryker disable next-line BooleanLiteral: read only by done(), see above
    this.woken = true
    this.resolve()
  }
}

// Keeps the classes of a coroutine blocked in a `get` alive across major GCs (see shapes.ts).
// Stryker disable all: the shape keeper only keeps V8's hidden classes warm; it runs on a private loop no program can see
addShape((loop) => {
  const queue = new Queue<number>()
  loop.createTask(
    gen(function* () {
      for (;;) yield* inCommonFrames(queue.get())
    }),
    { name: 'taskloop-shapes' },
  )
})
// Stryker restore all
