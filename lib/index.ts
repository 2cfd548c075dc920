/**
 * taskloop: Python's asyncio as a functional effect system.
 *
 * - `Task` — pure task values and their combinators (a namespace: `Task.gen`, `Task.sleep`, …).
 * - `Loop` — the interpreter; `run`, `runSync`, `getEventLoop` drive one.
 * - `Fiber`, `Future` — running tasks and one-shot results.
 * - `Outcome` — how a run ended.
 * - `Schedule` — when `Task.retry` / `Task.repeat` run a task again.
 * - the errors.
 *
 * @module
 */
import * as Task from './Task.js'
import * as Outcome from './Outcome.js'

/**
 * `Task<E, A>`: a description of a computation that succeeds with `A`, fails with `E`, or is
 * cancelled; and, as a namespace, its constructors and combinators (`Task.gen`, `Task.map`, …).
 * The type is `Task.Task<E, A>` too.
 *
 * @example
 * const greet: Task<never, string> = Task.map((n: number) => `hello ${n}`)(Task.of(1))
 */
type Task<E, A> = Task.Task<E, A>

/**
 * `Outcome<E, A>`: how a run ended — `Succeeded`, `Failed` or `Cancelled`; and, as a
 * namespace, its constructors and `Outcome.match`. The type is `Outcome.Outcome<E, A>` too.
 *
 * @example
 * const o: Outcome<string, number> = runSync(Task.of(1)) // → { _tag: 'Succeeded', value: 1 }
 */
type Outcome<E, A> = Outcome.Outcome<E, A>

// A namespace and a type of the same name: `Task.map(f)` and `Task<E, A>` both work.
export { Task, Outcome }
// `Schedule` as a namespace re-exported as such (a consumer's declaration emit names it through
// `taskloop`), and as a type of the same name, whose doc comment is what a hover on either shows.
export * as Schedule from './Schedule.js'
/**
 * `Schedule<I>`: when `Task.retry` / `Task.repeat` run a task again, and after what delay — a
 * policy whose drivers take inputs `I` (failures for `retry`, values for `repeat`); and, as a
 * namespace, its constructors (`Schedule.spaced`, `Schedule.exponential`, …) and combinators
 * (`Schedule.both`, `Schedule.jittered`, …). The type is `Schedule.Schedule<I>` too.
 *
 * @example
 * const backoff: Schedule = pipe(Schedule.exponential(100), Schedule.both(Schedule.recurs(5)))
 * pipe(Task.fail(new Error('down')), Task.retry(backoff))
 */
export type Schedule<I = unknown> = import('./Schedule.js').Schedule<I>
// Every type a public function takes or returns, by name, so that a consumer's declaration
// emit can name it (`export const w = Task.wait(…)` under `declaration: true`).
export type { AnyAwaitable, Awaitable, ErrorOf, ValueOf, Poll, FutureBase } from './runtime/kernel.js'
export type { Succeeded, Failed, Cancelled } from './Outcome.js'
export type { GatherOptions } from './concurrency/gather.js'
export type { Codec, DecodeIssue } from './decode.js'
export type { WaitOptions, WaitResult, ReturnWhen, AsCompletedOptions, FiberOf } from './concurrency/wait.js'
export type { TaskGroup } from './concurrency/taskGroup.js'
export { Loop, SLICE_MS } from './Loop.js'
export type { LoopOptions } from './Loop.js'
export { Fiber } from './runtime/kernel.js'
export { Future } from './Future.js'
export type { ExceptionContext, ExceptionHandler, Handle, TimerHandle } from './runtime/kernel.js'
export { TraceRecorder } from './runtime/kernel.js'
export { ContextVar, Context, Token } from './ContextVar.js'
export type { ContextVarOptions } from './ContextVar.js'
export type { ChromeTrace, ChromeTraceEvent, TraceRecorderOptions, FiberSnapshot, LoopSnapshot, WaitKind, WaitSnapshot } from './runtime/kernel.js'
export { run, runSync, getEventLoop } from './run.js'
export type { RunOptions, RunSyncOptions } from './run.js'
export type { SignalName } from './signals.node.js'
export { toPromise } from './toPromise.js'
export type { ToPromiseOptions } from './toPromise.js'
export {
  CancelledError,
  TimeoutError,
  InvalidStateError,
  LoopError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  BrokenBarrierError,
  DecodeError,
  ExceptionGroup,
  LookupError,
} from './errors.js'
export { Queue, LifoQueue, PriorityQueue, Lock, Event, Semaphore, BoundedSemaphore, Condition, Barrier } from './sync/index.js'
export type { QueueOptions, PriorityQueueOptions } from './sync/index.js'
