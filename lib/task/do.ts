/**
 * Do-notation, with fp-ts's names: start from `Do` (a task of `{}`), then add named fields.
 *
 * - `bind(name, f)` runs `f(fields)` **after** what came before, so it may use earlier fields.
 * - `apS(name, task)` runs `task` **concurrently** with what came before (it cannot see earlier
 *   fields), with `ApplicativePar`'s structured rules — as fp-ts's `TaskEither.apS` is
 *   concurrent. A chain of `apS` runs every task side by side.
 * - `bindTo(name)` starts a record from a task's value; `let(name, f)` adds a pure field.
 *
 * Error types widen as steps are added (`E1 | E2`), as `flatMap` does.
 *
 * @example
 * pipe(
 *   Task.Do,
 *   Task.apS('user', Task.of({ id: 1 })),            // these two run concurrently
 *   Task.apS('config', Task.of({ pageSize: 10 })),
 *   Task.bind('orders', ({ user }) => Task.of([`order of ${user.id}`])),  // then this
 *   Task.let('count', ({ orders }) => orders.length),
 * )
 *
 * @module
 */
import type { Task } from '../runtime/kernel.js'
import { checkFunction, checkTask, FlatMap, fromPrimitive, MapOp, Succeed, toPrimitive } from '../runtime/kernel.js'
import { apPar, mapPar } from '../concurrency/par.js'

/** `A` with a field `N` of type `B` added. */
type With<A, N extends string, B> = { readonly [K in keyof A | N]: K extends keyof A ? A[K] : B }

const checkName = (who: string, name: unknown): void => {
  if (typeof name !== 'string') throw new TypeError(`${who} expects a field name (a string), got ${typeof name}`)
}

/**
 * The start of a Do block: a task that succeeds with `{}`.
 *
 * @example
 * pipe(Task.Do, Task.bind('x', () => Task.of(1))) // Task.of({ x: 1 })
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export const Do: Task<never, {}> = fromPrimitive(new Succeed({}))

/**
 * Starts a record from the task's value.
 *
 * @example
 * pipe(Task.of(1), Task.bindTo('x')) // Task.of({ x: 1 })
 */
export const bindTo = <N extends string>(name: N) => {
  checkName('Task.bindTo', name)
  return <E, A>(self: Task<E, A>): Task<E, { readonly [K in N]: A }> => {
    checkTask('Task.bindTo', self)
    return fromPrimitive(new MapOp(toPrimitive(self), (a) => ({ [name]: a })))
  }
}

/**
 * Runs `f(fields)` after what came before and adds its value as field `name`.
 *
 * @example
 * pipe(Task.Do, Task.bind('x', () => Task.of(1)), Task.bind('y', ({ x }) => Task.of(x + 1))) // { x: 1, y: 2 }
 */
export const bind = <N extends string, A, E2, B>(name: Exclude<N, keyof A>, f: (a: A) => Task<E2, B>) => {
  checkName('Task.bind', name)
  checkFunction('Task.bind', f)
  return <E1>(self: Task<E1, A>): Task<E1 | E2, With<A, N, B>> => {
    checkTask('Task.bind', self)
    return fromPrimitive(
      new FlatMap(toPrimitive(self), (a) => new MapOp(toPrimitive(f(a as A)), (b) => ({ ...(a as object), [name]: b }))),
    )
  }
}

/**
 * Adds a field computed purely from the earlier ones (fp-ts's `let`).
 *
 * @example
 * pipe(Task.Do, Task.bind('x', () => Task.of(2)), Task.let('double', ({ x }) => x * 2)) // { x: 2, double: 4 }
 */
const let_ = <N extends string, A, B>(name: Exclude<N, keyof A>, f: (a: A) => B) => {
  checkName('Task.let', name)
  checkFunction('Task.let', f)
  return <E>(self: Task<E, A>): Task<E, With<A, N, B>> => {
    checkTask('Task.let', self)
    return fromPrimitive(new MapOp(toPrimitive(self), (a) => ({ ...(a as object), [name]: f(a as A) })))
  }
}
export { let_ as let }

/**
 * Runs `task` concurrently with what came before and adds its value as field `name`
 * (structured, like `ApplicativePar`: the first failure cancels and awaits the other side).
 *
 * @example
 * pipe(Task.Do, Task.apS('a', Task.sleep(100)), Task.apS('b', Task.sleep(100))) // 100 ms, not 200
 */
export const apS = <N extends string, A, E2, B>(name: Exclude<N, keyof A>, task: Task<E2, B>) => {
  checkName('Task.apS', name)
  checkTask('Task.apS', task)
  // through the flat plans of `ApplicativePar`, so a chain of apS runs as one flat par
  return <E1>(self: Task<E1, A>): Task<E1 | E2, With<A, N, B>> => {
    checkTask('Task.apS', self)
    return apPar<E1 | E2, B, With<A, N, B>>(
      mapPar(self, (a) => (b: B) => ({ ...(a as object), [name]: b }) as With<A, N, B>),
      task,
    )
  }
}
