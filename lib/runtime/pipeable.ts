/**
 * `.pipe(f, g, …)` on task values: the same as fp-ts's `pipe(task, f, g, …)`.
 *
 * @module
 */
export interface Pipeable {
  pipe<A>(this: A): A
  pipe<A, B>(this: A, f0: (_: A) => B): B
  pipe<A, B, C>(this: A, f0: (_: A) => B, f1: (_: B) => C): C
  pipe<A, B, C, D>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D): D
  pipe<A, B, C, D, E>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D, f3: (_: D) => E): E
  pipe<A, B, C, D, E, F>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D, f3: (_: D) => E, f4: (_: E) => F): F
  pipe<A, B, C, D, E, F, G>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D, f3: (_: D) => E, f4: (_: E) => F, f5: (_: F) => G): G
  pipe<A, B, C, D, E, F, G, H>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D, f3: (_: D) => E, f4: (_: E) => F, f5: (_: F) => G, f6: (_: G) => H): H
  pipe<A, B, C, D, E, F, G, H, I>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D, f3: (_: D) => E, f4: (_: E) => F, f5: (_: F) => G, f6: (_: G) => H, f7: (_: H) => I): I
  pipe<A, B, C, D, E, F, G, H, I, J>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D, f3: (_: D) => E, f4: (_: E) => F, f5: (_: F) => G, f6: (_: G) => H, f7: (_: H) => I, f8: (_: I) => J): J
  pipe<A, B, C, D, E, F, G, H, I, J, K>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D, f3: (_: D) => E, f4: (_: E) => F, f5: (_: F) => G, f6: (_: G) => H, f7: (_: H) => I, f8: (_: I) => J, f9: (_: J) => K): K
  pipe<A, B, C, D, E, F, G, H, I, J, K, L>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D, f3: (_: D) => E, f4: (_: E) => F, f5: (_: F) => G, f6: (_: G) => H, f7: (_: H) => I, f8: (_: I) => J, f9: (_: J) => K, f10: (_: K) => L): L
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D, f3: (_: D) => E, f4: (_: E) => F, f5: (_: F) => G, f6: (_: G) => H, f7: (_: H) => I, f8: (_: I) => J, f9: (_: J) => K, f10: (_: K) => L, f11: (_: L) => M): M
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M, N>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D, f3: (_: D) => E, f4: (_: E) => F, f5: (_: F) => G, f6: (_: G) => H, f7: (_: H) => I, f8: (_: I) => J, f9: (_: J) => K, f10: (_: K) => L, f11: (_: L) => M, f12: (_: M) => N): N
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D, f3: (_: D) => E, f4: (_: E) => F, f5: (_: F) => G, f6: (_: G) => H, f7: (_: H) => I, f8: (_: I) => J, f9: (_: J) => K, f10: (_: K) => L, f11: (_: L) => M, f12: (_: M) => N, f13: (_: N) => O): O
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P>(this: A, f0: (_: A) => B, f1: (_: B) => C, f2: (_: C) => D, f3: (_: D) => E, f4: (_: E) => F, f5: (_: F) => G, f6: (_: G) => H, f7: (_: H) => I, f8: (_: I) => J, f9: (_: J) => K, f10: (_: K) => L, f11: (_: L) => M, f12: (_: M) => N, f13: (_: N) => O, f14: (_: O) => P): P
}

/** Applies `fns` to `self` left to right. */
export const pipeArguments = (self: unknown, fns: ArrayLike<unknown>): unknown => {
  let acc = self
  for (let i = 0; i < fns.length; i++) acc = (fns[i] as (a: unknown) => unknown)(acc)
  return acc
}
