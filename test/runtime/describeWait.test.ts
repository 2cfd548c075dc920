/**
 * What a fiber waits on, said concretely, for every kind of wait: each text is pinned, as
 * `loop.dump()` and `loop.snapshot()` show it.
 */
import { describe, expect, it, vi } from 'vitest'
import type { Fiber, WaitSnapshot } from '../../lib/index.js'
import { Barrier, BoundedSemaphore, Condition, Event, LifoQueue, Lock, Loop, PriorityQueue, Queue, Semaphore, Task } from '../../lib/index.js'
import { runSyncUntil } from '../../lib/Loop.js'

/**
 * Starts each task as a fiber of that name on a fresh virtual loop, runs until loop time
 * `at` (or until nothing is left, for Infinity), and returns what each fiber waits on.
 */
const waitsAt = (at: number, tasks: Record<string, Task.Task<unknown, unknown>>, setup?: (loop: Loop) => void): Record<string, WaitSnapshot> => {
  const loop = new Loop({ clock: 'virtual' })
  setup?.(loop)
  for (const [name, task] of Object.entries(tasks)) loop.createTask(task, { name })
  let reached = false
  if (at !== Infinity) loop.callAt(at, () => void (reached = true))
  runSyncUntil(loop, () => reached)
  const out: Record<string, WaitSnapshot> = {}
  for (const f of loop.snapshot().fibers) out[f.name] = f.waitsOn
  for (const f of loop.allTasks()) f.cancel()
  runSyncUntil(loop, () => false)
  loop.close()
  return out
}

const textsAt = (at: number, tasks: Record<string, Task.Task<unknown, unknown>>, setup?: (loop: Loop) => void): Record<string, string> =>
  Object.fromEntries(Object.entries(waitsAt(at, tasks, setup)).map(([k, w]) => [k, w.text]))

describe('timers, fibers and foreign operations', () => {
  it('a sleep: its deadline in loop time and how far off it is', () => {
    expect(waitsAt(1200, { napper: Task.sleep(1500), long: Task.sleep(3_600_000) })).toEqual({
      napper: { kind: 'sleep', text: 'sleep until 1.500 s (in 300 ms)', fibers: [] },
      long: { kind: 'sleep', text: 'sleep until 3600.000 s (in 3598.800 s)', fibers: [] },
    })
  })

  it('a join: the fiber awaited, by id and name (and its id in `fibers`)', () => {
    const w = waitsAt(0, {
      joiner: Task.gen(function* () {
        const loader = yield* Task.spawn(Task.never, { name: 'load' })
        return yield* loader
      }),
    })
    expect(w.joiner).toEqual({ kind: 'fiber', text: "fiber #2 'load'", fibers: [2] })
  })

  it('a foreign promise and a callback not yet resumed, with the function they run', () => {
    expect(
      waitsAt(0, {
        fetcher: Task.promise(function fetchUser() {
          return new Promise<never>(() => {})
        }),
        anon: Task.promise(() => new Promise<never>(() => {})),
        listener: Task.callback<never, void>(function onMessage() {}),
      }),
    ).toEqual({
      fetcher: { kind: 'promise', text: 'foreign promise (Task.promise(fetchUser))', fibers: [] },
      anon: { kind: 'promise', text: 'foreign promise (Task.promise(anonymous))', fibers: [] },
      listener: { kind: 'callback', text: 'callback not yet resumed (Task.callback(onMessage))', fibers: [] },
    })
  })

  it('Task.never, and a Future that nothing in the loop completes', () => {
    let future: unknown
    const texts = textsAt(
      0,
      { idler: Task.never, waiter: Task.suspend(() => Task.join(future as never)) },
      (loop) => void (future = loop.createFuture<number>()),
    )
    expect(texts).toEqual({
      idler: 'Task.never (only a cancel ends it)',
      waiter: 'a Future that nothing in the loop completes (a setResult from outside, or a callback, must)',
    })
  })

  it('woken but not yet run: ready, whatever woke it', () => {
    const loop = new Loop({ clock: 'virtual' })
    const future = loop.createFuture<number>()
    const waiter = loop.createTask(Task.join(future), { name: 'waiter' })
    const sleeper = loop.createTask(Task.sleep(10), { name: 'sleeper' })
    const idler = loop.createTask(Task.never, { name: 'idler' })
    let resume: ((t: Task.Task<never, number>) => void) | undefined
    const caller = loop.createTask(Task.callback<never, number>((r) => void (resume = r)), { name: 'caller' })
    const jobs = new Queue<number>({ name: 'jobs' })
    const getter = loop.createTask(jobs.get(), { name: 'getter' })
    runSyncUntil(loop, () => false, { maxIterations: 1 })
    const kinds = () => Object.fromEntries(loop.snapshot().fibers.map((f) => [f.name, `${f.state}: ${f.waitsOn.text}`]))
    expect(kinds()).toEqual({
      waiter: 'waiting: a Future that nothing in the loop completes (a setResult from outside, or a callback, must)',
      sleeper: 'waiting: sleep until 0.010 s (in 10 ms)',
      idler: 'waiting: Task.never (only a cancel ends it)',
      caller: 'waiting: callback not yet resumed (Task.callback(anonymous))',
      getter: "waiting: Queue 'jobs'.get (0 items, 1 getter)",
    })
    jobs.putNowait(3)
    future.setResult(1)
    sleeper.cancel()
    idler.cancel()
    resume!(Task.of(2))
    expect(kinds()).toEqual({
      waiter: 'ready: nothing: what it awaited is done, it runs next',
      sleeper: 'ready: nothing: its sleep is over, it runs next',
      idler: 'ready: nothing: it was cancelled, it runs next',
      caller: 'ready: nothing: it was resumed, it runs next',
      getter: 'ready: nothing: it was woken, it runs next',
    })
    runSyncUntil(loop, () => false)
    expect([waiter, sleeper, idler, caller, getter].map((f: Fiber) => f.done())).toEqual([true, true, true, true, true])
    expect(getter.result()).toBe(3)
    loop.close()
  })
})

