/**
 * The `Loop` is the interpreter: it holds a scheduler — a ready queue and a timer heap
 * (`runtime/scheduler.ts`), none of it public — and drives it, iteration by iteration,
 * exactly as asyncio's event loop does. Every way of running it (`runForever`,
 * `runUntilComplete`, `runSync`, the stepping of `taskloop/laws`) goes through one function,
 * `advance`, which runs an iteration or says why it cannot.
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
import { shutdownLoopResources } from './loopResources.js'
import type { SignalName } from './signals.node.js'
import { addLoopSignalHandler, removeAllLoopSignalHandlers, removeLoopSignalHandler } from './signals.node.js'
import { Future } from './Future.js'
import type { BatchOrder, ExceptionContext, ExceptionHandler, LoopSnapshot, Task, TraceRecorder } from './runtime/kernel.js'
import { bindContext, checkFunction, checkMs, checkOptionalOptions, checkName, checkRecorder, debugFromEnvironment, defaultExceptionHandler, describeValue, executingScheduler, Fiber, freshSeed, FutureBase, Handle, isFiber, isFuture, isTask, loopStarted, markHostFailed, RealClock, renderDump, Scheduler, SeededRandom, snapshotOf, startFiber, TimerHandle, toPrimitive, VirtualClock, watchHostExit } from './runtime/kernel.js'
import { brand, LOOP_BRAND } from './runtime/kernel.js'

/**
 * Longest stretch (ms) the real-clock loop runs iterations back to back before it lets the
 * host run its own timers and I/O.
 *
 * @example
 * SLICE_MS // → 10
 */
export const SLICE_MS = 10

/**
 * The longest delay a host timer takes (2³¹−1 ms, about 24.8 days): a longer one overflows
 * to 1 ms in Node and browsers. A real-clock loop whose next timer is further away parks in
 * chunks of at most this long, waking once per chunk to park again.
 */
export const MAX_HOST_DELAY = 2 ** 31 - 1

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
   * asyncio's debug mode: every `yield*` suspension, spawn and `Task.gen` creation records
   * the user's source line, so tracebacks and coroutine paths name the line of each await;
   * the reports about a fiber ("never retrieved", "destroyed but pending") say where it was
   * created; a step slower than `slowStepMs` is reported. Costs a stack capture at each of
   * those calls. Default: `TASKLOOP_DEBUG` in the environment (set to anything but `0`,
   * `false` or empty), else off.
   */
  readonly debug?: boolean
  /**
   * Debug mode: a step (or callback) that runs longer than this many milliseconds of real
   * time is reported to the exception handler, with where its fiber is now. Default 100.
   */
  readonly slowStepMs?: number
  /** Receives unhandled failures and callback errors; the default prints to `console.error`. */
  readonly exceptionHandler?: ExceptionHandler
  /**
   * Reorders the entries each iteration runs (schedule exploration). The default keeps
   * asyncio's FIFO order; `taskloop/laws` installs seeded permutations.
   */
  readonly schedule?: BatchOrder
  /**
   * Seeds `loop.random()`, the source that jittered schedules draw from. A loop on the
   * virtual clock defaults to seed 0, so that a test makes the same choices on every run; a
   * loop on the real clock defaults to a fresh random seed. An integer (taken modulo 2³²).
   */
  readonly seed?: number
  /**
   * Records the run as a timeline in the Chrome Trace Event Format (see `TraceRecorder`):
   * `JSON.stringify(recorder)` is a file Perfetto, `chrome://tracing` and speedscope open.
   * Without one, tracing costs nothing.
   */
  readonly trace?: TraceRecorder
}

type Status = 'idle' | 'running' | 'closed'

/** Why `advance` ran no iteration: nothing left at all, the time budget, or (real clock) the ms to wait. */
type Idle = 'idle' | 'time' | number

const noop = (): void => {}

/**
 * The host's way to run a callback soon after the current macrotask, without timer clamping:
 * `setImmediate` where there is one (Node, Bun, Deno), else `setTimeout(cb, 0)`. Asked at each
 * call, not once: a run yields this way at most once per time slice.
 */
