/**
 * A coroutine (`Task.gen`) is resumed through its iterator's `next`. For the plain generator
 * object of a `function*` the run loop calls the engine's own `next` directly (`fiber.ts`,
 * `isPlainGenerator`); any other `next` — redefined on a generator function's `prototype`, or
 * on the generator object itself, or a hand-written iterator's — must still be the one called,
 * with the same values, in the same order.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Task, runSync } from '../../lib/index.js'

/** A coroutine that awaits `values` one by one and returns their sum. */
function* summing(values: ReadonlyArray<number>): Generator<unknown, number, any> {
  let sum = 0
  for (const v of values) sum += yield* Task.of(v)
  return sum
}

describe('resuming a coroutine', () => {
  it('a next redefined on the generator function’s prototype is the one called (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 8 }), (values) => {
        const sent: unknown[] = []
        function* body(): Generator<unknown, number, any> {
          return yield* summing(values)
        }
        const engineNext = Object.getPrototypeOf(body.prototype).next as (v: unknown) => IteratorResult<unknown, number>
        Object.defineProperty(body.prototype, 'next', {
          value(this: Generator, v: unknown) {
            sent.push(v)
            return engineNext.call(this, v)
          },
        })
        const outcome = runSync(Task.gen(body))
        expect(outcome).toEqual({ _tag: 'Succeeded', value: values.reduce((a, b) => a + b, 0) })
        // the first next starts the body; each later one delivers an awaited value
        expect(sent).toEqual([undefined, ...values])
      }),
      { numRuns: 50 },
    )
  })

  it('a next set on the generator object itself is the one called', () => {
    const sent: unknown[] = []
    const body = (): Generator<unknown, number, any> => {
      const it = summing([1, 2, 3])
      const engineNext = it.next
      it.next = (v: unknown) => {
        sent.push(v)
        return engineNext.call(it, v)
      }
      return it
    }
    expect(runSync(Task.gen(body))).toEqual({ _tag: 'Succeeded', value: 6 })
    expect(sent).toEqual([undefined, 1, 2, 3])
  })

  it('a plain generator: values in, a failure out at its yield*, caught by its own catch', () => {
    const program = Task.gen(function* () {
      const a = yield* Task.of(20)
      try {
        yield* Task.fail(new Error('boom'))
      } catch (error) {
        return `${a + 1} ${(error as Error).message}`
      }
      return 'not reached'
    })
    expect(runSync(program)).toEqual({ _tag: 'Succeeded', value: '21 boom' })
  })
})
