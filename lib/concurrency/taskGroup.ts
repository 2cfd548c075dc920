/**
 * `taskGroup(tg => body)` — asyncio's `TaskGroup` (ASYNCIO.md §I, R47–R52): structured
 * concurrency. `body` runs inline in the calling fiber (the *parent*); `yield* tg.spawn(t)`
 * starts `t` in a child fiber that belongs to the group. The group's task ends only when
 * every child has ended: no child outlives its group.
 *
 * Cancellation rules:
 *
 * - **A child fails** (R48): its error is recorded. The first such failure *aborts* the
 *   group: every unfinished child is cancelled, and so is the parent — the body gets a
 *   `CancelledError` at its current suspension point. That cancel is the group's own: on
 *   exit it is withdrawn with `uncancel()`, so code after the group runs normally and
 *   `cancelling()` is back where it was. A child that ends cancelled is not an error and
 *   does not abort the group.
 * - **The body ends** (however it ends): the group waits for every child, including children
 *   spawned meanwhile. If the body failed or was cancelled, the group aborts first.
 * - **External cancel** (R50): someone cancels the parent, while the body runs or while the
 *   group waits for its children. The group aborts, waits for every child, and then ends
 *   cancelled — unless children failed.
 * - **Outcome** (R49), after every child has ended: if there are errors — the children's
 *   failures in the order they happened, then the body's own failure last — the group fails
 *   with one `ExceptionGroup` holding each exactly once. Errors take priority over an
 *   external cancel; that cancel is not lost: it is re-armed on the parent, whose next
 *   suspension raises `CancelledError` (R50, asyncio 3.13+). Otherwise an external cancel
 *   ends the group cancelled; otherwise it succeeds with the body's value.
 * - **Nested groups**: an inner group's `ExceptionGroup` is an ordinary failure for the outer
 *   one (of its body, or of a child), so failures nest as `ExceptionGroup`s.
 * - **Spawning** (R47): allowed from the body or from any fiber, until the group is done;
 *   spawning into a group that is shutting down (aborting) or finished fails with
 *   `InvalidStateError` and starts nothing. Children start lazily, like any fiber (R19), and
 *   a child's failure is handled in its done callback, one iteration after it ends (R52).
 * - A timeout around a group (`pipe(taskGroup(…), Task.timeout(ms))`) is an external cancel
 *   for the group: children are cancelled, the group ends cancelled, the timeout turns that
 *   into `TimeoutError` (R51).
 *
 * - **`tg.cancel()`** (asyncio 3.15): ends the group early without an error. It aborts the
 *   group like a child failure does — every unfinished child is cancelled, and so is the
 *   body, with the group's own (withdrawn) cancel — and records no error. The group then ends
 *   as usual: with the `ExceptionGroup` if children failed (before or while being
 *   cancelled), cancelled if someone else cancelled it too, and otherwise it succeeds.
 *
 * Decisions: a group whose body `tg.cancel()` stopped before it returned has no body value:
 * its task succeeds with `undefined`, so the group's value is typed `A | undefined`
 * (Python's `async with` block has no value at all). A body that catches the
 * `CancelledError` (in a `gen`) and returns a value gives that value. JavaScript has no `KeyboardInterrupt`/`SystemExit`, so asyncio's "base error"
 * rule (R49.1) has nothing to apply to. Each run of a `taskGroup` task is a fresh group, so
 * asyncio's "already entered" and "not entered" errors cannot happen.
 *
 * @module
 */
import { ExceptionGroup, InvalidStateError, LoopError, isCancelledError } from '../errors.js'
import { Future } from '../Future.js'
import type { Primitive, Task, TaskGroupView, WaitInfo } from '../runtime/kernel.js'
import { Await, checkFunction, checkOptionalOptions, consume, describeValue, Fail, Fiber, forgetTaskGroup, fromPrimitive, Gen, hopInto, isTask, noteTaskGroup, Scheduler, startFiber, State, Succeed, toPrimitive, withFiber } from '../runtime/kernel.js'

/**
 * The handle a group's body receives.
 *
 * @example
 * Task.taskGroup((tg) => Task.gen(function* () {
 *   const child = yield* tg.spawn(work, { name: 'worker' })
 *   return yield* child
 * }))
 */
