/**
 * A `Fiber` is a running task (asyncio's `Task`): a future whose result is set by
 * interpreting a `Task` value step by step.
 *
 * ## The run loop
 * `runLoop` interprets opcodes with an explicit continuation stack: `FlatMap`, `Map`,
 * `Catch`, `Fold`, `Finalize` and `WaitOn` nodes are pushed as their own frames, so a chain or a
 * recursion of any depth never grows the JavaScript stack, and a step allocates nothing
 * beyond what user code allocates. It leaves the loop only to suspend, to finish, or to
 * cede after `OPS_BEFORE_CEDE` steps so that one busy fiber cannot starve the others.
 *
 * ## Where a fiber is
 * Invariant: a fiber is in exactly one place — on the ready queue (`resumeMode` says how it
 * continues), inside `runLoop`, suspended on exactly one `waitingOn` that will wake it once,
 * or done.
 *
 * ## Cancellation (ASYNCIO.md §D)
 * `cancel()` is a request. If the fiber is suspended (and not inside `uncancellable`), the
 * request is passed to what it waits on, which wakes it with a `CancelledError` (R22, R26).
 * Otherwise `mustCancel` is set, and the `CancelledError` is thrown in at the next
 * suspension point where cancellation is enabled (R23): as it resumes, or as it suspends.
 * Finishing with `mustCancel` still set ends the fiber cancelled (R24). A `CancelledError`
 * unwinds the stack like an error, but only `gen` frames (a coroutine's own `catch`) and
 * finalizers see it; `Catch`/`Fold` frames let it pass. Ceding after a step budget is a
 * scheduling point, not a cancellation point, so behaviour never depends on the budget.
 *
 * @internal
 * @module
 */
import { InvalidStateError, LoopError, isCancelledError } from '../errors.js'
import { newCancelledError } from './cancelled.js'
import { FutureBase, State, describe } from './future.js'
import type { Async, Catch, Finalize, Fold, FlatMap, Map as MapOp, Poll, Primitive, WaitOn, Waitable } from './primitive.js'
import { Await, Fail, Op, Succeed, TaskBase, Unmask, fromPrimitive, toPrimitive } from './primitive.js'
import type { LiveNode } from './live.js'
import type { Schedulable, Scheduler } from './scheduler.js'
import { AsyncWait, NeverWait, SleepTimer } from './waits.js'

/**
 * Steps a fiber may take before it cedes to the loop. Large enough that ceding costs
 * nothing measurable, small enough that a busy fiber lets timers and others run often.
 */
export const OPS_BEFORE_CEDE = 2048

// ---- frames that only the run loop creates -----------------------------------------------

/** A suspended coroutine; created only by the run loop. */
class GenFrame {
  readonly _tag = Op.GenFrame
  constructor(readonly iterator: Iterator<unknown, unknown, unknown>) {}
}

/** Restores the mask depth on the way out of `uncancellable` or `poll`; created only by the run loop. */
class RestoreMasks {
  readonly _tag = Op.RestoreMasks
  constructor(readonly masks: number) {}
}

/** After a finalizer succeeds, resumes the ending it interrupted; created only by the run loop. */
class AfterFinalizer {
  readonly _tag = Op.AfterFinalizer
  constructor(
    readonly value: unknown,
    readonly failed: boolean,
    readonly masks: number,
  ) {}
}

type Frame = MapOp | FlatMap | Catch | Fold | Finalize | WaitOn | GenFrame | RestoreMasks | AfterFinalizer

/** How a fiber continues when the ready queue reaches it. */
const enum Resume {
  /** First step: `resumeValue` is the task; a cancel before this means the body never runs. */
  Start,
  /** Ceded after its step budget: `resumeValue` is the next opcode; not a cancellation point. */
  AutoCede,
  /** Woken by a foreign resume: `resumeValue` is the task to run. */
  Run,
  /** Woken with a value. */
  Value,
  /** Woken with an error or a `CancelledError` to throw in at the suspension point. */
  Throw,
}

/** Returned by suspension helpers: the run loop must return. */
const SUSPENDED = null

export interface FiberOptions {
  readonly name?: string | undefined
}

/**
 * A running task (asyncio's `Task`): `Task.spawn(t)` inside a task or `loop.createTask(t)`
 * outside. Await it with `yield* fiber` or `Task.join(fiber)`; `cancel(msg)` requests a
 * cancellation, delivered at its next suspension point. Its first step runs on a later loop
 * iteration.
 *
 * @example
 * const loop = new Loop({ clock: 'virtual' })
 * const fiber: Fiber<never, string> = loop.createTask(Task.as('done')(Task.sleep(10)))
 * fiber.done() // → false
 */
