/**
 * What a fiber waits on, said concretely: `sleep until 1.500 s (in 300 ms)`, `fiber #7 'load'`,
 * `Queue 'jobs'.get (0 items, 3 getters)`, `Lock 'db' held by fiber #12 'writer'`,
 * `gather: 2 of 3 pending`, `taskGroup: 4 children`, `foreign promise (…)`, `callback not yet
 * resumed (…)`.
 *
 * Nothing is recorded while fibers run: a description is computed only when asked, from what
 * a suspended fiber already holds — the wait it is parked on (`waitingOn`) and the innermost
 * frame of its stack. A blocked synchronisation operation parks in a `WaitOn` frame whose
 * owner (one object per primitive) can say what it waits for; a combinator's future (a
 * gather, a race, a task group's exit) says it itself. Both do so through one optional
 * method, `describeAwait`, that is called only here. What a wait cannot find in the fiber's
 * own state (the children of a task group, a lock's holder) lives on the wait object or its
 * owner, written once per wait, never per step.
 *
 * A fiber's age is the loop time since it was created. The time is read at most once per loop
 * iteration (`birthStamp`): the fibers created in one iteration share one stamp, so spawning
 * 10⁵ children reads the clock once, not 10⁵ times. On the real clock an age is therefore
 * measured from the start of the creating iteration's first spawn.
 *
 * @module
 */
import { isFiberValue, isFutureValue, shared } from './brands.js'
import type { Fiber } from './fiber.js'
import type { FutureBase } from './future.js'
import { State } from './future.js'
import { WaitOn } from './primitive.js'
import type { Scheduler } from './scheduler.js'
import { AsyncWait, NeverWait, SleepTimer } from './waits.js'

/**
 * The kinds of wait a description names (`WaitInfo.kind`).
 *
 * @example
 * const kind: WaitKind = 'sleep'
 */
export type WaitKind =
  | 'running'
  | 'ready'
  | 'done'
  | 'sleep'
  | 'fiber'
  | 'gather'
  | 'race'
  | 'taskGroup'
  | 'shield'
  | 'timeout'
  | 'sync'
  | 'future'
  | 'promise'
  | 'callback'
  | 'never'

/**
 * One fiber's wait, as the kernel describes it: the kind, one line of text, the fibers it
 * awaits (drawn under it in `loop.dump()`), and the fiber holding what it waits for (a lock),
 * which counts as an edge when a cycle of awaits is looked for.
 *
 * @example
 * const info: WaitInfo = { kind: 'sleep', text: 'sleep until 1.500 s (in 300 ms)', fibers: [] }
 */
export interface WaitInfo {
  readonly kind: WaitKind
  readonly text: string
  readonly fibers: ReadonlyArray<Fiber>
  readonly heldBy?: Fiber | undefined
}

/**
 * Implemented by a future a fiber can await (a gather's, a race's, a task group's exit) and by
 * the owner of a `WaitOn` frame (a queue, a lock): says what the wait is. Called only when a
 * description is asked for.
 *
 * @example
 * const never: DescribesAwait = { describeAwait: () => ({ kind: 'future', text: 'a Future', fibers: [] }) }
 */
export interface DescribesAwait {
  describeAwait(now: number, waiter?: unknown): WaitInfo
}

/**
 * The loop time a fiber was created at, shared by every fiber created in one iteration.
 *
 * @example
 * const stamp: BirthStamp = { t: 1500 }
 */
export interface BirthStamp {
  readonly t: number
}

/**
 * The stamp for a fiber created now: inside an iteration of `loop`, the iteration's stamp
 * (made by its first spawn); outside one (`loop.createTask` before a run), a fresh one.
 *
 * @example
 * // a fiber's constructor takes `this.born = birthStamp(loop)`; its age is then
 * const age = (now: number, born: BirthStamp) => now - born.t
 */
export const birthStamp = (loop: Scheduler): BirthStamp => {
  if (shared.executing !== loop) return { t: loop.clock.now() }
  return (loop.birth ??= { t: loop.clock.now() })
}

/**
 * `fiber #7 'load'`: how a fiber is named in every description.
 *
 * @example
 * // "fiber #7 'load'" for the seventh fiber of its loop, named 'load'
 * const label = (f: Parameters<typeof fiberLabel>[0]) => fiberLabel(f)
 */
