/**
 * The `Loop` is the interpreter: it owns a ready queue and a timer heap (`runtime/scheduler.ts`)
 * and drives them, iteration by iteration, exactly as asyncio's event loop does.
 *
 * - `new Loop()` runs on the real clock; `new Loop({ clock: 'virtual' })` on a virtual one
 *   that jumps to the next timer whenever nothing is ready (tests, laws, `runSync`).
 * - On the real clock, iterations run back to back while work is ready; the loop returns
 *   to the host only to wait for a timer or a foreign operation, or after a time slice of
 *   `SLICE_MS`, so that host I/O and timers are never starved by a busy fiber.
 * - Misuse throws a `LoopError` that says what was wrong, and changes nothing (ASYNCIO.md
 *   §B): running a running loop, closing a running loop, using a closed loop, running a
 *   loop from inside a running one.
 *
 * @example
 * const loop = new Loop()
 * const fiber = loop.createTask(main, { name: 'main' })
 * await loop.runUntilComplete(fiber)
 * loop.close()
 *
 * @module
 */
import { LoopError } from './errors.js'
import { checkSignal, linkSignal } from './interop.js'
import { Future } from './Future.js'
import { RealClock, VirtualClock } from './runtime/clock.js'
import { Fiber, describeValue, startFiber } from './runtime/fiber.js'
import { FutureBase } from './runtime/future.js'
import type { Task } from './runtime/primitive.js'
import { isTask, toPrimitive } from './runtime/primitive.js'
import { loopStarted } from './runtime/firstLoop.js'
import type { BatchOrder, ExceptionContext, ExceptionHandler, Handle, TimerHandle } from './runtime/scheduler.js'
import { Scheduler, defaultExceptionHandler, executingScheduler } from './runtime/scheduler.js'

/**
 * Longest stretch (ms) the real-clock loop runs iterations back to back before it lets the
 * host run its own timers and I/O.
 *
 * @example
 * SLICE_MS // → 10
 */
export const SLICE_MS = 10

/**
 * Options of `new Loop(…)`.
 *
 * @example
 * const options: LoopOptions = { clock: 'virtual', debug: true }
 * const loop = new Loop(options)
 */
export interface LoopOptions {
  /** `'real'` (default) or `'virtual'`: time stands still until nothing is ready, then jumps. */
  readonly clock?: 'real' | 'virtual'
  /**
   * asyncio's debug mode: each fiber records where it was created, and the reports about it
   * ("never retrieved", "destroyed but pending") say so. Costs a stack trace per fiber.
   */
  readonly debug?: boolean
  /** Receives unhandled failures and callback errors; the default prints to `console.error`. */
  readonly exceptionHandler?: ExceptionHandler
  /**
   * Reorders the entries each iteration runs (schedule exploration). The default keeps
   * asyncio's FIFO order; `taskloop/laws` installs seeded permutations.
   */
  readonly schedule?: BatchOrder
}

type Status = 'idle' | 'running' | 'closed'

/** The host's way to run a callback soon after the current macrotask, without timer clamping. */
const yieldToHost: (cb: () => void) => unknown =
  typeof globalThis.setImmediate === 'function'
    ? (cb) => globalThis.setImmediate(cb)
    : (cb) => globalThis.setTimeout(cb, 0)

/**
 * The interpreter (asyncio's event loop): a ready queue and a timer heap that run fibers.
 * `run` and `runSync` make one for you; make your own to drive it by hand
 * (`runUntilComplete`, `runForever`/`stop`) or on a virtual clock.
 *
 * @example
 * const loop = new Loop({ clock: 'virtual' })
 * const fiber = loop.createTask(Task.as('an hour later')(Task.sleep(3_600_000)))
 * await loop.runUntilComplete(fiber) // → 'an hour later'
 * loop.time() // → 3600000
 * loop.close()
 */
export class Loop extends Scheduler {
  private status: Status = 'idle'
  private stopping = false
  /** The host timer a parked loop waits on, if any. */
  private hostTimer: ReturnType<typeof setTimeout> | undefined = undefined
  /** When the current uninterrupted stretch of iterations began (host clock). */
  private sliceStart = 0
  private endRunWith: ((error?: unknown) => void) | null = null

  constructor(options: LoopOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError(`new Loop(options): options must be an object, got ${describeValue(options)}`)
    const { clock = 'real' } = options
    if (clock !== 'real' && clock !== 'virtual') throw new TypeError(`new Loop: clock must be 'real' or 'virtual', got ${describeValue(clock)}`)
    if (options.exceptionHandler !== undefined && typeof options.exceptionHandler !== 'function') {
      throw new TypeError(`new Loop: exceptionHandler must be a function, got ${describeValue(options.exceptionHandler)}`)
    }
    super(clock === 'virtual' ? new VirtualClock() : new RealClock(), options.exceptionHandler)
    this.debug = options.debug === true
    this.batchOrder = options.schedule ?? null
    loopStarted(() => new Loop({ clock: 'virtual' }))
  }

