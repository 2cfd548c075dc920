/**
 * `TestLoop`: time and work are separate steps (R1–R3 driven by hand), what a fiber waits on
 * is visible, and misuse changes nothing.
 */
import * as fc from 'fast-check'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { LoopError, Task, runSync } from '../../lib/index.js'
import { TestLoop } from '../../lib/testing/TestLoop.js'
import { refusal } from '../helpers.js'

/** A TestLoop whose reports (pending fibers at close) are kept, not printed. */
const quietLoop = (reports: string[] = []) => new TestLoop({ exceptionHandler: (ctx) => void reports.push(ctx.message) })

const log = (entries: string[], x: string) => Task.sync(() => void entries.push(x))

describe('TestLoop: a loop you drive by hand', () => {
  it('R3: advance moves the clock and runs nothing; tick runs what fell due and never moves the clock', () => {
    const t = quietLoop()
    const seen: string[] = []
    const h = t.start(
      Task.gen(function* () {
        yield* log(seen, 'start')
        yield* Task.sleep(1000)
        yield* log(seen, 'woke')
        return 'done'
      }),
    )
    expect(seen).toEqual([])
    expect(t.tick()).toBeGreaterThan(0)
    expect(seen).toEqual(['start'])
    expect(t.time()).toBe(0)
    expect(h.outcome()).toBeUndefined()
    expect(t.nextInterval()).toBe(1000)
    t.advance(999)
    expect(t.tick()).toBe(0)
    expect(seen).toEqual(['start'])
    expect(t.nextInterval()).toBe(1)
    t.advance(1)
    expect(seen).toEqual(['start']) // advance alone runs nothing
    expect(t.nextInterval()).toBe(0)
    t.tick()
    expect(seen).toEqual(['start', 'woke'])
    expect(t.time()).toBe(1000)
    expect(h.outcome()).toEqual({ _tag: 'Succeeded', value: 'done' })
    expect(t.nextInterval()).toBeUndefined()
    t.close()
  })

  it('R1: tickOne runs exactly one iteration: what an iteration schedules waits for the next one', () => {
    const t = quietLoop()
    const seen: string[] = []
    t.start(pipe(log(seen, 'a1'), Task.flatMap(() => Task.cede), Task.flatMap(() => log(seen, 'a2'))))
    t.start(pipe(log(seen, 'b1'), Task.flatMap(() => Task.cede), Task.flatMap(() => log(seen, 'b2'))))
    expect(t.tickOne()).toBe(true)
    expect(seen).toEqual(['a1', 'b1'])
    expect(t.tickOne()).toBe(true)
    expect(seen).toEqual(['a1', 'b1', 'a2', 'b2'])
    while (t.tickOne());
    expect(t.tickOne()).toBe(false)
    t.close()
  })

  it('tickOne does not move the clock to a future timer', () => {
    const t = quietLoop()
    t.start(Task.sleep(5))
    t.tick()
    expect(t.tickOne()).toBe(false)
    expect(t.time()).toBe(0)
    t.close()
  })

  it('advanceAndTick lands on exact virtual times; tickAll runs to the end, jumping from timer to timer', () => {
    const t = quietLoop()
    const times: number[] = []
    const h = t.start(
      Task.gen(function* () {
        for (let i = 0; i < 3; i++) {
          yield* Task.sleep(100)
          const now = yield* Task.getRunningLoop
          times.push(now.time())
        }
        return times.length
      }),
    )
    t.tick()
    t.advanceAndTick(150)
    expect(times).toEqual([150]) // due at 100, run at the first tick after: 150
    t.advanceAndTick(50)
    expect(times).toEqual([150]) // the second sleep is due at 250, not yet
    t.tickAll()
    expect(times).toEqual([150, 250, 350])
    expect(h.outcome()).toEqual({ _tag: 'Succeeded', value: 3 })
    t.close()
  })

  it('property: a sleep ends at the first tick at or after its deadline, however the time is split into advances', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 20 }), (sleeps, steps) => {
        const t = quietLoop()
        const woke: number[] = []
        t.start(
          Task.gen(function* () {
            for (const ms of sleeps) {
              yield* Task.sleep(ms)
              woke.push((yield* Task.getRunningLoop).time())
            }
          }),
        )
        t.tick()
        for (const ms of steps) t.advanceAndTick(ms)
        t.tickAll()
        expect(woke.length).toBe(sleeps.length)
        // a sleep starts when the previous one was seen to end, and is seen to end at the
        // first tick at or after its deadline
        let start = 0
        let clock = 0
        const ticks = [0]
        for (const ms of steps) ticks.push((clock += ms))
        for (let i = 0; i < sleeps.length; i++) {
          const due = start + sleeps[i]!
          const tickAt = ticks.find((x) => x >= due)
          const at = tickAt ?? due // after the last advance, tickAll jumps exactly to the deadline
          expect(woke[i]).toBe(at)
          start = at
        }
        t.close()
      }),
    )
  })

  it('isDeadlocked: a pending fiber that nothing can wake; snapshot names what each fiber waits on', () => {
    const t = quietLoop()
    const stuck = t.loop.createFuture<number>()
    t.start(
      Task.gen(function* refresh() {
        yield* Task.sleep(10)
        return yield* stuck
      }),
      { name: 'main' },
    )
    t.tick()
    expect(t.isDeadlocked()).toBe(false) // the sleep's timer can wake it
    expect(t.snapshot().fibers).toEqual([{ name: 'main', path: ['refresh#1'], waitsOn: 'sleep until 0.010 s (in 10 ms)' }])
    t.tickAll()
    expect(t.isDeadlocked()).toBe(true)
    const snap = t.snapshot()
    expect(snap.fibers[0]!.path).toEqual(['refresh#2'])
    expect(snap.fibers[0]!.waitsOn).toMatch(/Future/)
    expect(snap.text).toMatch(/at 10 ms: 0 ready, 0 timer\(s\)\n    main at refresh#2, waiting on/)
    stuck.setResult(1)
    expect(t.isDeadlocked()).toBe(false)
    t.close()
  })

  it('a fiber waiting on the host is not deadlocked', () => {
    const t = quietLoop()
    t.start(Task.promise(() => new Promise<number>(() => {})))
    t.tick()
    expect(t.isDeadlocked()).toBe(false)
    t.close()
  })

  it('misuse is a RangeError or a LoopError and changes nothing (SPEC §3)', () => {
    const t = quietLoop()
    const h = t.start(Task.sleep(10))
    t.tick()
    for (const bad of [-1, NaN, -Infinity, Infinity]) {
      expect(() => t.advance(bad)).toThrow(RangeError)
      expect(() => t.advanceAndTick(bad)).toThrow(RangeError)
    }
    expect(() => t.advance('5' as never)).toThrow(TypeError)
    expect(() => t.tick({ maxIterations: 0 })).toThrow(RangeError)
    expect(() => t.advanceAndTick(5, { maxIterations: -1 })).toThrow(RangeError)
    expect(t.time()).toBe(0) // nothing changed
    expect(h.outcome()).toBeUndefined()
    expect(t.nextInterval()).toBe(10)
    // from inside one of its own fibers
    let inner: unknown
    t.start(Task.sync(() => {
      try {
        t.tick()
      } catch (e) {
        inner = e
      }
    }))
    t.tick()
    expect(inner).toBeInstanceOf(LoopError)
    expect(t.time()).toBe(0)
    t.close()
    for (const call of [() => t.tick(), () => t.tickOne(), () => t.tickAll(), () => t.advance(1), () => t.nextInterval(), () => t.isDeadlocked(), () => t.snapshot(), () => t.start(Task.of(1))]) {
      expect(call).toThrow(LoopError)
    }
    expect(() => t.start(42 as never)).toThrow(TypeError)
  })

  it('a program that never settles is a LoopError naming where it is, not a hang', () => {
    const t = quietLoop()
    const spin: Task.Task<never, never> = pipe(Task.cede, Task.flatMap(() => spin))
    t.start(spin, { name: 'spinner' })
    expect(() => t.tick({ maxIterations: 50 })).toThrow(/tick: still busy after 50 iterations at 0 ms/)
    expect(() => t.tickAll({ maxIterations: 50 })).toThrow(/spinner/)
    t.close()
    const u = quietLoop()
    u.start(Task.sleep(5000))
    expect(() => u.tickAll({ maxTime: 1000 })).toThrow(/beyond maxTime \(1000 ms\)/)
    expect(u.time()).toBe(0)
    u.close()
  })
})