describe('combinators: what a fiber running one waits on', () => {
  it('gather: how many of its children are pending, and the pending fibers', () => {
    const w = waitsAt(150, {
      main: Task.gather([Task.sleep(100), Task.sleep(200), Task.sleep(300)]),
    })
    expect(w.main).toEqual({ kind: 'gather', text: 'gather: 2 of 3 pending', fibers: [3, 4] })
  })

  it('race and the concurrent traversals (parallel)', () => {
    const w = waitsAt(150, {
      racer: Task.race([Task.sleep(100), Task.uncancellable(() => Task.sleep(200))]),
      par: Task.traverseArray((ms: number) => Task.sleep(ms))([100, 200, 300]),
    })
    // the race's winner has ended; the loser, cancelled, is still awaited; a parallel
    // traversal is a kind of gather
    expect([w.racer, w.par].map(({ kind, text, fibers }) => [kind, text, fibers.length])).toEqual([
      ['race', 'race: 1 of 2 pending', 1],
      ['gather', 'parallel: 2 of 3 pending', 2],
    ])
  })

  it('wait: how many of its children are pending; asCompleted: the next completion; a timeout scope shows in the stack', () => {
    const loop = new Loop({ clock: 'virtual' })
    loop.createTask(Task.wait([Task.sleep(100), Task.sleep(200), Task.sleep(300)], { returnWhen: 'ALL_COMPLETED' }), { name: 'waiter' })
    loop.createTask(
      Task.gen(function* main() {
        const [first] = yield* Task.asCompleted([Task.sleep(500)])
        return yield* first!
      }),
      { name: 'completer' },
    )
    loop.createTask(Task.timeout(1000)(Task.gen(function* fetch() { yield* Task.sleep(400) })), { name: 'bounded' })
    let reached = false
    loop.callAt(150, () => void (reached = true))
    runSyncUntil(loop, () => reached)
    const byName = Object.fromEntries(loop.snapshot().fibers.map((f) => [f.name, f]))
    expect(byName.waiter!.waitsOn).toEqual({ kind: 'gather', text: 'wait (ALL_COMPLETED): 2 of 3 pending', fibers: [5, 6] })
    expect(byName.completer!.waitsOn).toEqual({ kind: 'gather', text: 'asCompleted: the next completion', fibers: [] })
    expect([byName.bounded!.stack, byName.bounded!.waitsOn.text]).toEqual([['timeout#1', 'fetch#1'], 'sleep until 0.400 s (in 250 ms)'])
    runSyncUntil(loop, () => false)
    loop.close()
  })

  it('shield: the fiber it shields, or a Future', () => {
    const w = waitsAt(10, {
      caller: Task.shield(Task.sleep(100)),
      futureCaller: Task.flatMap((loop: Loop) => Task.shield(loop.createFuture<number>()))(Task.getRunningLoop),
    })
    expect(w.caller).toEqual({ kind: 'shield', text: "shield around fiber #3 'Task-3'", fibers: [3] })
    expect(w.futureCaller).toEqual({ kind: 'shield', text: 'shield around a Future', fibers: [] })
  })

  it("taskGroup: on exit, its children to end (and they are the group's children in the snapshot)", () => {
    const loop = new Loop({ clock: 'virtual' })
    loop.createTask(
      Task.taskGroup((tg) =>
        Task.gen(function* () {
          for (let i = 0; i < 4; i++) yield* tg.spawn(Task.sleep(100 * (i + 1)))
        }),
      ),
      { name: 'main' },
    )
    runSyncUntil(loop, () => false, { maxIterations: 3 })
    const main = loop.snapshot().fibers[0]!
    expect(main.waitsOn).toEqual({ kind: 'taskGroup', text: 'taskGroup: 4 children to end', fibers: [2, 3, 4, 5] })
    expect(main.taskGroups).toEqual([[2, 3, 4, 5]])
    runSyncUntil(loop, () => false)
    loop.close()
  })

  it("run's shutdown: the fibers it cancelled and still awaits", () => {
    const loop = new Loop({ clock: 'virtual' })
    const stubborn = loop.createTask(Task.uncancellable(() => Task.sleep(1000)), { name: 'stubborn' })
    runSyncUntil(loop, () => false, { maxIterations: 1 })
    stubborn.cancel()
    // what `run` does after main: cancel what is left and await it
    const all = loop.createTask(Task.gather([stubborn], { returnExceptions: true }), { name: 'gatherer' })
    runSyncUntil(loop, () => false, { maxIterations: 1 })
    expect(loop.snapshot().fibers.map((f) => `${f.name}: ${f.waitsOn.text}`)).toEqual(['stubborn: sleep until 1.000 s (in 1.000 s)', 'gatherer: gather: 1 of 1 pending'])
    runSyncUntil(loop, () => all.done())
    loop.close()
  })
})

