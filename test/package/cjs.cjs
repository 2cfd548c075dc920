// Requires the built package as CommonJS, the way a user's `require` does, and checks that
// errors from the ES module copy (loaded alongside with `import()`) are recognised.
const { CancelledError, Task, run, runSync } = require('taskloop')
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

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
