/**
 * Finalisation and cancellation control: `try … finally` as values.
 *
 * Finalizers given to `ensuring`, `onCancel` and `bracket` run exactly once, with
 * cancellation deferred (a cancel that arrives meanwhile is delivered at the next
 * suspension point after them). A finalizer that fails replaces the task's ending with its
 * failure, as an exception raised in a Python `finally` does. A `gen` coroutine's own
 * `finally` block follows asyncio instead: it runs as ordinary coroutine code.
 *
 * @module
 */
import type { Outcome } from '../Outcome.js'
import type { Poll, Primitive, Task } from '../runtime/kernel.js'
import { checkFunction, checkTask, endingOutcome, Finalize, FlatMap, fromPrimitive, toPrimitive, Uncancellable } from '../runtime/kernel.js'
import { isCancelledError } from '../errors.js'

/**
 * `try … finally`: `finalizer` runs after success, failure or cancellation, exactly once.
 *
 * @example
 * pipe(work, Task.ensuring(Task.sync(() => console.log('closed'))))
 */
export const ensuring = <E2>(finalizer: Task<E2, unknown>) => {
  checkTask('Task.ensuring', finalizer)
  const fin = toPrimitive(finalizer)
  return <E, A>(self: Task<E, A>): Task<E | E2, A> => {
    checkTask('Task.ensuring', self)
    return fromPrimitive(new Finalize(toPrimitive(self), () => fin))
  }
}

/**
 * Runs `finalizer` only if the task is cancelled; the task still ends cancelled.
 *
 * @example
 * pipe(Task.sleep(1000), Task.onCancel(Task.sync(() => console.log('cancelled'))))
 */
export const onCancel = <E2>(finalizer: Task<E2, unknown>) => {
  checkTask('Task.onCancel', finalizer)
  const fin = toPrimitive(finalizer)
  return <E, A>(self: Task<E, A>): Task<E | E2, A> => {
    checkTask('Task.onCancel', self)
    return fromPrimitive(new Finalize(toPrimitive(self), (failed, value) => (failed && isCancelledError(value) ? fin : undefined)))
  }
}

/**
 * Acquire, use, release. `release(resource, outcome)` runs exactly once whenever `acquire`
 * succeeded, whatever `use` did; `acquire` and `release` are not interrupted by cancellation,
 * `use` is.
 *
 * @example
 * const log: string[] = []
 * const open = Task.sync(() => ({ name: 'data.txt' }))
 * const read = Task.bracket(open, (f) => Task.of(`read ${f.name}`), (f) => Task.sync(() => void log.push(`closed ${f.name}`)))
 * runSync(read) // → { _tag: 'Succeeded', value: 'read data.txt' }
 */
export const bracket = <E1, R, E2, A, E3>(
  acquire: Task<E1, R>,
  use: (resource: R) => Task<E2, A>,
  release: (resource: R, outcome: Outcome<E2, A>) => Task<E3, unknown>,
): Task<E1 | E2 | E3, A> => {
  checkTask('Task.bracket (acquire)', acquire)
  checkFunction('Task.bracket (use)', use)
  checkFunction('Task.bracket (release)', release)
  return fromPrimitive(
    new Uncancellable(
      (poll) =>
        new FlatMap(
          toPrimitive(acquire),
          (r) =>
            new Finalize(
              toPrimitive(poll(use(r as R))),
              (failed, value) => releaseTask(release(r as R, endingOutcome(failed, value) as Outcome<E2, A>)),
            ),
        ),
    ),
  )
}

/** `release` must give a task: anything else (a forgotten `return`) fails with a TypeError. */
const releaseTask = (t: unknown): Primitive => {
  checkTask('Task.bracket (the task release returned)', t)
  return toPrimitive(t as Task<unknown, unknown>)
}

/**
 * Runs `body(poll)` with cancellation deferred; inside, `poll(t)` makes `t` cancellable
 * again. A pending cancel is delivered at the next suspension point where cancellation is
 * enabled — the first one after the region, or the first one inside a `poll` — and if the
 * fiber finishes without reaching one, it ends cancelled (R24).
 *
 * @example
 * Task.uncancellable((poll) => pipe(commit, Task.zip(poll(Task.sleep(100)))))
 */
export const uncancellable = <E, A>(body: (poll: Poll) => Task<E, A>): Task<E, A> => {
  checkFunction('Task.uncancellable', body)
  return fromPrimitive(new Uncancellable(body as unknown as (poll: Poll) => Primitive))
}

export type { Poll }
