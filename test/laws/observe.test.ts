import * as fc from 'fast-check'
import { number as N, string as S } from 'fp-ts'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import {
  allLaws,
  arbKleisli,
  arbProgram,
  arbTask,
  canceled,
  cancelEverywhere,
  checkLaws,
  describeLaws,
  emit,
  equivalent,
  expectEquivalent,
  getEq,
  joinOutcome,
  liftEq,
  observe,
  program,
  seededSchedule,
  structuralEq,
  suite,
  taskLaws,
} from '../../laws/index.js'
import { Loop, Task } from '../../lib/index.js'
import { runSyncUntil } from '../../lib/Loop.js'

const seq = <E, A, E2, B>(a: Task.Task<E, A>, b: Task.Task<E2, B>) => Task.flatMap(() => b)(a)

describe('observe', () => {
  it('records outcome, timed trace and elapsed virtual time', () => {
    const o = observe(seq(emit('a'), seq(Task.sleep(5), seq(emit('b'), Task.of(1)))))
    expect(o.outcome).toEqual({ _tag: 'Succeeded', value: 1 })
    expect(o.trace).toEqual([{ t: 0, x: 'a' }, { t: 5, x: 'b' }])
    expect(o.elapsed).toBe(5)
  })

  it('tells deadlock (NonTerminating) from budgets (Diverged steps / time)', () => {
    expect(observe(Task.never).outcome).toEqual({ _tag: 'NonTerminating' })
    const busy: Task.Task<never, never> = Task.flatMap(() => busy)(Task.cede)
    expect(observe(busy, { maxSteps: 1000 }).outcome).toEqual({ _tag: 'Diverged', reason: 'steps' })
    const ticking: Task.Task<never, never> = Task.flatMap(() => ticking)(Task.sleep(1000))
    expect(observe(ticking, { maxTime: 10_000 }).outcome).toEqual({ _tag: 'Diverged', reason: 'time' })
  })

  it('counts leftovers, drains or tears them down, and collects unhandled failures', () => {
    const main = seq(Task.spawn(Task.onCancel(emit('torn'))(Task.never)), seq(Task.spawn(seq(Task.sleep(3), Task.fail('lost'))), Task.sleep(1)))
    const stop = observe(main)
    expect(stop.leftovers).toEqual({ fibers: 2, timers: 1 })
    expect(stop.after).toEqual([])
    const drained = observe(main, { afterMain: 'drain' })
    expect(drained.unhandled).toEqual(['lost'])
    const torn = observe(main, { afterMain: 'teardown' })
    expect(torn.after.map((e) => e.x)).toEqual(['torn'])
    expect(torn.pendingAtEnd).toBe(0)
  })

  it('teardown also tears down the fibers that finalizers start while it runs', () => {
    // the finalizer starts a fiber that sleeps an hour, and lets it run up to its sleep: a
    // single round of cancelling would leave it pending
    const late = seq(emit('late started'), Task.onCancel(emit('late torn'))(Task.sleep(3_600_000)))
    const main = seq(Task.spawn(Task.onCancel(seq(Task.spawn(late), Task.cede))(Task.never)), Task.cede)
    const torn = observe(main, { afterMain: 'teardown' })
    expect(torn.after.map((e) => e.x)).toEqual(['late started', 'late torn'])
    expect(torn.pendingAtEnd).toBe(0)
  })

  it('cancelAfter cancels main after k iterations', () => {
    const t = seq(Task.cede, seq(emit('late'), Task.of(1)))
    expect(observe(t, { cancelAfter: 1 }).outcome._tag).toBe('Cancelled')
    expect(observe(t, { cancelAfter: 5 }).outcome._tag).toBe('Succeeded')
  })

  it('a seeded schedule replays: same seed, same observation; different seeds may reorder', () => {
    const racers = Task.gather([0, 1, 2, 3].map((i) => emit(i)))
    const orders = new Set<string>()
    for (let seed = 0; seed < 20; seed++) {
      const a = observe(racers, { schedule: { seed } })
      expect(observe(racers, { schedule: { seed } }).trace).toEqual(a.trace)
      orders.add(a.trace.map((e) => e.x).join())
    }
    expect(orders.size).toBeGreaterThan(1)
    expect(seededSchedule(7)([1, 2, 3] as never[]).length).toBe(3)
  })
})

