/**
 * The set of live fibers (`loop.allTasks()`): insertion order, O(1) add and delete, and a
 * size that follows them; deleting a node that is not a member changes nothing.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LiveList, type LiveNode } from '../../lib/runtime/live.js'

class Node implements LiveNode {
  livePrev: LiveNode | null = null
  liveNext: LiveNode | null = null
  constructor(readonly id: number) {}
}

describe('LiveList', () => {
  it('behaves as an insertion-ordered set under random adds and deletes, its size included', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ add: fc.boolean(), pick: fc.nat({ max: 9 }) }), { maxLength: 200 }), (ops) => {
        const nodes = Array.from({ length: 10 }, (_, i) => new Node(i))
        const list = new LiveList<Node>()
        const model = new Set<Node>()
        for (const op of ops) {
          const node = nodes[op.pick]!
          if (op.add) {
            if (model.has(node)) continue // a member is never added twice
            list.add(node)
            model.add(node)
          } else {
            list.delete(node)
            model.delete(node)
          }
          expect(list.size).toBe(model.size)
          expect([...list].map((n) => n.id)).toEqual([...model].map((n) => n.id))
        }
        list.clear()
        expect(list.size).toBe(0)
        expect([...list]).toEqual([])
      }),
      { numRuns: 200 },
    )
  })

  it('clear leaves no member behind: deleting a former member afterwards changes nothing, and each can be added again', () => {
    const [a, b, c] = [new Node(0), new Node(1), new Node(2)]
    const list = new LiveList<Node>()
    for (const node of [a, b, c]) list.add(node)
    list.clear()
    for (const node of [c, b, a]) list.delete(node)
    expect([list.size, [...list]]).toEqual([0, []])
    list.add(b)
    list.add(a)
    list.delete(c)
    expect([list.size, [...list].map((n) => n.id)]).toEqual([2, [1, 0]])
  })
})
