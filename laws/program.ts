/**
 * Random Task programs as a printable AST.
 *
 * `arbProgram` generates a tree of nodes — sleeps, cedes, emits, failures, `map`,
 * `flatMap`, `catchAll`, `mapError`, `ensuring`, `onCancel`, `bracket`, `uncancellable` with
 * `poll` nodes that refer to their enclosing region, `poll`s used outside their region (in a
 * spawned child, or after the region ended: both run their task as it is), spawns and joins, cancellation of a
 * spawned fiber, `gather`, callbacks resumed by a timer, self-cancellation, and (on request)
 * coroutines that swallow `CancelledError`. A program turns into a fresh `Task` with
 * `toTask()` and prints itself with `toString()`, so a failing law shows the program and
 * fast-check shrinks it.
 *
 * Continuations are data too: `a => pick(a, [p0, p1])` chooses a branch by a hash of `a`,
 * so the same program always behaves the same way.
 *
 * @module
 */
import * as fc from 'fast-check'
import { CancelledError, Task } from '../lib/index.js'
import type { Fiber, Loop } from '../lib/index.js'
import { show } from './equal.js'
import { canceled, cancelAndWait, seq } from './helpers.js'
import { emit, emitFrom } from './observe.js'

type AnyTask = Task.Task<unknown, unknown>
type Poll = Task.Poll

/**
 * A generated program: builds a fresh task each time, and prints as readable pseudo-code.
 *
 * @example
 * const one: TaskProgram<string, number> = program<string, number>({ k: 'of', a: 1 })
 * observe(one.toTask()).outcome // → { _tag: 'Succeeded', value: 1 }
 */
export interface TaskProgram<E, A> {
  toTask(): Task.Task<E, A>
  toString(): string
  readonly node: Node
}

/**
 * The AST. Values and errors are whatever the given arbitraries produce.
 *
 * @example
 * const node: Node = { k: 'sleep', d: 5, next: { k: 'of', a: 1 } }
 */
export type Node =
  | { readonly k: 'of'; readonly a: unknown }
  | { readonly k: 'fail'; readonly e: unknown }
  | { readonly k: 'never' }
  | { readonly k: 'canceled'; readonly a: unknown }
  | { readonly k: 'emit'; readonly x: unknown; readonly next: Node }
  | { readonly k: 'sleep'; readonly d: number; readonly next: Node }
  | { readonly k: 'cede'; readonly next: Node }
  | { readonly k: 'map'; readonly p: Node; readonly f: (a: unknown) => unknown }
  | { readonly k: 'flatMap'; readonly p: Node; readonly ks: ReadonlyArray<Node> }
  | { readonly k: 'catchAll'; readonly p: Node; readonly hs: ReadonlyArray<Node> }
  | { readonly k: 'mapError'; readonly p: Node; readonly f: (e: unknown) => unknown }
  | { readonly k: 'ensuring'; readonly p: Node; readonly fin: Node }
  | { readonly k: 'onCancel'; readonly p: Node; readonly fin: Node }
  | { readonly k: 'bracket'; readonly acq: Node; readonly use: Node; readonly rel: Node }
  | { readonly k: 'uncancellable'; readonly body: Node }
  | { readonly k: 'poll'; readonly p: Node }
  /** A `poll` used outside its region: in a child spawned (and joined) inside it, or after it ended. */
  | { readonly k: 'strayPoll'; readonly where: 'child' | 'after'; readonly p: Node }
  /** `either(ensuring(fail(e))(p)) >> next`: a finalizer that fails, inside `either`, then more work (its mask must end with it). */
  | { readonly k: 'failingFinalizer'; readonly p: Node; readonly e: unknown; readonly next: Node }
  /** `uncancellable(poll => poll(p) <* sleep(d) <* emit(x))`: a cancel may arrive after the poll returned (deferred to the region's end). */
  | { readonly k: 'maskedAfterPoll'; readonly p: Node; readonly d: number; readonly x: unknown }
  /** `canceled >> callback(…)`: a self-cancel before a foreign operation, which must then never start. */
  | { readonly k: 'cancelBeforeForeign'; readonly a: unknown }
  | { readonly k: 'spawnJoin'; readonly child: Node; readonly mid: Node }
  | { readonly k: 'spawnCancel'; readonly child: Node; readonly mid: Node; readonly next: Node }
  | { readonly k: 'gather'; readonly ps: ReadonlyArray<Node>; readonly pick: number }
  | { readonly k: 'callback'; readonly d: number; readonly a: unknown }
  | { readonly k: 'swallow'; readonly p: Node; readonly a: unknown }

