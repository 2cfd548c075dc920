/**
 * Tracebacks through coroutines and fibers: the path a failure took, innermost first, as
 * V8's own async frames (`    at async load (file:line:col)`).
 *
 * The path costs nothing while tasks succeed: nothing is recorded per step. It is read from
 * the fiber's frames and the futures it awaits as the failure passes, on the failure path
 * only:
 *
 * - a failure **leaves a coroutine** when a `Task.gen` body throws it (it was born there) or
 *   does not catch it at its `yield*` (it passed through): one hop, named after the coroutine,
 *   located at the throw or at the `yield*` (see `sites.ts`);
 * - a failure **crosses into a fiber** when the fiber awaits a fiber or future that failed: the
 *   crossing (`join Task-3`, `gather child #2 of 2`, `shield of Task-5`, `race child #1 of 2`)
 *   names the next hop, that of the awaiting coroutine (`gather child #2 of 2 in main`), or of
 *   the fiber itself if the failure leaves it before reaching a coroutine.
 *
 * For an `Error` (any object with a writable string `stack`), each hop is appended to `stack`
 * as it is recorded, so Node's uncaught-error printer, test runners and error trackers show
 * the path with no extra code. `Task.traceback(error)` gives the path as text, and
 * `fiber.traceback()` the path of the failure that ended a fiber, for any failure (an `Error`
 * or not, frozen or not).
 *
 * Decisions: cancellation is not a failure, so a `CancelledError` has no path. The library's
 * own coroutines (inside `timeout`, `taskGroup`, queues) are not shown. An error object thrown
 * again (caught and re-thrown, or one object thrown in many places) keeps its path and grows,
 * as a Python exception's traceback does; a path holds at most `MAX_HOPS` hops.
 *
 * @module
 */
import { isCancelledError } from '../errors.js'
import { isFiberValue } from './brands.js'
import { frameBelowAwait, throwSiteOf } from './sites.js'

/**
 * What taskloop knows of a user's coroutine beyond its generator function: the name given to
 * `Task.fn` (or, in debug mode, of the function that called `Task.gen`), and where it was
 * defined. The library's own coroutines have none (they are not shown in paths).
 *
 * @example
 * const info: CoroutineInfo = { name: 'load', site: 'file:///app.ts:2:14' }
 */
export interface CoroutineInfo {
  readonly name: string | undefined
  readonly site: string | undefined
}

/**
 * A coroutine made by `Task.gen`, with nothing more known: named after its generator function.
 *
 * @example
 * PLAIN.name // → undefined
 */
export const PLAIN: CoroutineInfo = Object.freeze({ name: undefined, site: undefined })

/**
 * The most hops one path holds: an error object thrown again and again must not grow forever.
 *
 * @example
 * MAX_HOPS // → 64
 */
export const MAX_HOPS = 64

/** Anything with a name: a fiber (a type, so that this module needs nothing of `fiber.ts`). */
interface Named {
  readonly name: string
}

interface Hop {
  readonly label: string
  readonly site: string | undefined
}

/** The path of one failure value. */
class Trace {
  readonly hops: Hop[] = []
  /** How the failure last crossed into a fiber, until a coroutine there (or the fiber's end) takes it. */
  crossing: string | undefined = undefined
  constructor(readonly value: unknown) {}
}

/** The path of each failure that is an object, keyed by the object. */
const byError = new WeakMap<object, Trace>()
/** A failure that is not an object (a string, a number) cannot key a map: its path rides with the fiber it is passing through. */
const carried = new WeakMap<object, Trace>()
/** The path of the failure that ended a fiber, as long as it was then. */
const ofFiber = new WeakMap<object, { readonly trace: Trace; readonly length: number }>()
/** How a combinator's future got its failure: the crossing's name and the child it came from. */
const crossings = new WeakMap<object, { readonly label: string; readonly from: object }>()

const isObject = (u: unknown): u is object => (typeof u === 'object' && u !== null) || typeof u === 'function'

