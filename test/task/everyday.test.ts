/**
 * The everyday combinators: tapError, getOrElse, fromPredicate, filterOrElse, fromNullable,
 * when/unless, forever, delay, timeoutTo. Cancellation passes through the error helpers
 * (R22: it is not an error).
 */
import { pipe } from 'fp-ts/lib/function.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CancelledError, Task, TimeoutError, runSync } from '../../lib/index.js'
import { makeLog, runVirtual } from '../helpers.js'

describe('error helpers', () => {
  it('tapError runs its effect on a failure and keeps the failure; on a success it does nothing', () => {
    const { events, log } = makeLog()
    expect(runSync(pipe(Task.fail('e'), Task.tapError((e) => log(`saw ${e}`))))).toEqual({ _tag: 'Failed', error: 'e' })
    expect(runSync(pipe(Task.of(1), Task.tapError(() => log('never'))))).toEqual({ _tag: 'Succeeded', value: 1 })
    expect(events).toEqual(['saw e'])
  })

  it("tapError: a failing effect's own error wins (fp-ts TE.tapError)", () => {
    expect(runSync(pipe(Task.fail('e'), Task.tapError(() => Task.fail('from tap'))))).toEqual({ _tag: 'Failed', error: 'from tap' })
  })

  it('tapError and getOrElse never see a cancellation', () => {
    const { events, log } = makeLog()
    const main = pipe(
      Task.never,
      Task.tapError(() => log('tap')),
      Task.getOrElse(() => Task.as('recovered')(log('getOrElse'))),
      Task.timeout(5),
    )
    const r = runVirtual(main)
    expect(r.outcome._tag).toBe('Failed')
    expect((r.outcome as { error: unknown }).error).toBeInstanceOf(TimeoutError)
    expect(events).toEqual([])
  })

  it('getOrElse recovers every failure with a task that cannot fail', () => {
    const t: Task.Task<never, number | string> = pipe(Task.fail('e') as Task.Task<string, number>, Task.getOrElse((e) => Task.of(`default for ${e}`)))
    expect(runSync(t)).toEqual({ _tag: 'Succeeded', value: 'default for e' })
    expect(runSync(pipe(Task.of(1), Task.getOrElse(() => Task.of(0))))).toEqual({ _tag: 'Succeeded', value: 1 })
  })

  it('fromPredicate and filterOrElse (with a refinement narrowing the type)', () => {
    const positive = Task.fromPredicate((n: number) => n > 0, (n) => `not positive: ${n}`)
    expect(runSync(positive(2))).toEqual({ _tag: 'Succeeded', value: 2 })
    expect(runSync(positive(-1))).toEqual({ _tag: 'Failed', error: 'not positive: -1' })
    const isString = (u: unknown): u is string => typeof u === 'string'
    const s: Task.Task<string | number, string> = pipe(Task.of('x' as unknown), Task.filterOrElse(isString, () => 0))
    expect(runSync(s)).toEqual({ _tag: 'Succeeded', value: 'x' })
    expect(runSync(pipe(Task.of(3), Task.filterOrElse((n) => n > 5, (n) => `${n} is too small`)))).toEqual({ _tag: 'Failed', error: '3 is too small' })
    expect(runSync(pipe(Task.fail('first') as Task.Task<string, number>, Task.filterOrElse((n) => n > 5, () => 'never')))).toEqual({ _tag: 'Failed', error: 'first' })
  })

  it('fromNullable', () => {
    const f = Task.fromNullable('missing')
    expect(runSync(f(0))).toEqual({ _tag: 'Succeeded', value: 0 })
    expect(runSync(f(null))).toEqual({ _tag: 'Failed', error: 'missing' })
    expect(runSync(f(undefined))).toEqual({ _tag: 'Failed', error: 'missing' })
  })

  it('bad arguments are TypeErrors at the call', () => {
    expect(() => Task.tapError(1 as never)).toThrow(/Task.tapError expects a function/)
    expect(() => Task.getOrElse(1 as never)).toThrow(TypeError)
    expect(() => Task.fromPredicate((() => true) as never, 1 as never)).toThrow(TypeError)
    expect(() => Task.filterOrElse(1 as never, () => 0)).toThrow(TypeError)
  })
})