/**
 * What `arbTask` may generate: which constructs, how deep.
 *
 * @example
 * const options: ArbTaskOptions = { failures: false, maxDepth: 3 }
 * const tasks = arbTask(fc.integer(), fc.string(), options)
 */
export interface ArbTaskOptions {
  /** Depth of the program tree (default 3). */
  readonly maxDepth?: number
  /** Largest `sleep` (default 5 ms; small, so that ties happen). */
  readonly maxSleep?: number
  /** `sleep`, timer-resumed callbacks (default true). */
  readonly timers?: boolean
  /** `spawn`/`join`, cancelling a spawned fiber (default true). */
  readonly spawns?: boolean
  /** `gather` (default true). */
  readonly parallel?: boolean
  /** Self-cancellation (`canceled`) and `never` (default true). */
  readonly cancellation?: boolean
  /** `uncancellable` with `poll` (default true). */
  readonly uncancellable?: boolean
  /** `emit` (default true). */
  readonly traces?: boolean
  /** Failures (default true). */
  readonly failures?: boolean
  /**
   * Whether a program may join a fiber that can end cancelled (cancellation arriving by
   * propagation rather than by request, which the cats-effect-derived laws exclude). Default true.
   */
  readonly joinsMayBeCancelled?: boolean
  /** Coroutines that catch `CancelledError` and return (the cats-effect-derived laws assume nobody does). Default false. */
  readonly swallowsCancellation?: boolean
}

// ---- interpretation --------------------------------------------------------------------------

const hashOf = (u: unknown): number => {
  const s = show(u)
  let h = 7
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0
  return Math.abs(h)
}

const pick = <X>(u: unknown, xs: ReadonlyArray<X>): X => xs[hashOf(u) % xs.length]!

/**
 * A deterministic function as data: `x => outs[hash(x) % outs.length]`, printed as
 * `fn[…outs]`. (fast-check's `fc.func` values are cloneable, which does not mix well with
 * being nested inside mapped tuples.)
 *
 * @example
 * fc.sample(arbFunction(fc.integer()), 1)[0](42)
 */
export const arbFunction = <B>(arbB: fc.Arbitrary<B>): fc.Arbitrary<(a: unknown) => B> =>
  fc.array(arbB, { minLength: 1, maxLength: 4 }).map((outs) => {
    const f = (a: unknown): B => pick(a, outs)
    const text = `fn[${outs.map(show).join(', ')}]`
    Object.defineProperty(f, fc.toStringMethod, { value: () => text })
    Object.defineProperty(f, 'toString', { value: () => text })
    return f
  })

const identityPoll: Poll = (t) => t

/**
 * Builds the task a node describes; `poll` is the innermost enclosing region's (identity outside any).
 *
 * @example
 * runSync(interpret({ k: 'of', a: 1 })) // → { _tag: 'Succeeded', value: 1 }
 */
