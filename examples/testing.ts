/**
 * Testing your own concurrent code with `taskloop/testing`: three bugs that ordinary tests
 * (one run, FIFO order, no cancellation, real time) do not see, found and then fixed.
 *
 * 1. A token cache that two requests refresh at once: it checks "is a refresh in flight?",
 *    awaits a log write, and only then starts the refresh — so in some orders both requests
 *    fetch a token. asyncio's FIFO order happens to hide it; `explore` finds the schedule,
 *    shrinks it and prints a replay string that runs it again.
 * 2. A transfer between two accounts that debits, awaits the ledger, then credits: cancelled
 *    at that await, the money is gone. `cancelEverywhere` names the await; `uncancellable`
 *    fixes it.
 * 3. A retry loop with exponential backoff, checked at exact virtual times with `TestLoop`.
 *
 * Run it: `npx tsx examples/testing.ts`. The schedule and run counts it prints are the same
 * on every run (the seeds are fixed).
 */
import { pipe } from 'fp-ts/lib/function.js'
import type { Fiber } from '../lib/index.js'
import { Task } from '../lib/index.js'
import { CancelPointError, cancelEverywhere, explore, TestLoop } from '../lib/testing/index.js'

// ---- 1. a check-then-act race in a cache refresh --------------------------------------------

interface TokenCache {
  token: string | undefined
  refreshing: Fiber<never, string> | undefined
  fetches: number
}

/** Fetching a token from the identity provider takes 50 ms. */
const fetchToken = (cache: TokenCache): Task.Task<never, string> =>
  Task.gen(function* () {
    cache.fetches++
    yield* Task.sleep(50)
    cache.token = `token-${cache.fetches}`
    return cache.token
  })

/** Writing a line to the audit log is an await (it goes to a slow sink). */
const audit = (_line: string): Task.Task<never, void> => Task.sleep(0)

/**
 * The token, fetching it once for all concurrent callers — or so it is meant to. The buggy
 * version awaits the audit write between its check and its act.
 */
const getToken = (cache: TokenCache, fixed: boolean): Task.Task<never, string> =>
  Task.gen(function* getToken() {
    if (cache.token !== undefined) return cache.token
    if (cache.refreshing === undefined) {
      if (fixed) {
        cache.refreshing = yield* Task.spawn(fetchToken(cache)) // act right after the check
        yield* audit('token refresh started')
      } else {
        yield* audit('token refresh started') // an await between the check and the act
        cache.refreshing = yield* Task.spawn(fetchToken(cache))
      }
    }
    return yield* cache.refreshing
  })

/** Two requests arrive together; the second one parses a body first (one more await). */
const twoRequests = (fixed: boolean) => (): Task.Task<never, TokenCache> => {
  const cache: TokenCache = { token: undefined, refreshing: undefined, fetches: 0 }
  const request = (parseSteps: number) =>
    Task.gen(function* handle() {
      for (let i = 0; i < parseSteps; i++) yield* Task.cede // authenticate, parse the body, …
      return yield* getToken(cache, fixed)
    })
  return pipe(
    Task.gather([request(1), request(2)]),
    Task.map(() => cache),
  )
}

const oneFetch = (outcome: { _tag: string; value?: TokenCache }): boolean => outcome._tag === 'Succeeded' && outcome.value!.fetches === 1

const cacheRace = (): void => {
  console.log('1. a token cache refreshed by two requests at once (explore)')
  const fifo = explore(twoRequests(false), { check: oneFetch, replay: 's1:' })
  console.log(`   FIFO order alone: ${fifo.ok ? 'passes' : 'fails'}`)
  const found = explore(twoRequests(false), { check: oneFetch, seed: 2024 })
  if (found.ok) throw new Error('explore should have found the race')
  const failure = found.failure!
  console.log(`   random mode (seed 2024): found after ${found.schedules} schedules (${found.distinct} distinct): ${(failure.outcome as { value: TokenCache }).value.fetches} fetches`)
  console.log(`   shrunk choices [${failure.choices.join(', ')}], replay '${failure.replay}'`)
  const again = explore(twoRequests(false), { check: oneFetch, replay: failure.replay })
  console.log(`   replayed: ${again.ok ? 'passes (not reproduced!)' : `fails again, ${(again.failure!.outcome as { value: TokenCache }).value.fetches} fetches`}`)
  const exhaustive = explore(twoRequests(false), { check: oneFetch, mode: 'exhaustive' })
  console.log(`   exhaustive mode: found after ${exhaustive.schedules} schedules`)
  const fixedRandom = explore(twoRequests(true), { check: oneFetch, seed: 2024 })
  const fixedAll = explore(twoRequests(true), { check: oneFetch, mode: 'exhaustive', maxChoices: 64 })
  console.log(`   fixed: ${fixedRandom.ok ? 'no failure' : 'FAILS'} in ${fixedRandom.schedules} random schedules; exhaustive: ${fixedAll.ok ? 'no failure' : 'FAILS'} in all ${fixedAll.schedules} schedules (${fixedAll.exhausted ? 'every one' : 'stopped at the budget'})`)
}