export interface TaskGroup {
  /**
   * Starts `task` in a child fiber of the group (asyncio's `tg.create_task`). Fails with
   * `InvalidStateError` if the group is shutting down or finished.
   */
  spawn<E, A>(task: Task<E, A>, options?: { readonly name?: string }): Task<InvalidStateError, Fiber<E, A>>
  /**
   * Ends the group early, without an error (asyncio 3.15's `TaskGroup.cancel()`): cancels
   * every unfinished child and the body, then the group returns normally — with the body's
   * value if the body still finished (a coroutine may catch the `CancelledError`), otherwise
   * with `undefined` — or fails with the `ExceptionGroup` if children failed. A plain call,
   * from the body, a child or any other code; idempotent; a no-op once the group is
   * finished. Spawning after it fails with `InvalidStateError` (the group is shutting down).
   */
  cancel(): void
}

/** What the parent awaits on exit: completed when the last child ends. */
class ChildrenEnded extends Future<never, void> {
  constructor(
    loop: Scheduler,
    private readonly children: ReadonlySet<Fiber>,
  ) {
    super(loop)
  }

  /** `taskGroup: 4 children`: the parent waits for them to end (they are drawn below it). @internal */
  describeAwait(): WaitInfo {
    const n = this.children.size
    return { kind: 'taskGroup', text: `taskGroup: ${n} ${n === 1 ? 'child' : 'children'} to end`, fibers: [...this.children] }
  }
}

class Group implements TaskGroup, TaskGroupView {
  private exiting = false
  private aborting = false
  private parentCancelRequested = false
  /** The live children; `loop.dump()` draws them under the group (see `noteTaskGroup`). */
  readonly children = new Set<Fiber>()
  readonly errors: unknown[] = []
  /** Completed when the last child ends while the group waits on exit. */
  private onCompleted: Future<never, void> | null = null

  constructor(private readonly parent: Fiber) {}

  spawn<E, A>(task: Task<E, A>, options?: { readonly name?: string }): Task<InvalidStateError, Fiber<E, A>> {
    if (!isTask(task)) throw new TypeError(`taskGroup spawn expects a Task, got ${describeValue(task)}`)
    checkOptionalOptions('taskGroup spawn', options)
    if (options?.name !== undefined && typeof options.name !== 'string') throw new TypeError('taskGroup spawn: name must be a string')
    const prim = toPrimitive(task)
    const name = options?.name
    return fromPrimitive(
      withFiber((fiber) => {
        if (fiber.loop !== this.parent.loop) return new Fail(new LoopError('taskGroup spawn: the group belongs to a different loop'))
        if (this.exiting && this.children.size === 0) return new Fail(new InvalidStateError('cannot spawn into a task group that is finished'))
        if (this.aborting) return new Fail(new InvalidStateError('cannot spawn into a task group that is shutting down'))
        const child = startFiber(fiber.loop, prim, name)
        this.children.add(child)
        child.addDoneCallback(this.onChildDone)
        return new Succeed(child)
      }),
    )
  }

  cancel(): void {
    if (this.exiting && this.children.size === 0) return // finished: nothing left to cancel
    if (this.aborting) return
    this.abort()
    // Stryker disable next-line ConditionalExpression,LogicalOperator: reached only on the first cancel (aborting is set just above, and the parent's cancel is only ever requested together with aborting), while the group's fiber still runs its body or its exit
    if (!this.parentCancelRequested && this.parent.state === State.Pending) {
      this.parentCancelRequested = true
      this.parent.cancel()
    }
  }

  /** Cancels every unfinished child (asyncio's `_abort`). */
  abort(): void {
    this.aborting = true
    // Stryker disable next-line ConditionalExpression: a child still listed but done is one whose done callback has yet to run: cancelling it changes nothing, and its failure is consumed by that callback
    for (const c of this.children) if (c.state === State.Pending) c.cancel()
  }

