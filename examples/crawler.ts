/**
 * A crawler over a simulated site: pages with latencies, links between them, and a few that
 * fail. Structured concurrency with `taskGroup` (every request belongs to the crawl; none
 * outlives it), a `Semaphore` for at most three requests at once, and one global deadline
 * around the whole crawl.
 *
 * Run it with `npx tsx examples/crawler.ts`. It runs on the virtual clock, so the times it
 * prints are exact and it finishes at once. `npx tsx examples/crawler.ts --trace=trace.json`
 * also writes its timeline, a file Perfetto, `chrome://tracing` and speedscope open (see
 * `npm run trace:screenshot`).
 *
 * A page that fails is recorded and the crawl goes on (the per-page `Task.either`). Only the
 * deadline stops the crawl: it cancels the group, which cancels every request in flight and
 * waits for them, and the crawl reports what it had by then.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { InvalidStateError, Semaphore, Task, TimeoutError, run } from '../lib/index.js'

interface Page {
  readonly ms: number
  readonly links: ReadonlyArray<string>
  readonly status?: number
}

const site: Record<string, Page> = {
  '/': { ms: 40, links: ['/docs', '/blog', '/shop'] },
  '/docs': { ms: 60, links: ['/docs/intro', '/docs/api', '/'] },
  '/docs/intro': { ms: 30, links: ['/docs/api'] },
  '/docs/api': { ms: 90, links: ['/docs/api/task', '/docs/api/loop'] },
  '/docs/api/task': { ms: 50, links: [] },
  '/docs/api/loop': { ms: 50, links: ['/docs/api/task'] },
  '/blog': { ms: 70, links: ['/blog/1', '/blog/2', '/blog/3'] },
  '/blog/1': { ms: 20, links: ['/'] },
  '/blog/2': { ms: 120, links: [] },
  '/blog/3': { ms: 25, links: ['/blog/old'], status: 500 },
  '/shop': { ms: 80, links: ['/shop/cart', '/shop/items'] },
  '/shop/cart': { ms: 10, links: [], status: 503 },
  '/shop/items': { ms: 150, links: ['/shop/items/1'] },
  '/shop/items/1': { ms: 40, links: [] },
}

class HttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`HTTP ${status} for ${url}`)
  }
}

interface Stats {
  readonly fetched: string[]
  readonly failed: string[]
  cancelled: number
  inFlight: number
  maxInFlight: number
}

/** A simulated GET: waits the page's latency, then returns its links or fails. */
const get = (stats: Stats, url: string): Task.Task<HttpError, ReadonlyArray<string>> => {
  const page = site[url] ?? { ms: 15, links: [], status: 404 }
  return pipe(
    Task.sync(() => {
      stats.inFlight++
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
    }),
    Task.flatMap(() => Task.sleep(page.ms)),
    Task.flatMap(() => (page.status === undefined ? Task.of(page.links) : Task.fail(new HttpError(url, page.status)))),
    Task.onCancel(Task.sync(() => stats.cancelled++)),
    Task.ensuring(Task.sync(() => stats.inFlight--)),
  )
}

/** Crawls from `/` until every reachable page is visited or `deadline` ms have passed. */
const crawl = (deadline: number) =>
  Task.gen(function* crawlSite() {
    const stats: Stats = { fetched: [], failed: [], cancelled: 0, inFlight: 0, maxInFlight: 0 }
    const seen = new Set<string>(['/'])
    const permits = new Semaphore(3)
    const started = yield* Task.now

    const visit = (tg: Task.TaskGroup, url: string): Task.Task<InvalidStateError, void> =>
      Task.gen(function* visitPage() {
        const r = yield* Task.either(permits.withLock(get(stats, url)))
        if (r._tag === 'Left') {
          stats.failed.push(r.left.message)
          return
        }
        stats.fetched.push(url)
        for (const link of r.right) {
          if (seen.has(link)) continue
          seen.add(link)
          yield* tg.spawn(visit(tg, link), { name: `visit ${link}` })
        }
      })

    const outcome = yield* pipe(
      Task.taskGroup((tg) => Task.asVoid(tg.spawn(visit(tg, '/'), { name: 'visit /' }))),
      Task.timeout(deadline),
      Task.either,
    )
    const took = (yield* Task.now) - started
    const ending = outcome._tag === 'Right' ? 'finished' : outcome.left instanceof TimeoutError ? 'hit the deadline' : `failed: ${String(outcome.left)}`
    console.log(`crawl with a ${deadline} ms deadline ${ending} after ${took} ms`)
    console.log(`  fetched ${stats.fetched.length} pages: ${stats.fetched.join(' ')}`)
    console.log(`  failed ${stats.failed.length}: ${stats.failed.join('; ') || 'none'}`)
    console.log(`  cancelled in flight: ${stats.cancelled}; at most ${stats.maxInFlight} requests at once; still in flight: ${stats.inFlight}`)
  })

const trace = process.argv.find((a) => a.startsWith('--trace='))?.slice('--trace='.length)

await run(
  Task.gen(function* () {
    yield* crawl(2_000)
    yield* crawl(250)
  }),
  { clock: 'virtual', trace },
)
