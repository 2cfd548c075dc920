/**
 * `gather(awaitables, { returnExceptions })` — asyncio's `gather` (ASYNCIO.md §E).
 *
 * Runs the tasks concurrently (each `Task` in a fiber of its own; fibers and futures are
 * awaited as they are) and succeeds with their values in input order, never completion
 * order. The same fiber or future given twice is awaited once and its result repeated (R30);
 * the same *Task value* given twice runs twice, since a Task is a description (asyncio's
 * identity rule exists because a coroutine object can be awaited only once).
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
import type { AnyAwaitable, ErrorOf, Primitive, Task, ValueOf } from '../runtime/kernel.js'
import { Await, awaitableList, checkOptionalOptions, checkSameLoop, consume, describeValue, Fail, fromPrimitive, FutureBase, GatheringBase, isFuture, newCancelledError, noteCrossing, Scheduler, State, Succeed, toFuture, withFiber } from '../runtime/kernel.js'
import type { CancelledError } from '../errors.js'
import { addShape } from '../shapes.js'
import { never } from '../task/constructors.js'

/** The outer future of a gather: a plain future whose `cancel` reaches the children (R34). */
class GatheringFuture extends GatheringBase<unknown[]> {
  private finished = 0

  constructor(
    loop: Scheduler,
    children: ReadonlyArray<FutureBase<unknown, unknown>>,
    /** For each input, its child. */
    private readonly slots: ReadonlyArray<FutureBase<unknown, unknown>>,
    private readonly returnExceptions: boolean,
  ) {
    super(loop, children)
  }

  /** asyncio's `_done_callback`, run one iteration after each child completes. */
  readonly onChildDone = (child: FutureBase<unknown, unknown>): void => {
    this.finished++
    if (this.state !== State.Pending) {
      consume(child) // consumed: never reported (R31)
      return
    }
    if (!this.returnExceptions) {
      if (child.state === State.Cancelled) return this.settle(State.Failed, child.settled) // R32
      if (child.state === State.Failed) {
        // the traceback names the child (1-based, in input order): `gather child #2 of 2`
        noteCrossing(this, `gather child #${this.slots.indexOf(child) + 1} of ${this.slots.length}`, child)
        return this.settle(State.Failed, consume(child))
      }
    }
    if (this.finished < this.children.length) return
    if (this.cancelRequested) return this.settle(State.Failed, newCancelledError(this.cancelMessage, this.loop.debug))
    this.settle(State.Succeeded, this.slots.map(consume))
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
  const inputs = awaitableList('Task.gather', awaitables)
  checkOptionalOptions('Task.gather', options)
  const returnExceptions = options.returnExceptions ?? false
  if (typeof returnExceptions !== 'boolean') throw new TypeError(`Task.gather: returnExceptions must be a boolean, got ${describeValue(returnExceptions)}`)
  if (inputs.length === 0) return fromPrimitive(new Succeed([]))
  return fromPrimitive(withFiber((fiber) => start(fiber.loop, inputs, returnExceptions)))
}

/** Wraps each input (once per distinct input) and awaits the gathering future. */
const start = (loop: Scheduler, inputs: ReadonlyArray<AnyAwaitable>, returnExceptions: boolean): Primitive => {
  const n = inputs.length
  // bad input changes nothing: no child starts if one of them belongs to another loop
  const wrongLoop = checkSameLoop('Task.gather', loop, inputs)
  if (wrongLoop !== undefined) return new Fail(wrongLoop)
  // one lookup per fiber or future input (tasks are never deduplicated: each one runs)
  const childOf = new Map<AnyAwaitable, FutureBase<unknown, unknown>>()
  const children: Array<FutureBase<unknown, unknown>> = []
  // the child of each input: the same array as `children` until an input repeats (a second
  // array of 10⁵ would cost its writes, each one through V8's write barrier)
  let slots: Array<FutureBase<unknown, unknown>> = children
  for (let i = 0; i < n; i++) {
    const input = inputs[i]!
    const given = isFuture(input)
    let child = given ? childOf.get(input) : undefined
    // Stryker disable next-line ConditionalExpression: → true never reuses a child, so a repeated fiber or future sits twice in children, which no program can tell (see the copy below: one cancel request reaches a fiber once, and its second done callback counts against a length that counts it twice); → false is killed by gather.test.ts and ignored with it
    if (child === undefined) {
      child = toFuture(loop, input)
      // Stryker disable next-line ConditionalExpression: → false is the same as above (no reuse); → true also files tasks, which are never looked up (the lookup asks only for fibers and futures)
      if (given) childOf.set(input, child)
      children.push(child)
      if (slots !== children) slots.push(child)
    } else {
      // Stryker disable next-line ConditionalExpression,EqualityOperator,MethodExpression: without the copy a repeated input sits twice in children: one cancel request reaches a fiber once however often it is listed, and its second done callback counts it against a length that counts it twice too
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
// Stryker disable next-line BlockStatement: the shape keeper only keeps V8's hidden classes warm; it runs on a private loop no program can see
addShape((loop) => {
  // Stryker disable next-line ArrayDeclaration,ObjectLiteral,StringLiteral: as above, a gather on the shape keeper's private loop, and that fiber's name, which only that loop holds
  loop.createTask(gather([never, never]), { name: 'taskloop-shapes' })
})
