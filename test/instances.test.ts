/**
 * fp-ts instances (SPEC §6): Par runs concurrently and structured, everything else is
 * sequential; Do-notation; traversals. All on the virtual clock.
 */
import { sequenceS, sequenceT } from 'fp-ts/lib/Apply.js'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as RA from 'fp-ts/lib/ReadonlyArray.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CancelledError, Task } from '../lib/index.js'
import { makeLog, runVirtual } from './helpers.js'

// typed with a common error type, as fp-ts's sequenceT asks
const after = <A>(ms: number, a: A): Task.Task<string, A> => pipe(Task.sleep(ms), Task.as(a))
const failAfter = (ms: number, e: string): Task.Task<string, never> => pipe(Task.sleep(ms), Task.flatMap(() => Task.fail(e)))

/** How many fibers besides the caller are still alive on the running loop. */
const othersAlive = pipe(
  Task.getRunningLoop,
  Task.map((loop) => loop.allTasks().length - 1),
)

describe('instances: shape', () => {
  it("registers the URI 'taskloop/Task' and every instance carries it", () => {
    expect(Task.URI).toBe('taskloop/Task')
    const all = {
      Functor: Task.Functor,
      Pointed: Task.Pointed,
      ApplyPar: Task.ApplyPar,
      ApplicativePar: Task.ApplicativePar,
      ApplySeq: Task.ApplySeq,
      ApplicativeSeq: Task.ApplicativeSeq,
      Chain: Task.Chain,
      Monad: Task.Monad,
      MonadThrow: Task.MonadThrow,
      Bifunctor: Task.Bifunctor,
      Alt: Task.Alt,
      FromIO: Task.FromIO,
      FromTask: Task.FromTask,
      FromEither: Task.FromEither,
      MonadIO: Task.MonadIO,
      MonadTask: Task.MonadTask,
    }
    for (const [name, instance] of Object.entries(all)) expect(instance.URI, name).toBe('taskloop/Task')
  })

  it('each instance has the members of its type class', () => {
    const members = (o: object) => Object.keys(o).sort()
    expect(members(Task.Functor)).toEqual(['URI', 'map'])
    expect(members(Task.ApplicativePar)).toEqual(['URI', 'ap', 'map', 'of'])
    expect(members(Task.Monad)).toEqual(['URI', 'ap', 'chain', 'map', 'of'])
    expect(members(Task.MonadThrow)).toEqual(['URI', 'ap', 'chain', 'map', 'of', 'throwError'])
    expect(members(Task.MonadTask)).toEqual(['URI', 'ap', 'chain', 'fromIO', 'fromTask', 'map', 'of'])
    expect(members(Task.Bifunctor)).toEqual(['URI', 'bimap', 'mapLeft'])
    expect(members(Task.Alt)).toEqual(['URI', 'alt', 'map'])
  })

  it('only the instances named Par share ApplicativePar.ap; every other ap is the sequential one', () => {
    expect(Task.ApplyPar.ap).toBe(Task.ApplicativePar.ap)
    for (const seq of [Task.ApplySeq, Task.Chain, Task.Monad, Task.MonadThrow, Task.MonadIO, Task.MonadTask]) {
      expect(seq.ap).toBe(Task.ApplicativeSeq.ap)
      expect(seq.ap).not.toBe(Task.ApplicativePar.ap)
    }
  })
})

