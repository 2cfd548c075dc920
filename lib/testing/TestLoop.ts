/**
 * `TestLoop`: a virtual-clock loop that never runs by itself. The test drives it — run what
 * is ready now, move the clock by exactly so much, look at what every fiber waits on — so a
 * question such as "what has happened at exactly t = 5 s?" has one answer, every time.
 *
 * Time and work are separate steps, as in cats-effect's `TestControl`: `advance(ms)` moves
 * the clock and runs nothing; `tick()` runs what is ready and what has fallen due, and does
 * not move the clock. `tickAll()` is the exception: it runs until nothing is left, jumping
 * the clock from timer to timer as `runSync` does.
 *
 * Every step goes through the loop's one driver (`runSyncUntil`), so the loop's own misuse
 * checks hold: a closed loop or a call from inside one of its fibers is a `LoopError`, and
 * nothing changes.
 *
 * @example
 * import { TestLoop } from 'taskloop/testing'
 * const t = new TestLoop()
 * const h = t.start(pipe(Task.sleep(1000), Task.as('done')))
 * t.tick()
 * h.outcome()          // undefined: still sleeping
 * t.advanceAndTick(1000)
 * h.outcome()          // { _tag: 'Succeeded', value: 'done' }
 *
 * @module
 */
import { LoopError } from '../errors.js'
import type { LoopOptions } from '../Loop.js'
import { coreOf, Loop, runSyncUntil } from '../Loop.js'
import type { Outcome } from '../Outcome.js'
import type { Task } from '../runtime/kernel.js'
import { checkIntegerAtLeast, checkName, checkOptionalOptions, describeValue, executingScheduler, Fiber, isTask } from '../runtime/kernel.js'
import type { SuspendedFiber } from '../../laws/observe.js'
import { describeSuspension } from '../../laws/observe.js'

/** Iterations `tick` and `tickAll` run at most before they decide the program never settles. */
export const DEFAULT_TICK_BUDGET = 1_000_000

/** What `new TestLoop(options)` accepts: the options of a virtual `Loop` (the clock is always virtual). */
export interface TestLoopOptions {
  readonly debug?: LoopOptions['debug']
  readonly exceptionHandler?: LoopOptions['exceptionHandler']
  readonly schedule?: LoopOptions['schedule']
}

/** A fiber started by `TestLoop.start`. */
export interface TestHandle<E, A> {
  /** The fiber itself (cancel it, await it from another task). */
  readonly fiber: Fiber<E, A>
  /** `undefined` while pending, then how it ended. Reading a failure counts as retrieving it. */
  outcome(): Outcome<E, A> | undefined
}

/** What the loop holds at one moment: the clock, the queue, the timers and every pending fiber. */
export interface TestLoopSnapshot {
  readonly time: number
  /** Entries on the ready queue. */
  readonly ready: number
  /** Live timers. */
  readonly timers: number
  /** Ms to the next timer, `undefined` when there is none. */
  readonly nextInterval: number | undefined
  /** Pending fibers in creation order: name, coroutine path with await numbers, what each waits on. */
  readonly fibers: ReadonlyArray<SuspendedFiber>
  /** All of it in a few lines, for a failure message. */
  readonly text: string
}

export class TestLoop {
  /** The `Loop` underneath (virtual clock), for `createFuture`, `callLater` and the like. */
  readonly loop: Loop

  /**
   * A virtual-clock loop of its own; `options` as `Loop`'s (the clock is always virtual).
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * const t = new TestLoop({ debug: true })
   */
  constructor(options: TestLoopOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError(`new TestLoop(options): options must be an object, got ${describeValue(options)}`)
    this.loop = new Loop({ ...options, clock: 'virtual' })
  }

  /**
   * The virtual clock, in ms.
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * new TestLoop().time() // 0
   */
  time(): number {
    return this.loop.time()
  }

