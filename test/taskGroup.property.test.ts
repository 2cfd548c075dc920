/**
 * taskGroup under random trees (ASYNCIO.md R47–R50): random children, nested groups (spawned
 * or run inline in a body), random failures — after a sleep, in a body, or in a cleanup that
 * runs when cancelled — and a random external cancel. Afterwards no fiber is left pending,
 * every finalizer ran exactly once for each node that started, and the ExceptionGroup holds
 * exactly the failures that happened.
 */
import { pipe } from 'fp-ts/lib/function.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CancelledError, ExceptionGroup, Loop, Task } from '../lib/index.js'

type Leaf = { readonly kind: 'leaf'; readonly ms: number; readonly fails: boolean; readonly cleanupMs: number; readonly cleanupFails: boolean }
type Group = { readonly kind: 'group'; readonly inline: boolean; readonly children: ReadonlyArray<Node>; readonly bodyMs: number; readonly bodyFails: boolean }
type Node = Leaf | Group

const ms = fc.integer({ min: 0, max: 30 })

const tree = fc.letrec<{ node: Node; leaf: Leaf; group: Group }>((tie) => ({
  leaf: fc.record({ kind: fc.constant('leaf' as const), ms, fails: fc.boolean(), cleanupMs: ms, cleanupFails: fc.boolean() }),
  group: fc.record({
    kind: fc.constant('group' as const),
    inline: fc.boolean(),
    children: fc.array(tie('node'), { maxLength: 4 }),
    bodyMs: ms,
    bodyFails: fc.boolean(),
  }),
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('group')),
})).group

/** Builds the task for `root`, recording what happens. */
const build = (root: Group) => {
  const started: boolean[] = []
  const finalized: number[] = []
  const failures: string[] = []
  let nextId = 0
  const raise = (e: string) => pipe(Task.sync(() => void failures.push(e)), Task.flatMap(() => Task.fail(e)))
  const node = (n: Node): Task.Task<unknown, unknown> => {
    const id = nextId++
    started[id] = false
    finalized[id] = 0
    const body: Task.Task<unknown, unknown> =
      n.kind === 'leaf'
        ? pipe(
            Task.sleep(n.ms),
            Task.flatMap(() => (n.fails ? raise(`leaf ${id}`) : Task.unit)),
            Task.onCancel(pipe(Task.sleep(n.cleanupMs), Task.flatMap(() => (n.cleanupFails ? raise(`cleanup ${id}`) : Task.unit)))),
          )
        : group(n, id)
    return pipe(
      Task.sync(() => void (started[id] = true)),
      Task.flatMap(() => body),
      Task.ensuring(Task.sync(() => void finalized[id]!++)),
    )
  }
  const group = (g: Group, id: number): Task.Task<unknown, unknown> => {
    const kids = g.children.map((c) => ({ inline: c.kind === 'group' && c.inline, task: node(c) }))
    return Task.taskGroup((tg) =>
      Task.gen(function* () {
        for (const k of kids) if (!k.inline) yield* tg.spawn(k.task)
        for (const k of kids) if (k.inline) yield* k.task
        yield* Task.sleep(g.bodyMs)
        if (g.bodyFails) yield* raise(`body ${id}`)
      }),
    )
  }
  return { task: node(root), started, finalized, failures }
}

/** The failures inside nested ExceptionGroups. */
const leaves = (e: unknown): unknown[] => (e instanceof ExceptionGroup ? e.errors.flatMap(leaves) : [e])

describe('taskGroup property', () => {
  it('R47–R50: random trees with random failures and an external cancel leave no fiber pending, run each finalizer once, and report exactly the failures that happened', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), async (root, cancelAt) => {
        const { task, started, finalized, failures } = build(root)
        const reports: unknown[] = []
        const loop = new Loop({ clock: 'virtual', exceptionHandler: (ctx) => reports.push(ctx) })
        const f = loop.createTask(task)
        let cancelledFromOutside = false
        if (cancelAt !== undefined) loop.callLater(cancelAt, () => (cancelledFromOutside = f.cancel()))
        const ending = await loop.runUntilComplete(f).then(
          () => ({ tag: 'ok' as const }),
          (e: unknown) => ({ tag: 'error' as const, e }),
        )
        // no child outlives its group
        expect(loop.allTasks()).toEqual([])
        // each node that started was finalized exactly once; the others never ran
        expect(finalized).toEqual(started.map((s) => (s ? 1 : 0)))
        if (failures.length > 0) {
          // errors take priority over an external cancel
          expect(ending.tag).toBe('error')
          const e = (ending as { e: unknown }).e
          expect(e).toBeInstanceOf(ExceptionGroup)
          expect(leaves(e).map(String).sort()).toEqual([...failures].sort())
        } else if (ending.tag === 'error') {
          expect(ending.e).toBeInstanceOf(CancelledError)
          expect(cancelledFromOutside).toBe(true)
        }
        loop.close()
        expect(reports).toEqual([])
      }),
      { numRuns: 150 },
    )
  })
})
