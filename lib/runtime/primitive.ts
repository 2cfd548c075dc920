/**
 * The opcodes a `Task` is made of. A `Task` value is one of these records: inert data that
 * a fiber's run loop interprets (`fiber.ts`). Building one runs nothing; running it twice
 * runs it twice.
 *
 * The set is small and orthogonal; everything else in `Task` (`zip`, `bracket`, `gather`,
 * `timeout`, …) is built from it. An opcode is added only with a measurement that asks for
 * it: `Map` saves one `Succeed` per step of a `map` chain, and `Fold` saves a node per
 * `match`/`either`.
 *
 * This file holds the one place where the public, phantom-typed `Task<E, A>` and the
 * internal `Primitive` meet (`toPrimitive` / `fromPrimitive`).
 *
 * @module
 */
import type { WaitInfo } from './describeWait.js'
import { isCancelledError } from '../errors.js'
import type { Outcome } from '../Outcome.js'
import * as O from '../Outcome.js'
import type { Pipeable } from './pipeable.js'
import type { CoroutineInfo } from './traceback.js'
import { pipeArguments } from './pipeable.js'

// ---------------------------------------------------------------------------------------
// the public face
// ---------------------------------------------------------------------------------------

/**
 * A description of a computation that succeeds with `A`, fails with `E`, or is cancelled.
 * `yield* task` inside `Task.gen` awaits it; `.pipe(f, g)` applies data-last functions.
 *
 * @example
 * const t: Task<never, number> = Task.of(1).pipe(Task.map((n) => n + 1))
 * runSync(t) // → { _tag: 'Succeeded', value: 2 }
 */
export interface Task<out E, out A> extends Pipeable {
  /** Phantom: the error type. Never present at run time. */
  readonly _E?: () => E
  /** Phantom: the value type. Never present at run time. */
  readonly _A?: () => A
  [Symbol.iterator](): Iterator<Task<E, A>, A, any>
}


// ---------------------------------------------------------------------------------------
// the opcodes
// ---------------------------------------------------------------------------------------

/** Anything a fiber can suspend on: a `Future`, a `Fiber`, or an internal wait. */
export interface Waitable {
  /** Asks the wait to end with cancellation; true when the fiber will be woken with a `CancelledError`. */
  cancel(message?: string): boolean
}


/**
 * Lets a cancellable region's body switch cancellation back on (see `uncancellable`).
 *
 * @example
 * const cleanup = Task.uncancellable((poll: Poll) => poll(Task.sleep(10)))
 */
export type Poll = <E, A>(task: Task<E, A>) => Task<E, A>

/** `resume` of an `Async` opcode: ends the wait by running the given task in the fiber. */
export type Resume = (task: Task<unknown, unknown>) => void

export type Primitive =
  | Succeed
  | Fail
  | Sync
  | Suspend
  | Map
  | FlatMap
  | Catch
  | Fold
  | Finalize
  | Uncancellable
  | Unmask
  | Gen
  | Await
  | Sleep
  | Cede
  | Never
  | Async
  | Spawn
  | WithFiber
  | WaitOn

/**
 * The brand of a task value (`true` on the shared prototype, so it costs no memory per
 * node): a registered symbol, the same in every copy of taskloop loaded in one process (the
 * ESM and the CJS build side by side), so that each copy recognises the other's tasks.
 */
// Stryker disable next-line StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (primitive.test.ts: "a task of another copy is recognised by the registered brand")
export const TASK_BRAND: unique symbol = Symbol.for('taskloop/Task')

/**
 * Opcodes. Every task node and every run-loop frame carries one in `_tag` (on its class's
 * prototype, so it costs no memory per node): the run loop
 * switches on these integers, which compiles to a jump table, where a switch on strings
 * compares the cases one after another. (A named property, not one keyed by a symbol: V8
 * reads a symbol-keyed property on the many shapes of the run loop half as fast again.)
 *
 * They start at a large number, not at 0, so that an object that merely looks like a task
 * (`{ _tag: 0, value }`) matches no case: the run loop's `default:` sends it to the
 * `TypeError` for a non-task, at no cost per step. Arguments are checked by the brand.
 */
export const enum Op {
  Succeed = 0x7a5c_0000,
  Fail,
  Sync,
  Suspend,
  Map,
  FlatMap,
  Catch,
  Fold,
  Finalize,
  Uncancellable,
  Unmask,
  Gen,
  Await,
  Sleep,
  Cede,
  Never,
  Async,
  Spawn,
  WithFiber,
  WaitOn,
  GenFrame,
  RestoreMasks,
  AfterFinalizer,
}

