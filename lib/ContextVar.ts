/**
 * Context variables: asyncio's `contextvars` (ASYNCIO.md R29) as tasks.
 *
 * A `ContextVar` holds one value per fiber, with no argument passed around: a request id set
 * once at the top of a job is seen by every fiber the job spawns, and by nobody else.
 *
 * - **A fiber starts with a copy of its creator's context** (the fiber that spawned it, or the
 *   context of the callback that created it), then goes its own way: a `set` in a child is
 *   invisible to its parent and siblings, and a `set` in the parent after the spawn is invisible
 *   to the child. The copy is a pointer: each fiber holds an immutable map, and a `set` replaces
 *   the setting fiber's map with a new one (copy-on-write), so spawning costs nothing more.
 * - **A callback runs in the context captured when it was registered** (`loop.callSoon`,
 *   `callLater`, `callAt`, `addDoneCallback`): a fiber it creates starts from that context.
 * - `run(main, { context })` starts `main` in the given `Context` (asyncio's
 *   `Runner(context=…)`); otherwise `main` starts with every variable at its default.
 * - A queue carries values, not contexts: what a consumer fiber sees is its own context. Set
 *   the variable in the fiber that owns the work (see `examples/context.ts`).
 *
 * Errors, mapped from asyncio's as SPEC §3 says: a token of another variable → `RangeError`
 * (thrown by `reset`, where it is given); a token used twice → `InvalidStateError`, and a
 * token reset in another fiber than the one that set it → `RangeError` (both fail the reset
 * task: they depend on when it runs); `get` with no value and no default fails with a
 * `LookupError` (untyped, like a throw: a variable read before it was set is a bug; give a
 * default, or use `getOr`).
 *
 * @module
 */
import { InvalidStateError, LookupError } from './errors.js'
import type { ContextValues, Fiber, Task } from './runtime/kernel.js'
import { CONTEXT_BRAND, EMPTY_CONTEXT, Fail, Succeed, UNIT, checkTask, describeValue, toPrimitive, withFiberTask } from './runtime/kernel.js'
import { ensuring } from './task/finalization.js'
import { sync } from './task/constructors.js'

const MISSING_VALUE: unique symbol = Symbol('Token.MISSING')

/** A copy of `values` in which `variable` is `value`, or unset when `value` is `MISSING_VALUE`. */
const withValue = (values: ContextValues, variable: object, value: unknown): ContextValues => {
  const next = new Map(values)
  if (value === MISSING_VALUE) next.delete(variable)
  else next.set(variable, value)
  // Stryker disable next-line ConditionalExpression: a fresh empty map reads as the shared one; sharing it only lets bindContext skip wrapping callbacks
  return next.size === 0 ? EMPTY_CONTEXT : next
}

/**
 * What `v.set(a)` returns: `v.reset(token)` puts back the value `v` had before (asyncio's
 * `contextvars.Token`). A token can be used once, in the fiber that made it.
 *
 * @example
 * const requestId = new ContextVar<string>('requestId', { default: '-' })
 * const t = Task.gen(function* () {
 *   const token: Token<string> = yield* requestId.set('r-1')
 *   yield* requestId.reset(token) // back to '-'
 * })
 */
export class Token<A> {
  /** `oldValue` when the variable had no value before the `set`. */
  static readonly MISSING: typeof MISSING_VALUE = MISSING_VALUE
  /** The variable the token belongs to (asyncio's `Token.var`). */
  readonly var: ContextVar<A>
  /** The value before the `set`, or `Token.MISSING` (asyncio's `Token.old_value`). */
  readonly oldValue: A | typeof MISSING_VALUE
  /** The fiber whose `set` made it. @internal */
  readonly fiber: Fiber
  /** @internal */
  used = false

  /** @internal */
  constructor(variable: ContextVar<A>, oldValue: A | typeof MISSING_VALUE, fiber: Fiber) {
    this.var = variable
    this.oldValue = oldValue
    this.fiber = fiber
  }

  /**
   * @example
   * const token = runSync(new ContextVar<string>('requestId').set('r-1'))
   * token._tag === 'Succeeded' && String(token.value) // → "Token<ContextVar 'requestId'>"
   */
  toString(): string {
    return `Token<${String(this.var)}${this.used ? ' used' : ''}>`
  }
}

