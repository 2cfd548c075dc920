// Imports the built package as an ES module, the way a user's `import` does, and checks that
// errors from the CommonJS copy (loaded alongside with `require`) are recognised.
import { createRequire } from 'node:module'
import { sequenceT } from 'fp-ts/lib/Apply.js'
import { CancelledError, DecodeError, Queue, Task, run, runSync, toPromise } from 'taskloop'
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

// one package, any mix of copies: ESM tasks, fibers and futures with the CJS copy's functions
const { Loop, getEventLoop } = await import('taskloop')
const esmTask = Task.gen(function* () {
  yield* Task.sleep(10)
  return 1
})
console.log(`cjs runSync(esm task): ${JSON.stringify(cjs.runSync(esmTask))}`)
console.log(`yield* esm task in a cjs gen: ${cjs.runSync(cjs.Task.gen(function* () { return (yield* esmTask) + (yield* cjs.Task.of(2)) })).value}`)
console.log(`cjs combinators on esm tasks: ${JSON.stringify(cjs.runSync(cjs.Task.gather([cjs.Task.map((n) => n * 10)(esmTask), cjs.Task.timeout(100)(esmTask), cjs.Task.race([esmTask, Task.never])])).value)}`)
const esmLoop = new Loop({ clock: 'virtual' })
const esmFiber = esmLoop.createTask(esmTask)
console.log(`cjs gather of an esm fiber twice, on an esm loop: ${JSON.stringify(await esmLoop.runUntilComplete(cjs.Task.gather([esmFiber, esmFiber, cjs.Task.join(esmFiber), cjs.Task.shield(esmFiber)])))}`)
const esmFuture = esmLoop.createFuture()
esmLoop.callLater(5, () => esmFuture.setResult('set'))
console.log(`yield* esm future in a cjs gen: ${await esmLoop.runUntilComplete(cjs.Task.gen(function* () { return yield* esmFuture }))}`)
console.log(`cjs getEventLoop inside an esm loop: ${esmLoop.time() >= 0 && (await esmLoop.runUntilComplete(Task.map((l) => cjs.getEventLoop() === l)(Task.getRunningLoop)))}`)
const nested = await esmLoop.runUntilComplete(Task.sync(() => { try { cjs.runSync(Task.unit); return 'ran' } catch (e) { return e instanceof cjs.LoopError } }))
console.log(`cjs runSync inside an esm loop is a LoopError: ${nested}`)
console.log(`cjs fromTaskEither(esm toTaskEither(t)) in runSync: ${JSON.stringify(cjs.runSync(cjs.Task.fromTaskEither(Task.toTaskEither(esmTask))))}`)
const jobs = new Queue()
const viaCjs = cjs.runSync(cjs.Task.gen(function* () {
  const getter = yield* cjs.Task.spawn(jobs.get())
  const stuck = yield* cjs.Task.spawn(cjs.Task.gen(function* () { yield* cjs.Task.sleep(1); return yield* jobs.get() }))
  yield* cjs.Task.sleep(2)
  yield* jobs.put('job')
  const got = yield* getter
  stuck.cancel()
  yield* cjs.Task.sleep(1)
  return [got, stuck.cancelled(), jobs.qsize()]
}))
console.log(`an esm queue's get and put in cjs fibers, one getter cancelled: ${JSON.stringify(viaCjs)}`)
esmLoop.close()
void getEventLoop
