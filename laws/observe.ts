/**
 * Observation and equivalence of tasks (the `≡` of the law catalogue).
 *
 * A task is observed by running it on a fresh virtual-clock `Loop`, stepped synchronously:
 * how the main fiber ended (or that it never did), the timed trace of what it `emit`ted,
 * the virtual time it took, what it left behind, and what was reported to the exception
 * handler. Two tasks are equivalent when their observations agree; options choose how much
 * of the observation counts (exact trace, trace per instant, outcome only, "alley" outcome,
 * leftovers, reports). Because the loop is virtual and stepped synchronously, the resulting
 * `Eq<Task>` is an ordinary synchronous fp-ts `Eq`.
 *
 * @module
 */
import type { Eq } from 'fp-ts/lib/Eq.js'
import type { LoopOptions } from '../lib/index.js'
import { Loop, Task } from '../lib/index.js'
import { runSyncUntil } from '../lib/Loop.js'
import { deepEqual, show } from './equal.js'

/**
 * How the main fiber of an observed task ended.
 *
 * @example
 * const o: ObservedOutcome<never, number> = observe(Task.of(1)).outcome
 */
export type ObservedOutcome<E, A> =
  | { readonly _tag: 'Succeeded'; readonly value: A }
  | { readonly _tag: 'Failed'; readonly error: E }
  | { readonly _tag: 'Cancelled'; readonly message?: string }
  /** Nothing was ready and no timer was pending, but main was not done (deadlock). */
  | { readonly _tag: 'NonTerminating' }
  /** A budget ran out: too many loop iterations, or a timer beyond `maxTime`. */
  | { readonly _tag: 'Diverged'; readonly reason: 'steps' | 'time' }

/**
 * One `emit(x)`, at virtual time `t`.
 *
 * @example
 * const events: ReadonlyArray<TraceEvent> = observe(emit('a')).trace // → [{ t: 0, x: 'a' }]
 */
export interface TraceEvent {
  readonly t: number
  readonly x: unknown
}

/**
 * What `observe` records of one run: the outcome, the trace of `emit`s, the virtual time, and what was left.
 *
 * @example
 * const o: Observation<never, void> = observe(Task.flatMap(() => emit('b'))(Task.sleep(5)))
 * o.elapsed // → 5
 */
export interface Observation<E, A> {
  readonly outcome: ObservedOutcome<E, A>
  /** What main's run emitted, in execution order, up to the moment main ended. */
  readonly trace: ReadonlyArray<TraceEvent>
  /** Virtual time when main ended (or was found stuck). */
  readonly elapsed: number
  /** Fibers not done and live timers when main ended. */
  readonly leftovers: { readonly fibers: number; readonly timers: number }
  /** What was emitted after main ended (`afterMain: 'drain' | 'teardown'`). */
  readonly after: ReadonlyArray<TraceEvent>
  /** Errors reported to the loop's exception handler (unretrieved failures, callback errors). */
  readonly unhandled: ReadonlyArray<unknown>
  /** Loop iterations main took (the suspension points of the whole program). */
  readonly iterations: number
  /** Fibers still pending at the very end (after `afterMain`'s drain or teardown). */
  readonly pendingAtEnd: number
  /** With `cancelAfter`: where every fiber was suspended when main was cancelled. */
  readonly cancelledAt?: SuspensionPoint
}

/**
 * Where one fiber is suspended: its name, the coroutines on its stack and what it waits on.
 *
 * @example
 * const point = observe(pipe(Task.sleep(5), Task.as(1)), { cancelAfter: 1 }).cancelledAt
 * point?.fibers.map((f: SuspendedFiber) => f.waitsOn) // e.g. ['sleep until 0.005 s (in 2 ms)']
 */
export interface SuspendedFiber {
  readonly name: string
  /** Coroutines outermost first, each with the number of its await: `['transfer#2']`. */
  readonly path: ReadonlyArray<string>
  readonly waitsOn: string
}

/**
 * A moment of a run, named: the fibers pending then, main first; `text` says it in one line.
 *
 * @example
 * const now: SuspensionPoint = describeSuspension(loop)
 * now.text // e.g. 'main at transfer#2, waiting on sleep until 0.005 s (in 2 ms)'
 */
export interface SuspensionPoint {
  readonly fibers: ReadonlyArray<SuspendedFiber>
  readonly text: string
}