/**
 * A fixed set of context variables and their values (asyncio's `contextvars.Context`), to
 * start a run in: `run(main, { context: Context.empty.with(requestId, 'r-1') })`. Immutable:
 * `with` returns a new one. `Context.current` is the running fiber's (asyncio's
 * `copy_context()`).
 *
 * @example
 * const user = new ContextVar<string>('user', { default: 'anonymous' })
 * const context = Context.empty.with(user, 'ada')
 * context.get(user) // → 'ada'
 * await run(user.get, { context }) // → 'ada'
 */
export class Context {
  /** No variable set: each reads its default. */
  static readonly empty: Context = new Context(EMPTY_CONTEXT)

  /**
   * A task giving the running fiber's context (asyncio's `copy_context()`): pass it to `run`
   * to start another run where this one is.
   *
   * @example
   * const user = new ContextVar<string>('user')
   * const here = runSync(user.locally('ada')(Context.current))
   * here._tag === 'Succeeded' && here.value.get(user) // → 'ada'
   */
  static readonly current: Task<never, Context> = withFiberTask((fiber) => new Succeed(new Context(fiber.context)))

  /** @internal */
  private constructor(
    /** @internal */
    readonly values: ContextValues,
  ) {}

  /**
   * A context where `variable` is `value` and every other variable as here.
   *
   * @example
   * const user = new ContextVar<string>('user')
   * const context = Context.empty.with(user, 'ada')
   */
  with<A>(variable: ContextVar<A>, value: A): Context {
    checkVariable('Context.with', variable)
    return new Context(withValue(this.values, variable, value))
  }

  /**
   * The value `variable` has here, or `undefined` when it is not set here (its default is not
   * consulted).
   *
   * @example
   * const user = new ContextVar<string>('user')
   * Context.empty.with(user, 'ada').get(user) // → 'ada'
   */
  get<A>(variable: ContextVar<A>): A | undefined {
    checkVariable('Context.get', variable)
    return this.values.get(variable) as A | undefined
  }

  /**
   * True when `variable` is set here.
   *
   * @example
   * const user = new ContextVar<string>('user')
   * Context.empty.has(user) // → false
   */
  has(variable: ContextVar<unknown>): boolean {
    checkVariable('Context.has', variable)
    return this.values.has(variable)
  }

  /** How many variables are set here. @example Context.empty.size // → 0 */
  get size(): number {
    return this.values.size
  }

  /** @example String(Context.empty) // → 'Context<0 variables>' */
  toString(): string {
    return `Context<${this.values.size} variable${this.values.size === 1 ? '' : 's'}>`
  }
}

Object.defineProperty(Context.prototype, CONTEXT_BRAND, { value: true })

const checkVariable = (who: string, variable: unknown): void => {
  if (!(variable instanceof ContextVar)) throw new TypeError(`${who} expects a ContextVar, got ${describeValue(variable)}`)
}

/**
 * Options of `new ContextVar(…)`.
 *
 * @example
 * const options: ContextVarOptions<string> = { default: '-' }
 */
export interface ContextVarOptions<A> {
  /** What `get` gives in a context where the variable is not set. */
  readonly default?: A
}

/**
 * A context variable (asyncio's `contextvars.ContextVar`): one value per fiber, inherited by
 * the fibers it spawns (see the module doc). Each operation is a `Task`, run by the fiber
 * whose context it reads or changes.
 *
 * @example
 * const requestId = new ContextVar<string>('requestId', { default: '-' })
 * const log = (msg: string) => Task.flatMap((id: string) => Task.sync(() => console.log(`[${id}] ${msg}`)))(requestId.get)
 * const job = (id: string) => requestId.locally(id)(Task.gen(function* () {
 *   yield* log('start')                   // [r-1] start
 *   yield* Task.join(yield* Task.spawn(log('in a child'))) // [r-1] in a child
 * }))
 * runSync(job('r-1'))
 */
export class ContextVar<A> {
  /** Its name, for messages (asyncio's `ContextVar.name`). */
  readonly name: string
  readonly #hasDefault: boolean
  readonly #default: A | undefined

  /**
   * The variable's value in the running fiber's context, else its default; with neither, the
   * task fails with a `LookupError`.
   *
   * @example
   * const requestId = new ContextVar<string>('requestId', { default: '-' })
   * runSync(requestId.get) // → { _tag: 'Succeeded', value: '-' }
   */
  readonly get: Task<never, A>

