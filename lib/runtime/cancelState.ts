/**
 * The part of a fiber's state that only a cancelled fiber, or one inside `uncancellable` or
 * a finalizer, ever changes: kept aside so that every other fiber is smaller. A fiber points at the one
 * shared, frozen `CANCEL_STATE_AT_REST` (every field at its initial value) until it first
 * writes a different value, and then at a `CancelState` of its own (`Fiber`'s accessors do
 * this, so the fiber's code reads and writes the fields as if they were its own).
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
