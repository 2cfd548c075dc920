/**
 * `wait(awaitables, { returnWhen, timeout })` and `asCompleted(awaitables, { timeout })` —
 * asyncio's `wait` and `as_completed` (ASYNCIO.md §H, R45–R46).
 *
 * Both start each `Task` in a fiber of its own when their task runs, take fibers and
 * futures as they are, and count an awaitable given twice once.
 *
 * Cancellation rules — neither one ever cancels a child:
 *
 * - `wait` suspends until its condition holds or the timeout passes, then splits the
 *   children into `done` and `pending` by looking at each one *then* (so a child that
 *   completed in the meantime is in `done` even if its own callback has not run). It never
 *   fails with `TimeoutError`: on timeout the unfinished ones are simply in `pending`, still
 *   running. Even when every child is already done it suspends for a loop iteration, as
 *   asyncio does. Cancelling the fiber inside `wait` cancels only `wait`'s own waiter: the
 *   children keep running.
 *   `FIRST_COMPLETED` returns on any completion, cancellation included; `FIRST_EXCEPTION` on
 *   the first child to *fail* (a cancellation does not count), or when all are done;
 *   `ALL_COMPLETED` (the default) when all are done.
 * - `asCompleted` does not suspend: it starts the children, arms one timer for the whole
 *   set, and gives an array of N tasks, N being the number of distinct awaitables. Awaiting
 *   the i-th task gives the i-th completion — its value, or its failure or cancellation.
 *   Once the timeout has passed, the tasks for completions that had not happened fail with
 *   `TimeoutError`; the children themselves are not cancelled. Cancelling a fiber that
 *   awaits one of these tasks cancels only that await: the others, and the children, are
 *   not affected.
 *
 * Decisions (asyncio leaves them open or uses Python sets):
 * - `done` and `pending` are arrays in input order (first occurrence).
 * - asyncio gives the k-th completion to whichever coroutine is awaited k-th; here the i-th
 *   task always gives the i-th completion, so the tasks can be awaited in any order, and
 *   each as often as wanted.
 * - `wait` does not retrieve a failure it sees (asyncio's `FIRST_EXCEPTION` does): the fibers
 *   come back to the caller, and a failure nobody reads is still reported.
 * - `wait([])` is a `RangeError` (asyncio's `ValueError`), thrown when called, as is an
 *   unknown `returnWhen`. A single awaitable instead of an array is a `TypeError`.
 *
 * @module
 */
import type { AnyAwaitable, ErrorOf, Primitive, Task, ValueOf, WaitInfo } from '../runtime/kernel.js'
import { armTimer, Await, awaitableList, checkOptionalMs, checkOptionalOptions, checkSameLoop, describeChildren, describeValue, Fail, Fiber, Finalize, FlatMap, fromPrimitive, FutureBase, Handle, Scheduler, State, Succeed, toFuture, withFiber, withFiberTask } from '../runtime/kernel.js'
import { LoopError, TimeoutError } from '../errors.js'
import { Future } from '../Future.js'

/**
 * What a child of `wait` comes back as: a fiber or future as itself, a `Task` as its fiber.
 *
 * @example
 * type F = FiberOf<Task<string, number>> // Fiber<string, number>
 */
export type FiberOf<T> = T extends FutureBase<any, any> ? T : T extends Task<infer E, infer A> ? Fiber<E, A> : never

/**
 * When `wait` returns.
 *
 * @example
 * const when: ReturnWhen = 'FIRST_COMPLETED'
 */
export type ReturnWhen = 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED'

/**
 * Options of `wait`.
 *
 * @example
 * const options: WaitOptions = { returnWhen: 'FIRST_EXCEPTION', timeout: 1_000 }
 */
export interface WaitOptions {
  /** Default `'ALL_COMPLETED'`. */
  readonly returnWhen?: ReturnWhen
  /** Milliseconds; `undefined` or `Infinity` waits as long as it takes. */
  readonly timeout?: number
}

/**
 * Options of `asCompleted`.
 *
 * @example
 * const options: AsCompletedOptions = { timeout: 1_000 }
 */