export const interpret = (n: Node, poll: Poll = identityPoll): AnyTask => {
  const go = (m: Node): AnyTask => interpret(m, poll)
  switch (n.k) {
    case 'of':
      return Task.of(n.a)
    case 'fail':
      return Task.fail(n.e)
    case 'never':
      return Task.never
    case 'canceled':
      return Task.as(n.a)(canceled)
    case 'emit':
      return seq(emit(n.x), go(n.next))
    case 'sleep':
      return seq(Task.sleep(n.d), go(n.next))
    case 'cede':
      return seq(Task.cede, go(n.next))
    case 'map':
      return Task.map(n.f)(go(n.p))
    case 'flatMap':
      return Task.flatMap((a: unknown) => go(pick(a, n.ks)))(go(n.p))
    case 'catchAll':
      return Task.catchAll((e: unknown) => go(pick(e, n.hs)))(go(n.p))
    case 'mapError':
      return Task.mapError(n.f)(go(n.p))
    case 'ensuring':
      return Task.ensuring(go(n.fin))(go(n.p))
    case 'onCancel':
      return Task.onCancel(go(n.fin))(go(n.p))
    case 'bracket':
      return Task.bracket(
        go(n.acq),
        () => go(n.use),
        (_, oc) => seq(emit(`release:${oc._tag}`), go(n.rel)),
      )
    case 'uncancellable':
      return Task.uncancellable((p) => interpret(n.body, p))
    case 'poll':
      return poll(go(n.p))
    case 'strayPoll':
      return n.where === 'child'
        ? Task.uncancellable((own) => Task.flatMap((f: Fiber) => Task.join(f))(Task.spawn(own(interpret(n.p)))))
        : Task.flatMap((own: Poll) => own(go(n.p)))(Task.uncancellable((own) => Task.of(own)))
    case 'failingFinalizer':
      return seq(Task.either(Task.ensuring(Task.fail(n.e))(go(n.p))), go(n.next))
    case 'maskedAfterPoll': {
      const { d, x } = n
      const body = n.p
      return Task.uncancellable((own) => Task.flatMap((v: unknown) => Task.as(v)(seq(Task.sleep(d), emit(x))))(own(interpret(body, own))))
    }
    case 'cancelBeforeForeign': {
      const a = n.a
      // the cancel is requested and left pending (no suspension point between): the foreign
      // operation is where it is delivered, so it must not start (unless masked)
      const selfCancel = Task.flatMap((f: Fiber) => Task.sync(() => void f.cancel()))(Task.currentFiber)
      return seq(
        selfCancel,
        Task.flatMap((loop: Loop) =>
          Task.callback<unknown, unknown>((resume) => {
            emitFrom(loop, 'foreign started')
            resume(Task.of(a))
          }),
        )(Task.getRunningLoop),
      )
    }
    case 'spawnJoin':
      return Task.flatMap((f: Fiber) => seq(go(n.mid), Task.join(f)))(
        Task.spawn(go(n.child)),
      )
    case 'spawnCancel':
      return Task.flatMap((f: Fiber) => seq(go(n.mid), seq(cancelAndWait(f), go(n.next))))(Task.spawn(go(n.child)))
    case 'gather':
      return Task.map((xs: ReadonlyArray<unknown>) => xs[n.pick % xs.length])(Task.gather(n.ps.map(go)) as Task.Task<unknown, ReadonlyArray<unknown>>)
    case 'callback': {
      const { d, a } = n
      return Task.flatMap((loop: Loop) =>
        Task.callback<unknown, unknown>((resume, signal) => {
          const h = loop.callLater(d, () => resume(Task.of(a)))
          signal.addEventListener('abort', () => h.cancel())
        }),
      )(Task.getRunningLoop)
    }
    case 'swallow': {
      const inner = go(n.p)
      const a = n.a
      return Task.gen(function* () {
        try {
          return (yield* inner) as unknown
        } catch (error) {
          if (error instanceof CancelledError) return a
          throw error
        }
      }) as AnyTask
    }
  }
}

// ---- printing --------------------------------------------------------------------------------

const showFn = (f: unknown): string => (typeof f === 'function' ? fc.stringify(f).replace(/\s+/g, ' ') : show(f))

/**
 * Pseudo-code for a node, in taskloop's vocabulary.
 *
 * @example
 * printNode({ k: 'of', a: 1 }) // → 'of(1)'
 */
