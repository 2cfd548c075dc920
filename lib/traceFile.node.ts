/**
 * `run(main, { trace: 'trace.json' })`: the trace option of `run` and `runSync`, and the one
 * place that writes a trace to a file. Node only (the file system): it reaches `node:fs`
 * through `process.getBuiltinModule` when a path is given, never at load time, so the package
 * still loads on a host without it — where a path is a `TypeError` and a `TraceRecorder`
 * works as everywhere.
 *
 * @module
 */
import type { Loop } from './Loop.js'
import { describeValue, TraceRecorder } from './runtime/kernel.js'

interface FileSystem {
  writeFileSync(path: string, data: string): void
}

const fileSystem = (): FileSystem | undefined => {
  const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  return host?.getBuiltinModule?.('node:fs') as FileSystem | undefined
}

/** A checked `trace` option: the recorder to give the loop, and the file to write at the end. */
export type TraceTarget =
  | { readonly recorder: TraceRecorder; readonly path: string }
  | { readonly recorder: TraceRecorder | undefined; readonly path: undefined }

/**
 * Checks `run`'s `trace` option where it is given: a file path (a non-empty string) or a
 * `TraceRecorder`.
 *
 * @example
 * traceTarget('run', 'trace.json').path // → 'trace.json'
 */
export const traceTarget = (who: string, trace: unknown): TraceTarget => {
  if (typeof trace === 'string') {
    if (trace === '') throw new TypeError(`${who}: trace must be a file path or a TraceRecorder, got an empty string`)
    if (fileSystem() === undefined) throw new TypeError(`${who}: trace: writing a file needs Node's file system; pass a TraceRecorder instead`)
    return { recorder: new TraceRecorder(), path: trace }
  }
  if (trace !== undefined && !(trace instanceof TraceRecorder)) throw new TypeError(`${who}: trace must be a file path or a TraceRecorder, got ${describeValue(trace)}`)
  return { recorder: trace, path: undefined }
}

/**
 * Writes the trace to its file once the loop is closed; a failure to write is reported to the
 * loop's exception handler (the run's own result stands).
 *
 * @example
 * // run's last step, after loop.close(): writeTrace(loop, target) writes JSON.stringify(target.recorder)
 */
export const writeTrace = (loop: Loop, target: TraceTarget): void => {
  if (target.path === undefined) return
  try {
    fileSystem()!.writeFileSync(target.path, JSON.stringify(target.recorder))
  } catch (error) {
    loop.callExceptionHandler({ message: `writing the trace to ${target.path} failed`, error })
  }
}
