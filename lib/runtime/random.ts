/**
 * The loop's seeded random source. Jittered schedules draw from it (never from
 * `Math.random`), so a program on the virtual clock makes the same random choices — and so
 * waits the same virtual times — on every run with the same seed.
 *
 * The generator is mulberry32: 32 bits of state, a full period of 2³², and enough quality
 * for spreading out retry delays (it is not for cryptography).
 *
 * @module
 */

/** A source of numbers in [0, 1), reproducible from its seed. */
export class SeededRandom {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A fresh seed for loops that were given none on the real clock. */
export const freshSeed = (): number => Math.floor(Math.random() * 4294967296)
