/**
 * Seeing into running tasks, in one program: a failure deep in a `gather` and the path it
 * took, a stuck program's dump, a timeline file, and a context variable that follows a
 * request through the fibers that serve it.
 *
 * Run it with `npx tsx examples/debugging.ts`. Everything runs on the virtual clock, so the
 * output is the same on every run; the timeline goes to `debugging-trace.json` in the system's
 * temporary folder (open it in ui.perfetto.dev, `chrome://tracing` or speedscope).
 *
 * @module
 */
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ContextVar, Lock, Loop, Queue, Task, TraceRecorder, run, runSync } from '../lib/index.js'

/** Paths relative to here, so the output reads the same on any machine. */
const short = (text: string): string => text.replaceAll(`file://${process.cwd()}/`, '').replaceAll(`${process.cwd()}/`, '')

// ---- 1. a context variable: the request id, set once per request ---------------------------

const requestId = new ContextVar<string>('requestId', { default: '-' })

/** Every log line names its request; nobody passes the id in. */
const log = (message: string) =>
  Task.gen(function* log() {
    console.log(`[${yield* requestId.get}] ${message}`)
  })

// ---- 2. a failure deep in a gather, with named coroutines ---------------------------------

const parse = Task.fn(function* parse(s: string) {
  yield* Task.sleep(1)
  if (s === 'bad') throw new Error(`cannot parse ${s}`)
  return s.length
})

const load = Task.fn(function* load(name: string) {
  yield* log(`loading ${name}`)
  return yield* parse(name)
})

const handle = (id: string, names: ReadonlyArray<string>) =>
  requestId.locally(id)(
    Task.gen(function* handle() {
      const sizes = yield* Task.gather(names.map((n) => load(n)))
      yield* log(`sizes ${sizes.join(', ')}`)
    }),
  )

console.log('1. two requests, each logging with its own id; the second fails deep in its gather')
const recorder = new TraceRecorder()
try {
  await run(
    Task.gen(function* main() {
      yield* handle('req-1', ['ok', 'fine'])
      yield* handle('req-2', ['ok', 'bad'])
    }),
    { clock: 'virtual', signals: false, trace: recorder },
  )
} catch (error) {
  console.log(`run rejected with ${String(error)}; the path it took, innermost first:`)
  console.log(short(Task.traceback(error)))
}

// ---- 3. the timeline of that run ------------------------------------------------------------

const file = join(tmpdir(), 'debugging-trace.json')
writeFileSync(file, JSON.stringify(recorder))
const events = recorder.events()
const tracks = new Set(events.map((e) => e.tid)).size
console.log(`\n2. the timeline: ${events.length} events on ${tracks} tracks, written to debugging-trace.json`)

// ---- 4. a stuck program: two transfers take two locks in opposite orders ---------------------

console.log('\n3. a deadlock: runSync says what every fiber waits on')
const ledger = new Lock({ name: 'ledger' })
const accounts = new Lock({ name: 'accounts' })
const transfer = (first: Lock, second: Lock) =>
  Task.gen(function* transfer() {
    yield* first.acquire()
    yield* Task.sleep(10)
    yield* second.acquire()
  })
const stuck = Task.gen(function* stuck() {
  const jobs = new Queue<string>({ name: 'jobs' })
  yield* Task.spawn(jobs.get(), { name: 'idle worker' })
  yield* Task.gather([transfer(ledger, accounts), transfer(accounts, ledger)])
})
try {
  runSync(stuck)
} catch (error) {
  console.log(short((error as Error).message))
}

// ---- 5. asking a live loop what it is doing ---------------------------------------------------

console.log('\n4. loop.dump() of a loop in the middle of its work')
const loop = new Loop({ clock: 'virtual' })
const jobs = new Queue<number>({ name: 'jobs' })
loop.createTask(
  Task.gen(function* producer() {
    for (let i = 0; ; i++) {
      yield* Task.sleep(100)
      yield* jobs.put(i)
    }
  }),
  { name: 'producer' },
)
loop.createTask(Task.gen(function* consumer() {
  for (;;) yield* jobs.get()
}), { name: 'consumer' })
loop.callLater(250, () => {
  console.log(loop.dump())
  loop.stop()
})
await loop.runForever()
for (const fiber of loop.allTasks()) fiber.cancel()
await loop.runUntilComplete(Task.sleep(0))
loop.close()
