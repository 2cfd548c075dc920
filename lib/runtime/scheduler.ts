/**
 * The scheduler at the heart of a `Loop`: a ready queue and a timer heap, and one method,
 * `runOnce`, that runs one iteration exactly as asyncio's `BaseEventLoop._run_once` does
 * (ASYNCIO.md R1–R3):
 *
 * 1. every timer due by now (earliest first, ties in registration order) is appended to the
 *    end of the ready queue, after what was already ready;
 * 2. exactly the entries that are ready at that moment run, in FIFO order. Whatever they
 *    schedule runs in the next iteration.
 *
 * It never waits and never touches the host: the one driver in `Loop` reads the ready queue
 * and the earliest timer, and decides whether to wait for it (real clock) or to jump the
 * clock to it (virtual clock). A `Loop` *holds* its scheduler: none of this is public.
 *
 * This is the only place where callbacks are called and fibers are stepped.
 *
 * @module
 */
import { shared } from './brands.js'
import type { Clock } from './clock.js'
import type { BirthStamp } from './describeWait.js'
import { Deque } from './deque.js'
import type { FiberRecord } from './fiberRecord.js'
import type { FutureBase } from './future.js'
import type { HeapTimer } from './heap.js'
import { TimerHeap } from './heap.js'
import type { LiveNode } from './live.js'
import { LiveList } from './live.js'
import type { Loop } from '../Loop.js'
import { runTimed } from './slowStep.js'
import { withTraceback } from './traceback.js'
import type { TraceHooks } from './tracing.js'

/** Something the ready queue can run: a fiber's next step, a callback, a due timer. */
export interface Schedulable {
  fire(): void
}

/** A timer in the heap; when due it moves to the ready queue and fires there. */
export interface Timer extends HeapTimer, Schedulable {
  inHeap: boolean
}

/**
 * What the exception handler receives (asyncio's exception-handler context).
 *
 * @example
 * const handler = (context: ExceptionContext) => console.error(context.message, context.error)
 */
export interface ExceptionContext {
  readonly message: string
  readonly error?: unknown
  /** The fiber or future concerned, if any. */
  readonly fiber?: unknown
  /**
   * The path `error` took through coroutines and fibers, innermost first (see
   * `Task.traceback`); added by the loop to a report about a failure that has one.
   */
  readonly traceback?: string
}

/**
 * Receives unhandled failures and callback errors (`LoopOptions.exceptionHandler`,
 * `loop.setExceptionHandler`); the default prints to `console.error`.
 *
 * @example
 * const reports: string[] = []
 * const handler: ExceptionHandler = (context) => void reports.push(context.message)
 * const loop = new Loop({ exceptionHandler: handler })
 */
export type ExceptionHandler = (context: ExceptionContext) => void

/** The default exception handler prints to `console.error`. */
export const defaultExceptionHandler: ExceptionHandler = (ctx) => {
  const who = ctx.fiber !== undefined && typeof (ctx.fiber as { name?: unknown }).name === 'string' ? ` (fiber '${(ctx.fiber as { name: string }).name}')` : ''
  if (ctx.error === undefined) console.error(`taskloop: ${ctx.message}${who}`)
  else if (ctx.traceback === undefined || stackShows(ctx.error, ctx.traceback)) console.error(`taskloop: ${ctx.message}${who}:`, ctx.error)
  // a failure whose own stack cannot show its path (not an Error, frozen): print the path after it
  else console.error(`taskloop: ${ctx.message}${who}:`, ctx.error, `\n${ctx.traceback}`)
}

const stackShows = (error: unknown, traceback: string): boolean => {
  try {
    const stack = (error as { stack?: unknown }).stack
    if (typeof stack === 'string') return stack.endsWith(traceback)
  } catch {
    // null has no stack to read, and a getter may throw: the path is printed after it
  }
  return false
}

/**
 * A cancellable callback on the ready queue (`callSoon`) or in the timer heap (`callLater`,
 * `callAt`). A callback that throws is reported to the exception handler; the loop goes on.
 *
 * @example
 * const loop = new Loop({ clock: 'virtual' })
 * const handle: Handle = loop.callSoon(() => console.log('soon'))
 * handle.cancel()
 */
export class Handle {
  /** @internal */
  cancelled = false
  /** @internal */
  constructor(
    protected readonly scheduler: Scheduler,
    private readonly callback: (arg: never) => void,
    private readonly arg: unknown,
  ) {}

  /** Makes the callback a no-op. Idempotent. */
  cancel(): void {
    this.cancelled = true
  }

  /** @internal */
  fire(): void {
    if (this.cancelled) return
    try {
      ;(this.callback as (arg: unknown) => void)(this.arg)
    } catch (error) {
      this.scheduler.report({ message: 'Exception in callback', error })
    }
  }
}

/**
 * A `Handle` with a deadline.
 *
 * @example
 * const loop = new Loop({ clock: 'virtual' })
 * const timer: TimerHandle = loop.callLater(100, () => console.log('later'))
 * timer.getWhen() // → 100
 */
export class TimerHandle extends Handle {
  /** @internal */
  inHeap = true
  /** @internal */
  constructor(
    scheduler: Scheduler,
    callback: (arg: never) => void,
    /** @internal */ readonly when: number,
    /** @internal */ readonly seq: number,
  ) {
    super(scheduler, callback, undefined)
  }

