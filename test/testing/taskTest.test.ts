/**
 * `taskTest` and the task matchers: a coroutine test on a virtual loop, failures that say
 * what is wrong (the error's own line, what is left pending, a deadlock, the time limit).
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { CancelledError, Task, TimeoutError } from '../../lib/index.js'
import { runTaskTest, taskTest } from '../../lib/testing/taskTest.js'
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
  taskTest('R3: an hour of sleeps takes no real time, and the clock reads exactly', function* () {
    const loop = yield* Task.getRunningLoop
    yield* Task.sleep(59 * 60_000)
    expect(loop.time()).toBe(59 * 60_000)
  })

  taskTest('a body may be a function returning a Task', () => pipe(Task.sleep(5), Task.as(1)))

  taskTest.each([
    [10, 20],
    [1, 2],
  ])('each: sleeps %i then %i', function* (a, b) {
    const loop = yield* Task.getRunningLoop
    yield* Task.sleep(a)
    yield* Task.sleep(b)
    expect(loop.time()).toBe(a + b)
  })

  taskTest.skip('skip registers a skipped test', function* () {
    throw new Error('never runs')
  })

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