export interface AsCompletedOptions {
  /** Milliseconds for the whole set; `undefined` or `Infinity` for none. */
  readonly timeout?: number
}

/**
 * What `wait` gives: the children split by whether they are done.
 *
 * @example
 * const split = Task.gen(function* () {
 *   const { done, pending }: WaitResult<Fiber<never, number>> = yield* Task.wait([Task.of(1)])
 *   return [done.length, pending.length]
 * })
 * runSync(split) // → { _tag: 'Succeeded', value: [1, 0] }
 */
export interface WaitResult<F> {
  readonly done: F[]
  readonly pending: F[]
}

const RETURN_WHEN: ReadonlyArray<string> = ['FIRST_COMPLETED', 'FIRST_EXCEPTION', 'ALL_COMPLETED']

/**
 * The distinct awaitables of `items` (asyncio counts a repeated awaitable once), checked
 * (shared by `wait`, `asCompleted` and `race`). @internal
 */
export const distinctAwaitables = (who: string, items: unknown): AnyAwaitable[] => [...new Set(awaitableList(who, items))]

/** Starts each `Task` in a fiber; a fiber or future of another loop is a `LoopError`. @internal */
export const startAll = (who: string, loop: Scheduler, items: ReadonlyArray<AnyAwaitable>): Array<FutureBase<unknown, unknown>> | LoopError =>
  checkSameLoop(who, loop, items) ?? items.map((a) => toFuture(loop, a))

/**
 * `asyncio.wait`: waits for the children (see the module doc) and gives `{ done, pending }`.
 * Cancels nothing.
 *
 * @example
 * Task.gen(function* () {
 *   const { done, pending } = yield* Task.wait([a, b, c], { returnWhen: 'FIRST_COMPLETED', timeout: 1_000 })
 *   for (const f of pending) f.cancel()
 * })
 */
export const wait = <T extends AnyAwaitable>(awaitables: Iterable<T>, options: WaitOptions = {}): Task<never, WaitResult<FiberOf<T>>> => {
  const inputs = distinctAwaitables('Task.wait', awaitables)
  if (inputs.length === 0) throw new RangeError('Task.wait: the set of awaitables is empty')
  checkOptionalOptions('Task.wait', options)
  const returnWhen = options.returnWhen ?? 'ALL_COMPLETED'
  if (!RETURN_WHEN.includes(returnWhen)) throw new RangeError(`Task.wait: invalid returnWhen ${describeValue(returnWhen)}; expected one of ${RETURN_WHEN.join(', ')}`)
  const ms = checkOptionalMs('Task.wait (timeout)', options.timeout)
  return fromPrimitive(
    withFiber((fiber) => {
      const loop = fiber.loop
      const children = startAll('Task.wait', loop, inputs)
      if (children instanceof LoopError) return new Fail(children)
      const waiter = new DescribedWaiter(loop, () => describeChildren('gather', `wait (${returnWhen})`, children))
      let counter = children.length
      let handle: Handle | undefined = undefined
      const release = (): void => {
        if (waiter.state === State.Pending) waiter.setResult(undefined)
      }
      const onCompletion = (f: FutureBase<unknown, unknown>): void => {
        counter--
        if (counter <= 0 || returnWhen === 'FIRST_COMPLETED' || (returnWhen === 'FIRST_EXCEPTION' && f.state === State.Failed)) {
          handle?.cancel()
          release()
        }
      }
      if (ms !== undefined) handle = armTimer(loop, ms, release)
      for (const c of children) c.addDoneCallback(onCompletion)
      const waited = new Finalize(new Await(waiter), () => {
        handle?.cancel()
        for (const c of children) c.removeDoneCallback(onCompletion)
        return undefined
      })
      return new FlatMap(waited, () => {
        const done: unknown[] = []
        const pending: unknown[] = []
        for (const c of children) (c.state === State.Pending ? pending : done).push(c)
        return new Succeed({ done, pending })
      })
    }),
  )
}

/** A waiter of `wait` or `asCompleted`: it says what its fiber waits for in `loop.dump()`. */
class DescribedWaiter extends Future<never, void> {
  constructor(
    loop: Scheduler,
    private readonly describe: () => WaitInfo,
  ) {
    super(loop)
  }