export class Fiber<E = unknown, A = unknown> extends FutureBase<E, A> implements Schedulable {
  /**
   * The continuation stack: the innermost frame in `top`, the ones below it in `below`
   * (innermost last). Most fibers never hold more than one frame, and so never allocate the
   * array, which is created on the second push.
   */
  private top: Frame | undefined = undefined
  private below: Frame[] | null = null
  /** > 0 inside `uncancellable` (and outside any `poll`): cancellation waits. */
  private masks = 0
  /** A cancel request not yet delivered (asyncio's `_must_cancel`). */
  private mustCancel = false
  private cancelMessage: string | undefined = undefined
  /** asyncio's `_num_cancels_requested`: see `cancelling()` / `uncancel()`. */
  private cancelCount = 0
  /** What the fiber is suspended on (asyncio's `_fut_waiter`); null when not suspended. */
  private waitingOn: Waitable | null = null
  private resumeMode = Resume.Start
  private resumeValue: unknown
  /** The name given to `spawn`/`createTask`, or the number for `Task-<n>`. */
  private readonly label: string | number
  /** Links in the loop's list of live fibers (`live.ts`). @internal */
  livePrev: LiveNode | null = null
  /** @internal */
  liveNext: LiveNode | null = null

  constructor(loop: Scheduler, task: Primitive, options?: FiberOptions) {
    super(loop)
    this.resumeValue = task
    this.label = options?.name ?? ++loop.fiberCount
  }

  /** The fiber's name: the one given to `spawn`/`createTask`, or `Task-<n>`. */
  get name(): string {
    return typeof this.label === 'string' ? this.label : `Task-${this.label}`
  }

  /** In debug mode, where the fiber was created (a stack trace). */
  get createdAt(): string | undefined {
    return origins.get(this)
  }

  /** The loop running this fiber. */
  override getLoop(): Scheduler {
    return this.loop
  }

  // ---- the public face (asyncio's Task) ------------------------------------------------

  /**
   * Requests cancellation (R22): false if the fiber is done; otherwise true, and a
   * `CancelledError` is thrown in at its suspension point. The fiber may catch it.
   */
  cancel(message?: string): boolean {
    if (this.state !== State.Pending) {
      this.markRetrieved()
      return false
    }
    this.cancelCount++
    if (this.waitingOn !== null && this.masks === 0 && this.waitingOn.cancel(message)) return true
    this.mustCancel = true
    this.cancelMessage = message
    return true
  }

  /** How many cancel requests are outstanding (R27). */
  cancelling(): number {
    return this.cancelCount
  }

  /** Withdraws one cancel request; at 0, an undelivered one is dropped too (R27). */
  uncancel(): number {
    if (this.cancelCount > 0) {
      this.cancelCount--
      if (this.cancelCount === 0) this.mustCancel = false
    }
    return this.cancelCount
  }

  /** A fiber's result is set by its task (R21). */
  setResult(): never {
    throw new InvalidStateError('a Fiber does not support setResult: its task sets its result')
  }

  /** A fiber's result is set by its task (R21). */
  setException(): never {
    throw new InvalidStateError('a Fiber does not support setException: its task sets its result')
  }

  override toString(): string {
    const state = ['pending', 'succeeded', 'failed', 'cancelled'][this.state]
    return `Fiber<${this.name} ${state}>`
  }

  /** Describes what this fiber waits on, following fibers it awaits. @internal */
  describeWait(seen: Set<unknown> = new Set()): string {
    const w = this.waitingOn
    if (w === null) return this.state === State.Pending ? 'nothing (it is ready to run)' : 'nothing (it is done)'
    if (w instanceof AsyncWait) return `a foreign operation (${w.label}) that only the host can complete`
    if (w instanceof NeverWait) return 'Task.never'
    if (w instanceof SleepTimer) return `a sleep until ${w.when} ms`
    if (w instanceof Fiber) {
      if (seen.has(w)) return `${describe(w)} (a cycle)`
      seen.add(this)
      return `${describe(w)}, which waits on ${w.describeWait(seen)}`
    }
    return `${describe(w as FutureBase<unknown, unknown>)} that nothing completes`
  }

  // ---- waking (called by what the fiber waits on) ------------------------------------------