/**
 * Names the moment `loop` is at: for each pending fiber (main first, as `allTasks` lists
 * them), the coroutine path and await number, and what it waits on. Generator functions with
 * a name (`function* transfer()`) make the path readable.
 *
 * @example
 * describeSuspension(loop).text // e.g. 'main at transfer#2, waiting on sleep until 0.005 s (in 2 ms)'
 */
export const describeSuspension = (loop: Loop): SuspensionPoint => {
  const fibers = loop.allTasks().map((f) => ({ name: f.name, path: f.coroutinePath(), waitsOn: f.describeWait() }))
  const text = fibers.length === 0 ? 'no fiber pending' : fibers.map((f) => `${f.name} at ${f.path.length === 0 ? '(no coroutine)' : f.path.join(' > ')}, waiting on ${f.waitsOn}`).join('; ')
  return { fibers, text }
}

/**
 * How `observe` runs a task and which parts of the observation count when two are compared.
 *
 * @example
 * const options: ObserveOptions = { trace: 'per-instant', leftovers: 'compare' }
 * observe(Task.of(1), options)
 */
export interface ObserveOptions {
  /** `'exact'` (default, `≡`), `'per-instant'` (events at one instant as a multiset, `≡ₘ`), `'ignore'` (`≡ₒ`). */
  readonly trace?: 'exact' | 'per-instant' | 'ignore'
  /** `'full'` (default) or `'alley'` (`≡ₚ`: only two successes are compared; any two non-successes are equal). */
  readonly outcome?: 'full' | 'alley'
  /** Whether to compare elapsed virtual time (default true; `'alley'` ignores it). */
  readonly elapsed?: boolean
  /** `'compare'` makes leftovers count (`≡⁺`); default `'ignore'`. */
  readonly leftovers?: 'ignore' | 'compare'
  /** `'compare'` makes exception-handler reports count; default `'ignore'`. */
  readonly unhandled?: 'ignore' | 'compare'
  /**
   * After main ends: `'stop'` (default, `runUntilComplete`), `'drain'` (run what is left
   * until quiescent), `'teardown'` (cancel what is left and wait, as `run` does, and again for fibers
   * that finalizers start meanwhile).
   */
  readonly afterMain?: 'stop' | 'drain' | 'teardown'
  /** Iteration budget (default 100 000). */
  readonly maxSteps?: number
  /** Virtual-time budget in ms (default 10⁹). */
  readonly maxTime?: number
  /**
   * `'fifo'` (default, asyncio's order), a seed for a permuted schedule (see
   * `seededSchedule`), or a `BatchOrder` of your own (schedule exploration's recorders).
   */
  readonly schedule?: 'fifo' | { readonly seed: number } | NonNullable<LoopOptions['schedule']>
  /** Cancel main after this many loop iterations (used by cancellation injection). */
  readonly cancelAfter?: number
  /** Run the loop in debug mode (`LoopOptions.debug`): suspension points then name their source line. */
  readonly debug?: boolean
}

/**
 * Everything `equivalent` needs: observation options plus the value and error equalities.
 *
 * @example
 * const options: EquivalenceOptions<never, number> = { trace: 'ignore' }
 * expectEquivalent(Task.of(1), Task.map((n: number) => n)(Task.of(1)), options)
 */
export interface EquivalenceOptions<E = unknown, A = unknown> extends ObserveOptions {
  readonly eqA?: Eq<A>
  readonly eqE?: Eq<E>
}

const recorders = new WeakMap<object, TraceEvent[]>()

const recorderOf = (loop: Loop): TraceEvent[] => {
  let r = recorders.get(loop)
  if (r === undefined) {
    r = []
    recorders.set(loop, r)
  }
  return r
}

/**
 * The only observable side effect of generated programs: records `x` with the loop's time
 * into the trace of the loop running it.
 *
 * @example
 * observe(pipe(Task.sleep(5), Task.flatMap(() => emit('done')))).trace // → [{ t: 5, x: 'done' }]
 */
export const emit = (x: unknown): Task.Task<never, void> =>
  Task.flatMap((loop: Loop) =>
    Task.sync(() => {
      recorderOf(loop).push({ t: loop.time(), x })
    }),
  )(Task.getRunningLoop)

