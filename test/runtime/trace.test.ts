/**
 * The timeline (`TraceRecorder`, `run(main, { trace })`): the Chrome Trace events of small
 * virtual-clock programs, pinned; the same trace on every run; the ring's bound; the errors of
 * bad options.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Fiber, InvalidStateError, Loop, LoopError, Queue, Task, TraceRecorder, run, runSync } from '../../lib/index.js'
import type { ChromeTraceEvent } from '../../lib/index.js'

/** One line per event: phase, track, time (and duration), name, flow id — what a viewer draws. */
/** The metadata events (process and track names, track order), a line each. */
const metadata = (events: ChromeTraceEvent[]): string[] => events.filter((e) => e.ph === 'M').map((e) => `${e.name} ${e.tid} ${JSON.stringify(e.args)}`)

/** The metadata of a trace whose tracks are the loop, `main`, `c1` and `c2`, in that order. */
const TRACKS_MAIN_C1_C2 = [
  'process_name 0 {"name":"taskloop"}',
  'thread_name 0 {"name":"loop"}',
  'thread_sort_index 0 {"sort_index":0}',
  'thread_name 1 {"name":"main"}',
  'thread_sort_index 1 {"sort_index":1}',
  'thread_name 2 {"name":"c1"}',
  'thread_sort_index 2 {"sort_index":2}',
  'thread_name 3 {"name":"c2"}',
  'thread_sort_index 3 {"sort_index":3}',
]

