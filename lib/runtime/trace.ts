/**
 * The timeline: a `TraceRecorder` given to a loop (`new Loop({ trace })`, or `run`'s `trace`
 * option) records what the loop does in the Chrome Trace Event Format, the JSON that Perfetto,
 * `chrome://tracing` and speedscope open.
 *
 * What a trace shows:
 * - one track (a `tid`) per fiber, named after it, in creation order; track 0, `loop`, holds
 *   what happens outside any fiber (a `callLater` timer, a fiber created by top-level code);
 * - each step of a fiber as a slice (`ph: 'X'`, category `step`) named after the coroutine it
 *   resumes (the innermost `Task.gen` on the fiber's stack, a generator function's name;
 *   `<coroutine>` for an anonymous one; the fiber's name when it has no coroutine), with the
 *   fiber's coroutine path in `args`;
 * - each wait between two steps as a slice (category `wait`) named after what the fiber waits
 *   on (`a sleep until 140 ms`, `fiber 'visit /docs'`), the whole chain in `args.on` when it is
 *   longer; a wait
 *   still open when the trace is read ends at the loop's current time, marked `args.open`;
 * - flow arrows (category `spawn` and `wake`) from the step that spawned a fiber to its first
 *   step, and from the completion of a fiber or future to each fiber it wakes;
 * - instant events: `cancel requested` (at every fiber a cancel request reaches),
 *   `cancel delivered` (the `CancelledError` thrown in at a suspension point), `timer` (a
 *   timer falls due), and the ending of each fiber (`succeeded`, `failed`, `cancelled`).
 *
 * Time: on the real clock, `ts` is the loop's time in microseconds. On the virtual clock it is
 * the virtual time in microseconds, so a test's trace is the same on every run; since a step
 * takes no virtual time, each step is drawn 1 µs wide and the steps of one virtual instant lie
 * side by side, in the order they ran (a trace where more than 1000 steps run in one virtual
 * millisecond drifts ahead of the virtual time by that much).
 *
 * Memory is bounded: the recorder keeps the last `capacity` events (a ring) and counts the
 * ones it dropped. Off (no recorder), the loop pays one null check at each hook: a step's
 * start and end, a spawn, a completion, a wake, a cancel request, a due timer.
 *
 * @module
 */
import { InvalidStateError } from '../errors.js'
import { describeValue } from './describeValue.js'
import type { Fiber } from './fiber.js'
import type { FutureBase } from './future.js'
import { State } from './future.js'
import type { Scheduler, Timer } from './scheduler.js'
import { SleepTimer } from './waits.js'
import type { TraceHooks } from './tracing.js'
import { TRACE_RECORDER_BRAND } from './tracing.js'

/**
 * One event of the Chrome Trace Event Format, as a `TraceRecorder` writes it: `ph` is the
 * phase (`X` a slice with a duration `dur`, `i` an instant, `s`/`f` the two ends of a flow
 * arrow with one `id`, `M` metadata such as a track's name), `ts` the time in microseconds,
 * `tid` the track (one per fiber).
 *
 * @example
 * const slice: ChromeTraceEvent = { name: 'main', cat: 'step', ph: 'X', ts: 0, dur: 1, pid: 1, tid: 1 }
 */
export interface ChromeTraceEvent {
  readonly name: string
  readonly cat?: string
  readonly ph: 'X' | 'i' | 's' | 'f' | 'M'
  readonly ts?: number
  readonly dur?: number
  readonly pid: number
  readonly tid: number
  readonly id?: number
  /** `f`: binds the arrow's head to the slice that encloses it. */
  readonly bp?: 'e'
  /** `i`: the instant's scope (`t`: its track). */
  readonly s?: 't'
  readonly args?: Readonly<Record<string, unknown>>
}

/**
 * A whole trace file (the JSON object form of the Chrome Trace Event Format):
 * `JSON.stringify(recorder)` writes one.
 *
 * @example
 * const recorder = new TraceRecorder()
 * const file: ChromeTrace = recorder.toJSON() // { traceEvents: [...], displayTimeUnit: 'ms', otherData: {...} }
 */
