// Import cost of one library, in a fresh process: `node --expose-gc import-cost.mjs <specifier|none>`.
// Prints { ms, heapMB, rssMB }: the time of the dynamic import alone and the heap it keeps
// (after gc) over the same process before the import. `none` measures an empty import.
const spec = process.argv[2]
const gc = () => { globalThis.gc(); globalThis.gc() }
gc()
const h0 = process.memoryUsage().heapUsed
const r0 = process.memoryUsage().rss
const t0 = performance.now()
if (spec !== 'none') await import(spec)
const ms = performance.now() - t0
gc()
const m = process.memoryUsage()
process.stdout.write(JSON.stringify({ ms, heapMB: (m.heapUsed - h0) / 2 ** 20, rssMB: (m.rss - r0) / 2 ** 20 }) + '\n')
