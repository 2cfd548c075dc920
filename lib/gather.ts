/**
 * `gather(awaitables, { returnExceptions })` — asyncio's `gather` (ASYNCIO.md §E).
 *
 * Runs the tasks concurrently (each `Task` in a fiber of its own; fibers and futures are
 * awaited as they are) and succeeds with their values in input order, never completion
 * order. The same awaitable given twice is run once and its value repeated (R30).
 *
 * Failure (`returnExceptions: false`, the default): the first child to fail fails the
 * gather at once with that error; the other children are **not** cancelled and keep
 * running; their later failures are consumed, not reported (R31). A child cancelled by
 * someone else fails the gather with `CancelledError` (R32) — it is not cancelled itself,
 * so a sibling's cancellation does not spread.
 *
 * With `returnExceptions: true` it waits for every child; each slot holds the value, the
 * error, or a `CancelledError` (R33).
 *
 * Cancellation: cancelling the gather — or the fiber awaiting it — cancels every child that
 * is not done (R34). The gather then ends with `CancelledError`, whatever
 * `returnExceptions` says. If every child was already done, the cancel does nothing and the
 * gather completes normally.
 *
 * Decisions: asyncio rebuilds a cancelled *task* child's `CancelledError` without its
 * message (the R33 quirk); taskloop keeps the message. A fiber or future of another loop
 * fails the gather with a `LoopError` before any child starts (asyncio has already started
 * the tasks listed before it, and leaves them running).
 *
 * @module
 */
import type { ErrorOf, ValueOf } from './Awaitable.js'
import type { CancelledError } from './errors.js'
import { LoopError } from './errors.js'
import { newCancelledError } from './runtime/cancelled.js'
import { Fiber, describeValue, startFiber } from './runtime/fiber.js'
import { FutureBase, State } from './runtime/future.js'
import type { Primitive, Task } from './runtime/primitive.js'
import { Await, Fail, Succeed, WithFiber, fromPrimitive, isTask, toPrimitive } from './runtime/primitive.js'
import type { Scheduler } from './runtime/scheduler.js'
import { addShape } from './shapes.js'
import { never } from './task/constructors.js'

type AnyAwaitable = Task<any, any> | FutureBase<any, any>

/** The outer future of a gather: a plain future whose `cancel` reaches the children (R34). */
class GatheringFuture extends FutureBase<unknown, unknown[]> {
  private cancelRequested = false
  private cancelMessage: string | undefined = undefined
  private finished = 0

  constructor(
    loop: Scheduler,
    /** Distinct children. */
    private readonly children: ReadonlyArray<FutureBase<unknown, unknown>>,
    /** For each input, its child. */
    private readonly slots: ReadonlyArray<FutureBase<unknown, unknown>>,
    private readonly returnExceptions: boolean,
  ) {
    super(loop)
  }

  cancel(message?: string): boolean {
    if (this.state !== State.Pending) {
      this.markRetrieved()
      return false
    }
    let any = false
    for (const child of this.children) if (child.cancel(message)) any = true
    if (any) {
      this.cancelRequested = true
      this.cancelMessage = message
    }
    return any
  }

  /** asyncio's `_done_callback`, run one iteration after each child completes. */
  readonly onChildDone = (child: FutureBase<unknown, unknown>): void => {
    this.finished++
    if (this.state !== State.Pending) {
      child.markRetrieved() // consumed: never reported (R31)
      return
    }
    if (!this.returnExceptions) {
      if (child.state === State.Cancelled) return this.settle(State.Failed, child.settled) // R32
      if (child.state === State.Failed) {
        child.markRetrieved()
        return this.settle(State.Failed, child.settled)
      }
    }
    if (this.finished < this.children.length) return
    if (this.cancelRequested) return this.settle(State.Failed, newCancelledError(this.cancelMessage, this.loop.debug))
    const results = this.slots.map((c) => {
      if (c.state === State.Failed) c.markRetrieved()
      return c.settled
    })
    this.settle(State.Succeeded, results)
  }
}

/**
 * Options of `gather`.
 *
 * @example
 * const options: GatherOptions = { returnExceptions: true }
 * runSync(Task.gather([Task.of(1), Task.fail('no')], options)) // → { _tag: 'Succeeded', value: [1, 'no'] }
 */
export interface GatherOptions {
  readonly returnExceptions?: boolean
}

