/**
 * Laws of `Task.retry` / `Task.repeat` with `Schedule`s, and of the everyday combinators
 * (`tapError`, `getOrElse`, `when`/`unless`, `delay`, `timeoutTo`): each is stated as an
 * equivalence with the plain program it must be, on the virtual clock (same outcome, same
 * trace, same elapsed time).
 *
 * @module
 */
import * as fc from 'fast-check'
import { Schedule, Task } from '../../lib/index.js'
import { seq } from '../helpers.js'
import { emit } from '../observe.js'
import type { LawSuite } from '../suite.js'
import { suite } from '../suite.js'
import type { TaskSuiteOptions, T } from './kit.js'
import { arbA, arbD, arbE, count, eqLaw, kit, obsLaw } from './kit.js'

/** A few schedules, by name (so a failing law prints which). */
const arbSchedule: fc.Arbitrary<[string, Schedule.Schedule<unknown>]> = fc.oneof(
  fc.nat(3).map((n) => [`recurs(${n})`, Schedule.recurs(n)] as [string, Schedule.Schedule<unknown>]),
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.nat(3)).map(([d, n]) => [`spaced(${d}) ∧ recurs(${n})`, Schedule.spaced(d).pipe(Schedule.both(Schedule.recurs(n)))] as [string, Schedule.Schedule<unknown>]),
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.nat(3)).map(([d, n]) => [`exponential(${d}) ∧ recurs(${n})`, Schedule.exponential(d).pipe(Schedule.both(Schedule.recurs(n)))] as [string, Schedule.Schedule<unknown>]),
)

/** L164–L174: schedules and the everyday combinators. */
export const scheduleSuite = (opts: TaskSuiteOptions = {}): LawSuite => {
  const K = kit(opts)
  const noFailures = { failures: false } as const
  return suite('Task schedule and everyday combinators', [
    eqLaw({ id: 'L164', name: 'Retry.recursZeroIsIdentity', source: 'Effect Schedule.recurs; ZIO retry(Schedule.recurs(0))' }, '≡', [K.t()], (t) => [Task.retry(Schedule.recurs(0))(t), t]),
    eqLaw({ id: 'L165', name: 'Repeat.recursZeroIsIdentity', source: 'Effect Schedule.recurs; ZIO repeat(Schedule.recurs(0))' }, '≡', [K.t()], (t) => [Task.repeat(Schedule.recurs(0))(t), t]),
    eqLaw({ id: 'L166', name: 'Retry.successTakesNoTime', source: 'decision: retry asks its schedule only after a failure' }, '≡', [K.t(noFailures), arbSchedule], (t, [, s]) => [Task.retry(s)(t), t]),
    obsLaw({ id: 'L167', name: 'Retry.recursNRunsAtMostNPlusOne', source: 'Effect Schedule.recurs doc: n recurrences after the first run' }, 'invariant', [fc.nat(4), arbE], (n, e) => Task.retry(Schedule.recurs(n))(seq(emit('run'), Task.fail(e))), (o, n, e) =>
      count(o, 'run') === n + 1 && o.outcome._tag === 'Failed' && o.outcome.error === e ? undefined : `expected ${n + 1} runs and the last failure`),
    eqLaw({ id: 'L168', name: 'Retry.spacedIsSleepThenRetry', source: 'Schedule.spaced: each recurrence after a sleep of d' }, '≡', [arbD.filter((d) => d > 0), arbE], (d, e) => {
      const attempt = seq(emit('run'), Task.fail(e))
      const thenAgain = (next: T<string, never>): T<string, never> => Task.catchAll(() => seq(Task.sleep(d), next))(attempt)
      return [Task.retry(Schedule.spaced(d).pipe(Schedule.both(Schedule.recurs(2))))(attempt), thenAgain(thenAgain(attempt))]
    }),
    eqLaw({ id: 'L169', name: 'TapError.successIsIdentity', source: 'fp-ts TaskEither.tapError on a Right' }, '≡', [K.t(noFailures), K.h()], (t, h) => [Task.tapError(h)(t), t]),
    eqLaw({ id: 'L170', name: 'TapError.failureRunsEffectThenFailsAgain', source: 'fp-ts TaskEither.tapError on a Left' }, '≡', [arbE, K.h()], (e, h) => [Task.tapError(h)(Task.fail(e)), Task.flatMap(() => Task.fail(e))(h(e))]),
    eqLaw({ id: 'L171', name: 'GetOrElse.successIsIdentity', source: 'fp-ts TaskEither.getOrElse on a Right' }, '≡', [K.t(noFailures), arbA], (t, a) => [Task.getOrElse(() => Task.of(a))(t as T<string, number>), t]),
    eqLaw({ id: 'L172', name: 'Delay.isSleepThen', source: 'delay(d)(t) = sleep(d) >> t' }, '≡', [arbD, K.t()], (d, t) => [Task.delay(d)(t), seq(Task.sleep(d), t)]),
    eqLaw({ id: 'L173', name: 'When.trueIsSomeFalseIsNone', source: 'Effect.when; fp-ts Option' }, '≡', [fc.boolean(), K.t()], (b, t) => [
      Task.when(b)(t),
      b ? Task.map((a: number) => ({ _tag: 'Some', value: a }))(t) : Task.of({ _tag: 'None' }),
    ]),
    eqLaw({ id: 'L174', name: 'TimeoutTo.neverIsSleepThenFallback', source: 'cats-effect GenTemporal.timeoutTo' }, '≡', [fc.integer({ min: 1, max: 5 }), K.t()], (d, fb) => [Task.timeoutTo(d, fb)(Task.never), seq(Task.sleep(d), fb)]),
  ])
}
