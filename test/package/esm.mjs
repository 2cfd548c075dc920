// Imports the built package as an ES module, the way a user's `import` does, and checks that
// errors from the CommonJS copy (loaded alongside with `require`) are recognised.
import { createRequire } from 'node:module'
import { sequenceT } from 'fp-ts/lib/Apply.js'
import { CancelledError, DecodeError, Task, run, runSync, toPromise } from 'taskloop'
import * as laws from 'taskloop/laws'

const require = createRequire(import.meta.url)
const cjs = require('taskloop')

const value = await run(Task.gen(function* () {
  yield* Task.sleep(5)
  return 'esm ok'
}))
console.log(`run: ${value}`)

const par = runSync(Task.gen(function* () {
  const start = yield* Task.now
  yield* sequenceT(Task.ApplicativePar)(Task.sleep(100), Task.sleep(100), Task.sleep(100))
  return (yield* Task.now) - start
}))
console.log(`ApplicativePar: ${par.value} ms`)

// one error from each copy, checked against the other copy's class
const fromEsm = await toPromise(Task.never, { signal: AbortSignal.abort() }).catch((e) => e)
const fromCjs = await cjs.toPromise(cjs.Task.never, { signal: AbortSignal.abort() }).catch((e) => e)
console.log(`two copies: ${cjs.CancelledError !== CancelledError}`)
console.log(`esm error instanceof cjs CancelledError: ${fromEsm instanceof cjs.CancelledError}`)
console.log(`cjs error instanceof esm CancelledError: ${fromCjs instanceof CancelledError}`)
console.log(`cjs error instanceof esm DecodeError: ${fromCjs instanceof DecodeError}`)
console.log(`laws entry: ${typeof laws}`)
