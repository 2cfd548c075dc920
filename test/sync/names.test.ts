/**
 * Every synchronisation primitive takes an optional name in its options, shown by `toString()`
 * and by `loop.dump()`; a bad name or bad options are a `TypeError` naming the bad value,
 * thrown by the constructor.
 */
import { fc, test as fcTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { Barrier, BoundedSemaphore, Condition, Event, LifoQueue, Lock, PriorityQueue, Queue, Semaphore } from '../../lib/index.js'

type Make = (options: unknown) => { readonly name: string | undefined; toString(): string }

const makers: Record<string, Make> = {
  Queue: (o) => new Queue(o as never),
  LifoQueue: (o) => new LifoQueue(o as never),
  PriorityQueue: (o) => new PriorityQueue(o as never),
  Lock: (o) => new Lock(o as never),
  Event: (o) => new Event(o as never),
  Semaphore: (o) => new Semaphore(1, o as never),
  BoundedSemaphore: (o) => new BoundedSemaphore(1, o as never),
  Condition: (o) => new Condition(undefined, o as never),
  Barrier: (o) => new Barrier(2, o as never),
}

describe('names of the synchronisation primitives', () => {
  it('toString shows the name; unnamed, it is as before', () => {
    expect(Object.fromEntries(Object.entries(makers).map(([kind, make]) => [kind, [String(make({ name: 'n' })), String(make(undefined)), make({ name: 'n' }).name, make({}).name]]))).toEqual({
      Queue: ["Queue<'n' maxsize=0 qsize=0>", 'Queue<maxsize=0 qsize=0>', 'n', undefined],
      LifoQueue: ["LifoQueue<'n' maxsize=0 qsize=0>", 'LifoQueue<maxsize=0 qsize=0>', 'n', undefined],
      PriorityQueue: ["PriorityQueue<'n' maxsize=0 qsize=0>", 'PriorityQueue<maxsize=0 qsize=0>', 'n', undefined],
      Lock: ["Lock<'n' unlocked>", 'Lock<unlocked>', 'n', undefined],
      Event: ["Event<'n' unset>", 'Event<unset>', 'n', undefined],
      Semaphore: ["Semaphore<'n' value=1>", 'Semaphore<value=1>', 'n', undefined],
      BoundedSemaphore: ["BoundedSemaphore<'n' value=1>", 'BoundedSemaphore<value=1>', 'n', undefined],
      Condition: ["Condition<'n' unlocked>", 'Condition<unlocked>', 'n', undefined],
      Barrier: ["Barrier<'n' filling waiters=0/2>", 'Barrier<filling waiters=0/2>', 'n', undefined],
    })
  })

  it('a name that is not a string, or options that are not an object, is a TypeError naming the primitive and the value', () => {
    for (const [kind, make] of Object.entries(makers)) {
      expect(() => make({ name: 42 }), kind).toThrow(TypeError)
      expect(() => make({ name: 42 }), kind).toThrow(new RegExp(`new ${kind}: name must be a string, got number 42`))
      expect(() => make({ name: null }), kind).toThrow(/name must be a string, got null/)
    }
    for (const kind of ['Lock', 'Event', 'Semaphore', 'BoundedSemaphore', 'Condition', 'Barrier']) {
      expect(() => makers[kind]!('db'), kind).toThrow(new RegExp(`new ${kind}: options must be an object such as \\{ name: 'db' \\}, got the string "db"`))
    }
    expect(() => new Queue('jobs' as never)).toThrow(/new Queue expects options \{ maxsize\?, codec\?, name\? \}, got the string "jobs"/)
  })

  it('null options are refused like any other non-object, with the same message', () => {
    for (const kind of ['Lock', 'Event', 'Semaphore', 'BoundedSemaphore', 'Condition', 'Barrier']) {
      expect(() => makers[kind]!(null), kind).toThrow(new TypeError(`new ${kind}: options must be an object such as { name: 'db' }, got null`))
    }
  })

  fcTest.prop([fc.string()])('any string names a primitive, and is given back as it was', (name) => {
    for (const make of Object.values(makers)) {
      const p = make({ name })
      expect(p.name).toBe(name)
      expect(String(p)).toContain(`<'${name}' `)
    }
  })

  fcTest.prop([fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.object(), fc.func(fc.string()))])('anything but a string (or nothing) is refused', (name) => {
    for (const make of Object.values(makers)) expect(() => make({ name })).toThrow(TypeError)
  })
})
