/**
 * Brands: how taskloop tells what a value *is* without `instanceof`.
 *
 * A process may load two copies of taskloop at once — a dependency `require`s the CJS build
 * while the app `import`s the ESM build — and a task, fiber or future made by one copy must
 * work with every function of the other. `instanceof` compares prototypes, which differ
 * between copies; a brand is a property under a registered symbol (`Symbol.for`), the same
 * in every copy. Task values carry theirs on their shared prototype (`TASK_BRAND` in `primitive.ts`);
 * futures, fibers and loops carry theirs on their prototypes, set here. Errors do the same
 * (`errors.ts`).
 *
 * The copies also share one record of which loop is executing an iteration (`shared`), so
 * that `getEventLoop()` and the "cannot run a loop inside a running loop" check see a loop
 * driven by the other copy.
 *
 * Both copies must be the same version of taskloop: the brands say *what* a value is, and
 * the copies then rely on each other's internals.
 *
 * @module
 */
import type { Fiber } from './fiber.js'
import type { FutureBase } from './future.js'

// Stryker disable StringLiteral: the three registered names below run once, when the module is imported, where Stryker's per-test switch cannot reach them; each is killed when planted by hand (brands.test.ts: another copy's values are recognised by the registered symbols)
/** Carried (as `true`) by every `Future` and `Fiber`. */
export const FUTURE_BRAND: unique symbol = Symbol.for('taskloop/Future')
/** Carried (as `true`) by every `Fiber`. */
export const FIBER_BRAND: unique symbol = Symbol.for('taskloop/Fiber')
/** Carried (as `true`) by every `Loop`. */
export const LOOP_BRAND: unique symbol = Symbol.for('taskloop/Loop')
// Stryker restore StringLiteral

/**
 * Marks a class's instances with the brand `key` (a property on its prototype).
 *
 * @example
 * brand(Loop, LOOP_BRAND)
 */
export const brand = (cls: { readonly prototype: object }, key: symbol): void => {
  Object.defineProperty(cls.prototype, key, { value: true })
}

/**
 * True for a `Future` or a `Fiber` of any copy of taskloop.
 *
 * @example
 * isFutureValue(loop.createFuture()) // true
 */
// each check reads its own constant key (one shared helper taking the key would make that
// one property read see every brand, and slow it down on the paths that ask per child)
export const isFutureValue = (u: unknown): u is FutureBase<any, any> =>
  u !== null && typeof u === 'object' && (u as { [FUTURE_BRAND]?: unknown })[FUTURE_BRAND] === true

/**
 * True for a `Fiber` of any copy of taskloop.
 *
 * @example
 * isFiberValue(loop.createTask(Task.unit)) // true
 */
export const isFiberValue = (u: unknown): u is Fiber<any, any> =>
  u !== null && typeof u === 'object' && (u as { [FIBER_BRAND]?: unknown })[FIBER_BRAND] === true

/**
 * True for a `Loop` of any copy of taskloop.
 *
 * @example
 * isLoopValue(new Loop()) // true
 */
export const isLoopValue = (u: unknown): boolean =>
  u !== null && typeof u === 'object' && (u as { [LOOP_BRAND]?: unknown })[LOOP_BRAND] === true

/** What the copies of taskloop in one process share: the loop executing an iteration. */
export interface SharedRuntime {
  executing: unknown
}

// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (brands.test.ts: the loop executing an iteration is recorded under the registered symbol)
const SHARED_KEY = Symbol.for('taskloop/shared-runtime')

/** The one record every copy uses (created by whichever copy loads first). */
export const shared: SharedRuntime = ((globalThis as Record<symbol, unknown>)[SHARED_KEY] ??= { executing: null }) as SharedRuntime