  // ---- state ---------------------------------------------------------------------------

  /** True while `runForever` / `runUntilComplete` / `runSync` drives the loop. */
  isRunning(): boolean {
    return this.status === 'running'
  }

  isClosed(): boolean {
    return this.status === 'closed'
  }

  /** The loop's clock, in milliseconds since the loop was created. */
  time(): number {
    this.checkOpen('time')
    return this.clock.now()
  }

  /** Which clock drives this loop. */
  get clockKind(): 'real' | 'virtual' {
    return this.clock.kind
  }

  /** Fibers not yet done, in creation order (asyncio's `all_tasks`). Finished fibers are not kept. */
  allTasks(): Fiber[] {
    this.checkOpen('allTasks')
    return [...this.live] as Fiber[]
  }

  // ---- scheduling ----------------------------------------------------------------------

  /** Runs `callback` on the next iteration; the handle's `cancel()` makes it a no-op. */
  callSoon(callback: () => void): Handle {
    this.checkOpen('callSoon')
    checkCallback('callSoon', callback)
    return this.callSoonWith(callback, undefined)
  }

  /** Runs `callback` after `ms` milliseconds of loop time (negative or zero: as soon as possible). */
  callLater(ms: number, callback: () => void): TimerHandle {
    this.checkOpen('callLater')
    checkTime('callLater', ms)
    checkCallback('callLater', callback)
    return this.addTimerCallback(this.clock.now() + ms, callback)
  }

  /** Runs `callback` when the loop's clock reaches `when`. */
  callAt(when: number, callback: () => void): TimerHandle {
    this.checkOpen('callAt')
    checkTime('callAt', when)
    checkCallback('callAt', callback)
    return this.addTimerCallback(when, callback)
  }

  /** Starts a fiber for `task` on its next iteration (asyncio's `create_task`); a fiber of this loop is returned as is. */
  createTask<E, A>(task: Task<E, A> | Fiber<E, A>, options?: { readonly name?: string }): Fiber<E, A> {
    this.checkOpen('createTask')
    if (task instanceof Fiber) {
      if (task.loop !== this) throw new LoopError(`createTask: ${task.name} belongs to a different loop`)
      return task as Fiber<E, A>
    }
    if (!isTask(task)) throw new TypeError(`createTask expects a Task, got ${describeValue(task)}`)
    if (options?.name !== undefined && typeof options.name !== 'string') throw new TypeError(`createTask: name must be a string, got ${describeValue(options.name)}`)
    return startFiber(this, toPrimitive(task), options?.name) as Fiber<E, A>
  }

  /** A future on this loop, for code outside tasks to complete: `createFuture<A>()` (or `<A, E>` to type its error). */
  createFuture<A = unknown, E = unknown>(): Future<E, A> {
    this.checkOpen('createFuture')
    return new Future<E, A>(this)
  }

  // ---- exception handling ---------------------------------------------------------------