const compact = (events: ChromeTraceEvent[]): string[] =>
  events
    .filter((e) => e.ph !== 'M')
    .map((e) => `${e.ph} ${e.tid} ${e.ts}${e.dur === undefined ? '' : `+${e.dur}`} ${e.name}${e.id === undefined ? '' : ` #${e.id}`}`)

const trackNames = (events: ChromeTraceEvent[]): Record<number, unknown> =>
  Object.fromEntries(events.filter((e) => e.name === 'thread_name').map((e) => [e.tid, e.args!['name']]))

/** main spawns a sleeper and a fiber that waits forever, awaits the sleeper, cancels the other. */
const program = (): Task.Task<never, number> =>
  Task.gen(function* main() {
    const a = yield* Task.spawn(
      Task.gen(function* worker() {
        yield* Task.sleep(10)
        return 10
      }),
      { name: 'a' },
    )
    const b = yield* Task.spawn(Task.never, { name: 'b' })
    const x = yield* a
    b.cancel('stop')
    return x
  })

describe('TraceRecorder on the virtual clock', () => {
  it('records tracks, step slices named after their coroutine, labelled waits, spawn and wake arrows, cancels and timers', () => {
    const recorder = new TraceRecorder()
    expect(runSync(program(), { trace: recorder })).toEqual({ _tag: 'Succeeded', value: 10 })
    const events = recorder.events()
    expect(trackNames(events)).toEqual({ 0: 'loop', 1: 'main', 2: 'a', 3: 'b', 4: 'shutdown' })
    expect(compact(events)).toEqual([
      // main is created outside any fiber, and its first step spawns a and b
      's 0 0 spawn #1',
      'f 1 0 spawn #1',
      's 1 0 spawn #2',
      's 1 0 spawn #3',
      'X 1 0+1 main',
      // each step is 1 µs wide at its virtual instant, side by side in the order they ran
      'f 2 1 spawn #2',
      'X 2 1+1 worker',
      "X 1 1+10000 fiber #2 'a'",
      'f 3 2 spawn #3',
      'X 3 2+1 b',
      'X 2 2+9998 sleep until 0.010 s (in 10 ms)',
      'X 3 3+9999 Task.never (only a cancel ends it)',
      // 10 ms later the timer falls due, a finishes and wakes main
      'i 2 10000 timer',
      'X 2 10000+1 worker',
      'i 2 10000 succeeded',
      's 2 10000 wake #4',
      'f 1 10001 wake #4',
      'i 3 10001 cancel requested',
      'X 1 10001+1 main',
      'i 1 10001 succeeded',
      // run's shutdown cancels b again (from outside any fiber) and awaits it
      'i 3 10002 cancel requested',
      's 0 10002 spawn #5',
      'i 3 10002 cancel delivered',
      'X 3 10002+1 b',
      'i 3 10002 cancelled',
      'f 4 10003 spawn #5',
      'X 4 10003+1 shutdown',
      's 0 10004 wake #6',
      "X 4 10004+0 run's shutdown: 0 of 1 pending",
      'f 4 10004 wake #6',
      'X 4 10004+1 shutdown',
      'i 4 10004 succeeded',
    ])
    // the details a viewer shows on click
    const find = (name: string, tid: number) => events.find((e) => e.name === name && e.tid === tid)!
    expect(find('cancel requested', 3).args).toEqual({ by: 'main', message: 'stop' })
    expect(find('cancelled', 3).args).toEqual({ message: 'stop' })
    expect(find("fiber #2 'a'", 1).cat).toBe('wait')
    expect(find('main', 1).args).toEqual({ fiber: 'main', coroutines: 'main#3' })
    expect(find('timer', 2).args).toEqual({ sleep: 'until 10 ms' })
  })

  it('is the same on every run (a test can pin it)', () => {
    const once = (): string => {
      const recorder = new TraceRecorder()
      runSync(program(), { trace: recorder })
      return JSON.stringify(recorder)
    }
    expect(once()).toBe(once())
  })

  it('a failure and a callLater timer: the ending carries the error, the timer sits on the loop track', () => {
    const r2 = new TraceRecorder()
    const o = runSync(
      Task.gen(function* () {
        const loop2 = yield* Task.getRunningLoop
        loop2.callLater(5, () => {})
        yield* Task.sleep(7)
        throw new Error('boom')
      }),
      { trace: r2 },
    )
    expect(o._tag).toBe('Failed')
    const events = r2.events()
    expect(compact(events).filter((l) => / (timer|failed)$/.test(l))).toEqual(['i 0 5000 timer', 'i 1 7000 timer', 'i 1 7000 failed'])
    expect(events.find((e) => e.name === 'failed')!.args).toEqual({ error: 'Error: boom' })
    expect(events.find((e) => e.name === 'timer' && e.tid === 0)!.args).toEqual({ callback: 'at 5 ms' })
  })

  it("a put that wakes a blocked get draws a wake arrow from the putter's step to the getter's next step", () => {
    const recorder = new TraceRecorder()
    const program = Task.gen(function* main() {
      const jobs = new Queue<number>({ name: 'jobs' })
      const consumer = yield* Task.spawn(jobs.get(), { name: 'consumer' })
      yield* Task.sleep(5)
      yield* jobs.put(7)
      return yield* consumer
    })
    expect(runSync(program, { trace: recorder })).toEqual({ _tag: 'Succeeded', value: 7 })
    expect(compact(recorder.events()).slice(7, 13)).toEqual([
      // the consumer (track 2) waits on the queue from its first step until main's put at 5 ms
      "X 2 2+4999 Queue 'jobs'.get (0 items, 1 getter)",
      'i 1 5000 timer',
      's 1 5000 wake #3',
      'X 1 5000+1 main',
      'f 2 5001 wake #3',
      'X 2 5001+1 consumer',
    ])
  })

  it('a fiber still waiting when the trace is read shows its wait up to now, marked open', () => {
    const recorder = new TraceRecorder()
    expect(() => runSync(Task.gen(function* stuck() {
      yield* Task.sleep(3)
      yield* Task.never
    }), { trace: recorder })).toThrow(LoopError)
    const open = recorder.events().filter((e) => e.args?.['open'] === true)
    expect(open.map((e) => [e.name, e.tid, e.ts, e.dur])).toEqual([['Task.never (only a cancel ends it)', 1, 3001, 0]])
  })
})

describe('the ring', () => {
  it('keeps the last `capacity` events and counts the ones it dropped', () => {
    const steps = (n: number) =>
      Task.gen(function* busy() {
        for (let i = 0; i < n; i++) yield* Task.cede
      })
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 30 }), (capacity, n) => {
        const all = new TraceRecorder()
        runSync(steps(n), { trace: all })
        const bounded = new TraceRecorder({ capacity })
        runSync(steps(n), { trace: bounded })
        const everything = compact(all.events())
        const kept = compact(bounded.events())
        expect(kept.length).toBe(Math.min(capacity, everything.length))
        expect(bounded.dropped).toBe(everything.length - kept.length)
        expect(all.dropped).toBe(0)
        // the same events as the unbounded trace's last ones (in time order)
        expect([...kept].sort()).toEqual([...everything.slice(everything.length - kept.length)].sort())
      }),
      { numRuns: 60 },
    )
  })

  it('a capacity as large as an array can be costs nothing until events come; beyond that it is a RangeError naming the limit', () => {
    const recorder = new TraceRecorder({ capacity: 2 ** 32 - 1 })
    runSync(Task.sleep(10), { trace: recorder })
    expect(recorder.events().filter((e) => e.cat === 'step').map((e) => e.name)).toEqual(['main', 'main'])
    expect(recorder.dropped).toBe(0)
    expect(() => new TraceRecorder({ capacity: 2 ** 32 })).toThrow(/capacity must be at most 4294967295 \(an array's length\), got 4294967296/)
    expect(() => new TraceRecorder({ capacity: 1e300 })).toThrow(RangeError)
  })

  it('holds no more than `capacity` events however long the program runs', () => {
    const recorder = new TraceRecorder({ capacity: 100 })
    runSync(
      Task.gen(function* () {
        for (let i = 0; i < 5000; i++) yield* Task.spawn(Task.cede)
        yield* Task.sleep(1)
      }),
      { trace: recorder },
    )
    const events = recorder.events().filter((e) => e.ph !== 'M')
    expect(events.length).toBe(100)
    expect(recorder.dropped).toBeGreaterThan(20_000)
    // track names are kept only for tracks the kept events mention
    expect(recorder.events().filter((e) => e.name === 'thread_name').length).toBeLessThanOrEqual(101)
  })
})