  override cancel(): void {
    if (this.cancelled) return
    this.cancelled = true
    if (this.inHeap) this.scheduler.timers.noteCancelled()
  }

  /** The deadline, in loop time (ms). */
  getWhen(): number {
    return this.when
  }
}

/**
 * The loop that is executing an iteration at this moment, if any (JavaScript runs one at a
 * time). Kept in the record every copy of taskloop shares (`brands.ts`), so that a loop of
 * one copy is seen by the other.
 */
export const executingScheduler = (): Scheduler | null => shared.executing as Scheduler | null

/**
 * Orders the batch of entries an iteration is about to run. The default keeps FIFO order;
 * schedule exploration installs a seeded permutation (see `Loop` option `schedule`).
 */
export type BatchOrder = <T>(batch: T[]) => T[]

/** A loop's interpreter state; held by `Loop`, never handed out. */
export class Scheduler {
  /** @internal */ readonly ready = new Deque<Schedulable>(64)
  /** @internal */ readonly timers = new TimerHeap<Timer>()
  /** Fibers that have not finished, in creation order. @internal */
  readonly live = new LiveList<LiveNode>()
  /** Failed futures and fibers whose error nobody retrieved yet. @internal */
  readonly unretrieved = new Set<FutureBase<unknown, unknown>>()
  /** Foreign operations (`promise`, `callback`) still outstanding. @internal */
  foreignWaits = 0
  /** The fiber whose step is executing, if any (asyncio's `current_task()`). @internal */
  current: unknown = null
  /** Counts fibers: each takes the next number as its id (and default name `Task-<id>`). @internal */
  fiberCount = 0
  /** The loop time of this iteration's first spawn, shared by the fibers it creates (`describeWait.ts`). @internal */
  birth: BirthStamp | null = null
  /** The record the last unnamed fiber got; the next one born alike shares it (`fiberRecord.ts`). @internal */
  sharedRecord: FiberRecord | null = null
  /** Timer registration order, to break ties between equal deadlines. */
  private timerSeq = 0
  /** Set by the driver while it waits on the host; an outside wake-up calls it. */
  parked: (() => void) | null = null
  exceptionHandler: ExceptionHandler
  /** @internal */ batchOrder: BatchOrder | null = null
  /** asyncio's debug mode (see `LoopOptions.debug`). */
  // Stryker disable next-line BooleanLiteral: the loop sets it right after making its scheduler, the only place one is made
  debug = false
  /** Debug mode: a step that runs longer (ms) is reported (see `LoopOptions.slowStepMs`). */
  slowStepMs = 100
  /** The timeline being recorded (`LoopOptions.trace`); null when nobody looks. @internal */
  trace: TraceHooks | null = null

  constructor(
    readonly clock: Clock,
    exceptionHandler: ExceptionHandler | undefined,
    /** The public `Loop` that holds this scheduler (what `getLoop()` and `getRunningLoop` give). */
    readonly owner: Loop,
  ) {
    this.exceptionHandler = exceptionHandler ?? defaultExceptionHandler
  }

  /** Puts an entry at the end of the ready queue. @internal */
  schedule(entry: Schedulable): void {
    this.ready.push(entry)
    if (this.parked !== null) this.parked()
  }

  /** `callSoon` with an argument, for done callbacks. @internal */
  callSoonWith<T>(callback: (arg: T) => void, arg: T): Handle {
    const handle = new Handle(this, callback as (arg: never) => void, arg)
    this.schedule(handle)
    return handle
  }

  /** Registers a timer entry; returns its sequence number's successor. @internal */
  nextTimerSeq(): number {
    return this.timerSeq++
  }

  /** @internal */
  addTimer(timer: Timer): void {
    this.timers.push(timer)
    if (this.parked !== null) this.parked()
  }

  /** @internal */
  addTimerCallback(when: number, callback: () => void): TimerHandle {
    const handle = new TimerHandle(this, callback as (arg: never) => void, when, this.timerSeq++)
    this.addTimer(handle)
    return handle
  }

  /** Reports to the exception handler; a throwing handler falls back to the default one. @internal */
  report(context: ExceptionContext): void {
    context = withTraceback(context)
    try {
      this.exceptionHandler(context)
    } catch (error) {
      defaultExceptionHandler({ message: 'Unhandled error in exception handler', error })
      defaultExceptionHandler(context)
    }
  }

  /** Runs one iteration (see the module doc). The only place where callbacks are called. */
  runOnce(): void {
    this.birth = null
    const ready = this.ready
    const timers = this.timers
    // Stryker disable next-line ConditionalExpression,EqualityOperator: → true or >= 0 only peeks into an empty heap, which gives undefined and ends the loop below (the test saves a clock read); → false is killed by the timer tests and ignored with it
    if (timers.size > 0) {
      const end = this.clock.now() + this.clock.resolution
      for (let t = timers.peek(); t !== undefined && t.when <= end; t = timers.peek()) {
        timers.pop()
        t.inHeap = false
        if (this.trace !== null) this.trace.timerDue(t)
        ready.push(t)
      }
    }
    let n = ready.length
    if (this.batchOrder !== null && n > 1) ready.permuteFront(n, this.batchOrder)
    const outer = shared.executing
    shared.executing = this
    try {
      if (this.debug) runTimed(this, n)
      else while (n-- > 0) ready.shift()!.fire()
    } finally {
      shared.executing = outer
    }
  }
}