  constructor(name: string, options: ContextVarOptions<A> = {}) {
    if (typeof name !== 'string') throw new TypeError(`new ContextVar: name must be a string, got ${describeValue(name)}`)
    if (options === null || typeof options !== 'object') throw new TypeError(`new ContextVar(${JSON.stringify(name)}, options): options must be an object, got ${describeValue(options)}`)
    this.name = name
    this.#hasDefault = 'default' in options
    this.#default = options.default
    this.get = withFiberTask((fiber) => {
      const values = fiber.context
      if (values.has(this)) return new Succeed(values.get(this))
      if (this.#hasDefault) return new Succeed(this.#default)
      return new Fail(new LookupError(`${String(this)} has no value in this context and no default`))
    })
  }

  /**
   * The value in the running fiber's context, else `fallback` (asyncio's `var.get(default)`;
   * the variable's own default is not consulted).
   *
   * @example
   * const requestId = new ContextVar<string>('requestId')
   * runSync(requestId.getOr('none')) // → { _tag: 'Succeeded', value: 'none' }
   */
  getOr<B>(fallback: B): Task<never, A | B> {
    return withFiberTask((fiber) => new Succeed(fiber.context.has(this) ? fiber.context.get(this) : fallback))
  }

  /**
   * Sets the value in the running fiber's context, from now on and for the fibers it spawns
   * from now on; gives a `Token` that `reset` takes to put back the value before.
   *
   * @example
   * const requestId = new ContextVar<string>('requestId')
   * const id = Task.gen(function* () {
   *   yield* requestId.set('r-7')
   *   return yield* requestId.get
   * })
   * runSync(id) // → { _tag: 'Succeeded', value: 'r-7' }
   */
  set(value: A): Task<never, Token<A>> {
    return withFiberTask((fiber) => {
      const before = fiber.context
      const token = new Token<A>(this, before.has(this) ? (before.get(this) as A) : MISSING_VALUE, fiber)
      fiber.context = withValue(before, this, value)
      return new Succeed(token)
    })
  }

  /**
   * Puts back the value the variable had before the `set` that gave `token` (unset, if it had
   * none). A token of another variable is a `RangeError`, thrown here; the task fails with an
   * `InvalidStateError` if the token was used already, and with a `RangeError` if it runs in
   * another fiber than the `set` did.
   *
   * @example
   * const requestId = new ContextVar<string>('requestId', { default: '-' })
   * const back = Task.gen(function* () {
   *   const token = yield* requestId.set('r-7')
   *   yield* requestId.reset(token)
   *   return yield* requestId.get
   * })
   * runSync(back) // → { _tag: 'Succeeded', value: '-' }
   */
  reset(token: Token<A>): Task<never, void> {
    if (!(token instanceof Token)) throw new TypeError(`${String(this)}.reset expects a Token (from set), got ${describeValue(token)}`)
    if (token.var !== this) throw new RangeError(`${String(token)} was created by a different ContextVar than ${String(this)}`)
    return withFiberTask((fiber) => {
      if (token.used) return new Fail(new InvalidStateError(`${String(token)} has already been used once`))
      if (token.fiber !== fiber) return new Fail(new RangeError(`${String(token)} was created in a different context (fiber '${token.fiber.name}', not '${fiber.name}')`))
      token.used = true
      fiber.context = withValue(fiber.context, this, token.oldValue)
      return UNIT
    })
  }

  /**
   * Runs `task` with the variable set to `value`, and puts back the value before once it ends
   * (succeeded, failed or cancelled). Fibers `task` spawns keep `value`. Only this variable is
   * put back: other variables `task` sets stay set (Effect's `locally`, fp-ts users' `local`).
   *
   * @example
   * const requestId = new ContextVar<string>('requestId', { default: '-' })
   * runSync(requestId.locally('r-1')(requestId.get)) // → { _tag: 'Succeeded', value: 'r-1' }
   */
  locally(value: A): <E, B>(task: Task<E, B>) => Task<E, B> {
    return <E, B>(task: Task<E, B>): Task<E, B> => {
      checkTask(`${String(this)}.locally`, task)
      return withFiberTask((fiber) => {
        const before = fiber.context
        const old = before.has(this) ? before.get(this) : MISSING_VALUE
        fiber.context = withValue(before, this, value)
        const restore = sync(() => {
          fiber.context = withValue(fiber.context, this, old)
        })
        return toPrimitive(ensuring(restore)(task))
      })
    }
  }

  /** @example String(new ContextVar('requestId')) // → "ContextVar 'requestId'" */
  toString(): string {
    return `ContextVar '${this.name}'`
  }
}