describe('TestLoop: every refusal names the method and the value', () => {
  it('options, tasks, budgets and times', () => {
    expect(refusal(() => new TestLoop(42 as never))).toEqual(['TypeError', 'new TestLoop(options): options must be an object, got number 42'])
    expect(refusal(() => new TestLoop(null as never))).toEqual(['TypeError', 'new TestLoop(options): options must be an object, got null'])
    const t = quietLoop()
    expect(refusal(() => t.start(1 as never))).toEqual(['TypeError', 'TestLoop.start expects a Task, got number 1'])
    expect(refusal(() => t.start(Task.unit, { name: 1 as never }))).toEqual(['TypeError', 'TestLoop.start: name must be a string, got number 1'])
    expect(refusal(() => t.start(Task.unit, 'main' as never))).toEqual(['TypeError', 'TestLoop.start: options must be an object, got the string "main"'])
    expect(refusal(() => t.tick(42 as never))).toEqual(['TypeError', 'TestLoop.tick: options must be an object, got number 42'])
    expect(refusal(() => t.tick(null as never))).toEqual(['TypeError', 'TestLoop.tick: options must be an object, got null'])
    expect(refusal(() => t.tick({ maxIterations: 0 }))).toEqual(['RangeError', 'TestLoop.tick: maxIterations must be an integer >= 1, got number 0'])
    expect(refusal(() => t.tick({ maxIterations: 1.5 }))).toEqual(['RangeError', 'TestLoop.tick: maxIterations must be an integer >= 1, got number 1.5'])
    expect(refusal(() => t.tick({ maxIterations: '2' as never }))).toEqual(['RangeError', 'TestLoop.tick: maxIterations must be an integer >= 1, got the string "2"'])
    expect(t.tick({ maxIterations: 1 })).toBe(0)
    expect(refusal(() => t.advance('1' as never))).toEqual(['TypeError', 'TestLoop.advance expects a number of milliseconds, got the string "1"'])
    expect(refusal(() => t.advance(-1))).toEqual(['RangeError', 'TestLoop.advance expects a finite number of milliseconds >= 0, got number -1'])
    expect(refusal(() => t.advanceAndTick(1, { maxIterations: 0 }))).toEqual(['RangeError', 'TestLoop.advanceAndTick: maxIterations must be an integer >= 1, got number 0'])
    expect(refusal(() => t.tickAll({ maxIterations: 0 }))).toEqual(['RangeError', 'TestLoop.tickAll: maxIterations must be an integer >= 1, got number 0'])
    expect(refusal(() => t.tickAll({ maxTime: 'x' as never }))).toEqual(['RangeError', 'TestLoop.tickAll: maxTime must be a number of ms, got the string "x"'])
    expect(refusal(() => t.tickAll({ maxTime: NaN }))).toEqual(['RangeError', 'TestLoop.tickAll: maxTime must be a number of ms, got number NaN'])
    expect(t.time()).toBe(0)
    t.close()
  })

  it('a closed loop: each method says which it was', () => {
    const t = quietLoop()
    t.close()
    for (const m of ['tickOne', 'tick', 'advance', 'tickAll', 'nextInterval', 'isDeadlocked', 'snapshot'] as const) {
      expect(refusal(() => (t[m] as (x?: unknown) => unknown).call(t, m === 'advance' ? 1 : undefined))).toEqual(['LoopError', `TestLoop.${m}: the loop is closed`])
    }
  })

  it('driving it from inside a fiber, its own or another loop’s, is a LoopError', () => {
    const t = quietLoop()
    const tryTick = Task.sync(() => refusal(() => t.tick()))
    const own = t.start(tryTick)
    t.tick()
    const message = 'TestLoop.tick: cannot drive the loop from inside a running loop (a fiber or a callback)'
    expect(own.outcome()).toEqual({ _tag: 'Succeeded', value: ['LoopError', message] })
    expect(runSync(tryTick)).toEqual({ _tag: 'Succeeded', value: ['LoopError', message] })
    t.close()
  })

  it('an empty loop is not deadlocked; its snapshot says no fiber is pending; a timer shows when it falls due', () => {
    const t = quietLoop()
    expect(t.isDeadlocked()).toBe(false)
    expect(t.snapshot().text).toBe('at 0 ms: 0 ready, 0 timer(s), no fiber pending')
    t.start(Task.sleep(10), { name: 'sleeper' })
    t.start(Task.sleep(20), { name: 'later' })
    t.tick()
    expect(t.snapshot().text).toBe(
      'at 0 ms: 0 ready, 2 timer(s), the next in 10 ms\n    sleeper at (no coroutine), waiting on sleep until 0.010 s (in 10 ms)\n    later at (no coroutine), waiting on sleep until 0.020 s (in 20 ms)',
    )
    t.advanceAndTick(20)
    t.close()
  })

  it('disposing of it closes it', () => {
    const t = quietLoop()
    t[Symbol.dispose]()
    expect(() => t.tick()).toThrow(LoopError)
  })
})
