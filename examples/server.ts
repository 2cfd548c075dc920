/**
 * A real HTTP server (node:http, 127.0.0.1) whose requests are taskloop fibers.
 *
 * - Each request is a fiber spawned on the loop, under a deadline (`Task.timeout`): past it,
 *   the query is cancelled and the client gets a 504.
 * - A client that goes away mid-request cancels its fiber; the fiber's finalizers give back
 *   what it held (its database permit) and count it, exactly once.
 * - A `Semaphore` lets at most `dbConcurrency` simulated database calls run at once.
 * - A `Queue` feeds a background fiber that writes the audit log: one line per answered request.
 * - Shutdown (SIGTERM when run as a script, or `handle.shutdown()`): stop accepting, let the
 *   requests in flight finish within a grace period, cancel the rest, drain the audit queue,
 *   close every connection, and end with the counts that show nothing leaked and nothing was
 *   lost. Ctrl-C (SIGINT) runs the same cleanup, through `run`'s own handling of it.
 *
 * `examples/server-promise.ts` is the same server in plain async/await and AbortController.
 *
 * Run it: `npx tsx examples/server.ts [--port 8080]`, then `curl 'http://127.0.0.1:8080/work?ms=20'`;
 * stop it with Ctrl-C or `kill -TERM <pid>`. `npm run load` drives it with autocannon.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import { pipe } from 'fp-ts/lib/function.js'
import type { Fiber, Loop } from '../lib/index.js'
import { Queue, Semaphore, Task, TimeoutError, run } from '../lib/index.js'
import type { ServerHandle, ServerOptions, ServerReport } from './server-shared.js'
import { cpuMs, defaults, heapUsed, isMain, newCounts, optionsFromArgv, parseWork } from './server-shared.js'

const reply = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/**
 * The server as one task: it listens, serves until told to stop, shuts down gracefully, and
 * returns its final report. `onListening` receives the port, the live report and the function
 * that starts the shutdown.
 *
 * @example
 * const report = await run(serve({ port: 8080, handleSigterm: true }, (port) => console.log(port)))
 */