export const printNode = (n: Node): string => {
  switch (n.k) {
    case 'of':
      return `of(${show(n.a)})`
    case 'fail':
      return `fail(${show(n.e)})`
    case 'never':
      return 'never'
    case 'canceled':
      return `canceled >> of(${show(n.a)})`
    case 'emit':
      return `emit(${show(n.x)}) >> ${printNode(n.next)}`
    case 'sleep':
      return `sleep(${n.d}) >> ${printNode(n.next)}`
    case 'cede':
      return `cede >> ${printNode(n.next)}`
    case 'map':
      return `map(${printNode(n.p)}, ${showFn(n.f)})`
    case 'flatMap':
      return `flatMap(${printNode(n.p)}, a => pick(a, [${n.ks.map(printNode).join(', ')}]))`
    case 'catchAll':
      return `catchAll(${printNode(n.p)}, e => pick(e, [${n.hs.map(printNode).join(', ')}]))`
    case 'mapError':
      return `mapError(${printNode(n.p)}, ${showFn(n.f)})`
    case 'ensuring':
      return `ensuring(${printNode(n.p)}, ${printNode(n.fin)})`
    case 'onCancel':
      return `onCancel(${printNode(n.p)}, ${printNode(n.fin)})`
    case 'bracket':
      return `bracket(${printNode(n.acq)}, () => ${printNode(n.use)}, (_, oc) => emit('release:'+oc) >> ${printNode(n.rel)})`
    case 'uncancellable':
      return `uncancellable(poll => ${printNode(n.body)})`
    case 'poll':
      return `poll(${printNode(n.p)})`
    case 'strayPoll':
      return n.where === 'child'
        ? `uncancellable(poll => spawnJoin(poll(${printNode(n.p)})))`
        : `uncancellable(poll => of(poll)) >>= (poll => poll(${printNode(n.p)}))`
    case 'failingFinalizer':
      return `either(ensuring(${printNode(n.p)}, fail(${show(n.e)}))) >> ${printNode(n.next)}`
    case 'maskedAfterPoll':
      return `uncancellable(poll => poll(${printNode(n.p)}) <* sleep(${n.d}) <* emit(${show(n.x)}))`
    case 'cancelBeforeForeign':
      return `currentFiber.cancel() >> callback(resume => { emit('foreign started'); resume(of(${show(n.a)})) })`
    case 'spawnJoin':
      return `spawn(${printNode(n.child)}).flatMap(f => ${printNode(n.mid)} >> join(f))`
    case 'spawnCancel':
      return `spawn(${printNode(n.child)}).flatMap(f => ${printNode(n.mid)} >> cancelAndWait(f) >> ${printNode(n.next)})`
    case 'gather':
      return `gather([${n.ps.map(printNode).join(', ')}]).map(xs => xs[${n.pick}])`
    case 'callback':
      return `callback(resume => callLater(${n.d}, () => resume(of(${show(n.a)}))))`
    case 'swallow':
      return `gen(try { ${printNode(n.p)} } catch (CancelledError) { return ${show(n.a)} })`
  }
}

/**
 * Wraps a node as a `TaskProgram`.
 *
 * @example
 * program({ k: 'sleep', d: 1, next: { k: 'of', a: 1 } }).toString() // 'sleep(1) >> of(1)'
 */
export const program = <E, A>(node: Node): TaskProgram<E, A> => {
  const toString = (): string => printNode(node)
  return {
    node,
    toTask: () => interpret(node) as Task.Task<E, A>,
    toString,
    [fc.toStringMethod]: toString,
  } as TaskProgram<E, A>
}

// ---- generation ------------------------------------------------------------------------------

const defaults: Required<ArbTaskOptions> = {
  maxDepth: 3,
  maxSleep: 5,
  timers: true,
  spawns: true,
  parallel: true,
  cancellation: true,
  uncancellable: true,
  traces: true,
  failures: true,
  joinsMayBeCancelled: true,
  swallowsCancellation: false,
}

const emitLabels = fc.constantFrom('a', 'b', 'c', 'd')

/**
 * Arbitrary AST nodes producing values from `arbA` and errors from `arbE`.
 *
 * @example
 * fc.sample(arbNode(fc.integer(), fc.string()), 1).map(printNode)
 */
