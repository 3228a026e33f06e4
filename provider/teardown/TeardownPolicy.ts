/** When a graceful stop may be replaced by a forced one. */
export type ForceStopPolicy = "never" | "onTimeout" | "immediately";

/** How one teardown behaves. */
export interface TeardownPolicy {
  /** Give up (with a TeardownTimeoutError) after this long. */
  readonly timeoutMs: number;
  /** Longest pause between two status reads; the first pauses are shorter. */
  readonly maxPollMs: number;
  readonly forceStop: ForceStopPolicy;
  /** With `onTimeout`: how long a graceful stop may run before it is forced. */
  readonly gracefulStopTimeoutMs: number;
  /**
   * How many failed stops are retried before giving up (when no escalation is left), and how
   * many refused stops in a row end the teardown.
   */
  readonly maxStopAttempts: number;
  /**
   * Status reads of all jobs land on a grid of this many ms (default 250), so that jobs of one
   * destroy read together and their reads share one batch call per round; at the full
   * `maxPollMs` pace they land on multiples of `maxPollMs`.
   */
  readonly pollGridMs?: number;
}
