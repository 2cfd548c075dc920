import { defineConfig } from 'tsup'

// The CommonJS build only (`dist/index.cjs`, `dist/laws.cjs`, `dist/threads.cjs`,
// `dist/testing.cjs`, `dist/Task.cjs`, `dist/Outcome.cjs`): one bundle with a shared chunk, so
// every entry shares one copy of the runtime and a CancelledError thrown by one is the class the
// others check. `treeshake` has rollup turn the split chunks into CommonJS; without it tsup runs
// sucrase over them, which rewrites class fields as init methods the constructor calls and `?.`
// as helper calls: V8 then sized a fiber for 12 fields and kept 3 more in a separate array
// (`%DebugPrint`), and 10⁵ fibers spawned by a gather ran 15–20 % slower than they do now. The ESM build and every declaration file come from `tsc -p tsconfig.build.json`,
// one file per module (see `scripts/finish-dist.mjs`). piscina is loaded only by
// `taskloop/threads`, vitest only by `taskloop/testing`.
export default defineConfig({
  entry: {
    index: 'lib/index.ts',
    laws: 'laws/index.ts',
    threads: 'lib/threads/index.ts',
    testing: 'lib/testing/index.ts',
    Task: 'lib/Task.ts',
    Outcome: 'lib/Outcome.ts',
  },
  format: ['cjs'],
  dts: false,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
  external: ['fp-ts', 'io-ts', 'fast-check', 'piscina', 'vitest'],
})