  /**
   * The future this fiber awaits is running its callbacks: take the next step now, with its
   * result (see `FutureBase.settle`). @internal
   */
  resumeFrom(future: FutureBase<unknown, unknown>): void {
    if (future.state === State.Succeeded) this.resumeMode = Resume.Value
    else {
      future.markRetrieved()
      this.resumeMode = Resume.Throw
    }
    this.resumeValue = future.settled
    this.step()
  }

  /** @internal */
  wakeWithValue(value: unknown): void {
    this.resumeMode = Resume.Value
    this.resumeValue = value
    this.loop.schedule(this)
  }

  /** @internal */
  wakeWithError(error: unknown): void {
    this.resumeMode = Resume.Throw
    this.resumeValue = error
    this.loop.schedule(this)
  }

  /** @internal */
  wakeToRun(task: Primitive): void {
    this.resumeMode = Resume.Run
    this.resumeValue = task
    this.loop.schedule(this)
  }

  /**
   * Called only by the ready queue: a pending fiber takes its next step; a done one runs the
   * callbacks its completion scheduled. @internal
   */
  override fire(): void {
    if (this.state === State.Pending) this.step()
    else super.fire()
  }

  /** Runs the fiber's next step, as `resumeMode` says. */
  private step(): void {
    const mode = this.resumeMode
    const value = this.resumeValue
    this.resumeValue = undefined
    this.waitingOn = null
    const loop = this.loop
    loop.current = this
    if (mode !== Resume.AutoCede && this.mustCancel && this.masks === 0) {
      // R23: the pending cancel is thrown in here instead of resuming normally
      this.mustCancel = false
      this.runLoop(undefined, mode === Resume.Throw && isCancelledError(value) ? value : newCancelledError(this.cancelMessage, loop.debug), true)
    } else if (mode === Resume.Value) this.runLoop(undefined, value, false)
    else if (mode === Resume.Throw) this.runLoop(undefined, value, true)
    else this.runLoop(value as Primitive, undefined, false)
    loop.current = null
  }

  // ---- the run loop ------------------------------------------------------------------------

  /**
   * Interprets `cur`, or, when `cur` is undefined, delivers `value` (an error if `failed`)
   * to the innermost frame. Returns when the fiber suspends, cedes or finishes.
   */
  private runLoop(cur: Primitive | undefined, value: unknown, failed: boolean): void {
    let budget = OPS_BEFORE_CEDE
    for (;;) {
      try {
        for (;;) {
          if (cur !== undefined) {
            if (--budget === 0) return this.autoCede(cur)
            switch (cur._tag) {
              case Op.Succeed:
                value = cur.value
                failed = false
                cur = undefined
                break
              case Op.Fail:
                value = cur.error
                failed = true
                cur = undefined
                break
              case Op.Sync:
                value = cur.thunk()
                failed = false
                cur = undefined
                break
              case Op.Suspend:
                cur = cur.thunk()
                break
              case Op.Map:
              case Op.FlatMap:
              case Op.Catch:
              case Op.Fold:
              case Op.Finalize:
                this.push(cur)
                cur = cur.task
                break
              case Op.Uncancellable:
                cur = this.enterUncancellable(cur.body)
                break
              case Op.Unmask:
                this.push(new RestoreMasks(this.masks))
                this.masks = cur.outerMasks
                cur = cur.task
                break
              case Op.Gen:
                cur = this.startGen(cur.body)
                break
              case Op.Spawn:
                value = this.spawnChild(cur.task, cur.name)
                failed = false
                cur = undefined
                break
              case Op.WithFiber:
                cur = (cur.f as (fiber: Fiber) => Primitive)(this)
                break
              case Op.Await: {
                const next = this.await(cur.target)
                if (next === SUSPENDED) return
                cur = next
                break
              }
              case Op.WaitOn: {
                this.push(cur)
                const next = this.await(cur.waiter)
                if (next === SUSPENDED) return
                cur = next
                break
              }
              case Op.Async: {
                const next = this.suspendAsync(cur)
                if (next === SUSPENDED) return
                cur = next
                break
              }
              case Op.Sleep:
                this.suspendSleep(cur.ms)
                return
              case Op.Cede:
                return this.wakeWithValue(undefined)
              case Op.Never:
                this.suspendOn(new NeverWait(this))
                return
              default:
                cur = this.notATask(cur)
            }
          } else {
            const frame = this.pop()
            if (frame === undefined) return this.finish(value, failed)
            if (!failed) {
              switch (frame._tag) {
                case Op.Map:
                  value = frame.f(value)
                  break
                case Op.FlatMap:
                  cur = frame.f(value)
                  break
                case Op.Fold:
                  cur = frame.onSuccess(value)
                  break
                case Op.GenFrame:
                  cur = this.resumeGen(frame, frame.iterator.next(value))
                  break
                case Op.Finalize:
                  cur = this.runFinalizer(frame, value, false)
                  break
                case Op.WaitOn:
                  cur = frame.owner.waitEnded(frame.waiter, false, this as never)
                  break
                case Op.RestoreMasks:
                  this.masks = frame.masks
                  break
                case Op.AfterFinalizer:
                  this.masks = frame.masks
                  value = frame.value
                  failed = frame.failed
                  break
              }
            } else {
              switch (frame._tag) {
                case Op.Catch:
                  if (!isCancelledError(value)) cur = frame.handler(value)
                  break
                case Op.Fold:
                  if (!isCancelledError(value)) cur = frame.onFailure(value)
                  break
                case Op.GenFrame:
                  cur = this.throwIntoGen(frame, value)
                  break
                case Op.Finalize:
                  cur = this.runFinalizer(frame, value, true)
                  break
                case Op.WaitOn:
                  // cleans up; the failure or cancellation passes on
                  frame.owner.waitEnded(frame.waiter, true, this as never)
                  break
                case Op.RestoreMasks:
                  this.masks = frame.masks
                  break
                case Op.AfterFinalizer:
                  // the finalizer failed: its error replaces the ending it interrupted
                  this.masks = frame.masks
                  break
              }
            }
          }
        }
      } catch (error) {
        // user code (a thunk, a mapping function, a generator body) threw: fail from here
        cur = undefined
        value = error
        failed = true
      }
    }
  }

