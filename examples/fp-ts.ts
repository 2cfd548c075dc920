/**
 * taskloop with fp-ts and io-ts: a dashboard that loads three JSON resources from a
 * (simulated) HTTP API, decodes each with an io-ts codec, and runs the three requests
 * concurrently with `ApplicativePar` — then the same under a deadline, and under an abort.
 *
 * Run it with `npx tsx examples/fp-ts.ts`.
 *
 * Two kinds of deadline: `Task.timeout(ms)` inside the program (the request is cancelled,
 * its signal aborted, and the task fails with taskloop's `TimeoutError`), and an
 * `AbortSignal.timeout(ms)` handed to `toPromise` from outside (the promise rejects with a
 * `CancelledError` whose `cause` is the signal's reason).
 */
import { sequenceT } from 'fp-ts/lib/Apply.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { CancelledError, DecodeError, Task, TimeoutError, toPromise } from '../lib/index.js'

// ---- a fake HTTP API: foreign promises that honour an AbortSignal ------------------------

const routes: Record<string, { readonly ms: number; readonly body: unknown }> = {
  '/user/1': { ms: 30, body: { id: 1, name: 'Ada' } },
  '/user/1/orders': { ms: 40, body: [{ id: 7, total: 12.5 }, { id: 8, total: 30 }] },
  '/config': { ms: 20, body: { currency: 'EUR' } },
  '/config/broken': { ms: 10, body: { currency: 42 } },
  '/slow': { ms: 10_000, body: {} },
}

/** Like `fetch(url, { signal }).then((r) => r.json())`, with a delay instead of a network. */
const fakeFetchJson = (url: string, signal: AbortSignal): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const route = routes[url]
    if (route === undefined) return reject(new Error(`404 ${url}`))
    const timer = setTimeout(() => resolve(structuredClone(route.body)), route.ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        console.log(`  (request ${url} aborted)`)
        reject(signal.reason)
      },
      { once: true },
    )
  })

// ---- codecs and typed requests -------------------------------------------------------------

const User = t.type({ id: t.number, name: t.string })
const Orders = t.array(t.type({ id: t.number, total: t.number }))
const Config = t.type({ currency: t.string })

/** GET `url` and decode its body: fails with a `DecodeError` if the body does not fit. */
const getJson = <A>(url: string, codec: t.Decoder<unknown, A>): Task.Task<unknown, A> =>
  pipe(
    Task.promise((signal) => fakeFetchJson(url, signal)),
    Task.flatMap(Task.decode(codec)),
  )

const dashboard = (configUrl: string) =>
  pipe(
    sequenceT(Task.ApplicativePar)(getJson('/user/1', User), getJson('/user/1/orders', Orders), getJson(configUrl, Config)),
    Task.map(([user, orders, config]) => {
      const total = orders.reduce((sum, o) => sum + o.total, 0)
      return `${user.name}: ${orders.length} orders, ${total.toFixed(2)} ${config.currency}`
    }),
  )

const describeError = (e: unknown): string => {
  if (e instanceof CancelledError) return `cancelled, because ${e.cause instanceof Error ? `${e.cause.name}: ${e.cause.message}` : String(e.cause)}`
  if (e instanceof TimeoutError) return `TimeoutError: ${e.message}`
  if (e instanceof DecodeError) return `DecodeError: ${e.message.replace(/\n\s*/g, ' / ')}`
  return String(e)
}

const main = async (): Promise<void> => {
  console.log('1. three requests, concurrently:')
  const started = performance.now()
  console.log(`  ${await toPromise(dashboard('/config'))}`)
  console.log(`  took ${Math.round(performance.now() - started)} ms (the slowest request, not the sum)`)

  console.log('2. a malformed response fails the whole, and cancels the other requests:')
  await toPromise(dashboard('/config/broken')).catch((e: unknown) => console.log(`  ${describeError(e)}`))

  console.log('3. a deadline of 100 ms on a slow request, with Task.timeout:')
  const slow = pipe(getJson('/slow', Config), Task.map((c) => c.currency))
  await toPromise(pipe(slow, Task.timeout(100))).catch((e: unknown) => console.log(`  ${describeError(e)}`))

  console.log('4. the same deadline from outside, with AbortSignal.timeout:')
  await toPromise(slow, { signal: AbortSignal.timeout(100) }).catch((e: unknown) => console.log(`  ${describeError(e)}`))

  console.log('5. the user navigates away (an abort) while the dashboard loads:')
  const controller = new AbortController()
  setTimeout(() => controller.abort(new Error('navigated away')), 25)
  await toPromise(dashboard('/config'), { signal: controller.signal }).catch((e: unknown) => console.log(`  ${describeError(e)}`))
}

await main()
