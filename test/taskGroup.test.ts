/**
 * taskGroup exactly as ASYNCIO.md §I (R47–R52), and a timeout around a group (R51).
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { CancelledError, ExceptionGroup, InvalidStateError, LoopError, Task, TimeoutError } from '../lib/index.js'
import type { Fiber, Outcome } from '../lib/index.js'
import type { TaskGroup } from '../lib/Task.js'
import { makeLog, runVirtual, virtualLoop } from './helpers.js'

const after = <A>(ms: number, a: A) => pipe(Task.sleep(ms), Task.as(a))
const failAfter = (ms: number, e: unknown) => pipe(Task.sleep(ms), Task.flatMap(() => Task.fail(e)))

/** The errors of an ExceptionGroup outcome, or the outcome itself. */
const errorsOf = (o: { _tag: string; error?: unknown }): unknown => (o._tag === 'Failed' && o.error instanceof ExceptionGroup ? o.error.errors : o)

describe('taskGroup: lifecycle (R47)', () => {
  it('R47: the body runs in the calling fiber; children are fibers that start lazily; the group waits for all of them and gives the body value', () => {
    const { events, logAt } = makeLog()
    const main = Task.gen(function* () {
      const me = yield* Task.currentFiber
      return yield* Task.taskGroup((tg) =>
        Task.gen(function* () {
          const inBody = yield* Task.currentFiber
          const a = yield* tg.spawn(pipe(after(10, 'a'), Task.tap(() => logAt('a'))), { name: 'child-a' })
          yield* logAt('spawned')
          yield* tg.spawn(pipe(Task.sleep(30), Task.flatMap(() => logAt('b'))))
          return [inBody === me, a.name]
        }),
      )
    })
    const r = runVirtual(main)
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, 'child-a'] })
    expect(events).toEqual(['spawned@0', 'a@10', 'b@30'])
    expect(r.elapsed).toBe(30)
  })

  it('R47: exit waits for children spawned while it waits (by other children)', () => {
    const { events, logAt } = makeLog()
    const main = Task.taskGroup((tg) =>
      pipe(
        tg.spawn(pipe(Task.sleep(10), Task.flatMap(() => tg.spawn(pipe(Task.sleep(10), Task.flatMap(() => logAt('grandchild'))))))),
        Task.asVoid,
      ),
    )
    const r = runVirtual(main)
    expect(r.outcome._tag).toBe('Succeeded')
    expect(events).toEqual(['grandchild@20'])
  })

  it('R47: spawning into a finished group fails with InvalidStateError and starts nothing', async () => {
    const { loop } = virtualLoop()
    let leaked!: TaskGroup
    await loop.runUntilComplete(Task.taskGroup((tg) => Task.sync(() => void (leaked = tg))))
    let ran = false
    const o = await loop.runUntilComplete(Task.either(leaked.spawn(Task.sync(() => (ran = true)))))
    expect(o._tag).toBe('Left')
    expect((o as { left: Error }).left).toBeInstanceOf(InvalidStateError)
    expect((o as { left: Error }).left.message).toMatch(/finished/)
    await loop.runUntilComplete(Task.sleep(1))
    expect(ran).toBe(false)
    loop.close()
  })

  it('R47: spawning into a group that is shutting down fails with InvalidStateError', () => {
    let spawnError: unknown
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        yield* tg.spawn(failAfter(5, 'boom'))
        try {
          yield* Task.sleep(100)
        } catch {
          // the group's own cancel: try to add more work now
          spawnError = (yield* Task.either(tg.spawn(Task.unit)))
        }
      }),
    )
    const r = runVirtual(main)
    expect(errorsOf(r.outcome)).toEqual(['boom'])
    expect((spawnError as { left: Error }).left).toBeInstanceOf(InvalidStateError)
    expect((spawnError as { left: Error }).left.message).toMatch(/shutting down/)
  })

  it('R47: bad arguments are TypeErrors: a body that is not a function, spawn of a non-Task', () => {
    expect(() => Task.taskGroup(42 as unknown as () => Task.Task<never, void>)).toThrow(TypeError)
    const r = runVirtual(Task.taskGroup((tg) => tg.spawn(7 as unknown as Task.Task<never, void>)))
    expect((errorsOf(r.outcome) as unknown[])[0]).toBeInstanceOf(TypeError)
  })
})