describe('TraceRecorder on the real clock', () => {
  it('a step that computes for 3 ms of real time is a slice at least 3 ms wide', async () => {
    const recorder = new TraceRecorder()
    await run(
      Task.sync(() => {
        const start = performance.now()
        while (performance.now() - start < 3) {
          // computing
        }
      }),
      { trace: recorder },
    )
    const steps = recorder.events().filter((e) => e.cat === 'step')
    // (less a nanosecond: each end of the slice is rounded to the nanosecond)
    expect(steps.map((e) => e.dur! >= 2999.999)).toEqual([true])
  })

  it('timestamps are the loop time in µs; slices have their real duration', async () => {
    const recorder = new TraceRecorder()
    await run(Task.gen(function* real() {
      yield* Task.sleep(5)
    }), { trace: recorder })
    const steps = recorder.events().filter((e) => e.cat === 'step')
    expect(steps.length).toBeGreaterThanOrEqual(2)
    for (const s of steps) expect(s.dur).toBeGreaterThanOrEqual(0)
    const sleep = recorder.events().find((e) => e.cat === 'wait' && e.name.startsWith('sleep until '))!
    // the wait ends no sooner than the sleep's deadline, 5 ms of real time after the step that
    // began it started (in µs, less the clock's resolution); on a loaded machine the step itself
    // may take most of those 5 ms, so the wait slice alone can be short
    expect(sleep.ts! + sleep.dur!).toBeGreaterThanOrEqual(steps[0]!.ts! + 4000)
    expect(recorder.toJSON().otherData.clock).toBe('real')
  })
})

describe('run(main, { trace: path })', () => {
  it('writes the Chrome Trace JSON when the run is over', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'taskloop-trace-')), 'trace.json')
    expect(await run(program(), { clock: 'virtual', trace: file })).toBe(10)
    const written = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: ChromeTraceEvent[]; displayTimeUnit: string; otherData: Record<string, unknown> }
    expect(written.displayTimeUnit).toBe('ms')
    expect(written.otherData).toEqual({ clock: 'virtual', capacity: 100_000, dropped: 0 })
    const recorder = new TraceRecorder()
    await run(program(), { clock: 'virtual', trace: recorder })
    expect(written.traceEvents).toEqual(recorder.events())
  })

  it('is written when the run ends cancelled too', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'taskloop-trace-')), 'stuck.json')
    const loopGone = run(Task.never, { trace: file, signal: AbortSignal.abort() })
    await expect(loopGone).rejects.toThrow()
    const written = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: ChromeTraceEvent[] }
    expect(written.traceEvents.filter((e) => e.name === 'cancel requested' || e.name === 'cancelled').map((e) => e.name)).toEqual(['cancel requested', 'cancelled'])
  })

  it('a file that cannot be written is reported; the run’s value stands', async () => {
    const reports: string[] = []
    const value = await run(Task.of(1), { clock: 'virtual', trace: '/nonexistent-dir/x/trace.json', exceptionHandler: (c) => void reports.push(c.message) })
    expect(value).toBe(1)
    expect(reports).toEqual(['writing the trace to /nonexistent-dir/x/trace.json failed'])
  })
})

