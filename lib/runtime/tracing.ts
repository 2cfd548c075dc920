/**
 * What the interpreter knows of a timeline recorder: the hooks it calls, and how it recognises
 * one. The recorder itself (`trace.ts`) is loaded only by a program that makes one, so a
 * program that never traces carries none of it (the bundle of `runSync` stays small); a loop
 * without a recorder pays one null check per hook.
 *
 * @module
 */
import type { Fiber } from './fiber.js'
import type { FutureBase } from './future.js'
import type { Scheduler, Timer } from './scheduler.js'

/** Marks a `TraceRecorder`: a registered symbol, the same in every copy of taskloop. */
export const TRACE_RECORDER_BRAND: unique symbol = Symbol.for('taskloop/TraceRecorder')

/**
 * The hooks a loop calls while a recorder is attached (see `trace.ts` for what each records).
 *
 * @example
 * const none: TraceHooks | null = checkRecorder('new Loop', undefined, String) // no recorder: no hooks
 */
export interface TraceHooks {
  attach(scheduler: Scheduler): void
  spawned(fiber: Fiber): void
  stepStart(fiber: Fiber, cancelDelivered: boolean): void
  stepEnd(fiber: Fiber): void
  /** `waker` is a future, or a `ParkedWait` woken directly. */
  settled(waker: object): void
  woke(fiber: Fiber, waker: object): void
  cancelRequested(fiber: Fiber, message: string | undefined): void
  timerDue(timer: Timer): void
}

/**
 * Checks a `trace` option: a `TraceRecorder` (recognised by its brand) or nothing; anything
 * else is a `TypeError` naming what was given.
 *
 * @example
 * checkRecorder('new Loop', undefined, String) // → null
 */
export const checkRecorder = (who: string, trace: unknown, describe: (value: unknown) => string): TraceHooks | null => {
  if (trace === undefined || trace === null) return null
  if (!isRecorder(trace)) throw new TypeError(`${who}: trace must be a TraceRecorder, got ${describe(trace)}`)
  return trace
}

/**
 * True for a `TraceRecorder` (of any copy of taskloop).
 *
 * @example
 * isRecorder({}) // → false
 */
export const isRecorder = (value: unknown): value is TraceHooks =>
  typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TRACE_RECORDER_BRAND] === true
