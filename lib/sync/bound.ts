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
import { Fiber, Scheduler } from '../runtime/kernel.js'
import { Waiter } from './waiters.js'

export abstract class LoopBound {
  private boundLoop: Scheduler | null = null

  /** Names the primitive in messages, e.g. `Queue`. */
  protected abstract get kind(): string

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
