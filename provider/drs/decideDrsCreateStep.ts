/**
 * The outcome of a check DRS runs for a job being made (a connection test, the precheck):
 * still running (with the key its result is read with, when DRS gave one), passed, or failed
 * with the vendor's reasons, one per failed item.
 */
export type DrsCheck =
  | { readonly state: "pending"; readonly queryId?: string | undefined }
  | { readonly state: "passed" }
  | { readonly state: "failed"; readonly reasons: readonly string[] };

/** Which endpoint a connection test is about. */
export type DrsEndpointRole = "source" | "target";

/** What the driver knows about a job being made, step by step. */
export interface DrsCreateProgress {
  /** The job's status when last read; `undefined` before the first read. */
  readonly status?: string | undefined;
  readonly source?: DrsCheck | undefined;
  readonly target?: DrsCheck | undefined;
  readonly objectsSelected: boolean;
  readonly precheck?: DrsCheck | undefined;
  /** A speed limit is asked for and not set yet (set after the precheck, before the start). */
  readonly speedLimitPending?: boolean | undefined;
  /** Whether the start was sent (or the job was found already started). */
  readonly started: boolean;
  /** A delayed start was asked for: `WAITING_FOR_START` is then the goal. */
  readonly delayedStart: boolean;
}

/** The next thing to do for a job being made. */
export type DrsCreateStep =
  | { readonly kind: "readStatus" }
  | { readonly kind: "testConnection"; readonly role: DrsEndpointRole }
  | { readonly kind: "readConnection"; readonly role: DrsEndpointRole; readonly queryId?: string | undefined }
  | { readonly kind: "selectObjects" }
  | { readonly kind: "precheck" }
  | { readonly kind: "readPrecheck"; readonly queryId?: string | undefined }
  | { readonly kind: "limitSpeed" }
  | { readonly kind: "start" }
  | { readonly kind: "done"; readonly status: string }
  | { readonly kind: "fail"; readonly message: string; readonly reasons: readonly string[] };

/** Statuses of a job that transfers data: the goal of a create with an immediate start. */
export const drsRunningStatuses: ReadonlySet<string> = new Set([
  "FULL_TRANSFER_STARTED",
  "FULL_TRANSFER_COMPLETE",
  "INCRE_TRANSFER_STARTED",
  "CHILD_TRANSFER_STARTED",
  "CHILD_TRANSFER_COMPLETE",
]);

/** Statuses that end a create: the job exists but will not run without a change by the user. */
const failedStatuses: ReadonlySet<string> = new Set([
  "CREATE_FAILED",
  "START_JOB_FAILED",
  "FULL_TRANSFER_FAILED",
  "INCRE_TRANSFER_FAILED",
  "CHILD_TRANSFER_FAILED",
  "RELEASE_RESOURCE_STARTED",
  "RELEASE_RESOURCE_COMPLETE",
  "RELEASE_RESOURCE_FAILED",
  "DELETED",
]);

/** Statuses a job passes through once started, before it transfers. */
const startingStatuses: ReadonlySet<string> = new Set(["STARTJOBING", "WAITING_FOR_START"]);

/**
 * Decides the next step of making a DRS job, the way the console does it: wait until the job is
 * in `CONFIGURATION`; test the source, then the target connection; select the objects; run the
 * precheck and wait for its result; set the speed limit, if any; start; wait until the job transfers data
 * (`FULL_TRANSFER_STARTED`, `INCRE_TRANSFER_STARTED`, ...) or, with a start time, until it waits
 * for it (`WAITING_FOR_START`). A failed check or a failed status ends it with the reasons.
 * Pure: the driver performs the step, records what it learnt and asks again.
 *
 * An unknown status is waited on (the driver's deadline bounds the wait), never acted on.
 */
export function decideDrsCreateStep(p: DrsCreateProgress): DrsCreateStep {
  const status = p.status;
  if (status === undefined) return { kind: "readStatus" };
  if (failedStatuses.has(status)) {
    return { kind: "fail", message: `the job went to status ${status}`, reasons: [`status ${status}`] };
  }
  if (drsRunningStatuses.has(status)) return { kind: "done", status };
  if (p.started) {
    if (status === "WAITING_FOR_START" && p.delayedStart) return { kind: "done", status };
    // CONFIGURATION right after the start, STARTJOBING, WAITING_FOR_START: not there yet.
    return { kind: "readStatus" };
  }
  // A job found already starting (a create resumed after an interruption) is not started twice.
  if (startingStatuses.has(status)) {
    return status === "WAITING_FOR_START" && p.delayedStart
      ? { kind: "done", status }
      : { kind: "readStatus" };
  }
  if (status !== "CONFIGURATION") return { kind: "readStatus" };
  for (const role of ["source", "target"] as const) {
    const check = p[role];
    if (check === undefined) return { kind: "testConnection", role };
    if (check.state === "pending") return { kind: "readConnection", role, queryId: check.queryId };
    if (check.state === "failed") {
      return {
        kind: "fail",
        message: `the connection test of the ${role} database failed`,
        reasons: check.reasons,
      };
    }
  }
  if (!p.objectsSelected) return { kind: "selectObjects" };
  const precheck = p.precheck;
  if (precheck === undefined) return { kind: "precheck" };
  if (precheck.state === "pending") return { kind: "readPrecheck", queryId: precheck.queryId };
  if (precheck.state === "failed") {
    return { kind: "fail", message: "the precheck failed", reasons: precheck.reasons };
  }
  if (p.speedLimitPending === true) return { kind: "limitSpeed" };
  return { kind: "start" };
}
