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
 * @module
 */
import { InvalidStateError, LoopError, isCancelledError } from '../errors.js'
import { FIBER_BRAND, brand } from './brands.js'
import { newCancelledError } from './cancelled.js'
import { describeValue } from './describeValue.js'
import { FutureBase, State, checkCancelMessage, describe, isFuture } from './future.js'
import type { Async, Catch, Finalize, Fold, FlatMap, Map as MapOp, Poll, Primitive, WaitOn, Waitable } from './primitive.js'
import { Await, Fail, Op, Succeed, Unmask, fromPrimitive, isTask, throwSites, toPrimitive, yieldSites } from './primitive.js'
import type { CoroutineInfo } from './traceback.js'
import { crossedInto, fiberFailed, fiberTraceback, leftCoroutine } from './traceback.js'
import { captureCaller, firstUserFrame, frameBelowAwait } from './sites.js'
import type { LiveNode } from './live.js'
import type { ContextValues } from './context.js'
import type { FiberRecord } from './fiberRecord.js'
import { ownRecord, recordFor } from './fiberRecord.js'
import type { Schedulable, Scheduler } from './scheduler.js'
import { AsyncWait, NeverWait, SleepTimer } from './waits.js'
import type { BirthStamp } from './describeWait.js'
import { describeWait } from './describeWait.js'

/**
 * Steps a fiber may take before it cedes to the loop. Large enough that ceding costs
 * nothing measurable, small enough that a busy fiber lets timers and others run often.
 */
export const OPS_BEFORE_CEDE = 2048

// ---- frames that only the run loop creates -----------------------------------------------

/**
 * A suspended coroutine; created only by the run loop. It keeps its generator function and
 * counts its awaits so that a test tool can name the exact suspension point (`coroutinePath`).
 */
class GenFrame {
  declare readonly _tag: Op.GenFrame
  /** How many times the coroutine has yielded (awaited) so far. */
  awaits = 0
  /** Debug mode: the stack taken at the current await, formatted only if read (`site`). */
  siteCapture: Error | undefined = undefined
  /** The iterator is a plain generator object, resumed through the engine's own `next` (see `isPlainGenerator`). */
  plain = false
  constructor(
    readonly iterator: Iterator<unknown, unknown, unknown>,
    readonly body: () => unknown,
    /** What is known of a user's coroutine; `undefined` for the library's own (see `traceback.ts`). */
    readonly info: CoroutineInfo | undefined,
  ) {}

  /** Debug mode: the source location of the current await. */
  get site(): string | undefined {
    return yieldSiteOf(this.siteCapture?.stack)
  }
}

/** What every generator object inherits `next` from (`%GeneratorPrototype%`), and that `next`. */
const GENERATOR_PROTOTYPE: object = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})()) as object) as object
const generatorNext = (GENERATOR_PROTOTYPE as Iterator<unknown>).next

/**
 * True for the generator object of a `function*` whose `next` is the engine's own: the
 * coroutine is then resumed by calling that `next` directly. Each generator *closure* gives
 * its objects a hidden class of their own (their prototype is the closure's own
 * `prototype`), so asking such an object for `next` misses V8's property caches once per
 * coroutine; a child of a fan-out written with `Task.gen` is one closure each (W3 with
 * `Task.gen` at 10⁵, M instructions per run: 3 002 -> 2 583).
 */
// Stryker disable next-line BlockStatement: the fast path off (every coroutine through its own `next`) gives the same results, only slower
const isPlainGenerator = (it: unknown): boolean => {
  // Stryker disable next-line StringLiteral: as above: a test that is never true turns the fast path off
  if (it === null || typeof it !== 'object') return false
  const own = Object.getPrototypeOf(it) as { next?: unknown } | null
  return own !== null && Object.getPrototypeOf(own) === GENERATOR_PROTOTYPE && own.next === generatorNext && !Object.prototype.hasOwnProperty.call(it, 'next')
}

/** A coroutine's name: its `Task.fn` name or generator function's name, `<coroutine>` for an anonymous one. */
const coroutineName = (frame: GenFrame): string => {
  const named = frame.info?.name ?? frame.body.name
  return named === '' ? '<coroutine>' : named
}

/**
 * The coroutine's line in a stack taken by `YieldOnce.next`: the frame right below it
 * (`at transfer (file:///…/bank.ts:12:5)` gives `…/bank.ts:12:5`).
 */
