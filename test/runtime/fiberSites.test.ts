/**
 * Where a fiber's coroutines await and where a fiber was created (debug mode), read from
 * JavaScript stacks as the host formats them; the traceback of a fiber that joined one that had
 * already failed; the coroutine a trace step is named after.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { pipe } from 'fp-ts/lib/function.js'
import { Loop, Task, TraceRecorder, runSync } from '../../lib/index.js'

/** The line of this file that holds `marker` (written once, in a comment). */
const lineOf = (marker: string): number =>
  readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').findIndex((l) => l.includes(`// ${marker}`)) + 1

/** A location in this file, as the host prints it, shortened to `here:<line>` (columns vary with the transform). */
const shorten = (text: string): string => text.replace(/\S*fiberSites\.test\.ts:(\d+):\d+/g, 'here:$1')

/** How a host prints one frame of a stack (`Error.prepareStackTrace`): `undefined` leaves it out. */
type PrintFrame = (site: NodeJS.CallSite) => string | undefined

/** V8's own form of a frame, `    at Type.name (location)`, with `scheme` before the file (`file://` in an ES module). */
const v8Frame =
  (scheme = ''): PrintFrame =>
  (site) => {
    const type = site.getTypeName()
    const name = `${type !== null && type !== 'Object' ? `${type}.` : ''}${site.getFunctionName() ?? '<anonymous>'}`
    return `    at ${name} (${scheme}${site.getFileName() ?? ''}:${site.getLineNumber() ?? 0}:${site.getColumnNumber() ?? 0})`
  }

/** True for the frame of the coroutine named `work` used in these tests. */
const isWork = (site: NodeJS.CallSite): boolean => site.getFunctionName() === 'work'

/**
 * Runs `body` while the host formats stacks with `header` (the message line; `undefined` for
 * none) followed by each frame as `print` gives it, skipping the first `skip` frames. Stacks are
 * formatted when first read, so only the stacks read inside `body` take this form.
 */
const withStackFormat = <A>(format: { header?: string | undefined; skip?: number; print: PrintFrame }, body: () => A): A => {
  const saved = Error.prepareStackTrace
  Error.prepareStackTrace = (_error, sites) => {
    const frames = sites.slice(format.skip ?? 0).map(format.print).filter((l): l is string => l !== undefined)
    return (format.header === undefined ? frames : [format.header, ...frames]).join('\n')
  }
  try {
    return body()
  } finally {
    Error.prepareStackTrace = saved
  }
}

describe('where a coroutine awaits, as the host prints its stack (debug mode)', () => {
  it("reads the coroutine's location from the frame right below taskloop's await, whatever form the host gives it", async () => {
    // each host prints the coroutine's frame as `work` (other frames in V8's form); the path is what a snapshot shows
    const hosts: Array<{ host: string; header?: string | undefined; skip?: number; print: PrintFrame }> = [
      { host: 'an ES module (file URLs)', header: 'Error', print: (s) => (isWork(s) ? '    at work (file:///app/bank.ts:12:5)' : v8Frame('file://')(s)) },
      { host: 'a frame with no function name', header: 'Error', print: (s) => (isWork(s) ? '    at file:///app/bank.ts:12:5' : v8Frame()(s)) },
      { host: 'a frame that ends in spaces', header: 'Error', print: (s) => (isWork(s) ? '    at work (/app/bank.ts:12:5)  ' : v8Frame()(s)) },
      { host: 'a frame with spaces after "at"', header: 'Error', print: (s) => (isWork(s) ? '    at   /app/bank.ts:12:5' : v8Frame()(s)) },
      { host: 'code compiled by eval', header: 'Error', print: (s) => (isWork(s) ? '    at work (eval at load (file:///app/load.ts:3:9), <anonymous>:1:20)' : v8Frame()(s)) },
      { host: 'another engine (name@location)', header: 'Error', print: (s) => `${s.getTypeName() === 'YieldOnce' ? 'YieldOnce.' : ''}${s.getFunctionName() ?? ''}@${isWork(s) ? '/app/bank.ts:12:5' : s.getFileName() ?? ''}` },
      { host: 'frames only, from the caller of the capture', skip: 1, print: (s) => (isWork(s) ? '    at work (/app/bank.ts:12:5)' : v8Frame()(s)) },
      { host: "taskloop's frames hidden, no message line", print: (s) => (isWork(s) ? '    at work (/app/bank.ts:12:5)' : undefined) },
      { host: "taskloop's frames hidden", header: 'Error', print: (s) => (isWork(s) ? '    at work (/app/bank.ts:12:5)' : undefined) },
      { host: 'no frames at all', header: 'Error', print: () => undefined },
    ]
    const paths: Array<{ host: string; stack: string[] | undefined }> = []
    for (const { host, header, skip, print } of hosts) {
      const loop = new Loop({ clock: 'virtual', debug: true, slowStepMs: Infinity })
      const main = loop.createTask(
        Task.gen(function* work() {
          yield* Task.sleep(10)
        }),
        { name: 'main' },
      )
      await loop.runUntilComplete(Task.sleep(1))
      const stack = withStackFormat({ header, skip, print }, () => loop.snapshot().fibers.find((f) => f.id === main.id)?.stack)
      paths.push({ host, stack: stack === undefined ? undefined : [...stack] })
      main.cancel()
      await loop.runUntilComplete(Task.sleep(1))
      loop.close()
    }
    expect(paths).toEqual([
      { host: 'an ES module (file URLs)', stack: ['work#1 (/app/bank.ts:12:5)'] },
      { host: 'a frame with no function name', stack: ['work#1 (/app/bank.ts:12:5)'] },
      { host: 'a frame that ends in spaces', stack: ['work#1 (/app/bank.ts:12:5)'] },
      { host: 'a frame with spaces after "at"', stack: ['work#1 (/app/bank.ts:12:5)'] },
      // no location in parentheses at the end of the line: all of it after "at", as the host wrote it
      { host: 'code compiled by eval', stack: ['work#1 (work (eval at load (file:///app/load.ts:3:9), <anonymous>:1:20))'] },
      // neither form: no location, and no error
      { host: 'another engine (name@location)', stack: ['work#1'] },
      { host: 'frames only, from the caller of the capture', stack: ['work#1 (/app/bank.ts:12:5)'] },
      // without taskloop's frame, nothing says which frame is the coroutine's: no location rather than a guess
      { host: "taskloop's frames hidden, no message line", stack: ['work#1'] },
      { host: "taskloop's frames hidden", stack: ['work#1'] },
      { host: 'no frames at all', stack: ['work#1'] },
    ])
  })
})

