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
 * cycle of awaits (a deadlock) as the ids along it. The cycles are those one walk of the
 * waits closes (see `findCycles`): where cycles share fibers, not every combination is listed.
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
      // a holder that has ended is no longer live (and `undefined`, no holder, never is)
      ...(live.has(wait.heldBy) ? { heldBy: wait.heldBy!.id } : {}),
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

/**
 * Each cycle of awaits once, as the ids along it from its smallest id: a depth-first walk of
 * the waits (the fibers awaited, a lock's holder), with an explicit stack so that a chain of
 * any length is walked without growing the JavaScript stack. An edge back to a fiber on the
 * walk's path closes a cycle. Each fiber is walked once, so a cycle made only of fibers
 * already walked (another way round through fibers that are in a listed cycle) is not listed:
 * the walk stays linear in the number of awaits, where listing every cycle can be exponential.
 */
const findCycles = (fibers: ReadonlyArray<FiberSnapshot>): number[][] => {
  // Stryker disable next-line ConditionalExpression: → false appends an undefined holder, an edge to no fiber, which the walk skips (no fiber has that id); → true is killed by dump.test.ts's lock cycles and ignored with it
  const edges = new Map(fibers.map((f) => [f.id, f.waitsOn.heldBy === undefined ? f.waitsOn.fibers : [...f.waitsOn.fibers, f.waitsOn.heldBy]]))
  const done = new Set<number>()
  const found = new Map<string, number[]>()
  for (const start of edges.keys()) {
    const path: number[] = []
    const onPath = new Set<number>()
    const next: number[] = []
    const enter = (id: number): void => {
      path.push(id)
      onPath.add(id)
      next.push(0)
    }
    // Stryker disable next-line ConditionalExpression: → true walks a finished start again, which finds only cycles already listed (they are kept by key); → false is killed by dump.test.ts and ignored with it
    if (!done.has(start)) enter(start)
    while (path.length > 0) {
      const at = path.length - 1
      const to = edges.get(path[at]!)![next[at]!++]
      if (to === undefined) {
        const left = path.pop()!
        onPath.delete(left)
        done.add(left)
        next.pop()
      } else if (onPath.has(to)) {
        const cycle = path.slice(path.indexOf(to))
        const first = cycle.indexOf(Math.min(...cycle))
        const rotated = [...cycle.slice(first), ...cycle.slice(0, first)]
        found.set(rotated.join(), rotated)
      } else if (edges.has(to) && !done.has(to)) enter(to)
    }
  }
  return [...found.values()].sort((a, b) => a[0]! - b[0]!)
}

/** Levels of the tree drawn with indentation; deeper ones are drawn at this depth. */
const MAX_DEPTH = 64

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
  const awaited = new Set<number>()
  for (const f of fibers) for (const id of [...f.waitsOn.fibers, ...f.taskGroups.flat()]) if (id !== f.id) awaited.add(id)
  const lines = [`${snapshot.clock} loop at ${formatTime(snapshot.time)}, ${plural(fibers.length, 'live fiber')}`]
  const drawn = new Set<number>()
  const path = new Set<number>()
  // an explicit stack, so that a chain of joins of any length is drawn without recursion: a
  // fiber or a task group to draw on a line starting with `branch` (what is below it starts
  // with `below`), or a fiber whose subtree is done (`leave`)
  type Item = { readonly id?: number; readonly group?: ReadonlyArray<number>; readonly leave?: number; readonly branch: string; readonly below: string }
  const work: Item[] = []
  /**
   * Queues `children` below a line continued by `below`, the first on top. Past `MAX_DEPTH`
   * levels the indentation stops growing (a chain of 10⁴ joins would otherwise make a text of
   * 10⁸ characters); a `┆` marks where it stopped.
   */
  const queue = (children: ReadonlyArray<{ readonly id?: number; readonly group?: ReadonlyArray<number> }>, below: string): void => {
    const deep = below.length >= MAX_DEPTH * 4
    for (let i = children.length - 1; i >= 0; i--) {
      const last = i === children.length - 1
      if (deep) work.push({ ...children[i], branch: `${below}┆ `, below })
      else work.push({ ...children[i], branch: below + (last ? '└── ' : '├── '), below: below + (last ? '    ' : '│   ') })
    }
  }
  const draw = (): void => {
    for (let item = work.pop(); item !== undefined; item = work.pop()) {
      if (item.leave !== undefined) path.delete(item.leave)
      else if (item.group !== undefined) {
        lines.push(`${item.branch}taskGroup: ${item.group.length} ${item.group.length === 1 ? 'child' : 'children'}`)
        queue(item.group.map((id) => ({ id })), item.below)
      } else {
        const f = byId.get(item.id!)!
        if (path.has(f.id)) lines.push(`${item.branch}↺ ${fiberRef(f)} — a cycle of awaits: deadlock`)
        else if (drawn.has(f.id)) lines.push(`${item.branch}${fiberRef(f)} (drawn above)`)
        else {
          drawn.add(f.id)
          path.add(f.id)
          lines.push(item.branch + fiberLine(f))
          // Stryker disable next-line StringLiteral: a `leave` item only takes its fiber off the path; its branch and below are never read
          work.push({ leave: f.id, branch: '', below: '' })
          // the fibers it awaits directly (a join, a gather's children), then its task groups
          const inGroups = new Set(f.taskGroups.flat())
          queue([...f.waitsOn.fibers.filter((id) => !inGroups.has(id)).map((id) => ({ id })), ...f.taskGroups.map((group) => ({ group }))], item.below)
        }
      }
    }
  }
  // roots: the fibers nobody awaits; then what no root reaches (fibers that only await each other)
  for (const f of fibers) if (!awaited.has(f.id)) work.push({ id: f.id, branch: '', below: '' }), draw()
  for (const f of fibers) if (!drawn.has(f.id)) work.push({ id: f.id, branch: '', below: '' }), draw()
  for (const cycle of snapshot.cycles) {
    // a long cycle is named by its first fibers and its last (all of it is in `cycles`)
    const named = cycle.length <= 12 ? cycle.map((id) => fiberRef(byId.get(id)!)) : [...cycle.slice(0, 10).map((id) => fiberRef(byId.get(id)!)), `… ${cycle.length - 11} more`, fiberRef(byId.get(cycle[cycle.length - 1]!)!)]
    lines.push(`deadlock: a cycle of awaits: ${[...named, fiberRef(byId.get(cycle[0]!)!)].join(' → ')}`)
  }
  return lines.join('\n')
}
