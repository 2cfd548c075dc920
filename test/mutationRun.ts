/**
 * Whether these tests run under `npm run mutate` (scripts/mutate.mjs sets the area). There each
 * surviving mutant re-runs every test that reached it, so the few stress tests that take seconds
 * run smaller or not at all; `npm test` always runs them in full.
 */
export const mutationRun: boolean = process.env.TASKLOOP_MUTATE_AREA !== undefined
