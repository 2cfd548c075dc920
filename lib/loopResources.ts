/**
 * Things a loop owns that must be shut down with it, such as the default worker pool of
 * `taskloop/threads` (asyncio's default executor). `run` waits for them to shut down
 * before it closes the loop (asyncio's `shutdown_default_executor`); `loop.close()` starts
 * their shutdown without waiting (asyncio's `executor.shutdown(wait=False)`).
 *
 * This module knows nothing of what the resources are, so the main entry point imports no
 * worker-pool library.
 *
 * @module
 */

type Shutdown = () => Promise<void>

const byLoop = new WeakMap<object, Set<Shutdown>>()

/** Registers `shutdown` to run when `loop` is shut down; returns the function that unregisters it. */
export const addLoopResource = (loop: object, shutdown: Shutdown): (() => void) => {
  let set = byLoop.get(loop)
  if (set === undefined) byLoop.set(loop, (set = new Set()))
  set.add(shutdown)
  return () => void set.delete(shutdown)
}

/** Shuts down every resource of `loop` (once) and resolves when all have; the first failure rejects. */
export const shutdownLoopResources = (loop: object): Promise<void> => {
  const set = byLoop.get(loop)
  byLoop.delete(loop)
  if (set === undefined) return Promise.resolve()
  return Promise.all([...set].map((shutdown) => shutdown())).then(() => undefined)
}
