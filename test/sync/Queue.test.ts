/**
 * Queue, LifoQueue and PriorityQueue as ASYNCIO.md §J (R53–R57), plus codecs and draining.
 */
import { pipe } from 'fp-ts/lib/function.js'
import fc from 'fast-check'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import type { Fiber } from '../../lib/index.js'
import {
  CancelledError,
  DecodeError,
  LifoQueue,
  Loop,
  LoopError,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  Task,
  runSync,
} from '../../lib/index.js'
import { runVirtual } from '../helpers.js'
import { scenario } from './scenario.js'

const value = <A>(task: Task.Task<unknown, A>): A => {
  const outcome = runSync(task)
  if (outcome._tag !== 'Succeeded') throw new Error(`expected success, got ${JSON.stringify(outcome)}`)
  return outcome.value
}

describe('Queue basics (R53)', () => {
  it('R53: empty, full and qsize follow maxsize; maxsize <= 0 is unbounded', () => {
    const q = new Queue<number>({ maxsize: 2 })
    expect([q.empty(), q.full(), q.qsize()]).toEqual([true, false, 0])
    q.putNowait(1)
    expect([q.empty(), q.full(), q.qsize()]).toEqual([false, false, 1])
    q.putNowait(2)
    expect([q.empty(), q.full(), q.qsize()]).toEqual([false, true, 2])
    for (const maxsize of [0, -1]) {
      const u = new Queue<number>({ maxsize })
      for (let i = 0; i < 1000; i++) u.putNowait(i)
      expect(u.full()).toBe(false)
      expect(u.qsize()).toBe(1000)
    }
    expect(new Queue().maxsize).toBe(0)
  })

  it('R53: a fractional maxsize works as in asyncio (full once qsize >= maxsize)', () => {
    const q = new Queue<number>({ maxsize: 1.5 })
    q.putNowait(1)
    expect(q.full()).toBe(false)
    q.putNowait(2)
    expect(q.full()).toBe(true)
    expect(() => q.putNowait(3)).toThrow(QueueFull)
  })

  it('R53: Queue is FIFO, LifoQueue LIFO, PriorityQueue lowest first', () => {
    const items = [3, 1, 4, 1, 5, 9, 2, 6]
    const drainNow = (q: Queue<number>) => {
      for (const i of items) q.putNowait(i)
      const out: number[] = []
      while (!q.empty()) out.push(q.getNowait())
      return out
    }
    expect(drainNow(new Queue())).toEqual(items)
    expect(drainNow(new LifoQueue())).toEqual([...items].reverse())
    expect(drainNow(new PriorityQueue())).toEqual([...items].sort((a, b) => a - b))
  })

  it('R53: putNowait on a full queue throws QueueFull and changes nothing; getNowait on an empty one throws QueueEmpty', () => {
    const q = new Queue<string>({ maxsize: 1 })
    expect(() => q.getNowait()).toThrow(QueueEmpty)
    q.putNowait('a')
    expect(() => q.putNowait('b')).toThrow(QueueFull)
    expect(q.qsize()).toBe(1)
    expect(q.getNowait()).toBe('a')
    expect(() => q.getNowait()).toThrow(QueueEmpty)
  })

  it('R53: after shutdown putNowait throws QueueShutDown; getNowait on the empty queue too', () => {
    const q = new Queue<string>()
    q.putNowait('a')
    q.shutdown()
    expect(() => q.putNowait('b')).toThrow(QueueShutDown)
    expect(q.getNowait()).toBe('a')
    expect(() => q.getNowait()).toThrow(QueueShutDown)
  })

  it('R53: a get on a non-empty queue does not suspend', () => {
    const q = new Queue<number>()
    q.putNowait(7)
    const r = runVirtual(
      Task.gen(function* () {
        const rival = yield* Task.spawn(Task.sync(() => 'rival ran'))
        const v = yield* q.get()
        return [v, rival.done()]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [7, false] })
  })

  it('R53: a queue binds to the loop of the first fiber that waits on it; waiting from another loop is a LoopError', async () => {
    const q = new Queue<number>()
    const a = new Loop({ clock: 'virtual' })
    const getter = a.createTask(q.get())
    await a.runUntilComplete(Task.sleep(1))
    q.putNowait(1) // the *Nowait calls work from anywhere
    expect(await a.runUntilComplete(getter)).toBe(1)
    a.close()
    const b = new Loop({ clock: 'virtual' })
    q.putNowait(2)
    expect(await b.runUntilComplete(q.get())).toBe(2) // a get that does not wait does not bind
    await expect(b.runUntilComplete(q.get())).rejects.toThrow(LoopError)
    await expect(b.runUntilComplete(q.get())).rejects.toThrow(/bound to a different event loop/)
    b.close()
  })

  it('bad options are a TypeError naming what was wrong', () => {
    expect(() => new Queue(5 as never)).toThrow(/new Queue\(\{ maxsize: 5 \}\)/)
    expect(() => new Queue({ maxsize: 'big' as never })).toThrow(TypeError)
    expect(() => new Queue({ maxsize: NaN })).toThrow(TypeError)
    expect(() => new Queue({ codec: {} as never })).toThrow(/io-ts codec/)
    expect(() => new Queue().shutdown('yes' as never)).toThrow(TypeError)
    expect(() => new PriorityQueue({ compare: 1 as never })).toThrow(/compare must be a function/)
    expect(() => new Queue().drain(1 as never)).toThrow(TypeError)
  })

  it('toString shows the state', () => {
    const q = new Queue<number>({ maxsize: 3 })
    q.putNowait(1)
    expect(String(q)).toBe('Queue<maxsize=3 qsize=1 unfinished=1>')
    q.shutdown()
    expect(String(q)).toBe('Queue<maxsize=3 qsize=1 unfinished=1 shutdown>')
  })
})

describe('blocking get and put (R54)', () => {
  it('R54: each get() is its own task value, so gathering two gets takes two items', () => {
    const q = new Queue<string>()
    const r = runVirtual(
      Task.gen(function* () {
        const both = yield* Task.spawn(Task.gather([q.get(), q.get()]))
        yield* Task.cede
        q.putNowait('a')
        q.putNowait('b')
        return yield* both
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: ['a', 'b'] })
  })

  it('R54: get waits for a put', () => {
    const q = new Queue<string>()
    const r = runVirtual(
      Task.gen(function* () {
        const getter = yield* Task.spawn(q.get())
        yield* Task.sleep(10)
        yield* q.put('x')
        return yield* getter
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 'x' })
    expect(r.elapsed).toBe(10)
  })

  it('R54: put waits while the queue is full (back-pressure)', () => {
    const q = new Queue<number>({ maxsize: 1 })
    const log: string[] = []
    const r = runVirtual(
      Task.gen(function* () {
        const producer = yield* Task.spawn(
          Task.gen(function* () {
            for (let i = 0; i < 3; i++) {
              yield* q.put(i)
              log.push(`put ${i} @${yield* Task.now}`)
            }
          }),
        )
        for (let i = 0; i < 3; i++) {
          yield* Task.sleep(10)
          log.push(`got ${yield* q.get()} @${yield* Task.now}`)
        }
        yield* producer
      }),
    )
    expect(r.outcome._tag).toBe('Succeeded')
    expect(log).toEqual(['put 0 @0', 'got 0 @10', 'put 1 @10', 'got 1 @20', 'put 2 @20', 'got 2 @30'])
  })

  it('R54: blocked getters are served first come, first served', () => {
    const q = new Queue<number>()
    const order: string[] = []
    const r = runVirtual(
      Task.gen(function* () {
        const fibers = []
        for (const name of ['a', 'b', 'c']) {
          fibers.push(yield* Task.spawn(pipe(q.get(), Task.map((n) => void order.push(`${name}${n}`)))))
          yield* Task.sleep(1)
        }
        for (let i = 1; i <= 3; i++) q.putNowait(i)
        yield* Task.gather(fibers)
      }),
    )
    expect(r.outcome._tag).toBe('Succeeded')
    expect(order).toEqual(['a1', 'b2', 'c3'])
  })

  it('R54: a woken getter re-checks — a getNowait before it runs takes the item and it waits again', () => {
    const q = new Queue<number>()
    const r = runVirtual(
      Task.gen(function* () {
        const getter = yield* Task.spawn(q.get())
        yield* Task.cede
        q.putNowait(1) // wakes the getter…
        const stolen = q.getNowait() // …but the item is taken before it runs
        yield* Task.sleep(5)
        const stillWaiting = !getter.done()
        q.putNowait(2)
        return [stolen, stillWaiting, yield* getter]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [1, true, 2] })
  })

  it('R54: a woken putter re-checks — a putNowait before it runs takes the slot and it waits again', () => {
    const q = new Queue<string>({ maxsize: 1 })
    q.putNowait('first')
    const r = runVirtual(
      Task.gen(function* () {
        const putter = yield* Task.spawn(q.put('late'))
        yield* Task.cede
        q.getNowait() // wakes the putter…
        q.putNowait('eager') // …but the slot is taken before it runs
        yield* Task.sleep(5)
        const stillWaiting = !putter.done()
        const got = [q.getNowait()]
        yield* putter
        got.push(q.getNowait())
        return [stillWaiting, got]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, ['eager', 'late']] })
  })
})

describe('cancellation never loses or duplicates items (R55)', () => {
  it('R55: a cancelled get removes nothing; a later put goes to the next getter', () => {
    const q = new Queue<string>()
    const r = runVirtual(
      Task.gen(function* () {
        const g1 = yield* Task.spawn(q.get())
        const g2 = yield* Task.spawn(q.get())
        yield* Task.sleep(1)
        g1.cancel()
        yield* Task.sleep(1)
        q.putNowait('x')
        return [g1.cancelled(), yield* g2, q.qsize()]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, 'x', 0] })
  })

  it('R55: a getter woken by a put and cancelled before it runs hands the item to the next getter (test_get_cancelled_race)', () => {
    const q = new Queue<string>()
    const r = runVirtual(
      Task.gen(function* () {
        const g1 = yield* Task.spawn(q.get())
        const g2 = yield* Task.spawn(q.get())
        yield* Task.cede
        q.putNowait('x') // wakes g1
        g1.cancel() // before g1 runs
        const v = yield* g2
        return [g1.cancelled(), v, q.qsize()]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, 'x', 0] })
  })

  it('R55: when no getter is left, the item a cancelled woken getter was woken for stays in the queue', () => {
    const q = new Queue<string>()
    const r = runVirtual(
      Task.gen(function* () {
        const g = yield* Task.spawn(q.get())
        yield* Task.cede
        q.putNowait('x')
        g.cancel()
        yield* Task.sleep(1)
        return [g.cancelled(), q.qsize(), q.getNowait()]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, 1, 'x'] })
  })

  it('R55: a cancelled put inserts nothing (test_put_cancel_drop)', () => {
    const q = new Queue<number>({ maxsize: 1 })
    q.putNowait(1)
    const r = runVirtual(
      Task.gen(function* () {
        const p = yield* Task.spawn(q.put(2))
        yield* Task.sleep(1)
        p.cancel()
        yield* Task.sleep(1)
        const first = q.getNowait()
        yield* Task.sleep(1)
        return [p.cancelled(), first, q.qsize()]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, 1, 0] })
  })

  it('R55: a putter woken by a get and cancelled before it runs hands the slot to the next putter (test_put_cancelled_race)', () => {
    const q = new Queue<string>({ maxsize: 1 })
    q.putNowait('a')
    const r = runVirtual(
      Task.gen(function* () {
        const p1 = yield* Task.spawn(q.put('b'))
        const p2 = yield* Task.spawn(q.put('c'))
        yield* Task.cede
        const got = [q.getNowait()] // wakes p1
        p1.cancel() // before p1 runs
        yield* p2
        got.push(q.getNowait())
        return [p1.cancelled(), got, q.qsize()]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, ['a', 'c'], 0] })
  })

  it('R55: cancelled getters are not kept: many cancelled, then one put reaches the live getter (test_cancelled_getters_not_being_held_in_self_getters)', () => {
    const q = new Queue<number>()
    const r = runVirtual(
      Task.gen(function* () {
        const doomed = []
        for (let i = 0; i < 200; i++) doomed.push(yield* Task.spawn(q.get()))
        const live = yield* Task.spawn(q.get())
        yield* Task.cede
        for (const f of doomed) f.cancel()
        yield* Task.cede
        q.putNowait(42)
        const v = yield* live
        return [v, doomed.every((f) => f.cancelled()), String(q)]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [42, true, 'Queue<maxsize=0 qsize=0 unfinished=1>'] })
  })

  it('R55: cancelling thousands of blocked getters, from the back, leaves none behind', () => {
    const q = new Queue<number>()
    const r = runVirtual(
      Task.gen(function* () {
        const fibers = []
        for (let i = 0; i < 5_000; i++) fibers.push(yield* Task.spawn(q.get()))
        const live = yield* Task.spawn(q.get())
        yield* Task.cede
        // from the back: the worst order for an indexOf + splice removal (see waiters.test.ts for the cost)
        for (let i = fibers.length - 1; i >= 0; i--) fibers[i]!.cancel()
        yield* Task.gather(fibers, { returnExceptions: true })
        q.putNowait(1)
        q.putNowait(2)
        return [yield* live, q.qsize(), String(q)]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [1, 1, 'Queue<maxsize=0 qsize=1 unfinished=2>'] })
  })
})

describe('join and taskDone (R56)', () => {
  it('R56: join waits until every item put was marked done', () => {
    const q = new Queue<number>()
    const r = runVirtual(
      Task.gen(function* () {
        for (let i = 0; i < 3; i++) q.putNowait(i)
        yield* Task.spawn(
          Task.gen(function* () {
            for (;;) {
              yield* q.get()
              yield* Task.sleep(10)
              q.taskDone()
            }
          }),
        )
        yield* q.join()
        return yield* Task.now
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 30 })
  })

  it('R56: join on a queue with nothing unfinished returns at once', () => {
    const q = new Queue<number>()
    const r = runVirtual(q.join())
    expect(r.outcome._tag).toBe('Succeeded')
    expect(r.elapsed).toBe(0)
  })

  it('R56: taskDone called too many times is a RangeError and changes nothing', () => {
    const q = new Queue<number>()
    expect(() => q.taskDone()).toThrow(RangeError)
    q.putNowait(1)
    q.getNowait()
    q.taskDone()
    expect(() => q.taskDone()).toThrow(/called too many times/)
    expect(runVirtual(q.join()).outcome._tag).toBe('Succeeded')
  })
})

describe('shutdown (R57)', () => {
  it('R57: blocked getters of an empty queue fail with QueueShutDown', () => {
    const q = new Queue<number>()
    const r = runVirtual(
      Task.gen(function* () {
        const gs = [yield* Task.spawn(q.get()), yield* Task.spawn(q.get())]
        yield* Task.sleep(1)
        q.shutdown()
        const results = yield* Task.gather(gs, { returnExceptions: true })
        return results.map((e) => e instanceof QueueShutDown)
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, true] })
  })

  it('R57: items queued before shutdown are still delivered, then get fails', () => {
    const q = new Queue<number>()
    q.putNowait(1)
    q.putNowait(2)
    q.shutdown()
    const r = runVirtual(
      Task.gen(function* () {
        const a = yield* q.get()
        const b = yield* q.get()
        const c = yield* Task.either(q.get())
        return [a, b, c._tag === 'Left' && c.left instanceof QueueShutDown]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [1, 2, true] })
  })

  it('R57: blocked and new putters fail with QueueShutDown and put nothing', () => {
    const q = new Queue<number>({ maxsize: 1 })
    q.putNowait(0)
    const r = runVirtual(
      Task.gen(function* () {
        const p = yield* Task.spawn(q.put(1))
        yield* Task.sleep(1)
        q.shutdown()
        const blocked = yield* Task.either(Task.join(p))
        q.getNowait()
        const fresh = yield* Task.either(q.put(2))
        return [blocked._tag === 'Left' && blocked.left instanceof QueueShutDown, fresh._tag === 'Left' && fresh.left instanceof QueueShutDown, q.qsize()]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, true, 0] })
  })

  it('R57: shutdown(true) drops the queued items, counts them done, and releases join', () => {
    const q = new Queue<number>()
    const r = runVirtual(
      Task.gen(function* () {
        for (let i = 0; i < 3; i++) q.putNowait(i)
        const joiner = yield* Task.spawn(q.join())
        yield* Task.sleep(1)
        q.shutdown(true)
        yield* joiner
        return [q.qsize(), yield* Task.now]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [0, 1] })
  })

  it('R57: shutdown(true) keeps join waiting for items already taken but not done', () => {
    const q = new Queue<number>()
    const r = runVirtual(
      Task.gen(function* () {
        for (let i = 0; i < 3; i++) q.putNowait(i)
        q.getNowait() // taken, not done
        const joiner = yield* Task.spawn(q.join())
        yield* Task.sleep(1)
        q.shutdown(true)
        yield* Task.sleep(1)
        const waiting = !joiner.done()
        q.taskDone()
        yield* joiner
        return [waiting, yield* Task.now]
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [true, 2] })
  })
})

describe('codecs', () => {
  const Job = t.type({ id: t.number, name: t.string })
  type Job = t.TypeOf<typeof Job>

  it('a wrongly typed putNowait throws a DecodeError naming the path, and changes nothing', () => {
    const q = new Queue<Job>({ codec: Job })
    q.putNowait({ id: 1, name: 'a' })
    let thrown: unknown
    try {
      q.putNowait({ id: 'two', name: 'b' } as never)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(DecodeError)
    expect((thrown as DecodeError).message).toMatch(/\.id: expected number, got "two"/)
    expect(q.qsize()).toBe(1)
  })

  it('a wrongly typed put fails with a DecodeError at once, even when the queue is full', () => {
    const q = new Queue<number>({ maxsize: 1, codec: t.number })
    q.putNowait(1)
    const r = runVirtual(Task.either(q.put('x' as never)))
    expect(r.outcome._tag).toBe('Succeeded')
    const e = (r.outcome as { value: { _tag: string; left: unknown } }).value
    expect(e._tag).toBe('Left')
    expect(e.left).toBeInstanceOf(DecodeError)
    expect(r.elapsed).toBe(0)
    expect(q.qsize()).toBe(1)
  })

  it('what is queued is the decoded value', () => {
    const Trimmed = new t.Type<string, string, unknown>(
      'Trimmed',
      (u): u is string => typeof u === 'string',
      (u, c) => (typeof u === 'string' ? t.success(u.trim()) : t.failure(u, c)),
      (s) => s,
    )
    const q = new Queue<string>({ codec: Trimmed })
    expect(value(Task.gen(function* () {
      yield* q.put('  padded  ')
      return q.getNowait()
    }))).toBe('padded')
  })
})

describe('draining', () => {
  it('drain(f) runs f on each item until shutdown and marks each done, so join works', () => {
    const q = new Queue<number>({ maxsize: 2 })
    const seen: number[] = []
    const r = runVirtual(
      Task.gen(function* () {
        const worker = yield* Task.spawn(q.drain((n) => pipe(Task.sleep(5), Task.map(() => void seen.push(n)))))
        for (let i = 0; i < 5; i++) yield* q.put(i)
        yield* q.join()
        const joinedAt = yield* Task.now
        q.shutdown()
        yield* worker
        return joinedAt
      }),
    )
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 25 })
    expect(seen).toEqual([0, 1, 2, 3, 4])
  })

  it('drain fails with the failure of f, and that item still counts as done', () => {
    const q = new Queue<number>()
    q.putNowait(1)
    q.putNowait(2)
    const r = runVirtual(q.drain((n) => (n === 2 ? Task.fail('bad item') : Task.unit)))
    expect(r.outcome).toEqual({ _tag: 'Failed', error: 'bad item' })
    expect(runVirtual(q.join()).outcome._tag).toBe('Succeeded')
  })

  it('for await … of gets every item outside the loop and ends on shutdown', async () => {
    const q = new Queue<number>()
    for (let i = 0; i < 3; i++) q.putNowait(i)
    q.shutdown()
    const got: number[] = []
    for await (const n of q) got.push(n)
    expect(got).toEqual([0, 1, 2])
  })

  it('for await … of waits for items a running loop puts, and marks them done as it goes', async () => {
    const q = new Queue<number>({ maxsize: 1 })
    const loop = new Loop({ clock: 'virtual' })
    const got: number[] = []
    const consumer = (async () => {
      for await (const n of q) got.push(n)
    })()
    await loop.runUntilComplete(
      Task.gen(function* () {
        for (let i = 0; i < 4; i++) {
          yield* q.put(i)
          yield* Task.promise(() => Promise.resolve()) // let the host consumer run
        }
        yield* Task.promise(() => new Promise((resolve) => setTimeout(resolve, 0)))
        yield* q.join()
        q.shutdown()
      }),
    )
    await consumer
    loop.close()
    expect(got).toEqual([0, 1, 2, 3])
  })

  it('leaving a for await loop early marks the last item done', async () => {
    const q = new Queue<number>()
    q.putNowait(1)
    q.putNowait(2)
    for await (const n of q) if (n === 1) break
    expect(q.qsize()).toBe(1)
    q.getNowait()
    q.taskDone()
    expect(() => q.taskDone()).toThrow(RangeError) // the broken-off item was already done
  })
})

describe('PriorityQueue', () => {
  it('R53: [priority, item] entries come out by priority, equal priorities in the order put', () => {
    const q = new PriorityQueue<[number, string]>()
    for (const e of [[2, 'b'], [1, 'z'], [2, 'a'], [0, 'y']] as [number, string][]) q.putNowait(e)
    const out: [number, string][] = []
    while (!q.empty()) out.push(q.getNowait())
    expect(out).toEqual([[0, 'y'], [1, 'z'], [2, 'a'], [2, 'b']])

    const stable = new PriorityQueue<{ p: number; tag: string }>({ compare: (a, b) => a.p - b.p })
    for (const tag of ['first', 'second', 'third']) stable.putNowait({ p: 1, tag })
    stable.putNowait({ p: 0, tag: 'urgent' })
    expect([0, 1, 2, 3].map(() => stable.getNowait().tag)).toEqual(['urgent', 'first', 'second', 'third'])
  })

  it('under the default order, things that cannot be ordered are a TypeError and the queue is unchanged', () => {
    const q = new PriorityQueue<unknown>()
    q.putNowait(1)
    q.putNowait(2)
    expect(() => q.putNowait('x')).toThrow(/cannot order/)
    expect(() => q.putNowait({})).toThrow(TypeError)
    expect(() => q.putNowait(NaN)).toThrow(TypeError)
    expect(q.qsize()).toBe(2)
    expect([q.getNowait(), q.getNowait()]).toEqual([1, 2])
    const r = runVirtual(Task.either(Task.gen(function* () {
      yield* q.put(1)
      yield* q.put([1])
    })))
    expect((r.outcome as { value: { left: unknown } }).value.left).toBeInstanceOf(TypeError)
    expect(q.qsize()).toBe(1)
  })

  it('a compare that throws changes nothing: every item put comes out, in order, whatever fails on the way', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 20 })), { maxLength: 60 }), fc.integer({ min: 2, max: 7 }), (ops, every) => {
        let calls = 0
        let flaky = true
        // every `every`-th comparison throws (while `flaky`)
        const q = new PriorityQueue<number>({
          compare: (a, b) => {
            if (flaky && ++calls % every === 0) throw new Error('flaky compare')
            return a - b
          },
        })
        const model: number[] = []
        const out: number[] = []
        const take = () => {
          try {
            out.push(q.getNowait())
            model.sort((a, b) => a - b)
            expect(out[out.length - 1]).toBe(model.shift())
          } catch (e) {
            if (!(e instanceof Error) || e.message !== 'flaky compare') throw e
          }
        }
        for (const [isPut, x] of ops) {
          if (isPut) {
            try {
              q.putNowait(x)
              model.push(x)
            } catch (e) {
              if (!(e instanceof Error) || e.message !== 'flaky compare') throw e
            }
          } else if (!q.empty()) take()
          expect(q.qsize()).toBe(model.length)
        }
        // a get can fail the same way every time (its comparisons fall on the same beat), so
        // after a few failed attempts in a row the compare stops throwing and the drain ends
        let failedInARow = 0
        while (!q.empty()) {
          const before = out.length
          take()
          failedInARow = out.length === before ? failedInARow + 1 : 0
          if (failedInARow === 3) flaky = false
        }
        expect(model).toEqual([])
      }),
      { numRuns: 100 },
    )
  })
})

describe('LifoQueue', () => {
  it('R53: blocked getters of a LifoQueue still get items as they come, and the stack order holds for queued ones', () => {
    const q = new LifoQueue<number>()
    const r = runVirtual(
      Task.gen(function* () {
        const g = yield* Task.spawn(q.get())
        yield* Task.cede
        q.putNowait(1)
        q.putNowait(2)
        const first = yield* g
        return [first, q.getNowait()]
      }),
    )
    // the getter runs after both puts and takes the top of the stack
    expect(r.outcome).toEqual({ _tag: 'Succeeded', value: [2, 1] })
  })
})

it('R55: a cancelled get surfaces as cancellation, not as an error', () => {
  const q = new Queue<number>()
  const r = runVirtual(
    Task.gen(function* () {
      const g = yield* Task.spawn(q.get())
      yield* Task.cede
      g.cancel('stop')
      try {
        yield* g
        return 'no'
      } catch (e) {
        return e instanceof CancelledError ? e.message : 'other'
      }
    }),
  )
  expect(r.outcome).toEqual({ _tag: 'Succeeded', value: 'stop' })
})

describe('cancelled getters and putters never cost another its turn (R54, R55)', () => {
  /** Blocked getters g0…g(n-1) of an empty queue; `act` runs once all wait; then items come one by one; returns who got what, in order. */
  const getterTurns = (n: number, act: (q: Queue<string>, getters: Fiber<QueueShutDown, string>[]) => Generator<any, void, any>) =>
    scenario(function* () {
      const q = new Queue<string>()
      const got: string[] = []
      const getters: Fiber<QueueShutDown, string>[] = []
      for (let i = 0; i < n; i++) getters.push(yield* Task.spawn(pipe(q.get(), Task.tap((item) => Task.sync(() => void got.push(`g${i}:${item}`))))))
      yield* Task.cede
      yield* act(q, getters)
      yield* Task.sleep(1)
      for (const item of ['x', 'y', 'z']) {
        q.putNowait(item)
        yield* Task.sleep(1)
      }
      return got
    })

  it('R55: a getter cancelled while queued wakes nobody: the getters behind it keep their order', () => {
    const got = getterTurns(3, function* (_, [g0]) {
      g0!.cancel()
    })
    expect(got).toEqual(['g1:x', 'g2:y'])
  })

  it('R55: a woken getter whose item was taken before it ran, then cancelled, passes nothing on: the next getters keep their order', () => {
    const got = getterTurns(3, function* (q, [g0]) {
      q.putNowait('stolen') // wakes g0
      q.getNowait() // the item goes before g0 runs
      g0!.cancel()
    })
    expect(got).toEqual(['g1:x', 'g2:y'])
  })

  it('R55: a queued getter cancelled while the first one is woken for an item wakes nobody else', () => {
    const got = getterTurns(4, function* (q, [, g1]) {
      g1!.cancel() // g1 cleans up first, while the item is still there…
      q.putNowait('w') // …for g0, which this wakes
    })
    expect(got).toEqual(['g0:w', 'g2:x', 'g3:y'])
  })

  /** Blocked putters p0…p(n-1) of a full queue (maxsize 1, holding 'a'); `act` runs once all wait; then the items are got one by one. */
  const putterTurns = (n: number, act: (q: Queue<string>, putters: Fiber<QueueShutDown, void>[]) => Generator<any, void, any>) =>
    scenario(function* () {
      const q = new Queue<string>({ maxsize: 1 })
      q.putNowait('a')
      const putters: Fiber<QueueShutDown, void>[] = []
      for (let i = 0; i < n; i++) putters.push(yield* Task.spawn(q.put(`p${i}`)))
      yield* Task.cede
      const got: string[] = []
      yield* act(q, putters)
      yield* Task.sleep(1)
      while (!q.empty()) {
        got.push(q.getNowait())
        yield* Task.sleep(1)
      }
      return got
    })

  it('R55: a putter cancelled while queued wakes nobody: the putters behind it keep their order', () => {
    const got = putterTurns(3, function* (_, [p0]) {
      p0!.cancel()
    })
    expect(got).toEqual(['a', 'p1', 'p2'])
  })

  it('R55: a woken putter whose slot was taken before it ran, then cancelled, passes nothing on: the next putters keep their order', () => {
    const got = putterTurns(3, function* (q, [p0]) {
      q.getNowait() // 'a' out: wakes p0
      q.putNowait('z') // the slot goes before p0 runs
      p0!.cancel()
    })
    expect(got).toEqual(['z', 'p1', 'p2'])
  })

  it('R55: a queued putter cancelled while the first one is woken for a slot wakes nobody else', () => {
    const got = putterTurns(4, function* (q, [, p1]) {
      p1!.cancel() // p1 cleans up first, while the slot is still free…
      q.getNowait() // …for p0: 'a' out wakes it
    })
    expect(got).toEqual(['p0', 'p2', 'p3'])
  })
})

describe('what a queue says when it refuses (R53, R57)', () => {
  it('bad options: each message names the queue and the value, with a hint only for a bare number', () => {
    expect(() => new Queue(5 as never)).toThrow(new TypeError('new Queue expects options { maxsize?, codec?, name? }, got number 5 (write new Queue({ maxsize: 5 }))'))
    expect(() => new LifoQueue('jobs' as never)).toThrow(new TypeError('new LifoQueue expects options { maxsize?, codec?, name? }, got the string "jobs"'))
    expect(() => new Queue(null as never)).toThrow(new TypeError('new Queue expects options { maxsize?, codec?, name? }, got null'))
    expect(() => new PriorityQueue({ maxsize: 'big' as never })).toThrow(new TypeError('new PriorityQueue: maxsize must be a number, got the string "big"'))
    expect(() => new Queue({ codec: {} as never })).toThrow(new TypeError('new Queue (codec) expects an io-ts codec (something with decode), got an object ([object Object])'))
    expect(() => new Queue().shutdown('yes' as never)).toThrow(new TypeError('Queue.shutdown(immediate) expects a boolean, got the string "yes"'))
    expect(() => new LifoQueue().drain(1 as never)).toThrow(new TypeError('LifoQueue.drain expects a function, got number 1'))
  })

  it('the *Nowait calls say why they refuse: empty, full, shut down', () => {
    const q = new Queue<number>({ maxsize: 1 })
    expect(() => q.getNowait()).toThrow(new QueueEmpty('Queue.getNowait: the queue is empty'))
    q.putNowait(1)
    expect(() => q.putNowait(2)).toThrow(new QueueFull('Queue.putNowait: the queue is full (maxsize 1)'))
    q.shutdown()
    expect(() => q.putNowait(2)).toThrow(new QueueShutDown('Queue.put: the queue is shut down'))
    q.getNowait()
    expect(() => q.getNowait()).toThrow(new QueueShutDown('Queue.getNowait: the queue is shut down and empty'))
  })

  it('R57: put and get after shutdown fail with messages that say so, full queue or not', () => {
    const failures = (q: Queue<number>, task: Task.Task<unknown, unknown>) => {
      const r = runVirtual(Task.either(task))
      return r.outcome._tag === 'Succeeded' && r.outcome.value._tag === 'Left' ? r.outcome.value.left : r.outcome
    }
    const roomy = new Queue<number>({ maxsize: 2 })
    roomy.shutdown()
    expect(failures(roomy, roomy.put(1))).toEqual(new QueueShutDown('Queue.put: the queue is shut down'))
    expect(failures(roomy, roomy.get())).toEqual(new QueueShutDown('Queue.get: the queue is shut down and empty'))
    const full = new LifoQueue<number>({ maxsize: 1 })
    full.putNowait(1)
    full.shutdown()
    expect(failures(full, full.put(2))).toEqual(new QueueShutDown('LifoQueue.put: the queue is shut down'))
    expect(roomy.qsize() + full.qsize()).toBe(1)
  })

  it('a DecodeError says it was the item put on the queue that did not fit', () => {
    const q = new PriorityQueue<number>({ codec: t.number })
    expect(() => q.putNowait('x' as never)).toThrow(/the item put on the PriorityQueue/)
  })

  it('toString counts the getters or the putters waiting', () => {
    const q = new Queue<number>({ maxsize: 1 })
    const v = scenario(function* () {
      const getters = [yield* Task.spawn(q.get()), yield* Task.spawn(q.get())]
      yield* Task.cede
      const withGetters = String(q)
      for (const item of [1, 2]) {
        q.putNowait(item)
        yield* Task.cede // the woken getter takes it
      }
      yield* Task.gather(getters)
      q.putNowait(3)
      const putter = yield* Task.spawn(q.put(4))
      yield* Task.cede
      const withPutter = String(q)
      q.getNowait()
      yield* putter
      return [withGetters, withPutter]
    })
    expect(v).toEqual(['Queue<maxsize=1 qsize=0 getters=2>', 'Queue<maxsize=1 qsize=1 putters=1 unfinished=3>'])
  })
})

describe('joins, drains and iterators across loops and misuse (R56)', () => {
  it('R56: join with nothing unfinished neither waits nor binds the queue, so it works from any loop', async () => {
    const q = new Queue<number>()
    const other = new Loop({ clock: 'virtual' })
    const getter = other.createTask(q.get()) // binds q to `other`
    await other.runUntilComplete(Task.cede)
    q.putNowait(1)
    await other.runUntilComplete(Task.join(getter))
    q.taskDone()
    expect(runSync(q.join())).toEqual({ _tag: 'Succeeded', value: undefined })
    other.close()
  })

  it('drain on a queue bound to another loop fails with the LoopError, not a quiet end', async () => {
    const q = new Queue<number>()
    const other = new Loop({ clock: 'virtual' })
    const getter = other.createTask(q.get())
    await other.runUntilComplete(Task.cede)
    const r = runSync(Task.either(q.drain(() => Task.unit)))
    expect(r._tag === 'Succeeded' && r.value._tag === 'Left' && r.value.left).toBeInstanceOf(LoopError)
    getter.cancel()
    await other.runUntilComplete(Task.cede)
    other.close()
  })

  it("an iterator's return() marks the last item done once, however often it is called, and says the iteration is done", async () => {
    const q = new Queue<number>()
    q.putNowait(1)
    q.putNowait(2)
    const it = q[Symbol.asyncIterator]()
    expect(await it.next()).toEqual({ done: false, value: 1 })
    expect(await it.return!()).toEqual({ done: true, value: undefined })
    expect(await it.return!()).toEqual({ done: true, value: undefined })
    // item 1 is done, item 2 is still queued: one unfinished
    expect(String(q)).toBe('Queue<maxsize=0 qsize=1 unfinished=1>')
  })
})
