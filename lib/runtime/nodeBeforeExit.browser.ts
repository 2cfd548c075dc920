/**
 * The host-exit watch on a host without Node's `process` (a browser): nothing to watch.
 * `package.json`'s `browser` field points browser bundles here instead of at
 * `nodeBeforeExit.js`, which would find no `process` there and do nothing anyway.
 *
 * @module
 */
import type { ExitWatcher } from './nodeBeforeExit.js'

export type { ExitWatcher }

const stopWatching = (): void => {}

/**
 * A browser page has no "nothing left to do" moment to report: the returned function does nothing.
 *
 * @example
 * const unwatch = watchHostExit({ hostIsExiting: () => {} })
 * unwatch()
 */
export const watchHostExit = (_watcher: ExitWatcher): (() => void) => stopWatching

/**
 * No process exit code to set.
 *
 * @example
 * markHostFailed()
 */
export const markHostFailed = (): void => {}
