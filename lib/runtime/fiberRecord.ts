/**
 * The fields of a fiber that are set when it is created and seldom change afterwards — its
 * name, its birth stamp, its context variables and its cancellation bookkeeping — kept in one
 * record that fibers share, so that every fiber carries one pointer for them instead of four
 * (W7f, heap per suspended fiber: 171 -> 147 B; W3 at 10⁵, M instructions per run: about
 * 990 -> 920, the children being smaller).
 *
 * Unnamed fibers created in one loop iteration and in one context are alike in all of these,
 * and point at one shared record (`recordFor`). A fiber that changes one of them — a `set` of
 * a context variable, a cancel, `uncancellable` — first takes a copy of its own (`owner` is
 * then the fiber), so no change ever shows in another fiber. A named fiber has its own record
 * from the start.
 *
 * @module
 */
import { CancelState } from './cancelState.js'
import type { ContextValues } from './context.js'
import { currentContext } from './context.js'
import type { BirthStamp } from './describeWait.js'
import { birthStamp } from './describeWait.js'
import type { Scheduler } from './scheduler.js'

/**
 * A fiber's rarely-changed fields (see the module doc): its cancellation bookkeeping (the
 * fields of `CancelState`, at rest while shared) and its name, birth stamp and context;
 * shared while `owner` is null. One object, not a record pointing at a `CancelState`: a
 * cancelled fiber, or one running a finalizer, takes one copy, not two (W4 at 5·10⁴, M
 * instructions per run: 1 270 before the record, 1 332 with a separate `CancelState`, 1 277 as one).
 *
 * @example
 * // the copy a fiber takes of a shared record before it writes one of its fields
 * const copyFor = (shared: FiberRecord, fiber: object) => ownRecord(shared, fiber)
 */
export class FiberRecord extends CancelState {
  constructor(
    /** The name given to `spawn`/`createTask`; without one the fiber is `Task-<id>`. */
    readonly label: string | undefined,
    /** The loop time it was created at, shared by the fibers created in one iteration (`describeWait.ts`). */
    readonly born: BirthStamp,
    /** Its context variables' values: its creator's at first, replaced on `set` (`context.ts`). */
    public context: ContextValues,
    /** The one fiber that may write this record; null while it is shared. */
    readonly owner: object | null,
  ) {
    super()
  }
}

/**
 * The record for a fiber created now on `loop`: the last unnamed fiber's, when it was born in
 * the same iteration and context; a new one otherwise (owned from the start when named).
 *
 * @example
 * // what a fiber's constructor does
 * const recordOf = (loop: Parameters<typeof recordFor>[0], name: string | undefined, fiber: object) => recordFor(loop, name, fiber)
 */
export const recordFor = (loop: Scheduler, label: string | undefined, fiber: object): FiberRecord => {
  const born = birthStamp(loop)
  const context = currentContext(loop)
  if (label !== undefined) return new FiberRecord(label, born, context, fiber)
  const last = loop.sharedRecord
  if (last !== null && last.born === born && last.context === context) return last
  return (loop.sharedRecord = new FiberRecord(undefined, born, context, null))
}

/**
 * `record` if `fiber` owns it, else a copy that `fiber` owns (copy-on-write).
 *
 * @example
 * // before a fiber writes a field of its record
 * const writable = (record: FiberRecord, fiber: object) => ownRecord(record, fiber)
 */
export const ownRecord = (record: FiberRecord, fiber: object): FiberRecord => {
  if (record.owner === fiber) return record
  const own = new FiberRecord(record.label, record.born, record.context, fiber)
  own.masks = record.masks
  own.mustCancel = record.mustCancel
  own.cancelMessage = record.cancelMessage
  own.cancelCount = record.cancelCount
  own.cancelVisit = record.cancelVisit
  own.region = record.region
  return own
}
