/**
 * The default equality for values and errors in observations: structural, with `Error`
 * objects compared by `name` and `message` (two runs never share an error object, so
 * identity would make every failing program differ from itself).
 *
 * @module
 */
import type { Eq } from 'fp-ts/lib/Eq.js'

/**
 * Structural equality: primitives by `Object.is`, arrays and plain objects field by field,
 * `Error`s by name and message, functions by identity.
 *
 * @example
 * deepEqual({ a: [1, new Error('x')] }, { a: [1, new Error('x')] }) // true
 */
export const deepEqual = (x: unknown, y: unknown): boolean => {
  if (Object.is(x, y)) return true
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false
  if (x instanceof Error || y instanceof Error) {
    return x instanceof Error && y instanceof Error && x.name === y.name && x.message === y.message
  }
  if (Array.isArray(x) !== Array.isArray(y)) return false
  if (Array.isArray(x)) {
    const ys = y as unknown[]
    return x.length === ys.length && x.every((v, i) => deepEqual(v, ys[i]))
  }
  if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false
  const kx = Object.keys(x)
  const ky = Object.keys(y)
  if (kx.length !== ky.length) return false
  return kx.every((k) => Object.prototype.hasOwnProperty.call(y, k) && deepEqual((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]))
}

/** `deepEqual` as an fp-ts `Eq`. @example structuralEq.equals([1], [1]) // → true */
export const structuralEq: Eq<unknown> = { equals: deepEqual }

/**
 * A short, readable rendering of a value for counterexamples and diffs.
 *
 * @example
 * show(new Error('boom')) // → 'Error("boom")'
 */
export const show = (u: unknown): string => {
  if (u instanceof Error) return `${u.name}(${JSON.stringify(u.message)})`
  if (typeof u === 'function') return u.name === '' ? '<function>' : `<function ${u.name}>`
  if (typeof u === 'string') return JSON.stringify(u)
  if (typeof u === 'bigint') return `${u}n`
  if (typeof u !== 'object' || u === null) return String(u)
  if (Array.isArray(u)) return `[${u.map(show).join(', ')}]`
  const proto = Object.getPrototypeOf(u)
  if (proto !== Object.prototype && proto !== null) return String(u)
  return `{ ${Object.entries(u).map(([k, v]) => `${k}: ${show(v)}`).join(', ')} }`
}
