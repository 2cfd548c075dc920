/**
 * The server of `examples/server.ts`, written the way a careful Node programmer would without
 * taskloop: async/await, an AbortController per request, and hand-made helpers for what
 * taskloop provides (a deadline that aborts only the query, a semaphore whose waiters can
 * give up, a bounded queue, a shutdown that cancels the stragglers and waits for them).
 *
 * Same routes, options and report (`server-shared.ts`), so `npm run load` compares the two.
 *
 * Run it: `npx tsx examples/server-promise.ts [--port 8080]`; stop it with Ctrl-C or SIGTERM.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ServerHandle, ServerOptions, ServerReport } from './server-shared.js'
import { cpuMs, defaults, heapUsed, isMain, newCounts, optionsFromArgv, parseWork } from './server-shared.js'

/** A counting semaphore whose `acquire` gives up (and holds nothing) when `signal` aborts. */
class Semaphore {
  private readonly waiters = new Set<{ readonly resolve: () => void }>()
  constructor(public value: number) {}

  acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted()
    if (this.value > 0 && this.waiters.size === 0) {
      this.value--
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          signal.removeEventListener('abort', onAbort)
          resolve()
        },
      }
      const onAbort = (): void => {
        this.waiters.delete(waiter)
        reject(signal.reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.waiters.add(waiter)
    })
  }

  release(): void {
    const next = this.waiters.values().next()
    if (next.done) this.value++
    else {
      this.waiters.delete(next.value) // the permit passes straight to the first waiter
      next.value.resolve()
    }
  }
}

const CLOSED = Symbol('closed')

/** A bounded queue: `put` waits for room (and gives up when `signal` aborts); `take` waits for an item. */
class BoundedQueue<A> {
  private readonly items: A[] = []
  private readonly roomWaiters = new Set<() => void>()
  private taker: ((item: A | typeof CLOSED) => void) | null = null
  private closed = false
  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.length
  }

  async put(item: A, signal: AbortSignal): Promise<void> {
    while (this.items.length >= this.capacity) {
      signal.throwIfAborted()
      await new Promise<void>((resolve, reject) => {
        const onRoom = (): void => {
          signal.removeEventListener('abort', onAbort)
          resolve()
        }
        const onAbort = (): void => {
          this.roomWaiters.delete(onRoom)
          reject(signal.reason)
        }
        signal.addEventListener('abort', onAbort, { once: true })
        this.roomWaiters.add(onRoom)
      })
    }
    signal.throwIfAborted()
    if (this.closed) throw new Error('queue closed')
    const taker = this.taker
    if (taker !== null) {
      this.taker = null
      taker(item)
    } else this.items.push(item)
  }

  take(): Promise<A | typeof CLOSED> {
    if (this.items.length > 0) {
      const item = this.items.shift()!
      const room = this.roomWaiters.values().next()
      if (!room.done) {
        this.roomWaiters.delete(room.value)
        room.value()
      }
      return Promise.resolve(item)
    }
    if (this.closed) return Promise.resolve(CLOSED)
    return new Promise((resolve) => (this.taker = resolve))
  }

  /** Takers get what is queued, then CLOSED. */
  close(): void {
    this.closed = true
    const taker = this.taker
    this.taker = null
    taker?.(CLOSED)
  }
}

class DeadlineExceeded extends Error {}

/** Runs `f` with a signal aborted by `parent` or after `ms`; a passed deadline is a `DeadlineExceeded`. */
const withDeadline = async <A>(ms: number, parent: AbortSignal, f: (signal: AbortSignal) => Promise<A>): Promise<A> => {
  const controller = new AbortController()
  const deadline = new DeadlineExceeded(`deadline of ${ms} ms passed`)
  const timer = setTimeout(() => controller.abort(deadline), ms)
  const forward = (): void => controller.abort(parent.reason)
  parent.addEventListener('abort', forward, { once: true })
  try {
    return await f(controller.signal)
  } catch (error) {
    throw controller.signal.aborted && controller.signal.reason === deadline && !parent.aborted ? deadline : error
  } finally {
    clearTimeout(timer)
    parent.removeEventListener('abort', forward)
  }
}

const reply = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/**
 * Starts the server; resolves once it listens.
 *
 * @example
 * const server = await startServer({ port: 0 })
 * await fetch(`http://127.0.0.1:${server.port}/work?ms=5`)
 * const report = await server.shutdown()
 */