export const arbNode = (arbA: fc.Arbitrary<unknown>, arbE: fc.Arbitrary<unknown>, options: ArbTaskOptions = {}): fc.Arbitrary<Node> => {
  const o = { ...defaults, ...options }
  const memo = new Map<string, fc.Arbitrary<Node>>()
  const sleepD = fc.integer({ min: 0, max: Math.max(0, o.maxSleep) })

  const at = (depth: number, inPoll: boolean, childOpts: Required<ArbTaskOptions>): fc.Arbitrary<Node> => {
    const key = `${depth}/${inPoll}/${childOpts.cancellation}/${childOpts.spawns}`
    const hit = memo.get(key)
    if (hit !== undefined) return hit
    const leaves: fc.Arbitrary<Node>[] = [arbA.map((a): Node => ({ k: 'of', a }))]
    if (childOpts.failures) leaves.push(arbE.map((e): Node => ({ k: 'fail', e })))
    if (childOpts.cancellation) leaves.push(arbA.map((a): Node => ({ k: 'canceled', a })))
    if (childOpts.cancellation && childOpts.traces) leaves.push(arbA.map((a): Node => ({ k: 'cancelBeforeForeign', a })))
    if (childOpts.timers) leaves.push(fc.tuple(sleepD, arbA).map(([d, a]): Node => ({ k: 'callback', d, a })))
    const leaf = fc.oneof(...leaves)
    if (depth <= 0) {
      memo.set(key, leaf)
      return leaf
    }
    const sub = (): fc.Arbitrary<Node> => at(depth - 1, inPoll, childOpts)
    const branches = (): fc.Arbitrary<ReadonlyArray<Node>> => fc.array(sub(), { minLength: 1, maxLength: 2 })
    const rec: fc.WeightedArbitrary<Node>[] = [
      { weight: 3, arbitrary: leaf },
      { weight: 2, arbitrary: fc.tuple(arbFunction(arbA), sub()).map(([f, p]): Node => ({ k: 'map', p, f })) },
      { weight: 3, arbitrary: fc.tuple(sub(), branches()).map(([p, ks]): Node => ({ k: 'flatMap', p, ks })) },
      { weight: 1, arbitrary: sub().map((next): Node => ({ k: 'cede', next })) },
    ]
    if (childOpts.traces) rec.push({ weight: 3, arbitrary: fc.tuple(emitLabels, sub()).map(([x, next]): Node => ({ k: 'emit', x, next })) })
    if (childOpts.timers) rec.push({ weight: 2, arbitrary: fc.tuple(sleepD, sub()).map(([d, next]): Node => ({ k: 'sleep', d, next })) })
    if (childOpts.failures) {
      rec.push({ weight: 2, arbitrary: fc.tuple(sub(), branches()).map(([p, hs]): Node => ({ k: 'catchAll', p, hs })) })
      rec.push({ weight: 1, arbitrary: fc.tuple(arbFunction(arbE), sub()).map(([f, p]): Node => ({ k: 'mapError', p, f })) })
    }
    rec.push({ weight: 2, arbitrary: fc.tuple(sub(), sub()).map(([p, fin]): Node => ({ k: 'ensuring', p, fin })) })
    if (childOpts.failures) rec.push({ weight: 1, arbitrary: fc.tuple(sub(), arbE, sub()).map(([p, e, next]): Node => ({ k: 'failingFinalizer', p, e, next })) })
    if (childOpts.cancellation) {
      rec.push({ weight: 2, arbitrary: fc.tuple(sub(), sub()).map(([p, fin]): Node => ({ k: 'onCancel', p, fin })) })
    }
    rec.push({ weight: 1, arbitrary: fc.tuple(sub(), sub(), sub()).map(([acq, use, rel]): Node => ({ k: 'bracket', acq, use, rel })) })
    if (childOpts.uncancellable) {
      rec.push({ weight: 2, arbitrary: at(depth - 1, true, childOpts).map((body): Node => ({ k: 'uncancellable', body })) })
      if (inPoll) rec.push({ weight: 2, arbitrary: sub().map((p): Node => ({ k: 'poll', p })) })
      // a spawned child is joined, so it follows the spawnJoin rule for children that may end cancelled
      const strayChild = childOpts.joinsMayBeCancelled ? at(depth - 1, false, childOpts) : at(depth - 1, false, { ...childOpts, cancellation: false, spawns: false })
      rec.push({ weight: 1, arbitrary: strayChild.map((p): Node => ({ k: 'strayPoll', where: 'child', p })) })
      rec.push({ weight: 1, arbitrary: sub().map((p): Node => ({ k: 'strayPoll', where: 'after', p })) })
      if (childOpts.timers && childOpts.traces) {
        rec.push({ weight: 1, arbitrary: fc.tuple(at(depth - 1, true, childOpts), sleepD, emitLabels).map(([p, d, x]): Node => ({ k: 'maskedAfterPoll', p, d, x })) })
      }
    }
    if (childOpts.spawns) {
      // a child that may end cancelled is only joined when caveat 1 allows it
      const childArb = childOpts.joinsMayBeCancelled ? at(depth - 1, false, childOpts) : at(depth - 1, false, { ...childOpts, cancellation: false, spawns: false })
      rec.push({ weight: 2, arbitrary: fc.tuple(childArb, sub()).map(([child, mid]): Node => ({ k: 'spawnJoin', child, mid })) })
      if (childOpts.cancellation) {
        rec.push({
          weight: 1,
          arbitrary: fc.tuple(at(depth - 1, false, childOpts), sub(), sub()).map(([child, mid, next]): Node => ({ k: 'spawnCancel', child, mid, next })),
        })
      }
    }
    if (childOpts.parallel) {
      const childArb = childOpts.joinsMayBeCancelled ? sub() : at(depth - 1, false, { ...childOpts, cancellation: false, spawns: false })
      rec.push({
        weight: 1,
        arbitrary: fc.tuple(fc.array(childArb, { minLength: 1, maxLength: 3 }), fc.nat(2)).map(([ps, pick]): Node => ({ k: 'gather', ps, pick })),
      })
    }
    if (childOpts.swallowsCancellation) rec.push({ weight: 1, arbitrary: fc.tuple(sub(), arbA).map(([p, a]): Node => ({ k: 'swallow', p, a })) })
    const arb = fc.oneof(...rec)
    memo.set(key, arb)
    return arb
  }
  return at(o.maxDepth, false, o)
}

