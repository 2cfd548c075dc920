/**
 * The `taskloop-gen` system: W3 and W5 written the way most taskloop users write them, with
 * `Task.gen` and one `yield*` per await, beside the `taskloop` system's `map`/`flatMap`
 * versions of the same programs (the target: within 1.3 × of them). The other workloads are
 * not written this way (`n/a`).
 *
 * @example
 * const ms = await TASKLOOP_GEN.W3!(1e5)
 */
import { run } from '../lib/run.js'
import { Queue } from '../lib/sync/Queue.js'
import * as Task from '../lib/Task.js'
import type { HandWritten } from './native.js'
import { check, timed } from './workloads.js'

export const TASKLOOP_GEN: HandWritten = {
  W3: (n) =>
    timed(async () => {
      const children: Array<Task.Task<never, number>> = []
      for (let i = 0; i < n; i++) {
        children.push(
          Task.gen(function* () {
            yield* Task.cede
            return i
          }),
        )
      }
      const sum = await run(
        Task.gen(function* () {
          const vs = yield* Task.gather(children)
          return vs.reduce((a, b) => a + b, 0)
        }),
      )
      check('W3', sum, (n * (n - 1)) / 2)
    }),
  W5: (n) =>
    timed(async () => {
      let sum = 0
      await run(
        Task.gen(function* () {
          const ping = new Queue<number>()
          const pong = new Queue<number>()
          const ponger = Task.gen(function* () {
            for (let i = 0; i < n; i++) {
              const v = yield* ping.get()
              yield* pong.put(v + 1)
            }
          })
          const pinger = Task.gen(function* () {
            for (let i = 0; i < n; i++) {
              yield* ping.put(i)
              sum += yield* pong.get()
            }
          })
          yield* Task.gather([pinger, ponger])
        }),
      )
      check('W5', sum, (n * (n + 1)) / 2)
    }),
}
