/**
 * Deadlines the asyncio way: `waitFor`, the pipeable `Task.timeout`, and `shield` around a
 * commit that must not be interrupted.
 *
 * Run it with `npx tsx examples/timeouts.ts`. It runs on the virtual clock, so the times it
 * prints are exact and it finishes at once.
 *
 *   async def main():
 *       try: await asyncio.wait_for(slow_query(), 0.1)
 *       except TimeoutError: ...
 *       async with asyncio.timeout(0.5): await fast_query()
 *       ...
 */
import { pipe } from 'fp-ts/lib/function.js'
import { CancelledError, Task, TimeoutError, run } from '../lib/index.js'

const say = (line: string) => pipe(Task.now, Task.flatMap((t) => Task.sync(() => console.log(`[${String(t).padStart(4)} ms] ${line}`))))

/** A database query that takes `ms` and says so when it is cancelled. */
const query = (name: string, ms: number) =>
  pipe(
    Task.sleep(ms),
    Task.as(`${name}: 42 rows`),
    Task.onCancel(say(`${name} cancelled`)),
  )

/** Writes a batch in three steps; interrupting it halfway would leave a mess. */
const commit = Task.gen(function* () {
  yield* say('commit: begin')
  for (const step of ['write log', 'write data', 'mark done']) {
    yield* Task.sleep(40)
    yield* say(`commit: ${step}`)
  }
  return 'committed'
})

const main = Task.gen(function* () {
  // 1. waitFor: the query is cancelled at the deadline, and we fall back
  try {
    yield* Task.waitFor(query('slow query', 1_000), 100)
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e
    yield* say(`slow query: ${e.name} (${e.message}); using the cache instead`)
  }

  // 2. the pipeable form: a query that makes its deadline gives its value
  const rows = yield* pipe(query('fast query', 30), Task.timeout(500))
  yield* say(`fast query gave "${rows}"`)

  // 3. the deadline waits for the cancelled work to clean up before it fails
  const slowCleanup = pipe(Task.never, Task.onCancel(pipe(say('cleanup: closing the cursor…'), Task.flatMap(() => Task.sleep(25)))))
  const r = yield* Task.either(Task.waitFor(slowCleanup, 50))
  yield* say(`stuck query: ${r._tag === 'Left' ? (r.left as Error).name : 'ok'} only after its cleanup`)

  // 4. shield: the caller gives up at its deadline, the commit runs to the end
  const committing = yield* Task.spawn(commit, { name: 'commit' })
  try {
    yield* Task.waitFor(Task.shield(committing), 70)
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e
    yield* say('caller: gave up waiting; the commit carries on behind the shield')
  }
  yield* say(`caller: later, the commit says "${yield* committing}"`)

  // 5. an outside cancel stays a cancel, even with a deadline around the work
  const victim = yield* Task.spawn(pipe(query('report', 500), Task.timeout(200)))
  yield* Task.sleep(10)
  victim.cancel()
  try {
    yield* victim
  } catch (e) {
    yield* say(`report: ${e instanceof CancelledError ? 'CancelledError, not TimeoutError' : String(e)}`)
  }
})

await run(main, { clock: 'virtual' })
