/**
 * Scratch consumer projects for the package tests: the package as `npm pack` ships it,
 * extracted into `node_modules/taskloop` (a real directory, not a link to the repository, so
 * TypeScript sees only what a user gets), plus links to the dependencies a test chooses —
 * leaving out `io-ts` is how a test checks that it is optional.
 */
import { execFile, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

export const root = resolve(import.meta.dirname, '..', '..')
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')

let tarball: string | undefined
const scratch: string[] = []

/** Packs the built package once per test file; the tarball's path. */
const pack = (): string => {
  if (tarball !== undefined) return tarball
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (`npm test` does it before the tests)')
  const dir = mkdtempSync(join(tmpdir(), 'taskloop-pack-'))
  scratch.push(dir)
  const r = spawnSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr}`)
  const file = readdirSync(dir).find((f) => f.endsWith('.tgz'))
  if (file === undefined) throw new Error('npm pack wrote no tarball')
  tarball = join(dir, file)
  return tarball
}

/**
 * A consumer project with the packed package and links to `deps` (names under the
 * repository's `node_modules`, scoped ones included), holding `files`.
 */
export const consumer = (deps: ReadonlyArray<string>, files: Readonly<Record<string, string>>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'taskloop-consumer-'))
  scratch.push(dir)
  const pkg = join(dir, 'node_modules', 'taskloop')
  mkdirSync(pkg, { recursive: true })
  const r = spawnSync('tar', ['-xzf', pack(), '-C', pkg, '--strip-components=1'], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`)
  for (const dep of deps) {
    const target = join(dir, 'node_modules', dep)
    mkdirSync(dirname(target), { recursive: true })
    symlinkSync(join(root, 'node_modules', dep), target, 'dir')
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

/** Runs `tsc -p dir` (the project's `tsconfig.json`); its status and what it printed. */
export const compile = (dir: string): Promise<{ status: number | null; output: string }> =>
  new Promise((done) => {
    execFile(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8', timeout: 180_000 }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null
      done({ status, output: (stdout + stderr).trim() })
    })
  })

/** A `tsconfig.json` for a NodeNext consumer; `options` are merged over the defaults. */
export const tsconfig = (files: ReadonlyArray<string>, options: Readonly<Record<string, unknown>>): string =>
  JSON.stringify({
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, ...options },
    files,
  })

/** Removes every scratch directory this file made. */
export const cleanUp = (): void => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
  tarball = undefined
}
