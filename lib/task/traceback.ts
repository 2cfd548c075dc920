/**
 * Reading the path a failure took through coroutines and fibers (see `runtime/traceback.ts`
 * for how it is recorded).
 *
 * @module
 */
import { errorTraceback } from '../runtime/kernel.js'

/**
 * The path `error` took so far, innermost first: one line per coroutine it left and per fiber
 * it crossed, in V8's async-frame form — the same lines that were appended to its `stack`
 * (`error.stack.endsWith(Task.traceback(error))` holds for an `Error`). `''` for a failure
 * that left no coroutine and crossed no fiber. A failure that is not an object (a string, a
 * number) has no identity to look up: ask the fiber it ended, `fiber.traceback()`.
 *
 * A coroutine shows its name (its generator function's, or the one given to `Task.fn`;
 * `<coroutine> in FIBER` when it has none); a hop that entered from another fiber shows how:
 * `join Task-3 in main`, `gather child #2 of 2 in main`, `shield of Task-5 in main`,
 * `race child #1 of 2 in main`, `taskGroup child Task-4 in main`. A location follows where
 * known: the line of the `yield*` the failure passed through, or of the throw.
 *
 * @example
 * const parse = Task.gen(function* parse() {
 *   yield* Task.cede
 *   throw new Error('cannot parse')
 * })
 * const outcome = runSync(Task.gen(function* load() { return yield* parse }))
 * // '    at async parse (file:///app.ts:3:9)\n    at async load (file:///app.ts:5:58)'
 * const path = outcome._tag === 'Failed' ? Task.traceback(outcome.error) : ''
 */
export const traceback = (error: unknown): string => errorTraceback(error)
