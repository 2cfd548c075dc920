/**
 * One benchmark process: runs one workload on one system (warm-up runs, then counted runs)
 * and prints `{ samples }` (or `{ na }` / `{ error }`) as one JSON line. Started by `run.ts`
 * as `node --expose-gc .build/child.mjs <system> <workload> <full|quick|N>`.
 *
 * @example
 * // node --expose-gc bench/.build/child.mjs taskloop W3 quick
 * // {"samples":[4.1,3.9,4.0],"n":10000}
 */
import type { Adapter } from './adapter.js'
import { Unsupported } from './adapter.js'
import { effect } from './adapters/effect.js'
import { floor } from './adapters/floor.js'
import { fluture } from './adapters/fluture.js'
import { fpts } from './adapters/fpts.js'
import { promise } from './adapters/promise.js'
import { taskloop, taskloopSync } from './adapters/taskloop.js'
import type { HandWritten } from './native.js'
import { NATIVE } from './native.js'
import { TASKLOOP_GEN } from './taskloopGen.js'
import { markCount } from './countMark.js'
import { WORKLOADS } from './workloads.js'

export const ADAPTERS: Record<string, Adapter> = {
  taskloop,
  'taskloop-sync': taskloopSync,
  effect,
  fluture,
  'fp-ts': fpts,
  'promise-adapter': promise,
  floor,
}

/** Systems whose workloads are written by hand, not through an adapter (a missing one is n/a). */
export const HAND_WRITTEN: Record<string, HandWritten> = {
  native: NATIVE,
  'taskloop-gen': TASKLOOP_GEN,
}

/** A fourth argument sets the number of counted runs (`--instructions` runs 0, then k). */
let countedOverride: number | undefined

/** Runs one workload; a comma-separated list runs each in turn and prints `{ batch: { id: result } }`. */
const main = async (): Promise<void> => {
  const [system = '', ids = '', mode = 'full', runs] = process.argv.slice(2)
  countedOverride = runs === undefined ? undefined : Number(runs)
  if (!ids.includes(',')) return out(await one(system, ids, mode))
  const batch: Record<string, unknown> = {}
  for (const id of ids.split(',')) batch[id] = await one(system, id, mode)
  out({ batch })
}

const one = async (system: string, id: string, mode: string): Promise<unknown> => {
  try {
    return await measure(system, id, mode)
  } catch (e) {
    if (e instanceof Unsupported) return { na: e.message }
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }
  }
}

const measure = async (system: string, id: string, mode: string): Promise<unknown> => {
  const A = ADAPTERS[system]
  const hand = HAND_WRITTEN[system]
  const W = WORKLOADS[id]
  if ((A === undefined && hand === undefined) || W === undefined) throw new Error(`usage: child <system> <workload[,workload…]> <full|quick|N> [counted runs]; got ${system} ${id}`)
  const once = hand === undefined ? (n: number) => W.once(A!, n) : hand[id]
  if (once === undefined) throw new Unsupported(`${id} is not written for ${system}`)
  const quick = mode === 'quick'
  // a number instead of full/quick sets N (the --scale curve)
  const n = /^\d+$/.test(mode) ? Number(mode) : quick ? W.n.quick : W.n.full
  const counted = countedOverride ?? (quick ? W.runs.quick : W.runs.full)
  const gc = (globalThis as { gc?: () => void }).gc!
  const samples: number[] = []
  // under callgrind (`run.ts --instructions`) each counted run is bracketed by two calls of
  // `markCount`, and callgrind writes its counts out at each: what lies between the marks is
  // the run alone, without start-up, imports, warm-ups or the forced collections between runs
  const counting = process.env.BENCH_COUNTING === '1'
  for (let r = 0; r < W.runs.warmup + counted; r++) {
    gc()
    if (counting && r >= W.runs.warmup) markCount()
    const x = await once(n)
    if (counting && r >= W.runs.warmup) markCount()
    if (r >= W.runs.warmup) samples.push(x)
  }
  return { samples, n }
}

const out = (o: unknown): void => {
  process.stdout.write(JSON.stringify(o) + '\n', () => process.exit(0))
}

main().catch((e: unknown) => out({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }))