  private readonly onChildDone = (child: Fiber): void => {
    this.children.delete(child)
    // Stryker disable next-line ConditionalExpression: a wake with children left is harmless: exit waits again while any child is listed
    if (this.onCompleted !== null && this.children.size === 0 && this.onCompleted.state === State.Pending) this.onCompleted.setResult(undefined)
    if (child.state !== State.Failed) return
    const error = consume(child)
    // collected into the group's ExceptionGroup, not rethrown: its traceback ends here
    hopInto(child, error, `taskGroup child ${child.name}`, this.parent)
    this.errors.push(error)
    // Stryker disable ConditionalExpression,BlockStatement,ObjectLiteral,StringLiteral: cannot happen (the group's fiber waits for every child before it ends); kept so that such a failure would be reported, not lost
    if (this.parent.state !== State.Pending) {
      // cannot happen while the group waits for its children; reported rather than lost
      this.parent.loop.report({ message: `${child.name} failed, but its task group's fiber is already done`, error, fiber: child })
      return
    }
    // Stryker restore ConditionalExpression,BlockStatement,ObjectLiteral,StringLiteral
    if (!this.aborting && !this.parentCancelRequested) {
      this.abort()
      this.parentCancelRequested = true
      this.parent.cancel()
    }
  }

  /**
   * asyncio's `__aexit__`: `failed`/`error` say how the body ended. A generator, so that
   * it can wait for the children and see the cancels that arrive meanwhile.
   */
  *exit(failed: boolean, error: unknown, value: unknown): Generator<Primitive, unknown, unknown> {
    this.exiting = true
    let propagateCancel: unknown = failed && isCancelledError(error) ? error : undefined
    /** The last cancel that reached the parent while it waited, whoever sent it. */
    let pendingCancel: unknown = undefined
    if (failed && !this.aborting) this.abort()
    while (this.children.size > 0) {
      this.onCompleted ??= new ChildrenEnded(this.parent.loop, this.children)
      try {
        yield new Await(this.onCompleted)
      } catch (e) {
        // Stryker disable next-line ConditionalExpression: the waiter is a future only the group completes, so what it throws is a cancellation
        if (!isCancelledError(e)) throw e // cannot happen: the waiter only completes or is cancelled
        pendingCancel = e
        if (!this.aborting) {
          // the parent is cancelled from outside while the group waits for its children
          propagateCancel = e
          this.abort()
        }
      }
      this.onCompleted = null
    }
    if (this.parentCancelRequested) {
      // withdraw the group's own cancel; one that is left over came from outside: keep it
      if (this.parent.uncancel() === 0) propagateCancel = undefined
      else propagateCancel ??= pendingCancel
    }
    if (propagateCancel !== undefined && this.errors.length === 0) throw propagateCancel
    if (failed && !isCancelledError(error)) this.errors.push(error)
    if (this.errors.length > 0) {
      // an external cancel is not lost: re-armed, with a stable count (R50, asyncio 3.13+)
      if (this.parent.cancelling() > 0) {
        this.parent.uncancel()
        this.parent.cancel()
      }
      throw new ExceptionGroup(this.errors, 'unhandled errors in a task group')
    }
    return value
  }
}

/**
 * `async with asyncio.TaskGroup() as tg: …` — see the module doc for the rules.
 *
 * @example
 * const both = Task.taskGroup((tg) =>
 *   Task.gen(function* () {
 *     const a = yield* tg.spawn(fetchA)
 *     const b = yield* tg.spawn(fetchB)
 *     return [yield* a, yield* b] as const
 *   }),
 * )
 * // fails with an ExceptionGroup if fetchA or fetchB fails; the other is cancelled
 */
export const taskGroup = <E, A>(body: (tg: TaskGroup) => Task<E, A>): Task<ExceptionGroup, A | undefined> => {
  checkFunction('Task.taskGroup', body)
  return fromPrimitive(
    withFiber((parent) => {
      const group = new Group(parent)
      return new Gen(function* taskGroup(): Generator<Primitive, unknown, unknown> {
        // while it runs, the parent's dump shows the group and its children
        noteTaskGroup(parent, group)
        try {
          let value: unknown
          try {
            const task = body(group)
            if (!isTask(task)) throw new TypeError(`Task.taskGroup: the body function must return a Task, got ${describeValue(task)}`)
            value = yield toPrimitive(task)
          } catch (error) {
            return yield* group.exit(true, error, undefined)
          }
          return yield* group.exit(false, undefined, value)
        } finally {
          forgetTaskGroup(parent, group)
        }
      })
    }),
  )
}