describe('synchronisation primitives: the operation, the name, and the state that matters', () => {
  it("Queue, LifoQueue and PriorityQueue: get with its items and getters, put when full with its putters, join with what is not done", () => {
    const jobs = new Queue<number>({ name: 'jobs' })
    const full = new LifoQueue<number>({ maxsize: 1, name: 'stack' })
    const plain = new PriorityQueue<number>()
    const unfinished = new Queue<number>({ name: 'work' })
    unfinished.putNowait(1)
    full.putNowait(0)
    expect(
      textsAt(0, {
        g1: jobs.get(),
        g2: jobs.get(),
        g3: jobs.get(),
        p1: full.put(1),
        p2: full.put(2),
        pq: plain.get(),
        joiner: unfinished.join(),
      }),
    ).toEqual({
      g1: "Queue 'jobs'.get (0 items, 3 getters)",
      g2: "Queue 'jobs'.get (0 items, 3 getters)",
      g3: "Queue 'jobs'.get (0 items, 3 getters)",
      p1: "LifoQueue 'stack'.put (full: 1 item of 1, 2 putters)",
      p2: "LifoQueue 'stack'.put (full: 1 item of 1, 2 putters)",
      pq: 'PriorityQueue.get (0 items, 1 getter)',
      joiner: "Queue 'work'.join (1 item not done)",
    })
  })

  it('Lock: held by which fiber, and how many wait', () => {
    const db = new Lock({ name: 'db' })
    const w = waitsAt(5, {
      writer: Task.gen(function* () {
        yield* db.acquire()
        yield* Task.never
      }),
      reader: db.withLock(Task.unit),
      other: db.acquire(),
    })
    expect(w.reader).toEqual({ kind: 'sync', text: "Lock 'db' held by fiber #1 'writer' (2 waiters)", fibers: [], heldBy: 1 })
    expect(w.other!.text).toBe("Lock 'db' held by fiber #1 'writer' (2 waiters)")
  })

  it('Lock: released and handed to the next waiter, which has not run yet', () => {
    const lock = new Lock({ name: 'db' })
    const loop = new Loop({ clock: 'virtual' })
    loop.createTask(lock.acquire(), { name: 'first' })
    loop.createTask(lock.acquire(), { name: 'second' })
    loop.createTask(lock.acquire(), { name: 'third' })
    runSyncUntil(loop, () => false)
    lock.release()
    const texts = loop.snapshot().fibers.map((f) => `${f.name}: ${f.waitsOn.text}`)
    expect(texts).toEqual(['second: nothing: what it awaited is done, it runs next', "third: Lock 'db' (free, handed to the first of 1 waiter)"])
    runSyncUntil(loop, () => false)
    // `second` took the lock and ended without releasing it
    expect(loop.snapshot().fibers.map((f) => `${f.name}: ${f.waitsOn.text}`)).toEqual(["third: Lock 'db' held by fiber #2 'second', which has ended without releasing it (1 waiter)"])
    lock.release()
    runSyncUntil(loop, () => false)
    loop.close()
  })

  it('Event, Semaphore, BoundedSemaphore, Condition and Barrier', () => {
    const ready = new Event({ name: 'ready' })
    const pool = new Semaphore(0, { name: 'pool' })
    const bounded = new BoundedSemaphore(1, { name: 'one' })
    const cond = new Condition(undefined, { name: 'changed' })
    const round = new Barrier(3, { name: 'round' })
    expect(
      textsAt(0, {
        e: ready.wait(),
        s: pool.acquire(),
        b: Task.gen(function* () {
          yield* bounded.acquire()
          yield* bounded.acquire()
        }),
        c: cond.withLock(cond.wait()),
        r1: round.wait(),
        r2: round.wait(),
        plainEvent: new Event().wait(),
      }),
    ).toEqual({
      e: "Event 'ready'.wait (unset, 1 waiter)",
      s: "Semaphore 'pool'.acquire (value 0, 1 waiter)",
      b: "BoundedSemaphore 'one'.acquire (value 0, 1 waiter)",
      c: "Condition 'changed'.wait (1 waiter)",
      r1: "Barrier 'round'.wait (filling, 2 of 3 waiting)",
      r2: "Barrier 'round'.wait (filling, 2 of 3 waiting)",
      plainEvent: 'Event.wait (unset, 1 waiter)',
    })
  })

  it("Condition: a notified waiter re-acquiring the lock waits on the condition's Lock", () => {
    const lock = new Lock({ name: 'state' })
    const cond = new Condition(lock, { name: 'changed' })
    const loop = new Loop({ clock: 'virtual' })
    loop.createTask(cond.withLock(cond.wait()), { name: 'waiter' })
    loop.createTask(cond.withLock(Task.gen(function* () {
      yield* Task.sleep(10)
      cond.notify()
      yield* Task.sleep(10)
    })), { name: 'notifier' })
    let reached = false
    loop.callAt(15, () => void (reached = true))
    runSyncUntil(loop, () => reached)
    expect(loop.snapshot().fibers.map((f) => `${f.name}: ${f.waitsOn.text}`)).toEqual([
      "waiter: Lock 'state' held by fiber #2 'notifier' (1 waiter)",
      'notifier: sleep until 0.020 s (in 5 ms)',
    ])
    runSyncUntil(loop, () => false)
    loop.close()
  })
})

