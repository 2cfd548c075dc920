/**
 * examples/traceback.ts runs as a user runs it (`npx tsx examples/traceback.ts`), exits 0, and
 * prints the paths and debug-mode reports the README describes.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

describe('examples/traceback.ts', () => {
  it('prints the traceback of a failure deep in a gather, plain and in debug mode, then a slow step and where an orphan was created, and exits 0', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/traceback.ts'], { encoding: 'utf8', timeout: 60_000 })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.split('\n')).toEqual([
      'run(main, { debug: false }) rejected with Error: cannot parse bad, which came through',
      '    at async <coroutine> in Task-3 (examples/traceback.ts:18:26)',
      '    at async <coroutine> in Task-3 (examples/traceback.ts:23:17)',
      '    at async gather child #2 of 2 in main (examples/traceback.ts:26:22)',
      'run(main, { debug: true }) rejected with Error: cannot parse bad, which came through',
      '    at async parse (examples/traceback.ts:18:26)',
      '    at async load (examples/traceback.ts:23:17)',
      '    at async gather child #2 of 2 in main (examples/traceback.ts:26:22)',
      'debug mode reported:',
      "Executing fiber 'main' took more than 20 ms (slowStepMs is 20); it is now at <coroutine>#2 (examples/traceback.ts:50:17)",
      'Task exception was never retrieved',
      '  created at examples/traceback.ts:45:17',
      '',
    ])
  })
})
