// @ts-check
/**
 * StrykerJS for `npm run mutate -- <area>` (scripts/mutate.mjs fills in the area's files and its
 * incremental file). Never part of `npm test`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const area = process.env.TASKLOOP_MUTATE_AREA ?? 'all'

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  // each mutant runs only the tests that reached it in the initial run
  coverageAnalysis: 'perTest',
  // the machines have two cores, shared
  concurrency: 2,
  // results are kept per area in mutation/<area>.incremental.json (committed): a later run
  // re-tests only mutants in changed code or reached by changed tests
  incremental: true,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${area}.json` },
  htmlReporter: { fileName: `reports/mutation/${area}.html` },
  clearTextReporter: { allowColor: false, logTests: false, allowEmojis: false, reportScoreTable: true },
  // `// @ts-nocheck` goes into the mutated lib files only: inserted into a test file, it would
  // shift the lines that the traceback and debug-mode tests expect to see in their stacks
  disableTypeChecks: 'lib/**/*.ts',
  // a mutant that makes a program loop forever is cut off after this much more than its tests took
  timeoutMS: 3_000,
  // one per area, so that runs of two areas at once never share (or clean up) a sandbox
  tempDirName: `.stryker-tmp-${area}`,
  cleanTempDir: true,
  // never copy another area's sandbox, the reports or a build into this run's sandbox
  ignorePatterns: ['.stryker-tmp-*', 'reports', 'dist', 'bench/results'],
}