describe('the kind of a wait on a synchronisation primitive', () => {
  it("every primitive's blocked fiber is a 'sync' wait that awaits no fiber, a lock just handed on included", () => {
    const lock = new Lock({ name: 'db' })
    const cond = new Condition()
    const waits = waitsAt(0, {
      e: new Event().wait(),
      s: new Semaphore(0).acquire(),
      c: cond.withLock(cond.wait()),
      r: new Barrier(2).wait(),
      holder: lock.acquire(),
      first: lock.acquire(),
      second: lock.acquire(),
    }, (loop) => loop.callAt(0, () => lock.release()))
    // the release at 0 hands the lock to `first`, which has not run yet: `second` waits on a free lock
    expect(waits.second).toEqual({ kind: 'sync', text: "Lock 'db' (free, handed to the first of 1 waiter)", fibers: [] })
    for (const name of ['e', 's', 'c', 'r']) expect([name, waits[name]!.kind, waits[name]!.fibers]).toEqual([name, 'sync', []])
  })
})

describe('the task groups of a fiber in a snapshot', () => {
  it('a group that ended is forgotten, an enclosing one and a later one are shown, outermost first', () => {
    const loop = new Loop({ clock: 'virtual' })
    const seen: Array<ReadonlyArray<ReadonlyArray<number>>> = []
    const groupsNow = Task.sync(() => void seen.push(loop.snapshot().fibers.find((f) => f.name === 'main')!.taskGroups))
    loop.createTask(
      Task.taskGroup((outer) =>
        Task.gen(function* () {
          yield* outer.spawn(Task.sleep(100))
          yield* Task.taskGroup((first) => Task.gen(function* () {
            yield* first.spawn(Task.sleep(10))
            yield* groupsNow
          }))
          yield* groupsNow
          yield* Task.taskGroup((second) => Task.gen(function* () {
            yield* second.spawn(Task.sleep(10))
            yield* groupsNow
          }))
          yield* groupsNow
        }),
      ),
      { name: 'main' },
    )
    runSyncUntil(loop, () => false)
    expect(seen.map((groups) => groups.map((g) => g.length))).toEqual([[1, 1], [1], [1, 1], [1]])
    expect(seen[0]![1]).not.toEqual(seen[2]![1])
    expect(loop.snapshot().fibers).toEqual([])
    loop.close()
  })
})

