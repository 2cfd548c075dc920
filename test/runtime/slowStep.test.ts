/**
 * Debug mode's slow-step report: where the slow fiber is afterwards — ended, at no coroutine,
 * or at its coroutine path — and the report's time is not charged to the next step. (Real
 * time is the thing under test here: each slow step blocks the loop for 20 ms.)
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it, vi } from 'vitest'
import { Task, runSync } from '../../lib/index.js'

const busy = (ms: number): void => {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // spin
  }
}

const slowReports = (task: Task.Task<never, unknown>, slowStepMs = 10): string[] => {
  const reports: string[] = []
  runSync(task, { debug: true, slowStepMs, exceptionHandler: (ctx) => reports.push(ctx.message) })
  return reports
}

describe('the slow-step report', () => {
  it('a fiber that ended in its slow step: "it then ended"', () => {
    const reports = slowReports(Task.sync(() => busy(20)) as Task.Task<never, unknown>)
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatch(/^Executing fiber 'main' took (\d+\.\d{3}) ms \(slowStepMs is 10\); it then ended$/)
    expect(Number(/took (\S+) ms/.exec(reports[0]!)![1])).toBeGreaterThanOrEqual(20)
  })

  it('a fiber without a coroutine that suspends after its slow step: "(no coroutine)"', () => {
    const reports = slowReports(pipe(Task.sync(() => busy(20)), Task.flatMap(() => Task.sleep(1))))
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatch(/^Executing fiber 'main' took \d+\.\d{3} ms \(slowStepMs is 10\); it is now at \(no coroutine\)$/)
  })

  it('a quick step after a slow one in the same iteration is not reported: the time spent reporting is not charged to it', () => {
    const reports: string[] = []
    let quickRan = false
    const program = Task.gen(function* () {
      // both start in the next iteration, the slow one first
      const slow = yield* Task.spawn(Task.sync(() => busy(20)), { name: 'slow' })
      const quick = yield* Task.spawn(Task.sync(() => void (quickRan = true)), { name: 'quick' })
      yield* Task.gather([slow, quick])
    })
    runSync(program, {
      debug: true,
      slowStepMs: 10,
      exceptionHandler: (ctx) => {
        reports.push(ctx.message)
        busy(20) // a slow handler: its time belongs to no step
      },
    })
    expect(quickRan).toBe(true)
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatch(/^Executing fiber 'slow'/)
  })
})

describe('the slow-step threshold', () => {
  it('a step of exactly slowStepMs is reported (at least slowStepMs, as asyncio), one just under is not', () => {
    // the host's clock, moved by hand inside each step (by amounts exact in binary): the thing under test is the comparison
    let now = 0
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now)
    try {
      const step = (ms: number, name: string) => Task.spawn(Task.sync(() => void (now += ms)), { name })
      const reports = slowReports(Task.gen(function* () {
        const fibers = [yield* step(9.5, 'under'), yield* step(10, 'exact'), yield* step(10.5, 'over')]
        yield* Task.gather(fibers)
      }))
      expect(reports).toEqual([
        "Executing fiber 'exact' took 10.000 ms (slowStepMs is 10); it then ended",
        "Executing fiber 'over' took 10.500 ms (slowStepMs is 10); it then ended",
      ])
    } finally {
      clock.mockRestore()
    }
  })
})
