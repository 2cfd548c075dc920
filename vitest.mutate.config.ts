import { defineConfig } from 'vitest/config'
// @ts-expect-error a plain ES module shared with scripts/mutate.mjs, which runs before any TypeScript does
import { areas } from './mutation/areas.mjs'

/**
 * The vitest configuration of mutation runs (`npm run mutate -- <area>`), never of `npm test`.
 *
 * It runs the area's unit and law tests only (see mutation/areas.mjs): never the tests that build
 * `dist`, spawn `npm`, `tsc` or a fixture process, or start worker threads, since a mutant is
 * switched on in this process and a child process would run the code unmutated.
 */
const area = process.env.TASKLOOP_MUTATE_AREA ?? 'runtime'
const chosen = (areas as Record<string, { tests: string[] }>)[area]
if (chosen === undefined) throw new RangeError(`TASKLOOP_MUTATE_AREA: no area named ${JSON.stringify(area)}`)

export default defineConfig({
  test: {
    include: chosen.tests,
    exclude: [
      'test/package/**', // build dist, compile consumers with tsc
      'test/package.test.ts', // packs and installs the package
      'test/examples*.test.ts', // run the examples as processes
      'test/testing/entry.test.ts', // reads the built dist
      'test/runtime/nodeBeforeExit.test.ts', // a child process that exits
      'test/signals.node.processes.test.ts', // real signals to child processes
      'test/threads/**', // worker threads
      'test/runtime/memory.test.ts', // garbage collection and heap sizes: slow, and no mutant is about memory alone
      'test/laws/docs.test.ts', // the catalogue document, not behaviour
      'test/laws/example.test.ts', // the user's own instance in examples/
      'test/surface.test.ts', // the list of public members, not behaviour
      'test/types.test.ts', // type-level only
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
