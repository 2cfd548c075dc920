/**
 * A fiber's cancellation bookkeeping lives in a shared record at rest (`cancelState.ts`):
 * what one fiber's cancel, mask or `uncancel` changes must never show in another fiber.
 */
import { describe, expect, it } from 'vitest'
import type { Fiber } from '../../lib/index.js'
import { Task, runSync } from '../../lib/index.js'
import { CANCEL_STATE_AT_REST } from '../../lib/runtime/cancelState.js'

describe('cancel state at rest', () => {
  it('the shared record is frozen: a write that forgot to take its own state throws', () => {
    expect(Object.isFrozen(CANCEL_STATE_AT_REST)).toBe(true)
    expect(() => {
      ;(CANCEL_STATE_AT_REST as { cancelCount: number }).cancelCount = 1
    }).toThrow(TypeError)
    expect(CANCEL_STATE_AT_REST.cancelCount).toBe(0)
  })

  it('R22/R27: cancelling, masking and uncancelling one fiber leaves its siblings at rest', () => {
    const program = Task.gen(function* () {
      // `a` is cancelled twice inside an uncancellable region (the requests wait), `c` once
      const a = yield* Task.spawn(Task.uncancellable(() => Task.sleep(10)))
      const b = yield* Task.spawn(Task.sleep(20))
      const c = yield* Task.spawn(Task.sleep(30))
      yield* Task.cede
      a.cancel('one')
      a.cancel('two')
      c.cancel()
      const during = [a.cancelling(), b.cancelling(), c.cancelling()]
      const ended = yield* Task.gather([a, b, c], { returnExceptions: true })
      return { during, after: [a, b, c].map((f: Fiber) => f.cancelling()), a: a.cancelled(), b: ended[1], c: c.cancelled() }
    })
    expect(runSync(program)).toEqual({
      _tag: 'Succeeded',
      value: { during: [2, 0, 1], after: [2, 0, 1], a: true, b: undefined, c: true },
    })
  })

  it('R27: uncancel on one fiber withdraws its own request only', () => {
    const program = Task.gen(function* () {
      const me = yield* Task.currentFiber
      const other = yield* Task.spawn(Task.sleep(10))
      yield* Task.cede
      other.cancel()
      const mine = me.uncancel()
      const theirs = other.cancelling()
      yield* Task.gather([other], { returnExceptions: true })
      return [mine, theirs, other.cancelled()]
    })
    expect(runSync(program)).toEqual({ _tag: 'Succeeded', value: [0, 1, true] })
  })
})
