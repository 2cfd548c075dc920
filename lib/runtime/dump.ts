/**
 * The live call graph of a loop: `loop.snapshot()` as data, `loop.dump()` as text.
 *
 * Every live fiber, with its id, name, state, age, coroutine stack and what it waits on
 * (`describeWait.ts`), drawn as a tree of who awaits whom, as asyncio's `pstree` draws it: a
 * fiber that joins another has it below; the children of a gather, a race or a task group are
 * below the fiber that runs it (a group's children under a `taskGroup` line). Roots are the
 * fibers nobody awaits, in creation order. A fiber awaited by two is drawn in full once and
 * named again where it recurs. A cycle of awaits — counting a lock's holder as awaited by the
 * fibers that wait for the lock — can never end by itself: it is marked as a deadlock, in the
 * tree (`↺`) and in a line of its own below it.
 *
 * All of it is computed when asked, from what suspended fibers already hold; nothing is
 * recorded while they run.
 *
 * @module
 */
import type { BirthStamp, WaitKind } from './describeWait.js'
import { describeWait, formatDuration, formatTime, plural, taskGroupsOf } from './describeWait.js'
import type { Fiber } from './fiber.js'
import type { Scheduler } from './scheduler.js'

/**
 * What a fiber waits on, in a snapshot: the kind, the text `loop.dump()` shows, the ids of
 * the fibers it awaits (drawn under it), and the id of the fiber holding what it waits for (a
 * lock).
 *
 * @example
 * const wait: WaitSnapshot = { kind: 'sync', text: "Queue 'jobs'.get (0 items, 3 getters)", fibers: [] }
 */
export interface WaitSnapshot {
  readonly kind: WaitKind
  readonly text: string
  readonly fibers: ReadonlyArray<number>
  readonly heldBy?: number
}

/**
 * One live fiber in a snapshot.
 *
 * - `state`: `'running'` (the fiber that asked, if a fiber did), `'ready'` (on the ready
 *   queue: started, woken or ceding), or `'waiting'` (suspended on `waitsOn`);
 * - `age`: loop time since it was created, in ms;
 * - `stack`: its coroutines, outermost first, each with the number of the await it is at
 *   (`main#2`); in debug mode with the source location of that await;
 * - `cancelling`: cancel requests not yet withdrawn (`fiber.cancelling()`);
 * - `taskGroups`: for each task group it is running, the ids of the group's live children.
 *
 * @example
 * const main: FiberSnapshot | undefined = loop.snapshot().fibers.find((f) => f.name === 'main')
 */
export interface FiberSnapshot {
  readonly id: number
  readonly name: string
  readonly state: 'running' | 'ready' | 'waiting'
  readonly age: number
  readonly stack: ReadonlyArray<string>
  readonly waitsOn: WaitSnapshot
  readonly cancelling: number
  readonly taskGroups: ReadonlyArray<ReadonlyArray<number>>
}

/**
 * A loop at one moment: its time and clock, every live fiber in creation order, and each
 * cycle of awaits (a deadlock) as the ids along it.
 *
 * @example
 * const { fibers, cycles }: LoopSnapshot = loop.snapshot()
 * if (cycles.length > 0) console.error('deadlock among', cycles)
 */
export interface LoopSnapshot {
  readonly time: number
  readonly clock: 'real' | 'virtual'
  readonly fibers: ReadonlyArray<FiberSnapshot>
  readonly cycles: ReadonlyArray<ReadonlyArray<number>>
}

const stateOf = (kind: WaitKind): FiberSnapshot['state'] => (kind === 'running' ? 'running' : kind === 'ready' ? 'ready' : 'waiting')

/**
 * The snapshot of `loop` now (see `LoopSnapshot`).
 *
 * @example
 * const fibersNow = (core: Parameters<typeof snapshotOf>[0]) => snapshotOf(core).fibers.length
 */