export const serve = (
  options: ServerOptions,
  onListening: (port: number, report: () => ServerReport, stop: () => void) => void,
): Task.Task<unknown, ServerReport> =>
  Task.gen(function* () {
    const { port, deadlineMs, dbConcurrency, graceMs, auditCapacity } = { ...defaults, ...options }
    const loop: Loop = yield* Task.getRunningLoop
    const main = yield* Task.currentFiber
    const counts = newCounts()
    const db = new Semaphore(dbConcurrency)
    const audit = new Queue<string>({ maxsize: auditCapacity })
    const inFlight = new Set<Fiber>()
    /** Requests started and not yet finalized: a finalizer that finds none ran twice. */
    const unfinalized = new Set<number>()
    let nextId = 0
    let stopping = false

    const report = (collect = false): ServerReport => ({
      ...counts,
      alive: loop.allTasks().filter((f) => f !== main && f !== auditWriter).length,
      dbPermitsHeld: dbConcurrency - db.value,
      auditQueued: audit.qsize(),
      heapUsed: heapUsed(collect),
      cpuMs: cpuMs(),
    })

    // the simulated database: a query holds one of the permits for `ms`
    const query = (ms: number) => db.withLock(pipe(Task.sleep(ms), Task.as({ rows: 1, ms })))

    /** One request, as a task: the query under a deadline, the audit line, the answer. */
    const handle = (id: number, res: ServerResponse, work: { ms: number; deadline: number }, request: { why: string; begun: boolean }) =>
      pipe(
        Task.gen(function* () {
          // counted on the fiber's first step: a fiber cancelled before it starts runs nothing,
          // not even its finalizers (as an asyncio task cancelled before it starts)
          request.begun = true
          counts.started++
          unfinalized.add(id)
          let status: number
          let body: unknown
          try {
            body = yield* pipe(query(work.ms), Task.timeout(work.deadline))
            status = 200
          } catch (error) {
            if (!(error instanceof TimeoutError)) throw error
            status = 504
            body = { error: `deadline of ${work.deadline} ms passed` }
          }
          // the line is queued before the answer, so an answered request always has its line
          // (a put cancelled by a disconnect queues nothing, and then nothing is answered)
          yield* audit.put(`${id} ${status} work=${work.ms} deadline=${work.deadline}`)
          reply(res, status, body, { 'x-request-id': String(id) })
          counts.completed++
          if (status === 200) counts.ok++
          else counts.timedOut++
        }),
        Task.onCancel(
          Task.sync(() => {
            if (request.why === 'client') counts.clientAborted++
            else {
              counts.cancelledAtShutdown++
              reply(res, 503, { error: 'server shutting down' }, { connection: 'close' })
            }
          }),
        ),
        Task.ensuring(
          Task.sync(() => {
            counts.finalized++
            if (!unfinalized.delete(id)) counts.finalizedTwice++
          }),
        ),
      )

    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      if (req.url?.startsWith('/stats')) return reply(res, 200, report(req.url.includes('gc=1')))
      const work = parseWork(req.url, deadlineMs)
      if (work === undefined) return reply(res, 404, { error: 'no such route' })
      if (stopping) {
        counts.refused++
        return reply(res, 503, { error: 'server shutting down' }, { connection: 'close' })
      }
      const id = ++nextId
      const request = { why: '', begun: false }
      const fiber = loop.createTask(handle(id, res, work, request), { name: `request ${id}` })
      inFlight.add(fiber)
      fiber.addDoneCallback(() => {
        inFlight.delete(fiber)
        if (request.begun) return
        // cancelled before its first step
        if (request.why === 'client') counts.abandoned++
        else {
          counts.refused++
          reply(res, 503, { error: 'server shutting down' }, { connection: 'close' })
        }
      })
      // 'close' also follows a normal answer; only an unanswered request was abandoned
      res.on('close', () => {
        if (!res.writableEnded && !fiber.done()) {
          request.why = 'client'
          fiber.cancel('client disconnected')
        }
      })
    }

    const server = createServer(onRequest)
    server.keepAliveTimeout = 5_000
    const listening = yield* Task.callback<Error, number>((resume) => {
      server.once('error', (e) => resume(Task.fail(e)))
      server.listen(port, '127.0.0.1', () => resume(Task.succeed((server.address() as { port: number }).port)))
    })
    const serverClosed = loop.createFuture<void>()

    const auditWriter = yield* Task.spawn(
      audit.drain((line) =>
        Task.sync(() => {
          options.auditSink?.(line)
          counts.auditLines++
        }),
      ),
      { name: 'audit writer' },
    )

    const stop = loop.createFuture<string>()
    const requestStop = (why: string) => (): void => {
      if (!stop.done()) stop.setResult(why)
    }
    if (options.handleSigterm === true) loop.addSignalHandler('SIGTERM', requestStop('SIGTERM'))

    /** Stop accepting; grace period; cancel the rest; drain the audit queue; close. */
    const shutdown = Task.gen(function* () {
      stopping = true
      if (options.handleSigterm === true) loop.removeSignalHandler('SIGTERM')
      server.close(() => serverClosed.setResult(undefined))
      server.closeIdleConnections()
      if (inFlight.size > 0) {
        const { pending } = yield* Task.wait([...inFlight], { timeout: graceMs })
        if (pending.length > 0) {
          for (const fiber of pending) fiber.cancel('server shutting down')
          yield* Task.gather(pending, { returnExceptions: true })
        }
      }
      audit.shutdown() // the writer finishes what is queued, then ends
      yield* auditWriter
      server.closeAllConnections()
      yield* serverClosed
    })

    onListening(listening, () => report(), requestStop('shutdown()'))
    yield* pipe(Task.join(stop), Task.ensuring(shutdown))
    return report(true)
  })

/**
 * Starts the server on its own loop (`run`), for tests and the load harness; resolves once it
 * listens.
 *
 * @example
 * const server = await startServer({ port: 0 })
 * await fetch(`http://127.0.0.1:${server.port}/work?ms=5`)
 * const report = await server.shutdown()
 */
export const startServer = (options: ServerOptions = {}): Promise<ServerHandle> =>
  new Promise((resolve, reject) => {
    let started = false
    const closed = run(
      serve(options, (port, report, stop) => {
        started = true
        resolve({ port, report, closed, shutdown: () => (stop(), closed) })
      }),
      { signals: false },
    )
    closed.catch((error: unknown) => {
      if (!started) reject(error)
    })
  })

if (isMain(import.meta.url)) {
  // SIGTERM: the loop's handler stops the server gracefully; the process then exits 0.
  // SIGINT: run cancels the server task, whose shutdown runs as its finalizer; then the process
  // ends by SIGINT, as a shell expects of Ctrl-C.
  const report = await run(
    serve({ ...optionsFromArgv(process.argv), handleSigterm: true }, (port) => {
      console.log(`listening on http://127.0.0.1:${port} (pid ${process.pid})`)
    }),
  )
  console.log(JSON.stringify(report))
}