describe('ApplicativePar vs ApplicativeSeq', () => {
  const three = () => [after(100, 'a'), after(100, 'b'), after(100, 'c')] as const

  it('sequenceT(ApplicativePar) of three 100 ms sleeps takes 100 ms; ApplicativeSeq takes 300 ms', () => {
    const par = runVirtual(sequenceT(Task.ApplicativePar)(...three()))
    expect(par.outcome).toEqual({ _tag: 'Succeeded', value: ['a', 'b', 'c'] })
    expect(par.elapsed).toBe(100)
    const seq = runVirtual(sequenceT(Task.ApplicativeSeq)(...three()))
    expect(seq.outcome).toEqual({ _tag: 'Succeeded', value: ['a', 'b', 'c'] })
    expect(seq.elapsed).toBe(300)
  })

  it('Monad.ap is sequential, like ApplicativeSeq (so it agrees with chain)', () => {
    expect(runVirtual(sequenceT(Task.Monad)(...three())).elapsed).toBe(300)
  })

  it('sequenceS(ApplicativePar) runs the fields concurrently and keeps their names', () => {
    const r = runVirtual(sequenceS(Task.ApplicativePar)({ x: after(50, 1), y: after(80, 'y') }))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: { x: 1, y: 'y' } })
    expect(r.elapsed).toBe(80)
  })

  it('ApplicativeSeq runs effects in order and stops at the first failure; later tasks never start', () => {
    const { events, log } = makeLog()
    const r = runVirtual(
      sequenceT(Task.ApplicativeSeq)(
        pipe(log('a'), Task.as(1)) as Task.Task<string, number>,
        pipe(log('b'), Task.flatMap(() => Task.fail('b failed'))),
        pipe(log('c'), Task.as(3)),
      ),
    )
    expect(r.outcome).toEqual({ _tag: 'Failed', error: 'b failed' })
    expect(events).toEqual(['a', 'b'])
  })

  it('ApplicativePar: a failing child cancels its siblings, awaits them (their finalizers ran), then fails with the first error', () => {
    const { events, logAt } = makeLog()
    const sibling = (name: string, ms: number) =>
      pipe(
        after(ms, name),
        Task.onCancel(logAt(`${name} cancelled`)),
        // a finalizer that takes loop time: the whole must wait for it
        Task.ensuring(pipe(Task.sleep(5), Task.flatMap(() => logAt(`${name} finalized`)))),
      )
    const main = Task.gen(function* () {
      const o = yield* Task.outcome(sequenceT(Task.ApplicativePar)(sibling('a', 100), failAfter(10, 'boom'), sibling('c', 200)))
      yield* logAt('whole done')
      const alive = yield* othersAlive
      return { o, alive }
    })
    const r = runVirtual(main)
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: { o: { _tag: 'Failed', error: 'boom' }, alive: 0 } })
    expect(events).toEqual(['a cancelled@10', 'c cancelled@10', 'a finalized@15', 'c finalized@15', 'whole done@15'])
    // nested aps run as one flat par: c is cancelled with a, not after a's cleanup
    expect(r.reports).toEqual([])
  })

  it('ApplicativePar: the first failure in time wins, and siblings failing while being cancelled are consumed', () => {
    const failingFinalizer = pipe(after(100, 'x'), Task.ensuring(Task.fail('finalizer failed')))
    const r = runVirtual(sequenceT(Task.ApplicativePar)(failingFinalizer, failAfter(30, 'late'), failAfter(20, 'early')))
    expect(r.outcome).toEqual({ _tag: 'Failed', error: 'early' })
    expect(r.elapsed).toBe(20)
    expect(r.reports).toEqual([])
  })

  it('ApplicativePar: cancelling the awaiting fiber cancels every child and waits for them; the whole ends cancelled', () => {
    const { events, logAt } = makeLog()
    const child = (name: string) => pipe(Task.never, Task.onCancel(pipe(Task.sleep(7), Task.flatMap(() => logAt(`${name} cleaned up`)))))
    const main = Task.gen(function* () {
      const fiber = yield* Task.spawn(sequenceT(Task.ApplicativePar)(child('a'), child('b')))
      yield* Task.sleep(10)
      fiber.cancel('stop')
      let o: string
      try {
        yield* Task.join(fiber)
        o = 'not cancelled'
      } catch (e) {
        o = e instanceof CancelledError ? `cancelled: ${e.message}` : 'other'
      }
      yield* logAt('join returned')
      return { o, alive: yield* othersAlive }
    })
    const r = runVirtual(main)
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: { o: 'cancelled: stop', alive: 0 } })
    expect(events).toEqual(['a cleaned up@17', 'b cleaned up@17', 'join returned@17'])
  })

  it('ApplicativePar: a child cancelled by someone else cancels its siblings and the cancellation propagates', () => {
    const { events, logAt } = makeLog()
    const main = Task.gen(function* () {
      const whole = yield* Task.spawn(
        sequenceT(Task.ApplicativePar)(pipe(after(50, 1), Task.onCancel(logAt('sibling cancelled'))), after(100, 2)),
        { name: 'whole' },
      )
      yield* Task.sleep(10)
      const loop = yield* Task.getRunningLoop
      // cancel the second child directly (the last fiber started)
      const children = loop.allTasks().filter((f) => f !== whole && f.name !== 'main')
      children[children.length - 1]!.cancel('external')
      yield* Task.sleep(100)
      return whole.cancelled()
    })
    const r = runVirtual(main)
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: true })
    expect(events).toEqual(['sibling cancelled@10'])
  })

  it('property: ApplicativePar succeeds after the slowest child, or fails with the earliest failure in time; ApplicativeSeq takes the sum', () => {
    const child = fc.record({ ms: fc.integer({ min: 0, max: 50 }), fails: fc.boolean() })
    fc.assert(
      fc.property(fc.array(child, { minLength: 1, maxLength: 6 }), (specs) => {
        const tasks = specs.map((s, i) => (s.fails ? failAfter(s.ms, `e${i}`) : after(s.ms, i)))
        const par = runVirtual(Task.sequenceArray(tasks))
        const failures = specs.map((s, i) => ({ ...s, i })).filter((s) => s.fails)
        if (failures.length === 0) {
          expect(par.outcome).toEqual({ _tag: 'Succeeded', value: specs.map((_, i) => i) })
          expect(par.elapsed).toBe(Math.max(...specs.map((s) => s.ms)))
        } else {
          const firstMs = Math.min(...failures.map((f) => f.ms))
          // ties in time go to the earlier input (timers fire in registration order)
          const first = failures.find((f) => f.ms === firstMs)!
          expect(par.outcome).toEqual({ _tag: 'Failed', error: `e${first.i}` })
          expect(par.elapsed).toBe(firstMs)
        }
        const seq = runVirtual(Task.sequenceSeqArray(tasks))
        const firstInOrder = specs.findIndex((s) => s.fails)
        if (firstInOrder === -1) expect(seq.elapsed).toBe(specs.reduce((n, s) => n + s.ms, 0))
        else expect(seq.outcome).toEqual({ _tag: 'Failed', error: `e${firstInOrder}` })
        expect(par.reports).toEqual([])
      }),
      { numRuns: 150 },
    )
  })
})