export const snapshotOf = (loop: Scheduler): LoopSnapshot => {
  const now = loop.clock.now()
  const fibers: FiberSnapshot[] = []
  const live = new Set<unknown>(loop.live)
  for (const node of loop.live) {
    const fiber = node as Fiber
    const wait = describeWait(fiber)
    const waitsOn: WaitSnapshot = {
      kind: wait.kind,
      text: wait.text,
      fibers: wait.fibers.filter((f) => live.has(f)).map((f) => f.id),
      ...(wait.heldBy !== undefined && live.has(wait.heldBy) ? { heldBy: wait.heldBy.id } : {}),
    }
    fibers.push({
      id: fiber.id,
      name: fiber.name,
      state: stateOf(wait.kind),
      age: now - (fiber.born as BirthStamp).t,
      stack: fiber.coroutinePath(),
      waitsOn,
      cancelling: fiber.cancelling(),
      taskGroups: taskGroupsOf(fiber).map((g) => [...g.children].filter((c) => live.has(c)).map((c) => c.id)),
    })
  }
  return { time: now, clock: loop.clock.kind, fibers, cycles: findCycles(fibers) }
}

/** Who each fiber waits for: the fibers it awaits, and a lock's holder. */
const edgesOf = (f: FiberSnapshot): number[] => (f.waitsOn.heldBy === undefined ? [...f.waitsOn.fibers] : [...f.waitsOn.fibers, f.waitsOn.heldBy])

/**
 * Each cycle of awaits once, as the ids along it starting from its smallest id (Tarjan's
 * strongly connected components, then one cycle through each that has one).
 */
const findCycles = (fibers: ReadonlyArray<FiberSnapshot>): number[][] => {
  const edges = new Map<number, number[]>()
  for (const f of fibers) edges.set(f.id, edgesOf(f))
  const index = new Map<number, number>()
  const low = new Map<number, number>()
  const onStack = new Set<number>()
  const stack: number[] = []
  const components: number[][] = []
  let counter = 0
  // iterative Tarjan: a long chain of joins must not overflow the JavaScript stack
  for (const start of edges.keys()) {
    if (index.has(start)) continue
    const work: Array<{ id: number; next: number }> = [{ id: start, next: 0 }]
    index.set(start, counter)
    low.set(start, counter++)
    stack.push(start)
    onStack.add(start)
    while (work.length > 0) {
      const top = work[work.length - 1]!
      const out = edges.get(top.id)!
      if (top.next < out.length) {
        const to = out[top.next++]!
        if (!edges.has(to)) continue
        if (!index.has(to)) {
          index.set(to, counter)
          low.set(to, counter++)
          stack.push(to)
          onStack.add(to)
          work.push({ id: to, next: 0 })
        } else if (onStack.has(to)) low.set(top.id, Math.min(low.get(top.id)!, index.get(to)!))
        continue
      }
      work.pop()
      if (work.length > 0) {
        const parent = work[work.length - 1]!.id
        low.set(parent, Math.min(low.get(parent)!, low.get(top.id)!))
      }
      if (low.get(top.id) === index.get(top.id)) {
        const component: number[] = []
        for (;;) {
          const id = stack.pop()!
          onStack.delete(id)
          component.push(id)
          if (id === top.id) break
        }
        if (component.length > 1 || edges.get(top.id)!.includes(top.id)) components.push(component)
      }
    }
  }
  // one cycle through each component: from its smallest id, follow edges inside it until one repeats
  const cycles = components.map((component) => {
    const members = new Set(component)
    const first = Math.min(...component)
    const path = [first]
    const seen = new Map([[first, 0]])
    for (let at = first; ; ) {
      const next = edges.get(at)!.find((id) => members.has(id))!
      const was = seen.get(next)
      if (was !== undefined) return path.slice(was)
      seen.set(next, path.length)
      path.push(next)
      at = next
    }
  })
  return cycles.sort((a, b) => a[0]! - b[0]!)
}

const fiberRef = (f: FiberSnapshot): string => `#${f.id} '${f.name}'`

