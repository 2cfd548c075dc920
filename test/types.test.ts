/**
 * Type-level checks: what users see in their editors. These fail the typecheck if wrong.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expectTypeOf, it } from 'vitest'
import { Task } from '../lib/index.js'
import type { Fiber, Future } from '../lib/index.js'

describe('types', () => {
  it('gen infers the error union of everything it awaits, and the return type', () => {
    const t = Task.gen(function* () {
      const a = yield* Task.of(1)
      yield* Task.fail('e1' as const)
      const b = yield* (Task.fail(new RangeError('x')) as Task.Task<RangeError, string>)
      return [a, b] as const
    })
    expectTypeOf(t).toEqualTypeOf<Task.Task<'e1' | RangeError, readonly [number, string]>>()
  })

  it('yield* on a fiber or a future gives its value', () => {
    const t = (f: Fiber<'x', number>, u: Future<'y', string>) =>
      Task.gen(function* () {
        const n = yield* f
        const s = yield* u
        return { n, s }
      })
    expectTypeOf(t).returns.toEqualTypeOf<Task.Task<'x' | 'y', { n: number; s: string }>>()
  })

  it('pipeable combinators accumulate errors', () => {
    const t = pipe(
      Task.of(1) as Task.Task<'a', number>,
      Task.flatMap((n) => (n > 0 ? Task.of(String(n)) : Task.fail('b' as const))),
      Task.map((s) => s.length),
    )
    expectTypeOf(t).toEqualTypeOf<Task.Task<'a' | 'b', number>>()
    expectTypeOf(pipe(t, Task.catchAll(() => Task.of('fallback')))).toEqualTypeOf<Task.Task<never, number | string>>()
    expectTypeOf(Task.gather([Task.of(1), Task.of('s')])).toEqualTypeOf<Task.Task<never, [number, string]>>()
  })
})
