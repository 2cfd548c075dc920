/**
 * Nothing retained: the loop does not keep finished fibers alive (asyncio's `all_tasks` is a
 * weak set), so a million tasks run one after another leave the heap flat.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { Loop, Task } from '../../lib/index.js'
import type { Fiber } from '../../lib/index.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Collects garbage after the current job, so WeakRefs made during it can be cleared. */
const collect = async (): Promise<number> => {
  await new Promise((r) => setTimeout(r, 0))
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

describe('memory', () => {
  it('a finished fiber is not kept alive by its loop', async () => {
    const loop = new Loop({ clock: 'virtual' })
    let ref: WeakRef<Fiber> | undefined
    await loop.runUntilComplete(
      Task.gen(function* () {
        const f = yield* Task.spawn(Task.sleep(5))
        ref = new WeakRef(f)
        yield* f
      }),
    )
    await collect()
    expect(ref!.deref()).toBeUndefined()
    loop.close()
  })

  it('10⁶ tasks run one after another leave the heap flat', async () => {
    const loop = new Loop({ clock: 'virtual' })
    const batch = (n: number) =>
      Task.gen(function* () {
        let sum = 0
        for (let i = 0; i < n; i++) sum += yield* yield* Task.spawn(Task.of(1))
        return sum
      })
    expect(await loop.runUntilComplete(batch(10_000))).toBe(10_000) // warm up
    const before = await collect()
    expect(await loop.runUntilComplete(batch(1_000_000))).toBe(1_000_000)
    const after = await collect()
    expect(loop.allTasks()).toEqual([])
    // 10⁶ retained fibers would be ≥ 100 MB; allow a little noise
    expect(after - before).toBeLessThan(5 * 1024 * 1024)
    loop.close()
  })
})