/** One fiber's line: `#1 'main' (age 1.500 s) main#2 — waits on gather: 2 of 3 pending`. */
const fiberLine = (f: FiberSnapshot): string => {
  const age = `age ${formatDuration(f.age)}${f.cancelling > 0 ? ', cancelling' : ''}`
  const stack = f.stack.length === 0 ? '' : ` ${f.stack.join(' > ')}`
  const what = f.state === 'waiting' ? `waits on ${f.waitsOn.text}` : f.waitsOn.text
  return `${fiberRef(f)} (${age})${stack} — ${what}`
}

/**
 * `snapshot` as text: a header, the tree of who awaits whom, and a line per deadlock.
 *
 * @example
 * const print = (core: Parameters<typeof snapshotOf>[0]) => console.error(renderDump(snapshotOf(core)))
 * // prints, for instance:
 * // virtual loop at 1.500 s, 3 live fibers
 * // #1 'main' (age 1.500 s) main#1 — waits on gather: 2 of 2 pending
 * // ├── #2 'Task-2' (age 1.500 s) load#1 — waits on sleep until 2.000 s (in 500 ms)
 * // └── #3 'Task-3' (age 1.500 s) load#1 — waits on sleep until 2.000 s (in 500 ms)
 */
export const renderDump = (snapshot: LoopSnapshot): string => {
  const { fibers } = snapshot
  const byId = new Map(fibers.map((f) => [f.id, f]))
  type Child = { readonly fiber: number } | { readonly group: ReadonlyArray<number> }
  const childrenOf = (f: FiberSnapshot): Child[] => {
    const inGroups = new Set(f.taskGroups.flat())
    const direct: Child[] = f.waitsOn.fibers.filter((id) => !inGroups.has(id)).map((fiber) => ({ fiber }))
    return [...direct, ...f.taskGroups.map((group) => ({ group }))]
  }
  const awaited = new Set<number>()
  for (const f of fibers) {
    for (const id of f.waitsOn.fibers) if (id !== f.id) awaited.add(id)
    for (const g of f.taskGroups) for (const id of g) if (id !== f.id) awaited.add(id)
  }
  const lines = [`${snapshot.clock} loop at ${formatTime(snapshot.time)}, ${plural(fibers.length, 'live fiber')}`]
  const drawn = new Set<number>()
  const path = new Set<number>()
  /** Draws fiber `id` on a line that starts with `branch`; what is below it starts with `below`. */
  const draw = (id: number, branch: string, below: string): void => {
    const f = byId.get(id)!
    if (path.has(id)) {
      lines.push(`${branch}↺ ${fiberRef(f)} — a cycle of awaits: deadlock`)
      return
    }
    if (drawn.has(id)) {
      lines.push(`${branch}${fiberRef(f)} (drawn above)`)
      return
    }
    drawn.add(id)
    lines.push(`${branch}${fiberLine(f)}`)
    path.add(id)
    const children = childrenOf(f)
    children.forEach((child, i) => {
      const last = i === children.length - 1
      const childBranch = `${below}${last ? '└── ' : '├── '}`
      const childBelow = `${below}${last ? '    ' : '│   '}`
      if ('fiber' in child) return draw(child.fiber, childBranch, childBelow)
      lines.push(`${childBranch}taskGroup: ${child.group.length} ${child.group.length === 1 ? 'child' : 'children'}`)
      child.group.forEach((c, j) => {
        const lastInGroup = j === child.group.length - 1
        draw(c, `${childBelow}${lastInGroup ? '└── ' : '├── '}`, `${childBelow}${lastInGroup ? '    ' : '│   '}`)
      })
    })
    path.delete(id)
  }
  for (const f of fibers) if (!awaited.has(f.id)) draw(f.id, '', '')
  // what no root reaches: fibers that only await each other, in a cycle
  for (const f of fibers) if (!drawn.has(f.id)) draw(f.id, '', '')
  for (const cycle of snapshot.cycles) {
    lines.push(`deadlock: a cycle of awaits: ${[...cycle, cycle[0]!].map((id) => fiberRef(byId.get(id)!)).join(' → ')}`)
  }
  return lines.join('\n')
}
