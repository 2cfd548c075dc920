import { defineConfig } from 'tsup'

// The CommonJS build only (`dist/index.cjs`, `dist/laws.cjs`, `dist/Task.cjs`, `dist/Outcome.cjs`):
// one bundle with a shared chunk, so every entry shares one copy of the runtime and a CancelledError thrown
// by one is the class the other checks. The ESM build and every declaration file come from
// `tsc -p tsconfig.build.json`, one file per module (see `scripts/finish-dist.mjs`).
export default defineConfig({
  entry: { index: 'lib/index.ts', laws: 'laws/index.ts', Task: 'lib/Task.ts', Outcome: 'lib/Outcome.ts' },
  format: ['cjs'],
  dts: false,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['fp-ts', 'io-ts', 'fast-check'],
})