/**
 * Records `x` in `loop`'s trace at once, from plain code running on the loop (a foreign
 * operation's register function, a callback): `emit` for where no task can run.
 *
 * @example
 * Task.flatMap((loop: Loop) => Task.callback((resume) => { emitFrom(loop, 'started'); resume(Task.unit) }))(Task.getRunningLoop)
 */
export const emitFrom = (loop: Loop, x: unknown): void => {
  recorderOf(loop).push({ t: loop.time(), x })
}

/**
 * A permutation of each ready batch drawn from `seed` (a small xorshift generator): the
 * same seed gives the same schedule, so a failure found under it replays.
 *
 * @example
 * new Loop({ clock: 'virtual', schedule: seededSchedule(42) })
 */
export const seededSchedule = (seed: number): NonNullable<LoopOptions['schedule']> => {
  let s = (seed | 0) ^ 0x9e3779b9 || 1
  const next = (): number => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 0x100000000
  }
  return (batch) => {
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1))
      const t = batch[i]!
      batch[i] = batch[j]!
      batch[j] = t
    }
    return batch
  }
}

const DEFAULT_MAX_STEPS = 100_000
const DEFAULT_MAX_TIME = 1e9
/** Teardown rounds before giving up on fibers that keep starting fibers. */
const MAX_TEARDOWN_ROUNDS = 32

/**
 * Runs `task` on a fresh virtual loop and records what can be seen of it.
 *
 * @example
 * const o = observe(pipe(Task.sleep(10), Task.as(1)))
 * // o.outcome = { _tag: 'Succeeded', value: 1 }, o.elapsed = 10
 */
export const observe = <E, A>(task: Task.Task<E, A>, opts: ObserveOptions = {}): Observation<E, A> => {
  const unhandled: unknown[] = []
  const order = opts.schedule
  const schedule = order === undefined || order === 'fifo' ? undefined : typeof order === 'function' ? order : seededSchedule(order.seed)
  const loop = new Loop({
    clock: 'virtual',
    debug: opts.debug === true,
    ...(schedule === undefined ? {} : { schedule }),
    // a report without an error is about a pending fiber: that is a leftover, not a failure
    exceptionHandler: (ctx) => {
      if (ctx.error !== undefined) unhandled.push(ctx.error)
    },
  })
  const trace = recorderOf(loop)
  const budget = { maxIterations: opts.maxSteps ?? DEFAULT_MAX_STEPS, maxTime: opts.maxTime ?? DEFAULT_MAX_TIME }
  const main = loop.createTask(task, { name: 'main' })
  let ran = { stopped: 'idle' as string, iterations: 0, timers: 0 }
  let cancelledAt: SuspensionPoint | undefined
  if (opts.cancelAfter !== undefined) {
    ran = runSyncUntil(loop, () => main.done(), { ...budget, maxIterations: Math.min(opts.cancelAfter, budget.maxIterations) })
    if (!main.done()) cancelledAt = describeSuspension(loop)
    main.cancel()
  }
  const first = ran.iterations
  ran = runSyncUntil(loop, () => main.done(), { ...budget, maxIterations: budget.maxIterations - first })
  const iterations = first + ran.iterations
  const mainOutcome = main.outcome
  const outcome: ObservedOutcome<E, A> =
    mainOutcome !== undefined
      ? mainOutcome
      : ran.stopped === 'idle'
        ? { _tag: 'NonTerminating' }
        : { _tag: 'Diverged', reason: ran.stopped === 'time' ? 'time' : 'steps' }
  const elapsed = loop.time()
  const leftovers = { fibers: loop.allTasks().length, timers: ran.timers }
  const mainEnd = trace.length
  if (mainOutcome !== undefined && opts.afterMain === 'drain') {
    runSyncUntil(loop, () => false, budget)
  } else if (mainOutcome !== undefined && opts.afterMain === 'teardown') {
    // as `run` does, but a fiber that a finalizer starts during the teardown is torn down in
    // a further round (a generated program is finite, so the rounds end)
    for (let round = 0; round < MAX_TEARDOWN_ROUNDS; round++) {
      const rest = loop.allTasks()
      if (rest.length === 0) break
      for (const f of rest) f.cancel()
      const r = runSyncUntil(loop, () => rest.every((f) => f.done()), budget)
      if (r.stopped !== 'until') break // stuck or out of budget: what is left is reported
    }
  }
  const snapshot = trace.slice()
  const pendingAtEnd = loop.allTasks().length
  loop.close()
  return {
    outcome,
    trace: snapshot.slice(0, mainEnd),
    elapsed,
    leftovers,
    after: snapshot.slice(mainEnd),
    unhandled,
    iterations,
    pendingAtEnd,
    ...(cancelledAt === undefined ? {} : { cancelledAt }),
  }
}