describe('where a fiber was created, as the host prints its stack (debug mode)', () => {
  /**
   * Fibers pending at `close`, each reported with where it was created: `main` and `chain` by
   * `createTask`, `atAwait` by a coroutine's `yield*`, `underMap` and `inWaitFor` by a
   * coroutine's `yield*` of a mapped spawn and of a spawn inside `waitFor` (whose own coroutine
   * is taskloop's), `byChain` and `byDirect` by fibers with no coroutine. The report of each, by
   * fiber name, with `stacks` formatting the stacks read at `close`.
   */
  const reportsAtClose = async (stacks: { header?: string | undefined; print: PrintFrame } | undefined): Promise<{ reports: Record<string, string>; chain: number; direct: number }> => {
    const reports: Record<string, string> = {}
    const loop = new Loop({
      clock: 'virtual',
      debug: true,
      slowStepMs: Infinity,
      exceptionHandler: (ctx) => void (reports[(ctx.fiber as { name: string }).name] = ctx.message),
    })
    loop.createTask( // CREATES MAIN
      Task.gen(function* work() {
        yield* Task.spawn(Task.never, { name: 'atAwait' }) // SPAWNS AT AWAIT
        yield* pipe(Task.spawn(Task.never, { name: 'underMap' }), Task.map(() => undefined)) // SPAWNS UNDER MAP
        yield* Task.waitFor(Task.spawn(Task.never, { name: 'inWaitFor' }), 100) // SPAWNS IN WAIT FOR
        yield* Task.never
      }),
      { name: 'main' },
    )
    const chain = loop.createTask(pipe(Task.spawn(Task.never, { name: 'byChain' }), Task.flatMap(() => Task.never)), { name: 'chain' }) // CREATES CHAIN
    const direct = loop.createTask(Task.spawn(Task.never, { name: 'byDirect' }), { name: 'direct' }) // CREATES DIRECT
    await loop.runUntilComplete(Task.sleep(1))
    if (stacks === undefined) loop.close()
    else withStackFormat(stacks, () => loop.close())
    return { reports, chain: chain.id, direct: direct.id }
  }
  const pending = 'Task was destroyed but it is pending!'

  it("names the user's line: the createTask call, or the user coroutine's yield* (also of a mapped spawn or a spawn inside waitFor), or the creating fiber and its line", async () => {
    const { reports, chain, direct } = await reportsAtClose(undefined)
    expect(Object.fromEntries(Object.entries(reports).map(([name, message]) => [name, shorten(message)]))).toEqual({
      main: `${pending}\n  created at here:${lineOf('CREATES MAIN')}`,
      atAwait: `${pending}\n  created at here:${lineOf('SPAWNS AT AWAIT')}`,
      underMap: `${pending}\n  created at here:${lineOf('SPAWNS UNDER MAP')}`,
      inWaitFor: `${pending}\n  created at here:${lineOf('SPAWNS IN WAIT FOR')}`,
      chain: `${pending}\n  created at here:${lineOf('CREATES CHAIN')}`,
      byChain: `${pending}\n  created by fiber #${chain} 'chain', created at here:${lineOf('CREATES CHAIN')}`,
      byDirect: `${pending}\n  created by fiber #${direct} 'direct', created at here:${lineOf('CREATES DIRECT')}`,
    })
  })

  it('in an ES module (file URLs), a fiber created at a yield* is named by a file URL, as one created by createTask is', async () => {
    const { reports, chain, direct } = await reportsAtClose({ header: 'Error', print: (s) => (isWork(s) ? '    at work (file:///app/bank.ts:12:5)' : v8Frame('file://')(s)) })
    const here = (message: string) => message.replace(/file:\/\/\/\S*fiberSites\.test\.ts:\d+:\d+/g, 'file://<here>')
    expect(Object.fromEntries(Object.entries(reports).map(([name, message]) => [name, here(message)]))).toEqual({
      main: `${pending}\n  created at file://<here>`,
      atAwait: `${pending}\n  created at file:///app/bank.ts:12:5`,
      underMap: `${pending}\n  created at file:///app/bank.ts:12:5`,
      inWaitFor: `${pending}\n  created at file:///app/bank.ts:12:5`,
      chain: `${pending}\n  created at file://<here>`,
      byChain: `${pending}\n  created by fiber #${chain} 'chain', created at file://<here>`,
      byDirect: `${pending}\n  created by fiber #${direct} 'direct', created at file://<here>`,
    })
  })

  it("a stack that shows no user line, or hides taskloop's frames, gives no creation line (the creating fiber is still named)", async () => {
    for (const stacks of [
      { header: 'Error', print: () => undefined },
      { header: 'Error', print: (s: NodeJS.CallSite) => (isWork(s) ? '    at work (/app/bank.ts:12:5)' : undefined) },
    ]) {
      const { reports, chain, direct } = await reportsAtClose(stacks)
      expect(reports).toEqual({
        main: pending,
        atAwait: pending,
        underMap: pending,
        inWaitFor: pending,
        chain: pending,
        byChain: `${pending}\n  created by fiber #${chain} 'chain'`,
        byDirect: `${pending}\n  created by fiber #${direct} 'direct'`,
      })
    }
  })
})