describe('the other instances', () => {
  it('Functor.map, Pointed.of, Chain.chain', () => {
    expect(runVirtual(Task.Functor.map(Task.Pointed.of(1), (n) => n + 1)).outcome).toEqual({ _tag: 'Succeeded', value: 2 })
    expect(runVirtual(Task.Chain.chain(Task.of(2), (n) => after(n, n * 10))).outcome).toEqual({ _tag: 'Succeeded', value: 20 })
  })

  it('MonadThrow.throwError fails; Alt.alt recovers from failures only, never from cancellation', () => {
    expect(runVirtual(Task.MonadThrow.throwError('x')).outcome).toEqual({ _tag: 'Failed', error: 'x' })
    expect(runVirtual(Task.Alt.alt(Task.fail('x'), () => Task.of('fallback'))).outcome).toEqual({ _tag: 'Succeeded', value: 'fallback' })
    let called = false
    const cancelledSelf = Task.gen(function* () {
      const me = yield* Task.currentFiber
      me.cancel()
      yield* Task.cede
      return 1
    })
    const r = runVirtual(
      Task.Alt.alt(cancelledSelf, () => {
        called = true
        return Task.of(2)
      }),
    )
    expect(r.outcome._tag).toBe('Cancelled')
    expect(called).toBe(false)
  })

  it('Bifunctor.bimap and mapLeft', () => {
    expect(runVirtual(Task.Bifunctor.bimap(Task.fail(2), (e) => `e${e}`, (a: number) => a)).outcome).toEqual({ _tag: 'Failed', error: 'e2' })
    expect(runVirtual(Task.Bifunctor.bimap(Task.of(2), String, (a) => a * 3)).outcome).toEqual({ _tag: 'Succeeded', value: 6 })
    expect(runVirtual(Task.Bifunctor.mapLeft(Task.fail(2), (e) => e + 1)).outcome).toEqual({ _tag: 'Failed', error: 3 })
  })

  it('FromIO, FromEither, MonadIO: each run calls the IO again', () => {
    let n = 0
    const t = Task.MonadIO.fromIO(() => ++n)
    runVirtual(t)
    expect(runVirtual(t).outcome).toEqual({ _tag: 'Succeeded', value: 2 })
    expect(runVirtual(Task.FromEither.fromEither(E.left('no'))).outcome).toEqual({ _tag: 'Failed', error: 'no' })
    expect(runVirtual(Task.FromIO.fromIO(() => 'io')).outcome).toEqual({ _tag: 'Succeeded', value: 'io' })
  })

  it("fp-ts's generic RA.traverse works with both applicatives (Par concurrent, Seq sequential)", () => {
    const ms = [30, 10, 20]
    const par = runVirtual(pipe(ms, RA.traverse(Task.ApplicativePar)((n) => after(n, n))))
    expect(par.outcome).toEqual({ _tag: 'Succeeded', value: ms })
    expect(par.elapsed).toBe(30)
    const seq = runVirtual(pipe(ms, RA.traverse(Task.ApplicativeSeq)((n) => after(n, n))))
    expect(seq.elapsed).toBe(60)
  })
})

