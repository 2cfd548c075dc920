/**
 * Debug mode's slow-step report: where the slow fiber is afterwards — ended, at no coroutine,
 * or at its coroutine path — and the report's time is not charged to the next step. The host's
 * clock (`performance.now`) is moved by hand inside the steps, so a loaded machine changes nothing.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it, vi } from 'vitest'
import { Task, runSync } from '../../lib/index.js'

/**
 * The reports of `task` run in debug mode with `slowStepMs`, on a host clock that only moves
 * by hand: `busy(ms)` inside a step takes exactly `ms` (a real clock on a loaded machine could
 * make any step cross the threshold).
 */
const slowReports = (task: (busy: (ms: number) => void) => Task.Task<never, unknown>, slowStepMs = 10): string[] => {
  let now = 0
  const clock = vi.spyOn(performance, 'now').mockImplementation(() => now)
  try {
    const reports: string[] = []
    runSync(task((ms) => void (now += ms)), { debug: true, slowStepMs, exceptionHandler: (ctx) => reports.push(ctx.message) })
    return reports
  } finally {
    clock.mockRestore()
  }
}

describe('the slow-step report', () => {
  it('a fiber that ended in its slow step: "it then ended"', () => {
    const reports = slowReports((busy) => Task.sync(() => busy(20)) as Task.Task<never, unknown>)
    expect(reports).toEqual(["Executing fiber 'main' took 20.000 ms (slowStepMs is 10); it then ended"])
  })

  it('a fiber without a coroutine that suspends after its slow step: "(no coroutine)"', () => {
    const reports = slowReports((busy) => pipe(Task.sync(() => busy(20)), Task.flatMap(() => Task.sleep(1))))
    expect(reports).toEqual(["Executing fiber 'main' took 20.000 ms (slowStepMs is 10); it is now at (no coroutine)"])
  })

  it('a quick step after a slow one in the same iteration is not reported: the time spent reporting is not charged to it', () => {
    // the host's clock, moved by hand: the slow step and the slow handler each take 20 ms, the
    // quick step none (a real clock on a loaded machine could make any step cross 10 ms)
    let now = 0
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now)
    try {
      const reports: string[] = []
      let quickRan = false
      const program = Task.gen(function* () {
        // both start in the next iteration, the slow one first
        const slow = yield* Task.spawn(Task.sync(() => void (now += 20)), { name: 'slow' })
        const quick = yield* Task.spawn(Task.sync(() => void (quickRan = true)), { name: 'quick' })
        yield* Task.gather([slow, quick])
      })
      runSync(program, {
        debug: true,
        slowStepMs: 10,
        exceptionHandler: (ctx) => {
          reports.push(ctx.message)
          now += 20 // a slow handler: its time belongs to no step
        },
      })
      expect(quickRan).toBe(true)
      expect(reports).toEqual(["Executing fiber 'slow' took 20.000 ms (slowStepMs is 10); it then ended"])
    } finally {
      clock.mockRestore()
    }
  })
})

describe('the slow-step threshold', () => {
  it('a step of exactly slowStepMs is reported (at least slowStepMs, as asyncio), one just under is not', () => {
    // amounts exact in binary: the thing under test is the comparison
    const reports = slowReports((busy) =>
      Task.gen(function* () {
        const step = (ms: number, name: string) => Task.spawn(Task.sync(() => busy(ms)), { name })
        const fibers = [yield* step(9.5, 'under'), yield* step(10, 'exact'), yield* step(10.5, 'over')]
        yield* Task.gather(fibers)
      }),
    )
    expect(reports).toEqual([
      "Executing fiber 'exact' took 10.000 ms (slowStepMs is 10); it then ended",
      "Executing fiber 'over' took 10.500 ms (slowStepMs is 10); it then ended",
    ])
  })
})