  /**
   * Creates a fiber for `task`; it takes its first step on the next `tick`.
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * const t = new TestLoop()
   * const h = t.start(Task.sleep(1000), { name: 'main' })
   */
  start<E, A>(task: Task<E, A>, options?: { readonly name?: string }): TestHandle<E, A> {
    if (!isTask(task)) throw new TypeError(`TestLoop.start expects a Task, got ${describeValue(task)}`)
    checkOptionalOptions('TestLoop.start', options)
    checkName('TestLoop.start', options?.name)
    const fiber = this.loop.createTask(task, options)
    return { fiber, outcome: () => fiber.outcome }
  }

  /**
   * Runs one iteration if anything is ready or due now; never moves the clock. Returns
   * whether an iteration ran.
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * const t = new TestLoop()
   * t.start(Task.sleep(1000))
   * t.tickOne() // true: the fiber took its first step
   */
  tickOne(): boolean {
    const now = this.#checkUsable('tickOne')
    return runSyncUntil(this.loop, never, { maxIterations: 1, maxTime: now }).iterations === 1
  }

  /**
   * Runs iterations until nothing is ready and no timer is due at the current time; never
   * moves the clock. Returns the number of iterations. A program that keeps itself busy
   * without waiting on time (a `cede` loop) is a `LoopError` after `maxIterations`.
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * const t = new TestLoop()
   * t.start(pipe(Task.cede, Task.flatMap(() => Task.cede)))
   * t.tick() // the iterations run: the fiber's steps until nothing is ready
   */
  tick(options: { readonly maxIterations?: number } = {}): number {
    const now = this.#checkUsable('tick')
    const budget = checkBudget('tick', options)
    const ran = runSyncUntil(this.loop, never, { maxIterations: budget, maxTime: now })
    if (ran.stopped === 'iterations') throw new LoopError(`tick: still busy after ${budget} iterations at ${now} ms; ${this.snapshot().text}`)
    return ran.iterations
  }

  /**
   * Moves the clock forward by `ms` and runs nothing: timers that fall due wait for the next
   * `tick`. A negative or `NaN` amount is a `RangeError`; nothing changes.
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * const t = new TestLoop()
   * t.advance(1000) // t.time() is 1000 more; nothing ran
   */
  advance(ms: number): void {
    const now = this.#checkUsable('advance')
    if (typeof ms !== 'number') throw new TypeError(`TestLoop.advance expects a number of milliseconds, got ${describeValue(ms)}`)
    if (!(ms >= 0) || ms === Infinity) throw new RangeError(`TestLoop.advance expects a finite number of milliseconds >= 0, got ${describeValue(ms)}`)
    coreOf(this.loop).clock.jumpTo(now + ms)
  }

  /**
   * `advance(ms)` then `tick()`: returns the iterations run.
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * const t = new TestLoop()
   * t.start(Task.sleep(500))
   * t.advanceAndTick(500) // the sleep is over and the fiber has ended
   */
  advanceAndTick(ms: number, options: { readonly maxIterations?: number } = {}): number {
    checkBudget('advanceAndTick', options)
    this.advance(ms)
    return this.tick(options)
  }

  /**
   * Runs until nothing is left — no ready entry, no live timer — jumping the clock from timer
   * to timer. Returns the iterations run. A program that never settles is a `LoopError`
   * after `maxIterations` iterations, or when the next timer is beyond `maxTime` ms of loop
   * time (default: no limit).
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * const t = new TestLoop()
   * const h = t.start(pipe(Task.sleep(60_000), Task.as('done')))
   * t.tickAll()
   * h.outcome() // how main ended, or undefined if it deadlocked (see isDeadlocked)
   */
  tickAll(options: { readonly maxIterations?: number; readonly maxTime?: number } = {}): number {
    this.#checkUsable('tickAll')
    const budget = checkBudget('tickAll', options)
    const maxTime = options.maxTime ?? Infinity
    if (typeof maxTime !== 'number' || Number.isNaN(maxTime)) throw new RangeError(`TestLoop.tickAll: maxTime must be a number of ms, got ${describeValue(maxTime)}`)
    const ran = runSyncUntil(this.loop, never, { maxIterations: budget, maxTime })
    if (ran.stopped === 'iterations') throw new LoopError(`tickAll: still busy after ${budget} iterations, at ${this.time()} ms; ${this.snapshot().text}`)
    if (ran.stopped === 'time') throw new LoopError(`tickAll: the next timer is beyond maxTime (${maxTime} ms); ${this.snapshot().text}`)
    return ran.iterations
  }