describe('Do-notation', () => {
  it('Do, bindTo, bind, let build a record; bind runs after what came before', () => {
    const r = runVirtual(
      pipe(
        after(10, 1),
        Task.bindTo('x'),
        Task.bind('y', ({ x }) => after(20, x + 1)),
        Task.let('sum', ({ x, y }) => x + y),
      ),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: { x: 1, y: 2, sum: 3 } })
    expect(r.elapsed).toBe(30)
    expect(runVirtual(Task.Do).outcome).toEqual({ _tag: 'Succeeded', value: {} })
  })

  it('apS runs its task concurrently with what came before, and is structured', () => {
    const r = runVirtual(pipe(Task.Do, Task.apS('a', after(100, 'a')), Task.apS('b', after(100, 'b')), Task.apS('c', after(100, 'c'))))
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: { a: 'a', b: 'b', c: 'c' } })
    expect(r.elapsed).toBe(100)
    const { events, logAt } = makeLog()
    const failing = runVirtual(
      pipe(Task.Do, Task.apS('a', pipe(after(100, 'a'), Task.onCancel(logAt('a cancelled')))), Task.apS('b', failAfter(5, 'b failed'))),
    )
    expect(failing.outcome).toEqual({ _tag: 'Failed', error: 'b failed' })
    expect(events).toEqual(['a cancelled@5'])
  })

  it('a failure in bind stops the block; error types widen', () => {
    const t: Task.Task<'e1' | 'e2', { readonly x: number; readonly y: number }> = pipe(
      Task.Do,
      Task.bind('x', () => Task.of(1) as Task.Task<'e1', number>),
      Task.bind('y', () => Task.fail('e2' as const)),
    )
    expect(runVirtual(t).outcome).toEqual({ _tag: 'Failed', error: 'e2' })
  })

  it('bad input is a TypeError where it is given', () => {
    expect(() => Task.bind('x', 42 as never)).toThrow(TypeError)
    expect(() => Task.apS('x', 'nope' as never)).toThrow(TypeError)
    expect(() => Task.bindTo(1 as never)).toThrow(TypeError)
    expect(() => Task.let('x', null as never)).toThrow(TypeError)
  })
})

describe('traversals', () => {
  it('traverseArray runs concurrently (max), traverseSeqArray sequentially (sum); values in input order', () => {
    const ms = [30, 10, 20]
    const par = runVirtual(pipe(ms, Task.traverseArray((n) => after(n, n * 2))))
    expect(par.outcome).toEqual({ _tag: 'Succeeded', value: [60, 20, 40] })
    expect(par.elapsed).toBe(30)
    const seq = runVirtual(pipe(ms, Task.traverseSeqArray((n) => after(n, n * 2))))
    expect(seq.outcome).toEqual({ _tag: 'Succeeded', value: [60, 20, 40] })
    expect(seq.elapsed).toBe(60)
    expect(runVirtual(pipe(['a', 'b'], Task.traverseArrayWithIndex((i, s) => Task.of(`${i}${s}`)))).outcome).toEqual({
      _tag: 'Succeeded',
      value: ['0a', '1b'],
    })
    expect(runVirtual(pipe(['a', 'b'], Task.traverseSeqArrayWithIndex((i, s) => Task.of(`${i}${s}`)))).outcome).toEqual({
      _tag: 'Succeeded',
      value: ['0a', '1b'],
    })
  })

  it('traverseSeqArray stops at the first failure: later tasks never start', () => {
    const started: number[] = []
    const r = runVirtual(
      pipe(
        [1, 2, 3],
        Task.traverseSeqArray((n) => pipe(Task.sync(() => started.push(n)), Task.flatMap(() => (n === 2 ? Task.fail('two') : Task.of(n))))),
      ),
    )
    expect(r.outcome).toEqual({ _tag: 'Failed', error: 'two' })
    expect(started).toEqual([1, 2])
  })

  it('the same traversal value runs afresh each time (no shared output array)', () => {
    const t = pipe([1, 2], Task.traverseSeqArray((n) => Task.of(n)))
    const twice = pipe(t, Task.zip(t))
    expect(runVirtual(twice).outcome).toEqual({ _tag: 'Succeeded', value: [[1, 2], [1, 2]] })
  })

  it('empty arrays succeed at once', () => {
    expect(runVirtual(Task.sequenceArray([])).outcome).toEqual({ _tag: 'Succeeded', value: [] })
    expect(runVirtual(Task.sequenceSeqArray([])).outcome).toEqual({ _tag: 'Succeeded', value: [] })
  })

  it('traverseSeqArray of 10^5 elements and sequenceArray of 10^4 tasks run without a stack overflow', () => {
    const n = 100_000
    const seq = runVirtual(pipe(RA.range(1, n), Task.traverseSeqArray((i) => Task.of(i))))
    expect(seq.outcome._tag === 'Succeeded' && seq.outcome.value.length).toBe(n)
    const par = runVirtual(Task.sequenceArray(RA.range(1, 10_000).map((i) => after(i % 7, i))))
    expect(par.outcome._tag === 'Succeeded' && par.outcome.value[9_999]).toBe(10_000)
    expect(par.elapsed).toBe(6)
  })

  it('bad input is a TypeError where it is given', () => {
    expect(() => Task.traverseArray(1 as never)).toThrow(TypeError)
    expect(() => Task.traverseSeqArray((n: number) => Task.of(n))('x' as never)).toThrow(TypeError)
    expect(() => Task.sequenceArray([Task.of(1), 2 as never])).toThrow(/item 1/)
  })
})

