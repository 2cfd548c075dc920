/**
 * The boundary of a counted run, as callgrind sees it: `run.ts --instructions` tells callgrind
 * to write its counts out each time the process enters `node::ResourceUsage`, the C++ function
 * behind `process.resourceUsage()`, which nothing else in a benchmark calls. So the counts are
 * taken inside one process, and only the runs are counted: two processes' start-ups differ by
 * more than a run costs (V8 sizes its heap from measured GC speed, which valgrind slows).
 */
export const COUNT_MARK = 'node::ResourceUsage*'
export const markCount = (): void => {
  process.resourceUsage()
}
