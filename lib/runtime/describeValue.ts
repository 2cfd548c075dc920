/**
 * `describeValue(u)`: a short description of any value for an error message ("undefined",
 * "number 42", "an object ([object Object])"). It never throws, whatever it is given — an
 * object without a prototype, a proxy, a getter that throws — because a message about a
 * mistake must not become a second mistake.
 *
 * @module
 */

/**
 * A short description of a value for error messages; never throws.
 *
 * @example
 * describeValue(undefined) // 'undefined'
 * describeValue(Object.create(null)) // 'an object ([object Object])'
 */
export const describeValue = (u: unknown): string => {
  try {
    if (u === null) return 'null'
    if (u === undefined) return 'undefined'
    if (typeof u === 'string') return `the string ${JSON.stringify(u.length > 40 ? u.slice(0, 40) + '…' : u)}`
    if (typeof u === 'function') return `a function${u.name ? ` (${u.name})` : ''}`
    if (typeof u === 'object') {
      if (Array.isArray(u)) return `an array (length ${u.length})`
      return `an object (${Object.prototype.toString.call(u)})`
    }
    return `${typeof u} ${String(u)}`
  } catch {
    return `a value of type ${typeof u}`
  }
}