/** An opcode's name, for messages. */
// Stryker disable next-line ArrowFunction: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (primitive.test.ts: "every opcode has its own name")
export const opName = (op: Op): string => OP_NAMES[op - Op.Succeed] ?? String(op)
// Stryker disable next-line ArrayDeclaration,StringLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (primitive.test.ts: "every opcode has its own name")
const OP_NAMES: ReadonlyArray<string> = ['Succeed', 'Fail', 'Sync', 'Suspend', 'Map', 'FlatMap', 'Catch', 'Fold', 'Finalize', 'Uncancellable', 'Unmask', 'Gen', 'Await', 'Sleep', 'Cede', 'Never', 'Async', 'Spawn', 'WithFiber', 'WaitOn', 'GenFrame', 'RestoreMasks', 'AfterFinalizer']

/**
 * Shared prototype: every opcode is pipeable, can be awaited with `yield*`, and carries the brand.
 *
 * The node classes below are base classes whose prototypes are linked to this one (at the
 * end of the file), not subclasses: V8 11 builds an instance of a subclass whose parent has
 * no constructor of its own through a generic stub, out of line, where it allocates a base
 * class's instance inline (with `--no-omit-default-ctors` it inlines the subclass too). The
 * nodes are the most allocated objects of a run: see bench/README.md for what this saves.
 */
export abstract class TaskBase {
  pipe(): unknown {
    // eslint-disable-next-line prefer-rest-params
    return pipeArguments(this, arguments)
  }
  [Symbol.iterator](): Iterator<unknown, unknown, unknown> {
    return new YieldOnce(this)
  }
  toString(): string {
    return `Task.${opName((this as unknown as Primitive)._tag)}`
  }
}

/**
 * Debug mode only: the stack of the last `yield*`, taken inside the coroutine's frame, so a
 * fiber can say on which line each of its coroutines awaits (see `Fiber.coroutinePath`). The
 * running fiber sets `capture` to its loop's debug flag at each step. The stack is kept
 * unformatted (three frames): the host formats it only if a path or a report reads it.
 */
// Stryker disable next-line ObjectLiteral: an empty record reads the same: capture undefined is as falsy as false, and last is undefined either way
export const yieldSites: { capture: boolean; last: Error | undefined } = { capture: false, last: undefined }

/**
 * The stack at the `yield*` a failure is thrown in at, taken inside the coroutine's frame
 * (see `YieldOnce.throw`): where the failure passes through the coroutine, for its traceback.
 * Failure path only; the fiber clears it around each throw-in.
 */
// Stryker disable next-line ObjectLiteral: an empty record reads the same: last is undefined either way until a throw-in sets it
export const throwSites: { last: Error | undefined } = { last: undefined }

/** An unformatted stack of the top three frames: this function, `YieldOnce`'s method, and the coroutine. */
const captureAwait = (): Error => {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 3
  const capture = new Error()
  Error.stackTraceLimit = limit
  return capture
}

/**
 * The iterator behind `yield* task`: it yields the task once to the interpreter and returns
 * whatever the interpreter sends back. A `throw` from the interpreter is re-thrown, so a
 * failure appears at the `yield*` line of the coroutine.
 */
export class YieldOnce<T> implements Iterator<T, unknown, unknown> {
  private yielded = false
  constructor(private readonly awaited: T) {}
  next(value?: unknown): IteratorResult<T, unknown> {
    if (this.yielded) return { done: true, value }
    this.yielded = true
    // the coroutine's own frame is the caller's: in debug mode, remember where it awaits
    // Stryker disable next-line ConditionalExpression: → true also captures outside debug mode, where no reader looks (slower only); → false is killed by fiberSites.test.ts and ignored with it
    if (yieldSites.capture) yieldSites.last = captureAwait()
    return { done: false, value: this.awaited }
  }
  throw(error?: unknown): IteratorResult<T, unknown> {
    // a failure (not a cancellation) thrown in: the coroutine's frame is the caller's, at its yield*
    // Stryker disable next-line ConditionalExpression: → true also captures for a cancellation, whose path nothing records (hopInto and fiberFailed skip it); → false is killed by the traceback tests and ignored with it
    if (!isCancelledError(error)) throwSites.last = captureAwait()
    throw error
  }
  return(value?: unknown): IteratorResult<T, unknown> {
    return { done: true, value }
  }
  [Symbol.iterator](): this {
    return this
  }
}