const yieldToHost = (cb: () => void): unknown => (typeof globalThis.setImmediate === 'function' ? globalThis.setImmediate(cb) : globalThis.setTimeout(cb, 0))

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
export class Loop {
  /** The ready queue, the timer heap and the fibers: the interpreter's state, not public. */
  readonly #core: Scheduler
  #status: Status = 'idle'
  #stopping = false
  /** The host timer a parked loop waits on, if any. */
  #hostTimer: ReturnType<typeof setTimeout> | undefined = undefined
  /** When the current uninterrupted stretch of iterations began (host clock). */
  #sliceStart = 0
  /** Settles the promise of the run in progress; a no-op between runs. */
  #endRunWith: (error?: unknown) => void = noop
  /** Stops listening for the host's exit (see `#hostIsExiting`); set while a run is driven. */
  #unwatchHostExit: () => void = noop
  /** What `random()` draws from (see `LoopOptions.seed`). */
  readonly #random: SeededRandom

  constructor(options: LoopOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError(`new Loop(options): options must be an object, got ${describeValue(options)}`)
    const { clock = 'real' } = options
    if (clock !== 'real' && clock !== 'virtual') throw new TypeError(`new Loop: clock must be 'real' or 'virtual', got ${describeValue(clock)}`)
    if (options.exceptionHandler !== undefined && typeof options.exceptionHandler !== 'function') {
      throw new TypeError(`new Loop: exceptionHandler must be a function, got ${describeValue(options.exceptionHandler)}`)
    }
    if (options.schedule !== undefined && typeof options.schedule !== 'function') {
      throw new TypeError(`new Loop: schedule must be a function that reorders a batch, got ${describeValue(options.schedule)}`)
    }
    if (options.debug !== undefined && typeof options.debug !== 'boolean') {
      throw new TypeError(`new Loop: debug must be a boolean, got ${describeValue(options.debug)}`)
    }
    if (options.slowStepMs !== undefined && typeof options.slowStepMs !== 'number') {
      throw new TypeError(`new Loop: slowStepMs must be a number of milliseconds, got ${describeValue(options.slowStepMs)}`)
    }
    if (options.slowStepMs !== undefined && !(options.slowStepMs >= 0)) {
      throw new RangeError(`new Loop: slowStepMs must be 0 or more, got ${describeValue(options.slowStepMs)}`)
    }
    if (options.seed !== undefined && !Number.isInteger(options.seed)) {
      throw new TypeError(`new Loop: seed must be an integer, got ${describeValue(options.seed)}`)
    }
    this.#random = new SeededRandom(options.seed ?? (clock === 'virtual' ? 0 : freshSeed()))
    const core = new Scheduler(clock === 'virtual' ? new VirtualClock() : new RealClock(), options.exceptionHandler, this)
    core.debug = options.debug ?? debugFromEnvironment()
    if (options.slowStepMs !== undefined) core.slowStepMs = options.slowStepMs
    core.batchOrder = options.schedule ?? null
    const trace = checkRecorder('new Loop', options.trace, describeValue)
    trace?.attach(core)
    core.trace = trace
    this.#core = core
    cores.set(this, core)
    // Stryker disable next-line ArrowFunction,ObjectLiteral,StringLiteral: the loop given to the shape keeper is private; without it, or on another clock (which its synchronous steps refuse), the keeper stays off: speed changes, results do not
    loopStarted(() => new Loop({ clock: 'virtual' }))
  }

  // ---- state ---------------------------------------------------------------------------

  /** True while `runForever` / `runUntilComplete` / `runSync` drives the loop. @example loop.isRunning() // false */
  isRunning(): boolean {
    return this.#status === 'running'
  }

  /** True once `close()` was called. @example loop.close(); loop.isClosed() // true */
  isClosed(): boolean {
    return this.#status === 'closed'
  }

  /** The loop's clock, in milliseconds since the loop was created. @example new Loop({ clock: 'virtual' }).time() // 0 */
  time(): number {
    this.#checkOpen('time')
    return this.#core.clock.now()
  }

  /**
   * The next number in [0, 1) from the loop's seeded random source (see `LoopOptions.seed`).
   * Jittered schedules use it, so their delays replay with the seed.
   *
   * @example
   * new Loop({ clock: 'virtual', seed: 7 }).random() // the same number on every run
   */
  random(): number {
    this.#checkOpen('random')
    return this.#random.next()
  }

