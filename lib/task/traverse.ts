/**
 * Traversals over arrays, with fp-ts `TaskEither`'s names.
 *
 * - `traverseArray`, `traverseArrayWithIndex`, `sequenceArray` run the tasks **concurrently**
 *   and are structured: the first failure cancels the others and waits for them, then the
 *   whole fails with that error; no task outlives the call (see `ApplicativePar`).
 * - `traverseSeqArray`, `traverseSeqArrayWithIndex`, `sequenceSeqArray` run them **one after
 *   another**, stopping at the first failure; later tasks never start.
 *
 * The sequential ones run in constant stack and constant frames, whatever the length.
 *
 * @module
 */
import type { Primitive, Task } from '../runtime/kernel.js'
import { checkFunction, checkTask, FlatMap, fromPrimitive, Succeed, Suspend, toPrimitive } from '../runtime/kernel.js'
import { par } from '../concurrency/par.js'

/**
 * An array, and a dense one: a hole (`[a, , b]`) is a `TypeError` naming its index, as in
 * `gather` — a traversal that skipped it would return fewer values than it was given.
 */
const checkArray = (who: string, as: unknown): void => {
  if (!Array.isArray(as)) throw new TypeError(`${who} expects an array, got ${Object.prototype.toString.call(as)}`)
  for (let i = 0; i < as.length; i++) {
    if (!(i in as)) throw new TypeError(`${who}: the array has a hole at index ${i} (a sparse array); give a value at every index`)
  }
}

/** A dense array of tasks. */
const checkTasks = (who: string, tasks: unknown): void => {
  checkArray(who, tasks)
  ;(tasks as unknown[]).forEach((t, i) => checkTask(`${who} (item ${i})`, t))
}

/**
 * Maps each element (and its index) to a task and runs them all concurrently; values in
 * input order. Structured: the first failure cancels and awaits the rest.
 *
 * @example
 * pipe(['a', 'b'], Task.traverseArrayWithIndex((i, s) => Task.of(`${i}:${s}`))) // Task.of(['0:a', '1:b'])
 */
export const traverseArrayWithIndex = <A, E, B>(f: (index: number, a: A) => Task<E, B>) => {
  checkFunction('Task.traverseArrayWithIndex', f)
  return (as: ReadonlyArray<A>): Task<E, ReadonlyArray<B>> => {
    checkArray('Task.traverseArrayWithIndex', as)
    return fromPrimitive(new Suspend(() => toPrimitive(par(as.map((a, i) => f(i, a))))))
  }
}

/**
 * Maps each element to a task and runs them all concurrently; values in input order.
 * Structured: the first failure cancels and awaits the rest.
 *
 * @example
 * pipe([100, 200], Task.traverseArray((ms) => Task.sleep(ms).pipe(Task.as(ms)))) // 200 ms, [100, 200]
 */
export const traverseArray = <A, E, B>(f: (a: A) => Task<E, B>) => {
  checkFunction('Task.traverseArray', f)
  return traverseArrayWithIndex<A, E, B>((_, a) => f(a))
}

/**
 * Runs the tasks concurrently; values in input order. Structured: the first failure cancels
 * and awaits the rest.
 *
 * @example
 * Task.sequenceArray([Task.of(1), Task.of(2)]) // Task.of([1, 2])
 */
export const sequenceArray = <E, A>(tasks: ReadonlyArray<Task<E, A>>): Task<E, ReadonlyArray<A>> => {
  checkTasks('Task.sequenceArray', tasks)
  return par(tasks)
}

/**
 * Maps each element (and its index) to a task and runs them one after another, stopping at
 * the first failure.
 *
 * @example
 * pipe(['a', 'b'], Task.traverseSeqArrayWithIndex((i, s) => Task.of(`${i}:${s}`))) // Task.of(['0:a', '1:b'])
 */
export const traverseSeqArrayWithIndex = <A, E, B>(f: (index: number, a: A) => Task<E, B>) => {
  checkFunction('Task.traverseSeqArrayWithIndex', f)
  return (as: ReadonlyArray<A>): Task<E, ReadonlyArray<B>> => {
    checkArray('Task.traverseSeqArrayWithIndex', as)
    // Each run gets its own output array; the steps are right-nested, so the fiber's
    // continuation stack stays one frame deep.
    return fromPrimitive(
      new Suspend(() => {
        const out: B[] = []
        const step = (i: number): Primitive =>
          i === as.length
            ? new Succeed(out)
            : new FlatMap(toPrimitive(f(i, as[i]!)), (b) => {
                out.push(b as B)
                return step(i + 1)
              })
        return step(0)
      }),
    )
  }
}

/**
 * Maps each element to a task and runs them one after another, stopping at the first failure.
 *
 * @example
 * pipe([100, 200], Task.traverseSeqArray((ms) => Task.sleep(ms).pipe(Task.as(ms)))) // 300 ms, [100, 200]
 */
export const traverseSeqArray = <A, E, B>(f: (a: A) => Task<E, B>) => {
  checkFunction('Task.traverseSeqArray', f)
  return traverseSeqArrayWithIndex<A, E, B>((_, a) => f(a))
}

/**
 * Runs the tasks one after another, stopping at the first failure.
 *
 * @example
 * Task.sequenceSeqArray([Task.of(1), Task.of(2)]) // Task.of([1, 2])
 */
export const sequenceSeqArray = <E, A>(tasks: ReadonlyArray<Task<E, A>>): Task<E, ReadonlyArray<A>> => {
  checkTasks('Task.sequenceSeqArray', tasks)
  return traverseSeqArrayWithIndex<Task<E, A>, E, A>((_, t) => t)(tasks)
}
