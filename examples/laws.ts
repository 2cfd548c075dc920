/**
 * Law-checking your own code with `taskloop/laws`:
 *
 * 1. your own fp-ts instance — a tiny `Counted` monad (a value with a count of steps) — with
 *    the generic `monadLaws` and `chainRecLaws`;
 * 2. your own task combinator — `retry(times, delay)` — with equations over random task
 *    programs (`arbTask`, `expectEquivalent`) and a cancel injected at every suspension point
 *    (`cancelEverywhere`).
 *
 * In a vitest file, `registerLaws({ describe, it })` gives one test per law (jest and mocha
 * take the same call). Run directly (`npx tsx examples/laws.ts`), it checks everything with
 * a tiny console runner and prints one line per law.
 *
 * @example
 * // test/my-laws.test.ts
 * import { describe, it } from 'vitest'
 * import { registerLaws } from '../examples/laws.js'
 * registerLaws({ describe, it })
 */
import * as fc from 'fast-check'
import type { Eq } from 'fp-ts/lib/Eq.js'
import type { Monad1 } from 'fp-ts/lib/Monad.js'
import type { ChainRec1 } from 'fp-ts/lib/ChainRec.js'
import type { Either } from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { Task } from '../lib/index.js'
import type { TestApi } from '../laws/index.js'
import { arbTask, cancelEverywhere, chainRecLaws, describeLaws, emit, expectEquivalent, monadLaws, suite } from '../laws/index.js'

// ---- 1. your own fp-ts instance ---------------------------------------------------------------

/** A value and how many steps produced it. */
interface Counted<A> {
  readonly value: A
  readonly steps: number
}

const URI = 'example/Counted'
type URI = typeof URI
declare module 'fp-ts/lib/HKT' {
  interface URItoKind<A> {
    readonly [URI]: Counted<A>
  }
}

const step = <A>(value: A): Counted<A> => ({ value, steps: 1 })

const CountedMonad: Monad1<URI> & ChainRec1<URI> = {
  URI,
  of: (value) => ({ value, steps: 0 }),
  map: (fa, f) => ({ value: f(fa.value), steps: fa.steps }),
  ap: (fab, fa) => ({ value: fab.value(fa.value), steps: fab.steps + fa.steps }),
  chain: (fa, f) => {
    const fb = f(fa.value)
    return { value: fb.value, steps: fa.steps + fb.steps }
  },
  chainRec: <A, B>(a: A, f: (a: A) => Counted<Either<A, B>>): Counted<B> => {
    let steps = 0
    for (let next = f(a); ; next = f((next.value as { left: A }).left)) {
      steps += next.steps
      if (next.value._tag === 'Right') return { value: next.value.right, steps }
    }
  },
}

const countedArbs = { lift: <A>(arb: fc.Arbitrary<A>) => fc.oneof(arb.map((a) => CountedMonad.of(a)), arb.map(step)) }
const countedEq = <A>(eqA: Eq<A>): Eq<Counted<A>> => ({ equals: (x, y) => x.steps === y.steps && eqA.equals(x.value, y.value) })

// ---- 2. your own task combinator --------------------------------------------------------------

/** Runs `task`; on failure waits `delay` ms and tries again, at most `times` more times. */
const retry =
  (times: number, delay: number) =>
  <E, A>(task: Task.Task<E, A>): Task.Task<E, A> =>
    times <= 0 ? task : pipe(task, Task.catchAll(() => pipe(Task.sleep(delay), Task.flatMap(() => retry(times - 1, delay)(task)))))

const arbA = fc.integer({ min: 0, max: 9 })
const arbE = fc.constantFrom('e1', 'e2')
const times = fc.integer({ min: 0, max: 3 })
const delay = fc.integer({ min: 0, max: 5 })

const law = (id: string, name: string, property: fc.IRawProperty<any>) => ({ id, name, source: 'examples/laws.ts', property })

const retryLaws = suite('retry', [
  law('R1', 'retry(0) is the identity', fc.property(arbTask(arbA, arbE), delay, (t, d) => expectEquivalent(retry(0, d)(t), t))),
  law(
    'R2',
    'a task that cannot fail is run once',
    fc.property(arbTask(arbA, arbE, { failures: false }), times, delay, (t, n, d) => expectEquivalent(retry(n, d)(t), t)),
  ),
  law(
    'R3',
    'a task that always fails is tried times + 1 times, delay apart',
    fc.property(arbE, times, delay, (e, n, d) => {
      const attempt = pipe(emit('attempt'), Task.flatMap(() => Task.fail(e)))
      // written out by hand: attempt, then n times "on failure, sleep d and attempt again"
      let expected: Task.Task<string, never> = attempt
      for (let i = 0; i < n; i++) expected = pipe(expected, Task.catchAll(() => pipe(Task.sleep(d), Task.flatMap(() => attempt))))
      expectEquivalent(retry(n, d)(attempt), expected)
    }),
  ),
  law(
    'R4',
    'a bracketed attempt releases once per acquire, wherever it is cancelled',
    fc.property(arbTask(arbA, arbE, { maxDepth: 2 }), times, (use, n) => {
      const attempt = Task.bracket(emit('acquire'), () => use, () => emit('release'))
      cancelEverywhere(retry(n, 1)(attempt), (o) => {
        const acquired = o.trace.filter((e) => e.x === 'acquire').length
        const released = o.trace.filter((e) => e.x === 'release').length
        return acquired === released ? undefined : `${acquired} acquire(s) but ${released} release(s)`
      })
    }),
  ),
])

/** One `describe` per suite, one `it` per law, with any runner's `describe`/`it`. */
export const registerLaws = (api: TestApi): void => {
  describeLaws(chainRecLaws(CountedMonad, countedArbs, countedEq, { name: 'Counted' }), api)
  describeLaws(monadLaws(CountedMonad, countedArbs, countedEq, { name: 'Counted' }), api)
  describeLaws(retryLaws, api)
}

// ---- run directly: a tiny console runner ------------------------------------------------------

const isMain = typeof process !== 'undefined' && process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!)
if (isMain) {
  let failed = 0
  const api: TestApi = {
    describe: (name, body) => {
      console.log(name)
      body()
    },
    it: (name, body) => {
      try {
        void body()
        console.log(`  ok   ${name}`)
      } catch (e) {
        failed++
        console.log(`  FAIL ${name}\n${String((e as Error).message).replace(/^/gm, '       ')}`)
      }
    },
  }
  registerLaws(api)
  console.log(failed === 0 ? 'every law holds' : `${failed} law(s) failed`)
  process.exitCode = failed === 0 ? 0 : 1
}