type Values<T extends ReadonlyArray<unknown>> = { -readonly [K in keyof T]: ValueOf<T[K]> }
type Settled<T extends ReadonlyArray<unknown>> = { -readonly [K in keyof T]: ValueOf<T[K]> | ErrorOf<T[K]> | CancelledError }

/**
 * Runs awaitables concurrently; see the module doc for the rules.
 *
 * @example
 * runSync(Task.gather([Task.of(1), Task.as('two')(Task.sleep(10))])) // → { _tag: 'Succeeded', value: [1, 'two'] }
 * const settled = Task.gather(loop.allTasks(), { returnExceptions: true })
 */
export function gather<const T extends ReadonlyArray<AnyAwaitable>>(awaitables: T, options: { readonly returnExceptions: true }): Task<never, Settled<T>>
export function gather<const T extends ReadonlyArray<AnyAwaitable>>(awaitables: T, options?: { readonly returnExceptions?: false }): Task<ErrorOf<T[number]>, Values<T>>
export function gather<A extends AnyAwaitable>(awaitables: Iterable<A>, options?: GatherOptions): Task<ErrorOf<A>, Array<ValueOf<A>>>
export function gather(awaitables: Iterable<AnyAwaitable>, options: GatherOptions = {}): Task<unknown, unknown[]> {
  const inputs = toArray(awaitables)
  const returnExceptions = options?.returnExceptions === true
  if (inputs.length === 0) return fromPrimitive(new Succeed([]))
  return fromPrimitive(new WithFiber(((fiber: Fiber) => start(fiber.loop, inputs, returnExceptions)) as (f: never) => Primitive))
}

const toArray = (awaitables: Iterable<AnyAwaitable>): AnyAwaitable[] => {
  // a single Task is iterable too (for yield*), so it must be told apart from a collection
  if (isTask(awaitables) || awaitables instanceof FutureBase) {
    throw new TypeError('Task.gather expects an array of awaitables, got a single one; wrap it: gather([task])')
  }
  if (awaitables === null || typeof awaitables !== 'object' || typeof (awaitables as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`Task.gather expects an array (or iterable) of awaitables, got ${describeValue(awaitables)}`)
  }
  // a copy: the caller may change its array after building the task
  const inputs = Array.isArray(awaitables) ? (awaitables as AnyAwaitable[]).slice() : Array.from(awaitables)
  for (let i = 0; i < inputs.length; i++) {
    const a = inputs[i]
    if (!isTask(a) && !(a instanceof FutureBase)) throw new TypeError(`Task.gather: item ${i} is not a Task, a Fiber or a Future: ${describeValue(a)}`)
  }
  return inputs
}

/** Wraps each input (once per distinct input) and awaits the gathering future. */
const start = (loop: Scheduler, inputs: ReadonlyArray<AnyAwaitable>, returnExceptions: boolean): Primitive => {
  const n = inputs.length
  // bad input changes nothing: no child starts if one of them belongs to another loop
  for (let i = 0; i < n; i++) {
    const input = inputs[i]
    if (input instanceof FutureBase && input.loop !== loop) return new Fail(new LoopError('Task.gather: a fiber or future belongs to a different loop'))
  }
  // one lookup per input: this runs once per child of a fan-out
  const childOf = new Map<AnyAwaitable, FutureBase<unknown, unknown>>()
  const children: Array<FutureBase<unknown, unknown>> = []
  // the child of each input: the same array as `children` until an input repeats (a second
  // array of 10⁵ would cost its writes, each one through V8's write barrier)
  let slots: Array<FutureBase<unknown, unknown>> = children
  for (let i = 0; i < n; i++) {
    const input = inputs[i]!
    let child = childOf.get(input)
    if (child === undefined) {
      if (input instanceof FutureBase) child = input as FutureBase<unknown, unknown>
      else child = startFiber(loop, toPrimitive(input))
      childOf.set(input, child)
      children.push(child)
      if (slots !== children) slots.push(child)
    } else {
      if (slots === children) slots = children.slice()
      slots.push(child)
    }
  }
  const outer = new GatheringFuture(loop, children, slots, returnExceptions)
  const onChildDone = outer.onChildDone
  for (let i = 0; i < children.length; i++) children[i]!.addDoneCallback(onChildDone)
  return new Await(outer)
}

// Keeps the classes of a gather waiting on its children alive across major GCs (see shapes.ts).
addShape((loop) => {
  loop.createTask(gather([never, never]), { name: 'taskloop-shapes' })
})