const showOutcome = (o: ObservedOutcome<unknown, unknown>): string => {
  switch (o._tag) {
    case 'Succeeded':
      return `Succeeded(${show(o.value)})`
    case 'Failed':
      return `Failed(${show(o.error)})`
    case 'Cancelled':
      return o.message === undefined ? 'Cancelled' : `Cancelled(${JSON.stringify(o.message)})`
    case 'NonTerminating':
      return 'NonTerminating'
    case 'Diverged':
      return `Diverged(${o.reason})`
  }
}

const showTrace = (t: ReadonlyArray<TraceEvent>): string => `[${t.map((e) => `${show(e.x)}@${e.t}`).join(', ')}]`

/**
 * A one-line rendering of an observation for diffs.
 *
 * @example
 * showObservation(observe(Task.of(1))) // → 'Succeeded(1) at 0, trace []'
 */
export const showObservation = (o: Observation<unknown, unknown>): string => {
  let s = `${showOutcome(o.outcome)} at ${o.elapsed}, trace ${showTrace(o.trace)}`
  if (o.after.length > 0) s += `, after ${showTrace(o.after)}`
  if (o.leftovers.fibers > 0 || o.leftovers.timers > 0) s += `, leftovers ${o.leftovers.fibers} fibers/${o.leftovers.timers} timers`
  if (o.unhandled.length > 0) s += `, unhandled [${o.unhandled.map(show).join(', ')}]`
  return s
}

const sameOutcome = <E, A>(x: ObservedOutcome<E, A>, y: ObservedOutcome<E, A>, opts: EquivalenceOptions<E, A>): boolean => {
  const eqA = opts.eqA?.equals ?? deepEqual
  const eqE = opts.eqE?.equals ?? deepEqual
  if (opts.outcome === 'alley') {
    if (x._tag === 'Succeeded' && y._tag === 'Succeeded') return eqA(x.value, y.value)
    return x._tag !== 'Succeeded' && y._tag !== 'Succeeded'
  }
  if (x._tag === 'Diverged' || y._tag === 'Diverged') return false
  if (x._tag !== y._tag) return false
  if (x._tag === 'Succeeded') return eqA(x.value, (y as { value: A }).value)
  if (x._tag === 'Failed') return eqE(x.error, (y as { error: E }).error)
  return true
}

const perInstant = (t: ReadonlyArray<TraceEvent>): string[] => {
  // group events by instant (consecutive equal t); within a group, order does not count
  const groups: string[] = []
  let i = 0
  while (i < t.length) {
    const at = t[i]!.t
    const group: string[] = []
    for (; i < t.length && t[i]!.t === at; i++) group.push(show(t[i]!.x))
    groups.push(`${at}:${group.sort().join('|')}`)
  }
  return groups
}

const sameTrace = (x: ReadonlyArray<TraceEvent>, y: ReadonlyArray<TraceEvent>, mode: ObserveOptions['trace']): boolean => {
  if (mode === 'ignore') return true
  if (mode === 'per-instant') return deepEqual(perInstant(x), perInstant(y))
  return x.length === y.length && x.every((e, i) => e.t === y[i]!.t && deepEqual(e.x, y[i]!.x))
}

/**
 * Compares two observations; `diff` says what differs (undefined when equal).
 *
 * @example
 * compareObservations(observe(Task.of(1)), observe(Task.of(2))).diff // → 'outcome: Succeeded(1) vs Succeeded(2)'
 */