// ---- 2. a transfer that loses money when cancelled between its two writes --------------------

interface Account {
  balance: number
}

/** The ledger write is an await: 5 ms to a remote store. */
const recordInLedger = (_from: Account, _to: Account, _amount: number): Task.Task<never, void> => Task.sleep(5)

const transfer = (from: Account, to: Account, amount: number, fixed: boolean): Task.Task<never, void> => {
  const body = Task.gen(function* transfer() {
    from.balance -= amount
    yield* recordInLedger(from, to, amount)
    to.balance += amount
  })
  return fixed ? Task.uncancellable(() => body) : body
}

const transferProgram = (fixed: boolean) => {
  let accounts: [Account, Account] = [{ balance: 0 }, { balance: 0 }]
  let runs = 0
  const make = (): Task.Task<never, void> => {
    runs++
    accounts = [{ balance: 70 }, { balance: 30 }]
    return Task.gen(function* payday() {
      yield* Task.sleep(1)
      yield* transfer(accounts[0], accounts[1], 20, fixed)
    })
  }
  const total = (): number => accounts[0].balance + accounts[1].balance
  return { make, total, runs: () => runs }
}

const lostMoney = (): void => {
  console.log('2. a transfer between two accounts, cancelled at every await (cancelEverywhere)')
  const buggy = transferProgram(false)
  try {
    cancelEverywhere(buggy.make, { check: () => (buggy.total() === 100 ? undefined : `the total is ${buggy.total()}, not 100`) })
    throw new Error('cancelEverywhere should have found the lost money')
  } catch (e) {
    if (!(e instanceof CancelPointError)) throw e
    console.log(`   found after ${buggy.runs()} runs, cancelled after ${e.k} iterations: ${e.message.split('\n')[0]}`)
    console.log(`   at: ${e.where!.text}`)
  }
  const fixed = transferProgram(true)
  const points = cancelEverywhere(fixed.make, { check: () => (fixed.total() === 100 ? undefined : `the total is ${fixed.total()}`) })
  console.log(`   fixed with uncancellable: the total is 100 at all ${points.length} cancellation points`)
}

// ---- 3. a retry loop at exact virtual times ----------------------------------------------------

/** Runs `task` up to `attempts` times, waiting `base`, 2·`base`, 4·`base` … ms between tries. */
const retry =
  (attempts: number, base: number) =>
  <E, A>(task: Task.Task<E, A>): Task.Task<E, A> =>
    Task.gen(function* retry() {
      for (let i = 0; ; i++) {
        const result = yield* Task.either(task)
        if (result._tag === 'Right') return result.right
        if (i + 1 >= attempts) return yield* Task.fail(result.left)
        yield* Task.sleep(base * 2 ** i)
      }
    })

const retryTimes = (): void => {
  console.log('3. retry with backoff, at exact virtual times (TestLoop)')
  const t = new TestLoop()
  const tries: number[] = []
  const flaky = Task.gen(function* () {
    tries.push(t.time())
    if (tries.length < 3) return yield* Task.fail(new Error(`attempt ${tries.length} failed`))
    return 'connected'
  })
  const h = t.start(pipe(flaky, retry(5, 100)), { name: 'connect' })
  const at = (label: string) => console.log(`   ${label.padEnd(22)} t=${String(t.time()).padStart(3)} ms: ${tries.length} attempt(s), ${h.outcome() === undefined ? `pending, next timer in ${t.nextInterval()} ms` : JSON.stringify(h.outcome())}`)
  t.tick()
  at('start')
  t.advanceAndTick(99)
  at('advance 99')
  t.advanceAndTick(1)
  at('advance 1')
  t.advanceAndTick(199)
  at('advance 199')
  t.advanceAndTick(1)
  at('advance 1')
  if (tries.join(',') !== '0,100,300') throw new Error(`unexpected attempt times ${tries.join(',')}`)
  t.close()
}

cacheRace()
lostMoney()
retryTimes()
