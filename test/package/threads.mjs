// The built taskloop/threads under plain Node: import and require it, run one job each way.
import { createRequire } from 'node:module'
import { run, Task } from 'taskloop'
import { toThread, workerPool } from 'taskloop/threads'

const work = new URL('./work.mjs', import.meta.url)
const pool = workerPool(work, { maxThreads: 1 })
console.log(`esm: ${await run(pool.run('add', { a: 1, b: 2 }))}`)
await run(pool.close())
const cjs = createRequire(import.meta.url)('taskloop/threads')
console.log(`cjs: ${typeof cjs.workerPool}, ${typeof cjs.toThread}`)
console.log(`toThread: ${await run(Task.map((n) => n * 2)(toThread(work, 'add', { a: 2, b: 3 })))}`)
