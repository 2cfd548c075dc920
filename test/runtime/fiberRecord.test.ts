/**
 * Fibers born alike (unnamed, in one iteration, in one context) share one record of their
 * name, birth stamp, context and cancellation bookkeeping (`fiberRecord.ts`): whatever one of
 * them changes — a context variable (R29), a cancel request (R22, R27) — must never show in
 * another, and a name given to one belongs to that one alone.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Fiber } from '../../lib/index.js'
import { ContextVar, Loop, Task, runSync } from '../../lib/index.js'
import { coreOf, runSyncUntil } from '../../lib/Loop.js'
import { ownRecord, recordFor } from '../../lib/runtime/fiberRecord.js'

interface Plan {
  /** The child sets the variable to its own index. */
  readonly sets: boolean
  /** The parent cancels the child (twice when 2) while it sleeps. */
  readonly cancels: 0 | 1 | 2
  /** The child is spawned with a name. */
  readonly named: boolean
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  sets: fc.boolean(),
  cancels: fc.constantFrom(0 as const, 1 as const, 2 as const),
  named: fc.boolean(),
})

describe('fibers born alike share a record until one changes it', () => {
  it('R29/R22/R27: a set, a cancel or a name on one sibling never shows in another (property)', () => {
    fc.assert(
      fc.property(fc.array(planArb, { minLength: 1, maxLength: 12 }), (plans) => {
        const v = new ContextVar<string>('v', { default: 'default' })
        const program = Task.gen(function* () {
          yield* v.set('parent')
          const seen: Array<{ start: string; later: string }> = []
          const fibers: Fiber<never, void>[] = []
          // spawned in one step: one iteration, one context
          for (let i = 0; i < plans.length; i++) {
            const plan = plans[i]!
            const child = Task.gen(function* () {
              const start = yield* v.get
              if (plan.sets) yield* v.set(`child ${i}`)
              yield* Task.uncancellable(() => Task.sleep(10))
              seen[i] = { start, later: yield* v.get }
            })
            fibers.push(yield* Task.spawn(child, plan.named ? { name: `named ${i}` } : undefined))
          }
          yield* Task.sleep(1)
          plans.forEach((plan, i) => {
            for (let c = 0; c < plan.cancels; c++) fibers[i]!.cancel()
          })
          const cancelling = fibers.map((f) => f.cancelling())
          yield* Task.gather(fibers, { returnExceptions: true })
          return { seen, cancelling, names: fibers.map((f) => f.name), cancelled: fibers.map((f) => f.cancelled()), parent: yield* v.get }
        })
        const outcome = runSync(program)
        expect(outcome._tag).toBe('Succeeded')
        const result = (outcome as { value: { seen: Array<{ start: string; later: string } | undefined>; cancelling: number[]; names: string[]; cancelled: boolean[]; parent: string } }).value
        expect(result.parent).toBe('parent')
        expect(result.cancelling).toEqual(plans.map((p) => p.cancels))
        // the uncancellable sleep finishes; the request is delivered as the child ends (R24)
        expect(result.cancelled).toEqual(plans.map((p) => p.cancels > 0))
        plans.forEach((p, i) => {
          expect(result.names[i]).toBe(p.named ? `named ${i}` : `Task-${i + 2}`)
          expect(result.seen[i]).toEqual({ start: 'parent', later: p.sets ? `child ${i}` : 'parent' })
        })
      }),
      { numRuns: 200 },
    )
  })

  it('fibers spawned in one iteration share a birth stamp (one age in a snapshot); a later one gets its own', () => {
    const loop = new Loop({ clock: 'virtual' })
    loop.createTask(
      Task.gen(function* () {
        yield* Task.spawn(Task.never)
        yield* Task.spawn(Task.never, { name: 'named' })
        yield* Task.spawn(Task.never)
        yield* Task.sleep(5)
        yield* Task.spawn(Task.never)
        yield* Task.sleep(100)
      }),
      { name: 'main' },
    )
    let reached = false
    loop.callAt(10, () => void (reached = true))
    runSyncUntil(loop, () => reached)
    const ages = loop.snapshot().fibers.map((f) => [f.name, f.age])
    expect(ages).toEqual([
      ['main', 10],
      ['Task-2', 10],
      ['named', 10],
      ['Task-4', 10],
      ['Task-5', 5],
    ])
  })

  it('R29: fibers spawned in one step but on either side of a context change do not share a context', () => {
    const v = new ContextVar<string>('v', { default: 'default' })
    const program = Task.gen(function* () {
      const before = yield* Task.spawn(v.get)
      yield* v.set('changed')
      const after = yield* Task.spawn(v.get)
      return [yield* before, yield* after]
    })
    expect(runSync(program)).toEqual({ _tag: 'Succeeded', value: ['default', 'changed'] })
  })

  it('the records given out: one for unnamed fibers born alike, its own for a named one, a copy for the first writer, then that copy', () => {
    const loop = new Loop({ clock: 'virtual' })
    const core = coreOf(loop)
    const [first, second, named] = [{}, {}, {}]
    // asked within one iteration, as fibers created by one callback are
    const records: ReturnType<typeof recordFor>[] = []
    loop.callSoon(() => void records.push(recordFor(core, undefined, first), recordFor(core, 'worker', named), recordFor(core, undefined, second)))
    runSyncUntil(loop, () => records.length > 0)
    const [shared, own, again] = records as [ReturnType<typeof recordFor>, ReturnType<typeof recordFor>, ReturnType<typeof recordFor>]
    expect(again).toBe(shared)
    expect([shared.owner, shared.label, own.owner === named, own.label]).toEqual([null, undefined, true, 'worker'])
    const copy = ownRecord(shared, first)
    expect([copy === shared, copy.owner === first, ownRecord(copy, first) === copy, ownRecord(own, named) === own]).toEqual([false, true, true, true])
    loop.close()
  })
  it('a fiber that writes back the value a field already holds keeps sharing its record; its first real change takes one copy, kept after', () => {
    // its two fibers never end: the reports of them as the loop closes are not this test's subject
    const loop = new Loop({ clock: 'virtual', exceptionHandler: () => {} })
    const fibers: Fiber[] = []
    loop.callSoon(() => void fibers.push(loop.createTask(Task.never), loop.createTask(Task.never)))
    runSyncUntil(loop, () => fibers.length === 2)
    const [a, b] = fibers as [Fiber, Fiber]
    const fields = ['masks', 'region', 'mustCancel', 'cancelMessage', 'cancelCount', 'cancelVisit', 'context'] as const
    const inside = (f: Fiber) => f as unknown as Record<(typeof fields)[number] | 'record', unknown>
    const shared = inside(a).record
    expect(inside(b).record).toBe(shared)
    // every setter, given what the field holds: no copy (a copy per such write would cost a record per fiber)
    for (const field of fields) inside(a)[field] = inside(a)[field]
    expect(inside(a).record).toBe(shared)
    // a real change: one copy of its own, the sibling untouched
    a.cancel('stop')
    const own = inside(a).record
    expect([own === shared, inside(b).record === shared, b.cancelling(), a.cancelling()]).toEqual([false, true, 0, 1])
    // further writes go to that copy
    a.cancel('again')
    expect([inside(a).record === own, a.cancelling()]).toEqual([true, 2])
    loop.close()
  })
})