/**
 * Random Task programs (as printable ASTs).
 *
 * @example
 * fc.assert(fc.property(arbProgram(fc.integer(), fc.string()), (p) => observe(p.toTask()).outcome._tag !== 'Diverged'))
 */
export const arbProgram = <E, A>(arbA: fc.Arbitrary<A>, arbE: fc.Arbitrary<E>, options: ArbTaskOptions = {}): fc.Arbitrary<TaskProgram<E, A>> =>
  arbNode(arbA, arbE, options).map((n) => program<E, A>(n))

/**
 * Random tasks: `arbProgram` turned into tasks. Counterexamples still print as programs.
 *
 * @example
 * fc.property(arbTask(fc.integer(), fc.string()), (t) => equivalent(Task.map((x: number) => x)(t), t).equal)
 */
export const arbTask = <E, A>(arbA: fc.Arbitrary<A>, arbE: fc.Arbitrary<E>, options: ArbTaskOptions = {}): fc.Arbitrary<Task.Task<E, A>> =>
  arbProgram(arbA, arbE, options).map((p) => {
    // a fresh wrapper, so that printing never touches a shared task constant such as `never`
    const t = Task.suspend(() => p.toTask())
    Object.defineProperty(t, fc.toStringMethod, { value: () => p.toString(), enumerable: false, configurable: true })
    return t
  })

/**
 * Random Kleisli arrows `a => task`: a few programs, one chosen by a hash of `a`.
 *
 * @example
 * fc.property(arbTask(arbA, arbE), arbKleisli(arbB, arbE), (t, k) => observe(Task.flatMap(k)(t)).outcome._tag !== 'Diverged')
 */
export const arbKleisli = <E, A, B>(
  arbB: fc.Arbitrary<B>,
  arbE: fc.Arbitrary<E>,
  options: ArbTaskOptions = {},
): fc.Arbitrary<(a: A) => Task.Task<E, B>> =>
  fc.array(arbNode(arbB, arbE, options), { minLength: 1, maxLength: 3 }).map((ks) => {
    const f = (a: A): Task.Task<E, B> => interpret(pick(a, ks)) as Task.Task<E, B>
    const text = `a => pick(a, [${ks.map(printNode).join(', ')}])`
    Object.defineProperty(f, fc.toStringMethod, { value: () => text })
    return f
  })
