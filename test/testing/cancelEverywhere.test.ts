/**
 * `cancelEverywhere` on a user's program (R22/R23: a cancel lands at the await where the
 * fiber is suspended; R55: a cancelled `get` loses nothing): it visits every suspension
 * point, names the one that breaks the invariant, and fails a run that leaves a fiber pending
 * or a failure unretrieved.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Queue, Task } from '../../lib/index.js'
import { CancelPointError, cancelEverywhere } from '../../lib/testing/cancelEverywhere.js'
import { observe } from '../../laws/observe.js'

interface Stores {
  readonly source: Queue<string>
  readonly sink: Queue<string>
  produced: boolean
}

/**
 * Moves one item from `source` to `sink`: get it (a cancelled get loses nothing), "process"
 * it (a sleep), put it, then log (a sleep). Cancelled while processing, the item is in
 * neither queue: lost. `safe` processes it in `uncancellable`.
 */
const mover = (stores: Stores, safe: boolean): Task.Task<unknown, void> =>
  Task.gen(function* move() {
    const item = yield* stores.source.get()
    const process = Task.gen(function* processItem() {
      yield* Task.sleep(5)
      yield* stores.sink.put(item)
    })
    yield* safe ? Task.uncancellable(() => process) : process
    yield* Task.sleep(1)
  })

/** The 1-based line of this file that contains `text` (for the debug-mode source locations). */
const lineOf = (text: string): number => readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1
const LINE_OF_SLEEP = lineOf('yield* Task.sleep(5)')
const LINE_OF_PROCESS_AWAIT = lineOf('yield* safe ?')

const nothingLost = (factory: () => { stores: Stores; task: Task.Task<unknown, unknown> }) => {
  let current: Stores | undefined
  const make = () => {
    const { stores, task } = factory()
    current = stores
    return task
  }
  const check = () => {
    // once produced, the item is in exactly one of the queues
    expect(current!.source.qsize() + current!.sink.qsize()).toBe(current!.produced ? 1 : 0)
  }
  return { make, check }
}

const build = (safe: boolean) => () => {
  const stores: Stores = { source: new Queue<string>(), sink: new Queue<string>(), produced: false }
  const task = Task.gen(function* () {
    const fiber = yield* Task.spawn(mover(stores, safe), { name: 'mover' })
    yield* Task.sleep(2)
    stores.source.putNowait('item')
    stores.produced = true
    yield* fiber
  })
  return { stores, task }
}

describe('cancelEverywhere on your own program', () => {
  it('R55/R23: finds the one await where a cancellation loses the item, and names it', () => {
    const { make, check } = nothingLost(build(false))
    let error: unknown
    try {
      cancelEverywhere(make, { check })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CancelPointError)
    const e = error as CancelPointError
    const mover = e.where!.fibers.find((f) => f.name === 'mover')!
    // the second await of `move`, inside the first of `processItem`: the processing sleep
    expect(mover.path).toEqual(['move#2', 'processItem#1'])
    expect(mover.waitsOn).toBe('sleep until 0.007 s (in 5 ms)')
    expect(e.message).toMatch(/the check threw: expected \+0 to be 1 .*\(cancelled after \d+ iterations\)\n {2}cancelled at: .*mover at move#2 > processItem#1, waiting on sleep until 0\.007 s \(in 5 ms\)/)
    expect(e.cause).toBeInstanceOf(Error)
  })

  it('in debug mode, the point also names the source line of each await', () => {
    const { make, check } = nothingLost(build(false))
    const e = (() => {
      try {
        cancelEverywhere(make, { check, debug: true })
      } catch (error) {
        return error as CancelPointError
      }
      throw new Error('expected a CancelPointError')
    })()
    const mover = e.where!.fibers.find((f) => f.name === 'mover')!
    expect(mover.path).toHaveLength(2)
    expect(mover.path[0]).toMatch(new RegExp(`^move#2 \\(.*cancelEverywhere\\.test\\.ts:${LINE_OF_PROCESS_AWAIT}:\\d+\\)$`))
    expect(mover.path[1]).toMatch(new RegExp(`^processItem#1 \\(.*cancelEverywhere\\.test\\.ts:${LINE_OF_SLEEP}:\\d+\\)$`))
  })

  it('every other point is fine: cancelled before it starts, in get (R55) or after the put, nothing is lost', () => {
    const { make, check } = nothingLost(build(false))
    const seen: string[] = []
    expect(() =>
      cancelEverywhere(make, {
        check: (outcome, o, k) => {
          const mover = o.cancelledAt?.fibers.find((f) => f.name === 'mover')
          if (mover !== undefined) seen.push(mover.path.join(' > '))
          if (mover?.path[1] !== 'processItem#1') check()
        },
      }),
    ).not.toThrow()
    // not started, in get, processing (skipped above), in the last sleep
    expect(new Set(seen)).toEqual(new Set(['', 'move#1', 'move#2 > processItem#1', 'move#3']))
  })

  it('fixed with uncancellable, no point loses the item', () => {
    const { make, check } = nothingLost(build(true))
    const points = cancelEverywhere(make, { check })
    expect(points.length).toBeGreaterThan(3)
    expect(points.every((p) => p.observation.pendingAtEnd === 0)).toBe(true)
  })

  it('a fiber left pending after the teardown fails the run, even without a check', () => {
    // a finalizer that never finishes: the fiber stays pending, its finalizer never completes
    const stuck = Task.gen(function* () {
      yield* Task.spawn(Task.uncancellable(() => Task.never), { name: 'unstoppable' })
      yield* Task.sleep(1)
    })
    expect(() => cancelEverywhere(stuck, {})).toThrow(/1 fiber\(s\) still pending after the teardown/)
  })

  it('a failure nobody retrieved fails the run', () => {
    const leaky = Task.gen(function* () {
      yield* Task.spawn(Task.fail(new Error('lost')))
      yield* Task.sleep(1)
    })
    expect(() => cancelEverywhere(leaky, { maxSteps: 100 })).toThrow(/failures nobody retrieved: .*lost/)
  })

  it('a check returning false or a string fails; the laws form still takes (observation, k) => problem', () => {
    expect(() => cancelEverywhere(Task.sleep(1), { check: () => false })).toThrow(/the check returned false \(not cancelled\)/)
    expect(() => cancelEverywhere(Task.sleep(1), { check: (_o, _obs, k) => (k === 1 ? 'bad at 1' : undefined) })).toThrow(/bad at 1 \(cancelled after 1 iterations\)/)
    expect(() => cancelEverywhere(Task.sleep(1), { check: async () => undefined })).toThrow(/the check returned a promise/)
    expect(cancelEverywhere(Task.sleep(1), () => undefined).length).toBe(observe(Task.sleep(1)).iterations + 1)
  })

  it('bad arguments are a TypeError before anything runs', () => {
    let runs = 0
    const make = () => {
      runs++
      return Task.of(1)
    }
    expect(() => cancelEverywhere(make, null as never)).toThrow(TypeError)
    expect(() => cancelEverywhere(make, { check: 'x' as never })).toThrow(TypeError)
    expect(() => cancelEverywhere(42 as never, {})).toThrow(TypeError)
    expect(runs).toBe(0)
  })
})
