/**
 * The part of a fiber's state that only a cancelled fiber, or one inside `uncancellable` or
 * a finalizer, ever changes: kept aside so that every other fiber is smaller. These fields
 * live in the fiber's `FiberRecord` (which extends `CancelState`, see `fiberRecord.ts`),
 * shared with the fibers born alike while every field is at its initial value — the values of
 * the frozen `CANCEL_STATE_AT_REST` — and copied into a record of the fiber's own on its first
 * write (`Fiber`'s accessors do this, so the fiber's code reads and writes the fields as if
 * they were its own).
 *
 * @module
 */

/**
 * A fiber's cancellation bookkeeping (see `Fiber` for each field's meaning).
 *
 * @example
 * const state = new CancelState()
 * state.cancelCount++
 */
export class CancelState {
  /** > 0 inside `uncancellable` (and outside any `poll`) or a finalizer: cancellation waits. */
  masks = 0
  /** A cancel request not yet delivered (asyncio's `_must_cancel`). */
  mustCancel = false
  cancelMessage: string | undefined = undefined
  /** asyncio's `_num_cancels_requested`: see `cancelling()` / `uncancel()`. */
  cancelCount = 0
  /**
   * The cancel request (see "cancel propagation" in `fiber.ts`) that last reached this fiber;
   * negated while this fiber's cancel is being passed on to what it awaits.
   */
  cancelVisit = 0
  /** The innermost `uncancellable` region entered (see `Unmask`); 0 outside any. */
  region = 0
}

/**
 * The state of every fiber that was never cancelled nor entered `uncancellable` or a finalizer: shared, and
 * frozen so that a write that forgot to take a state of its own fails loudly.
 *
 * @example
 * CANCEL_STATE_AT_REST.cancelCount // → 0
 */
export const CANCEL_STATE_AT_REST: CancelState = Object.freeze(new CancelState())