describe('the traceback of a fiber that awaited a failure', () => {
  it('names the fiber or future it joined, whether that one had failed before the await or failed during it; a cancellation leaves no traceback', async () => {
    const loop = new Loop({ clock: 'virtual' })
    const failedEarly = loop.createTask(Task.fail(new Error('early')), { name: 'failedEarly' })
    const failedLate = loop.createTask(pipe(Task.sleep(2), Task.flatMap(() => Task.fail(new Error('late')))), { name: 'failedLate' })
    const cancelled = loop.createTask(Task.never, { name: 'cancelled' })
    const future = loop.createFuture<never, Error>()
    future.setException(new Error('settled'))
    const awaiting = (target: object, name: string) =>
      loop.createTask(
        Task.gen(function* awaits() {
          yield* Task.sleep(1)
          yield* (target as typeof future)
        }),
        { name },
      )
    const fibers = [awaiting(failedEarly, 'joinsEarly'), awaiting(failedLate, 'joinsLate'), awaiting(future, 'awaitsFuture'), awaiting(cancelled, 'joinsCancelled')]
    cancelled.cancel()
    await loop.runUntilComplete(Task.sleep(3))
    expect(fibers.map((f) => [f.name, f.done() ? (f.cancelled() ? 'cancelled' : 'failed') : 'pending', f.traceback()?.replace(/ \(.*\)$/gm, '')])).toEqual([
      ['joinsEarly', 'failed', '    at async join failedEarly in awaits'],
      ['joinsLate', 'failed', '    at async join failedLate in awaits'],
      ['awaitsFuture', 'failed', '    at async future in awaits'],
      ['joinsCancelled', 'cancelled', undefined],
    ])
  })
})

describe('the coroutine a trace step is named after', () => {
  it('is the innermost coroutine on the fiber, found below the frames of the tasks it awaits', () => {
    const recorder = new TraceRecorder()
    const outcome = runSync(
      Task.gen(function* work() {
        return yield* pipe(
          Task.sleep(1),
          Task.map(() => 1),
          Task.map((n) => n + 1),
        )
      }),
      { trace: recorder },
    )
    expect(outcome).toEqual({ _tag: 'Succeeded', value: 2 })
    // the first step ends parked on the sleep, under the two maps; the second starts there
    expect(recorder.events().filter((e) => e.cat === 'step').map((e) => e.name)).toEqual(['work', 'work'])
  })
})