export interface Succeed extends TaskBase {}
export class Succeed {
  declare readonly _tag: Op.Succeed
  constructor(readonly value: unknown) {}
}
export interface Fail extends TaskBase {}
export class Fail {
  declare readonly _tag: Op.Fail
  constructor(readonly error: unknown) {}
}
export interface Sync extends TaskBase {}
export class Sync {
  declare readonly _tag: Op.Sync
  constructor(readonly thunk: () => unknown) {}
}
export interface Suspend extends TaskBase {}
export class Suspend {
  declare readonly _tag: Op.Suspend
  constructor(readonly thunk: () => Primitive) {}
}
/** Also a stack frame: on success, `f` maps the value without leaving the run loop. */
export interface Map extends TaskBase {}
export class Map {
  declare readonly _tag: Op.Map
  constructor(
    readonly task: Primitive,
    readonly f: (a: unknown) => unknown,
  ) {}
}
/** Also a stack frame: on success, `f` gives the next task. */
export interface FlatMap extends TaskBase {}
export class FlatMap {
  declare readonly _tag: Op.FlatMap
  constructor(
    readonly task: Primitive,
    readonly f: (a: unknown) => Primitive,
  ) {}
}
/** Also a stack frame: on a failure (never on cancellation), `handler` gives the next task. */
export interface Catch extends TaskBase {}
export class Catch {
  declare readonly _tag: Op.Catch
  constructor(
    readonly task: Primitive,
    readonly handler: (e: unknown) => Primitive,
  ) {}
}
/** Also a stack frame: success or failure (never cancellation) chooses the next task. */
export interface Fold extends TaskBase {}
export class Fold {
  declare readonly _tag: Op.Fold
  constructor(
    readonly task: Primitive,
    readonly onSuccess: (a: unknown) => Primitive,
    readonly onFailure: (e: unknown) => Primitive,
  ) {}
}
/**
 * Also a stack frame: however `task` ends, `finalizer(failed, value)` gives a task to run
 * with cancellation deferred (or `undefined` for none); then the original ending resumes,
 * unless the finalizer itself failed. `failed` is true for a failure and for cancellation
 * (`value` is then the error or the `CancelledError`). The ending comes as two plain values,
 * not as an `Outcome`, so that the many finalizers that do not look at it (every blocked
 * queue `get` has one) cost no allocation; `endingOutcome` builds the `Outcome` when wanted.
 */
export interface Finalize extends TaskBase {}
export class Finalize {
  declare readonly _tag: Op.Finalize
  constructor(
    readonly task: Primitive,
    readonly finalizer: (failed: boolean, value: unknown) => Primitive | undefined,
  ) {}
}

/**
 * The `Outcome` of an ending given as a `Finalize` finalizer sees it.
 *
 * @example
 * endingOutcome(true, new CancelledError('stop')) // → { _tag: 'Cancelled', message: 'stop' }
 */
export const endingOutcome = (failed: boolean, value: unknown): Outcome<unknown, unknown> =>
  !failed ? O.succeeded(value) : isCancelledError(value) ? O.cancelled(value.message) : O.failed(value)
export interface Uncancellable extends TaskBase {}
export class Uncancellable {
  declare readonly _tag: Op.Uncancellable
  constructor(readonly body: (poll: Poll) => Primitive) {}
}
/**
 * Created only by `poll`: runs `task` cancellable again — but only inside the `uncancellable`
 * region that made the `poll` (so only in its fiber), and only while that region is the
 * innermost mask (the fiber's mask depth is still `depth`). Anywhere else — another fiber, a
 * nested region or a finalizer, after the region ended, in a later region of the same depth —
 * it runs `task` as it is: the outer block wins. cats-effect checks the fiber and the mask
 * depth; the region number is stricter about a `poll` kept after its region.
 */
export interface Unmask extends TaskBase {}
export class Unmask {
  declare readonly _tag: Op.Unmask
  constructor(
    readonly task: Primitive,
    /** The region that made the `poll` (a number no other region has, in any fiber). */
    readonly region: number,
    /** The mask depth inside the region that made the `poll`. */
    readonly depth: number,
    /** The region around it, current again inside the `poll` (so an outer `poll` works there). */
    readonly outerRegion: number,
  ) {}
}
export interface Gen extends TaskBase {}
export class Gen {
  declare readonly _tag: Op.Gen
  constructor(
    readonly body: () => Iterator<unknown, unknown, unknown>,
    /** A user's coroutine (`Task.gen`, `Task.fn`): its name and definition site, if known; `undefined` for the library's own. */
    readonly info?: CoroutineInfo,
  ) {}
}
/**
 * How a blocked synchronisation operation goes on after its wait (see `WaitOn`). Told how the
 * wait on `waiter` ended (`failed` is false when it was woken), it cleans up and returns a
 * task to run next (after a wake-up: the operation's retry), or `undefined` to let the ending
 * pass on as it is (always after a failure or a cancellation). Synchronous; must not throw.
 */
export interface WaitOwner {
  waitEnded(waiter: unknown, failed: boolean, fiber: never): Primitive | undefined
  /** Says what a fiber parked on `waiter` waits for (`loop.dump()`; see `describeWait.ts`). Called only when asked. */
  describeAwait?(now: number, waiter?: unknown): WaitInfo
}

