/**
 * `par(tasks)`: structured concurrency, the engine behind `ApplicativePar`, `apS` and
 * `traverseArray`. Unlike `gather` (which keeps asyncio's rules), no child outlives the call.
 *
 * - Every task runs in a fiber of its own; all start on the same loop iteration. The values
 *   come back in input order, never completion order.
 * - The first child to fail decides: every sibling still running is cancelled, and the whole
 *   waits until all of them have ended (their finalizers have run); then it fails with that
 *   first error, typed `E` (not an `ExceptionGroup`). What the siblings do while being
 *   cancelled (a failing finalizer, a swallowed cancel) is consumed: the first error wins, as
 *   in fp-ts's `TaskEither`.
 * - A child cancelled by someone else (say, through `loop.allTasks()`) is treated like a
 *   failure with its `CancelledError`: the siblings are cancelled and awaited, then the
 *   cancellation propagates to the awaiting fiber (as in `gather`, R32).
 * - Cancelling the whole — or the fiber awaiting it — cancels every child and waits for all of
 *   them to end; the whole then ends cancelled, whatever the children did meanwhile (the
 *   awaiting fiber asked to be cancelled, and is).
 *
 * Because the whole ends only after each child's done callback has run, a child's last
 * effect always happens before the whole completes.
 *
 * @module
 */
import { CancelledError } from '../errors.js'
import type { Task } from '../runtime/kernel.js'
import { Await, consume, Fiber, fromPrimitive, MapOp, Scheduler, startFiber, State, Succeed, Suspend, toPrimitive, withFiber } from '../runtime/kernel.js'
import { ChildGroupFuture } from './childGroup.js'

/** The future a `par` call awaits: it completes once every child has ended. */
class ParFuture extends ChildGroupFuture<unknown[]> {
  private readonly values: unknown[]
  /** The child ending that decided the outcome: a failure, or a cancellation by someone else. */
  private decided: { readonly state: State; readonly settled: unknown } | null = null

  protected get what(): 'parallel' {
    return 'parallel'
  }

  constructor(loop: Scheduler, children: ReadonlyArray<Fiber>) {
    super(loop, children)
    // Stryker disable next-line ArrayDeclaration: presizing only; every slot is written by index before the array is read
    this.values = new Array<unknown>(children.length)
    children.forEach((child, i) => child.addDoneCallback(() => this.childDone(child, i)))
  }

  /** Runs one iteration after each child ends (a done callback). */
  private childDone(child: Fiber, index: number): void {
    this.remaining--
    // a failure is delivered below, or consumed
    const settled = consume(child)
    if (child.state === State.Succeeded) this.values[index] = settled
    else {
      if (this.decided === null && !this.cancelRequested) {
        this.decided = { state: child.state, settled }
        this.cancelAllBut(null)
      }
    }
    if (this.remaining > 0) return
    if (this.cancelRequested) this.settle(State.Cancelled, new CancelledError(this.cancelMessage))
    else if (this.decided !== null) this.settle(this.decided.state, this.decided.settled)
    else this.settle(State.Succeeded, this.values)
  }
}

/**
 * Runs `tasks` concurrently with the rules of the module doc; succeeds with their values in
 * input order. @internal
 *
 * @example
 * par([fetchA, fetchB]) // Task<E, [A, B] as unknown[]>
 */
export const par = <E, A>(tasks: ReadonlyArray<Task<E, A>>): Task<E, A[]> => {
  if (tasks.length === 0) return fromPrimitive(new Succeed([]))
  return fromPrimitive(
    withFiber((fiber) => {
      const children = tasks.map((t) => startFiber(fiber.loop, toPrimitive(t)))
      return new Await(new ParFuture(fiber.loop, children))
    }),
  )
}

// ---- flat plans for ap ------------------------------------------------------------------
//
// fp-ts builds `sequenceT`, `sequenceS` and `traverse` from binary `ap` and `map`, nested to
// the left: `ap(map(ap(map(a, f), b), g), c)`. Run as nested pars, a failure of `a` would
// cancel `b` first and reach `c` only once `b` had cleaned up — so `c` could fail meanwhile
// and win, though `a` failed first. Instead, `apPar` and `mapPar` record a *plan*: the tasks
// to run side by side and the steps that combine their values. The task they return runs the
// whole plan as one flat `par`, so every child is a direct sibling of every other.
//
// A plan is a persistent list (each step points to the one before), so a plan shared by two
// bigger ones is never mutated, and extending it costs O(1).

type Step =
  | { readonly kind: 'task'; readonly task: Task<unknown, unknown> }
  | { readonly kind: 'map'; readonly f: (a: unknown) => unknown }

interface Plan {
  readonly prev: Plan | null
  readonly step: Step
}

/** The plan behind each task `apPar` / `mapPar` returned. */
const plans = new WeakMap<object, Plan>()

const runPlan = (last: Plan): Task<unknown, unknown> => {
  const steps: Step[] = []
  for (let p: Plan | null = last; p !== null; p = p.prev) steps.push(p.step)
  steps.reverse()
  const tasks: Array<Task<unknown, unknown>> = []
  for (const step of steps) if (step.kind === 'task') tasks.push(step.task)
  return fromPrimitive(
    new MapOp(toPrimitive(par(tasks)), (values) => {
      const vs = values as unknown[]
      let acc: unknown = undefined
      let j = 0
      for (const step of steps) {
        if (step.kind === 'map') acc = step.f(acc)
        else if (j === 0) acc = vs[j++]
        else acc = (acc as (a: unknown) => unknown)(vs[j++])
      }
      return acc
    }),
  )
}

const planned = <E, A>(plan: Plan): Task<E, A> => {
  const task = fromPrimitive<E, A>(new Suspend(() => toPrimitive(runPlan(plan))))
  plans.set(task, plan)
  return task
}

const planOf = (task: Task<unknown, unknown>): Plan => plans.get(task) ?? { prev: null, step: { kind: 'task', task } }

/**
 * `ap` that runs both sides concurrently, flattening nested `apPar`/`mapPar` into one `par`.
 * @internal
 */
export const apPar = <E, A, B>(fab: Task<E, (a: A) => B>, fa: Task<E, A>): Task<E, B> =>
  planned({ prev: planOf(fab), step: { kind: 'task', task: fa } })

/** `map` that keeps a planned task planned (so `ap(map(ap(…)))` stays flat). @internal */
export const mapPar = <E, A, B>(fa: Task<E, A>, f: (a: A) => B): Task<E, B> => {
  const plan = plans.get(fa)
  // Stryker disable next-line ConditionalExpression: without the flattening a mapped plan runs as one nested par: the same children, concurrently, with the same result and timing (only fewer fibers)
  if (plan === undefined) return fromPrimitive(new MapOp(toPrimitive(fa), f as (a: unknown) => unknown))
  return planned({ prev: plan, step: { kind: 'map', f: f as (a: unknown) => unknown } })
}
