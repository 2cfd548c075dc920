/**
 * The errors taskloop throws, one class per asyncio exception it mirrors.
 *
 * Every class is recognisable with `instanceof` even when the ESM and the CJS build of
 * taskloop are both loaded in one process: `instanceof` asks for a brand (a registered
 * symbol, the same in every copy) instead of comparing prototypes.
 *
 * `CancelledError` is special: it is how cancellation travels through a coroutine (as in
 * asyncio, where it derives from `BaseException`). The combinators `catchAll`, `mapError`,
 * `either` and `match` never see it; only a `gen` coroutine's own `catch` can.
 *
 * @module
 */

const brandOf = (name: string): symbol => Symbol.for(`taskloop/${name}`)

/** True when `value` carries the brand of the error class named `name`. */
const hasBrand = (value: unknown, brand: symbol): boolean =>
  typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true

const CANCELLED = brandOf('CancelledError')

/**
 * Cancellation, delivered at a suspension point (asyncio's `CancelledError`).
 *
 * @example
 * const t = Task.gen(function* () {
 *   try { yield* Task.sleep(1000) } catch (e) { if (e instanceof CancelledError) console.log('cleanup') ; throw e }
 * })
 */
export class CancelledError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, CANCELLED)
  }
  constructor(message?: string) {
    super(message ?? '')
    this.name = 'CancelledError'
  }
}
Object.defineProperty(CancelledError.prototype, CANCELLED, { value: true })

/** Fast internal check used on the interpreter's hot path. @internal */
export const isCancelledError = (value: unknown): value is CancelledError => hasBrand(value, CANCELLED)

/**
 * Declares an error class whose `instanceof` works across copies of the library.
 * Each class gets its own brand, so a subclass check never matches a sibling.
 */
const branded = <C extends abstract new (...args: never[]) => Error>(cls: C, name: string): C => {
  const brand = brandOf(name)
  Object.defineProperty(cls.prototype, brand, { value: true })
  Object.defineProperty(cls, Symbol.hasInstance, { value: (v: unknown) => hasBrand(v, brand) })
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true })
  return cls
}

/** A deadline passed: `waitFor`, `timeout`, `asCompleted` (Python's `TimeoutError`). */
export class TimeoutError extends Error {}
branded(TimeoutError, 'TimeoutError')

/** An object was used in a state that does not allow it (asyncio's `InvalidStateError`, and `RuntimeError` on an object's state). */
export class InvalidStateError extends Error {}
branded(InvalidStateError, 'InvalidStateError')

/** The event loop was misused (asyncio's `RuntimeError` from the loop). The loop is left unchanged. */
export class LoopError extends Error {}
branded(LoopError, 'LoopError')

/** `getNowait()` on an empty queue. */
export class QueueEmpty extends Error {}
branded(QueueEmpty, 'QueueEmpty')

/** `putNowait()` on a full queue. */
export class QueueFull extends Error {}
branded(QueueFull, 'QueueFull')

/** A queue operation after `shutdown()`. */
export class QueueShutDown extends Error {}
branded(QueueShutDown, 'QueueShutDown')

/** A `Barrier` was reset or aborted while a party waited. */
export class BrokenBarrierError extends Error {}
branded(BrokenBarrierError, 'BrokenBarrierError')

/** io-ts decoding failed; the message names every failing path. */
export class DecodeError extends Error {
  constructor(
    message: string,
    /** One line per failing path. */
    readonly paths: ReadonlyArray<string> = [],
  ) {
    super(message)
  }
}
branded(DecodeError, 'DecodeError')

/** Several failures at once: `taskGroup` (asyncio's `ExceptionGroup`). */
export class ExceptionGroup extends AggregateError {
  constructor(errors: Iterable<unknown>, message = 'unhandled errors in a task group') {
    super(errors, message)
  }
}
branded(ExceptionGroup, 'ExceptionGroup')

/** A "cannot happen" path happened: a bug in taskloop. @internal */
export const absurd = (value: never, where: string): never => {
  throw new Error(`BUG: taskloop ${where} reached an impossible case (${String((value as { _tag?: unknown })?._tag ?? value)}); please report it`)
}
