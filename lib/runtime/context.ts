/**
 * Where context variables (`ContextVar`, asyncio's `contextvars`) live while a loop runs
 * (ASYNCIO.md R29):
 *
 * - each fiber holds one immutable map from variable to value (`fiber.context`). A new fiber
 *   starts with its creator's map — the pointer is copied, never the map — and a `set` replaces
 *   the fiber's map with a copy that differs in one entry (copy-on-write), so no fiber ever
 *   sees another's change;
 * - code outside any fiber (a callback) runs in an *ambient* context: the one captured when the
 *   callback was registered (`bindContext`), so a fiber it creates starts from that context.
 *
 * @module
 */

/** A fiber's context variables: an immutable map from variable to value, shared by pointer. */
export type ContextValues = ReadonlyMap<object, unknown>

/** The context of a fiber nobody gave a variable to. */
export const EMPTY_CONTEXT: ContextValues = new Map()

/** The context of the callback running now (outside any fiber's step). */
let ambient: ContextValues = EMPTY_CONTEXT

/**
 * The context of the code running now on `loop`: the stepping fiber's, or outside any fiber
 * the ambient one.
 *
 * @example
 * const creatorContext = (loop: { readonly current: unknown }) => currentContext(loop)
 */
export const currentContext = (loop: { readonly current: unknown }): ContextValues => {
  const fiber = loop.current as { readonly context: ContextValues } | null
  return fiber !== null ? fiber.context : ambient
}

const ORIGINAL = Symbol('taskloop/contextBound')

type Bound = ((...args: never[]) => unknown) & { [ORIGINAL]?: unknown }

/**
 * `callback`, made to run in the context current now (asyncio's `Handle` with its `context`):
 * itself when that context is empty, which is the usual case and costs nothing.
 *
 * @example
 * const later = (loop: { readonly current: unknown }, cb: () => void) => bindContext(loop, cb)
 */
export const bindContext = <F extends (...args: never[]) => unknown>(loop: { readonly current: unknown }, callback: F): F => {
  const context = currentContext(loop)
  if (context === EMPTY_CONTEXT) return callback
  const bound: Bound = function (this: unknown, ...args: never[]): unknown {
    const outer = ambient
    ambient = context
    try {
      return callback.apply(this, args)
    } finally {
      ambient = outer
    }
  }
  bound[ORIGINAL] = callback
  return bound as F
}

/**
 * True when `registered` is `callback` or `callback` bound to a context (so that
 * `removeDoneCallback(cb)` finds what `addDoneCallback(cb)` registered).
 *
 * @example
 * const same = (a: unknown, b: unknown) => isSameCallback(a, b)
 */
export const isSameCallback = (registered: unknown, callback: unknown): boolean =>
  registered === callback || (registered as Bound)[ORIGINAL] === callback // an awaiter (a fiber) has no ORIGINAL

/** Marks a `Context` (the public, immutable set of values `run` starts `main` in). */
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (context.test.ts: a Context of another copy is known by the registered brand)
export const CONTEXT_BRAND: unique symbol = Symbol.for('taskloop/Context')

/**
 * The values of a `Context` given as `run`'s or `runSync`'s `context` option; anything else is
 * a `TypeError` naming what was given. (A brand check, so that `runSync` does not load the
 * `ContextVar` module.)
 *
 * @example
 * contextValuesOf('run', {}, String) // throws TypeError
 */
export const contextValuesOf = (who: string, context: unknown, describe: (value: unknown) => string): ContextValues => {
  if (typeof context !== 'object' || context === null || (context as Record<symbol, unknown>)[CONTEXT_BRAND] !== true) {
    throw new TypeError(`${who}: context must be a Context (Context.empty.with(variable, value)), got ${describe(context)}`)
  }
  return (context as { readonly values: ContextValues }).values
}
