/**
 * The seed walkthrough again, the modern way: `run(main)` is `asyncio.run(main())` — a fresh
 * loop, run `main`, cancel and await whatever is left, report failures, close.
 */
import { Task, run } from '../lib/index.js'

const stamp = (ms: number): string => `${(ms / 1000).toFixed(3)}s`

const main = Task.gen(function* () {
  console.log(`${stamp(yield* Task.now)} Hello!`)
  yield* Task.sleep(1000)
  console.log(`${stamp(yield* Task.now)} Goodbye!`)
  return 'done'
})

const result = await run(main)
console.log(`main returned ${JSON.stringify(result)}`)
