/** The part of autocannon's API that `bench/load.ts` uses (the package ships no types). */
declare module 'autocannon' {
  export interface Request {
    readonly method?: string
    readonly path: string
  }
  /** One connection. `_resetConnection` is what autocannon's own request timeout calls. */
  export interface Client {
    on(event: 'request' | 'response', listener: () => void): void
    readonly destroyed: boolean
    _resetConnection(): void
  }
  export interface Options {
    /** Called with each connection's client as it is made. */
    readonly setupClient?: (client: Client) => void
    readonly url: string
    readonly connections?: number
    readonly duration?: number
    /** Seconds before a request is given up: autocannon then destroys the connection and reconnects. */
    readonly timeout?: number
    readonly requests?: readonly Request[]
  }
  export interface Histogram {
    readonly average: number
    readonly p50: number
    readonly p99: number
    readonly max: number
    readonly total: number
  }
  export interface Result {
    readonly requests: Histogram
    readonly latency: Histogram
    readonly errors: number
    readonly timeouts: number
    readonly non2xx: number
    readonly '2xx': number
    readonly '5xx': number
    readonly duration: number
  }
  function autocannon(options: Options): Promise<autocannon.Result>
  namespace autocannon {
    export type { Result }
  }
  export default autocannon
}
