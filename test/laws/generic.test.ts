import * as fc from 'fast-check'
import { either as E, option as O, string as S } from 'fp-ts'
import { tailRec } from 'fp-ts/lib/ChainRec.js'
import { describe, it, expect } from 'vitest'
import {
  altLaws,
  arbTask,
  bifunctorLaws,
  chainRecLaws,
  checkLaws,
  describeLaws,
  functorLaws,
  liftEq,
  monadLaws,
  monadThrowLaws,
  structuralEq,
} from '../../laws/index.js'
import { Task } from '../../lib/index.js'

const optionArbs = { lift: <A>(a: fc.Arbitrary<A>) => fc.oneof(fc.constant(O.none), a.map(O.some)) as fc.Arbitrary<O.Option<A>> }
const eitherArbs = {
  lift: <A>(a: fc.Arbitrary<A>) => fc.oneof(fc.string({ maxLength: 2 }).map(E.left), a.map(E.right)) as fc.Arbitrary<E.Either<string, A>>,
  error: fc.string({ maxLength: 2 }),
}
// fp-ts 2.16's Option has no ChainRec instance: one from fp-ts's tailRec
const OptionChainRec = {
  ...O.Monad,
  chainRec: <A, B>(a: A, f: (a: A) => O.Option<E.Either<A, B>>): O.Option<B> =>
    tailRec(f(a), (o: O.Option<E.Either<A, B>>) =>
      O.isNone(o) ? E.right(O.none) : E.isLeft(o.value) ? E.left(f(o.value.left)) : E.right(O.some(o.value.right)),
    ),
}
const eitherEq = <A>(eqA: { equals: (x: A, y: A) => boolean }) => E.getEq(S.Eq, eqA)

describe('generic suites on fp-ts Option (proof that they are generic)', () => {
  describeLaws(chainRecLaws(OptionChainRec, optionArbs, O.getEq, { name: 'Option' }), { describe, it })
  describeLaws(monadThrowLaws(O.MonadThrow, optionArbs, O.getEq, { name: 'Option' }), { describe, it })
  describeLaws(altLaws(O.Alt, optionArbs, O.getEq, { name: 'Option' }), { describe, it })
})

describe('generic suites on fp-ts Either', () => {
  describeLaws(chainRecLaws({ ...E.Monad, ...E.ChainRec }, eitherArbs, eitherEq, { name: 'Either' }), { describe, it })
  describeLaws(monadThrowLaws(E.MonadThrow, eitherArbs, eitherEq, { name: 'Either' }), { describe, it })
  describeLaws(bifunctorLaws(E.Bifunctor, eitherArbs, eitherEq, { name: 'Either' }), { describe, it })
  describeLaws(altLaws(E.Alt, eitherArbs, eitherEq, { name: 'Either' }), { describe, it })
})

describe('the runners report a broken instance', () => {
  // a "functor" whose map forgets to apply the function to Some
  const Broken = { ...O.Functor, map: <A, B>(fa: O.Option<A>, f: (a: A) => B) => (O.isSome(fa) && typeof fa.value === 'number' && fa.value > 5 ? O.none : O.map(f)(fa)) as O.Option<B> }
  const Forgetful = { ...O.Monad, chain: <A, B>(fa: O.Option<A>, k: (a: A) => O.Option<B>) => (O.isSome(fa) ? k(fa.value) : O.none) , of: <A>(a: A) => (typeof a === 'number' && a === 3 ? O.none : O.some(a)) }
  it('checkLaws passes a lawful instance and throws naming the law for a broken one', () => {
    expect(() => checkLaws(functorLaws(O.Functor, optionArbs, O.getEq))).not.toThrow()
    expect(() => checkLaws(functorLaws(Broken, optionArbs, O.getEq), { seed: 1, numRuns: 25 })).toThrow(/L12 Functor\.identity|L13 Functor\.composition/)
    expect(() => checkLaws(monadLaws(Forgetful as typeof O.Monad, optionArbs, O.getEq), { seed: 1, numRuns: 25 })).toThrow(/L2[789] Monad\.(left|right)Identity/)
  })
})

const taskArbs = {
  lift: <A>(a: fc.Arbitrary<A>) => arbTask(a, fc.constantFrom('e1', 'e2'), { maxDepth: 2 }),
  error: fc.constantFrom('e1', 'e2'),
}
describe('generic suites on taskloop Task (fp-ts instances)', () => {
  const eq = liftEq<string>(structuralEq)
  describeLaws(monadThrowLaws(Task.MonadThrow, taskArbs, eq, { name: 'Task' }), { describe, it })
  describeLaws(bifunctorLaws(Task.Bifunctor, taskArbs, eq, { name: 'Task' }), { describe, it })
  describeLaws(altLaws(Task.Alt, taskArbs, eq, { name: 'Task' }), { describe, it })
})

describe('the Task Eq sees effects, so a broken Task instance fails its laws', () => {
  // a chain that quietly retries a failing task once: values agree, traces do not
  const Retrying = { ...Task.Monad, chain: <E, A, B>(fa: Task.Task<E, A>, k: (a: A) => Task.Task<E, B>) => Task.Monad.chain(Task.catchAll(() => fa)(fa), k) }
  it('right identity (L28) fails, printing the program and what differed', () => {
    expect(() => checkLaws(monadLaws(Retrying, taskArbs, liftEq<string>(structuralEq), { name: 'Retrying' }), { seed: 7, numRuns: 25 })).toThrow(
      /L28 Retrying Monad\.rightIdentity failed[\s\S]*Counterexample[\s\S]*lhs ≢ rhs: /,
    )
  })
})