describe('bad options', () => {
  it('are refused where they are given, and nothing runs', () => {
    let ran = false
    const main = Task.sync(() => {
      ran = true
    })
    expect(() => runSync(main, { trace: 42 as never })).toThrow(TypeError)
    expect(() => run(main, { trace: '' })).toThrow(/empty string/)
    expect(() => runSync(main, { trace: 'trace.json' as never })).toThrow(/runSync: trace must be a TraceRecorder, got/)
    expect(() => run(main, { trace: {} as never })).toThrow(/trace must be a file path or a TraceRecorder, got/)
    expect(() => new Loop({ trace: 'trace.json' as never })).toThrow(/new Loop: trace must be a TraceRecorder, got/)
    expect(() => new TraceRecorder({ capacity: 0 })).toThrow(RangeError)
    expect(() => new TraceRecorder({ capacity: 1.5 })).toThrow(TypeError)
    expect(() => new TraceRecorder({ capacity: '10' as never })).toThrow(/capacity must be an integer, got/)
    expect(ran).toBe(false)
  })

  it('a recorder records one loop', () => {
    const recorder = new TraceRecorder()
    new Loop({ clock: 'virtual', trace: recorder }).close()
    expect(() => new Loop({ clock: 'virtual', trace: recorder })).toThrow(InvalidStateError)
    expect(String(recorder)).toBe('TraceRecorder<0 events>')
  })
})

