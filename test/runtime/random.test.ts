/**
 * The loop's seeded random source (`new Loop({ seed })`, `loop.random()`): what jittered
 * schedules draw from, so that a virtual-clock program replays.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Loop, LoopError } from '../../lib/index.js'

const draw = (loop: Loop, n: number): number[] => Array.from({ length: n }, () => loop.random())

describe('loop.random()', () => {
  it('the same seed gives the same sequence, in [0, 1); another seed another sequence', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = draw(new Loop({ clock: 'virtual', seed }), 20)
        expect(draw(new Loop({ clock: 'virtual', seed }), 20)).toEqual(a)
        expect(draw(new Loop({ clock: 'virtual', seed: seed + 1 }), 20)).not.toEqual(a)
        for (const x of a) expect(x >= 0 && x < 1).toBe(true)
      }),
      { numRuns: 50 },
    )
  })

  it('virtual-clock loops default to seed 0; real-clock loops to a fresh seed', () => {
    expect(draw(new Loop({ clock: 'virtual' }), 5)).toEqual(draw(new Loop({ clock: 'virtual', seed: 0 }), 5))
    expect(draw(new Loop(), 5)).not.toEqual(draw(new Loop(), 5))
  })

  it('spreads evenly enough for jitter: each tenth of [0, 1) gets 7–13 % of 10 000 draws', () => {
    const loop = new Loop({ clock: 'virtual', seed: 12345 })
    const buckets = new Array<number>(10).fill(0)
    for (const x of draw(loop, 10_000)) buckets[Math.floor(x * 10)]!++
    for (const b of buckets) expect(b).toBeGreaterThan(700)
    for (const b of buckets) expect(b).toBeLessThan(1300)
  })

  it('a non-integer seed is a TypeError; a closed loop refuses, as for any call', () => {
    expect(() => new Loop({ seed: 0.5 })).toThrow(/seed must be an integer/)
    expect(() => new Loop({ seed: '1' as never })).toThrow(TypeError)
    const loop = new Loop({ clock: 'virtual' })
    loop.close()
    expect(() => loop.random()).toThrow(LoopError)
  })
  it('draws the mulberry32 sequence of its seed, so a recorded seed replays the same jitter in every version', () => {
    const loop = new Loop({ clock: 'virtual', seed: 42 })
    expect(draw(loop, 3)).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099])
  })
})