describe('equivalent', () => {
  it('explains what differs', () => {
    expect(equivalent(Task.of(1), Task.of(2)).diff).toBe('outcome: Succeeded(1) vs Succeeded(2)')
    expect(equivalent(Task.sleep(1), Task.sleep(2)).diff).toBe('elapsed: 1 vs 2')
    expect(equivalent(seq(emit(1), emit(2)), seq(emit(2), emit(1))).diff).toMatch(/^trace/)
    expect(() => expectEquivalent(Task.of(1), Task.fail('e'))).toThrow(/Succeeded\(1\) vs Failed\("e"\)/)
  })

  it('per-instant traces compare same-instant events as a multiset; alley compares only successes', () => {
    expect(equivalent(seq(emit(1), emit(2)), seq(emit(2), emit(1)), { trace: 'per-instant' }).equal).toBe(true)
    expect(equivalent(seq(emit(1), seq(Task.sleep(1), emit(2))), seq(emit(2), seq(Task.sleep(1), emit(1))), { trace: 'per-instant' }).equal).toBe(false)
    expect(equivalent(Task.fail('a'), canceled, { outcome: 'alley' }).equal).toBe(true)
    expect(equivalent(Task.of(1) as Task.Task<never, unknown>, canceled, { outcome: 'alley' }).equal).toBe(false)
  })

  it('leftovers count only under ≡⁺', () => {
    const leaky = seq(Task.spawn(Task.never), Task.of(1))
    expect(equivalent(leaky, Task.of(1)).equal).toBe(true)
    expect(equivalent(leaky, Task.of(1), { leftovers: 'compare' }).equal).toBe(false)
  })

  it('getEq / liftEq are synchronous fp-ts Eqs', () => {
    const eq = getEq(S.Eq, N.Eq)
    expect(eq.equals(Task.of(1), pipe(Task.sleep(0), Task.as(1)))).toBe(true) // a cede is a suspension, not time
    expect(eq.equals(Task.of(1), pipe(Task.sleep(1), Task.as(1)))).toBe(false)
    expect(eq.equals(pipe(Task.sleep(2), Task.as(1)), pipe(Task.sleep(1), Task.flatMap(() => Task.sleep(1)), Task.as(1)))).toBe(true)
    expect(liftEq(structuralEq)(N.Eq).equals(Task.fail('x') as Task.Task<unknown, number>, Task.fail('x'))).toBe(true)
  })
})

describe('generated programs', () => {
  it('print as pseudo-code and rebuild the same task each time', () => {
    const p = program<string, number>({ k: 'sleep', d: 2, next: { k: 'emit', x: 'a', next: { k: 'of', a: 1 } } })
    expect(p.toString()).toBe('sleep(2) >> emit("a") >> of(1)')
    expect(observe(p.toTask()).trace).toEqual([{ t: 2, x: 'a' }])
    expect(equivalent(p.toTask(), p.toTask()).equal).toBe(true)
  })

  it('a failing property prints the program that broke it', () => {
    const claim = fc.property(arbProgram(fc.integer({ min: 0, max: 3 }), fc.constant('e')), (p) => observe(p.toTask()).trace.length === 0)
    expect(() => fc.assert(claim, { seed: 42, numRuns: 200 })).toThrow(/emit\("[abcd]"\)/)
  })

  it('are total: with default flags nothing diverges', () => {
    fc.assert(
      fc.property(arbTask(fc.integer(), fc.string(), { swallowsCancellation: true }), arbKleisli(fc.integer(), fc.string()), (t, k) => {
        const o = observe(Task.flatMap(k)(t), { afterMain: 'teardown' })
        return o.outcome._tag !== 'Diverged'
      }),
      { numRuns: 100 },
    )
  })

  it('flags take effect: no spawns means no leftovers, no cancellation means never Cancelled', () => {
    fc.assert(
      fc.property(arbTask(fc.integer(), fc.string(), { spawns: false, parallel: false, cancellation: false }), (t) => {
        const o = observe(t)
        return o.leftovers.fibers === 0 && o.outcome._tag !== 'Cancelled'
      }),
      { numRuns: 100 },
    )
  })
})

