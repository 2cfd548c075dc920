/**
 * The seed walkthrough: asyncio's event-loop example, line for line, in taskloop.
 *
 *   async def main():
 *       print(f'{time()} Hello!'); await asyncio.sleep(1); print(f'{time()} Goodbye!')
 *   loop = asyncio.get_event_loop()
 *   task = loop.create_task(main())
 *   loop.run_until_complete(task)
 *   pending = asyncio.all_tasks(loop=loop)
 *   for task in pending: task.cancel()
 *   group = asyncio.gather(*pending, return_exceptions=True)
 *   loop.run_until_complete(group)
 *   loop.close()
 *
 * Run it with `npm run example`.
 */
import { Task, getEventLoop } from '../lib/index.js'

const stamp = (ms: number): string => `${(ms / 1000).toFixed(3)}s`

const main = Task.gen(function* () {
  console.log(`${stamp(yield* Task.now)} Hello!`)
  yield* Task.sleep(1000)
  console.log(`${stamp(yield* Task.now)} Goodbye!`)
})

const loop = getEventLoop()
const task = loop.createTask(main)
await loop.runUntilComplete(task)

const pending = loop.allTasks()
for (const t of pending) t.cancel()
const group = Task.gather(pending, { returnExceptions: true })
await loop.runUntilComplete(group)
loop.close()
