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
import { checkSignal, linkSignal } from './interop.js'
import type { Loop } from './Loop.js'
import type { RunOptions } from './run.js'
import { run } from './run.js'
import type { Primitive, Task } from './runtime/kernel.js'
import { Async, checkFunction, checkTask, describeValue, executingScheduler, Fail, FlatMap, fromPrimitive, Succeed, Sync } from './runtime/kernel.js'
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
    // Stryker disable next-line BooleanLiteral: the register above takes no signal, so whether the fiber makes one for it cannot be seen
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
  // made by toTaskEither: the task itself (see toTaskEither)
  const origin = (te as { [ORIGIN]?: Origin })[ORIGIN]
  if (origin !== undefined && origin.options?.signal === undefined) return origin.task as Task<E, A>
  return fromPrimitive(new FlatMap(awaitThunk('Task.fromTaskEither', te), (e) => eitherToPrimitive('Task.fromTaskEither', e)))
}

/** Where a `TaskEither` made by `toTaskEither` keeps its task (a registered key: any copy of taskloop finds it). */
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (conversions.test.ts: a TaskEither from another copy of the package gives back its task)
const ORIGIN = Symbol.for('taskloop/toTaskEither')

interface Origin {
  readonly task: Task<unknown, unknown>
  readonly options: RunOptions | undefined
}

/**
 * An fp-ts `TaskEither` that, each time it is invoked, runs `task` and resolves with
 * `right(value)` or `left(error)`. Cancellation is not a failure, so a cancelled run rejects
 * the promise with the `CancelledError` instead of resolving with a `Left`.
 *
 * Where it runs: invoked outside any loop, on a fresh loop (as `run` does, with the same
 * `options`, except that `signals` defaults to `false`); invoked inside a running loop (loops
 * do not nest), as a fiber of that loop —
 * then only `options.signal` applies. It never throws: a mistake rejects the promise.
 * `fromTaskEither` recognises a `TaskEither` made here and gives back the task itself
 * (unless `options.signal` was given), so that the round trip works inside `runSync` too.
 *
 * @example
 * const te = Task.toTaskEither(Task.fail('boom'))
 * await te() // left('boom')
 */
export const toTaskEither = <E, A>(task: Task<E, A>, options?: RunOptions): TaskEither<E, A> => {
  checkTask('Task.toTaskEither', task)
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError(`Task.toTaskEither: options must be an object, got ${describeValue(options)}`)
  }
  const signal = checkSignal('Task.toTaskEither', options?.signal)
  const materialised = either(task)
  const te: TaskEither<E, A> = () => {
    try {
      const running = executingScheduler()
      if (running !== null) return runAsFiber(running.owner, materialised, signal)
      // invoked any number of times, maybe at once: it leaves process signals to the program
      return run(materialised, { ...options, signals: options?.signals ?? false })
    } catch (error) {
      return Promise.reject(error)
    }
  }
  const origin: Origin = { task: task as Task<unknown, unknown>, options }
  Object.defineProperty(te, ORIGIN, { value: origin })
  return te
}

/** Runs `task` as a fiber of the running `loop`; the promise settles when the fiber ends. */
const runAsFiber = <A>(loop: Loop, task: Task<never, A>, signal: AbortSignal | undefined): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const fiber = loop.createTask(task)
    const link = linkSignal(signal, (message) => fiber.cancel(message))
    fiber.addDoneCallback(() => {
      link.unlink()
      try {
        resolve(fiber.result())
      } catch (error) {
        reject(link.mapRejection(error))
      }
    })
  })