describe('taskGroup: failures (R48, R49)', () => {
  it('R48: the first child failure cancels the other children, then the body (one iteration later)', () => {
    const { events, log } = makeLog()
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        yield* tg.spawn(failAfter(10, 'boom'))
        yield* tg.spawn(pipe(Task.never, Task.onCancel(log('sibling cancelled'))))
        try {
          yield* Task.never
        } catch (e) {
          yield* log(`body got ${(e as Error).name}`)
          throw e
        }
      }),
    )
    const r = runVirtual(main)
    expect(errorsOf(r.outcome)).toEqual(['boom'])
    expect(events).toEqual(['sibling cancelled', 'body got CancelledError'])
    expect(r.elapsed).toBe(10)
  })

  it('R48: a child that ends cancelled is not an error and does not abort the group', () => {
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        const victim = yield* tg.spawn(Task.never)
        yield* tg.spawn(after(20, 'other'))
        yield* Task.sleep(5)
        victim.cancel()
        yield* Task.sleep(30)
        return 'fine'
      }),
    )
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: 'fine' })
  })

  it('R49: every failure is in the ExceptionGroup exactly once — children in the order they failed, then the body last', () => {
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        yield* tg.spawn(failAfter(10, 'second child'))
        yield* tg.spawn(failAfter(5, 'first child'))
        // raises while being cancelled: also a failure
        yield* tg.spawn(pipe(Task.never, Task.onCancel(Task.fail('cancelled child broke'))))
        yield* Task.sleep(100).pipe(Task.onCancel(Task.unit))
        return 'unreachable'
      }).pipe(Task.ensuring(Task.unit)),
    )
    const r = runVirtual(main)
    expect(r.outcome._tag).toBe('Failed')
    const eg = (r.outcome as { error: ExceptionGroup }).error
    expect(eg).toBeInstanceOf(ExceptionGroup)
    expect(eg.message).toBe('unhandled errors in a task group')
    // 'second child' was cancelled at 5, before it could fail
    expect(eg.errors).toEqual(['first child', 'cancelled child broke'])
  })

  it("R49: the body's own failure comes last, after the children's", () => {
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        yield* tg.spawn(pipe(Task.never, Task.onCancel(Task.fail('child in cleanup'))))
        yield* Task.sleep(1)
        yield* Task.fail('body')
      }),
    )
    expect(errorsOf(runVirtual(main).outcome)).toEqual(['child in cleanup', 'body'])
  })

  it("R49/R50: the group's own cancel is withdrawn — code after the group runs, and cancelling() is back to 0", () => {
    const main = Task.gen(function* () {
      const me = yield* Task.currentFiber
      const e = yield* Task.either(Task.taskGroup((tg) => pipe(tg.spawn(failAfter(5, 'boom')), Task.flatMap(() => Task.sleep(100)))))
      yield* Task.sleep(10)
      return [e._tag, me.cancelling(), yield* Task.now]
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: ['Left', 0, 15] })
  })

  it("R49/R50: two children failing in one iteration cancel the group's fiber once — the cancel is withdrawn and code after the group runs", () => {
    const main = Task.gen(function* () {
      const me = yield* Task.currentFiber
      const e = yield* Task.either(
        Task.taskGroup((tg) =>
          Task.gen(function* () {
            yield* tg.spawn(failAfter(5, 'a'))
            yield* tg.spawn(failAfter(5, 'b'))
            yield* Task.sleep(100)
          }),
        ),
      )
      yield* Task.sleep(10)
      return [e._tag === 'Left' ? (e.left as ExceptionGroup).errors : e, me.cancelling(), yield* Task.now]
    })
    expect(runVirtual(main).outcome).toEqual({ _tag: 'Succeeded', value: [['a', 'b'], 0, 15] })
  })

  it('R48: a child that fails while a failed body shuts the group down cancels no sibling a second time', () => {
    const counts: number[] = []
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        yield* tg.spawn(pipe(Task.never, Task.onCancel(Task.fail('broke in cleanup'))))
        yield* tg.spawn(
          pipe(
            Task.never,
            Task.onCancel(
              Task.gen(function* () {
                yield* Task.sleep(5)
                counts.push((yield* Task.currentFiber).cancelling())
              }),
            ),
          ),
        )
        yield* Task.sleep(1)
        yield* Task.fail('body')
      }),
    )
    expect(errorsOf(runVirtual(main).outcome)).toEqual(['broke in cleanup', 'body'])
    expect(counts).toEqual([1])
  })

  it('R49: a child failing after the body ended still cancels the other children and fails the group', () => {
    const { events, log } = makeLog()
    const main = Task.taskGroup((tg) =>
      pipe(
        tg.spawn(failAfter(10, 'late')),
        Task.flatMap(() => tg.spawn(pipe(Task.never, Task.onCancel(log('cancelled'))))),
        Task.as('body done'),
      ),
    )
    const r = runVirtual(main)
    expect(errorsOf(r.outcome)).toEqual(['late'])
    expect(events).toEqual(['cancelled'])
  })

  it('R49: nested groups — an inner ExceptionGroup is an ordinary failure for the outer one', () => {
    const main = Task.taskGroup((outer) =>
      Task.gen(function* () {
        yield* outer.spawn(Task.taskGroup((inner) => pipe(inner.spawn(failAfter(5, 'deep')), Task.asVoid)))
        yield* Task.taskGroup((inner) => pipe(inner.spawn(pipe(Task.never, Task.onCancel(Task.fail('inline')))), Task.asVoid))
      }),
    )
    const r = runVirtual(main)
    const errs = errorsOf(r.outcome) as unknown[]
    expect(errs).toHaveLength(2)
    expect((errs[0] as ExceptionGroup).errors).toEqual(['deep'])
    expect((errs[1] as ExceptionGroup).errors).toEqual(['inline'])
  })
})

