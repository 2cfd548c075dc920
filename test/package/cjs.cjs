// Requires the built package as CommonJS, the way a user's `require` does, and checks that
// errors from the ES module copy (loaded alongside with `import()`) are recognised.
const { CancelledError, Loop, Task, run, runSync } = require('taskloop')
const laws = require('taskloop/laws')

const main = async () => {
  const value = await run(Task.gen(function* () {
    yield* Task.sleep(5)
    return 'cjs ok'
  }))
  console.log(`run: ${value}`)

  const seq = runSync(Task.gen(function* () {
    const start = yield* Task.now
    yield* Task.sequenceSeqArray([Task.sleep(100), Task.sleep(100), Task.sleep(100)])
    return (yield* Task.now) - start
  }))
  console.log(`sequenceSeqArray: ${seq.value} ms`)

  const esm = await import('taskloop')
  const fromCjs = await run(Task.never, { signal: AbortSignal.abort() }).catch((e) => e)
  const fromEsm = await esm.run(esm.Task.never, { signal: AbortSignal.abort() }).catch((e) => e)
  console.log(`two copies: ${esm.CancelledError !== CancelledError}`)
  console.log(`cjs error instanceof esm CancelledError: ${fromCjs instanceof esm.CancelledError}`)
  console.log(`esm error instanceof cjs CancelledError: ${fromEsm instanceof CancelledError}`)
  console.log(`laws entry: ${typeof laws}`)
}


// one package, any mix of copies: CJS tasks, fibers and futures with the ESM copy's functions
const mixed = async () => {
  const esm = await import('taskloop')
  const cjsTask = Task.gen(function* () {
    yield* Task.sleep(10)
    return 1
  })
  console.log(`esm runSync(cjs task): ${JSON.stringify(esm.runSync(cjsTask))}`)
  console.log(`yield* cjs task in an esm gen: ${esm.runSync(esm.Task.gen(function* () { return (yield* cjsTask) + (yield* esm.Task.of(2)) })).value}`)
  console.log(`esm combinators on cjs tasks: ${JSON.stringify(esm.runSync(esm.Task.gather([esm.Task.map((n) => n * 10)(cjsTask), esm.Task.timeout(100)(cjsTask), esm.Task.race([cjsTask, Task.never])])).value)}`)
  const cjsLoop = new Loop({ clock: 'virtual' })
  const cjsFiber = cjsLoop.createTask(cjsTask)
  console.log(`esm gather of a cjs fiber twice, on a cjs loop: ${JSON.stringify(await cjsLoop.runUntilComplete(esm.Task.gather([cjsFiber, cjsFiber, esm.Task.join(cjsFiber), esm.Task.shield(cjsFiber)])))}`)
  const cjsFuture = cjsLoop.createFuture()
  cjsLoop.callLater(5, () => cjsFuture.setResult('set'))
  console.log(`yield* cjs future in an esm gen: ${await cjsLoop.runUntilComplete(esm.Task.gen(function* () { return yield* cjsFuture }))}`)
  console.log(`esm getEventLoop inside a cjs loop: ${await cjsLoop.runUntilComplete(Task.map((l) => esm.getEventLoop() === l)(Task.getRunningLoop))}`)
  const nested = await cjsLoop.runUntilComplete(Task.sync(() => { try { esm.runSync(Task.unit); return 'ran' } catch (e) { return e instanceof esm.LoopError } }))
  console.log(`esm runSync inside a cjs loop is a LoopError: ${nested}`)
  console.log(`esm fromTaskEither(cjs toTaskEither(t)) in runSync: ${JSON.stringify(esm.runSync(esm.Task.fromTaskEither(Task.toTaskEither(cjsTask))))}`)
  cjsLoop.close()
}

main()
  .then(mixed)
  .catch((e) => {
    console.error(e)
    process.exit(1)
  })
