/**
 * Building tasks: from values, thunks, promises, callbacks and coroutines; sleeping and
 * ceding; reading the running loop, fiber and clock. Building a task runs nothing.
 *
 * @module
 */
import type { ErrorOf, Primitive, Resume, Task } from '../runtime/kernel.js'
import { Async, CEDE, checkFunction, checkMs, coroutineInfo, describeValue, Fail, Fiber, fromPrimitive, Gen, isTask, NEVER, Sleep, Succeed, Suspend, Sync, UNIT, withFiber } from '../runtime/kernel.js'
import type { Loop } from '../Loop.js'

/**
 * A task that succeeds with `a`.
 *
 * @example
 * runSync(Task.succeed(1)) // → { _tag: 'Succeeded', value: 1 }
 */
export const succeed = <A>(a: A): Task<never, A> => fromPrimitive(new Succeed(a))

/** Alias of `succeed` (fp-ts's name). @example runSync(Task.of('x')) */
export const of: <A>(a: A) => Task<never, A> = succeed

/** A task that succeeds with `undefined`. @example runSync(Task.unit) */
export const unit: Task<never, void> = fromPrimitive(UNIT)

/**
 * A task that fails with `e` (Python's `raise e`).
 *
 * @example
 * runSync(Task.fail('boom')) // → { _tag: 'Failed', error: 'boom' }
 */
export const fail = <E>(e: E): Task<E, never> => fromPrimitive(new Fail(e))

/**
 * A synchronous effect, run each time the task runs. If `thunk` throws, the task fails with
 * what it threw (untyped: use `tryCatch` for a typed error).
 *
 * @example
 * const t = Task.sync(() => Math.random())
 */
export const sync = <A>(thunk: () => A): Task<never, A> => {
  checkFunction('Task.sync', thunk)
  return fromPrimitive(new Sync(thunk))
}

/**
 * Like `sync`, mapping a throw to a typed error.
 *
 * @example
 * const parse = (s: string) => Task.tryCatch(() => JSON.parse(s), (e) => `bad json: ${e}`)
 */
export const tryCatch = <E, A>(thunk: () => A, onThrow: (thrown: unknown) => E): Task<E, A> => {
  checkFunction('Task.tryCatch', thunk)
  checkFunction('Task.tryCatch (onThrow)', onThrow)
  return fromPrimitive(
    new Suspend(() => {
      let a: A
      try {
        a = thunk()
      } catch (thrown) {
        return new Fail(onThrow(thrown))
      }
      return new Succeed(a)
    }),
  )
}

/**
 * Defers building a task until it runs (each run builds it afresh).
 *
 * @example
 * const countdown = (n: number): Task.Task<never, number> => n === 0 ? Task.of(0) : Task.suspend(() => countdown(n - 1))
 */
export const suspend = <E, A>(thunk: () => Task<E, A>): Task<E, A> => {
  checkFunction('Task.suspend', thunk)
  return fromPrimitive(new Suspend(thunk as unknown as () => Primitive))
}

/**
 * A foreign async operation. `f` receives an `AbortSignal` that is aborted (with the
 * `CancelledError`) when the task is cancelled; a rejection fails the task. The signal is
 * created only when `f` declares a parameter for it, so `Task.promise(() => p)` costs no
 * `AbortController`.
 *
 * @example
 * const body = Task.promise((signal) => fetch(url, { signal }).then((r) => r.text()))
 */
export const promise = <A, E = unknown>(f: (signal: AbortSignal) => PromiseLike<A>): Task<E, A> => {
  checkFunction('Task.promise', f)
  return fromPrimitive(
    new Async(
      (resume, signal) => {
        const p = f(signal as AbortSignal)
        if (p === null || typeof p !== 'object' || typeof (p as PromiseLike<A>).then !== 'function') {
          throw new TypeError(`Task.promise: the function must return a promise, but returned ${describeValue(p)}`)
        }
        p.then(
          (a) => resume(fromPrimitive(new Succeed(a))),
          (e) => resume(fromPrimitive(new Fail(e))),
        )
      },
      f.length >= 1,
      `Task.promise(${f.name || 'anonymous'})`,
    ),
  )
}

/**
 * A callback-style boundary. `register(resume, signal)` starts the operation; `resume(task)`
 * ends the wait by running `task` in the fiber. Only the first `resume` counts; a `resume`
 * after cancellation is ignored. `signal` is aborted when the task is cancelled.
 *
 * @example
 * const delay = (ms: number) => Task.callback<never, void>((resume) => { setTimeout(() => resume(Task.unit), ms) })
 */
export const callback = <E, A>(register: (resume: (task: Task<E, A>) => void, signal: AbortSignal) => void): Task<E, A> => {
  checkFunction('Task.callback', register)
  return fromPrimitive(
    new Async(register as (resume: Resume, signal: AbortSignal | undefined) => void, register.length >= 2, `Task.callback(${register.name || 'anonymous'})`),
  )
}

