/**
 * Traversals over arrays with holes: a hole is a `TypeError` at the call, naming the index,
 * as `gather` does — never a deadlock or a repeated value.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { Task, runSync } from '../../lib/index.js'

// eslint-disable-next-line no-sparse-arrays
const sparse = <A>(a: A, c: A): A[] => [a, , c] as A[]

describe('sparse arrays', () => {
  it('traverseArray over a sparse array is a TypeError naming the hole (not a deadlock)', () => {
    expect(() => pipe(sparse(1, 3), Task.traverseArray(Task.of))).toThrow(TypeError)
    expect(() => pipe(sparse(1, 3), Task.traverseArray(Task.of))).toThrow(/index 1/)
  })

  it('sequenceArray of a sparse array is a TypeError naming the hole (not a deadlock)', () => {
    expect(() => Task.sequenceArray(sparse(Task.of(1), Task.of(3)))).toThrow(/index 1/)
  })

  it('sequenceSeqArray of a sparse array is a TypeError naming the hole (not [1, 1, 2])', () => {
    expect(() => Task.sequenceSeqArray(sparse(Task.of(1), Task.of(2)))).toThrow(/index 1/)
    expect(() => pipe(sparse(1, 2), Task.traverseSeqArray(Task.of))).toThrow(/index 1/)
  })

  it('a dense array with undefined elements is not a hole: the function decides', () => {
    expect(runSync(pipe([1, undefined, 3], Task.traverseArray((x) => Task.of(x ?? 0))))).toEqual({ _tag: 'Succeeded', value: [1, 0, 3] })
    expect(() => Task.sequenceSeqArray([Task.of(1), undefined as never])).toThrow(/item 1.*undefined/)
  })
})
