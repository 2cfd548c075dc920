/**
 * The shape keeper (`lib/shapes.ts`): the first `new Loop()` parks a few fibers on a private
 * virtual loop so that V8 keeps the interpreter's hidden classes across major GCs. Whether
 * that helps shows only in `npm run bench`; what a user can see is that it changes nothing
 * else: no task on their loop, no host timer or handle, and a loop still runs and closes as
 * before. One part is checked here through V8's runtime functions: code compiled against the
 * real clock stays optimised through a major GC once no real-clock loop is left.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it, vi } from 'vitest'
import { Loop, Task, runSync } from '../lib/index.js'
import { coreOf, runSyncUntil } from '../lib/Loop.js'
import type { Clock } from '../lib/runtime/kernel.js'

/** V8's own view of a function, through its runtime functions (enabled for this file only). */
const v8Internals = () => {
  setFlagsFromString('--allow-natives-syntax')
  setFlagsFromString('--expose-gc')
  const native = (body: string) => new Function('f', body) as (f: unknown) => number
  return {
    prepare: native('%PrepareFunctionForOptimization(f)'),
    optimizeNext: native('%OptimizeFunctionOnNextCall(f)'),
    /** Bit 4 (16): the function runs optimised code (V8's OptimizationStatus). */
    optimized: (f: unknown) => (native('return %GetOptimizationStatus(f)')(f) & 16) !== 0,
    gc: runInNewContext('gc') as () => void,
  }
}

describe('the shape keeper', () => {
  it('adds no task to the loop that triggered it, and no host timer or handle', async () => {
    const before = process.getActiveResourcesInfo().slice().sort()
    const loop = new Loop() // the first loop of this test file: the keeper parks its fibers now
    expect(loop.allTasks()).toEqual([])
    expect(process.getActiveResourcesInfo().slice().sort()).toEqual(before)
    await expect(loop.runUntilComplete(Task.of(1))).resolves.toBe(1)
    loop.close()
  })

  it('leaves later loops as they are: a virtual run reports nothing and leaves nothing pending', () => {
    const reports: unknown[] = []
    const loop = new Loop({ clock: 'virtual', exceptionHandler: (ctx) => void reports.push(ctx) })
    const fiber = loop.createTask(Task.as(2)(Task.sleep(3_600_000)))
    runSyncUntil(loop, () => fiber.done())
    expect(fiber.result()).toBe(2)
    expect(loop.allTasks()).toEqual([])
    loop.close()
    expect(reports).toEqual([])
    expect(runSync(Task.of(3))).toEqual({ _tag: 'Succeeded', value: 3 })
  })

  it("keeps the real clock's hidden class through a major GC after every real-clock loop is gone", async () => {
    const v8 = v8Internals()
    // compiled against the map of the clock `run` and `new Loop()` make, as the spawn path is
    const readClock = new Function('clock', 'return clock.resolution + clock.now()') as (clock: Clock) => number
    const warm = async () => {
      const loop = new Loop() // real clock; unreachable once this returns
      const clock = coreOf(loop).clock
      await loop.runUntilComplete(Task.of(0))
      loop.close()
      v8.prepare(readClock)
      readClock(clock)
      readClock(clock)
      v8.optimizeNext(readClock)
      readClock(clock)
    }
    await warm()
    expect(v8.optimized(readClock)).toBe(true)
    v8.gc()
    v8.gc()
    // without the keeper's RealClock the map dies with the last loop and the code with it
    expect(v8.optimized(readClock)).toBe(true)
  })
})

/**
 * A fresh copy of the keeper and of the loop it needs (their module state starts anew), and
 * a way to start it as the first `new Loop()` does, with a factory that hands the test the
 * private loop: `loopStarted` is the hook the `Loop` constructor calls.
 */
const freshKeeper = async () => {
  vi.resetModules()
  const shapes = await import('../lib/shapes.js')
  const { loopStarted } = await import('../lib/runtime/kernel.js')
  const { Loop: FreshLoop } = await import('../lib/Loop.js')
  // not the `Task` namespace: it loads `gather`, whose module adds a shape of its own
  const { never } = await import('../lib/task/constructors.js')
  const made: Loop[] = []
  /** Does what the first `new Loop()` does; returns the loops the keeper asked for. */
  const firstLoop = (newLoop: () => Loop = () => new FreshLoop({ clock: 'virtual' }) as unknown as Loop): Loop[] => {
    loopStarted(() => {
      const loop = newLoop()
      made.push(loop)
      return loop
    })
    return made
  }
  return { shapes, Loop: FreshLoop, never, firstLoop }
}

/** What each fiber parked on `loop` waits on. */
const parked = (loop: Loop): string[] => loop.allTasks().map((f) => `${f.name}: ${f.describeWait()}`)

const ownShapes = [
  'taskloop-shapes: sleep until 1073741.824 s (in 1073741.824 s)',
  'taskloop-shapes: callback not yet resumed (Task.callback(anonymous))',
  'taskloop-shapes: Task.never (only a cancel ends it)',
]

describe('the shape keeper, started on a loop the test can see', () => {
  it('parks one fiber of each shape on one private virtual loop, each suspended in its wait, and leaves its clock at 0', async () => {
    const keeper = await freshKeeper()
    const made = keeper.firstLoop()
    expect(made).toHaveLength(1)
    // a fiber in a long sleep (its clock never jumps to the timer), one on a foreign callback, one in a finalizer
    expect(parked(made[0]!)).toEqual(ownShapes)
    expect(made[0]!.time()).toBe(0)
  })

  it('starts once: a later first-loop hook makes no second loop; a shape added later is parked at once beside the others', async () => {
    const keeper = await freshKeeper()
    const [kept] = keeper.firstLoop()
    const again = keeper.firstLoop()
    expect(again).toHaveLength(1)
    new keeper.Loop({ clock: 'virtual' }).close()
    keeper.shapes.addShape((loop) => void loop.createTask(keeper.never, { name: 'added later' }))
    expect(parked(kept!)).toEqual([...ownShapes, 'added later: Task.never (only a cancel ends it)'])
  })

  it('a failure while parking never reaches the code that made a loop: a shape that throws, a keeper loop that cannot be made (not tried again)', async () => {
    const keeper = await freshKeeper()
    const [kept] = keeper.firstLoop()
    expect(() =>
      keeper.shapes.addShape(() => {
        throw new Error('a broken shape')
      }),
    ).not.toThrow()
    expect(parked(kept!)).toEqual(ownShapes)

    const failing = await freshKeeper()
    let attempts = 0
    const none = failing.firstLoop(() => {
      attempts++
      throw new Error('no loop for the keeper')
    })
    expect([attempts, none]).toEqual([1, []])
    // the keeper stays off: a later shape starts nothing, and the next loop asks for no keeper loop
    failing.shapes.addShape((loop) => void loop.createTask(failing.never, { name: 'added later' }))
    expect(failing.firstLoop()).toEqual([])
    expect(attempts).toBe(1)
  })
})
