/**
 * The real-clock loop and its host: while a fiber is always ready (it spins on `cede`), the
 * loop runs iterations back to back, but it must still hand control back to the host often
 * enough that host timers fire, host I/O completes and foreign promises resolve. Each test
 * spins until something only the host can do has happened; a loop that starved the host
 * would never end (the test would time out). Real clock, no timing assertions.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Loop, Task, run } from '../../lib/index.js'

const thisFile = fileURLToPath(import.meta.url)

/** Cedes until `done()` is true, counting its turns. */
const spinUntil = (done: () => boolean): Task.Task<never, number> => {
  const loop = (turns: number): Task.Task<never, number> =>
    Task.suspend(() => (done() ? Task.of(turns) : Task.flatMap(() => loop(turns + 1))(Task.cede)))
  return loop(0)
}

describe('the real-clock loop does not starve its host', () => {
  it('a host timer fires while a fiber spins on cede', { timeout: 10_000 }, async () => {
    let fired = false
    setTimeout(() => {
      fired = true
    }, 5)
    const turns = await run(spinUntil(() => fired))
    expect(fired).toBe(true)
    expect(turns).toBeGreaterThan(0) // it did spin: the flag was set while the loop was busy
  })

  it('a foreign promise (host I/O) resolves while a fiber spins on cede', { timeout: 10_000 }, async () => {
    let resolved = false
    void readFile(thisFile).then(() => {
      resolved = true
    })
    const turns = await run(spinUntil(() => resolved))
    expect(resolved).toBe(true)
    expect(turns).toBeGreaterThan(0)
  })

  it('a fiber awaiting Task.promise is woken while another fiber spins until it is', { timeout: 10_000 }, async () => {
    let got: string | undefined
    const reader = Task.map((buf: Buffer) => void (got = buf.toString('utf8').slice(0, 3)))(Task.promise(() => readFile(thisFile)))
    const [, turns] = await run(Task.gather([reader, spinUntil(() => got !== undefined)]))
    expect(got).toBe('/**')
    expect(turns).toBeGreaterThan(0)
  })

  it('a host timer fires while a spinning loop runs runForever (new Loop())', { timeout: 10_000 }, async () => {
    const loop = new Loop()
    let fired = false
    setTimeout(() => {
      fired = true
    }, 5)
    const fiber = loop.createTask(spinUntil(() => fired))
    fiber.addDoneCallback(() => loop.stop())
    await loop.runForever()
    expect(fiber.result()).toBeGreaterThan(0)
    loop.close()
  })
})

describe('a parked real-clock loop', () => {
  it('wakes for a timer added from outside it, instead of sleeping until its own timer', { timeout: 20_000 }, async () => {
    const loop = new Loop()
    let ranAt: number | undefined
    loop.callLater(10_000, () => loop.stop())
    setTimeout(() => loop.callLater(10, () => {
      ranAt = loop.time()
      loop.stop()
    }), 20)
    await loop.runForever()
    loop.close()
    // it ran long before the loop's own timer at 10 s would have woken the loop
    expect(ranAt).toBeDefined()
    expect(ranAt!).toBeLessThan(10_000)
  })
})
