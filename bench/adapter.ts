/**
 * The one interface every benchmarked system implements. The workloads (`workloads.ts`) are
 * written once against it, so every system runs the same program; an adapter only says how
 * its system spells each step.
 *
 * `T` is the system's task value (a `Task`, an `Effect`, a fluture `Future`, a `TaskEither`,
 * a lazy promise, or the floor's plain node). Tasks are values: building one runs nothing, and
 * the workloads build them inside the timed region ("build + run").
 *
 * An adapter that cannot express a step (fp-ts has no cancellation) leaves it out; the
 * workloads that need it report the system as "n/a" rather than timing a different program.
 *
 * @example
 * const program = A.flatMap(A.succeed(1), (n) => A.succeed(n + 1))
 * await A.run(program) // 2
 */
export interface Adapter<T = any, H = any, Q = any, B = any> {
  readonly name: string
  /** True when `sleep` waits on a virtual clock (W6 then measures nothing real). */
  readonly virtualTime?: boolean
  /** A finished task with value `a`. */
  succeed(a: unknown): T
  /** A synchronous effect. */
  sync(f: () => unknown): T
  map(t: T, f: (a: any) => unknown): T
  flatMap(t: T, f: (a: any) => T): T
  /** Builds the task when it runs. */
  suspend(f: () => T): T
  /** Gives the other fibers a turn once (asyncio's `sleep(0)`, Effect's `yieldNow`). */
  readonly cede: T
  /** Runs the tasks concurrently; their values in input order. */
  gather(ts: readonly T[]): T
  /** Waits `ms` milliseconds of real time; cancellable where the system can cancel. */
  sleep(ms: number): T
  /** Runs `fin` however `t` ends, cancellation included. */
  ensuring(t: T, fin: () => void): T
  /**
   * Runs `body(0) … body(n - 1)` one after the other — the sequential loop a user of the
   * system would write (a `for` with `await`, `Effect.gen`, recursion through `chain`).
   */
  repeat(n: number, body: (i: number) => T): T
  /** A future (deferred) that nobody ever completes. */
  readonly newBlocker: T
  /** Waits on the blocker. */
  awaitBlocker(b: B): T
  /** Starts `t` as a fiber of its own; the value is a handle. */
  fork?(t: T): T
  /** Cancels every fiber and waits until each has ended (its finalizers have run). */
  cancelAll?(hs: readonly H[]): T
  /** An unbounded FIFO queue. */
  readonly newQueue: T
  put(q: Q, a: unknown): T
  take(q: Q): T
  /** Runs a program to its end; rejects if it failed. */
  run(t: T): Promise<unknown>
}

/** Thrown by a workload whose program needs a step the adapter lacks. */
export class Unsupported extends Error {
  constructor(what: string) {
    super(`not expressible: ${what}`)
  }
}
