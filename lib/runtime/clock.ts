/**
 * Where a loop's time comes from. Both clocks count milliseconds from the loop's creation,
 * so `loop.time()` starts near 0 either way.
 *
 * - The real clock reads the host's monotonic clock (`performance.now()`).
 * - The virtual clock stands still until the loop has nothing ready, then jumps straight to
 *   the next timer (Trio's autojumping `MockClock`, asyncio's `TestLoop`): a program that
 *   sleeps for hours runs in microseconds, the same way every time.
 *
 * @module
 */
export interface Clock {
  readonly kind: 'real' | 'virtual'
  /** Milliseconds since the loop was created. */
  now(): number
  /** Timers due within this margin of `now()` fire in this iteration (asyncio's `clock_resolution`). */
  readonly resolution: number
  /** Moves a virtual clock forward to `t` (never backward); a no-op on the real clock. */
  jumpTo(t: number): void
}

export class RealClock implements Clock {
  readonly kind = 'real' as const
  readonly resolution = 1
  private readonly origin = performance.now()
  now(): number {
    return performance.now() - this.origin
  }
  jumpTo(): void {}
}

export class VirtualClock implements Clock {
  readonly kind = 'virtual' as const
  readonly resolution = 0
  private t = 0
  now(): number {
    return this.t
  }
  jumpTo(t: number): void {
    if (t > this.t) this.t = t
  }
}
