/**
 * Source locations for tracebacks and debug mode: where a coroutine awaits, where a failure
 * was thrown, where a fiber or a coroutine was created — the user's line, never one of
 * taskloop's own frames.
 *
 * A location is read from a JavaScript stack, as the host formats it (so Node applies source
 * maps as usual). Capturing a stack is cheap when the `Error` is only kept: the host formats it
 * (the expensive part) when `stack` is first read. So a capture is kept unformatted, with a
 * frame limit of two, and read only when a traceback or a report needs it.
 *
 * @module
 */

/**
 * A frame of a formatted stack: its function name (if any) and its location (`file:line:col`).
 *
 * @example
 * const frame: StackFrame = { name: 'load', site: 'file:///app.ts:2:60' }
 */
export interface StackFrame {
  readonly name: string | undefined
  readonly site: string
}

/** `    at name (location)`, `    at async name (location)` or `    at location`. */
// Stryker disable next-line Regex: dropping the $ is equivalent (a line split at '\n' holds no newline, and the last group takes everything to its end); the pattern's other mutants are killed by sites.test.ts and ignored with it
const FRAME = /^\s*at (?:async )?(?:(.*?) \((.*)\)|(.*))$/

/**
 * Parses one line of a formatted stack; `undefined` for a line that is not a frame.
 *
 * @example
 * parseFrame('    at load (file:///app.ts:2:60)') // → { name: 'load', site: 'file:///app.ts:2:60' }
 */
export const parseFrame = (line: string | undefined): StackFrame | undefined => {
  // Stryker disable next-line ConditionalExpression: → false is equivalent (exec reads undefined as "undefined", which the pattern does not match); → true is killed by sites.test.ts and ignored with it
  if (line === undefined) return undefined
  const m = FRAME.exec(line)
  if (m === null) return undefined
  const site = m[2] ?? m[3]!
  const name = m[1]
  return { name: !name || /<anonymous>$/.test(name) ? undefined : name, site }
}

/**
 * Where taskloop's own code lives: the folder above this module (`…/lib/` when run from
 * source, the `dist/` folder of the package when bundled). Frames there are the interpreter's.
 */
const ownRoot: string | undefined = (() => {
  const here = parseFrame(new Error().stack?.split('\n')[1])?.site
  if (here === undefined) return undefined
  // `here` ends in `:line:col`, which holds no '/': cutting the location at a '/' drops it
  const lib = here.lastIndexOf('/lib/runtime/')
  // Stryker disable next-line EqualityOperator: > 0 differs only for a copy installed at the file system's root (/lib/runtime/…), which a URL or an absolute path to a package never is; the other mutants are killed by sites.test.ts (which loads copies of its own) and ignored with it
  return lib >= 0 ? here.slice(0, lib + '/lib/'.length) : here.slice(0, here.lastIndexOf('/') + 1)
})()

/**
 * True for a frame of taskloop's own code, of the host (`node:internal/…`), or of native code.
 *
 * @example
 * isOwnFrame({ name: 'Generator.next', site: '<anonymous>' }) // → true
 */
export const isOwnFrame = (frame: StackFrame): boolean =>
  frame.site === '<anonymous>' || frame.site === 'native' || frame.site.startsWith('node:') || (ownRoot !== undefined && frame.site.includes(ownRoot))

/**
 * Captures the current stack, unformatted, keeping only the top `frames` frames (the capture
 * itself included). Formatting happens when `stack` is read.
 *
 * @example
 * const here = captureStack(2) // read here.stack later, if at all
 */
export const captureStack = (frames: number): Error => {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = frames
  const capture = new Error()
  Error.stackTraceLimit = limit
  return capture
}

/**
 * A capture deep enough to reach past taskloop's own frames to the user's caller; read it
 * later with `firstUserFrame`. Debug mode takes one per spawn and per `Task.gen` and formats
 * it only if a report or a dump asks where something was created (formatting a stack costs
 * more than taking it).
 *
 * @example
 * const here = captureCaller()
 * firstUserFrame(here)?.site // e.g. 'file:///app.ts:1:40'
 */
export const captureCaller = (): Error => captureStack(24)

/**
 * The first frame of a capture that is not taskloop's own (see `isOwnFrame`).
 *
 * @example
 * firstUserFrame(captureCaller()) // e.g. { name: 'main', site: 'file:///app.ts:3:1' }
 */
export const firstUserFrame = (capture: Error): StackFrame | undefined => {
  // Stryker disable next-line StringLiteral: any text without a newline is as good as '' here: the loop starts after line 0
  const lines = (capture.stack ?? '').split('\n')
  // Stryker disable next-line EqualityOperator: <= reads one line past the end, undefined, which parseFrame takes for no frame; the other mutants are killed by sites.test.ts and ignored with it
  for (let i = 1; i < lines.length; i++) {
    const frame = parseFrame(lines[i])
    if (frame !== undefined && !isOwnFrame(frame)) return frame
  }
  return undefined
}

/**
 * The coroutine's own line in a stack taken by `YieldOnce` while the coroutine was on the
 * JavaScript stack: the frame right below `YieldOnce`'s method.
 *
 * @example
 * frameBelowAwait(undefined) // → undefined
 */
export const frameBelowAwait = (capture: Error | undefined): StackFrame | undefined => {
  if (capture === undefined) return undefined
  // Stryker disable next-line StringLiteral: a text with no 'YieldOnce.' line is as good as '': no frame is found
  const lines = (capture.stack ?? '').split('\n')
  const at = lines.findIndex((l) => l.includes('YieldOnce.'))
  return at < 0 ? undefined : parseFrame(lines[at + 1])
}

/**
 * Where a coroutine threw `error`: in its stack, the frame just above the engine's
 * `Generator.next` / `Generator.throw` (the coroutine's own line, even when the error was
 * made by a function it called). `undefined` if the error has no such stack.
 *
 * @example
 * // not thrown from a coroutine's step: no such frame
 * throwSiteOf(new Error('x')) // → undefined
 */
export const throwSiteOf = (error: unknown): string | undefined => {
  if (typeof error !== 'object') return undefined // null passes: reading its stack throws, caught below
  let stack: unknown
  try {
    stack = (error as { stack?: unknown }).stack
  }
  // Stryker disable next-line BlockStatement: without the return, stack stays undefined, and the next line returns undefined
  catch {
    return undefined
  }
  if (typeof stack !== 'string') return undefined
  const lines = stack.split('\n')
  // the engine's resumption of a generator: `at Generator.next (<anonymous>)`, or the
  // generator function's own name when it has one (`at parse.next (<anonymous>)`)
  const at = lines.findIndex((l) => /^\s*at (?:[\w$.]+\.)?(?:next|throw) \(<anonymous>\)$/.test(l))
  // no such line (-1), or no line above it (0): lines[-2] and lines[-1] are undefined, which is no frame
  const frame = parseFrame(lines[at - 1])
  return frame === undefined || isOwnFrame(frame) ? undefined : frame.site
}