  /**
   * Milliseconds from now to the earliest live timer (0 if it is due), `undefined` when no
   * timer is pending.
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * const t = new TestLoop()
   * t.start(Task.sleep(1000))
   * t.tick()
   * t.nextInterval() // 1000
   */
  nextInterval(): number | undefined {
    this.#checkOpen('nextInterval')
    const core = coreOf(this.loop)
    const next = core.timers.peek()
    return next === undefined ? undefined : Math.max(0, next.when - core.clock.now())
  }

  /**
   * True when some fiber is pending but nothing can ever wake it: nothing is ready, no timer
   * is pending and no foreign operation (a promise, a callback) is outstanding.
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * const t = new TestLoop()
   * t.start(Task.never); t.tick(); t.isDeadlocked() // true
   */
  isDeadlocked(): boolean {
    this.#checkOpen('isDeadlocked')
    const core = coreOf(this.loop)
    return core.live.size > 0 && core.ready.length === 0 && core.timers.live === 0 && core.foreignWaits === 0
  }

  /**
   * What the loop holds now: for a failure message, or to assert what a fiber waits on.
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * const t = new TestLoop()
   * t.start(Task.sleep(1000), { name: 'main' })
   * t.tick()
   * t.snapshot().fibers // [{ name: 'main', …, waitsOn: 'sleep until 1.000 s (in 1.000 s)' }]
   */
  snapshot(): TestLoopSnapshot {
    this.#checkOpen('snapshot')
    const core = coreOf(this.loop)
    const point = describeSuspension(this.loop)
    const time = core.clock.now()
    const nextInterval = this.nextInterval()
    const head = `at ${time} ms: ${core.ready.length} ready, ${core.timers.live} timer(s)${nextInterval === undefined ? '' : `, the next in ${nextInterval} ms`}`
    const text = point.fibers.length === 0 ? `${head}, no fiber pending` : `${head}\n    ${point.text.split('; ').join('\n    ')}`
    return { time, ready: core.ready.length, timers: core.timers.live, nextInterval, fibers: point.fibers, text }
  }

  /**
   * Closes the loop: pending fibers are reported as the loop's `close` does. Idempotent.
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * const t = new TestLoop()
   * t.close()
   */
  close(): void {
    this.loop.close()
  }

  /**
   * `using t = new TestLoop()` closes it at the end of the block.
   *
   * @example
   * import { TestLoop } from 'taskloop/testing'
   * {
   *   using t = new TestLoop()
   *   t.start(Task.sleep(10))
   *   t.tickAll()
   * } // closed here
   */
  [Symbol.dispose](): void {
    this.close()
  }

  #checkOpen(what: string): void {
    if (this.loop.isClosed()) throw new LoopError(`TestLoop.${what}: the loop is closed`)
  }

  /** Open, not running, not called from inside a fiber: returns the time. */
  #checkUsable(what: string): number {
    this.#checkOpen(what)
    if (this.loop.isRunning() || executingScheduler() !== null) throw new LoopError(`TestLoop.${what}: cannot drive the loop from inside a running loop (a fiber or a callback)`)
    return this.loop.time()
  }
}

// Stryker disable next-line ArrowFunction: `() => undefined` is as falsy to runSyncUntil as `false`
const never = (): boolean => false

const checkBudget = (who: string, options: { readonly maxIterations?: number }): number => {
  if (options === null || typeof options !== 'object') throw new TypeError(`TestLoop.${who}: options must be an object, got ${describeValue(options)}`)
  const n = options.maxIterations ?? DEFAULT_TICK_BUDGET
  return checkIntegerAtLeast(`TestLoop.${who}`, 'maxIterations', n, 1)
}
