/**
 * `npm run trace:screenshot`: records the timeline of `examples/crawler.ts`, opens it in
 * speedscope (a devDependency, run from its files: no network) in headless Chromium, and saves
 * what it shows to `docs/trace-crawler.png`, the picture in the README. Not part of `npm test`.
 *
 * speedscope shows one track (one fiber) at a time, each on its own time axis: the picture
 * stacks its view of the first fibers of the crawl, one band each, with the bar that names the
 * track (`visit /docs (tid 4)`) above the slices (its steps and its labelled waits).
 *
 * Needs Chromium at `/usr/bin/chromium` (Debian: `apt-get install -y chromium`), or the path in
 * `CHROMIUM`.
 *
 * @example
 * // npm run trace:screenshot  →  docs/trace-crawler.png
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'docs', 'trace-crawler.png')
/** How many fibers the picture shows (main and the first pages of the crawl). */
const BANDS = 12
const WIDTH = 1400

const scratch = mkdtempSync(join(tmpdir(), 'taskloop-trace-'))
try {
  // 1. the trace, written by the example itself (`run(main, { trace })`)
  const traceFile = join(scratch, 'crawler-trace.json')
  const ran = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'examples', 'crawler.ts'), `--trace=${traceFile}`], { cwd: root, encoding: 'utf8' })
  if (ran.status !== 0) throw new Error(`examples/crawler.ts failed: ${ran.stderr}`)
  const trace = readFileSync(traceFile)

  // 2. speedscope loads a local profile from a script that hands it the file (as its CLI does)
  const speedscope = join(dirname(createRequire(import.meta.url).resolve('speedscope/package.json')), 'dist', 'release', 'index.html')
  const loader = join(scratch, 'profile.js')
  writeFileSync(loader, `speedscope.loadFileFromBase64(${JSON.stringify('crawler-trace.json')}, ${JSON.stringify(trace.toString('base64'))})`)

  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 400 } })
    await page.goto(`${pathToFileURL(speedscope).href}#localProfilePath=${loader}`)
    await page.getByText('(1/', { exact: false }).waitFor()
    await page.waitForTimeout(500)

    // 3. one band per fiber: the bar naming the track, and the first rows of its slices
    const bands: { title: string; slices: string }[] = []
    for (let i = 0; i < BANDS; i++) {
      const title = await page.screenshot({ clip: { x: 0, y: 0, width: WIDTH, height: 20 } })
      const slices = await page.screenshot({ clip: { x: 0, y: 122, width: WIDTH, height: 42 } })
      bands.push({ title: title.toString('base64'), slices: slices.toString('base64') })
      await page.keyboard.press('n') // speedscope's "next profile"
      await page.waitForTimeout(300)
    }

    // 4. stacked into one picture
    const html = `<!doctype html><html><body style="margin:0;background:#fff;font:14px monospace">
<div style="padding:8px 10px">examples/crawler.ts, recorded with run(main, { trace }) and opened in speedscope: one band per fiber (main, then the crawl's visits), each on its own time axis; the slices are the fiber's waits, named after what it waits on</div>
${bands.map((b) => `<div style="margin-bottom:6px"><img style="display:block" src="data:image/png;base64,${b.title}"><img style="display:block" src="data:image/png;base64,${b.slices}"></div>`).join('\n')}
</body></html>`
    const sheet = await browser.newPage({ viewport: { width: WIDTH, height: 400 } })
    await sheet.setContent(html)
    await sheet.screenshot({ path: out, fullPage: true })
  } finally {
    await browser.close()
  }
  console.log(`wrote ${out}`)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