/**
 * A coroutine. `const x = yield* t` awaits `t`: a `Task` runs inline (Python's
 * `await coro()`), a `Fiber` or `Future` is awaited. Failures are thrown in at the `yield*`,
 * so `try`/`catch`/`finally` work; cancellation is thrown in as a `CancelledError`, which a
 * coroutine may catch (and then carry on, as in asyncio).
 *
 * @example
 * const main = Task.gen(function* () {
 *   const a = yield* Task.of(1)
 *   yield* Task.sleep(10)
 *   return a + 1
 * })
 */
export const gen = <Y, R>(body: () => Generator<Y, R, any>): Task<ErrorOf<Y>, R> => {
  checkGenerator('Task.gen', body)
  return fromPrimitive(new Gen(body as () => Iterator<unknown, unknown, unknown>, coroutineInfo(body)))
}

/** An async generator would "work" by yielding promises forever: say what is wrong instead. */
const checkGenerator = (who: string, body: unknown): void => {
  checkFunction(who, body)
  const kind = Object.prototype.toString.call(body)
  if (kind === '[object AsyncGeneratorFunction]') {
    throw new TypeError(`${who} was given an async generator; ${who} needs \`function*\` (await with yield*, not await)`)
  }
  if (kind === '[object AsyncFunction]') {
    throw new TypeError(`${who} was given an async function; ${who} needs \`function*\` (await with yield*, not await)`)
  }
}

/**
 * A reusable coroutine function (Effect's `Effect.fn`): `Task.fn(function* load(name) { … })`
 * returns `(name) => Task`, each call a fresh coroutine. Its frames are named after the
 * generator function (or the name given first: `Task.fn('load', function* (name) { … })`), and
 * carry the line where `Task.fn` was called, captured once here: a traceback through it has a
 * location even outside debug mode (the line of the `yield*` or throw, where known, comes first).
 * `this` and the arguments are passed on to the generator function.
 *
 * @example
 * const load = Task.fn(function* load(name: string) {
 *   yield* Task.sleep(10)
 *   return name.length
 * })
 * runSync(load('config')) // → { _tag: 'Succeeded', value: 6 }
 */
export function fn<Args extends ReadonlyArray<unknown>, Y, R>(body: (...args: Args) => Generator<Y, R, any>): (...args: Args) => Task<ErrorOf<Y>, R>
export function fn<Args extends ReadonlyArray<unknown>, Y, R>(name: string, body: (...args: Args) => Generator<Y, R, any>): (...args: Args) => Task<ErrorOf<Y>, R>
export function fn(nameOrBody: unknown, maybeBody?: unknown): (...args: unknown[]) => Task<unknown, unknown> {
  const named = typeof nameOrBody === 'string'
  const body = (named ? maybeBody : nameOrBody) as (...args: unknown[]) => Iterator<unknown, unknown, unknown>
  if (!named && nameOrBody !== undefined && typeof nameOrBody !== 'function') {
    throw new TypeError(`Task.fn expects a generator function, or a name and a generator function, got ${describeValue(nameOrBody)}`)
  }
  checkGenerator('Task.fn', body)
  if (named && nameOrBody === '') throw new TypeError('Task.fn: the name must not be empty')
  const info = coroutineInfo(body, named ? (nameOrBody as string) : undefined, true)
  return function (this: unknown, ...args: unknown[]): Task<unknown, unknown> {
    return fromPrimitive(new Gen(() => body.apply(this, args), info))
  }
}

/**
 * `asyncio.sleep(ms)`: resumes after `ms` milliseconds of loop time. `sleep(0)` or a negative
 * delay resumes after exactly one loop iteration; `Infinity` never resumes. `NaN` or a
 * non-number is a `TypeError`, thrown here.
 *
 * @example
 * runSync(Task.sleep(3_600_000)) // an hour of virtual time, in microseconds
 */
export const sleep = (ms: number): Task<never, void> => {
  checkMs('Task.sleep', ms)
  if (ms <= 0) return fromPrimitive(CEDE)
  if (ms === Infinity) return fromPrimitive(NEVER)
  return fromPrimitive(new Sleep(ms))
}

/** Yields to the loop once (`await asyncio.sleep(0)`). @example Task.gen(function* () { yield* Task.cede }) */
export const cede: Task<never, void> = fromPrimitive(CEDE)

/** Never completes; only cancellation ends it. @example pipe(Task.never, Task.timeout(100)) */
export const never: Task<never, never> = fromPrimitive(NEVER)

const readFiber = <A>(f: (fiber: Fiber) => A): Task<never, A> =>
  fromPrimitive(withFiber((fiber) => new Succeed(f(fiber))))

/** The loop running this task (`asyncio.get_running_loop()`). @example runSync(Task.map((l: Loop) => l.time())(Task.getRunningLoop)) // → { _tag: 'Succeeded', value: 0 } */
export const getRunningLoop: Task<never, Loop> = readFiber((fiber) => fiber.loop.owner)

/** The running fiber (`asyncio.current_task()`). @example runSync(Task.map((f: Fiber) => f.name)(Task.currentFiber)) // → { _tag: 'Succeeded', value: 'main' } */
export const currentFiber: Task<never, Fiber> = readFiber((fiber) => fiber)

/** The loop's clock in milliseconds (`loop.time()`). @example Task.gen(function* () { const t = yield* Task.now }) */
export const now: Task<never, number> = readFiber((fiber) => fiber.loop.clock.now())

export { isTask }