  /** Replaces the exception handler; `null` restores the default (which prints to `console.error`). */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    this.checkOpen('setExceptionHandler')
    if (handler !== null && typeof handler !== 'function') throw new TypeError(`setExceptionHandler expects a function or null, got ${describeValue(handler)}`)
    this.exceptionHandler = handler ?? defaultExceptionHandler
  }

  getExceptionHandler(): ExceptionHandler {
    return this.exceptionHandler
  }

  /** Passes `context` to the exception handler (asyncio's `call_exception_handler`). */
  callExceptionHandler(context: ExceptionContext): void {
    this.report(context)
  }

  // ---- running ---------------------------------------------------------------------------

  /** Runs until `stop()` is called; the current iteration completes first (R7). */
  runForever(): Promise<void> {
    this.checkCanRun('runForever')
    return this.startRun()
  }

  /** Makes `runForever` return after the current iteration. Before a run, the run does one iteration. */
  stop(): void {
    this.stopping = true
    this.parked?.() // a parked loop must wake up to see it
  }

  /**
   * Runs the loop until `task` (started here) or the given fiber or future is done, and
   * resolves with its value or rejects with its error or `CancelledError` (R6). Rejects
   * with `LoopError` if `stop()` ended the run first; the fiber then stays pending.
   *
   * `options.signal`: aborting it cancels the fiber or future (a `Task` given with an
   * already-aborted signal never runs its body); the promise then rejects with a
   * `CancelledError` whose `cause` is `signal.reason`. The listener is removed when the run
   * ends (see `interop.ts`).
   *
   * @example
   * await loop.runUntilComplete(main, { signal: AbortSignal.timeout(5000) })
   */
  runUntilComplete<E, A>(awaitable: Task<E, A> | FutureBase<E, A>, options?: { readonly signal?: AbortSignal }): Promise<A> {
    this.checkCanRun('runUntilComplete')
    const signal = checkSignal('runUntilComplete', options?.signal)
    const future = this.ensureFuture(awaitable, 'runUntilComplete')
    const onDone = (): void => this.stop()
    future.addDoneCallback(onDone)
    const link = linkSignal(signal, (message) => future.cancel(message))
    return this.startRun().then(
      () => {
        future.removeDoneCallback(onDone)
        link.unlink()
        if (!future.done()) throw new LoopError('runUntilComplete: the loop stopped (stop() was called) before the task completed')
        try {
          return future.result()
        } catch (error) {
          throw link.mapRejection(error)
        }
      },
      (error: unknown) => {
        future.removeDoneCallback(onDone)
        link.unlink()
        throw error
      },
    )
  }

  /**
   * Runs synchronously until `fiber` is done; only on the virtual clock. Throws a `LoopError`
   * naming what the fiber waits on if nothing can make progress without the host. @internal
   */
  runSyncUntilDone(fiber: Fiber): void {
    this.checkCanRun('runSync')
    if (this.clock.kind !== 'virtual') throw new LoopError('runSync needs a loop on the virtual clock')
    this.status = 'running'
    try {
      while (!fiber.done()) {
        if (this.ready.length === 0) {
          const next = this.timers.peek()
          if (next === undefined) {
            const why = this.foreignWaits > 0 ? 'it waits on the host' : 'deadlock: nothing is ready and no timer is pending'
            throw new LoopError(`runSync cannot finish ${fiber.name}: ${why}; ${fiber.name} waits on ${fiber.describeWait()}`)
          }
          this.clock.jumpTo(next.when)
        }
        this.runOnce()
      }
    } finally {
      this.status = 'idle'
      this.stopping = false
    }
  }

  /**
   * Steps a virtual-clock loop synchronously, one iteration at a time, until `until()` is
   * true (checked before each iteration), nothing is left to run (no ready entry, no live
   * timer), or a budget runs out: `maxIterations` iterations, or a timer due after
   * `maxTime` ms of loop time. Never throws for a stuck program: it says why it stopped, so
   * tools (`taskloop/laws`) can tell deadlock from divergence and cancel at iteration *k*.
   *
   * @example
   * const loop = new Loop({ clock: 'virtual' })
   * const fiber = loop.createTask(Task.sleep(10))
   * loop.runSyncUntil(() => fiber.done()) // { stopped: 'until', iterations: 2, timers: 0 }
   */
  runSyncUntil(
    until: () => boolean,
    budget: { readonly maxIterations?: number; readonly maxTime?: number } = {},
  ): { readonly stopped: 'until' | 'idle' | 'iterations' | 'time'; readonly iterations: number; readonly timers: number } {
    this.checkCanRun('runSyncUntil')
    if (this.clock.kind !== 'virtual') throw new LoopError('runSyncUntil needs a loop on the virtual clock')
    checkCallback('runSyncUntil', until)
    const { maxIterations = Infinity, maxTime = Infinity } = budget
    let iterations = 0
    let stopped: 'until' | 'idle' | 'iterations' | 'time'
    this.status = 'running'
    try {
      for (;;) {
        if (until()) { stopped = 'until'; break }
        if (iterations >= maxIterations) { stopped = 'iterations'; break }
        if (this.ready.length === 0) {
          const next = this.timers.peek()
          if (next === undefined) { stopped = 'idle'; break }
          if (next.when > maxTime) { stopped = 'time'; break }
          this.clock.jumpTo(next.when)
        }
        this.runOnce()
        iterations++
      }
    } finally {
      this.status = 'idle'
      this.stopping = false
    }
    return { stopped, iterations, timers: this.timers.live }
  }

  /**
   * Closes the loop (R8): drops what is scheduled, reports fibers still pending and failures
   * nobody retrieved, and refuses everything but `close()` / `isClosed()` from then on.
   * Idempotent; a `LoopError` while running.
   */
  close(): void {
    if (this.status === 'running') throw new LoopError('cannot close a running loop')
    if (this.status === 'closed') return
    this.status = 'closed'
    for (const fiber of this.live) this.report({ message: withOrigin('Task was destroyed but it is pending!', fiber), fiber })
    for (const future of this.unretrieved) {
      const kind = future instanceof Fiber ? 'Task' : 'Future'
      this.report({ message: withOrigin(`${kind} exception was never retrieved`, future), error: future.settled, fiber: future })
    }
    this.ready.clear()
    this.timers.clear()
    this.live.clear()
    this.unretrieved.clear()
  }

  /** `using loop = new Loop()` closes it at the end of the block. */
  [Symbol.dispose](): void {
    this.close()
  }

  override toString(): string {
    return `Loop<${this.status} ${this.clock.kind}>`
  }

  // ---- internals -------------------------------------------------------------------------

  /** asyncio's `ensure_future`: a Task becomes a fiber of this loop; a future must be of this loop. @internal */
  ensureFuture<E, A>(awaitable: Task<E, A> | FutureBase<E, A>, who: string): FutureBase<E, A> {
    if (awaitable instanceof FutureBase) {
      if (awaitable.loop !== this) throw new LoopError(`${who}: the fiber or future belongs to a different loop`)
      return awaitable
    }
    if (!isTask(awaitable)) throw new TypeError(`${who} expects a Task, a Fiber or a Future, got ${describeValue(awaitable)}`)
    return startFiber(this, toPrimitive(awaitable)) as Fiber<E, A>
  }

  private checkOpen(what: string): void {
    if (this.status === 'closed') throw new LoopError(`${what}: the loop is closed`)
  }

  private checkCanRun(what: string): void {
    this.checkOpen(what)
    if (this.status === 'running') throw new LoopError(`${what}: this loop is already running`)
    if (executingScheduler() !== null) throw new LoopError(`${what}: cannot run a loop from inside a running loop (a fiber or a callback)`)
  }

  private startRun(): Promise<void> {
    this.status = 'running'
    return new Promise<void>((resolve, reject) => {
      this.endRunWith = (error?: unknown) => (error === undefined ? resolve() : reject(error))
      this.sliceStart = performance.now()
      this.drive()
    })
  }

  /**
   * Runs iterations while there is work, then parks until a timer is due or something
   * outside the loop schedules work. See `SLICE_MS`.
   */
  private readonly drive = (): void => {
    this.parked = null
    const clock = this.clock
    let iterations = 0
    for (;;) {
      if (this.ready.length === 0 && !this.stopping) {
        if (clock.kind === 'virtual') {
          const next = this.timers.peek()
          if (next === undefined) return this.park(Infinity)
          clock.jumpTo(next.when)
        } else {
          const delay = this.nextTimerDelay()
          if (delay > clock.resolution) return this.park(delay)
        }
      }
      try {
        this.runOnce()
      } catch (error) {
        return this.endRun(error ?? new Error('an iteration threw undefined'))
      }
      if (this.stopping) return this.endRun()
      if ((++iterations & 31) === 0 && performance.now() - this.sliceStart > SLICE_MS) {
        yieldToHost(this.resumeFromHost)
        return
      }
    }
  }

  /** Entered from a host macrotask (timer or immediate): a fresh time slice begins. */
  private readonly resumeFromHost = (): void => {
    this.hostTimer = undefined
    this.sliceStart = performance.now()
    this.drive()
  }

  private park(delay: number): void {
    this.parked = this.unpark
    // Round down: a timer within the clock's resolution (1 ms) of now fires in this
    // iteration anyway, so waking up to 1 ms early costs nothing, while rounding up would
    // make every real sleep up to 1 ms late.
    if (delay !== Infinity) this.hostTimer = setTimeout(this.resumeFromHost, Math.floor(delay))
  }

  /** Something outside the loop scheduled work while it was parked: drive again soon. */
  private readonly unpark = (): void => {
    this.parked = null
    if (this.hostTimer !== undefined) {
      clearTimeout(this.hostTimer)
      this.hostTimer = undefined
    }
    // A microtask keeps promise interop fast; past the slice, let the host breathe first.
    if (performance.now() - this.sliceStart > SLICE_MS) yieldToHost(this.resumeFromHost)
    else queueMicrotask(this.drive)
  }

  private endRun(error?: unknown): void {
    this.parked = null
    if (this.hostTimer !== undefined) clearTimeout(this.hostTimer)
    this.hostTimer = undefined
    this.status = 'idle'
    this.stopping = false
    const end = this.endRunWith
    this.endRunWith = null
    end?.(error)
  }
}

/** In debug mode, a report about a fiber says where it was created. */
const withOrigin = (message: string, future: unknown): string => {
  const origin = future instanceof Fiber ? future.createdAt : undefined
  return origin === undefined ? message : `${message}\n  ${origin}`
}

const checkCallback = (who: string, callback: unknown): void => {
  if (typeof callback !== 'function') throw new TypeError(`${who} expects a function, got ${describeValue(callback)}`)
}

const checkTime = (who: string, t: unknown): void => {
  if (typeof t !== 'number' || Number.isNaN(t)) throw new TypeError(`${who} expects a number of milliseconds, got ${describeValue(t)}`)
}