const yieldSiteOf = (stack: string | undefined): string | undefined => {
  if (stack === undefined) return undefined
  const lines = stack.split('\n')
  const at = lines.findIndex((l) => l.includes('YieldOnce.next'))
  const line = at < 0 ? undefined : lines[at + 1]
  // Stryker disable next-line ConditionalExpression: → false is equivalent (exec reads undefined as "undefined", which neither pattern matches); → true is killed by fiberSites.test.ts and ignored with it
  if (line === undefined) return undefined
  // Stryker disable next-line Regex: dropping the second pattern's $ differs only for a line that holds a carriage return; the first pattern's mutants are killed by fiberSites.test.ts and ignored with it
  const m = /\(([^()]*)\)\s*$/.exec(line) ?? /at\s+(.*)$/.exec(line)
  // Stryker disable next-line OptionalChaining: a match always has its group, so the second ?. is equivalent; the first (no match) is killed by fiberSites.test.ts and ignored with it
  return m?.[1]?.replace(/^file:\/\//, '')
}

/** Restores the mask depth on the way out of `uncancellable` or `poll`; created only by the run loop. */
class RestoreMasks {
  declare readonly _tag: Op.RestoreMasks
  constructor(
    readonly masks: number,
    readonly region: number,
  ) {}
}

/** After a finalizer succeeds, resumes the ending it interrupted; created only by the run loop. */
class AfterFinalizer {
  declare readonly _tag: Op.AfterFinalizer
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

/**
 * The run loop's "no task to interpret, deliver `value` to the next frame". A private object,
 * not `undefined`: a user function that returns `undefined` (a forgotten `return`) must not
 * pass for "no task" and hand on the previous value.
 */
const NO_TASK = Object.freeze({ toString: () => 'no task' }) as unknown as Primitive

// ---- cancel propagation ------------------------------------------------------------------
//
// `fiber.cancel()` passes the request to what the fiber awaits, and when that is a fiber, on
// to what it awaits, and so on: a chain of any depth. It is walked with an explicit stack,
// never by recursion. One request visits each fiber once: a fiber reached twice (two awaiters
// of one fiber, both cancelled by one gather) is cancelled once, and a fiber reached again
// while its own cancel is still being passed on is a cycle of awaits (A awaits B awaits A),
// which the last fiber in it breaks by ending its wait with the `CancelledError` itself.

interface CancelEntry {
  readonly fiber: Fiber
  readonly message: string | undefined
  /** Leaving `fiber`: what it awaits has been handled. */
  readonly exit: boolean
}

/** Numbers `uncancellable` regions, in every fiber: a `poll` works only in its own region. */
let regionCount = 0

/** The pending steps of the request being propagated; empty between requests. */
const cancelStack: CancelEntry[] = []
/** Numbers requests, so that a fiber can tell whether this request already reached it. */
let cancelRequest = 0
/** True while a request is being propagated. */
let propagating = false
/** Set when a cancel reached a fiber whose own cancel is in progress (a cycle). */
// Stryker disable next-line BooleanLiteral: never read before it is set: cancelStep clears it before each wait.cancel whose outcome it then reads
let cycleHit = false

/** Reverses `stack[from..]`: the fibers one step asked to cancel are then taken in the order asked. */
const reverseFrom = (stack: CancelEntry[], from: number): void => {
  for (let i = from, j = stack.length - 1; i < j; i++, j--) {
    const t = stack[i]!
    stack[i] = stack[j]!
    stack[j] = t
  }
}

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
export class Fiber<E = unknown, A = unknown> extends FutureBase<E, A> {
  /**
   * The continuation stack: the innermost frame in `top`, the ones below it in `below`
   * (innermost last). Most fibers never hold more than one frame, and so never allocate the
   * array, which is created on the second push.
   */
  private top: Frame | undefined = undefined
  private below: Frame[] | null = null
  /**
   * The name, birth stamp, context and cancellation bookkeeping, in one record shared with
   * the fibers born alike until this one changes a field (`fiberRecord.ts`): four fields fewer
   * on every fiber (W7f 171 -> 147 B).
   */
  private record: FiberRecord
  /**
   * The record to write to: the fiber's own, taken on the first write that changes a field
   * (the cancel fields below, `masks` to `cancelVisit`, read and write it).
   */
  private ownRecord(): FiberRecord {
    return (this.record = ownRecord(this.record, this))
  }
  /** > 0 inside `uncancellable` (and outside any `poll`) or a finalizer: cancellation waits. */
  private get masks(): number {
    return this.record.masks
  }
  private set masks(v: number) {
    if (this.record.masks !== v) this.ownRecord().masks = v
  }
  /** The innermost `uncancellable` region entered (see `Unmask`); 0 outside any. */
  private get region(): number {
    return this.record.region
  }
  private set region(v: number) {
    if (this.record.region !== v) this.ownRecord().region = v
  }
  /** A cancel request not yet delivered (asyncio's `_must_cancel`). */
  private get mustCancel(): boolean {
    return this.record.mustCancel
  }
  private set mustCancel(v: boolean) {
    if (this.record.mustCancel !== v) this.ownRecord().mustCancel = v
  }
  private get cancelMessage(): string | undefined {
    return this.record.cancelMessage
  }
  private set cancelMessage(v: string | undefined) {
    if (this.record.cancelMessage !== v) this.ownRecord().cancelMessage = v
  }
  /** asyncio's `_num_cancels_requested`: see `cancelling()` / `uncancel()`. */
  private get cancelCount(): number {
    return this.record.cancelCount
  }
  private set cancelCount(v: number) {
    if (this.record.cancelCount !== v) this.ownRecord().cancelCount = v
  }
  /** The cancel request that last reached this fiber (see "cancel propagation" and `CancelState`). */
  private get cancelVisit(): number {
    return this.record.cancelVisit
  }
  private set cancelVisit(v: number) {
    if (this.record.cancelVisit !== v) this.ownRecord().cancelVisit = v
  }
  /** What the fiber is suspended on (asyncio's `_fut_waiter`); null when not suspended. */
  private waitingOn: Waitable | null = null
  private resumeMode = Resume.Start
  private resumeValue: unknown
  /**
   * The fiber's number in its loop, 1, 2, … in creation order (`#7` in `loop.dump()`). Every
   * fiber takes one, named or not, so a default name `Task-<id>` and the number agree. @internal
   */
  readonly id: number
  /** The loop time it was created at, shared by the fibers created in one iteration (`describeWait.ts`). @internal */
  get born(): BirthStamp {
    return this.record.born
  }
  /** Its context variables' values: its creator's at first, replaced on `set` (`context.ts`). @internal */
  get context(): ContextValues {
    return this.record.context
  }
  /** @internal */
  set context(values: ContextValues) {
    if (this.record.context !== values) this.ownRecord().context = values
  }
  /** Links in the loop's list of live fibers (`live.ts`). @internal */
  livePrev: LiveNode | null = null
  /** @internal */
  liveNext: LiveNode | null = null

  /** @internal */
  constructor(loop: Scheduler, task: Primitive, options: FiberOptions) {
    super(loop)
    this.resumeValue = task
    this.id = ++loop.fiberCount
    this.record = recordFor(loop, options.name, this)
  }

  /** The fiber's name: the one given to `spawn`/`createTask`, or `Task-<n>` (n counts every fiber of the loop). */
  get name(): string {
    return this.record.label ?? `Task-${this.id}`
  }

  /** In debug mode, where the fiber was created: `created at file:line:col`, the user's line. @internal */
  get createdAt(): string | undefined {
    const origin = origins.get(this)
    if (origin === undefined) return undefined
    const at = siteOf('capture' in origin ? origin : origin.from)
    if ('capture' in origin) return at === undefined ? undefined : `created at ${at}`
    return `created by fiber #${origin.id} '${origin.name}'${at === undefined ? '' : `, created at ${at}`}`
  }

  // ---- the public face (asyncio's Task) ------------------------------------------------

  /**
   * Requests cancellation (R22): false if the fiber is done; otherwise true, and a
   * `CancelledError` is thrown in at its suspension point. The fiber may catch it.
   */
  cancel(message?: string): boolean {
    checkCancelMessage('fiber.cancel', message)
    if (this.state !== State.Pending) {
      this.markRetrieved()
      return false
    }
    if (propagating) {
      // part of a request being passed on (see "cancel propagation"): queue it
      if (this.cancelVisit === cancelRequest) return true // reached before: cancelled once per request
      if (this.cancelVisit === -cancelRequest) {
        // reached again while its own cancel is being passed on: a cycle
        cycleHit = true
        return false
      }
      this.cancelVisit = cancelRequest
      cancelStack.push({ fiber: this, message, exit: false })
      return true
    }
    propagating = true
    // Stryker disable next-line UpdateOperator: request numbers are only compared for equality, with the current one and its negation; counting down from 0 gives distinct numbers too, none of them 0 (a fiber no request reached), the marks in progress again of the other sign
    this.cancelVisit = ++cancelRequest
    cancelStack.push({ fiber: this, message, exit: false })
    try {
      while (cancelStack.length > 0) {
        const entry = cancelStack.pop()!
        if (entry.exit) {
          entry.fiber.cancelVisit = cancelRequest
          continue
        }
        entry.fiber.cancelVisit = -cancelRequest
        cancelStack.push({ fiber: entry.fiber, message: undefined, exit: true })
        const mark = cancelStack.length
        entry.fiber.cancelStep(entry.message)
        reverseFrom(cancelStack, mark)
      }
    } finally {
      for (const entry of cancelStack) entry.fiber.cancelVisit = cancelRequest
      cancelStack.length = 0
      propagating = false
    }
    return true
  }

  /** One step of a cancel request: this fiber's own part (R22); what it awaits is asked in turn. */
  private cancelStep(message: string | undefined): void {
    if (this.state !== State.Pending) return
    this.cancelCount++
    if (this.loop.trace !== null) this.loop.trace.cancelRequested(this, message)
    const wait = this.waitingOn
    if (wait !== null && this.masks === 0) {
      cycleHit = false
      if (wait.cancel(message)) return
      if (cycleHit) {
        // a cycle of awaits: nothing in it can end first, so this fiber stops waiting
        // Stryker disable next-line BooleanLiteral: cleared only for tidiness: every reader of the flag (cancelStep, after its own wait.cancel) clears it first
        cycleHit = false
        // Stryker disable next-line ConditionalExpression: → true is equivalent (only a future's cancel reports a cycle, so the wait is a future here); → false is killed by fiberCancel.test.ts and ignored with it
        if (isFuture(wait)) wait.unregister(this)
        this.waitingOn = null
        this.wakeWithError(newCancelledError(message, this.loop.debug))
        return
      }
    }
    this.mustCancel = true
    this.cancelMessage = message
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

  /** A fiber's result is set by its task (R21). @internal */
  setResult(): never {
    throw new InvalidStateError('a Fiber does not support setResult: its task sets its result')
  }

  /** A fiber's result is set by its task (R21). @internal */
  setException(): never {
    throw new InvalidStateError('a Fiber does not support setException: its task sets its result')
  }

  override toString(): string {
    const state = ['pending', 'succeeded', 'failed', 'cancelled'][this.state]
    return `Fiber<${this.name} ${state}>`
  }

  /** What this fiber waits on, in one line (see `describeWait.ts`). @internal */
  describeWait(): string {
    return describeWait(this).text
  }

  /** What the fiber is parked on and the innermost frame of its stack, for `describeWait.ts`. @internal */
  parkedOn(): { readonly wait: Waitable | null; readonly frame: unknown } {
    return { wait: this.waitingOn, frame: this.top }
  }

  /**
   * The coroutines on this fiber's stack, outermost first, each with the number of the await
   * it is at: `['transfer#2', 'debit#1']` (an anonymous generator function shows as
   * `<coroutine>`); in debug mode with the await's source location, `transfer#2 (bank.ts:12:5)`. Names a suspension point for `cancelEverywhere`. @internal
   */
  coroutinePath(): string[] {
    // Stryker disable next-line ArrayDeclaration: a stray entry in the empty list is skipped as no coroutine (equivalent); emptying the copied stack is killed by the coroutine-path tests and ignored with it
    const frames: Frame[] = this.below === null ? [] : [...this.below]
    if (this.top !== undefined) frames.push(this.top)
    const path: string[] = []
    for (const f of frames) {
      if (f._tag !== Op.GenFrame) continue
      const name = `${coroutineName(f)}#${f.awaits}`
      path.push(f.site === undefined ? name : `${name} (${f.site})`)
    }
    return path
  }

  /**
   * The name of the innermost coroutine on this fiber's stack (the last entry of
   * `coroutinePath`, without its await number and site), found without building the path.
   * @internal
   */
  innermostCoroutine(): string | undefined {
    const top = this.top
    if (top?._tag === Op.GenFrame) return coroutineName(top)
    const below = this.below
    if (below === null) return undefined
    for (let i = below.length - 1; i >= 0; i--) {
      const f = below[i]!
      if (f._tag === Op.GenFrame) return coroutineName(f)
    }
    return undefined
  }

  /**
   * The path of the failure that ended this fiber, innermost first: the coroutines it left and
   * the fibers it crossed, one `    at async …` line each, as appended to an `Error`'s `stack`
   * (see `Task.traceback`). For any failure, an `Error` or not, frozen or not; `undefined`
   * while the fiber is pending, and when it succeeded or was cancelled.
   *
   * @example
   * const loop = new Loop({ clock: 'virtual' })
   * const parse = Task.gen(function* parse() { yield* Task.cede; throw 'bad input' })
   * const fiber = loop.createTask(parse)
   * await loop.runUntilComplete(Task.sleep(1))
   * fiber.traceback() // → '    at async parse'
   */
  traceback(): string | undefined {
    // a path is kept only for a fiber that ended failed (`fiberFailed`, as it settles so)
    return fiberTraceback(this)
  }

  /** Debug mode: the innermost user coroutine's capture of its current await, unformatted. @internal */
  currentAwait(): Error | undefined {
    // Stryker disable next-line ArrayDeclaration: a stray entry in the empty list is skipped as no coroutine (equivalent); emptying the copied stack is killed by fiberSites.test.ts and ignored with it
    const frames: Frame[] = this.below === null ? [] : [...this.below]
    if (this.top !== undefined) frames.push(this.top)
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i]!
      // Stryker disable next-line ConditionalExpression: the tag test → true is equivalent (only coroutine frames have info); the other mutants are killed by fiberSites.test.ts and ignored with it
      if (f._tag === Op.GenFrame && f.info !== undefined) return f.siteCapture
    }
    return undefined
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
      // failed or cancelled: `crossedInto` records nothing for a cancellation
      crossedInto(this, future, future.settled)
    }
    this.resumeValue = future.settled
    if (this.loop.trace !== null) this.loop.trace.woke(this, future)
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
    yieldSites.capture = loop.debug
    const trace = loop.trace
    if (trace !== null) trace.stepStart(this, mode !== Resume.AutoCede && ((this.mustCancel && this.masks === 0) || (mode === Resume.Throw && isCancelledError(value))))
    if (mode !== Resume.AutoCede && this.mustCancel && this.masks === 0) {
      // R23: the pending cancel is thrown in here instead of resuming normally
      this.mustCancel = false
      this.runLoop(NO_TASK, mode === Resume.Throw && isCancelledError(value) ? value : newCancelledError(this.cancelMessage, loop.debug), true)
    } else if (mode === Resume.Value) this.runLoop(NO_TASK, value, false)
    else if (mode === Resume.Throw) this.runLoop(NO_TASK, value, true)
    else {
      // Stryker disable next-line BooleanLiteral: with a task to interpret the flag is never read before it is set: every opcode that yields a value (Succeed, Fail, Sync, Spawn, a throw caught below) sets it with the value
      this.runLoop(value as Primitive, undefined, false)
    }
    loop.current = null
    // after `current` is cleared: the recorder asks what the fiber now waits on
    if (trace !== null) trace.stepEnd(this)
  }

  // ---- the run loop ------------------------------------------------------------------------

  /**
   * Interprets `cur`, or, when `cur` is `NO_TASK`, delivers `value` (an error if `failed`)
   * to the innermost frame. Returns when the fiber suspends, cedes or finishes.
   */
  private runLoop(cur: Primitive, value: unknown, failed: boolean): void {
    let budget = OPS_BEFORE_CEDE
    for (;;) {
      try {
        for (;;) {
          if (cur !== NO_TASK) {
            if (--budget === 0) return this.autoCede(cur)
            // a value that is not a task lands in `default:` (or, for null and undefined,
            // throws here and is named in the `catch` below)
            switch (cur._tag) {
              case Op.Succeed:
                value = cur.value
                failed = false
                cur = NO_TASK
                break
              case Op.Fail:
                value = cur.error
                failed = true
                cur = NO_TASK
                break
              case Op.Sync:
                value = cur.thunk()
                failed = false
                cur = NO_TASK
                break
              case Op.Suspend:
                cur = cur.thunk()
                break
              case Op.FlatMap: {
                // `flatMap(f)(succeed(a))` is `f(a)`: no frame pushed and popped (W1b at
                // 10⁶, M instructions per run: 653 -> 554)
                const inner = cur.task
                if (inner._tag === Op.Succeed) cur = cur.f(inner.value)
                else {
                  this.push(cur)
                  cur = inner
                }
                break
              }
              case Op.Map:
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
                // only the fiber and the region that made the poll (see `Unmask`)
                if (cur.region === this.region && cur.depth === this.masks) {
                  this.push(new RestoreMasks(this.masks, this.region))
                  this.masks = cur.depth - 1
                  this.region = cur.outerRegion
                }
                cur = cur.task
                break
              case Op.Gen:
                cur = this.startGen(cur.body, cur.info)
                break
              case Op.Spawn:
                value = this.spawnChild(cur.task, cur.name)
                failed = false
                cur = NO_TASK
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
                // a frame that is its own waiter (`ParkedWait`): the fiber parks on it, and
                // whoever holds it wakes the fiber directly
                if (cur.waiter === cur) return void this.suspendOn(cur as unknown as Waitable)
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
                  cur = this.nextGen(frame, value)
                  break
                case Op.Finalize:
                  cur = this.runFinalizer(frame, value, false)
                  break
                case Op.WaitOn:
                  cur = frame.owner.waitEnded(frame.waiter, false, this as never) ?? NO_TASK
                  break
                case Op.RestoreMasks:
                  this.masks = frame.masks
                  this.region = frame.region
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
                  this.region = frame.region
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
        // user code (a thunk, a mapping function, a generator body) threw: fail from here.
        // `cur` is never null or undefined when user code throws; if it is, a user function
        // returned it where a task was expected, and reading its opcode threw.
        value = cur === undefined || cur === null ? notATaskError(cur) : error
        cur = NO_TASK
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
    const outerRegion = this.region
    this.push(new RestoreMasks(outer, outerRegion))
    const depth = outer + 1
    // Stryker disable next-line UpdateOperator: region numbers are only compared for equality (a poll works in its own region); counting down from 0 numbers them apart too, and never 0, which means outside any region
    const region = ++regionCount
    this.masks = depth
    this.region = region
    const poll: Poll = (task) => {
      if (!isTask(task)) throw new TypeError(`poll expects a Task, got ${describeValue(task)}`)
      return fromPrimitive(new Unmask(toPrimitive(task), region, depth, outerRegion))
    }
    return body(poll)
  }

  private startGen(body: () => Iterator<unknown, unknown, unknown>, info: CoroutineInfo | undefined): Primitive {
    const iterator = body()
    const plain = isPlainGenerator(iterator)
    if (!plain) {
      if (iterator === null || typeof iterator !== 'object' || typeof iterator.next !== 'function') {
        throw new TypeError(`Task.gen expects a generator function (function* () { … }), but it returned ${describeValue(iterator)}`)
      }
      if (typeof (iterator as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function') {
        throw new TypeError('Task.gen was given an async generator; Task.gen needs `function*` (await with yield*, not await)')
      }
    }
    const frame = new GenFrame(iterator, body, info)
    frame.plain = plain
    let step: IteratorResult<unknown, unknown>
    try {
      step = plain ? (generatorNext.call(iterator, undefined) as IteratorResult<unknown, unknown>) : iterator.next()
    } catch (error) {
      leftCoroutine(this, body, info, error, true, undefined, undefined)
      throw error
    }
    return this.resumeGen(frame, step)
  }

  /** Resumes a coroutine with `value`; a failure its body throws leaves it here (a hop of its traceback). */
  private nextGen(frame: GenFrame, value: unknown): Primitive {
    let step: IteratorResult<unknown, unknown>
    try {
      step = frame.plain ? (generatorNext.call(frame.iterator, value) as IteratorResult<unknown, unknown>) : frame.iterator.next(value)
    } catch (error) {
      leftCoroutine(this, frame.body, frame.info, error, true, undefined, frame.site)
      throw error
    }
    return this.resumeGen(frame, step)
  }

  /** The coroutine yielded (an awaitable to run) or returned (its value). */
  private resumeGen(frame: GenFrame, step: IteratorResult<unknown, unknown>): Primitive {
    if (step === null || typeof step !== 'object') {
      throw new TypeError(`Task.gen: the iterator's next() returned ${describeValue(step)}, not an iterator result ({ value, done })`)
    }
    if (step.done === true) return new Succeed(step.value)
    frame.awaits++
    if (this.loop.debug) {
      frame.siteCapture = yieldSites.last
      yieldSites.last = undefined
    }
    this.push(frame)
    const awaited = step.value
    if (isTask(awaited)) return awaited as unknown as Primitive
    if (isFuture(awaited)) return new Await(awaited)
    const error = new TypeError(
      `Task.gen: the coroutine yielded ${describeValue(awaited)}, which is not a Task, a Fiber or a Future; await with yield* (a yield* of an array or another iterable yields its elements)`,
    )
    notAwaitable.add(error)
    return new Fail(error)
  }

  private throwIntoGen(frame: GenFrame, error: unknown): Primitive {
    const it = frame.iterator
    if (typeof it.throw !== 'function') throw error
    let step: IteratorResult<unknown, unknown>
    throwSites.last = undefined
    // Stryker disable BlockStatement: emptying the finally below only keeps the last throw-in capture (an Error) alive until the next throw-in; a next-line comment is not read before a finally block. The try and catch blocks' mutants are killed by fiberCoroutines.test.ts and ignored with it
    try {
      step = it.throw(error)
    } catch (thrown) {
      // `yield* [1, 2]`: the coroutine delegates to an iterator with no `throw` method, and
      // the engine replaces our TypeError with its own ("does not provide a 'throw' method")
      if (thrown !== error && thrown instanceof TypeError && /throw/.test(thrown.message) && notAwaitable.has(error as object)) throw error
      // the failure left the coroutine: through its yield* (the same one), or raised by it
      leftCoroutine(this, frame.body, frame.info, thrown, thrown !== error, throwSites.last, this.loop.debug ? frame.site : undefined)
      throw thrown
    } finally {
      throwSites.last = undefined
    }
    // Stryker restore BlockStatement
    return this.resumeGen(frame, step)
  }

  /**
   * Starts a finalizer with cancellation deferred; an `AfterFinalizer` frame resumes the
   * interrupted ending once it is done. `undefined`: no finalizer, keep unwinding.
   */
  private runFinalizer(frame: Finalize, value: unknown, failed: boolean): Primitive {
    const finalizer = frame.finalizer(failed, value)
    if (finalizer === undefined) return NO_TASK
    this.push(new AfterFinalizer(value, failed, this.masks))
    this.masks++
    return finalizer
  }

  private spawnChild(task: Primitive, name: string | undefined): Fiber {
    return startFiber(this.loop, task, name)
  }

  /** `join` / `yield* fiber`: a done target does not suspend (R18). */
  private await(awaited: unknown): Primitive | typeof SUSPENDED {
    // only a future gets here: Task.join checks its argument, a yield* or a continuation makes
    // an Await of a future only (`isFuture`), and the library's own Awaits and WaitOns hold futures
    // a future or fiber of this copy of taskloop or of another one (see `brands.ts`)
    const target = awaited as FutureBase<unknown, unknown>
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
        // failed or cancelled: `crossedInto` records nothing for a cancellation
        crossedInto(this, target, target.settled)
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
      // Stryker disable next-line BooleanLiteral: a foreign operation's wait that accepts the cancel always wakes the fiber with its CancelledError, and that step clears a pending cancel and throws that same error, so a flag left set there is never seen
      this.mustCancel = false // cancelled before it started: the operation is never begun
      return SUSPENDED
    }
    try {
      op.register(wait.resume, op.wantsSignal ? wait.signal() : undefined)
    } catch (error) {
      // the first of resume / cancel / throw ends the wait, exactly once
      if (wait.abandon()) {
        this.waitingOn = null
        return new Fail(error)
      }
      // the wait had already ended (a resume came first) and its wake-up is queued: that
      // ending stands, and the throw that came too late is reported, not dropped
      this.loop.report({ message: `${op.label} threw after its wait had ended`, error, fiber: this })
    }
    return SUSPENDED
  }

  /** A continuation returned something that is not a Task: accept awaitables, reject the rest. */
  private notATask(value: unknown): Primitive {
    if (isFuture(value)) return new Await(value)
    throw notATaskError(value)
  }

  private finish(value: unknown, failed: boolean): void {
    this.below = null // let the frames go
    if (!failed) {
      if (this.mustCancel) {
        // R24: cancelled at the finish line — the value is discarded
        // Stryker disable next-line BooleanLiteral: nothing reads the flag of a done fiber: it never steps again, cancel() returns before it and uncancel() only clears it, and the record holding it is the fiber's own (a cancel made it take one)
        this.mustCancel = false
        this.settle(State.Cancelled, newCancelledError(this.cancelMessage, this.loop.debug))
      } else this.settle(State.Succeeded, value)
    } else if (isCancelledError(value)) this.settle(State.Cancelled, value)
    else {
      fiberFailed(this, value)
      this.settle(State.Failed, value)
    }
    this.loop.live.delete(this)
  }
}

brand(Fiber, FIBER_BRAND)
// the frames' opcodes on their prototypes, as the task nodes' (`primitive.ts`)
for (const [cls, tag] of [[GenFrame, Op.GenFrame], [RestoreMasks, Op.RestoreMasks], [AfterFinalizer, Op.AfterFinalizer]] as const) Object.defineProperty(cls.prototype, '_tag', { value: tag })


/** The TypeErrors of `resumeGen` for a yield of a non-awaitable (see `throwIntoGen`). */
const notAwaitable = new WeakSet<object>()

/** The failure of a task whose continuation, thunk or `resume` gave a non-task. */
const notATaskError = (value: unknown): TypeError =>
  new TypeError(
    `expected a Task, but a function given to taskloop (a continuation, a thunk, resume) returned ${describeValue(value)}${value === undefined ? ' (a missing return?)' : ''}`,
  )

/**
 * In debug mode, where each fiber was created, kept aside so fibers stay small, and unformatted
 * (formatted only if a report or a dump asks, see `createdAt`): the creating coroutine's capture
 * at its current await (`atAwait`); for a fiber created by host code, a capture of the stack
 * that reaches the user's caller; for one created by a fiber with no coroutine (a combinator's
 * child under a `flatMap` chain), that fiber and where it, or the nearest of its creators, was
 * created (`CreatedBy`).
 *
 * A stack capture costs about as much as a spawn several times over (V8 decodes each optimized
 * frame to name it), so none is taken where no user line can be on the stack: inside a
 * running fiber the interpreter's frames are all there is, unless a coroutine awaits.
 */
const origins = new WeakMap<Fiber, Site | CreatedBy>()

/** A capture to read a source location from (see `origins`). */
interface Site {
  readonly capture: Error
  readonly atAwait: boolean
}

/**
 * Created by a fiber with no coroutine: that fiber's number and name, and the nearest site up
 * its line of creators, taken when the fiber is created, so that neither the creator stays
 * alive for it nor a report walks a chain of creators (a chain 20 000 fibers long overflowed
 * the stack when the last one was reported).
 */
interface CreatedBy {
  readonly id: number
  readonly name: string
  readonly from: Site | undefined
}

/**
 * A creation site's location as the host wrote it (a `file://` URL in an ES module), in the same
 * form whether it was taken at a coroutine's `yield*` (the frame right below taskloop's await,
 * as a traceback reads it) or at a `createTask` call (the first user frame).
 */
const siteOf = (origin: Site | undefined): string | undefined =>
  // Stryker disable next-line ConditionalExpression: origin === undefined → false is equivalent (every fiber of a loop in debug mode has an origin, and siteOf is asked in debug mode only); the other mutants are killed by fiberSites.test.ts and ignored with it
  origin === undefined ? undefined : origin.atAwait ? frameBelowAwait(origin.capture)?.site : firstUserFrame(origin.capture)?.site

/** Creates a fiber for `task` and schedules its first step (lazy start, R19). */
export const startFiber = (loop: Scheduler, task: Primitive, name?: string): Fiber => {
  const fiber = new Fiber(loop, task, { name })
  if (loop.debug) {
    // a fiber started by a fiber: the line of its creator's current yield*; else the user's caller
    const creator = loop.current instanceof Fiber ? loop.current : undefined
    const atAwait = creator?.currentAwait()
    if (atAwait !== undefined) origins.set(fiber, { capture: atAwait, atAwait: true })
    else if (creator === undefined) origins.set(fiber, { capture: captureCaller(), atAwait: false })
    else {
      const outer = origins.get(creator)
      // Stryker disable next-line ConditionalExpression: outer === undefined → false is equivalent (a creator is a fiber of this debug-mode loop, and every one has an origin); 'capture' in outer is killed by fiberSites.test.ts and ignored with it
      origins.set(fiber, { id: creator.id, name: creator.name, from: outer === undefined || 'capture' in outer ? outer : outer.from })
    }
  }
  loop.live.add(fiber)
  if (loop.trace !== null) loop.trace.spawned(fiber)
  loop.schedule(fiber)
  return fiber
}
