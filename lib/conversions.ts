/**
 * Conversions between taskloop's `Task` and fp-ts's `IO`, `Either`, `Task` and `TaskEither`.
 *
 * fp-ts's `Task` and `TaskEither` are thunks that return a promise, so what they start cannot
 * be cancelled: cancelling a task made with `fromTask` / `fromTaskEither` stops waiting for
 * the promise (the task ends cancelled at once), but the promise itself runs on. Use
 * `Task.promise((signal) => …)` for foreign work that can be aborted.
 *
 * fp-ts promises that its `Task` never rejects; if one does anyway, the task fails with the
 * rejection (an untyped failure, as a throwing `Task.sync` thunk gives).
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js'
import type { IO } from 'fp-ts/lib/IO.js'
import type { Task as FpTask } from 'fp-ts/lib/Task.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type { RunOptions } from './run.js'
import { run } from './run.js'
import { describeValue } from './runtime/fiber.js'
import type { Primitive, Task } from './runtime/primitive.js'
import { Async, Fail, FlatMap, Succeed, Sync, fromPrimitive } from './runtime/primitive.js'
import { checkFunction, checkTask } from './task/check.js'
import { either } from './task/sequencing.js'

const isEither = (u: unknown): u is Either<unknown, unknown> =>
  typeof u === 'object' && u !== null && (((u as { _tag?: unknown })._tag === 'Left' && 'left' in u) || ((u as { _tag?: unknown })._tag === 'Right' && 'right' in u))

const eitherToPrimitive = (who: string, e: unknown): Primitive => {
  if (!isEither(e)) throw new TypeError(`${who} expects an fp-ts Either, got ${describeValue(e)}`)
  return e._tag === 'Right' ? new Succeed(e.right) : new Fail(e.left)
}

/** Awaits the promise an fp-ts thunk returns; a rejection fails the task. */
const awaitThunk = (who: string, thunk: () => PromiseLike<unknown>): Primitive =>
  new Async(
    (resume) => {
      const p = thunk()
      if (p === null || typeof p !== 'object' || typeof (p as PromiseLike<unknown>).then !== 'function') {
        throw new TypeError(`${who}: the thunk must return a promise, but returned ${describeValue(p)}`)
      }
      p.then(
        (a) => resume(fromPrimitive(new Succeed(a))),
        (e) => resume(fromPrimitive(new Fail(e))),
      )
    },
    false,
    `${who}(${thunk.name || 'anonymous'})`,
  )

/**
 * A synchronous fp-ts `IO`, run each time the task runs (the same as `Task.sync`).
 *
 * @example
 * const clock = Task.fromIO(() => Date.now())
 */
export const fromIO = <A>(io: IO<A>): Task<never, A> => {
  checkFunction('Task.fromIO', io)
  return fromPrimitive(new Sync(io))
}

/**
 * An fp-ts `Either`: `right(a)` succeeds with `a`, `left(e)` fails with `e`. Anything else is
 * a `TypeError`, thrown here.
 *
 * @example
 * runSync(Task.fromEither(E.left('nope'))) // → { _tag: 'Failed', error: 'nope' }
 */
export const fromEither = <E, A>(e: Either<E, A>): Task<E, A> => fromPrimitive(eitherToPrimitive('Task.fromEither', e))

/**
 * An fp-ts `Task` (a thunk returning a promise), called each time the task runs.
 * Cancelling stops waiting; the promise runs on (see the module doc).
 *
 * @example
 * const t = Task.fromTask(() => Promise.resolve(42))
 */
export const fromTask = <A, E = never>(task: FpTask<A>): Task<E, A> => {
  checkFunction('Task.fromTask', task)
  return fromPrimitive(awaitThunk('Task.fromTask', task))
}

/**
 * An fp-ts `TaskEither`, called each time the task runs: a `Left` fails the task, a `Right`
 * succeeds it. Cancelling stops waiting; the promise runs on (see the module doc).
 *
 * @example
 * const t = Task.fromTaskEither(TE.tryCatch(() => fetch(url), String))
 */
export const fromTaskEither = <E, A>(te: TaskEither<E, A>): Task<E, A> => {
  checkFunction('Task.fromTaskEither', te)
  return fromPrimitive(new FlatMap(awaitThunk('Task.fromTaskEither', te), (e) => eitherToPrimitive('Task.fromTaskEither', e)))
}

/**
 * An fp-ts `TaskEither` that, each time it is invoked, runs `task` on a fresh loop (as `run`
 * does, with the same `options`, including `signal`) and resolves with `right(value)` or
 * `left(error)`. Cancellation is not a failure, so a cancelled run rejects the promise with
 * the `CancelledError` instead of resolving with a `Left`. Loops do not nest: invoking it from
 * inside a running loop throws a `LoopError`, as `run` does.
 *
 * @example
 * const te = Task.toTaskEither(Task.fail('boom'))
 * await te() // left('boom')
 */
export const toTaskEither = <E, A>(task: Task<E, A>, options?: RunOptions): TaskEither<E, A> => {
  checkTask('Task.toTaskEither', task)
  const materialised = either(task)
  return () => run(materialised, options)
}