export const compareObservations = <E, A>(
  left: Observation<E, A>,
  right: Observation<E, A>,
  opts: EquivalenceOptions<E, A> = {},
): { readonly equal: boolean; readonly diff?: string } => {
  const diffs: string[] = []
  if (!sameOutcome(left.outcome, right.outcome, opts)) {
    const diverged = left.outcome._tag === 'Diverged' || right.outcome._tag === 'Diverged'
    diffs.push(`outcome: ${showOutcome(left.outcome)} vs ${showOutcome(right.outcome)}${diverged ? ' (budget exceeded)' : ''}`)
  }
  if (opts.outcome !== 'alley') {
    if (!sameTrace(left.trace, right.trace, opts.trace)) diffs.push(`trace: ${showTrace(left.trace)} vs ${showTrace(right.trace)}`)
    if (opts.elapsed !== false && left.elapsed !== right.elapsed) diffs.push(`elapsed: ${left.elapsed} vs ${right.elapsed}`)
    if (opts.afterMain !== undefined && opts.afterMain !== 'stop' && !sameTrace(left.after, right.after, opts.trace)) {
      diffs.push(`after main: ${showTrace(left.after)} vs ${showTrace(right.after)}`)
    }
  }
  if (opts.leftovers === 'compare' && !deepEqual(left.leftovers, right.leftovers)) {
    diffs.push(`leftovers: ${show(left.leftovers)} vs ${show(right.leftovers)}`)
  }
  if (opts.unhandled === 'compare' && !deepEqual(left.unhandled, right.unhandled)) {
    diffs.push(`unhandled: [${left.unhandled.map(show).join(', ')}] vs [${right.unhandled.map(show).join(', ')}]`)
  }
  return diffs.length === 0 ? { equal: true } : { equal: false, diff: diffs.join('; ') }
}

/**
 * Observes both tasks on fresh loops and compares the observations.
 *
 * @example
 * equivalent(pipe(Task.of(1), Task.map((n) => n + 1)), Task.of(2)).equal // → true
 */
export const equivalent = <E, A>(
  x: Task.Task<E, A>,
  y: Task.Task<E, A>,
  opts: EquivalenceOptions<E, A> = {},
): { readonly equal: boolean; readonly left: Observation<E, A>; readonly right: Observation<E, A>; readonly diff?: string } => {
  const left = observe(x, opts)
  const right = observe(y, opts)
  return { ...compareObservations(left, right, opts), left, right }
}

/**
 * Throws an `Error` describing the difference unless the two tasks are equivalent — the form
 * to use inside a fast-check property or a test.
 *
 * @example
 * expectEquivalent(pipe(Task.sleep(1), Task.flatMap(() => Task.sleep(2))), Task.sleep(3))
 */
export const expectEquivalent = <E, A>(x: Task.Task<E, A>, y: Task.Task<E, A>, opts: EquivalenceOptions<E, A> = {}): void => {
  const r = equivalent(x, y, opts)
  if (!r.equal) {
    throw new Error(`not equivalent: ${r.diff}\n  left:  ${showObservation(r.left)}\n  right: ${showObservation(r.right)}`)
  }
}

/**
 * An fp-ts `Eq` that can also say why two values differ (used by the law runners for messages).
 *
 * @example
 * const eq: ExplainingEq<Task<string, number>> = getEq(string.Eq, number.Eq)
 * eq.equals(Task.of(1), Task.of(1)) // → true
 */
export interface ExplainingEq<T> extends Eq<T> {
  readonly explain: (x: T, y: T) => string | undefined
}

/**
 * Observational equivalence as a synchronous fp-ts `Eq<Task<E, A>>`.
 *
 * @example
 * // sleep(0) and a plain value agree: both end at time 0 with 1
 * getEq(number.Eq, number.Eq).equals(Task.of(1), Task.sleep(0).pipe(Task.as(1))) // → true
 */
export const getEq = <E, A>(eqE: Eq<E>, eqA: Eq<A>, opts: ObserveOptions = {}): ExplainingEq<Task.Task<E, A>> => {
  const o = { ...opts, eqE, eqA }
  const explain = (x: Task.Task<E, A>, y: Task.Task<E, A>): string | undefined => {
    const r = equivalent(x, y, o)
    return r.equal ? undefined : `${r.diff}\n  left:  ${showObservation(r.left)}\n  right: ${showObservation(r.right)}`
  }
  return { equals: (x, y) => explain(x, y) === undefined, explain }
}

/**
 * `getEq` with the error equality fixed: the `liftEq` shape the generic law suites take.
 *
 * @example
 * monadLaws(Task.Monad, { lift: (arb) => arbTask(arb, fc.string()), error: fc.string() }, liftEq(string.Eq))
 */
export const liftEq =
  <E>(eqE: Eq<E>, opts: ObserveOptions = {}) =>
  <A>(eqA: Eq<A>): ExplainingEq<Task.Task<E, A>> =>
    getEq(eqE, eqA, opts)
