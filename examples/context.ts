/**
 * Context variables: a request id set once per crawl job appears in every log line of that
 * job — in the job's own fiber, in the workers it spawns, in the pages they pass each other
 * through a queue, and in a callback the job registers — without being passed as an argument.
 *
 * Two jobs crawl at once, so their lines interleave; each line still names its job. A worker
 * that takes a page from the queue logs with its own context, which it got from the job that
 * spawned it: a queue carries values, not contexts, so the job owns its workers and its queue.
 *
 * It runs on the virtual clock, so its output is the same every time and it finishes at once.
 * Run it with `npx tsx examples/context.ts`.
 */
import { ContextVar, Queue, Task, run } from '../lib/index.js'

/** The request id of the crawl job the running fiber works for. */
const requestId = new ContextVar<string>('requestId', { default: 'no job' })

/** A log line: the loop time, the request id, the message. Nobody passes the id in. */
const log = (message: string): Task.Task<never, void> =>
  Task.gen(function* () {
    const id = yield* requestId.get
    const now = yield* Task.now
    console.log(`[${String(now).padStart(3)} ms] [${id}] ${message}`)
  })

const site: Record<string, { readonly ms: number; readonly links: ReadonlyArray<string> }> = {
  '/': { ms: 30, links: ['/docs', '/blog'] },
  '/docs': { ms: 40, links: ['/docs/api'] },
  '/docs/api': { ms: 20, links: [] },
  '/blog': { ms: 50, links: [] },
}

/** One crawl job: a queue of pages, two workers it spawns, and a progress callback. */
const crawlJob = (id: string, start: string) =>
  requestId.locally(id)(
    Task.gen(function* crawlJob() {
      yield* log(`crawl from ${start}`)
      const pages = new Queue<string>()
      const seen = new Set([start])
      pages.putNowait(start)
      // a callback registered now runs in this job's context: the fiber it starts logs the id
      const loop = yield* Task.getRunningLoop
      loop.callLater(45, () => void loop.createTask(log('progress check (from a callLater callback)')))

      const worker = (name: string) =>
        pages.drain((url) =>
          Task.gen(function* fetchPage() {
            const page = site[url] ?? { ms: 10, links: [] }
            yield* Task.sleep(page.ms)
            yield* log(`${name} fetched ${url} (${page.links.length} links)`)
            for (const link of page.links) {
              if (seen.has(link)) continue
              seen.add(link)
              yield* pages.put(link) // another worker may take it: it logs the same id
            }
          }),
        )
      const workers = [yield* Task.spawn(worker('worker 1')), yield* Task.spawn(worker('worker 2'))]
      yield* pages.join() // every page put was handled
      pages.shutdown() // ends both workers' drain loops
      yield* Task.gather(workers)
      yield* log(`done: ${seen.size} pages`)
    }),
  )

await run(
  Task.gen(function* main() {
    yield* log('starting two jobs')
    yield* Task.gather([crawlJob('job-1', '/'), crawlJob('job-2', '/docs')])
    yield* log('all jobs done')
  }),
  { clock: 'virtual' },
)