export const startServer = async (options: ServerOptions = {}): Promise<ServerHandle> => {
  const { port, deadlineMs, dbConcurrency, graceMs, auditCapacity } = { ...defaults, ...options }
  const counts = newCounts()
  const db = new Semaphore(dbConcurrency)
  const audit = new BoundedQueue<string>(auditCapacity)
  /** Each request in flight, with the controller that cancels it. */
  const inFlight = new Map<Promise<void>, { readonly controller: AbortController; why: string }>()
  const unfinalized = new Set<number>()
  let nextId = 0
  let stopping = false

  const report = (collect = false): ServerReport => ({
    ...counts,
    alive: inFlight.size,
    dbPermitsHeld: dbConcurrency - db.value,
    auditQueued: audit.size,
    heapUsed: heapUsed(collect),
    cpuMs: cpuMs(),
  })

  const query = async (ms: number, signal: AbortSignal) => {
    await db.acquire(signal)
    try {
      await sleep(ms, undefined, { signal })
      return { rows: 1, ms }
    } finally {
      db.release()
    }
  }

  const handle = async (id: number, res: ServerResponse, work: { ms: number; deadline: number }, request: { controller: AbortController; why: string }): Promise<void> => {
    const signal = request.controller.signal
    try {
      let status: number
      let body: unknown
      try {
        body = await withDeadline(work.deadline, signal, (s) => query(work.ms, s))
        status = 200
      } catch (error) {
        if (!(error instanceof DeadlineExceeded)) throw error
        status = 504
        body = { error: error.message }
      }
      await audit.put(`${id} ${status} work=${work.ms} deadline=${work.deadline}`, signal)
      signal.throwIfAborted()
      reply(res, status, body, { 'x-request-id': String(id) })
      counts.completed++
      if (status === 200) counts.ok++
      else counts.timedOut++
    } catch (error) {
      if (!signal.aborted) throw error
      if (request.why === 'client') counts.clientAborted++
      else {
        counts.cancelledAtShutdown++
        reply(res, 503, { error: 'server shutting down' }, { connection: 'close' })
      }
    } finally {
      counts.finalized++
      if (!unfinalized.delete(id)) counts.finalizedTwice++
    }
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url?.startsWith('/stats')) return reply(res, 200, report(req.url.includes('gc=1')))
    const work = parseWork(req.url, deadlineMs)
    if (work === undefined) return reply(res, 404, { error: 'no such route' })
    if (stopping) {
      counts.refused++
      return reply(res, 503, { error: 'server shutting down' }, { connection: 'close' })
    }
    const id = ++nextId
    counts.started++
    unfinalized.add(id)
    const request = { controller: new AbortController(), why: '' }
    const done: Promise<void> = handle(id, res, work, request).then(
      () => void inFlight.delete(done),
      (error: unknown) => {
        inFlight.delete(done)
        console.error(`request ${id} failed:`, error)
      },
    )
    inFlight.set(done, request)
    res.on('close', () => {
      if (!res.writableEnded && !request.controller.signal.aborted) {
        request.why = 'client'
        request.controller.abort(new Error('client disconnected'))
      }
    })
  }

  const auditWriter = (async () => {
    for (;;) {
      const line = await audit.take()
      if (line === CLOSED) return
      options.auditSink?.(line)
      counts.auditLines++
    }
  })()

  const server = createServer(onRequest)
  server.keepAliveTimeout = 5_000
  const listening = await new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port))
  })

  let resolveClosed: (report: ServerReport) => void = () => {}
  const closed = new Promise<ServerReport>((resolve) => (resolveClosed = resolve))
  let shuttingDown: Promise<ServerReport> | null = null
  const shutdown = (): Promise<ServerReport> =>
    (shuttingDown ??= (async () => {
      stopping = true
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      if (inFlight.size > 0) {
        const grace = new AbortController()
        const all = Promise.allSettled([...inFlight.keys()])
        await Promise.race([all, sleep(graceMs, undefined, { signal: grace.signal }).catch(() => {})])
        grace.abort()
        for (const request of inFlight.values()) {
          request.why = 'shutdown'
          request.controller.abort(new Error('server shutting down'))
        }
        await Promise.allSettled([...inFlight.keys()])
      }
      audit.close() // the writer finishes what is queued, then ends
      await auditWriter
      server.closeAllConnections()
      await serverClosed
      const final = report(true)
      resolveClosed(final)
      return final
    })())

  return { port: listening, report: () => report(), shutdown, closed }
}

if (isMain(import.meta.url)) {
  const server = await startServer(optionsFromArgv(process.argv))
  console.log(`listening on http://127.0.0.1:${server.port} (pid ${process.pid})`)
  const stop = (): void => {
    process.removeListener('SIGTERM', stop)
    process.removeListener('SIGINT', stop)
    void server.shutdown().then((report) => console.log(JSON.stringify(report)))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