  private push(frame: Frame): void {
    const top = this.top
    if (top !== undefined) {
      if (this.below === null) this.below = [top]
      else this.below.push(top)
    }
    this.top = frame
  }

  private pop(): Frame | undefined {
    const frame = this.top
    const below = this.below
    this.top = below === null ? undefined : below.pop()
    return frame
  }

  private autoCede(cur: Primitive): void {
    this.resumeMode = Resume.AutoCede
    this.resumeValue = cur
    this.loop.schedule(this)
  }

  private enterUncancellable(body: (poll: Poll) => Primitive): Primitive {
    const outer = this.masks
    this.push(new RestoreMasks(outer))
    this.masks = outer + 1
    const poll: Poll = (task) => fromPrimitive(new Unmask(toPrimitive(task), outer))
    return body(poll)
  }

  private startGen(body: () => Iterator<unknown, unknown, unknown>): Primitive {
    const iterator = body()
    if (iterator === null || typeof iterator !== 'object' || typeof iterator.next !== 'function') {
      throw new TypeError(`Task.gen expects a generator function (function* () { … }), but it returned ${String(iterator)}`)
    }
    return this.resumeGen(new GenFrame(iterator), iterator.next())
  }

  /** The coroutine yielded (an awaitable to run) or returned (its value). */
  private resumeGen(frame: GenFrame, step: IteratorResult<unknown, unknown>): Primitive {
    if (step.done === true) return new Succeed(step.value)
    this.push(frame)
    const awaited = step.value
    if (awaited instanceof TaskBase) return awaited as unknown as Primitive
    if (awaited instanceof FutureBase) return new Await(awaited)
    return new Fail(
      new TypeError(
        `Task.gen: the coroutine yielded ${describeValue(awaited)}, which is not a Task, a Fiber or a Future; await with yield*`,
      ),
    )
  }

  private throwIntoGen(frame: GenFrame, error: unknown): Primitive {
    const it = frame.iterator
    if (typeof it.throw !== 'function') throw error
    return this.resumeGen(frame, it.throw(error))
  }

  /**
   * Starts a finalizer with cancellation deferred; an `AfterFinalizer` frame resumes the
   * interrupted ending once it is done. `undefined`: no finalizer, keep unwinding.
   */
  private runFinalizer(frame: Finalize, value: unknown, failed: boolean): Primitive | undefined {
    const finalizer = frame.finalizer(failed, value)
    if (finalizer === undefined) return undefined
    this.push(new AfterFinalizer(value, failed, this.masks))
    this.masks++
    return finalizer
  }

