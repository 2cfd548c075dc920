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
import { installShapeKeeper } from './shapes.js'

installShapeKeeper()

export * as Task from './Task.js'
export * as Outcome from './Outcome.js'
export * as Schedule from './Schedule.js'
export { Loop, SLICE_MS } from './Loop.js'
export type { LoopOptions } from './Loop.js'
export { Fiber } from './runtime/kernel.js'
export { Future } from './Future.js'
export type { ExceptionContext, ExceptionHandler, Handle, TimerHandle } from './runtime/kernel.js'
export { run, runSync, getEventLoop } from './run.js'
export type { RunOptions } from './run.js'
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
} from './errors.js'
export { Queue, LifoQueue, PriorityQueue, Lock, Event, Semaphore, BoundedSemaphore, Condition, Barrier } from './sync/index.js'
export type { QueueOptions, PriorityQueueOptions } from './sync/index.js'