describe("the trace's events in full", () => {
  it('every event of the small program carries its category, arguments and flow binding (times aside), and the tracks their names and order', () => {
    const recorder = new TraceRecorder()
    runSync(program(), { trace: recorder })
    expect(String(recorder)).toBe('TraceRecorder<32 events>')
    const withoutTimes = recorder.events().map(({ ts: _ts, dur: _dur, ...rest }) => rest)
    expect(withoutTimes).toEqual([
      { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: 'taskloop' } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 0, args: { name: 'loop' } },
      { name: 'thread_sort_index', ph: 'M', pid: 1, tid: 0, args: { sort_index: 0 } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 1, args: { name: 'main' } },
      { name: 'thread_sort_index', ph: 'M', pid: 1, tid: 1, args: { sort_index: 1 } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 2, args: { name: 'a' } },
      { name: 'thread_sort_index', ph: 'M', pid: 1, tid: 2, args: { sort_index: 2 } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 3, args: { name: 'b' } },
      { name: 'thread_sort_index', ph: 'M', pid: 1, tid: 3, args: { sort_index: 3 } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 4, args: { name: 'shutdown' } },
      { name: 'thread_sort_index', ph: 'M', pid: 1, tid: 4, args: { sort_index: 4 } },
      { name: 'spawn', cat: 'spawn', ph: 's', id: 1, pid: 1, tid: 0 },
      { name: 'spawn', cat: 'spawn', ph: 'f', bp: 'e', id: 1, pid: 1, tid: 1 },
      { name: 'spawn', cat: 'spawn', ph: 's', id: 2, pid: 1, tid: 1 },
      { name: 'spawn', cat: 'spawn', ph: 's', id: 3, pid: 1, tid: 1 },
      { name: 'main', cat: 'step', ph: 'X', pid: 1, tid: 1, args: { fiber: 'main', coroutines: 'main#3' } },
      { name: 'spawn', cat: 'spawn', ph: 'f', bp: 'e', id: 2, pid: 1, tid: 2 },
      { name: 'worker', cat: 'step', ph: 'X', pid: 1, tid: 2, args: { fiber: 'a', coroutines: 'worker#1' } },
      { name: "fiber #2 'a'", cat: 'wait', ph: 'X', pid: 1, tid: 1 },
      { name: 'spawn', cat: 'spawn', ph: 'f', bp: 'e', id: 3, pid: 1, tid: 3 },
      { name: 'b', cat: 'step', ph: 'X', pid: 1, tid: 3, args: { fiber: 'b' } },
      { name: 'sleep until 0.010 s (in 10 ms)', cat: 'wait', ph: 'X', pid: 1, tid: 2 },
      { name: 'Task.never (only a cancel ends it)', cat: 'wait', ph: 'X', pid: 1, tid: 3 },
      { name: 'timer', cat: 'timer', ph: 'i', s: 't', pid: 1, tid: 2, args: { sleep: 'until 10 ms' } },
      { name: 'worker', cat: 'step', ph: 'X', pid: 1, tid: 2, args: { fiber: 'a' } },
      { name: 'succeeded', cat: 'fiber', ph: 'i', s: 't', pid: 1, tid: 2 },
      { name: 'wake', cat: 'wake', ph: 's', id: 4, pid: 1, tid: 2 },
      { name: 'wake', cat: 'wake', ph: 'f', bp: 'e', id: 4, pid: 1, tid: 1 },
      { name: 'cancel requested', cat: 'cancel', ph: 'i', s: 't', pid: 1, tid: 3, args: { by: 'main', message: 'stop' } },
      { name: 'main', cat: 'step', ph: 'X', pid: 1, tid: 1, args: { fiber: 'main' } },
      { name: 'succeeded', cat: 'fiber', ph: 'i', s: 't', pid: 1, tid: 1 },
      { name: 'cancel requested', cat: 'cancel', ph: 'i', s: 't', pid: 1, tid: 3, args: { by: 'outside any fiber' } },
      { name: 'spawn', cat: 'spawn', ph: 's', id: 5, pid: 1, tid: 0 },
      { name: 'cancel delivered', cat: 'cancel', ph: 'i', s: 't', pid: 1, tid: 3 },
      { name: 'b', cat: 'step', ph: 'X', pid: 1, tid: 3, args: { fiber: 'b' } },
      { name: 'cancelled', cat: 'fiber', ph: 'i', s: 't', pid: 1, tid: 3, args: { message: 'stop' } },
      { name: 'spawn', cat: 'spawn', ph: 'f', bp: 'e', id: 5, pid: 1, tid: 4 },
      { name: 'shutdown', cat: 'step', ph: 'X', pid: 1, tid: 4, args: { fiber: 'shutdown' } },
      { name: 'wake', cat: 'wake', ph: 's', id: 6, pid: 1, tid: 0 },
      { name: "run's shutdown: 0 of 1 pending", cat: 'wait', ph: 'X', pid: 1, tid: 4 },
      { name: 'wake', cat: 'wake', ph: 'f', bp: 'e', id: 6, pid: 1, tid: 4 },
      { name: 'shutdown', cat: 'step', ph: 'X', pid: 1, tid: 4, args: { fiber: 'shutdown' } },
      { name: 'succeeded', cat: 'fiber', ph: 'i', s: 't', pid: 1, tid: 4 },
    ])
  })
})

describe('virtual time in the trace', () => {
  it('a step starts at the same rounded microsecond as the timer that woke it, so the timer comes first (a sleep of 1.005 ms)', () => {
    const recorder = new TraceRecorder()
    runSync(
      Task.gen(function* main() {
        yield* Task.sleep(1.005)
      }),
      { trace: recorder },
    )
    expect(compact(recorder.events())).toEqual([
      's 0 0 spawn #1',
      'f 1 0 spawn #1',
      'X 1 0+1 main',
      'X 1 1+1004 sleep until 0.001 s (in 1.005 ms)',
      'i 1 1005 timer',
      'X 1 1005+1 main',
      'i 1 1005 succeeded',
    ])
  })
})

