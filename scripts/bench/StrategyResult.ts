/** Which way of tearing down a result is about. */
export type StrategyId = "cli" | "cli-skip-checkpoints" | "reference";

/** HTTP requests of one teardown, by what they did. */
export interface RequestCounts {
  readonly total: number;
  /** Status, detail and list reads. */
  readonly reads: number;
  /** Stop calls (graceful or forced, batched or not). */
  readonly stops: number;
  readonly deletes: number;
  /** Anything else (IAM, actions reads, ...). */
  readonly other: number;
  /**
   * Of all of them, calls about one job named in the path (detail and actions reads, stop-one,
   * delete-one), which no batching can share. Absent in runs before it was counted.
   */
  readonly oneJob?: number;
}

/** When the steps of a teardown happened, in ms after it started. */
export interface TeardownMilestones {
  readonly firstRequestMs: number;
  readonly lastStopSentMs: number;
  /** When the last job reached a stopped status (its stop finished on the emulator). */
  readonly lastStoppedMs: number;
  readonly lastDeleteSentMs: number;
  readonly lastRequestMs: number;
  /** Largest lag between a job reaching stopped and its delete being sent. */
  readonly maxStoppedToDeleteMs: number;
}

/** Status reads per poll round (see countRequests.ts). */
export interface RoundReads {
  readonly rounds: number;
  readonly mean: number;
  readonly max: number;
  readonly dliListPages: number;
}

/** The stack's state after `pulumi up` (CLI strategies): what every checkpoint rewrites. */
export interface StateSize {
  /** The state file (checkpoint) on the file backend, in bytes. */
  readonly fileBytes: number;
  /** Resources in it, the stack and provider entries included. */
  readonly resources: number;
  /** Mean bytes of one DrsJob or DliFlinkJob entry, as serialized JSON. */
  readonly bytesPerJobResource: number;
  /** Of those, the two stored copies of the serialized provider (`__provider` in inputs and outputs). */
  readonly providerBytesPerJobResource: number;
}

/** One strategy measured on one stack size. */
export interface StrategyResult {
  /** `cli` (the CLI as it comes), `cli-skip-checkpoints`, or `reference`. */
  readonly strategy: StrategyId;
  readonly jobs: number;
  readonly wallMs: number;
  readonly requests: RequestCounts;
  readonly milestones: TeardownMilestones;
  /** Peak resident memory in KiB of the process that ran the teardown logic (see `memoryOf`). */
  readonly peakMemoryKiB: number | undefined;
  /** Which process `peakMemoryKiB` is about. */
  readonly memoryOf: string;
  /** CLI only: peak resident memory of the `pulumi` process itself. */
  readonly cliPeakMemoryKiB?: number | undefined;
  /** Workers (reference) or `--parallel` (CLI). */
  readonly parallelism: number;
  /** Status reads per poll round during the measured teardown. */
  readonly readsPerRound?: RoundReads | undefined;
  /** CLI only: the stack's state after `pulumi up`. */
  readonly state?: StateSize | undefined;
  /** Problems found by the checks after the run; a run with any fails the bench. */
  readonly problems: readonly string[];
}
