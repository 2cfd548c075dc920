/**
 * Where a failure came from: tracebacks through coroutines and fibers, and debug mode.
 *
 * Run it with `npx tsx examples/traceback.ts`. A parse fails deep in a `gather`; the error's
 * path says which coroutines it left and which fiber boundary it crossed, with the line of
 * each `yield*`. Then debug mode names anonymous coroutines after the function that built
 * them, reports a step that blocks the loop, and says which line started a fiber whose failure
 * nobody looked at.
 *
 * @module
 */
import { relative } from 'node:path'
import { Task, run } from '../lib/index.js'

// written as a new user writes it: anonymous inline coroutines
const parse = (s: string) => Task.gen(function* () {
  yield* Task.sleep(1)
  if (s === 'bad') throw new Error('cannot parse ' + s)
  return s.length
})
const load = (name: string) => Task.gen(function* () {
  yield* Task.cede
  return yield* parse(name)
})
const main = Task.gen(function* () {
  return yield* Task.gather([load('ok'), load('bad')])
})

/** Paths relative to here, so the output reads the same on any machine. */
const short = (text: string): string => text.replaceAll(`file://${process.cwd()}/`, '').replaceAll(`${process.cwd()}/`, '')

for (const debug of [false, true]) {
  try {
    await run(main, { debug, signals: false })
  } catch (error) {
    console.log(`run(main, { debug: ${debug} }) rejected with ${String(error)}, which came through`)
    console.log(short(Task.traceback(error)))
  }
}

// debug mode: a step that blocks the loop for 30 ms, and a fiber whose failure nobody retrieves
const reports: string[] = []
await run(
  Task.gen(function* () {
    yield* Task.spawn(Task.fail(new Error('nobody awaits me')), { name: 'orphan' })
    const start = performance.now()
    while (performance.now() - start < 30) {
      // a synchronous loop: every other fiber and timer waits
    }
    yield* Task.sleep(1)
  }),
  { debug: true, slowStepMs: 20, signals: false, exceptionHandler: (ctx) => reports.push(ctx.message) },
)
console.log('debug mode reported:')
for (const report of reports) console.log(short(report.replace(/took [\d.]+ ms/, 'took more than 20 ms')))
