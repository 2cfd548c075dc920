// The worker side of examples/threads.ts: each export is a job the pool can run.
import { createHash } from 'node:crypto'

/** Hashes `data` `rounds` times over (a stand-in for real CPU-bound work); returns the hex digest. */
export function sha256({ data, rounds }) {
  let digest = createHash('sha256').update(data).digest()
  for (let i = 1; i < rounds; i++) digest = createHash('sha256').update(data).update(digest).digest()
  return digest.toString('hex')
}
