import { defineConfig } from 'tsup'

// One build, four entry points: `taskloop`, `taskloop/laws`, `taskloop/threads` and
// `taskloop/testing` share one copy of the runtime (splitting), so a CancelledError thrown by
// one is the class the others check. piscina is loaded only by `taskloop/threads`, vitest only
// by `taskloop/testing`.
export default defineConfig({
  entry: { index: 'lib/index.ts', laws: 'laws/index.ts', threads: 'lib/threads/index.ts', testing: 'lib/testing/index.ts' },
  format: ['esm', 'cjs'],
  // tsup's declaration step sets `baseUrl`, which TypeScript 6 deprecates (an error unless
  // acknowledged); nothing of ours uses it.
  dts: { compilerOptions: { ignoreDeprecations: '6.0', stripInternal: true } },
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['fp-ts', 'io-ts', 'fast-check', 'piscina', 'vitest'],
})
