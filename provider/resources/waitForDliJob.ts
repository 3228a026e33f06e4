import { classifyDliStatus } from "../dli/classifyDliStatus";
import { getDliJob } from "../dli/dliApi";
import type { DliJobDetail } from "../dli/dliSchemas";
import type { ApiConnection } from "../http/ApiConnection";
import { seconds } from "./providerCommon";

/** How a wait for a DLI job polls and when it gives up. */
export interface DliWaitSettings {
  /** Longest time the wait may take. */
  readonly timeoutMs: number;
  /** Pause between two reads of the job. */
  readonly pollIntervalMs: number;
  /** Writes a progress line (each status change is reported once). */
  readonly log: (message: string) => void;
  /**
   * The status the job had before the call that set it moving. A read that still shows it is
   * taken as not yet updated (DLI applies a run or stop asynchronously), never as the outcome.
   */
  readonly before?: string;
}

/** A wait that ended without the job reaching the wanted state; `job` is the last read. */
export class DliWaitError extends Error {
  constructor(
    message: string,
    readonly job: DliJobDetail | undefined,
  ) {
    super(message);
    this.name = "DliWaitError";
  }
}

/** DLI's own words on the job's status (`status_desc` of the FlinkJob model), when it gave any. */
export function dliReason(job: DliJobDetail | undefined): string {
  const desc = job?.status_desc?.trim();
  return desc === undefined || desc === ""
    ? "DLI gave no reason (status_desc is empty)"
    : `DLI says: ${desc}`;
}

/** Reads that may still show the status from before a run or stop, before it is taken as the outcome. */
const staleReadsBelieved = 3;

// Statuses a job passes through on its way to running: keep waiting.
const starting: ReadonlySet<string> = new Set([
  "job_submitting",
  "job_downloading",
  "job_idle",
  "job_arrearage_recovering",
  "job_running_exception",
]);

/**
 * Polls the job until it is `job_running` (or `job_finish`: a bounded job that already ended).
 * Ends with a {@link DliWaitError} carrying DLI's reason when the job settles anywhere else
 * (`job_submit_fail`, stopped, arrears), when it disappears, or when the time is up.
 */
export async function waitUntilDliJobRuns(
  conn: ApiConnection,
  jobId: string,
  settings: DliWaitSettings,
): Promise<DliJobDetail> {
  return waitFor(conn, jobId, settings, "runs", (status) => {
    if (status === "job_running" || status === "job_finish") return "done";
    if (starting.has(status) || classifyDliStatus(status) === "unknown") return "wait";
    return "failed";
  });
}

/**
 * Polls the job until it is stopped (any status in which nothing runs). `job_cancel_fail` ends the
 * wait with a {@link DliWaitError}, as do a vanished job and the end of the time.
 */
export async function waitUntilDliJobStops(
  conn: ApiConnection,
  jobId: string,
  settings: DliWaitSettings,
): Promise<DliJobDetail> {
  return waitFor(conn, jobId, settings, "stops", (status) => {
    const phase = classifyDliStatus(status);
    if (phase === "deletable") return "done";
    return phase === "stopFailed" ? "failed" : "wait";
  });
}

async function waitFor(
  conn: ApiConnection,
  jobId: string,
  settings: DliWaitSettings,
  what: "runs" | "stops",
  judge: (status: string) => "done" | "wait" | "failed",
): Promise<DliJobDetail> {
  const started = Date.now();
  const deadline = started + settings.timeoutMs;
  let seen = settings.before;
  let moved = settings.before === undefined;
  let staleReads = 0;
  let last: DliJobDetail | undefined;
  settings.log(
    `waiting until the job ${what === "runs" ? "runs" : "is stopped"} (at most ${seconds(settings.timeoutMs)})`,
  );
  for (;;) {
    last = await getDliJob(conn, jobId);
    if (last === undefined) {
      throw new DliWaitError(`job ${jobId} disappeared while waiting until it ${what}`, undefined);
    }
    const status = last.status;
    if (status !== seen) {
      settings.log(`status ${status} after ${seconds(Date.now() - started)}`);
      seen = status;
      moved = true;
    }
    // Until the job leaves the status it had, the call has not taken effect yet; after a few
    // reads the status is believed (a run can fail again before the first read sees it move).
    if (!moved && ++staleReads >= staleReadsBelieved) moved = true;
    const verdict = moved ? judge(status) : "wait";
    if (verdict === "done") return last;
    if (verdict === "failed") {
      throw new DliWaitError(
        what === "runs"
          ? `the job did not start: it is ${status}. ${dliReason(last)}`
          : `the job's stop failed: it is ${status}. ${dliReason(last)}`,
        last,
      );
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new DliWaitError(
        `the job was ${what === "runs" ? "not running" : "not stopped"} within ${seconds(settings.timeoutMs)} (deleteTimeout): it is still ${status}`,
        last,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(settings.pollIntervalMs, left)));
  }
}