export interface ChromeTrace {
  readonly traceEvents: ChromeTraceEvent[]
  readonly displayTimeUnit: 'ms'
  readonly otherData: { readonly clock: 'real' | 'virtual' | 'none'; readonly capacity: number; readonly dropped: number }
}

/**
 * Options of `new TraceRecorder(…)`.
 *
 * @example
 * const options: TraceRecorderOptions = { capacity: 10_000 }
 */
export interface TraceRecorderOptions {
  /** How many events the ring keeps (the last ones); default 100 000. A positive integer. */
  readonly capacity?: number
}

/** The recorder's process id in the trace: one loop, one process. */
const PID = 1
/** Track 0: what happens outside any fiber. */
const LOOP_TID = 0

/** A wait a fiber entered at the end of a step, emitted as a slice when it next steps. */
interface OpenWait {
  readonly ts: number
  readonly label: string
}

/** The largest ring: a JavaScript array's length limit. */
const MAX_CAPACITY = 2 ** 32 - 1

const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error))

/**
 * Records a loop's run as a timeline in the Chrome Trace Event Format: give it to
 * `new Loop({ trace: recorder })` (or `run(main, { trace: recorder })`), then write
 * `JSON.stringify(recorder)` to a file and open it in Perfetto (ui.perfetto.dev),
 * `chrome://tracing` or speedscope. `run(main, { trace: 'trace.json' })` does all of that.
 *
 * It keeps the last `capacity` events (default 100 000; `dropped` counts the others), so a
 * long-running program can trace all the time in bounded memory. One recorder records one loop.
 *
 * @example
 * const recorder = new TraceRecorder({ capacity: 10_000 })
 * const loop = new Loop({ clock: 'virtual', trace: recorder })
 * await loop.runUntilComplete(Task.sleep(10))
 * loop.close()
 * const json = JSON.stringify(recorder) // a file Perfetto, chrome://tracing and speedscope open
 */
export class TraceRecorder {
  /** How many events the ring keeps. */
  readonly capacity: number
  /** The kept events: filled up to `capacity`, then overwritten oldest first at `#head`. */
  // Stryker disable next-line ArrayDeclaration: a stand-in first element is overwritten by the first event (#head starts at 0) and never read before (#count is 0)
  readonly #ring: ChromeTraceEvent[] = []
  /** Where the next event goes. */
  #head = 0
  #count = 0
  #dropped = 0
  #scheduler: Scheduler | null = null
  // Stryker disable next-line BooleanLiteral: attach sets it before anything reads it (toJSON reads it only once a loop is attached; the hooks are called by that loop)
  #virtual = false
  /** The end of the last step (µs); the next step starts no earlier (on the virtual clock, where a step takes no time, that sets the steps of one instant side by side). */
  #cursor = 0
  #nextTid = 1
  #nextFlow = 1
  readonly #tids = new WeakMap<object, number>()
  /**
   * Track names; pruned to the tracks the ring still mentions when it grows past them, so a
   * program that spawns without end keeps bounded memory. A track gets its name again with its
   * next event (`#tidOf`, `woke`), so a fiber still alive never shows up unnamed.
   */
  readonly #names = new Map<number, string>()
  /** Flow arrows whose head lands on a fiber's next step. */
  readonly #incoming = new Map<object, { readonly kind: 'spawn' | 'wake'; readonly id: number }>()
  /** Where and when each future or fiber completed, for the arrows to those it wakes. */
  readonly #completions = new WeakMap<object, { readonly tid: number; readonly ts: number; readonly name: string }>()
  readonly #waits = new Map<Fiber, OpenWait>()
  // the step being recorded (steps never nest)
  #stepFiber: Fiber | null = null
  #stepTid = 0
  #stepTs = 0
  #stepName: string | undefined = undefined

  constructor(options: TraceRecorderOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError(`new TraceRecorder(options): options must be an object, got ${describeValue(options)}`)
    const { capacity = 100_000 } = options
    // Number.isInteger is false for anything but a number, so this refuses '10' and 10n too
    if (!Number.isInteger(capacity)) throw new TypeError(`new TraceRecorder: capacity must be an integer, got ${describeValue(capacity)}`)
    if (capacity < 1) throw new RangeError(`new TraceRecorder: capacity must be at least 1, got ${capacity}`)
    if (capacity > MAX_CAPACITY) throw new RangeError(`new TraceRecorder: capacity must be at most ${MAX_CAPACITY} (an array's length), got ${capacity}`)
    this.capacity = capacity
    this.#names.set(LOOP_TID, 'loop')
  }