  /** Which clock drives this loop. @example new Loop({ clock: 'virtual' }).clockKind // 'virtual' */
  get clockKind(): 'real' | 'virtual' {
    return this.#core.clock.kind
  }

  /** Fibers not yet done, in creation order (asyncio's `all_tasks`). Finished fibers are not kept. @example for (const f of loop.allTasks()) f.cancel() */
  allTasks(): Fiber[] {
    this.#checkOpen('allTasks')
    return [...this.#core.live] as Fiber[]
  }

  /**
   * The live call graph as data: every live fiber with its id, name, state, age, coroutine
   * stack and what it waits on, and each cycle of awaits (a deadlock). Computed now, from
   * what the fibers hold: nothing is recorded while they run. See `dump()` for the text.
   *
   * @example
   * const loop = new Loop({ clock: 'virtual' })
   * loop.createTask(Task.sleep(1500), { name: 'nap' })
   * // it has not started yet:
   * loop.snapshot().fibers[0]?.waitsOn.text // → 'nothing: it is ready to run'
   */
  snapshot(): LoopSnapshot {
    this.#checkOpen('snapshot')
    return snapshotOf(this.#core)
  }

  /**
   * The live call graph as text (asyncio's `pstree`): a tree of who awaits whom, each fiber
   * with its id, name, age, coroutine stack and what it waits on — `sleep until 1.500 s (in
   * 300 ms)`, `Queue 'jobs'.get (0 items, 3 getters)`, `Lock 'db' held by fiber #12 'writer'`
   * … — children under their gather or task group, and every cycle of awaits marked as a
   * deadlock. Callable at any time, from anywhere, also from inside a fiber (which then shows
   * as running).
   *
   * @example
   * const jobs = new Queue<string>({ name: 'jobs' })
   * const loop = new Loop({ clock: 'virtual' })
   * const worker = loop.createTask(jobs.get(), { name: 'worker' })
   * await loop.runUntilComplete(Task.sleep(10))
   * console.log(loop.dump())
   * // virtual loop at 0.010 s, 1 live fiber
   * // #1 'worker' (age 10 ms) — waits on Queue 'jobs'.get (0 items, 1 getter)
   */
  dump(): string {
    this.#checkOpen('dump')
    return renderDump(this.snapshot())
  }

  // ---- scheduling ----------------------------------------------------------------------

  /** Runs `callback` on the next iteration; the handle's `cancel()` makes it a no-op. @example loop.callSoon(() => console.log('soon')) */
  callSoon(callback: () => void): Handle {
    this.#checkOpen('callSoon')
    checkFunction('callSoon', callback)
    return this.#core.callSoonWith(bindContext(this.#core, callback), undefined)
  }

  /** Runs `callback` after `ms` milliseconds of loop time (negative or zero: as soon as possible). @example loop.callLater(100, () => fiber.cancel()) */
  callLater(ms: number, callback: () => void): TimerHandle {
    this.#checkOpen('callLater')
    checkMs('callLater', ms)
    checkFunction('callLater', callback)
    return this.#core.addTimerCallback(this.#core.clock.now() + ms, bindContext(this.#core, callback))
  }

  /** Runs `callback` when the loop's clock reaches `when`. @example loop.callAt(loop.time() + 100, () => console.log('later')) */
  callAt(when: number, callback: () => void): TimerHandle {
    this.#checkOpen('callAt')
    checkMs('callAt', when)
    checkFunction('callAt', callback)
    return this.#core.addTimerCallback(when, bindContext(this.#core, callback))
  }

  /**
   * Starts a fiber for `task` on its next iteration (asyncio's `create_task`); a fiber of this loop is returned as is.
   *
   * @example
   * const fiber = loop.createTask(main, { name: 'main' })
   */
  createTask<E, A>(task: Task<E, A> | Fiber<E, A>, options?: { readonly name?: string }): Fiber<E, A> {
    this.#checkOpen('createTask')
    if (isFuture(task)) {
      if (!isFiber(task)) throw new TypeError('createTask expects a Task or a Fiber, got a Future')
      if (task.loop !== this.#core) throw new LoopError(`createTask: ${task.name} belongs to a different loop`)
      return task as Fiber<E, A>
    }
    if (!isTask(task)) throw new TypeError(`createTask expects a Task, got ${describeValue(task)}`)
    checkOptionalOptions('createTask', options)
    const name = checkName('createTask', options?.name)
    return startFiber(this.#core, toPrimitive(task), name) as Fiber<E, A>
  }

  /**
   * A future on this loop, for code outside tasks to complete: `createFuture<A>()` (or `<A, E>` to type its error).
   *
   * @example
   * const f = loop.createFuture<number>()
   * loop.callLater(10, () => f.setResult(42))
   */
  createFuture<A = unknown, E = unknown>(): Future<E, A> {
    this.#checkOpen('createFuture')
    return new Future<E, A>(this.#core)
  }

  // ---- signals (Node only: see signals.node.ts) -------------------------------------------

  /**
   * asyncio's `add_signal_handler`: each time the process receives `signal`, `callback(signal)`
   * runs on this loop as a `callSoon` callback (an error it throws goes to the exception
   * handler). Replaces this loop's previous handler for that signal; removed by
   * `removeSignalHandler` or `close()`. A handler keeps Node from ending the process on that
   * signal. A non-signal name is a `TypeError`; a signal that cannot be handled (SIGKILL,
   * SIGSTOP, SIGSEGV, …, or any on a host without process signals) a `RangeError`.
   *
   * @example
   * const shutdown = new Event()
   * loop.addSignalHandler('SIGTERM', () => shutdown.set())
   */
  addSignalHandler(signal: SignalName, callback: (signal: SignalName) => void): void {
    this.#checkOpen('addSignalHandler')
    addLoopSignalHandler(this, signal, callback)
  }

  /**
   * asyncio's `remove_signal_handler`: removes this loop's handler for `signal`; true if there
   * was one.
   *
   * @example
   * loop.removeSignalHandler('SIGTERM') // true
   */
  removeSignalHandler(signal: SignalName): boolean {
    this.#checkOpen('removeSignalHandler')
    return removeLoopSignalHandler(this, signal)
  }

  // ---- exception handling ---------------------------------------------------------------

  /** Replaces the exception handler; `null` restores the default (which prints to `console.error`). @example loop.setExceptionHandler((ctx) => console.error(ctx.message, ctx.error)) */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    this.#checkOpen('setExceptionHandler')
    if (handler !== null && typeof handler !== 'function') throw new TypeError(`setExceptionHandler expects a function or null, got ${describeValue(handler)}`)
    this.#core.exceptionHandler = handler ?? defaultExceptionHandler
  }

  /** The exception handler in force. @example const h = loop.getExceptionHandler() */
  getExceptionHandler(): ExceptionHandler {
    return this.#core.exceptionHandler
  }

  /** Passes `context` to the exception handler (asyncio's `call_exception_handler`). @example loop.callExceptionHandler({ message: 'lost connection' }) */
  callExceptionHandler(context: ExceptionContext): void {
    if (context === null || typeof context !== 'object' || typeof context.message !== 'string') {
      throw new TypeError(`callExceptionHandler expects { message: string, error?, fiber? }, got ${describeValue(context)}`)
    }
    this.#core.report(context)
  }

  // ---- running ---------------------------------------------------------------------------

  /** Runs until `stop()` is called; the current iteration completes first (R7). @example await loop.runForever() */
  runForever(): Promise<void> {
    this.#checkCanRun('runForever')
    return this.#startRun()
  }

  /** Makes `runForever` return after the current iteration. Before a run, the run does one iteration. @example loop.callLater(1000, () => loop.stop()) */
  stop(): void {
    this.#stopping = true
    this.#core.parked?.() // a parked loop must wake up to see it
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
    this.#checkCanRun('runUntilComplete')
    checkOptionalOptions('runUntilComplete', options)
    const signal = checkSignal('runUntilComplete', options?.signal)
    const future = ensureFuture(this, awaitable, 'runUntilComplete')
    const onDone = (): void => this.stop()
    future.addDoneCallback(onDone)
    const link = linkSignal(signal, (message) => future.cancel(message))
    return this.#startRun().then(
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
   * Closes the loop (R8): drops what is scheduled, reports fibers still pending and failures
   * nobody retrieved, and refuses everything but `close()` / `isClosed()` from then on.
   * Idempotent; a `LoopError` while running.
   *
   * @example
   * loop.close()
   */
  close(): void {
    if (this.#status === 'running') throw new LoopError('cannot close a running loop')
    if (this.#status === 'closed') return
    this.#status = 'closed'
    removeAllLoopSignalHandlers(this)
    const core = this.#core
    for (const fiber of core.live) core.report({ message: withOrigin('Task was destroyed but it is pending!', fiber), fiber })
    for (const future of core.unretrieved) {
      const kind = isFiber(future) ? 'Task' : 'Future'
      core.report({ message: withOrigin(`${kind} exception was never retrieved`, future), error: future.settled, fiber: future })
    }
    core.ready.clear()
    core.timers.clear()
    core.live.clear()
    core.unretrieved.clear()
    // resources such as a default worker pool: started here, not awaited (run() awaits them first)
    shutdownLoopResources(this).catch((error: unknown) => core.report({ message: 'shutting down a resource of a closed loop failed', error }))
  }

  /** `using loop = new Loop()` closes it at the end of the block. @example { using loop = new Loop() } */
  [Symbol.dispose](): void {
    this.close()
  }

  /** @example String(new Loop({ clock: 'virtual' })) // 'Loop<idle virtual>' */
  toString(): string {
    return `Loop<${this.#status} ${this.#core.clock.kind}>`
  }

  // ---- the one driver --------------------------------------------------------------------

  /**
   * Runs one iteration, or says why it cannot: when nothing is ready, a virtual clock first
   * jumps to the next timer (unless that is past `maxTime`: `'time'`), and a real clock
   * answers how long to wait for it; `'idle'` when there is no timer at all.
   */
  #advance(maxTime: number): Idle | undefined {
    const core = this.#core
    if (core.ready.length === 0) {
      const next = core.timers.peek()
      if (next === undefined) return 'idle'
      const clock = core.clock
      if (clock.kind === 'virtual') {
        if (next.when > maxTime) return 'time'
        clock.jumpTo(next.when)
      } else {
        const delay = next.when - clock.now()
        if (delay > clock.resolution) return delay
      }
    }
    core.runOnce()
    return undefined
  }

  /**
   * Steps the loop synchronously until `until()` (checked before each iteration), nothing is
   * left, or a budget runs out. Every synchronous run mode is this loop.
   */
  #drain(until: () => boolean, maxIterations: number, maxTime: number): SyncRun {
    let iterations = 0
    let stopped: SyncRun['stopped']
    this.#status = 'running'
    try {
      for (;;) {
        if (until()) {
          stopped = 'until'
          break
        }
        if (iterations >= maxIterations) {
          stopped = 'iterations'
          break
        }
        const idle = this.#advance(maxTime)
        if (idle !== undefined) {
          // a real clock is refused before draining, so a number cannot come back here
          stopped = idle === 'time' ? 'time' : 'idle'
          break
        }
        iterations++
      }
    } finally {
      this.#status = 'idle'
      this.#stopping = false
    }
    return { stopped, iterations, timers: this.#core.timers.live }
  }

  /** @internal see `runSyncUntil` below */
  static runSyncUntil(loop: Loop, until: () => boolean, budget: SyncBudget = {}): SyncRun {
    loop.#checkCanRun('runSyncUntil')
    if (loop.#core.clock.kind !== 'virtual') throw new LoopError('runSyncUntil needs a loop on the virtual clock')
    checkFunction('runSyncUntil', until)
    if (budget === null || typeof budget !== 'object') throw new TypeError(`runSyncUntil: the budget must be an object { maxIterations?, maxTime? }, got ${describeValue(budget)}`)
    const { maxIterations = Infinity, maxTime = Infinity } = budget
    checkMs('runSyncUntil (maxIterations)', maxIterations)
    checkMs('runSyncUntil (maxTime)', maxTime)
    return loop.#drain(until, maxIterations, maxTime)
  }

  /** @internal see `runSyncUntilDone` below */
  static runSyncUntilDone(loop: Loop, fiber: Fiber): void {
    // `runSync` makes the loop (on the virtual clock) and has checked that no loop is running
    const ran = loop.#drain(() => fiber.done(), Infinity, Infinity)
    if (ran.stopped === 'until') return
    const why = loop.#core.foreignWaits > 0 ? 'it waits on the host' : 'deadlock: nothing is ready and no timer is pending'
    throw new LoopError(`runSync cannot finish ${fiber.name}: ${why}; ${fiber.name} waits on ${fiber.describeWait()}\n${loop.dump()}`)
  }

  #checkOpen(what: string): void {
    if (this.#status === 'closed') throw new LoopError(`${what}: the loop is closed`)
  }

  #checkCanRun(what: string): void {
    this.#checkOpen(what)
    if (this.#status === 'running') throw new LoopError(`${what}: this loop is already running`)
    if (executingScheduler() !== null) throw new LoopError(`${what}: cannot run a loop from inside a running loop (a fiber or a callback)`)
  }

  #startRun(): Promise<void> {
    this.#status = 'running'
    return new Promise<void>((resolve, reject) => {
      this.#endRunWith = (error?: unknown) => (error === undefined ? resolve() : reject(error))
      this.#unwatchHostExit = watchHostExit({ hostIsExiting: this.#hostIsExiting })
      this.#sliceStart = performance.now()
      this.#drive()
    })
  }

  /**
   * The asynchronous run: iterations back to back while there is work, then park until a
   * timer is due or something outside the loop schedules work. See `SLICE_MS`.
   */
  readonly #drive = (): void => {
    this.#core.parked = null
    let iterations = 0
    for (;;) {
      let idle: Idle | undefined
      try {
        if (this.#stopping) this.#core.runOnce() // R7: the iteration in progress completes, nothing waits
        else idle = this.#advance(Infinity)
      } catch (error) {
        return this.#endRun(error ?? new Error('an iteration threw undefined'))
      }
      if (idle !== undefined) return this.#park(idle === 'idle' ? Infinity : (idle as number))
      if (this.#stopping) return this.#endRun()
      // the host clock is read every 32nd iteration only
      // Stryker disable next-line UpdateOperator: counting down reaches a multiple of 32 every 32 iterations too
      if ((++iterations & 31) === 0 && performance.now() - this.#sliceStart > SLICE_MS) {
        yieldToHost(this.#resumeFromHost)
        return
      }
    }
  }

  /** Entered from a host macrotask (timer or immediate): a fresh time slice begins. */
  readonly #resumeFromHost = (): void => {
    this.#hostTimer = undefined
    this.#sliceStart = performance.now()
    this.#drive()
  }

  #park(delay: number): void {
    this.#core.parked = this.#unpark
    // Round down: a timer within the clock's resolution (1 ms) of now fires in this
    // iteration anyway, so waking up to 1 ms early costs nothing, while rounding up would
    // make every real sleep up to 1 ms late.
    // A delay beyond MAX_HOST_DELAY parks for MAX_HOST_DELAY: the wake-up finds the timer
    // not yet due and parks again.
    if (delay !== Infinity) this.#hostTimer = setTimeout(this.#resumeFromHost, Math.min(Math.floor(delay), MAX_HOST_DELAY))
  }

  /**
   * The host has nothing left that could wake this loop (Node's `beforeExit`): if the run is
   * parked with no timer, it is a deadlock. The run fails with a `LoopError` naming every
   * fiber and what it waits on, and the process will exit non-zero.
   */
  readonly #hostIsExiting = (): void => {
    if (this.#core.parked === null || this.#hostTimer !== undefined) return
    const fibers = [...this.#core.live] as Fiber[]
    const waits = fibers.map((f) => `${f.name} waits on ${f.describeWait()}`).join('; ')
    markHostFailed()
    this.#endRun(
      new LoopError(
        `deadlock: the loop is parked with nothing ready and no timer pending, and the host has nothing left that could wake it${waits === '' ? '' : `; ${waits}`}\n${this.dump()}`,
      ),
    )
  }

  /** Something outside the loop scheduled work while it was parked: drive again soon. */
  readonly #unpark = (): void => {
    this.#core.parked = null
    clearTimeout(this.#hostTimer) // none is a no-op
    this.#hostTimer = undefined
    // A microtask keeps promise interop fast; past the slice, let the host breathe first.
    if (performance.now() - this.#sliceStart > SLICE_MS) yieldToHost(this.#resumeFromHost)
    else queueMicrotask(this.#drive)
  }

  #endRun(error?: unknown): void {
    this.#unwatchHostExit()
    this.#unwatchHostExit = noop
    this.#core.parked = null
    // no host timer is left here: one fires into `#resumeFromHost` or is cleared by `#unpark`
    // before the loop drives again, and `#hostIsExiting` acts only when there is none
    this.#status = 'idle'
    this.#stopping = false
    const end = this.#endRunWith
    this.#endRunWith = noop
    end(error)
  }
}

// a loop of another copy of taskloop in the process is recognised by this brand (see runtime/brands.ts)
brand(Loop, LOOP_BRAND)

/** A synchronous run's budget: iterations, or loop time (a timer due later is not reached). */
export interface SyncBudget {
  readonly maxIterations?: number
  readonly maxTime?: number
}

/** Why a synchronous run stopped, after how many iterations, with how many live timers left. */
export interface SyncRun {
  readonly stopped: 'until' | 'idle' | 'iterations' | 'time'
  readonly iterations: number
  readonly timers: number
}

/** Each loop's scheduler, for the library's own modules (the field is private to `Loop`). */
const cores = new WeakMap<Loop, Scheduler>()

/**
 * The scheduler a `Loop` holds. For the library's modules only (`run`, the laws' stepping).
 * @internal
 */
export const coreOf = (loop: Loop): Scheduler => {
  const core = cores.get(loop)
  if (core === undefined) throw new TypeError(`expected a Loop, got ${describeValue(loop)}`)
  return core
}

/**
 * Steps a virtual-clock loop synchronously, one iteration at a time, until `until()` is true
 * (checked before each iteration), nothing is left to run (no ready entry, no live timer), or
 * a budget runs out: `maxIterations` iterations, or a timer due after `maxTime` ms of loop
 * time. Never throws for a stuck program: it says why it stopped, so tools (`taskloop/laws`)
 * can tell deadlock from divergence and cancel at iteration *k*. @internal
 *
 * @example
 * // steps a virtual-clock loop until one of its fibers is done
 * const settle = (loop: Parameters<typeof runSyncUntil>[0], fiber: { done(): boolean }) =>
 *   runSyncUntil(loop, () => fiber.done()) // e.g. { stopped: 'until', iterations: 2, timers: 0 }
 */
export const runSyncUntil = (loop: Loop, until: () => boolean, budget?: SyncBudget): SyncRun => Loop.runSyncUntil(loop, until, budget)

/**
 * Runs a virtual-clock loop synchronously until `fiber` is done; a `LoopError` naming what
 * the fiber waits on if nothing can make progress without the host (`runSync`). @internal
 */
export const runSyncUntilDone = (loop: Loop, fiber: Fiber): void => Loop.runSyncUntilDone(loop, fiber)

/** asyncio's `ensure_future`: a Task becomes a fiber of `loop`; a future must be of `loop`. */
const ensureFuture = <E, A>(loop: Loop, awaitable: Task<E, A> | FutureBase<E, A>, who: string): FutureBase<E, A> => {
  const core = coreOf(loop)
  if (isFuture(awaitable)) {
    if (awaitable.loop !== core) throw new LoopError(`${who}: the fiber or future belongs to a different loop`)
    return awaitable
  }
  if (!isTask(awaitable)) throw new TypeError(`${who} expects a Task, a Fiber or a Future, got ${describeValue(awaitable)}`)
  return startFiber(core, toPrimitive(awaitable)) as Fiber<E, A>
}

/** In debug mode, a report about a fiber says where it was created. */
const withOrigin = (message: string, future: unknown): string => {
  const origin = isFiber(future) ? future.createdAt : undefined
  return origin === undefined ? message : `${message}\n  ${origin}`
}
