/**
 * io-ts at the boundaries: `Task.decode(codec)(input)` checks foreign data where it enters
 * a program, and `Queue({ codec })` checks what is put.
 *
 * A failure is a `DecodeError` whose message names every failing path, one per line, in
 * the style of io-ts's `PathReporter` (`at .user.age: expected number, got "x"`). The
 * codec is only called, never imported: io-ts stays an optional peer dependency.
 *
 * @module
 */
import { DecodeError } from './errors.js'
import type { Task } from './runtime/kernel.js'
import { describeValue, Fail, fromPrimitive, Succeed, Suspend } from './runtime/kernel.js'

/**
 * One failing path of a decode, as io-ts reports it (the parts of its `ValidationError` that
 * taskloop reads).
 *
 * @example
 * const issue: DecodeIssue = { value: 'x', context: [{ key: 'age', type: { name: 'number' } }] }
 */
export interface DecodeIssue {
  readonly value: unknown
  readonly context: ReadonlyArray<{ readonly key: string; readonly type: { readonly name: string } }>
  readonly message?: string | undefined
}

/**
 * What `Task.decode` and a queue's `codec` accept: anything with a codec's `name` and a
 * `decode` that returns an fp-ts `Either` of failing paths or the value — every io-ts `Type`
 * and `Decoder`. Typed by its shape, so the declarations of `taskloop` never import io-ts
 * (an optional peer dependency), and a real codec still gives its own type:
 * `Task.decode(t.type({ a: t.number }))` is a function to `Task<DecodeError, { a: number }>`.
 *
 * @example
 * const Positive: Codec<number> = {
 *   name: 'Positive',
 *   decode: (u) => (typeof u === 'number' && u > 0 ? { _tag: 'Right', right: u } : { _tag: 'Left', left: [{ value: u, context: [] }] }),
 * }
 */
export interface Codec<A> {
  readonly name: string
  decode(input: unknown): { readonly _tag: 'Left'; readonly left: ReadonlyArray<DecodeIssue> } | { readonly _tag: 'Right'; readonly right: A }
}

/** The value a path failed on, briefly; never throws (a cycle, a BigInt, no prototype). */
const show = (u: unknown): string => {
  try {
    const s = JSON.stringify(u)
    if (s === undefined) return String(u)
    return s.length > 60 ? `${s.slice(0, 60)}…` : s
  } catch {
    return describeValue(u)
  }
}

/** A `DecodeError`'s message lists this many failing paths, then says how many there are. */
export const MAX_LISTED_PATHS = 20

/** One line per failing path. @internal */
export const formatErrors = (errors: ReadonlyArray<DecodeIssue>): string[] =>
  errors.map((e) => {
    if (e === null || typeof e !== 'object' || !Array.isArray(e.context)) return `invalid error from the codec: ${describeValue(e)}`
    const path = e.context
      .map((c) => c.key)
      .filter((k) => k !== '')
      .join('.')
    const expected = e.context.length > 0 ? e.context[e.context.length - 1]!.type.name : 'a valid value'
    return e.message ?? `at ${path === '' ? '<root>' : `.${path}`}: expected ${expected}, got ${show(e.value)}`
  })

/** @internal */
export const checkCodec = (who: string, codec: unknown): void => {
  if (codec === null || typeof codec !== 'object' || typeof (codec as { decode?: unknown }).decode !== 'function') {
    throw new TypeError(`${who} expects an io-ts codec (something with decode), got ${describeValue(codec)}`)
  }
}

/**
 * Decodes `input` synchronously; the `DecodeError` is returned, not thrown. @internal
 */
export const decodeNow = <A>(codec: Codec<A>, input: unknown, what = 'value'): { ok: true; value: A } | { ok: false; error: DecodeError } => {
  const result: unknown = codec.decode(input)
  const label = typeof codec.name === 'string' && codec.name !== '' ? codec.name : 'the codec'
  if (result === null || typeof result !== 'object' || ((result as { _tag?: unknown })._tag !== 'Right' && (result as { _tag?: unknown })._tag !== 'Left')) {
    throw new TypeError(`${label}: decode returned ${describeValue(result)}, not an fp-ts Either (is it an io-ts codec?)`)
  }
  if ((result as { _tag: unknown })._tag === 'Right') return { ok: true, value: (result as { right: A }).right }
  const errors = (result as { left: unknown }).left
  if (!Array.isArray(errors)) throw new TypeError(`${label}: decode returned a Left of ${describeValue(errors)}, not an array of errors (is it an io-ts codec?)`)
  const paths = formatErrors(errors as ReadonlyArray<DecodeIssue>)
  const name = codec.name ? ` as ${codec.name}` : ''
  // the message lists the first paths only (2·10⁵ bad items would make megabytes); `paths` has them all
  const listed = paths.length > MAX_LISTED_PATHS ? [...paths.slice(0, MAX_LISTED_PATHS), `… and ${paths.length - MAX_LISTED_PATHS} more (${paths.length} failures in all)`] : paths
  return { ok: false, error: new DecodeError(`could not decode ${what}${name}:\n  ${listed.join('\n  ')}`, paths) }
}

/**
 * Decodes `input` with an io-ts codec: succeeds with the decoded value or fails with a
 * `DecodeError` naming each failing path. Never throws past the task. A non-codec is a
 * `TypeError`, thrown here.
 *
 * @example
 * const User = t.type({ name: t.string, age: t.number })
 * pipe(Task.promise(() => fetchJson('/user')), Task.flatMap(Task.decode(User)))
 */
export const decode = <A>(codec: Codec<A>) => {
  checkCodec('Task.decode', codec)
  return (input: unknown): Task<DecodeError, A> =>
    fromPrimitive(
      new Suspend(() => {
        const r = decodeNow(codec, input)
        return r.ok ? new Succeed(r.value) : new Fail(r.error)
      }),
    )
}