  /** How many events the ring dropped to stay within `capacity`. */
  get dropped(): number {
    return this.#dropped
  }

  /**
   * The events, oldest first (by `ts`), after one metadata event naming each track they
   * mention; a fiber still waiting shows its wait up to the loop's current time.
   *
   * @example
   * const recorder = new TraceRecorder()
   * runSync(Task.sleep(10), { trace: recorder })
   * recorder.events().filter((e) => e.cat === 'step').map((e) => e.name) // → ['main', 'main']
   */
  events(): ChromeTraceEvent[] {
    const kept: ChromeTraceEvent[] = []
    const n = this.#count
    const start = (this.#head - n + this.capacity) % this.capacity
    for (let i = 0; i < n; i++) kept.push(this.#ring[(start + i) % this.capacity]!)
    const now = this.#scheduler === null ? 0 : this.#instantTs()
    for (const [fiber, wait] of this.#waits) kept.push(this.#waitSlice(this.#tidOf(fiber), wait, now, true))
    kept.sort((a, b) => a.ts! - b.ts!)
    const tids = new Set<number>([LOOP_TID])
    for (const e of kept) tids.add(e.tid)
    const meta: ChromeTraceEvent[] = [{ name: 'process_name', ph: 'M', pid: PID, tid: LOOP_TID, args: { name: 'taskloop' } }]
    for (const tid of [...tids].sort((a, b) => a - b)) {
      // Stryker disable next-line StringLiteral: no program sees it: every event names its track as it is recorded, and pruning keeps the names of the tracks kept events mention
      const name = this.#names.get(tid) ?? `fiber ${tid}`
      meta.push({ name: 'thread_name', ph: 'M', pid: PID, tid, args: { name } })
      meta.push({ name: 'thread_sort_index', ph: 'M', pid: PID, tid, args: { sort_index: tid } })
    }
    return [...meta, ...kept]
  }

  /**
   * The trace file's content: `JSON.stringify(recorder)` calls this.
   *
   * @example
   * const recorder = new TraceRecorder({ capacity: 1000 })
   * runSync(Task.sleep(10), { trace: recorder })
   * recorder.toJSON().otherData // → { clock: 'virtual', capacity: 1000, dropped: 0 }
   */
  toJSON(): ChromeTrace {
    const clock = this.#scheduler === null ? 'none' : this.#virtual ? 'virtual' : 'real'
    return { traceEvents: this.events(), displayTimeUnit: 'ms', otherData: { clock, capacity: this.capacity, dropped: this.#dropped } }
  }

  /** @example String(new TraceRecorder()) // → 'TraceRecorder<0 events>' */
  toString(): string {
    return `TraceRecorder<${this.#count} events${this.#dropped > 0 ? `, ${this.#dropped} dropped` : ''}>`
  }

  // ---- the hooks the interpreter calls (only when a recorder is attached) -----------------

  /** Binds the recorder to the loop it records; a recorder records one loop (each loop attaches its recorder once, when it is made). @internal */
  attach(scheduler: Scheduler): void {
    if (this.#scheduler !== null) {
      throw new InvalidStateError('new Loop: this TraceRecorder already records another loop; give each loop a recorder of its own')
    }
    this.#scheduler = scheduler
    this.#virtual = scheduler.clock.kind === 'virtual'
  }

  /** A fiber was created (by `loop.current`, or outside any fiber). @internal */
  spawned(fiber: Fiber): void {
    const tid = this.#nextTid++
    this.#tids.set(fiber, tid)
    this.#names.set(tid, fiber.name)
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: when pruning runs changes memory and time only: it forgets no name a kept event needs, and a track's next event names it again
    if (this.#names.size > 2 * this.capacity + 64) this.#pruneNames()
    const parent = this.#scheduler!.current as Fiber | null
    this.#arrow('spawn', parent === null ? LOOP_TID : this.#tidOf(parent), this.#instantTs(), fiber)
  }

  /** A fiber's step begins; `cancelDelivered`: it resumes with a `CancelledError`. @internal */
  stepStart(fiber: Fiber, cancelDelivered: boolean): void {
    const tid = this.#tidOf(fiber)
    const ts = this.#instantTs()
    const wait = this.#waits.get(fiber)
    if (wait !== undefined) {
      this.#waits.delete(fiber)
      this.#push(this.#waitSlice(tid, wait, ts, false))
    }
    const flow = this.#incoming.get(fiber)
    if (flow !== undefined) {
      this.#incoming.delete(fiber)
      this.#push({ name: flow.kind, cat: flow.kind, ph: 'f', bp: 'e', id: flow.id, ts, pid: PID, tid })
    }
    if (cancelDelivered) this.#push({ name: 'cancel delivered', cat: 'cancel', ph: 'i', s: 't', ts, pid: PID, tid })
    this.#stepFiber = fiber
    this.#stepTid = tid
    this.#stepTs = ts
    this.#stepName = fiber.innermostCoroutine()
  }

  /** The step that `stepStart` began has ended: suspended, ceded or done. @internal */
  stepEnd(fiber: Fiber): void {
    const start = this.#stepTs
    const end = this.#virtual ? start + 1 : this.#now()
    this.#cursor = end
    const path = fiber.coroutinePath()
    const name = this.#stepName ?? fiber.innermostCoroutine() ?? fiber.name
    const args: Record<string, unknown> = { fiber: fiber.name }
    if (path.length > 0) args['coroutines'] = path.join(' > ')
    this.#push({ name, cat: 'step', ph: 'X', ts: start, dur: end - start, pid: PID, tid: this.#stepTid, args })
    if (fiber.state !== State.Pending) {
      const ending = fiber.state === State.Succeeded ? 'succeeded' : fiber.state === State.Failed ? 'failed' : 'cancelled'
      const endArgs = fiber.state === State.Failed ? { error: errorText(fiber.settled) } : fiber.state === State.Cancelled ? { message: (fiber.settled as Error).message } : undefined
      this.#push({ name: ending, cat: 'fiber', ph: 'i', s: 't', ts: start, pid: PID, tid: this.#stepTid, ...(endArgs === undefined ? {} : { args: endArgs }) })
    } else {
      const waits = fiber.describeWait()
      if (!waits.startsWith('nothing')) this.#waits.set(fiber, { ts: end, label: waits })
    }
    this.#stepFiber = null
    this.#stepName = undefined
  }

  /** A fiber or future completed (or a waiter-list place was woken): its awaiters' wake arrows start here. @internal */
  settled(future: object): void {
    const current = this.#stepFiber
    const ts = this.#instantTs()
    this.#completions.set(future, current === null ? { tid: LOOP_TID, ts, name: 'loop' } : { tid: this.#stepTid, ts, name: current.name })
  }

  /** `fiber` is woken by the completion of `future` (it steps right after). @internal */
  woke(fiber: Fiber, future: object): void {
    const from = this.#completions.get(future)
    // Stryker disable next-line ConditionalExpression: → false is equivalent for every program (the recorder is attached before the loop's first fiber, so every future that wakes one was recorded as it settled); → true is killed by trace.test.ts's wake arrows and ignored with it
    if (from === undefined) return
    const id = this.#nextFlow++
    // the completer may have ended, its track's name pruned since: the arrow's tail names it again
    this.#names.set(from.tid, from.name)
    this.#push({ name: 'wake', cat: 'wake', ph: 's', id, ts: from.ts, pid: PID, tid: from.tid })
    this.#incoming.set(fiber, { kind: 'wake', id })
  }

  /** A cancel request reached `fiber` (directly, or through what awaited it). @internal */
  cancelRequested(fiber: Fiber, message: string | undefined): void {
    const by = this.#stepFiber
    const args: Record<string, unknown> = { by: by === null ? 'outside any fiber' : by.name }
    if (message !== undefined) args['message'] = message
    this.#push({ name: 'cancel requested', cat: 'cancel', ph: 'i', s: 't', ts: this.#instantTs(), pid: PID, tid: this.#tidOf(fiber), args })
  }

  /** A timer fell due (a sleep, or a `callLater`/`callAt` callback; the heap never hands out a cancelled one). @internal */
  timerDue(timer: Timer): void {
    const ts = this.#instantTs()
    if (timer instanceof SleepTimer) {
      // the sleeping fiber is the timer's (a private field of the wait, read here only)
      const fiber = (timer as unknown as { fiber: Fiber }).fiber
      this.#push({ name: 'timer', cat: 'timer', ph: 'i', s: 't', ts, pid: PID, tid: this.#tidOf(fiber), args: { sleep: `until ${timer.when} ms` } })
    } else this.#push({ name: 'timer', cat: 'timer', ph: 'i', s: 't', ts, pid: PID, tid: LOOP_TID, args: { callback: `at ${timer.when} ms` } })
  }

  // ---- inside ------------------------------------------------------------------------------

  #push(event: ChromeTraceEvent): void {
    // the ring grows as events come, up to `capacity` (while it fills, `#head` is its length, so
    // this appends): a large bound costs nothing until used
    this.#ring[this.#head] = event
    this.#head = (this.#head + 1) % this.capacity
    if (this.#count < this.capacity) this.#count++
    else this.#dropped++
  }

  /** The loop's time in µs (to the nanosecond on the real clock). */
  #now(): number {
    return Math.round(this.#scheduler!.clock.now() * 1e6) / 1000
  }

  /**
   * The time of an instant or of a step's start: now, never before the end of the last step.
   * On the virtual clock that puts the steps of one instant side by side, and an instant inside
   * a step at the step's start (virtual time stands still during a step); on the real clock the
   * last step ended at an earlier reading of a monotonic clock, so it is simply now.
   */
  #instantTs(): number {
    return Math.max(this.#cursor, this.#now())
  }

  #tidOf(fiber: Fiber): number {
    let tid = this.#tids.get(fiber)
    // Stryker disable next-line BlockStatement,ConditionalExpression: no program reaches it (a loop attaches its recorder when it is made, before it has a fiber, and the hooks name only that loop's fibers); kept so a fiber the recorder never saw born still gets a track
    if (tid === undefined) {
      // a fiber created before the recorder was attached
      // Stryker disable next-line UpdateOperator: the block is unreachable, as above
      tid = this.#nextTid++
      this.#tids.set(fiber, tid)
    }
    // every event on a fiber's track comes through here: its name again, if pruning forgot it
    this.#names.set(tid, fiber.name)
    return tid
  }

  /** An arrow from (`tid`, `ts`) to `to`'s next step. */
  #arrow(kind: 'spawn', tid: number, ts: number, to: Fiber): void {
    const id = this.#nextFlow++
    this.#push({ name: kind, cat: kind, ph: 's', id, ts, pid: PID, tid })
    this.#incoming.set(to, { kind, id })
  }

  /** A wait's slice, named after what the fiber waits on (`describeWait`); `args.open` while it lasts. */
  #waitSlice(tid: number, wait: OpenWait, end: number, open: boolean): ChromeTraceEvent {
    const slice: ChromeTraceEvent = { name: wait.label, cat: 'wait', ph: 'X', ts: wait.ts, dur: end - wait.ts, pid: PID, tid }
    return open ? { ...slice, args: { open: true } } : slice
  }

  /** Forgets the names of tracks no kept event mentions (the ring moved past them). */
  #pruneNames(): void {
    const used = new Set<number>([LOOP_TID])
    for (const e of this.#ring) used.add(e.tid)
    for (const fiber of this.#waits.keys()) used.add(this.#tidOf(fiber))
    for (const tid of this.#names.keys()) if (!used.has(tid)) this.#names.delete(tid)
  }
}

Object.defineProperty(TraceRecorder.prototype, TRACE_RECORDER_BRAND, { value: true })

/** The recorder has every hook the loop calls (checked here: its hooks are internal, so the published class does not declare it). */
// Stryker disable next-line ArrowFunction: a check for the compiler only; never called
const asHooks = (recorder: TraceRecorder): TraceHooks => recorder
void asHooks
