/**
 * Where a job is in its life, as far as teardown is concerned. Each family maps its own status
 * values onto these (see classifyDrsStatus and classifyDliStatus).
 */
export type TeardownPhase =
  /** Stopped (or never got going): the delete API accepts it. */
  | "deletable"
  /** A stop is in progress: wait. */
  | "stopping"
  /** Running, idle, paused or failed: it must be stopped before it is deleted. */
  | "needsStop"
  /** The last stop failed: stop again, or escalate to a forced stop when allowed. */
  | "stopFailed"
  /** Already deleted. */
  | "gone"
  /** A status this release does not know: never guess, keep waiting until the deadline. */
  | "unknown";

/** One reading of a job's status. */
export interface JobView {
  readonly status: string;
  readonly phase: TeardownPhase;
}

/** What the service said to a stop or delete of one job. */
export type ActionOutcome =
  /** Taken: the job will move on by itself. */
  | { readonly kind: "accepted" }
  /** The job does not exist (any more). */
  | { readonly kind: "gone" }
  /** Busy, throttled, or the job's entry was missing from the batch answer: read again, retry. */
  | { readonly kind: "retryLater"; readonly detail: string }
  /** Refused for this job (for example not allowed in its status): read again before anything else. */
  | { readonly kind: "refused"; readonly detail: string };

/**
 * The calls one job family (DRS v5, DRS v3, DLI) offers teardown. Implementations gather
 * concurrent calls into vendor batch calls; teardown itself only sees one job.
 */
export interface JobDriver {
  /** Name of the family for messages, for example `DRS v5`. */
  readonly family: string;
  /** Whether the family has a forced stop (DRS does; DLI does not). */
  readonly canForceStop: boolean;
  /** Reads the job; `undefined` when the service no longer knows it. */
  read(jobId: string): Promise<JobView | undefined>;
  /** Asks for a stop (ending the job, never a pause). */
  stop(jobId: string, force: boolean): Promise<ActionOutcome>;
  /** Asks for the delete; sent only when the last reading was deletable. */
  delete(jobId: string): Promise<ActionOutcome>;
  /**
   * Why this provider must not stop the job at all (a prepaid job whose order must be
   * unsubscribed first, a dual-active child), or `undefined`. Asked once, before the first stop.
   */
  stopBlocker?(jobId: string): Promise<string | undefined>;
}