describe('taskGroup: cancellation (R50, R51)', () => {
  it('R50: an external cancel while the body awaits cancels every child, waits for them, and ends the group cancelled', async () => {
    const { events, logAt } = makeLog()
    const { loop } = virtualLoop()
    const child = (name: string) => pipe(Task.never, Task.onCancel(pipe(Task.sleep(2), Task.flatMap(() => logAt(name)))))
    const f = loop.createTask(
      Task.taskGroup((tg) =>
        Task.gen(function* () {
          yield* tg.spawn(child('a'))
          yield* tg.spawn(child('b'))
          yield* Task.never
        }),
      ),
    )
    loop.callLater(10, () => f.cancel())
    await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError)
    expect(events).toEqual(['a@12', 'b@12'])
    expect(loop.allTasks()).toEqual([])
    loop.close()
  })

  it('R50: an external cancel that arrives while the group waits for its children aborts them and ends cancelled', async () => {
    const { events, log } = makeLog()
    const { loop } = virtualLoop()
    const f = loop.createTask(Task.taskGroup((tg) => pipe(tg.spawn(pipe(Task.never, Task.onCancel(log('child cancelled')))), Task.asVoid)))
    loop.callLater(10, () => f.cancel())
    await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError)
    expect(events).toEqual(['child cancelled'])
    loop.close()
  })

  it("R50: children's errors take priority over an external cancel, and the cancel is re-armed: the next suspension raises CancelledError", async () => {
    const { loop } = virtualLoop()
    let seen: unknown
    const main = Task.gen(function* () {
      const me = yield* Task.currentFiber
      const e = yield* Task.either(
        Task.taskGroup((tg) => pipe(tg.spawn(pipe(Task.never, Task.onCancel(Task.fail('cleanup broke')))), Task.flatMap(() => Task.never))),
      )
      seen = [e._tag === 'Left' && e.left instanceof ExceptionGroup ? e.left.errors : e, me.cancelling()]
      yield* Task.sleep(100) // the external cancel is delivered here
      return 'not reached'
    })
    const f = loop.createTask(main)
    loop.callLater(10, () => f.cancel())
    await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError)
    expect(seen).toEqual([['cleanup broke'], 1])
    expect(loop.time()).toBe(10)
    loop.close()
  })

  it('R50: a child failure and an external cancel together — the ExceptionGroup wins', async () => {
    const { loop } = virtualLoop()
    const slowToCancel = pipe(Task.never, Task.onCancel(Task.sleep(5)))
    const f = loop.createTask(
      Task.taskGroup((tg) =>
        Task.gen(function* () {
          yield* tg.spawn(failAfter(10, 'boom'))
          yield* tg.spawn(slowToCancel)
          yield* Task.never
        }),
      ),
    )
    loop.callLater(12, () => f.cancel()) // while the group waits for the slow child
    const err = await loop.runUntilComplete(f).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ExceptionGroup)
    expect((err as ExceptionGroup).errors).toEqual(['boom'])
    loop.close()
  })

  it('R50: nested groups both cancelled from outside end cancelled, and the count stays stable', async () => {
    const { loop } = virtualLoop()
    let inside: number | undefined
    const main = Task.gen(function* () {
      const me = yield* Task.currentFiber
      try {
        yield* Task.taskGroup((outer) =>
          Task.gen(function* () {
            yield* outer.spawn(Task.never)
            yield* Task.taskGroup((inner) => pipe(inner.spawn(Task.never), Task.flatMap(() => Task.never)))
          }),
        )
      } finally {
        inside = me.cancelling()
      }
    })
    const f = loop.createTask(main)
    loop.callLater(5, () => f.cancel())
    await expect(loop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError)
    expect(inside).toBe(1)
    expect(loop.allTasks()).toEqual([])
    loop.close()
  })

  it('R51: a timeout around a group is an external cancel: children are cancelled, and the timeout raises TimeoutError', () => {
    const { events, logAt } = makeLog()
    const main = pipe(
      Task.taskGroup((tg) => pipe(tg.spawn(pipe(Task.never, Task.onCancel(logAt('child cancelled')))), Task.flatMap(() => Task.sleep(100)))),
      Task.timeout(10),
    )
    const r = runVirtual(main)
    expect(r.outcome._tag).toBe('Failed')
    expect((r.outcome as { error: unknown }).error).toBeInstanceOf(TimeoutError)
    expect(events).toEqual(['child cancelled@10'])
  })

  it('R51: a child that raises while the timeout cancels the group turns it into the ExceptionGroup', () => {
    const main = pipe(
      Task.taskGroup((tg) => pipe(tg.spawn(pipe(Task.never, Task.onCancel(Task.fail('cleanup broke')))), Task.flatMap(() => Task.sleep(100)))),
      Task.timeout(10),
    )
    expect(errorsOf(runVirtual(main).outcome)).toEqual(['cleanup broke'])
  })

  it('R52: a failing child is handled in its done callback: the body keeps running until its next suspension', () => {
    const { events, log } = makeLog()
    const main = Task.taskGroup((tg) =>
      Task.gen(function* () {
        const f: Fiber<string, never> = yield* tg.spawn(Task.fail('fast'))
        yield* log(`spawned ${f.done() ? 'done' : 'pending'}`)
        yield* Task.cede
        yield* log('after one iteration')
        yield* Task.sleep(10)
        yield* log('not reached')
      }),
    )
    const r = runVirtual(main)
    expect(errorsOf(r.outcome)).toEqual(['fast'])
    expect(events).toEqual(['spawned pending', 'after one iteration'])
  })
})

