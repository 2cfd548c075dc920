/**
 * `tg.cancel()`: asyncio 3.15's `TaskGroup.cancel()` (python/cpython#108951), its test cases
 * ported to the virtual clock, plus the type-level decision (the group's value is
 * `A | undefined`). Builds on R47–R52 (ASYNCIO.md §I).
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { CancelledError, Event, ExceptionGroup, InvalidStateError, Task } from '../lib/index.js'
import type { Fiber } from '../lib/index.js'
import type { TaskGroup } from '../lib/Task.js'
import { runVirtual } from './helpers.js'

const errorsOf = (o: { _tag: string; error?: unknown }): unknown => (o._tag === 'Failed' && o.error instanceof ExceptionGroup ? o.error.errors : o)

describe('TaskGroup.cancel()', () => {
  it('R48 (cancel): cancels every child; the group returns normally and the code after it runs', () => {
    const children: Fiber[] = []
    const main = Task.gen(function* () {
      const value = yield* Task.taskGroup((tg) =>
        Task.gen(function* () {
          children.push(yield* tg.spawn(Task.sleep(10_000)))
          children.push(yield* tg.spawn(Task.sleep(10_000)))
          yield* Task.cede
          tg.cancel()
          yield* Task.sleep(10_000) // interrupted
          return 'unreachable'
        }),
      )
      const me = yield* Task.currentFiber
      return { value, cancelling: me.cancelling(), after: yield* Task.now }
    })
    const r = runVirtual(main)
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: { value: undefined, cancelling: 0, after: 0 } })
    expect(children.map((c) => c.cancelled())).toEqual([true, true])
  })

  it('cancels the body at its next suspension point: code after that point does not run', () => {
    let count = 0
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        tg.cancel()
        count++
        yield* Task.cede
        count++
        return 'body'
      }),
    )
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: undefined })
    expect(count).toBe(1)
  })

  it('a body that catches the CancelledError and returns a value gives that value', () => {
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        yield* tg.spawn(Task.never)
        tg.cancel()
        try {
          yield* Task.never
        } catch (e) {
          return e instanceof CancelledError ? 'caught' : 'other'
        }
        return 'not cancelled'
      }),
    )
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: 'caught' })
  })

  it('a body that returns without suspending after cancel() keeps its value, and no cancel leaks out', () => {
    const main = Task.gen(function* () {
      const v = yield* Task.taskGroup((tg) => Task.sync(() => (tg.cancel(), 'done')))
      yield* Task.sleep(5) // would raise if the group's cancel were left pending
      return v
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: 'done' })
  })

  it('is idempotent', () => {
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        yield* tg.spawn(Task.never)
        tg.cancel()
        tg.cancel()
        yield* Task.cede
        tg.cancel()
      }),
    )
    const main2 = Task.gen(function* () {
      yield* main
      return (yield* Task.currentFiber).cancelling()
    })
    expect(runVirtual(main2).outcome).toEqual({ _tag: 'Succeeded', value: 0 })
  })

  it('is a no-op after the group has finished', () => {
    let handle: TaskGroup | undefined
    const main = Task.gen(function* () {
      const v = yield* Task.taskGroup((tg) => Task.sync(() => ((handle = tg), 1)))
      handle!.cancel()
      yield* Task.sleep(1)
      return v
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: 1 })
  })

  it('spawning after cancel() fails with InvalidStateError: the group is shutting down', () => {
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        tg.cancel()
        return yield* Task.either(tg.spawn(Task.of(1)))
      }),
    )
    const r = runVirtual(main)
    // the spawn fails at once (no suspension), so the body returns its Either
    expect(r.outcome._tag).toBe('Succeeded')
    const either = (r.outcome as { value: { _tag: string; left?: unknown } }).value
    expect(either._tag).toBe('Left')
    expect(either.left).toBeInstanceOf(InvalidStateError)
    expect((either.left as Error).message).toMatch(/shutting down/)
  })

  it('a child that cancels the group and then fails: the group fails with the ExceptionGroup', () => {
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        yield* tg.spawn(Task.suspend(() => (tg.cancel(), Task.fail('child'))))
        yield* Task.sleep(1000)
      }),
    )
    expect(errorsOf(runVirtual(main).outcome)).toEqual(['child'])
  })

  it('a child that fails and then cancels the group: still the ExceptionGroup', () => {
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        yield* tg.spawn(pipe(Task.fail('child'), Task.ensuring(Task.sync(() => tg.cancel()))))
        yield* Task.sleep(1000)
      }),
    )
    expect(errorsOf(runVirtual(main).outcome)).toEqual(['child'])
  })

  it('the body cancels the group and then fails (or the reverse): the ExceptionGroup holds the body error', () => {
    const before = Task.taskGroup((tg) => Task.suspend(() => (tg.cancel(), Task.fail('body'))))
    const afterward = Task.taskGroup((tg) => pipe(Task.fail('body'), Task.ensuring(Task.sync(() => tg.cancel()))))
    expect(errorsOf(runVirtual(before).outcome)).toEqual(['body'])
    expect(errorsOf(runVirtual(afterward).outcome)).toEqual(['body'])
  })

  it('a child that is cancelled and fails in its cleanup still fails the group', () => {
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        yield* tg.spawn(pipe(Task.never, Task.onCancel(Task.fail('cleanup'))))
        yield* Task.cede
        tg.cancel()
      }),
    )
    expect(errorsOf(runVirtual(main).outcome)).toEqual(['cleanup'])
  })

  it('one winner: the first child to finish cancels the rest (a race built on a group)', () => {
    const record: string[] = []
    const event = new Event()
    const race = <A>(...fns: Array<Task.Task<never, A>>) =>
      Task.gen(function* () {
        let outcome: A | undefined
        yield* Task.taskGroup((tg) =>
          Task.gen(function* () {
            for (const fn of fns) yield* tg.spawn(pipe(fn, Task.map((a) => ((outcome = a), tg.cancel()))))
          }),
        )
        return outcome
      })
    const fn = (n: number) =>
      Task.gen(function* () {
        record.push(`${n} started`)
        yield* event.wait()
        record.push(`${n} finished`)
        return n
      })
    const trigger = Task.gen(function* () {
      record.push('3 started')
      event.set()
      yield* Task.sleep(10_000)
      record.push('3 finished')
      return 3
    })
    expect(runVirtual(race(fn(1), fn(2), trigger)).outcome).toEqual({ _tag: 'Succeeded', value: 1 })
    expect(record).toEqual(['1 started', '2 started', '3 started', '1 finished'])
  })

  it('R50: an external cancel while the cancelled group waits for its children is not lost', () => {
    const main = Task.gen(function* () {
      const f = yield* Task.spawn(
        Task.taskGroup((tg) =>
          Task.gen(function* () {
            yield* tg.spawn(pipe(Task.never, Task.onCancel(Task.sleep(10)))) // slow cleanup
            yield* Task.cede
            tg.cancel()
          }),
        ),
      )
      yield* Task.sleep(5) // the group is waiting for the child's cleanup
      f.cancel()
      try {
        yield* f
        return 'returned'
      } catch (e) {
        return e instanceof CancelledError ? 'cancelled' : 'failed'
      }
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: 'cancelled' })
  })

  it('R50: an external cancel that came first stays a cancel when cancel() is called later', () => {
    const main = Task.gen(function* () {
      let group: TaskGroup | undefined
      const f = yield* Task.spawn(
        Task.taskGroup((tg) =>
          Task.gen(function* () {
            group = tg
            yield* tg.spawn(pipe(Task.never, Task.onCancel(Task.sleep(10))))
            yield* Task.never
          }),
        ),
      )
      yield* Task.sleep(1)
      f.cancel()
      yield* Task.sleep(1)
      group!.cancel()
      try {
        yield* f
        return 'returned'
      } catch (e) {
        return e instanceof CancelledError ? 'cancelled' : 'failed'
      }
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: 'cancelled' })
  })
})