describe('laws, checked on the virtual clock (outcome and elapsed time)', () => {
  // a small task: a value or a failure after some virtual time
  const arbTask = fc
    .record({ ms: fc.integer({ min: 0, max: 30 }), ok: fc.boolean(), n: fc.integer({ min: -5, max: 5 }) })
    .map(({ ms, ok, n }) => (ok ? after(ms, n) : failAfter(ms, `e${n}`)))
  const arbFn = fc.constantFrom((n: number) => n + 1, (n: number) => n * 2, (n: number) => -n)
  const same = (a: Task.Task<string, unknown>, b: Task.Task<string, unknown>) => {
    const x = runVirtual(a)
    const y = runVirtual(b)
    expect(y.outcome).toEqual(x.outcome)
    expect(y.elapsed).toBe(x.elapsed)
  }
  const id = <A>(a: A) => a

  for (const [name, A] of [
    ['ApplicativePar', Task.ApplicativePar],
    ['ApplicativeSeq', Task.ApplicativeSeq],
  ] as const) {
    it(`${name}: identity, homomorphism, interchange, composition`, () => {
      fc.assert(
        fc.property(arbTask, arbTask, arbFn, arbFn, fc.integer(), (fa, fb, f, g, a) => {
          same(A.ap(A.of(id), fa), fa)
          same(A.ap(A.of(f), A.of(a)), A.of(f(a)))
          const fab = A.map(fb, () => f)
          same(A.ap(fab, A.of(a)), A.ap(A.of((h: (n: number) => number) => h(a)), fab))
          const fbc = A.map(fa, () => g)
          const compose = (bc: (n: number) => number) => (ab: (n: number) => number) => (x: number) => bc(ab(x))
          const lhs = A.ap(A.ap(A.map(fbc, compose), fab), fb)
          const rhs = A.ap(fbc, A.ap(fab, fb))
          // composition holds for values and time; which error wins may differ only when two
          // sides fail at the same instant, so compare failures by tag there
          const l = runVirtual(lhs)
          const r = runVirtual(rhs)
          expect(r.elapsed).toBe(l.elapsed)
          expect(r.outcome._tag).toBe(l.outcome._tag)
          if (l.outcome._tag === 'Succeeded') expect(r.outcome).toEqual(l.outcome)
        }),
        { numRuns: 100 },
      )
    })
  }

  it('Monad: left and right identity, associativity, and ap agrees with chain', () => {
    const M = Task.Monad
    fc.assert(
      fc.property(arbTask, arbTask, arbFn, fc.integer(), (fa, fb, f, a) => {
        const k = (n: number) => M.map(fb, (m) => m + n)
        same(M.chain(M.of(a), k), k(a))
        same(M.chain(fa, (x) => M.of(x)), fa)
        same(M.chain(M.chain(fa, k), k), M.chain(fa, (x) => M.chain(k(x), k)))
        const fab = M.map(fa, () => f)
        same(M.ap(fab, fb), M.chain(fab, (h) => M.map(fb, h)))
      }),
      { numRuns: 100 },
    )
  })

  it('ApplicativePar.ap does not agree with chain (it is concurrent), which is why it is no Monad', () => {
    const fab = after(100, (n: number) => n)
    const fa = after(100, 1)
    expect(runVirtual(Task.ApplicativePar.ap(fab, fa)).elapsed).toBe(100)
    expect(runVirtual(Task.Monad.chain(fab, (h) => Task.Monad.map(fa, h))).elapsed).toBe(200)
  })
})