const traceIn = (fiber: Named, error: unknown): Trace => {
  if (isObject(error)) {
    let trace = byError.get(error)
    if (trace === undefined) {
      trace = new Trace(error)
      byError.set(error, trace)
    }
    return trace
  }
  let trace = carried.get(fiber)
  if (trace === undefined || !Object.is(trace.value, error)) {
    trace = new Trace(error)
    carried.set(fiber, trace)
  }
  return trace
}

const line = (hop: Hop): string => `    at async ${hop.label}${hop.site === undefined ? '' : ` (${hop.site})`}`

/** Appends a hop's line to the failure's `stack`, if it is an object whose `stack` is a writable string. */
const appendToStack = (value: unknown, text: string): void => {
  if (!isObject(value) || Object.isFrozen(value)) return
  try {
    const stack = (value as { stack?: unknown }).stack
    if (typeof stack === 'string') (value as { stack: string }).stack = `${stack}\n${text}`
  } catch {
    // a `stack` that is read-only or a throwing accessor: the path stays available through Task.traceback
  }
}

const push = (trace: Trace, label: string, site: string | undefined): void => {
  const n = trace.hops.length
  if (n > MAX_HOPS) return
  const hop: Hop = n === MAX_HOPS ? { label: `… (the path is longer than ${MAX_HOPS} hops)`, site: undefined } : { label, site }
  trace.hops.push(hop)
  appendToStack(trace.value, line(hop))
}

/** A pending crossing that no coroutine took: the fiber itself is the hop. */
const flushCrossing = (trace: Trace, fiber: Named): void => {
  if (trace.crossing === undefined) return
  push(trace, `${trace.crossing} in ${fiber.name}`, undefined)
  trace.crossing = undefined
}

/**
 * A failure left a user's coroutine of `fiber`. `thrownHere`: the coroutine threw it (its
 * body raised it), rather than letting it pass through a `yield*`. `yieldCapture`: the stack
 * taken at the `yield*` it passed through, if any; `debugSite`: debug mode's record of the
 * coroutine's last `yield*`. Failure path only. 
 *
 * @example
 * // called by the fiber as a failure leaves a coroutine; see fiber.ts
 * const hop = (f: Parameters<typeof leftCoroutine>[0], e: unknown) => leftCoroutine(f, function* parse() {}, PLAIN, e, true, undefined, undefined)
 */
export const leftCoroutine = (
  fiber: Named,
  body: { readonly name: string },
  info: CoroutineInfo | undefined,
  error: unknown,
  thrownHere: boolean,
  yieldCapture: Error | undefined,
  debugSite: string | undefined,
): void => {
  if (info === undefined || isCancelledError(error)) return
  const trace = traceIn(fiber, error)
  const name = info.name ?? (body.name === '' ? undefined : body.name)
  let label: string
  if (trace.crossing !== undefined) {
    label = `${trace.crossing} in ${name ?? fiber.name}`
    trace.crossing = undefined
  } else label = name ?? `<coroutine> in ${fiber.name}`
  // a fresh failure is located at its throw; one thrown again, or passing through, at the yield*
  const site = (thrownHere && trace.hops.length === 0 ? throwSiteOf(error) : frameBelowAwait(yieldCapture)?.site) ?? debugSite ?? info.site
  push(trace, label, site)
}

/**
 * `fiber` is woken with the failure of `from`, a fiber or future it awaited. Failure path
 * only. 
 *
 * @example
 * // called by the fiber as it takes a failure from what it awaited; see fiber.ts
 * const woken = (f: Parameters<typeof crossedInto>[0], from: object, e: unknown) => crossedInto(f, from, e)
 */
export const crossedInto = (fiber: Named, from: object, error: unknown): void => {
  if (isCancelledError(error)) return
  const known = crossings.get(from)
  const label = known?.label ?? (isFiberValue(from) ? `join ${(from as unknown as Named).name}` : 'future')
  let trace: Trace
  if (isObject(error)) trace = traceIn(fiber, error)
  else {
    // a string or a number: its path so far is the one it had when it ended the fiber it came from
    trace = new Trace(error)
    const before = ofFiber.get(known?.from ?? from)
    // Stryker disable next-line MethodExpression: the path kept for a fiber's failure that is not an object is that fiber's own, which nothing extends once the fiber has ended (later crossings copy it), so all of it is the path as it was
    if (before !== undefined && Object.is(before.trace.value, error)) trace.hops.push(...before.trace.hops.slice(0, before.length))
    carried.set(fiber, trace)
  }
  flushCrossing(trace, fiber)
  trace.crossing = label
}

