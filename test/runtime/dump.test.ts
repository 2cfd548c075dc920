/**
 * `loop.dump()` and `loop.snapshot()`: the live call graph. Every live fiber with its id,
 * name, state, age, coroutine stack and what it waits on, drawn as a tree of who awaits whom
 * (children under their gather or task group), with every cycle of awaits marked as a
 * deadlock. The texts are pinned exactly: they are what a user reads.
 */
import { fc, test as fcTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import type { Fiber, LoopSnapshot } from '../../lib/index.js'
import { Lock, Loop, LoopError, Queue, Task, runSync } from '../../lib/index.js'
import { runSyncUntil } from '../../lib/Loop.js'

/** Runs `main` on a fresh virtual loop until `ms` of loop time (until nothing is left to run, for Infinity); the loop stays open. */
const runFor = (main: Task.Task<unknown, unknown>, ms: number, name = 'main'): { loop: Loop; fiber: Fiber } => {
  const loop = new Loop({ clock: 'virtual' })
  const fiber = loop.createTask(main, { name })
  advanceTo(loop, ms)
  return { loop, fiber }
}

/** Runs `loop` until its clock reads `ms` (until nothing is left to run, for Infinity). */
const advanceTo = (loop: Loop, ms: number): void => {
  let reached = false
  if (ms !== Infinity) loop.callAt(ms, () => void (reached = true))
  runSyncUntil(loop, () => reached)
}

/** The LoopError message runSync throws for `main`. */
const runSyncError = (main: Task.Task<unknown, unknown>): string => {
  try {
    runSync(main)
  } catch (error) {
    expect(error).toBeInstanceOf(LoopError)
    return (error as LoopError).message
  }
  throw new Error('runSync did not throw')
}

describe('the dump of a known deadlock', () => {
  // two transfers take the same two locks in opposite orders; a third fiber waits on the
  // queue the transfers would fill; main gathers the three
  const makeDeadlock = () => {
    const accounts = new Lock({ name: 'accounts' })
    const ledger = new Lock({ name: 'ledger' })
    const receipts = new Queue<string>({ name: 'receipts' })
    return Task.gen(function* main() {
      return yield* Task.gather([
        Task.gen(function* debit() {
          yield* accounts.acquire()
          yield* Task.sleep(100)
          yield* ledger.acquire()
          yield* receipts.put('debit')
        }),
        Task.gen(function* credit() {
          yield* ledger.acquire()
          yield* Task.sleep(250)
          yield* accounts.acquire()
          yield* receipts.put('credit')
        }),
        Task.gen(function* printer() {
          for (;;) console.log(yield* receipts.get())
        }),
      ])
    })
  }

  it('runSync fails with a LoopError that carries the dump: the tree, each wait, and the cycle marked as a deadlock', () => {
    expect(runSyncError(makeDeadlock())).toBe(
      [
        'runSync cannot finish main: deadlock: nothing is ready and no timer is pending; main waits on gather: 3 of 3 pending',
        'virtual loop at 0.250 s, 4 live fibers',
        "#1 'main' (age 250 ms) main#1 — waits on gather: 3 of 3 pending",
        "├── #2 'Task-2' (age 250 ms) debit#3 — waits on Lock 'ledger' held by fiber #3 'Task-3' (1 waiter)",
        "├── #3 'Task-3' (age 250 ms) credit#3 — waits on Lock 'accounts' held by fiber #2 'Task-2' (1 waiter)",
        "└── #4 'Task-4' (age 250 ms) printer#1 — waits on Queue 'receipts'.get (0 items, 1 getter)",
        "deadlock: a cycle of awaits: #2 'Task-2' → #3 'Task-3' → #2 'Task-2'",
      ].join('\n'),
    )
  })

  it('loop.snapshot() says the same as data', () => {
    const { loop } = runFor(makeDeadlock(), Infinity)
    const snapshot: LoopSnapshot = loop.snapshot()
    expect(snapshot.time).toBe(250)
    expect(snapshot.clock).toBe('virtual')
    expect(snapshot.cycles).toEqual([[2, 3]])
    expect(snapshot.fibers.map((f) => [f.id, f.name, f.state, f.age, f.stack, f.waitsOn.kind, f.waitsOn.fibers, f.waitsOn.heldBy])).toEqual([
      [1, 'main', 'waiting', 250, ['main#1'], 'gather', [2, 3, 4], undefined],
      [2, 'Task-2', 'waiting', 250, ['debit#3'], 'sync', [], 3],
      [3, 'Task-3', 'waiting', 250, ['credit#3'], 'sync', [], 2],
      [4, 'Task-4', 'waiting', 250, ['printer#1'], 'sync', [], undefined],
    ])
    expect(loop.dump()).toContain("deadlock: a cycle of awaits: #2 'Task-2' → #3 'Task-3' → #2 'Task-2'")
    for (const f of loop.allTasks()) f.cancel()
    runSyncUntil(loop, () => false)
    loop.close()
  })
})

describe('the tree of who awaits whom', () => {
  it('a joined fiber is drawn under the fiber that joins it; a fiber awaited twice is drawn once and named again', () => {
    const main = Task.gen(function* main() {
      const leaf = yield* Task.spawn(Task.sleep(1000), { name: 'leaf' })
      const middle = yield* Task.spawn(Task.join(leaf), { name: 'middle' })
      yield* Task.spawn(Task.join(leaf), { name: 'other' })
      return yield* middle
    })
    const { loop } = runFor(main, 300)
    expect(loop.dump()).toBe(
      [
        'virtual loop at 0.300 s, 4 live fibers',
        "#1 'main' (age 300 ms) main#4 — waits on fiber #3 'middle'",
        "└── #3 'middle' (age 300 ms) — waits on fiber #2 'leaf'",
        "    └── #2 'leaf' (age 300 ms) — waits on sleep until 1.000 s (in 700 ms)",
        "#4 'other' (age 300 ms) — waits on fiber #2 'leaf'",
        "└── #2 'leaf' (drawn above)",
      ].join('\n'),
    )
    loop.close()
  })

  it("a task group's children are drawn under a taskGroup line below the fiber running the group, while its body runs and while it waits for them", () => {
    const worker = (ms: number) => Task.gen(function* work() {
      yield* Task.sleep(ms)
    })
    const main = Task.gen(function* main() {
      return yield* Task.taskGroup((tg) =>
        Task.gen(function* body() {
          yield* tg.spawn(worker(500), { name: 'fast' })
          yield* tg.spawn(worker(2000), { name: 'slow' })
          yield* Task.sleep(1000)
        }),
      )
    })
    const { loop } = runFor(main, 200)
    expect(loop.dump()).toBe(
      [
        'virtual loop at 0.200 s, 3 live fibers',
        "#1 'main' (age 200 ms) main#1 > taskGroup#1 > body#3 — waits on sleep until 1.000 s (in 800 ms)",
        '└── taskGroup: 2 children',
        "    ├── #2 'fast' (age 200 ms) work#1 — waits on sleep until 0.500 s (in 300 ms)",
        "    └── #3 'slow' (age 200 ms) work#1 — waits on sleep until 2.000 s (in 1.800 s)",
      ].join('\n'),
    )
    advanceTo(loop, 1200)
    expect(loop.dump()).toBe(
      [
        'virtual loop at 1.200 s, 2 live fibers',
        "#1 'main' (age 1.200 s) main#1 > taskGroup#2 — waits on taskGroup: 1 child to end",
        '└── taskGroup: 1 child',
        "    └── #3 'slow' (age 1.200 s) work#1 — waits on sleep until 2.000 s (in 800 ms)",
      ].join('\n'),
    )
    runSyncUntil(loop, () => false)
    expect(loop.dump()).toBe('virtual loop at 2.000 s, 0 live fibers')
    loop.close()
  })

  it('states: the fiber that asks is running, one not started or woken is ready; a cancel request shows as cancelling', () => {
    let seen = ''
    const main = Task.gen(function* main() {
      const sleeper = yield* Task.spawn(Task.sleep(100), { name: 'sleeper' })
      sleeper.cancel()
      yield* Task.spawn(Task.never, { name: 'fresh' })
      seen = (yield* Task.getRunningLoop).dump()
      yield* Task.cede
    })
    runSync(Task.gen(function* () {
      const fiber = yield* Task.spawn(main, { name: 'asker' })
      return yield* Task.join(fiber)
    }))
    expect(seen).toBe(
      [
        'virtual loop at 0.000 s, 4 live fibers',
        "#1 'main' (age 0 ms) <coroutine>#2 — waits on fiber #2 'asker'",
        // a running fiber's frames are in use: its stack is not shown
        "└── #2 'asker' (age 0 ms) — nothing: it is running now",
        "#3 'sleeper' (age 0 ms, cancelling) — nothing: it is ready to run",
        "#4 'fresh' (age 0 ms) — nothing: it is ready to run",
      ].join('\n'),
    )
  })

  it('a cycle of joins that nobody outside awaits is drawn from its first fiber and marked where it closes', () => {
    const main = Task.gen(function* main() {
      const me = yield* Task.currentFiber
      const b = yield* Task.spawn(Task.gen(function* b() { yield* Task.cede; return yield* me }), { name: 'b' })
      return yield* b
    })
    expect(runSyncError(main)).toBe(
      [
        "runSync cannot finish main: deadlock: nothing is ready and no timer is pending; main waits on fiber #2 'b'",
        'virtual loop at 0.000 s, 2 live fibers',
        "#1 'main' (age 0 ms) main#3 — waits on fiber #2 'b'",
        "└── #2 'b' (age 0 ms) b#2 — waits on fiber #1 'main'",
        "    └── ↺ #1 'main' — a cycle of awaits: deadlock",
        "deadlock: a cycle of awaits: #1 'main' → #2 'b' → #1 'main'",
      ].join('\n'),
    )
  })

  it('without a cycle no deadlock is marked, though nothing can run (a lock its holder never releases)', () => {
    const lock = new Lock({ name: 'db' })
    const main = Task.gen(function* main() {
      yield* Task.spawn(lock.acquire(), { name: 'holder' })
      yield* Task.sleep(1)
      yield* lock.acquire()
    })
    expect(runSyncError(main)).toBe(
      [
        "runSync cannot finish main: deadlock: nothing is ready and no timer is pending; main waits on Lock 'db' held by fiber #2 'holder', which has ended without releasing it (1 waiter)",
        'virtual loop at 0.001 s, 1 live fiber',
        "#1 'main' (age 1 ms) main#3 — waits on Lock 'db' held by fiber #2 'holder', which has ended without releasing it (1 waiter)",
      ].join('\n'),
    )
  })

  it('age: loop time since each fiber was created, inside a later iteration or from outside the loop', () => {
    const main = Task.gen(function* main() {
      yield* Task.spawn(Task.never, { name: 'early' })
      yield* Task.sleep(100)
      yield* Task.spawn(Task.never, { name: 'late' })
      yield* Task.sleep(1000)
    })
    const { loop } = runFor(main, 300)
    loop.createTask(Task.never, { name: 'outside' })
    advanceTo(loop, 450)
    loop.createTask(Task.never, { name: 'ready' })
    expect(loop.snapshot().fibers.map((f) => [f.name, f.age])).toEqual([
      ['main', 450],
      ['early', 450],
      ['late', 350],
      ['outside', 150],
      ['ready', 0],
    ])
    for (const f of loop.allTasks()) f.cancel()
    runSyncUntil(loop, () => false)
    loop.close()
  })

  it('a chain of 20,000 joins: found as a cycle when it closes, drawn without overflowing the stack, indented at most 64 levels', () => {
    const n = 20_000
    const loop = new Loop({ clock: 'virtual' })
    const fibers: Fiber[] = []
    for (let i = 0; i < n; i++) {
      const next = (i + 1) % n
      fibers.push(loop.createTask(Task.suspend(() => Task.join(fibers[next]!)), { name: `f${i}` }))
    }
    runSyncUntil(loop, () => false)
    const snapshot = loop.snapshot()
    expect(snapshot.cycles).toHaveLength(1)
    expect(snapshot.cycles[0]).toEqual(fibers.map((f) => f.id))
    const lines = loop.dump().split('\n')
    expect(lines).toHaveLength(1 + n + 1 + 1) // header, each fiber, the line closing the cycle, the deadlock line
    expect(lines[n + 1]).toBe(`${'    '.repeat(64)}┆ ↺ #1 'f0' — a cycle of awaits: deadlock`)
    expect(lines[n + 2]).toBe(`deadlock: a cycle of awaits: ${fibers.slice(0, 10).map((f, i) => `#${f.id} 'f${i}' → `).join('')}… 19989 more → #20000 'f19999' → #1 'f0'`)
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(400)
    loop.close()
  })

  it('a closed loop refuses snapshot and dump with a LoopError', () => {
    const loop = new Loop({ clock: 'virtual' })
    loop.close()
    expect(() => loop.snapshot()).toThrow(/^snapshot: the loop is closed/)
    expect(() => loop.dump()).toThrow(LoopError)
    expect(() => loop.dump()).toThrow(/^dump: the loop is closed/)
  })
})

describe('cycles, for any shape of joins (property)', () => {
  // fibers 1..n; each fiber i > 1 is joined by a parent chosen among 1..i-1: a forest of
  // joins. Optionally, one fiber joins one of its ancestors: exactly one cycle.
  const shapes = fc.integer({ min: 2, max: 8 }).chain((n) =>
    fc.record({
      parents: fc.tuple(...Array.from({ length: n - 1 }, (_, i) => fc.integer({ min: 0, max: i }))),
      back: fc.option(fc.nat(), { nil: undefined }),
    }),
  )

  fcTest.prop([shapes])('each fiber is drawn once, under its joiner; a join back to an ancestor is the one cycle', ({ parents, back }) => {
    const n = parents.length + 1
    // children[i]: the fibers i joins (one at most here, as a join waits for one fiber)
    const joins = new Map<number, number>()
    parents.forEach((p, i) => joins.set(p, i + 1))
    // leaves (fibers that join nobody) may join back to an ancestor
    const leaves = Array.from({ length: n }, (_, i) => i).filter((i) => !joins.has(i))
    const ancestorsOf = (i: number): number[] => {
      const up: number[] = []
      for (let at = i; ; ) {
        const p = [...joins.entries()].find(([, c]) => c === at)?.[0]
        if (p === undefined) return up
        up.push(p)
        at = p
      }
    }
    let cycleFrom: number | undefined
    if (back !== undefined) {
      const candidates = leaves.filter((l) => ancestorsOf(l).length > 0)
      if (candidates.length > 0) {
        cycleFrom = candidates[back % candidates.length]!
        joins.set(cycleFrom, ancestorsOf(cycleFrom)[back % ancestorsOf(cycleFrom).length]!)
      }
    }
    const loop = new Loop({ clock: 'virtual' })
    const fibers: Fiber[] = []
    const body = (i: number) => Task.gen(function* () {
      yield* Task.cede
      const target = joins.get(i)
      if (target === undefined) yield* Task.never
      else yield* fibers[target]!
    })
    for (let i = 0; i < n; i++) fibers.push(loop.createTask(body(i), { name: `f${i}` }))
    runSyncUntil(loop, () => false)
    const snapshot = loop.snapshot()
    const text = loop.dump()
    // every fiber's full line appears exactly once
    for (const f of fibers) expect(text.split('\n').filter((l) => new RegExp(`^[│├└─ ]*#${f.id} 'f\\d+' \\(age`).test(l))).toHaveLength(1)
    if (cycleFrom === undefined) {
      expect(snapshot.cycles).toEqual([])
      expect(text).not.toContain('deadlock')
    } else {
      expect(snapshot.cycles).toHaveLength(1)
      const cycle = snapshot.cycles[0]!
      // the cycle runs from its smallest id along the joins
      expect(cycle[0]).toBe(Math.min(...cycle))
      cycle.forEach((id, k) => expect(joins.get(id - 1)! + 1).toBe(cycle[(k + 1) % cycle.length]))
      expect(text).toContain('↺')
      expect(text.split('\n').filter((l) => l.startsWith('deadlock: a cycle of awaits'))).toHaveLength(1)
    }
    for (const f of fibers) f.cancel()
    runSyncUntil(loop, () => false)
    loop.close()
  })
})

describe('several cycles in one snapshot', () => {
  it('each cycle starts at its lowest fiber id, the cycles in order of that id, whichever fiber led into them', () => {
    const loop = new Loop({ clock: 'virtual' })
    const fibers: Record<string, Fiber<never, unknown>> = {}
    const awaits = (name: string) => Task.gen(function* () {
      yield* Task.cede
      return yield* fibers[name]!
    })
    // w joins y, which is in a cycle with x; a and b join each other
    for (const [name, target] of [['w', 'y'], ['a', 'b'], ['b', 'a'], ['x', 'y'], ['y', 'x']] as const) {
      fibers[name] = loop.createTask(awaits(target), { name })
    }
    runSyncUntil(loop, () => false, { maxIterations: 3 })
    const id = (name: string) => fibers[name]!.id
    const snapshot = loop.snapshot()
    expect(snapshot.cycles).toEqual([[id('a'), id('b')], [id('x'), id('y')]])
    expect(snapshot.fibers.find((f) => f.name === 'w')!.waitsOn.fibers).toEqual([id('y')])
    for (const f of Object.values(fibers)) f.cancel()
    runSyncUntil(loop, () => false)
    loop.close()
  })
})

describe('what a snapshot and a dump leave out, and where they draw a fiber', () => {
  it('the fiber that asks for a snapshot is running; the others are waiting or ready', () => {
    let states: Array<[string, string]> = []
    runSync(Task.gen(function* () {
      yield* Task.spawn(Task.never, { name: 'idler' })
      yield* Task.cede
      yield* Task.spawn(Task.never, { name: 'fresh' })
      states = (yield* Task.getRunningLoop).snapshot().fibers.map((f) => [f.name, f.state])
      for (const f of (yield* Task.getRunningLoop).allTasks()) if (f.name !== 'main') f.cancel()
    }))
    expect(states).toEqual([
      ['main', 'running'],
      ['idler', 'waiting'],
      ['fresh', 'ready'],
    ])
  })

  it("a task group's child that has ended, before its group has heard of it, is neither awaited nor drawn", () => {
    const loop = new Loop({ clock: 'virtual' })
    let quick: Fiber | undefined
    loop.createTask(
      Task.gen(function* main() {
        return yield* Task.taskGroup((tg) => Task.gen(function* () {
          quick = yield* tg.spawn(Task.sleep(10), { name: 'quick' })
          yield* tg.spawn(Task.sleep(20), { name: 'slow' })
        }))
      }),
      { name: 'main' },
    )
    // stop right after the iteration in which `quick` ended: the group's done callback has not run yet
    runSyncUntil(loop, () => quick?.done() === true)
    const main = loop.snapshot().fibers.find((f) => f.name === 'main')!
    expect([main.waitsOn.fibers, main.taskGroups]).toEqual([[3], [[3]]])
    expect(loop.dump().split('\n').slice(1)).toEqual([
      "#1 'main' (age 10 ms) main#1 > taskGroup#2 — waits on taskGroup: 2 children to end",
      '└── taskGroup: 1 child',
      "    └── #3 'slow' (age 10 ms) — waits on sleep until 0.020 s (in 10 ms)",
    ])
    runSyncUntil(loop, () => false)
    loop.close()
  })

  it('a lock held by a fiber that has ended gives its waiter no holder to await in the snapshot', () => {
    const lock = new Lock({ name: 'db' })
    const loop = new Loop({ clock: 'virtual' })
    loop.createTask(lock.acquire(), { name: 'holder' })
    const waiter = loop.createTask(lock.acquire(), { name: 'waiter' })
    runSyncUntil(loop, () => false)
    expect(loop.snapshot().fibers.map((f) => [f.name, f.waitsOn])).toEqual([
      ['waiter', { kind: 'sync', text: "Lock 'db' held by fiber #1 'holder', which has ended without releasing it (1 waiter)", fibers: [] }],
    ])
    waiter.cancel()
    runSyncUntil(loop, () => false)
    loop.close()
  })

  it("a fiber awaited by a later one is drawn under it, and a non-last child's subtree is continued by a bar", () => {
    const loop = new Loop({ clock: 'virtual' })
    const leaf = loop.createTask(Task.never, { name: 'leaf' })
    loop.createTask(Task.gather([Task.join(leaf), Task.sleep(1000)]), { name: 'main' })
    runSyncUntil(loop, () => false, { maxIterations: 2 })
    expect(loop.dump()).toBe(
      [
        'virtual loop at 0.000 s, 4 live fibers',
        "#2 'main' (age 0 ms) — waits on gather: 2 of 2 pending",
        "├── #3 'Task-3' (age 0 ms) — waits on fiber #1 'leaf'",
        "│   └── #1 'leaf' (age 0 ms) — waits on Task.never (only a cancel ends it)",
        "└── #4 'Task-4' (age 0 ms) — waits on sleep until 1.000 s (in 1.000 s)",
      ].join('\n'),
    )
    for (const f of loop.allTasks()) f.cancel()
    runSyncUntil(loop, () => false)
    loop.close()
  })

  it('a gather that includes its own fiber: the fiber is still a root, drawn in creation order, with its cycle of one', () => {
    const loop = new Loop({ clock: 'virtual' })
    loop.createTask(Task.gen(function* () {
      const me = yield* Task.currentFiber
      yield* Task.gather([me, Task.never])
    }), { name: 'selfish' })
    loop.createTask(Task.never, { name: 'other' })
    runSyncUntil(loop, () => false)
    expect(loop.snapshot().cycles).toEqual([[1]])
    expect(loop.dump()).toBe(
      [
        'virtual loop at 0.000 s, 3 live fibers',
        "#1 'selfish' (age 0 ms) <coroutine>#2 — waits on gather: 2 of 2 pending",
        "├── ↺ #1 'selfish' — a cycle of awaits: deadlock",
        "└── #3 'Task-3' (age 0 ms) — waits on Task.never (only a cancel ends it)",
        "#2 'other' (age 0 ms) — waits on Task.never (only a cancel ends it)",
        "deadlock: a cycle of awaits: #1 'selfish' → #1 'selfish'",
      ].join('\n'),
    )
    for (const f of loop.allTasks()) f.cancel()
    runSyncUntil(loop, () => false)
    loop.close()
  })
})

describe('cycles through fibers that await several', () => {
  /** Fibers named by the keys of `awaits`, created in that order; each gathers the fibers listed for it (none: it waits on Task.never). */
  const cyclesOf = (awaits: Record<string, string[]>): { cycles: ReadonlyArray<ReadonlyArray<string>>; deadlockLines: string[] } => {
    // the cancels that end the deadlock afterwards leave gathers' cancellations unretrieved: not the subject
    const loop = new Loop({ clock: 'virtual', exceptionHandler: () => {} })
    const fibers: Record<string, Fiber<never, unknown>> = {}
    for (const [name, targets] of Object.entries(awaits)) {
      fibers[name] = loop.createTask(Task.gen(function* () {
        yield* Task.cede
        if (targets.length === 0) return yield* Task.never
        return yield* Task.gather(targets.map((t) => fibers[t]!))
      }), { name })
    }
    runSyncUntil(loop, () => false)
    const names = new Map(Object.values(fibers).map((f) => [f.id, f.name]))
    const cycles = loop.snapshot().cycles.map((c) => c.map((id) => names.get(id)!))
    const deadlockLines = loop.dump().split('\n').filter((l) => l.startsWith('deadlock'))
    for (const f of Object.values(fibers)) f.cancel()
    runSyncUntil(loop, () => false)
    loop.close()
    return { cycles, deadlockLines }
  }

  it("a cycle closed through a gather's second child is found", () => {
    expect(cyclesOf({ main: ['idle', 'back'], idle: [], back: ['main'] }).cycles).toEqual([['main', 'back']])
  })

  it('cycles that share fibers are named as one walk of the waits closes them: a cycle through fibers already walked is not listed again', () => {
    // main gathers a and b, a awaits b, b awaits main: the walk closes main → a → b → main;
    // main → b → main, made of fibers already walked, is not listed (all three are named already)
    expect(cyclesOf({ main: ['a', 'b'], a: ['b'], b: ['main'] })).toEqual({
      cycles: [['main', 'a', 'b']],
      deadlockLines: ["deadlock: a cycle of awaits: #1 'main' → #2 'a' → #3 'b' → #1 'main'"],
    })
  })

  it('a cycle of 12 fibers is named in full; a longer one by its first ten, how many more, and its last', () => {
    const ring = (n: number): Record<string, string[]> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, [`f${(i + 1) % n}`]]))
    const names = (n: number) => Array.from({ length: n }, (_, i) => `#${i + 1} 'f${i}'`)
    expect(cyclesOf(ring(12)).deadlockLines).toEqual([`deadlock: a cycle of awaits: ${[...names(12), "#1 'f0'"].join(' → ')}`])
    expect(cyclesOf(ring(13)).deadlockLines).toEqual([`deadlock: a cycle of awaits: ${[...names(10), '… 2 more', "#13 'f12'", "#1 'f0'"].join(' → ')}`])
  })
})
