/**
 * `taskTest` and the task matchers: a coroutine test on a virtual loop, failures that say
 * what is wrong (the error's own line, what is left pending, a deadlock, the time limit).
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { CancelledError, Task, TimeoutError } from '../../lib/index.js'
import { eachWith, registerWith, runTaskTest, taskTest } from '../../lib/testing/taskTest.js'
// taskTest's registrations (taskTest, .each, .skip at collection) are in taskTest.registration.test.ts: a fault that
// throws while a file is collected fails no test of that file, so the tests here call runTaskTest inside `it`
import '../../lib/testing/matchers.js'

const caught = (f: () => unknown): Error => {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected a throw')
}

describe('taskTest', () => {
  it('returns main value; a failure is the error itself, with the line of the coroutine in its stack', () => {
    expect(runTaskTest(function* () {
      yield* Task.sleep(1)
      return 42
    })).toBe(42)
    const e = caught(() =>
      runTaskTest(function* failingBody() {
        yield* Task.sleep(1)
        throw new RangeError('bad input')
      }),
    )
    expect(e).toBeInstanceOf(RangeError)
    expect(e.stack).toMatch(/failingBody/)
    expect(e.stack).toMatch(/taskTest\.test\.ts/)
  })

  it('a fiber left pending fails the test with what it waits on, after its finalizer ran', () => {
    let finalized = 0
    const e = caught(() =>
      runTaskTest(function* () {
        yield* Task.spawn(pipe(Task.sleep(10_000), Task.ensuring(Task.sync(() => void finalized++))), { name: 'heartbeat' })
        yield* Task.sleep(1)
      }),
    )
    expect(e.message).toMatch(/main ended at 1 ms but left 1 fiber\(s\) pending\n {2}heartbeat at \(no coroutine\), waiting on sleep until 10\.000 s \(in 9\.999 s\)/)
    expect(finalized).toBe(1)
  })

  it('a deadlock and the virtual-time limit fail with the dump', () => {
    expect(caught(() => runTaskTest(function* stuck() {
      yield* Task.never
    })).message).toMatch(/main is deadlocked: nothing is ready and no timer is pending, at 0 ms\n {2}main at stuck#1, waiting on Task.never/)
    const late = caught(() => runTaskTest(function* () {
      yield* Task.sleep(3_600_001)
    }))
    expect(late.message).toMatch(/still pending at the virtual-time limit \(3600000 ms/)
    expect(caught(() => runTaskTest(Task.sleep(50), { timeLimit: 10 })).message).toMatch(/virtual-time limit \(10 ms/)
    expect(runTaskTest(Task.sleep(50), { timeLimit: 50 })).toBeUndefined()
  })

  it('a failure nobody retrieved and a cancelled main fail the test', () => {
    expect(caught(() => runTaskTest(function* () {
      yield* Task.spawn(Task.fail(new Error('lost')))
      yield* Task.sleep(1)
    })).message).toMatch(/failures nobody retrieved: Error: lost/)
    expect(caught(() => runTaskTest(Task.gen(function* () {
      const self = yield* Task.spawn(Task.sleep(5))
      self.cancel()
      yield* self
    }))).message).toMatch(/cancelled|Cancelled/)
  })

  it('bad arguments are TypeError / RangeError where given', () => {
    expect(() => runTaskTest(42 as never)).toThrow(TypeError)
    expect(() => runTaskTest((() => 42) as never)).toThrow(/it returned number 42/)
    expect(() => runTaskTest(Task.of(1), { timeLimit: -1 })).toThrow(RangeError)
    expect(() => taskTest(1 as never, Task.of(1))).toThrow(TypeError)
    expect(() => taskTest('x', 'y' as never)).toThrow(TypeError)
  })
})

describe('task matchers', () => {
  it('toSucceedWith compares deeply; .not works', () => {
    expect(pipe(Task.sleep(5), Task.as({ a: [1] }))).toSucceedWith({ a: [1] })
    expect(Task.of(1)).not.toSucceedWith(2)
    expect(() => expect(Task.of(1)).toSucceedWith(2)).toThrow(/expected the task to succeed with 2; it ended: Succeeded\(1\)/)
    expect(() => expect(42).toSucceedWith(42)).toThrow(/expected a Task/)
  })

  it('toFailWith takes a class or an error value', () => {
    expect(Task.fail(new TypeError('x'))).toFailWith(TypeError)
    expect(Task.fail(new TypeError('x'))).not.toFailWith(RangeError)
    expect(Task.fail('boom')).toFailWith('boom')
    expect(pipe(Task.never, Task.timeout(5))).toFailWith(TimeoutError)
    expect(() => expect(Task.of(1)).toFailWith(TypeError)).toThrow(/to fail with an instance of TypeError; it ended: Succeeded\(1\)/)
  })

  it('R22: toBeCancelled', () => {
    const selfCancel = Task.gen(function* () {
      const f = yield* Task.spawn(Task.never)
      f.cancel()
      return yield* f
    })
    expect(selfCancel).toBeCancelled() // awaiting a cancelled fiber raises CancelledError in the awaiter
    expect(selfCancel).not.toFailWith(CancelledError) // cancellation is not a failure
    expect(Task.of(1)).not.toBeCancelled()
    expect(() => expect(Task.of(1)).toBeCancelled()).toThrow(/expected the task to end cancelled; it ended: Succeeded\(1\)/)
  })

  it('toTakeVirtual: exact loop time, whatever the ending', () => {
    expect(Task.sleep(1500)).toTakeVirtual(1500)
    expect(pipe(Task.never, Task.timeout(250))).toTakeVirtual(250)
    expect(Task.sleep(10)).not.toTakeVirtual(9)
    expect(() => expect(Task.never).toTakeVirtual(0)).toThrow(/it never ended/)
  })
})

describe('task matchers: what they say', () => {
  const message = (f: () => void): string => caught(f).message
  const selfCancel = Task.gen(function* () {
    yield* Task.sleep(5)
    const me = yield* Task.currentFiber
    me.cancel()
    yield* Task.cede
  })

  it('each says what was expected, with "not" when negated, and how the task ended', () => {
    expect(message(() => expect(Task.of(1)).not.toSucceedWith(1))).toBe('expected the task not to succeed with 1; it ended: Succeeded(1) at 0, trace []')
    expect(message(() => expect(Task.fail('boom')).toFailWith('bang'))).toBe('expected the task to fail with "bang"; it ended: Failed("boom") at 0, trace []')
    expect(message(() => expect(Task.fail('boom')).not.toFailWith('boom'))).toBe('expected the task not to fail with "boom"; it ended: Failed("boom") at 0, trace []')
    expect(message(() => expect(Task.fail(new TypeError('x'))).not.toFailWith(TypeError))).toMatch(/^expected the task not to fail with an instance of TypeError; it ended: /)
    const Anonymous = (() => class extends Error {})()
    expect(message(() => expect(Task.of(1)).toFailWith(Anonymous))).toMatch(/^expected the task to fail with an instance of the class; it ended: /)
    expect(message(() => expect(selfCancel).not.toBeCancelled())).toMatch(/^expected the task not to end cancelled; it ended: Cancelled/)
    expect(message(() => expect(Task.sleep(3)).toTakeVirtual(4))).toBe('expected the task to take 4 ms of virtual time; it took 3 ms: Succeeded(undefined) at 3, trace []')
    expect(message(() => expect(Task.sleep(3)).not.toTakeVirtual(3))).toBe('expected the task not to take 3 ms of virtual time; it took 3 ms: Succeeded(undefined) at 3, trace []')
  })

  it('each refuses what is not a Task, by name', () => {
    expect(message(() => expect(42).toSucceedWith(42))).toBe('toSucceedWith: expected a Task, got 42')
    expect(message(() => expect(42).toFailWith(42))).toBe('toFailWith: expected a Task, got 42')
    expect(message(() => expect(42).toBeCancelled())).toBe('toBeCancelled: expected a Task, got 42')
    expect(message(() => expect(42).toTakeVirtual(1))).toBe('toTakeVirtual: expected a Task, got 42')
    expect(message(() => expect(Task.unit).toTakeVirtual('1' as never))).toBe('toTakeVirtual expects a number of milliseconds, got 1')
    expect(caught(() => expect(Task.unit).toTakeVirtual(NaN))).toBeInstanceOf(TypeError)
  })

  it('only the matching ending passes: a failure never succeeds with undefined, a success never fails with undefined', () => {
    expect(Task.fail(undefined)).not.toSucceedWith(undefined)
    expect(Task.of(undefined)).not.toFailWith(undefined)
    expect(selfCancel).not.toFailWith(undefined)
    expect(selfCancel).not.toSucceedWith(undefined)
  })

  it('toTakeVirtual counts a cancelled ending too', () => {
    expect(selfCancel).toTakeVirtual(5)
  })

  it('fibers left pending are torn down (cancelled, their finalizers run) after the task ends', () => {
    let finalized = 0
    const leaves = pipe(Task.spawn(pipe(Task.never, Task.ensuring(Task.sync(() => void finalized++)))), Task.tap(() => Task.cede), Task.as(1))
    expect(message(() => expect(leaves).toSucceedWith(2))).toBe('expected the task to succeed with 2; it ended: Succeeded(1) at 0, trace [], leftovers 1 fibers/0 timers')
    expect(finalized).toBe(1)
  })
})

describe('runTaskTest: what it refuses and what it says', () => {
  const refusal = (f: () => unknown): [string, string] => {
    const e = caught(f)
    return [e.constructor.name, e.message]
  }

  it('options: an object with a timeLimit ≥ 0, or nothing', () => {
    expect(refusal(() => runTaskTest(Task.unit, 42 as never))).toEqual(['TypeError', 'runTaskTest: options must be an object, got number 42'])
    expect(refusal(() => runTaskTest(Task.unit, null as never))).toEqual(['TypeError', 'runTaskTest: options must be an object, got null'])
    expect(refusal(() => runTaskTest(Task.unit, { timeLimit: '5' as never }))).toEqual(['RangeError', 'runTaskTest: timeLimit must be a number of ms >= 0, got the string "5"'])
    expect(refusal(() => runTaskTest(Task.unit, { timeLimit: NaN }))).toEqual(['RangeError', 'runTaskTest: timeLimit must be a number of ms >= 0, got number NaN'])
    expect(runTaskTest(Task.of(1))).toBe(1)
    expect(runTaskTest(Task.of(2), { timeLimit: 0 })).toBe(2)
    expect(refusal(() => runTaskTest(42 as never))).toEqual(['TypeError', 'taskTest: the body must be a generator function, a function returning a Task, or a Task, got number 42'])
    expect(refusal(() => runTaskTest(Task.unit, { maxIterations: 0 }))).toEqual(['RangeError', 'runTaskTest: maxIterations must be an integer >= 1, got number 0'])
    expect(refusal(() => runTaskTest(Task.unit, { maxIterations: 1.5 }))).toEqual(['RangeError', 'runTaskTest: maxIterations must be an integer >= 1, got number 1.5'])
    expect(refusal(() => runTaskTest(Task.unit, { maxIterations: '9' as never }))).toEqual(['RangeError', 'runTaskTest: maxIterations must be an integer >= 1, got the string "9"'])
    expect(runTaskTest(Task.of(3), { maxIterations: 1 })).toBe(3)
  })

  it('a body that keeps the loop busy without waiting on time fails after maxIterations iterations, with the dump', () => {
    const e = caught(() => runTaskTest(Task.forever(Task.cede), { maxIterations: 1000 }))
    expect(e.message).toMatch(/^taskTest: main is still busy after 1000 loop iterations, at 0 ms\n {2}main at /)
    // the limit counts iterations: a body that needs fewer passes
    expect(runTaskTest(pipe(Task.cede, Task.flatMap(() => Task.cede), Task.as('two')), { maxIterations: 5 })).toBe('two')
  })

  it('a report without an error (a note passed to the exception handler) fails nothing', () => {
    const noted = Task.gen(function* () {
      const loop = yield* Task.getRunningLoop
      loop.callExceptionHandler({ message: 'just a note' })
      return 'fine'
    })
    expect(runTaskTest(noted)).toBe('fine')
    const failed = Task.gen(function* () {
      const loop = yield* Task.getRunningLoop
      loop.callExceptionHandler({ message: 'lost', error: new Error('gone') })
    })
    expect(caught(() => runTaskTest(failed)).message).toBe('taskTest: failures nobody retrieved: Error: gone')
  })

  it('a body function may return any iterator; anything else is refused with what it returned', () => {
    expect(runTaskTest((() => ({ next: () => ({ done: true, value: 7 }) })) as never)).toBe(7)
    const returned = (u: unknown) => refusal(() => runTaskTest((() => u) as never))
    const says = (what: string) => ['TypeError', `taskTest: the body must be a generator function (function* () { … }), a function returning a Task, or a Task; it returned ${what}`]
    expect(returned(null)).toEqual(says('null'))
    expect(returned({ next: 1 })[1]).toMatch(/; it returned /)
    expect(returned(Object.assign(() => 0, { next: () => ({ done: true, value: 1 }) }))[0]).toBe('TypeError')
    expect(returned(undefined)).toEqual(says('undefined'))
  })

  it('debug: true runs the body in debug mode (fibers know where they were created)', () => {
    const created = Task.gen(function* () {
      const me = yield* Task.currentFiber
      return me.createdAt !== undefined
    })
    expect(runTaskTest(created, { debug: true })).toBe(true)
    expect(runTaskTest(created, { debug: false })).toBe(false)
  })

  it('a cancelled main says so, with the message when there is one', () => {
    const cancelSelf = (message?: string) =>
      Task.gen(function* () {
        const me = yield* Task.currentFiber
        me.cancel(message)
        yield* Task.cede
      })
    expect(refusal(() => runTaskTest(cancelSelf()))).toEqual(['Error', 'taskTest: main was cancelled'])
    expect(refusal(() => runTaskTest(cancelSelf('enough')))).toEqual(['Error', 'taskTest: main was cancelled (enough)'])
  })

  it('fibers left pending: each is listed on its own line, and each is cancelled with a message that says why', () => {
    const messages: string[] = []
    const leftover = (name: string) =>
      Task.spawn(
        Task.gen(function* () {
          try {
            yield* Task.never
          } catch (e) {
            messages.push((e as Error).message)
          }
        }),
        { name },
      )
    const e = caught(() =>
      runTaskTest(function* () {
        yield* leftover('first')
        yield* leftover('second')
        yield* Task.cede
      }),
    )
    expect(e.message).toMatch(/left 2 fiber\(s\) pending\n {2}first at .*\n {2}second at /)
    expect(messages).toEqual(['taskTest: left pending at the end of the test', 'taskTest: left pending at the end of the test'])
  })

  it('fibers left pending: the finalizers of all of them run to their end, also one that takes several iterations', () => {
    const finished: string[] = []
    caught(() =>
      runTaskTest(function* () {
        yield* Task.spawn(pipe(Task.never, Task.ensuring(Task.sync(() => void finished.push('quick')))))
        const slowFinalizer = Task.gen(function* () {
          for (let i = 0; i < 3; i++) yield* Task.cede
          finished.push('slow')
        })
        yield* Task.spawn(pipe(Task.never, Task.ensuring(slowFinalizer)))
        yield* Task.cede
      }),
    )
    expect(finished.sort()).toEqual(['quick', 'slow'])
  })

  it('fibers left pending: a finalizer that sleeps runs to its end on virtual time, and nothing else runs after the leftovers ended', () => {
    const events: string[] = []
    const e = caught(() =>
      runTaskTest(function* () {
        const loop = yield* Task.getRunningLoop
        loop.callLater(500, () => void events.push('a timer of the test'))
        yield* Task.spawn(pipe(Task.never, Task.ensuring(pipe(Task.sleep(20), Task.flatMap(() => Task.sync(() => void events.push(`cleaned at ${loop.time()}`)))))))
        yield* Task.cede
      }),
    )
    expect(e.message).toMatch(/^taskTest: main ended at 0 ms but left 1 fiber\(s\) pending/)
    expect(events).toEqual(['cleaned at 20'])
  })

  it('fibers left pending that never end stop the clean-up at the time limit', () => {
    let cancels = 0
    const stubborn = Task.gen(function* () {
      for (;;) {
        try {
          yield* Task.sleep(1000)
        } catch {
          cancels++
        }
      }
    })
    const e = caught(() =>
      runTaskTest(
        function* () {
          yield* Task.spawn(stubborn)
          yield* Task.cede
        },
        { timeLimit: 10_000 },
      ),
    )
    expect(e.message).toMatch(/^taskTest: main ended at 0 ms but left 1 fiber\(s\) pending/)
    expect(cancels).toBe(1)
  })

  it('every failure nobody retrieved is named, the first is the cause', () => {
    const a = new Error('a')
    const e = caught(() =>
      runTaskTest(function* () {
        yield* Task.spawn(Task.fail(a))
        yield* Task.spawn(Task.fail(new RangeError('b')))
        yield* Task.sleep(1)
      }),
    )
    expect([e.message, e.cause]).toEqual(['taskTest: failures nobody retrieved: Error: a, RangeError: b', a])
  })

  it('the loop is closed when the test ends, also when the body failed', () => {
    let loop: { isClosed(): boolean } | undefined
    caught(() =>
      runTaskTest(function* () {
        loop = yield* Task.getRunningLoop
        throw new Error('x')
      }),
    )
    expect(loop?.isClosed()).toBe(true)
  })
})

describe('registering: what taskTest and taskTest.each check, and what the test they register runs', () => {
  const refusal = (f: () => unknown): [string, string] => {
    const e = caught(f)
    return [e.constructor.name, e.message]
  }

  it('taskTest registers the name, a function that runs the body, and the timeout; it refuses a bad name, body or options where given', () => {
    const registered: Array<[string, () => void, number | undefined]> = []
    const register = registerWith((name, fn, timeout) => void registered.push([name, fn, timeout]), 'taskTest.only')
    const ran: string[] = []
    register('sleeps', function* () {
      yield* Task.sleep(1000)
      ran.push('slept')
    }, { timeout: 50 })
    register('fails', () => Task.fail(new RangeError('no')))
    expect(registered.map(([name, , timeout]) => [name, timeout])).toEqual([['sleeps', 50], ['fails', undefined]])
    expect(ran).toEqual([]) // registered, not run
    registered[0]![1]()
    expect(ran).toEqual(['slept'])
    expect(refusal(() => registered[1]![1]())).toEqual(['RangeError', 'no'])
    expect(refusal(() => register(1 as never, Task.unit))).toEqual(['TypeError', 'taskTest.only: the name must be a string, got number 1'])
    expect(refusal(() => register('x', 42 as never))).toEqual(['TypeError', 'taskTest.only: the body must be a generator function, a function returning a Task, or a Task, got number 42'])
    expect(refusal(() => register('x', Task.unit, 5 as never))).toEqual(['TypeError', 'taskTest.only: options must be an object, got number 5'])
    expect(registered).toHaveLength(2) // nothing more was registered
  })

  it('taskTest.each registers the cases, the name, a function that spreads a case into the body, and the timeout; it refuses bad cases, body or options', () => {
    const registered: Array<[ReadonlyArray<unknown>, string, (...args: unknown[]) => void, number | undefined]> = []
    const each = eachWith((cases, name, fn, timeout) => void registered.push([cases, name, fn, timeout]))
    const seen: unknown[] = []
    const cases: Array<[number, string]> = [[1, 'a'], [2, 'b']]
    each(cases)('case %i', function* (n, s) {
      yield* Task.sleep(n)
      seen.push([n, s, (yield* Task.getRunningLoop).time()])
    }, { timeout: 70 })
    expect(registered.map(([c, name, , timeout]) => [c, name, timeout])).toEqual([[cases, 'case %i', 70]])
    registered[0]![2](2, 'b')
    expect(seen).toEqual([[2, 'b', 2]])
    expect(refusal(() => each('cases' as never)('x', function* () {}))).toEqual(['TypeError', 'taskTest.each expects an array of cases, got the string "cases"'])
    expect(refusal(() => each([1])('x', 42 as never))).toEqual(['TypeError', 'taskTest.each: the body must be a function, got number 42'])
    expect(refusal(() => each([1])('x', function* () {}, null as never))).toEqual(['TypeError', 'taskTest.each: options must be an object, got null'])
    expect(registered).toHaveLength(1)
  })
})
