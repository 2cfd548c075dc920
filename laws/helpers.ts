/**
 * The few operations the laws are stated with that are not themselves part of `Task`: a self-cancel that takes effect at one suspension point, waiting for a
 * fiber's outcome without propagating it, cancel-and-wait, `forceR`, `guaranteeCase` and
 * `embed`. All are built from taskloop's public API.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js'
import type { Fiber, Outcome } from '../lib/index.js'
import { Task } from '../lib/index.js'

type T<E, A> = Task.Task<E, A>

/**
 * Requests cancellation of the current fiber, then cedes once: the request is delivered at
 * that suspension point unless cancellation is deferred (cats-effect's `canceled`).
 *
 * @example
 * observe(canceled).outcome // → { _tag: 'Cancelled' }
 */
export const canceled: T<never, void> = Task.flatMap(() => Task.cede)(
  Task.flatMap((f: Fiber) =>
    Task.sync(() => {
      f.cancel()
    }),
  )(Task.currentFiber),
)

/**
 * Waits for `fiber` and materialises how it ended, cancellation included. Cancelling the
 * waiter does not cancel `fiber` (unlike `join`).
 *
 * @example
 * pipe(Task.spawn(Task.fail('e')), Task.flatMap(joinOutcome)) // succeeds with Failed('e')
 */
export const joinOutcome = <E, A>(fiber: Fiber<E, A>): T<never, Outcome.Outcome<E, A>> =>
  Task.callback<never, Outcome.Outcome<E, A>>((resume, signal) => {
    const done = (): void => resume(Task.of(fiber.outcome!))
    fiber.addDoneCallback(done)
    signal.addEventListener('abort', () => fiber.removeDoneCallback(done))
  })

/**
 * Requests cancellation of `fiber` and waits until it is done (its finalizers ran), without
 * propagating its outcome.
 *
 * @example
 * pipe(Task.spawn(Task.never), Task.flatMap((f) => pipe(cancelAndWait(f), Task.flatMap(() => joinOutcome(f)))))
 */
export const cancelAndWait = <E, A>(fiber: Fiber<E, A>): T<never, void> =>
  Task.asVoid(
    Task.flatMap(() => joinOutcome(fiber))(
      Task.sync(() => {
        fiber.cancel()
      }),
    ),
  )

/**
 * Runs `fa`, ignores its success or failure, then runs `fb`; cancellation still propagates.
 *
 * @example
 * forceR(Task.fail('x'), Task.of(1)) // ≡ Task.of(1)
 */
export const forceR = <E1, A, E2, B>(fa: T<E1, A>, fb: T<E2, B>): T<E2, B> =>
  Task.flatMap((_: Either<E1, A>) => fb)(Task.either(fa))

/**
 * `fa` with a finalizer that sees its outcome.
 *
 * @example
 * guaranteeCase(work, (oc) => emit(oc._tag))
 */
export const guaranteeCase = <E, A, E2>(fa: T<E, A>, fin: (oc: Outcome.Outcome<E, A>) => T<E2, unknown>): T<E | E2, A> =>
  Task.bracket(Task.unit, () => fa, (_, oc) => fin(oc))

/**
 * Turns an outcome back into a task: `Cancelled` becomes a self-cancel that never returns.
 *
 * @example
 * embed({ _tag: 'Failed', error: 'e' }) // ≡ Task.fail('e')
 */
export const embed = <E, A>(oc: Outcome.Outcome<E, A>): T<E, A> =>
  oc._tag === 'Succeeded' ? Task.of(oc.value) : oc._tag === 'Failed' ? Task.fail(oc.error) : Task.flatMap(() => Task.never)(canceled)

/** `fa >> fb`: sequence, keep the second value. @example seq(emit(1), Task.of(2)) */
export const seq = <E1, A, E2, B>(fa: T<E1, A>, fb: T<E2, B>): T<E1 | E2, B> => Task.flatMap((_: A) => fb)(fa)