describe('track names in a small ring', () => {
  it('a fiber spawned among many keeps its name on its track, however many fibers the ring has seen since', () => {
    // 90 children (tracks 2…91) sleep 90 ms, 89 ms, … 1 ms: the last to wake is the first
    // spawned, so the 12 events kept end with c2, then c1, then main
    const recorder = new TraceRecorder({ capacity: 12 })
    runSync(
      Task.gen(function* main() {
        for (let i = 1; i <= 90; i++) yield* Task.spawn(Task.sleep(91 - i), { name: `c${i}` })
        yield* Task.sleep(100)
      }),
      { trace: recorder },
    )
    const events = recorder.events()
    expect(metadata(events)).toEqual(TRACKS_MAIN_C1_C2)
    expect(compact(events)).toEqual([
      'X 1 1+99999 sleep until 0.100 s (in 100 ms)',
      'X 2 2+89998 sleep until 0.090 s (in 90 ms)',
      'X 3 3+88997 sleep until 0.089 s (in 89 ms)',
      'i 3 89000 timer',
      'X 3 89000+1 c2',
      'i 3 89000 succeeded',
      'i 2 90000 timer',
      'X 2 90000+1 c1',
      'i 2 90000 succeeded',
      'i 1 100000 timer',
      'X 1 100000+1 main',
      'i 1 100000 succeeded',
    ])
  })

  it('the tail of a wake arrow names the fiber that completed, even when that fiber ended before the ring moved past it', () => {
    // x completes while w awaits it; before w wakes, s spawns 80 fibers, past the point where
    // the recorder forgets the names of tracks its 3 kept events no longer mention (x's, by then)
    const recorder = new TraceRecorder({ capacity: 3 })
    let seenByW: ChromeTraceEvent[] = []
    runSync(
      Task.gen(function* main() {
        let x: Fiber<never, number> | undefined
        const w = yield* Task.spawn(
          Task.gen(function* () {
            const value = yield* x!
            seenByW = recorder.events()
            return value
          }),
          { name: 'w' },
        )
        x = yield* Task.spawn(Task.of(1), { name: 'x' })
        yield* Task.spawn(
          Task.gen(function* s() {
            for (let i = 0; i < 80; i++) yield* Task.spawn(Task.of(i))
          }),
          { name: 's' },
        )
        return yield* w
      }),
      { trace: recorder },
    )
    const names = trackNames(seenByW)
    expect(seenByW.filter((e) => e.ph !== 'M').map((e) => `${e.ph} ${String(names[e.tid])} ${e.name}`)).toEqual([
      // main's wait on w, still open; x's completion waking w (the arrow's tail on x's track)
      "X main fiber #2 'w'",
      's x wake',
      "X w fiber #3 'x'",
      'f w wake',
    ])
  })

  it('the tracks are listed in number order even when the kept events mention a later fiber first', () => {
    // c2 (track 3) begins its wait before c1 (track 2) begins its second one: once the ring has
    // dropped c1's first sleep, c2's wait is the earliest event of a child
    const recorder = new TraceRecorder({ capacity: 12 })
    runSync(
      Task.gen(function* main() {
        yield* Task.spawn(
          Task.gen(function* () {
            yield* Task.sleep(5)
            yield* Task.sleep(100)
          }),
          { name: 'c1' },
        )
        yield* Task.spawn(Task.sleep(50), { name: 'c2' })
        yield* Task.sleep(200)
      }),
      { trace: recorder },
    )
    const events = recorder.events()
    expect(metadata(events)).toEqual(TRACKS_MAIN_C1_C2)
    expect(compact(events).slice(0, 3)).toEqual([
      'X 1 1+199999 sleep until 0.200 s (in 200 ms)',
      'X 3 3+49997 sleep until 0.050 s (in 50 ms)',
      'X 2 5001+99999 sleep until 0.105 s (in 100 ms)',
    ])
  })
})

