/**
 * Loop binding for the synchronisation primitives (asyncio's `_LoopBoundMixin`).
 *
 * A primitive is created outside any loop and binds to the loop of the first fiber that
 * has to wait on it; from then on, waiting on it from a fiber of another loop fails with a
 * `LoopError`. Operations that never wait (`putNowait`, `release`, `set`, a `get` on a
 * non-empty queue …) never bind and work from anywhere, as in asyncio.
 *
 * @module
 */
import { LoopError } from '../errors.js'
import { describeValue, Fiber, primitiveLabel, Scheduler } from '../runtime/kernel.js'
import { Waiter } from './waiters.js'

/**
 * The name a primitive's options may give it (`new Queue({ name: 'jobs' })`): a string, or
 * nothing; anything else is a `TypeError` naming the bad value, thrown before anything is made.
 *
 * @example
 * nameOption('Lock', { name: 'db' }) // → 'db'
 * nameOption('Lock', undefined) // → undefined
 */
export const nameOption = (who: string, options: unknown): string | undefined => {
  if (options === undefined) return undefined
  if (options === null || typeof options !== 'object') throw new TypeError(`new ${who}: options must be an object such as { name: 'db' }, got ${describeValue(options)}`)
  const { name } = options as { readonly name?: unknown }
  if (name !== undefined && typeof name !== 'string') throw new TypeError(`new ${who}: name must be a string, got ${describeValue(name)}`)
  return name
}

export abstract class LoopBound {
  private boundLoop: Scheduler | null = null

  private given: string | undefined = undefined

  /**
   * The name given in the options (`new Lock({ name: 'db' })`), shown by `toString()` and by
   * `loop.dump()` for the fibers that wait on it; `undefined` when none was given.
   *
   * @example
   * new Lock({ name: 'db' }).name // → 'db'
   */
  get name(): string | undefined {
    return this.given
  }

  /** Sets the name, once, from the constructor (after the options were checked). */
  protected nameAs(name: string | undefined): void {
    this.given = name
  }

  /** Names the primitive in messages, e.g. `Queue`. */
  protected abstract get kind(): string

  /** `Queue 'jobs'`, or `Queue` without a name: how `loop.dump()` names it. */
  protected get label(): string {
    return primitiveLabel(this.kind, this.name)
  }

  /** `toString()`'s prefix: `Queue<'jobs' ` or `Queue<`. */
  protected get opening(): string {
    return this.name === undefined ? `${this.kind}<` : `${this.kind}<'${this.name}' `
  }

  /**
   * Binds this primitive to `fiber`'s loop on first use. Throws a `LoopError` (which fails
   * the waiting task) when it is bound to another loop.
   */
  protected bind(fiber: Fiber): void {
    const loop = fiber.loop
    if (this.boundLoop === null) this.boundLoop = loop
    else if (this.boundLoop !== loop) {
      throw new LoopError(
        `${this.kind} is bound to a different event loop: it was first waited on by a fiber of another loop, and ${fiber.name} cannot wait on it (create one ${this.kind} per loop)`,
      )
    }
  }

  /** A new waiter (a future) on `fiber`'s loop, binding this primitive to it. */
  protected newWaiter(fiber: Fiber): Waiter {
    this.bind(fiber)
    return new Waiter(fiber.loop)
  }
}
