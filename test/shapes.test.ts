/**
 * The shape keeper (`lib/shapes.ts`): the first `new Loop()` parks a few fibers on a private
 * virtual loop so that V8 keeps the interpreter's hidden classes across major GCs. Whether
 * that helps shows only in `npm run bench`; what a user can see is that it changes nothing
 * else: no task on their loop, no host timer or handle, and a loop still runs and closes as
 * before.
 */
import { describe, expect, it } from 'vitest'
import { Loop, Task, runSync } from '../lib/index.js'
import { runSyncUntil } from '../lib/Loop.js'

describe('the shape keeper', () => {
  it('adds no task to the loop that triggered it, and no host timer or handle', async () => {
    const before = process.getActiveResourcesInfo().slice().sort()
    const loop = new Loop() // the first loop of this test file: the keeper parks its fibers now
    expect(loop.allTasks()).toEqual([])
    expect(process.getActiveResourcesInfo().slice().sort()).toEqual(before)
    await expect(loop.runUntilComplete(Task.of(1))).resolves.toBe(1)
    loop.close()
  })

  it('leaves later loops as they are: a virtual run reports nothing and leaves nothing pending', () => {
    const reports: unknown[] = []
    const loop = new Loop({ clock: 'virtual', exceptionHandler: (ctx) => void reports.push(ctx) })
    const fiber = loop.createTask(Task.as(2)(Task.sleep(3_600_000)))
    runSyncUntil(loop, () => fiber.done())
    expect(fiber.result()).toBe(2)
    expect(loop.allTasks()).toEqual([])
    loop.close()
    expect(reports).toEqual([])
    expect(runSync(Task.of(3))).toEqual({ _tag: 'Succeeded', value: 3 })
  })
})
