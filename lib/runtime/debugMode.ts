/**
 * asyncio's debug mode (`PYTHONASYNCIODEBUG`): `new Loop({ debug: true })`, `run(main, {
 * debug: true })`, or `TASKLOOP_DEBUG=1` in the environment. A debug loop records the user's
 * source line at every `yield*` suspension, every spawn and every `Task.gen` creation (one
 * stack capture at the call, formatted only if read), reports slow steps, and says where a
 * fiber it reports was created. Off, none of it runs.
 *
 * @module
 */
import { shared } from './brands.js'
import type { StackFrame } from './sites.js'
import { captureCaller, firstUserFrame } from './sites.js'
import type { CoroutineInfo } from './traceback.js'
import { PLAIN } from './traceback.js'

/**
 * True when `TASKLOOP_DEBUG` is set in the environment to anything but `''`, `0` or `false`:
 * the default of `LoopOptions.debug`. Read when asked (a loop reads it once, when created).
 *
 * @example
 * const on = debugFromEnvironment() // true when the process runs with TASKLOOP_DEBUG=1
 */
export const debugFromEnvironment = (): boolean => {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  const value = env?.TASKLOOP_DEBUG
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

/**
 * `TASKLOOP_DEBUG` as it was the first time a coroutine was created outside any loop, read
 * once (reading the environment is slow, and building tasks must stay cheap). Read on first
 * use rather than when the module loads, so that nothing runs at import.
 */
let debugOutsideLoops: boolean | undefined

/** True while a debug loop runs the caller, or, outside any loop, when the environment asked for debug mode. */
const debugging = (): boolean => {
  const running = shared.executing as { readonly debug?: boolean } | null
  return running !== null ? running.debug === true : (debugOutsideLoops ??= debugFromEnvironment())
}

/**
 * What a new coroutine of `body` carries (see `traceback.ts`): nothing more than its
 * generator function, unless debug mode is on (then the user's line that created it, and, for
 * an anonymous generator function, the name of the function that called `Task.gen`), or it is
 * a `Task.fn` definition (`definition`: its name and the line where it is defined, always).
 *
 * @example
 * const info = coroutineInfo(function* parse() {}) // PLAIN outside debug mode
 */
export const coroutineInfo = (body: { readonly name: string }, name?: string, definition = false): CoroutineInfo => {
  if (!definition && !debugging()) return PLAIN
  return new CreatedHere(captureCaller(), name ?? (body.name !== '' ? body.name : undefined), definition)
}

/**
 * A coroutine's creation site, read from its capture the first time a traceback, a report or a
 * dump asks: taking the capture is all a debug-mode `Task.gen` costs (formatting it on every
 * creation made a debug run of 10⁴ spawned coroutines tens of times slower).
 */
class CreatedHere implements CoroutineInfo {
  #frame: StackFrame | null | undefined = undefined
  constructor(
    private readonly capture: Error,
    private readonly given: string | undefined,
    private readonly definition: boolean,
  ) {}
  get name(): string | undefined {
    // an anonymous coroutine takes its creator's name, a `Task.fn` definition never
    return this.given ?? (this.definition ? undefined : this.caller()?.name)
  }
  get site(): string | undefined {
    return this.caller()?.site
  }
  private caller(): StackFrame | undefined {
    // Stryker disable next-line ConditionalExpression: → true only finds the same frame again (a cache); → false is killed by debugMode.test.ts and ignored with it
    if (this.#frame === undefined) this.#frame = firstUserFrame(this.capture) ?? null
    return this.#frame ?? undefined
  }
}
