import { defineConfig } from 'tsup'

// The CommonJS build only (`dist/index.cjs`, `dist/laws.cjs`, `dist/threads.cjs`,
// `dist/testing.cjs`, `dist/Task.cjs`, `dist/Outcome.cjs`): one bundle with a shared chunk, so
// every entry shares one copy of the runtime and a CancelledError thrown by one is the class the
// others check. The ESM build and every declaration file come from `tsc -p tsconfig.build.json`,
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
  external: ['fp-ts', 'io-ts', 'fast-check', 'piscina', 'vitest'],
})