describe('taskGroup: what its errors say', () => {
  /** The message of the one error a group's ExceptionGroup holds. */
  const groupError = (r: Outcome<unknown, unknown>): string => {
    if (r._tag !== 'Failed' || !(r.error instanceof ExceptionGroup)) return `not an ExceptionGroup: ${r._tag}`
    const [e] = r.error.errors as Error[]
    return `${e!.name}: ${e!.message}`
  }

  it('bad input is a TypeError naming what was given it', () => {
    expect(() => Task.taskGroup(42 as unknown as () => Task.Task<never, void>)).toThrow(/^Task\.taskGroup expects a function, got/)
    expect(groupError(runVirtual(Task.taskGroup(() => 42 as unknown as Task.Task<never, void>)).outcome)).toMatch(/^TypeError: Task\.taskGroup: the body function must return a Task, got/)
    expect(groupError(runVirtual(Task.taskGroup((tg) => Task.suspend(() => tg.spawn(42 as unknown as Task.Task<never, void>)))).outcome)).toMatch(/^TypeError: taskGroup spawn expects a Task, got/)
    expect(groupError(runVirtual(Task.taskGroup((tg) => Task.suspend(() => tg.spawn(Task.unit, { name: 7 as unknown as string })))).outcome)).toBe('TypeError: taskGroup spawn: name must be a string')
  })

  it('a group used from a fiber of another loop is a LoopError naming spawn', () => {
    let group: TaskGroup | undefined
    runVirtual(Task.taskGroup((tg) => Task.sync(() => void (group = tg))))
    const r = runVirtual(group!.spawn(Task.unit)).outcome // runVirtual runs on a loop of its own
    expect(((r as Outcome<unknown, unknown>)._tag === 'Failed' && (r as { error: unknown }).error instanceof LoopError && ((r as { error: Error }).error.message))).toBe('taskGroup spawn: the group belongs to a different loop')
  })
})

describe('taskGroup: cancel', () => {
  it('TaskGroup.cancel twice cancels each child once', () => {
    const counts: number[] = []
    runVirtual(Task.taskGroup((tg) => Task.gen(function* () {
      const child = yield* tg.spawn(Task.never)
      yield* Task.cede
      tg.cancel()
      tg.cancel()
      counts.push(child.cancelling())
    })))
    expect(counts).toEqual([1])
  })
})
