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
 * Marks a new error with its class's brand and name. Called from each constructor (not once
 * per class at load time), so an error class nobody uses is a plain class declaration that a
 * bundler can drop. Each class has its own brand, so a subclass check never matches a sibling.
 */
const brand = (error: Error, brand: symbol, name: string): void => {
  Object.defineProperty(error, brand, { value: true })
  Object.defineProperty(error, 'name', { value: name, writable: true, configurable: true })
}

/**
 * A deadline passed: `waitFor`, `timeout`, `asCompleted` (Python's `TimeoutError`).
 *
 * @example
 * const late = runSync(Task.waitFor(Task.sleep(100), 10))
 * late._tag === 'Failed' && late.error instanceof TimeoutError // → true
 */
export class TimeoutError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, TimeoutError_BRAND)
  }
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    brand(this, TimeoutError_BRAND, 'TimeoutError')
  }
}
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (errors.test.ts: instanceof holds for its own class only)
const TimeoutError_BRAND = /* @__PURE__ */ brandOf('TimeoutError')

/**
 * An object was used in a state that does not allow it (asyncio's `InvalidStateError`, and `RuntimeError` on an object's state).
 *
 * @example
 * const lock = new Lock()
 * try { lock.release() } catch (e) { console.log(e instanceof InvalidStateError) } // prints true
 */
export class InvalidStateError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, InvalidStateError_BRAND)
  }
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    brand(this, InvalidStateError_BRAND, 'InvalidStateError')
  }
}
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (errors.test.ts: instanceof holds for its own class only)
const InvalidStateError_BRAND = /* @__PURE__ */ brandOf('InvalidStateError')

/**
 * The event loop was misused (asyncio's `RuntimeError` from the loop). The loop is left unchanged.
 *
 * @example
 * const nested = runSync(Task.sync(() => runSync(Task.of(1))))
 * nested._tag === 'Failed' && (nested.error as unknown) instanceof LoopError // → true
 */
export class LoopError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, LoopError_BRAND)
  }
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    brand(this, LoopError_BRAND, 'LoopError')
  }
}
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (errors.test.ts: instanceof holds for its own class only)
const LoopError_BRAND = /* @__PURE__ */ brandOf('LoopError')

/**
 * `getNowait()` on an empty queue.
 *
 * @example
 * try { new Queue<number>().getNowait() } catch (e) { console.log(e instanceof QueueEmpty) } // prints true
 */
export class QueueEmpty extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, QueueEmpty_BRAND)
  }
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    brand(this, QueueEmpty_BRAND, 'QueueEmpty')
  }
}
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (errors.test.ts: instanceof holds for its own class only)
const QueueEmpty_BRAND = /* @__PURE__ */ brandOf('QueueEmpty')

/**
 * `putNowait()` on a full queue.
 *
 * @example
 * const q = new Queue<number>({ maxsize: 1 })
 * q.putNowait(1)
 * try { q.putNowait(2) } catch (e) { console.log(e instanceof QueueFull) } // prints true
 */
export class QueueFull extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, QueueFull_BRAND)
  }
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    brand(this, QueueFull_BRAND, 'QueueFull')
  }
}
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (errors.test.ts: instanceof holds for its own class only)
const QueueFull_BRAND = /* @__PURE__ */ brandOf('QueueFull')

/**
 * A queue operation after `shutdown()`.
 *
 * @example
 * const q = new Queue<number>()
 * q.shutdown()
 * const put = runSync(q.put(1))
 * put._tag === 'Failed' && put.error instanceof QueueShutDown // → true
 */
export class QueueShutDown extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, QueueShutDown_BRAND)
  }
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    brand(this, QueueShutDown_BRAND, 'QueueShutDown')
  }
}
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (errors.test.ts: instanceof holds for its own class only)
const QueueShutDown_BRAND = /* @__PURE__ */ brandOf('QueueShutDown')

/**
 * A `Barrier` was reset or aborted while a party waited.
 *
 * @example
 * const barrier = new Barrier(2)
 * const waited = runSync(Task.gen(function* () {
 *   const w = yield* Task.spawn(barrier.wait())
 *   yield* Task.cede
 *   barrier.abort()
 *   return yield* Task.either(Task.join(w))
 * }))
 * waited._tag === 'Succeeded' && waited.value._tag === 'Left' && waited.value.left instanceof BrokenBarrierError // → true
 */
export class BrokenBarrierError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, BrokenBarrierError_BRAND)
  }
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    brand(this, BrokenBarrierError_BRAND, 'BrokenBarrierError')
  }
}
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (errors.test.ts: instanceof holds for its own class only)
const BrokenBarrierError_BRAND = /* @__PURE__ */ brandOf('BrokenBarrierError')

/**
 * io-ts decoding failed; the message names every failing path.
 *
 * @example
 * const bad = runSync(Task.decode({ name: 'number', decode: (u) => (typeof u === 'number' ? { _tag: 'Right', right: u } : { _tag: 'Left', left: [{ value: u, context: [] }] }) })('x'))
 * bad._tag === 'Failed' && bad.error instanceof DecodeError // → true
 */
export class DecodeError extends Error {
  constructor(
    message: string,
    /** One line per failing path. */
    readonly paths: ReadonlyArray<string> = [],
  ) {
    super(message)
    brand(this, DecodeError_BRAND, 'DecodeError')
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, DecodeError_BRAND)
  }
}
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (errors.test.ts: instanceof holds for its own class only)
const DecodeError_BRAND = /* @__PURE__ */ brandOf('DecodeError')

/**
 * Several failures at once: `taskGroup` (asyncio's `ExceptionGroup`).
 *
 * @example
 * const group = runSync(Task.taskGroup((tg) => tg.spawn(Task.fail(new Error('boom')))))
 * group._tag === 'Failed' && group.error instanceof ExceptionGroup // → true
 */
export class ExceptionGroup extends AggregateError {
  constructor(errors: Iterable<unknown>, message = 'unhandled errors in a task group') {
    super(errors, message)
    brand(this, ExceptionGroup_BRAND, 'ExceptionGroup')
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, ExceptionGroup_BRAND)
  }
}
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (errors.test.ts: instanceof holds for its own class only)
const ExceptionGroup_BRAND = /* @__PURE__ */ brandOf('ExceptionGroup')

/** A "cannot happen" path happened: a bug in taskloop. @internal */
export const absurd = (value: never, where: string): never => {
  throw new Error(`BUG: taskloop ${where} reached an impossible case (${String((value as { _tag?: unknown })?._tag ?? value)}); please report it`)
}

/**
 * `contextVar.get` found no value and the variable has no default (Python's `LookupError`).
 *
 * @example
 * const user = new ContextVar<string>('user')
 * const o: Outcome<unknown, string> = runSync(user.get)
 * o._tag === 'Failed' && o.error instanceof LookupError // → true
 */
export class LookupError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, LookupError_BRAND)
  }
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    brand(this, LookupError_BRAND, 'LookupError')
  }
}
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (errors.test.ts: instanceof holds for its own class only)
const LookupError_BRAND = /* @__PURE__ */ brandOf('LookupError')