/**
 * A combinator's future `outer` fails with the failure of its child `from`: names the
 * crossing (`gather child #2 of 2`). Failure path only. 
 *
 * @example
 * // gather, as its second child of two fails: see concurrency/gather.ts
 * const note = (outer: object, child: object) => noteCrossing(outer, 'gather child #2 of 2', child)
 */
export const noteCrossing = (outer: object, label: string, from: object): void => {
  crossings.set(outer, { label, from })
}

/**
 * A failure leaves `child` into something that does not rethrow it as it is (a task group
 * collects it into an `ExceptionGroup`): the hop is recorded at once. 
 *
 * @example
 * // a task group collects a failed child's error: see concurrency/taskGroup.ts
 * const collected = (child: { name: string }, parent: { name: string }, e: unknown) => hopInto(child, e, `taskGroup child ${child.name}`, parent)
 */
export const hopInto = (child: Named, error: unknown, label: string, parent: Named): void => {
  if (isCancelledError(error)) return
  const trace = isObject(error) ? traceIn(child, error) : new Trace(error)
  flushCrossing(trace, child)
  push(trace, `${label} in ${parent.name}`, undefined)
}

/**
 * `fiber` ends with the failure `error`: its path is kept for `fiber.traceback()`. Failure
 * path only. 
 *
 * @example
 * // called by the fiber as it ends failed; see fiber.ts
 * const ended = (f: Parameters<typeof fiberFailed>[0], e: unknown) => fiberFailed(f, e)
 */
export const fiberFailed = (fiber: Named, error: unknown): void => {
  if (isCancelledError(error)) return
  const trace = traceIn(fiber, error)
  flushCrossing(trace, fiber)
  ofFiber.set(fiber, { trace, length: trace.hops.length })
  carried.delete(fiber)
}

const render = (hops: ReadonlyArray<Hop>): string => hops.map(line).join('\n')

/**
 * The path of the failure that ended `fiber` (see `Fiber.traceback`): lines of text,
 * innermost first; `undefined` if the fiber did not fail. 
 *
 * @example
 * // what fiber.traceback() returns
 * const text = (fiber: object) => fiberTraceback(fiber) // e.g. '    at async parse (…)\n    at async load (…)'
 */
export const fiberTraceback = (fiber: object): string | undefined => {
  const kept = ofFiber.get(fiber)
  return kept === undefined ? undefined : render(kept.trace.hops.slice(0, kept.length))
}

/**
 * The path a failure took so far, as text: the lines appended to its `stack`, innermost
 * first (`'    at async parse (…)\n    at async load (…)'`); `''` if it left no coroutine and
 * crossed no fiber, or is not an object (ask the fiber: `fiber.traceback()`). 
 *
 * @example
 * errorTraceback(new Error('never thrown')) // → ''
 */
export const errorTraceback = (error: unknown): string => {
  const trace = isObject(error) ? byError.get(error) : undefined
  return trace === undefined ? '' : render(trace.hops)
}

/**
 * A report about a failure, with the failure's path added as `traceback` (from the fiber it
 * ended, or from the error itself), when there is one and the report has none. 
 *
 * @example
 * // no failure: nothing added
 * withTraceback({ message: 'lost' }) // → { message: 'lost' }
 */
export const withTraceback = <C extends { readonly message: string; readonly error?: unknown; readonly fiber?: unknown; readonly traceback?: string }>(context: C): C => {
  if (context === null || typeof context !== 'object' || context.traceback !== undefined || context.error === undefined) return context
  const kept = isObject(context.fiber) ? ofFiber.get(context.fiber) : undefined
  const text = kept !== undefined && Object.is(kept.trace.value, context.error) ? render(kept.trace.hops.slice(0, kept.length)) : errorTraceback(context.error)
  return text === '' ? context : { ...context, traceback: text }
}