/**
 * Also a stack frame: awaits `waiter` (a future), then hands the ending to
 * `owner.waitEnded`. It is asyncio's `try: await fut` / `except: cleanup; raise` and the
 * retry loop around it, as one node with no closure: the blocked `get` of a queue is the
 * hottest suspension of a producer–consumer program.
 *
 * A node that is its own waiter (`ParkedWait`, in `waits.ts`) parks the fiber on the frame
 * itself, which the primitive keeps on its waiter list and wakes directly, no future between.
 */
export interface WaitOn extends TaskBase {}
export class WaitOn {
  declare readonly _tag: Op.WaitOn
  constructor(
    readonly waiter: unknown,
    readonly owner: WaitOwner,
  ) {}
}

/** Await a future or a fiber (`join`); done ones do not suspend. */
export interface Await extends TaskBase {}
export class Await {
  declare readonly _tag: Op.Await
  constructor(readonly target: unknown) {}
}
export interface Sleep extends TaskBase {}
export class Sleep {
  declare readonly _tag: Op.Sleep
  constructor(readonly ms: number) {}
}
export interface Cede extends TaskBase {}
export class Cede {
  declare readonly _tag: Op.Cede
}
export interface Never extends TaskBase {}
export class Never {
  declare readonly _tag: Op.Never
}
/** A foreign boundary: `register` starts the operation; `resume` ends the wait (once). */
export interface Async extends TaskBase {}
export class Async {
  declare readonly _tag: Op.Async
  constructor(
    readonly register: (resume: Resume, signal: AbortSignal | undefined) => void,
    /** Whether `register` asks for an `AbortSignal` (it declares a second parameter). */
    readonly wantsSignal: boolean,
    /** Names the operation in "blocked on" messages. */
    readonly label: string,
  ) {}
}
export interface Spawn extends TaskBase {}
export class Spawn {
  declare readonly _tag: Op.Spawn
  constructor(
    readonly task: Primitive,
    readonly name: string | undefined,
  ) {}
}
/** Reads the running fiber (its loop, its clock) and continues with a task built from it. */
export interface WithFiber extends TaskBase {}
export class WithFiber {
  declare readonly _tag: Op.WithFiber
  constructor(readonly f: (fiber: never) => Primitive) {}
}

// ---------------------------------------------------------------------------------------
// the one cast
// ---------------------------------------------------------------------------------------

export const toPrimitive = <E, A>(task: Task<E, A>): Primitive => task as unknown as Primitive
export const fromPrimitive = <E, A>(p: Primitive): Task<E, A> => p as unknown as Task<E, A>
// `instanceof` first: a task of this copy is found by walking two prototypes, which is cheaper
// than the brand, a symbol-keyed read that sees every shape of task and so takes V8's slowest
// lookup (2·10⁶ checks over 20 task shapes, fastest of 15 interleaved runs: 414 -> 44 ms);
// a task of another copy fails it and is recognised by the brand
/**
 * True for a task value, from this copy of taskloop or another one: it carries the brand
 * (`TASK_BRAND`). A look-alike (`{ _tag: 0, value }`) is not a task.
 *
 * @example
 * Task.isTask(Task.of(1)) // → true
 * Task.isTask({ _tag: 0, value: 1 }) // → false
 */
export const isTask = (u: unknown): u is Task<unknown, unknown> =>
  u instanceof TaskBase || (u !== null && typeof u === 'object' && (u as { [TASK_BRAND]?: unknown })[TASK_BRAND] === true)

// Stryker disable next-line ObjectLiteral: runs once, when the module is imported, where Stryker's per-test switch cannot reach it; killed when planted by hand (primitive.test.ts: every task is recognised by its brand)
Object.defineProperty(TaskBase.prototype, TASK_BRAND, { value: true })

// the opcode of each node class, on its prototype, not a field of every node: 8 B less per
// node, and so less for the collector to copy where a chain of nodes lives long (W1 at 10⁶,
// M instructions per run: 3 932 -> 3 733)
for (const [cls, tag] of [[Succeed, Op.Succeed], [Fail, Op.Fail], [Sync, Op.Sync], [Suspend, Op.Suspend], [Map, Op.Map], [FlatMap, Op.FlatMap], [Catch, Op.Catch], [Fold, Op.Fold], [Finalize, Op.Finalize], [Uncancellable, Op.Uncancellable], [Unmask, Op.Unmask], [Gen, Op.Gen], [WaitOn, Op.WaitOn], [Await, Op.Await], [Sleep, Op.Sleep], [Cede, Op.Cede], [Never, Op.Never], [Async, Op.Async], [Spawn, Op.Spawn], [WithFiber, Op.WithFiber]] as const) {
  Object.defineProperty(cls.prototype, '_tag', { value: tag })
  Object.setPrototypeOf(cls.prototype, TaskBase.prototype)
}

export const UNIT: Primitive = new Succeed(undefined)
export const CEDE: Primitive = new Cede()
export const NEVER: Primitive = new Never()