export const fiberLabel = (fiber: Fiber): string => `fiber #${fiber.id} '${fiber.name}'`

/**
 * Seconds with three decimals, for points in loop time: `1.500 s`.
 *
 * @example
 * formatTime(1500) // → '1.500 s'
 */
export const formatTime = (ms: number): string => `${(ms / 1000).toFixed(3)} s`

/**
 * A duration: milliseconds below a second (`300 ms`, at most three decimals), seconds above (`2.250 s`).
 *
 * @example
 * formatDuration(300) // → '300 ms'
 * formatDuration(2250) // → '2.250 s'
 */
export const formatDuration = (ms: number): string => (Math.abs(ms) < 1000 ? `${Number(ms.toFixed(3))} ms` : formatTime(ms))

/**
 * `1 getter`, `3 getters`: a count and its noun.
 *
 * @example
 * plural(3, 'getter') // → '3 getters'
 */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`

/**
 * `Queue 'jobs'` or, unnamed, `Queue`: how a primitive is named in a description.
 *
 * @example
 * primitiveLabel('Lock', 'db') // → "Lock 'db'"
 */
export const primitiveLabel = (kind: string, name: string | undefined): string => (name === undefined ? kind : `${kind} '${name}'`)

// Stryker disable next-line OptionalChaining: it is only asked about a wait already known not to be null and about a WaitOn frame's owner, an object on every frame
const hasDescription = (u: unknown): u is DescribesAwait => typeof (u as Partial<DescribesAwait> | null)?.describeAwait === 'function'

// Stryker disable next-line ArrayDeclaration: a stand-in element is no live fiber, and a snapshot or dump keeps only the live fibers of a wait's list
const NO_FIBERS: ReadonlyArray<Fiber> = []

const info = (kind: WaitKind, text: string, fibers: ReadonlyArray<Fiber> = NO_FIBERS): WaitInfo => ({ kind, text, fibers })

/**
 * What `fiber` waits on now. A fiber that was woken and has not run yet is `ready`: what
 * woke it is over.
 *
 * @example
 * // e.g. "Queue 'jobs'.get (0 items, 3 getters)" for a fiber blocked in `jobs.get()`
 * const waitsOn = (f: Parameters<typeof describeWait>[0]) => describeWait(f).text
 */
export const describeWait = (fiber: Fiber): WaitInfo => {
  // Stryker disable next-line StringLiteral,ConditionalExpression: every caller asks about a pending fiber (a snapshot's live fibers, runSync's unfinished main, the trace of a step that suspended), so this line is never reached; → true, always 'done', is killed by every describeWait test and ignored with it
  if (fiber.state !== State.Pending) return info('done', 'nothing: it is done')
  const loop = fiber.loop
  if (loop.current === fiber) return info('running', 'nothing: it is running now')
  const { wait, frame } = fiber.parkedOn()
  if (wait === null) return info('ready', 'nothing: it is ready to run')
  const now = loop.clock.now()
  if (wait instanceof SleepTimer) {
    if (!wait.pending) return info('ready', 'nothing: its sleep is over, it runs next')
    return info('sleep', `sleep until ${formatTime(wait.when)} (in ${formatDuration(Math.max(0, wait.when - now))})`)
  }
  if (wait instanceof AsyncWait) {
    if (wait.ended) return info('ready', 'nothing: it was resumed, it runs next')
    return wait.label.startsWith('Task.callback') ? info('callback', `callback not yet resumed (${wait.label})`) : info('promise', `foreign promise (${wait.label})`)
  }
  if (wait instanceof NeverWait) return wait.pending ? info('never', 'Task.never (only a cancel ends it)') : info('ready', 'nothing: it was cancelled, it runs next')
  if (isFutureValue(wait) && (wait as FutureBase<unknown, unknown>).state !== State.Pending) {
    return info('ready', 'nothing: what it awaited is done, it runs next')
  }
  // parked on a waiter list (`ParkedWait`): the wait is the frame, and says whether it was woken
  // Stryker disable next-line LogicalOperator,ConditionalExpression: || (or wait === frame → true) would answer first for a wait that describes itself but is not the frame, as the line below the fiber test does; it differs only for a WaitOn's waiter or a fiber that describes itself, and neither does (a WaitOn waits on a plain future). The whole test → true is killed by describeWait.test.ts and ignored with it
  if (wait === frame && hasDescription(wait)) return wait.describeAwait(now)
  // Stryker disable next-line ConditionalExpression: frame.waiter === wait → true is equivalent (a fiber whose top frame is a WaitOn is parked on that frame's waiter: it pushed the frame as it suspended on it); the owner test's mutants are killed by describeWait.test.ts and ignored with it
  if (frame instanceof WaitOn && frame.waiter === wait && hasDescription(frame.owner)) return frame.owner.describeAwait(now, wait)
  if (isFiberValue(wait)) return info('fiber', fiberLabel(wait as Fiber), [wait as Fiber])
  if (hasDescription(wait)) return wait.describeAwait(now)
  // Stryker disable next-line ConditionalExpression: → true is equivalent (every wait that gets here is a future: the fiber, timer, foreign, never and waiter-list waits are answered above); → false is killed by describeWait.test.ts and ignored with it
  if (isFutureValue(wait)) return info('future', 'a Future that nothing in the loop completes (a setResult from outside, or a callback, must)')
  // Stryker disable next-line StringLiteral: never reached: a fiber parks only on a future, a fiber, a timer, a foreign operation, Task.never or a waiter-list entry, each described above
  return info('future', 'an unknown wait')
}

// ---- task groups -----------------------------------------------------------------------

/**
 * What a dump needs of a task group: its live children. A group registers itself with its
 * parent fiber while it runs (`noteTaskGroup`), so that its children are drawn under it.
 *
 * @example
 * const view = (children: TaskGroupView['children']): TaskGroupView => ({ children })
 */
export interface TaskGroupView {
  readonly children: ReadonlySet<Fiber>
}

/** The task groups each fiber is running now, innermost last; kept aside so fibers stay small. */
const groupsOf = new WeakMap<Fiber, TaskGroupView[]>()

/**
 * `parent` entered a task group.
 *
 * @example
 * // when a group starts in `parent`; `forgetTaskGroup(parent, group)` when it ends
 * const enter = (parent: Parameters<typeof noteTaskGroup>[0], group: TaskGroupView) => noteTaskGroup(parent, group)
 */
export const noteTaskGroup = (parent: Fiber, group: TaskGroupView): void => {
  const groups = groupsOf.get(parent)
  if (groups === undefined) groupsOf.set(parent, [group])
  else groups.push(group)
}

/**
 * `parent` left a task group.
 *
 * @example
 * const leave = (parent: Parameters<typeof forgetTaskGroup>[0], group: TaskGroupView) => forgetTaskGroup(parent, group)
 */
export const forgetTaskGroup = (parent: Fiber, group: TaskGroupView): void => {
  const groups = groupsOf.get(parent)
  // Stryker disable ConditionalExpression: each group is forgotten once, in the finally of the taskGroup that noted it, so the list exists and holds the group; an empty list left behind reads as no group (a WeakMap entry, memory only). The opposite mutants are killed by describeWait.test.ts and ignored with them
  if (groups === undefined) return
  const at = groups.lastIndexOf(group)
  if (at >= 0) groups.splice(at, 1)
  if (groups.length === 0) groupsOf.delete(parent)
  // Stryker restore ConditionalExpression
}

/**
 * The task groups `parent` is running now, outermost first.
 *
 * @example
 * const childCounts = (parent: Parameters<typeof taskGroupsOf>[0]) => taskGroupsOf(parent).map((g) => g.children.size)
 */
export const taskGroupsOf = (parent: Fiber): ReadonlyArray<TaskGroupView> => groupsOf.get(parent) ?? []

/**
 * The description of a wait for several children (a gather, a race): how many are still
 * pending, and the pending ones that are fibers.
 *
 * @example
 * // a gather with 2 of its 3 children pending: { kind: 'gather', text: 'gather: 2 of 3 pending', fibers: [the pending fibers] }
 * const describeGather = (children: Parameters<typeof describeChildren>[2]) => describeChildren('gather', 'gather', children)
 */
export const describeChildren = (kind: 'gather' | 'race', what: string, children: ReadonlyArray<FutureBase<unknown, unknown>>): WaitInfo => {
  const pending = children.filter((c) => c.state === State.Pending)
  return info(kind, `${what}: ${pending.length} of ${children.length} pending`, pending.filter(isFiberValue) as Fiber[])
}