describe('control', () => {
  it('when / unless run the task or not, giving an Option; a function condition is read at each run', () => {
    let enabled = false
    const { events, log } = makeLog()
    const t = pipe(Task.as(7)(log('ran')), Task.when(() => enabled))
    expect(runSync(t)).toEqual({ _tag: 'Succeeded', value: { _tag: 'None' } })
    enabled = true
    expect(runSync(t)).toEqual({ _tag: 'Succeeded', value: { _tag: 'Some', value: 7 } })
    expect(runSync(pipe(Task.of(1), Task.unless(true)))).toEqual({ _tag: 'Succeeded', value: { _tag: 'None' } })
    expect(runSync(pipe(Task.of(1), Task.unless(false)))).toEqual({ _tag: 'Succeeded', value: { _tag: 'Some', value: 1 } })
    expect(events).toEqual(['ran'])
    expect(() => Task.when('yes' as never)).toThrow(/Task.when expects a boolean or a function/)
    expect(() => Task.unless(1 as never)).toThrow(new TypeError('Task.unless expects a boolean or a function returning one, got number 1'))
  })

  it('bracket: a release that returns no task (a forgotten return) fails with a TypeError that says so; the value is not kept', () => {
    const released: string[] = []
    const o = runSync(Task.bracket(Task.of('conn'), (c: string) => Task.of(c.length), (c: string) => void released.push(c) as never))
    expect(o._tag).toBe('Failed')
    const error = (o as { error: unknown }).error
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toBe('Task.bracket (the task release returned) expects a Task, got undefined')
    expect(released).toEqual(['conn'])
  })

  it('forever repeats until a failure, ceding between runs', () => {
    let n = 0
    const t = pipe(Task.suspend(() => (++n === 5 ? Task.fail('stop') : Task.unit)), Task.forever)
    expect(runSync(t)).toEqual({ _tag: 'Failed', error: 'stop' })
    expect(n).toBe(5)
  })

  it('forever of a synchronous task can be cancelled (it cedes between runs)', () => {
    let n = 0
    const main = Task.gen(function* () {
      const f = yield* Task.spawn(pipe(Task.sync(() => void n++), Task.forever))
      for (let i = 0; i < 10; i++) yield* Task.cede
      f.cancel()
      try {
        yield* f
      } catch (e) {
        return e instanceof CancelledError
      }
      return false
    })
    expect(runSync(main)).toEqual({ _tag: 'Succeeded', value: true })
    expect(n).toBeGreaterThan(5)
    expect(n).toBeLessThan(12)
  })

  it('forever on a sleep ticks on time', () => {
    const { events, logAt } = makeLog()
    const main = pipe(Task.sleep(10), Task.flatMap(() => logAt('tick')), Task.forever, Task.timeout(35))
    runVirtual(main)
    expect(events).toEqual(['tick@10', 'tick@20', 'tick@30'])
  })

  it('delay(ms) sleeps, then runs', () => {
    const { events, logAt } = makeLog()
    const r = runVirtual(pipe(logAt('ran'), Task.delay(25)))
    expect(events).toEqual(['ran@25'])
    expect(r.elapsed).toBe(25)
    expect(() => Task.delay(NaN)).toThrow(/^Task.delay expects a number of milliseconds/)
  })

  it('timeoutTo runs the fallback at the deadline, after the task was cancelled and finished', () => {
    const { events, logAt } = makeLog()
    const slow = pipe(Task.sleep(100), Task.as('slow'), Task.onCancel(logAt('cancelled')))
    const r = runVirtual(pipe(slow, Task.timeoutTo(30, Task.flatMap(() => Task.of('fallback'))(logAt('fallback')))))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 'fallback' })
    expect(events).toEqual(['cancelled@30', 'fallback@30'])
    expect(runVirtual(pipe(Task.sleep(10), Task.as('fast'), Task.timeoutTo(30, Task.of('fallback')))).outcome).toEqual({ _tag: 'Succeeded', value: 'fast' })
  })

  it("timeoutTo: the task's own failures, even an inner TimeoutError, pass through", () => {
    const inner = pipe(Task.never, Task.timeout(10))
    const r = runVirtual(pipe(inner, Task.timeoutTo(50, Task.of('fallback'))))
    expect(r.outcome._tag).toBe('Failed')
    expect((r.outcome as { error: unknown }).error).toBeInstanceOf(TimeoutError)
    expect(r.elapsed).toBe(10)
    expect(runSync(pipe(Task.fail('e'), Task.timeoutTo(50, Task.of('fallback'))))).toEqual({ _tag: 'Failed', error: 'e' })
    expect(() => Task.timeoutTo(NaN, Task.of(1))).toThrow(TypeError)
    expect(() => Task.timeoutTo(10, 'x' as never)).toThrow(TypeError)
  })

  it('property: tapError on a success is the identity; getOrElse on a success is the identity', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(20), (a, d) => {
        const t = pipe(Task.sleep(d), Task.as(a))
        expect(runVirtual(pipe(t, Task.tapError(() => Task.fail('x'))))).toEqual(runVirtual(t))
        expect(runVirtual(pipe(t, Task.getOrElse(() => Task.of(-1))))).toEqual(runVirtual(t))
      }),
    )
  })
})