describe('cancelEverywhere', () => {
  it('visits every suspension point and reports the first broken invariant with k', () => {
    const t = seq(Task.cede, seq(Task.cede, seq(emit('x'), Task.cede)))
    const points = cancelEverywhere(t, () => undefined)
    // main's first step and three cedes: four iterations, so k = 0..4 (at k = 4 it has finished)
    expect(points.map((p) => p.k)).toEqual([0, 1, 2, 3, 4])
    expect(points.map((p) => p.observation.outcome._tag)).toEqual(['Cancelled', 'Cancelled', 'Cancelled', 'Cancelled', 'Succeeded'])
    expect(points.map((p) => p.observation.trace.length)).toEqual([0, 0, 0, 1, 1])
    expect(() => cancelEverywhere(t, (o) => (o.trace.length === 1 ? undefined : 'x missing'))).toThrow(/x missing \(cancelled after 0 iterations\)/)
  })

  it('finds a combinator that breaks under cancellation (a hand-rolled "bracket" that is not)', () => {
    const naive = <A>(use: Task.Task<never, A>) => seq(emit('acq'), Task.flatMap((a: A) => Task.as(a)(emit('rel')))(use))
    const balanced = (o: ReturnType<typeof observe>) => (o.trace.filter((e) => e.x === 'acq').length === o.trace.filter((e) => e.x === 'rel').length ? undefined : 'leaked')
    expect(() => cancelEverywhere(naive(Task.sleep(1)), balanced)).toThrow(/leaked/)
    const real = Task.bracket(emit('acq'), () => Task.sleep(1), () => emit('rel'))
    expect(() => cancelEverywhere(real, balanced)).not.toThrow()
  })
})

describe('runners', () => {
  const good = { id: 'T1', name: 'good', source: 'test', property: fc.property(fc.integer(), (n) => n === n) }
  const bad = { id: 'T2', name: 'bad', source: 'test', property: fc.property(fc.integer({ min: 5 }), (n) => n < 5) }

  it('checkLaws throws naming each failing law and its source', () => {
    expect(() => checkLaws(suite('S', [good]))).not.toThrow()
    expect(() => checkLaws(suite('S', [good, bad]))).toThrow(/S: 1 law\(s\) failed[\s\S]*T2 bad failed \[test\]/)
  })

  it('describeLaws registers one test per law, parents first, de-duplicated, with only/skip', () => {
    const names: string[] = []
    const api = { describe: (_: string, body: () => void) => body(), it: (name: string) => void names.push(name) }
    describeLaws(suite('child', [bad], [suite('parent', [good]), suite('other', [good])]), api)
    expect(names).toEqual(['T1 good', 'T2 bad'])
    names.length = 0
    describeLaws(suite('child', [bad, good]), api, { skip: ['T2'] })
    expect(names).toEqual(['T1 good'])
  })

  it('the catalogue has every law id once', () => {
    const ids = allLaws(taskLaws()).map((l) => l.id + ' ' + l.name)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBeGreaterThan(150)
  })
})

describe('Loop.runSyncUntil', () => {
  it('steps a virtual loop until the predicate holds, or says why it stopped', () => {
    const loop = new Loop({ clock: 'virtual' })
    const f = loop.createTask(Task.sleep(10))
    expect(runSyncUntil(loop, () => f.done())).toMatchObject({ stopped: 'until', timers: 0 })
    expect(loop.time()).toBe(10)
    const g = loop.createTask(Task.never)
    expect(runSyncUntil(loop, () => g.done()).stopped).toBe('idle')
    loop.createTask(Task.sleep(100))
    expect(runSyncUntil(loop, () => false, { maxTime: 50 })).toMatchObject({ stopped: 'time', timers: 1 })
    expect(loop.time()).toBe(10)
    expect(runSyncUntil(loop, () => false, { maxIterations: 1 })).toMatchObject({ stopped: 'iterations', iterations: 1 })
    g.cancel()
    runSyncUntil(loop, () => g.done())
    loop.close()
  })

  it('refuses a real-clock loop and a non-function', () => {
    const real = new Loop()
    expect(() => runSyncUntil(real, () => true)).toThrow(/virtual clock/)
    real.close()
    const v = new Loop({ clock: 'virtual' })
    expect(() => runSyncUntil(v, 42 as never)).toThrow(TypeError)
    v.close()
  })
})

void joinOutcome
