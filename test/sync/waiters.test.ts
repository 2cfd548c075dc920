/**
 * The waiter list behind every primitive: first come, first served, and removal that costs
 * amortised O(1) however waiters are cancelled (no indexOf + splice).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Wakeable } from '../../lib/sync/waiters.js'
import { WaiterList } from '../../lib/sync/waiters.js'
import { Queue, Task } from '../../lib/index.js'
import { scenario, settled } from './scenario.js'

/** A waiter that counts how often the list looks at it. */
class Probe implements Wakeable {
  static looks = 0
  listed = false
  state: 'pending' | 'woken' | 'cancelled' = 'pending'
  constructor(readonly id: number) {}
  done(): boolean {
    Probe.looks++
    return this.state !== 'pending'
  }
  cancelled(): boolean {
    return this.state === 'cancelled'
  }
  setResult(): void {
    if (this.state !== 'pending') throw new Error(`woke ${this.id} twice or after cancel`)
    this.state = 'woken'
  }
}

describe('WaiterList', () => {
  it('R55/R59: removing n waiters, in any order, with wake-ups in between, costs O(n) looks', () => {
    for (const n of [1_000, 10_000]) {
      for (const order of ['front', 'back', 'interleaved'] as const) {
        Probe.looks = 0
        const list = new WaiterList<Probe>()
        const ws = Array.from({ length: n }, (_, i) => list.push(new Probe(i)))
        const idx = order === 'front' ? ws.map((_, i) => i) : order === 'back' ? ws.map((_, i) => n - 1 - i) : ws.map((_, i) => (i % 2 === 0 ? i / 2 : n - 1 - (i - 1) / 2))
        for (const [k, i] of idx.entries()) {
          const w = ws[i]!
          w.state = 'cancelled' // the future is cancelled first…
          if (k % 3 === 0) list.hasPending() // …scans may meet it before its cleanup runs…
          list.remove(w) // …which then removes it
        }
        expect(list.hasPending()).toBe(false)
        expect(list.length).toBe(0)
        expect(Probe.looks).toBeLessThan(10 * n)
      }
    }
  })

  it('removed waiters behind a pending one do not pile up: the list compacts', () => {
    const list = new WaiterList<Probe>()
    const head = list.push(new Probe(-1))
    const rest = Array.from({ length: 10_000 }, (_, i) => list.push(new Probe(i)))
    for (const w of rest.reverse()) list.remove(w)
    expect(list.length).toBe(1)
    expect((list as unknown as { items: unknown[] }).items.length).toBeLessThan(100)
    expect(list.wakeFirst(undefined)).toBe(true)
    expect(head.state).toBe('woken')
  })

  it('wakes pending waiters first come, first served, skipping removed and cancelled ones (model check)', () => {
    type Op = { kind: 'push' } | { kind: 'cancel'; pick: number } | { kind: 'remove'; pick: number } | { kind: 'wake'; n: number } | { kind: 'wakeAll' }
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constant({ kind: 'push' as const }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('wake' as const), n: fc.integer({ min: 1, max: 3 }) }),
      fc.constant({ kind: 'wakeAll' as const }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const list = new WaiterList<Probe>()
        const model: Probe[] = [] // pending waiters on the list, in order
        const all: Probe[] = []
        let next = 0
        for (const o of ops) {
          switch (o.kind) {
            case 'push': {
              const w = list.push(new Probe(next++))
              all.push(w)
              model.push(w)
              break
            }
            case 'cancel': {
              if (all.length === 0) break
              const w = all[o.pick % all.length]!
              if (w.state === 'pending') w.state = 'cancelled'
              const at = model.indexOf(w)
              if (at >= 0) model.splice(at, 1)
              break
            }
            case 'remove': {
              if (all.length === 0) break
              const w = all[o.pick % all.length]!
              list.remove(w)
              const at = model.indexOf(w)
              if (at >= 0) model.splice(at, 1)
              break
            }
            case 'wake': {
              const woken = all.filter((w) => w.state === 'woken').length
              expect(list.wakeMany(o.n, undefined)).toBe(Math.min(o.n, model.length))
              const expected = model.splice(0, o.n)
              expect(all.filter((w) => w.state === 'woken').length).toBe(woken + expected.length)
              for (const w of expected) expect(w.state).toBe('woken')
              break
            }
            case 'wakeAll':
              list.wakeAll(undefined)
              for (const w of model) expect(w.state).toBe('woken')
              model.length = 0
              break
          }
          expect(list.hasPending()).toBe(model.length > 0)
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('waiters woken and then cancelled are counted once', () => {
  it('R55: a getter woken for an item and cancelled before it ran leaves the count of waiting getters right', () => {
    const q = new Queue<string>()
    const v = scenario(function* () {
      const getters = [yield* Task.spawn(q.get()), yield* Task.spawn(q.get()), yield* Task.spawn(q.get())]
      yield* Task.cede
      q.putNowait('x') // wakes getters[0]…
      getters[0]!.cancel() // …which passes the item on to getters[1] as it leaves
      yield* settled(getters[0]!)
      const counted = String(q)
      q.putNowait('y')
      return [counted, yield* getters[1]!, yield* getters[2]!, String(q)]
    })
    expect(v).toEqual(['Queue<maxsize=0 qsize=0 getters=1 unfinished=1>', 'x', 'y', 'Queue<maxsize=0 qsize=0 unfinished=2>'])
  })
})
