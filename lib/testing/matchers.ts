/**
 * vitest matchers for tasks: `expect(task).toSucceedWith(v)`, `.toFailWith(E)`,
 * `.toBeCancelled()`, `.toTakeVirtual(ms)`. Each runs the task as the main fiber of a fresh
 * virtual-clock loop (as `observe` does, with a teardown of what it leaves running) and looks
 * at how it ended; a task value runs afresh for each matcher. `.not` works as usual.
 *
 * Importing `taskloop/testing` installs them (`expect.extend(taskMatchers)`) and types them
 * on vitest's `Assertion`.
 *
 * - `toSucceedWith(v)`: succeeded with a value deeply equal to `v` (vitest's `toEqual`).
 * - `toFailWith(E)`: failed with an instance of `E` when `E` is a class (a function), else
 *   with an error deeply equal to `E`.
 * - `toBeCancelled()`: ended cancelled.
 * - `toTakeVirtual(ms)`: ended — however — exactly `ms` of loop time after it started.
 *
 * @example
 * import { expect } from 'vitest'
 * import 'taskloop/testing' // installs the matchers
 * expect(pipe(Task.sleep(100), Task.as(1))).toSucceedWith(1)
 * expect(pipe(Task.sleep(100), Task.as(1))).toTakeVirtual(100)
 *
 * @module
 */
import { expect } from 'vitest'
import type { Task } from '../runtime/kernel.js'
import { isTask } from '../runtime/kernel.js'
import type { Observation } from '../../laws/observe.js'
import { observe, showObservation } from '../../laws/observe.js'
import { show } from '../../laws/equal.js'

interface MatcherContext {
  readonly isNot: boolean
  equals(a: unknown, b: unknown): boolean
}

interface MatcherResult {
  readonly pass: boolean
  readonly message: () => string
}

const run = (received: unknown): Observation<unknown, unknown> | string => {
  // Stryker disable next-line StringLiteral: the matchers test only that a string came back; each writes its own message
  if (!isTask(received)) return 'expected a Task'
  return observe(received, { afterMain: 'teardown' })
}

const ended = (o: Observation<unknown, unknown>): string => showObservation(o)

const notATask = (ctx: MatcherContext, name: string, received: unknown): MatcherResult => ({
  pass: false,
  message: () => `${name}: expected a Task, got ${show(received)}`,
})

/**
 * The matchers, for `expect.extend` (importing `taskloop/testing` already installs them).
 *
 * @example
 * import { expect } from 'vitest'
 * import { taskMatchers } from 'taskloop/testing'
 * expect.extend(taskMatchers) // again, e.g. on another expect instance
 */
export const taskMatchers = {
  /**
   * @example
   * import { expect } from 'vitest'
   * import 'taskloop/testing'
   * expect(Task.of(1)).toSucceedWith(1)
   */
  toSucceedWith(this: MatcherContext, received: unknown, expected: unknown): MatcherResult {
    const o = run(received)
    if (typeof o === 'string') return notATask(this, 'toSucceedWith', received)
    const pass = o.outcome._tag === 'Succeeded' && this.equals(o.outcome.value, expected)
    return { pass, message: () => `expected the task ${this.isNot ? 'not ' : ''}to succeed with ${show(expected)}; it ended: ${ended(o)}` }
  },

  /**
   * @example
   * import { expect } from 'vitest'
   * import 'taskloop/testing'
   * expect(Task.fail(new TypeError('x'))).toFailWith(TypeError)
   */
  toFailWith(this: MatcherContext, received: unknown, expected: unknown): MatcherResult {
    const o = run(received)
    if (typeof o === 'string') return notATask(this, 'toFailWith', received)
    // Stryker disable next-line ConditionalExpression: an outcome that is not Failed has no error field, so reading it gives the same undefined
    const error = o.outcome._tag === 'Failed' ? o.outcome.error : undefined
    const pass = o.outcome._tag === 'Failed' && (typeof expected === 'function' ? error instanceof (expected as new (...a: never[]) => unknown) : this.equals(error, expected))
    const what = typeof expected === 'function' ? `an instance of ${expected.name || 'the class'}` : show(expected)
    return { pass, message: () => `expected the task ${this.isNot ? 'not ' : ''}to fail with ${what}; it ended: ${ended(o)}` }
  },

  /**
   * @example
   * import { expect } from 'vitest'
   * import 'taskloop/testing'
   * expect(pipe(Task.never, Task.timeout(5), Task.flatMap(() => Task.never))).toBeCancelled()
   */
  toBeCancelled(this: MatcherContext, received: unknown): MatcherResult {
    const o = run(received)
    if (typeof o === 'string') return notATask(this, 'toBeCancelled', received)
    return { pass: o.outcome._tag === 'Cancelled', message: () => `expected the task ${this.isNot ? 'not ' : ''}to end cancelled; it ended: ${ended(o)}` }
  },

  /**
   * @example
   * import { expect } from 'vitest'
   * import 'taskloop/testing'
   * expect(Task.sleep(1500)).toTakeVirtual(1500)
   */
  toTakeVirtual(this: MatcherContext, received: unknown, ms: number): MatcherResult {
    if (typeof ms !== 'number' || Number.isNaN(ms)) throw new TypeError(`toTakeVirtual expects a number of milliseconds, got ${String(ms)}`)
    const o = run(received)
    if (typeof o === 'string') return notATask(this, 'toTakeVirtual', received)
    const done = o.outcome._tag === 'Succeeded' || o.outcome._tag === 'Failed' || o.outcome._tag === 'Cancelled'
    return {
      pass: done && o.elapsed === ms,
      message: () => `expected the task ${this.isNot ? 'not ' : ''}to take ${ms} ms of virtual time; ${done ? `it took ${o.elapsed} ms` : 'it never ended'}: ${ended(o)}`,
    }
  },
}

/** The matchers' types, merged into vitest's `expect(…)` by `taskloop/testing`. */
export interface TaskMatchers<R = unknown> {
  /** The task succeeds with a value deeply equal to `value`. */
  toSucceedWith(value: unknown): R
  /** The task fails with an instance of `error` (a class) or an error deeply equal to it. */
  toFailWith(error: unknown): R
  /** The task ends cancelled. */
  toBeCancelled(): R
  /** The task ends exactly `ms` of virtual time after it starts. */
  toTakeVirtual(ms: number): R
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends TaskMatchers<T> {}
}

expect.extend(taskMatchers)