describe('the kind of every wait a snapshot names', () => {
  it("Task.never is a 'never' wait and a Future nothing in the loop completes a 'future' wait", () => {
    let future: unknown
    const waits = waitsAt(
      0,
      { idler: Task.never, waiter: Task.suspend(() => Task.join(future as never)) },
      (loop) => void (future = loop.createFuture<number>()),
    )
    expect(waits).toEqual({
      idler: { kind: 'never', text: 'Task.never (only a cancel ends it)', fibers: [] },
      waiter: { kind: 'future', text: 'a Future that nothing in the loop completes (a setResult from outside, or a callback, must)', fibers: [] },
    })
  })
})

describe('a fiber and its task groups over time', () => {
  it('a fiber that left its only task group and runs on shows no group', () => {
    const loop = new Loop({ clock: 'virtual' })
    const seen: Array<ReadonlyArray<ReadonlyArray<number>>> = []
    const groupsNow = Task.sync(() => void seen.push(loop.snapshot().fibers.find((f) => f.name === 'main')!.taskGroups))
    loop.createTask(
      Task.gen(function* () {
        yield* Task.taskGroup((tg) => Task.gen(function* () {
          yield* tg.spawn(Task.sleep(10))
          yield* groupsNow
        }))
        yield* groupsNow
        yield* Task.sleep(5)
        yield* groupsNow
      }),
      { name: 'main' },
    )
    runSyncUntil(loop, () => false)
    expect(seen.map((groups) => groups.map((g) => g.length))).toEqual([[1], [], []])
    loop.close()
  })
})

describe('the age of a fiber on the real clock', () => {
  it('a fiber created from outside the loop after a run is aged from its own creation, not from the spawns of the last iteration', async () => {
    // the host's clock, moved by hand: the real clock reads performance.now()
    let now = 1000
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now)
    try {
      const loop = new Loop()
      // the last iteration of this run creates `inside` (at loop time 0)
      loop.callSoon(() => {
        loop.createTask(Task.never, { name: 'inside' })
        loop.stop()
      })
      await loop.runForever()
      now += 500
      loop.createTask(Task.never, { name: 'outside' })
      now += 250
      expect(loop.snapshot().fibers.map((f) => [f.name, f.age])).toEqual([
        ['inside', 750],
        ['outside', 250],
      ])
      for (const f of loop.allTasks()) f.cancel()
      await loop.runUntilComplete(Task.unit)
      loop.close()
    } finally {
      clock.mockRestore()
    }
  })
})