  private spawnChild(task: Primitive, name: string | undefined): Fiber {
    return startFiber(this.loop, task, name)
  }

  /** `join` / `yield* fiber`: a done target does not suspend (R18). */
  private await(target: unknown): Primitive | typeof SUSPENDED {
    if (!(target instanceof FutureBase)) {
      return new Fail(new TypeError(`Task.join expects a Fiber or a Future, got ${describeValue(target)}`))
    }
    if (target.loop !== this.loop) {
      return this.throwNextIteration(new LoopError(`${this.name} cannot await ${describe(target)}: it belongs to a different loop`))
    }
    if (target === this) return this.throwNextIteration(new LoopError(`${this.name} cannot await itself`))
    switch (target.state) {
      case State.Pending:
        target.register(this)
        return this.suspendOn(target)
      case State.Succeeded:
        return new Succeed(target.settled)
      default:
        target.markRetrieved()
        return new Fail(target.settled)
    }
  }

  /** R11: a bad await is thrown in at the next iteration, not inline. */
  private throwNextIteration(error: unknown): typeof SUSPENDED {
    this.wakeWithError(error)
    return SUSPENDED
  }

  /**
   * Suspends on `wait`. If a cancel is pending and cancellation is enabled, the wait is
   * cancelled at once (R23) — which wakes the fiber with the `CancelledError` next iteration.
   */
  private suspendOn(wait: Waitable): typeof SUSPENDED {
    this.waitingOn = wait
    if (this.mustCancel && this.masks === 0 && wait.cancel(this.cancelMessage)) this.mustCancel = false
    return SUSPENDED
  }

  private suspendSleep(ms: number): typeof SUSPENDED {
    const loop = this.loop
    const timer = new SleepTimer(this, loop.clock.now() + ms, loop.nextTimerSeq())
    loop.addTimer(timer)
    return this.suspendOn(timer)
  }

  private suspendAsync(op: Async): Primitive | typeof SUSPENDED {
    const wait = new AsyncWait(this, op.label)
    this.waitingOn = wait
    if (this.mustCancel && this.masks === 0 && wait.cancel(this.cancelMessage)) {
      this.mustCancel = false // cancelled before it started: the operation is never begun
      return SUSPENDED
    }
    try {
      op.register(wait.resume, op.wantsSignal ? wait.signal() : undefined)
    } catch (error) {
      wait.abandon()
      this.waitingOn = null
      return new Fail(error)
    }
    return SUSPENDED
  }

  /** A continuation returned something that is not a Task: accept awaitables, reject the rest. */
  private notATask(value: unknown): Primitive {
    if (value instanceof FutureBase) return new Await(value)
    throw new TypeError(`expected a Task, but a continuation or constructor produced ${describeValue(value)}`)
  }

  private finish(value: unknown, failed: boolean): void {
    this.below = null // let the frames go
    if (!failed) {
      if (this.mustCancel) {
        // R24: cancelled at the finish line — the value is discarded
        this.mustCancel = false
        this.settle(State.Cancelled, newCancelledError(this.cancelMessage, this.loop.debug))
      } else this.settle(State.Succeeded, value)
    } else if (isCancelledError(value)) this.settle(State.Cancelled, value)
    else this.settle(State.Failed, value)
    this.loop.live.delete(this)
  }
}

/** In debug mode, where each fiber was created; kept aside so fibers stay small. */
const origins = new WeakMap<Fiber, string>()

/** Creates a fiber for `task` and schedules its first step (lazy start, R19). @internal */
export const startFiber = (loop: Scheduler, task: Primitive, name?: string): Fiber => {
  const fiber = new Fiber(loop, task, { name })
  // the first two lines of the trace are the Error itself and this function
  if (loop.debug) origins.set(fiber, `created at:\n${(new Error().stack ?? '').split('\n').slice(2).join('\n')}`)
  loop.live.add(fiber)
  loop.schedule(fiber)
  return fiber
}

/** A short description of a value for error messages. @internal */
export const describeValue = (u: unknown): string => {
  if (u === null) return 'null'
  if (u === undefined) return 'undefined'
  if (typeof u === 'string') return `the string ${JSON.stringify(u.length > 40 ? u.slice(0, 40) + '…' : u)}`
  if (typeof u === 'function') return `a function${u.name ? ` (${u.name})` : ''}`
  if (typeof u === 'object') return `an object (${Object.prototype.toString.call(u)})`
  return `${typeof u} ${String(u)}`
}