  /** @internal */
  describeAwait(): WaitInfo {
    return this.describe()
  }
}

// Stryker disable next-line ArrayDeclaration: a snapshot or dump keeps only the live fibers of a wait's list, and a stand-in element is none
const describeNextCompletion = (): WaitInfo => ({ kind: 'gather', text: 'asCompleted: the next completion', fibers: [] })

/** Where the k-th completion is delivered: the child, or `null` once the timeout passed. */
class Slot {
  value: FutureBase<unknown, unknown> | null | undefined = undefined
  /** Fibers' waiters, set when the slot is filled. */
  private waiters: Array<Future<never, void>> | null = null

  fill(value: FutureBase<unknown, unknown> | null): void {
    this.value = value
    const ws = this.waiters
    this.waiters = null
    // a waiter cancelled this iteration is still listed: its fiber takes it out (the finalizer
    // in read) only when it next runs
    if (ws !== null) for (const w of ws) if (w.state === State.Pending) w.setResult(undefined)
  }

  /** The task behind the i-th element of `asCompleted`'s array. */
  readonly read = (fiber: Fiber): Primitive => {
    if (this.value !== undefined) return this.deliver()
    // a waiter per await: cancelling one awaiting fiber cancels only its own waiter
    const w = new DescribedWaiter(fiber.loop, describeNextCompletion)
    // Stryker disable next-line ArrayDeclaration: a stand-in element in a new list is no waiter: fill skips what is not a pending future, and no fiber awaits it
    if (this.waiters === null) this.waiters = []
    this.waiters.push(w)
    // Stryker disable next-line BlockStatement: a waiter left in the list is cancelled, and fill skips it
    const waited = new Finalize(new Await(w), () => {
      // Stryker disable next-line ConditionalExpression,MethodExpression: as above: a cancelled waiter left in the list is skipped by fill
      if (this.waiters !== null) this.waiters = this.waiters.filter((x) => x !== w)
      return undefined
    })
    return new FlatMap(waited, () => this.deliver())
  }

  private deliver(): Primitive {
    return this.value === null ? new Fail(new TimeoutError('Task.asCompleted: timed out before this completion')) : new Await(this.value)
  }
}

/**
 * `asyncio.as_completed`: starts the children and gives N tasks; awaiting the i-th gives the
 * i-th completion. See the module doc.
 *
 * @example
 * Task.gen(function* () {
 *   for (const next of yield* Task.asCompleted([fetchA, fetchB, fetchC], { timeout: 5_000 })) {
 *     console.log(yield* next) // fastest first
 *   }
 * })
 */
export const asCompleted = <T extends AnyAwaitable>(
  awaitables: Iterable<T>,
  options: AsCompletedOptions = {},
): Task<never, Array<Task<ErrorOf<T> | TimeoutError, ValueOf<T>>>> => {
  const inputs = distinctAwaitables('Task.asCompleted', awaitables)
  checkOptionalOptions('Task.asCompleted', options)
  const ms = checkOptionalMs('Task.asCompleted (timeout)', options.timeout)
  return fromPrimitive(
    withFiber((fiber) => {
      const loop = fiber.loop
      const children = startAll('Task.asCompleted', loop, inputs)
      if (children instanceof LoopError) return new Fail(children)
      const slots = children.map(() => new Slot())
      const todo = new Set(children)
      let filled = 0
      let handle: Handle | undefined = undefined
      const onCompletion = (f: FutureBase<unknown, unknown>): void => {
        if (!todo.delete(f)) return
        slots[filled++]!.fill(f)
        if (todo.size === 0) handle?.cancel()
      }
      if (ms !== undefined && children.length > 0) {
        handle = armTimer(loop, ms, () => {
          for (const c of todo) c.removeDoneCallback(onCompletion)
          todo.clear()
          while (filled < slots.length) slots[filled++]!.fill(null)
        })
      }
      for (const c of children) c.addDoneCallback(onCompletion)
      return new Succeed(slots.map((s) => withFiberTask(s.read)))
    }),
  )
}
