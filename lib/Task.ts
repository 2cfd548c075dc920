/**
 * `Task<E, A>`: a description of a computation that succeeds with `A`, fails with `E`, or is
 * cancelled — asyncio's coroutine as a pure value. Nothing runs until a `Loop` runs it
 * (`run`, `runSync`, `loop.runUntilComplete`); running the same value twice runs it twice.
 *
 * Functions are data-last for fp-ts's `pipe`; task values also have a `.pipe(...)` method
 * and can be awaited with `yield*` inside `Task.gen`. For how a run ended, see `Outcome`.
 *
 * @module
 */
export type { Task, Poll } from './runtime/kernel.js'
export type { Awaitable, ErrorOf, ValueOf } from './runtime/kernel.js'
export * from './task/constructors.js'
export * from './task/sequencing.js'
export * from './task/finalization.js'
export * from './concurrency/fibers.js'
export { gather } from './concurrency/gather.js'
export type { GatherOptions } from './concurrency/gather.js'
export { decode } from './decode.js'
export type { Codec, DecodeIssue } from './decode.js'
export * from './instances.js'
export * from './task/do.js'
export * from './task/traverse.js'
export { fromIO, fromTask, fromEither, fromTaskEither, toTaskEither } from './conversions.js'
export { shield } from './concurrency/shield.js'
export { timeout, waitFor } from './concurrency/timeout.js'
export { wait, asCompleted } from './concurrency/wait.js'
export type { WaitOptions, WaitResult, ReturnWhen, AsCompletedOptions, FiberOf } from './concurrency/wait.js'
export { race } from './concurrency/race.js'
export { taskGroup } from './concurrency/taskGroup.js'
export { retry, repeat } from './task/retry.js'
export * from './task/refine.js'
export * from './task/control.js'
export { traceback } from './task/traceback.js'
export type { TaskGroup } from './concurrency/taskGroup.js'