describe('what a recorder reports, exactly', () => {
  it('a recorder that has recorded nothing: the process and the loop track alone, clock none', () => {
    const recorder = new TraceRecorder({ capacity: 5 })
    const metadata = [
      { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: 'taskloop' } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 0, args: { name: 'loop' } },
      { name: 'thread_sort_index', ph: 'M', pid: 1, tid: 0, args: { sort_index: 0 } },
    ]
    expect(recorder.events()).toStrictEqual(metadata)
    expect(recorder.toJSON()).toStrictEqual({ traceEvents: metadata, displayTimeUnit: 'ms', otherData: { clock: 'none', capacity: 5, dropped: 0 } })
    expect(String(recorder)).toBe('TraceRecorder<0 events>')
  })

  it('its string form counts the events it keeps and, once the ring is full, the ones it dropped', () => {
    const recorder = new TraceRecorder({ capacity: 3 })
    const counts: string[] = []
    runSync(
      Task.gen(function* main() {
        counts.push(String(recorder))
        yield* Task.cede
        counts.push(String(recorder))
        yield* Task.cede
        counts.push(String(recorder))
      }),
      { trace: recorder },
    )
    counts.push(String(recorder))
    // main's steps: the spawn arrow's two ends come before the first; each step adds its slice, the last its ending too
    expect(counts).toEqual(['TraceRecorder<2 events>', 'TraceRecorder<3 events>', 'TraceRecorder<3 events, 1 dropped>', 'TraceRecorder<3 events, 3 dropped>'])
  })

  it('bad options: the error names the option and the value given', () => {
    const refusal = (make: () => unknown): string => {
      try {
        make()
        return 'accepted'
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`
      }
    }
    const used = new TraceRecorder()
    new Loop({ clock: 'virtual', trace: used }).close()
    expect([
      refusal(() => new TraceRecorder(null as never)),
      refusal(() => new TraceRecorder(5 as never)),
      refusal(() => new TraceRecorder({ capacity: 10n as never })),
      refusal(() => new TraceRecorder({ capacity: 0 })),
      refusal(() => new TraceRecorder({ capacity: -3 })),
      refusal(() => new Loop({ clock: 'virtual', trace: used })),
    ]).toEqual([
      'TypeError: new TraceRecorder(options): options must be an object, got null',
      'TypeError: new TraceRecorder(options): options must be an object, got number 5',
      'TypeError: new TraceRecorder: capacity must be an integer, got bigint 10',
      'RangeError: new TraceRecorder: capacity must be at least 1, got 0',
      'RangeError: new TraceRecorder: capacity must be at least 1, got -3',
      'InvalidStateError: new Loop: this TraceRecorder already records another loop; give each loop a recorder of its own',
    ])
  })

  it('instants carry only the arguments that say something: an ending without an error, a cancel without a message, a due callback', () => {
    const recorder = new TraceRecorder()
    runSync(
      Task.gen(function* main() {
        const loop = yield* Task.getRunningLoop
        loop.callLater(2, () => {})
        loop.callLater(3, () => {}).cancel()
        const sleeper = yield* Task.spawn(Task.sleep(10), { name: 'sleeper' })
        yield* Task.sleep(5)
        sleeper.cancel()
        yield* Task.sleep(1)
      }),
      { trace: recorder },
    )
    const instants = recorder.events().filter((e) => e.ph === 'i')
    expect(instants.map(({ ts: _ts, ...rest }) => rest)).toStrictEqual([
      { name: 'timer', cat: 'timer', ph: 'i', s: 't', pid: 1, tid: 0, args: { callback: 'at 2 ms' } },
      { name: 'timer', cat: 'timer', ph: 'i', s: 't', pid: 1, tid: 1, args: { sleep: 'until 5 ms' } },
      { name: 'cancel requested', cat: 'cancel', ph: 'i', s: 't', pid: 1, tid: 2, args: { by: 'main' } },
      { name: 'cancel delivered', cat: 'cancel', ph: 'i', s: 't', pid: 1, tid: 2 },
      { name: 'cancelled', cat: 'fiber', ph: 'i', s: 't', pid: 1, tid: 2, args: { message: '' } },
      { name: 'timer', cat: 'timer', ph: 'i', s: 't', pid: 1, tid: 1, args: { sleep: 'until 6 ms' } },
      { name: 'succeeded', cat: 'fiber', ph: 'i', s: 't', pid: 1, tid: 1 },
    ])
  })

  it("a step's coroutine path runs from the outermost generator to the innermost, joined by ' > '", () => {
    const recorder = new TraceRecorder()
    runSync(
      Task.gen(function* outer() {
        yield* Task.gen(function* inner() {
          yield* Task.sleep(1)
        })
      }),
      { trace: recorder },
    )
    // the path is read when the step ends: after the last one the fiber has no coroutine left
    expect(recorder.events().filter((e) => e.cat === 'step').map((e) => [e.name, e.args])).toStrictEqual([
      ['inner', { fiber: 'main', coroutines: 'outer#1 > inner#1' }],
      ['inner', { fiber: 'main' }],
    ])
  })

  it('a fiber that cedes is ready, not waiting: no wait slice between its steps', () => {
    const recorder = new TraceRecorder()
    runSync(
      Task.gen(function* main() {
        yield* Task.cede
        yield* Task.cede
      }),
      { trace: recorder },
    )
    expect(compact(recorder.events())).toEqual(['s 0 0 spawn #1', 'f 1 0 spawn #1', 'X 1 0+1 main', 'X 1 1+1 main', 'X 1 2+1 main', 'i 1 2 succeeded'])
  })
})
