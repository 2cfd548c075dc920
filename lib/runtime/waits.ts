/**
 * What a fiber can be suspended on besides a future: a sleep timer, a foreign operation
 * (`Task.promise`, `Task.callback`), a place on a queue's waiter list, or nothing at all
 * (`Task.never`).
 *
 * Each one wakes its fiber exactly once — with a value, or with a `CancelledError` when the
 * wait is cancelled — and `cancel` answers asyncio's question "will the fiber be woken with
 * the cancellation?" (true), or "too late, it is already being woken" (false).
 *
 * @module
 */
import { newCancelledError } from './cancelled.js'
import type { WaitInfo } from './describeWait.js'
import type { Primitive, Resume, Task, Waitable, WaitOwner } from './primitive.js'
import { toPrimitive, WaitOn } from './primitive.js'
import type { Timer } from './scheduler.js'

/** The fiber-side interface the waits need. */
export interface Sleeper {
  readonly loop: {
    readonly timers: { noteCancelled(): void }
    schedule(entry: { fire(): void }): void
    foreignWaits: number
    readonly debug: boolean
    readonly trace: { settled(waker: object): void; woke(fiber: never, waker: object): void } | null
  }
  wakeWithValue(value: unknown): void
  wakeWithError(error: unknown): void
  wakeToRun(task: Primitive): void
}

const enum TimerState {
  Pending,
  Fired,
  Cancelled,
}

/**
 * `sleep(ms)`: a timer that, when due, wakes its fiber on the next iteration (asyncio's
 * `call_later(delay, _set_result_unless_cancelled, future)` followed by the task's wakeup).
 */
export class SleepTimer implements Timer, Waitable {
  inHeap = true
  private state = TimerState.Pending
  constructor(
    private readonly fiber: Sleeper,
    readonly when: number,
    readonly seq: number,
  ) {}

  get cancelled(): boolean {
    return this.state === TimerState.Cancelled
  }

  /** Not yet fired nor cancelled (for `describeWait.ts`). */
  get pending(): boolean {
    return this.state === TimerState.Pending
  }

  fire(): void {
    if (this.state !== TimerState.Pending) return
    this.state = TimerState.Fired
    this.fiber.wakeWithValue(undefined)
  }

  cancel(message?: string): boolean {
    if (this.state !== TimerState.Pending) return false
    this.state = TimerState.Cancelled
    if (this.inHeap) this.fiber.loop.timers.noteCancelled()
    this.fiber.wakeWithError(newCancelledError(message, this.fiber.loop.debug))
    return true
  }
}

/**
 * A fiber parked on a synchronisation primitive's waiter list: the wait, the list's entry and
 * the fiber's stack frame in one object (a `WaitOn` that is its own waiter). Waking it
 * schedules the fiber itself, one iteration later (R16), as a future's callback would; the
 * owner's `waitEnded` then retries or cleans up exactly as after a future. A queue's blocked
 * `get` used to make a future, register the fiber on it and schedule the future to call the
 * fiber back; this does the same with one object and no callback (W5, ping-pong over two
 * queues: see bench/README.md).
 */
export interface ParkedWait extends WaitOn {}
export class ParkedWait implements Waitable {
  /** The frame is its own waiter: the fiber parks on it (see `WaitOn`). */
  readonly waiter: unknown = this
  /** On a waiter list (`WaiterList` sets and clears it). */
  // Stryker disable next-line BooleanLiteral: every ParkedWait is pushed onto its list as it is made (push sets the flag), so this value is never read
  listed = false
  private state = TimerState.Pending
  constructor(
    private readonly fiber: Sleeper,
    readonly owner: WaitOwner,
    /** What the parked operation carries: a blocked `put`'s item. */
    readonly item?: unknown,
  ) {}

  /** Woken or cancelled: the fiber runs next, or has run. */
  done(): boolean {
    return this.state !== TimerState.Pending
  }

  cancelled(): boolean {
    return this.state === TimerState.Cancelled
  }

  /** Wakes the fiber with `value` (once; later calls do nothing). */
  setResult(value: unknown): void {
    if (this.state !== TimerState.Pending) return
    this.state = TimerState.Fired
    const fiber = this.fiber
    const trace = fiber.loop.trace
    if (trace !== null) {
      trace.settled(this)
      trace.woke(fiber as never, this)
    }
    fiber.wakeWithValue(value)
  }

  cancel(message?: string): boolean {
    if (this.state !== TimerState.Pending) return false
    this.state = TimerState.Cancelled
    this.fiber.wakeWithError(newCancelledError(message, this.fiber.loop.debug))
    return true
  }

  /** What the fiber waits for (`loop.dump()`): the owner's words while parked, `ready` once woken. */
  describeAwait(now: number): WaitInfo {
    if (this.state !== TimerState.Pending) return { kind: 'ready', text: 'nothing: it was woken, it runs next', fibers: [] }
    // Stryker disable next-line OptionalChaining,ObjectLiteral,StringLiteral,ArrayDeclaration: every owner that parks a fiber (the sync primitives) describes its wait, so the fallback is never reached; kept so that an owner without words still gives a line
    return this.owner.describeAwait?.(now, this) ?? { kind: 'future', text: 'an unknown wait', fibers: [] }
  }
}
// a base class linked to `WaitOn`'s prototype rather than a subclass (see `TaskBase`)
Object.setPrototypeOf(ParkedWait.prototype, WaitOn.prototype)

/** `Task.never`: only cancellation ends it. */
export class NeverWait implements Waitable {
  private woken = false
  constructor(private readonly fiber: Sleeper) {}
  /** Not yet cancelled (for `describeWait.ts`). */
  get pending(): boolean {
    return !this.woken
  }
  cancel(message?: string): boolean {
    if (this.woken) return false
    this.woken = true
    this.fiber.wakeWithError(newCancelledError(message, this.fiber.loop.debug))
    return true
  }
}

/**
 * A foreign operation in flight. `resume` may be called any number of times, from anywhere;
 * only the first call counts, and only if the wait was not cancelled first. Cancelling it
 * aborts the operation's `AbortSignal`.
 */
export class AsyncWait implements Waitable {
  private settled = false
  private controller: AbortController | undefined = undefined
  /** Bound once, handed to the foreign code. */
  readonly resume: Resume

  constructor(
    private readonly fiber: Sleeper,
    /** Names the operation in "blocked on" messages. */
    readonly label: string,
  ) {
    fiber.loop.foreignWaits++
    this.resume = (task: Task<unknown, unknown>) => {
      if (this.settled) return
      this.settle()
      this.fiber.wakeToRun(toPrimitive(task))
    }
  }

  /** Resumed, cancelled or abandoned (for `describeWait.ts`). */
  get ended(): boolean {
    return this.settled
  }

  /** The signal to hand to the foreign operation (created on demand). */
  signal(): AbortSignal {
    this.controller ??= new AbortController()
    return this.controller.signal
  }

  cancel(message?: string): boolean {
    if (this.settled) return false
    this.settle()
    const error = newCancelledError(message, this.fiber.loop.debug)
    this.controller?.abort(error)
    this.fiber.wakeWithError(error)
    return true
  }

  /**
   * Ends the wait without waking the fiber (the registration itself threw); false when the
   * wait had already ended (a `resume` or a cancel came first, and its wake-up stands).
   */
  abandon(): boolean {
    if (this.settled) return false
    this.settle()
    return true
  }

  private settle(): void {
    this.settled = true
    this.fiber.loop.foreignWaits--
  }
}
