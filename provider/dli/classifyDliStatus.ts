import type { TeardownPhase } from "../teardown/JobDriver";

const phases: Readonly<Record<string, TeardownPhase>> = {
  // Not running: the job may be deleted without losing anything more than it already has.
  job_init: "deletable",
  job_submit_fail: "deletable",
  job_cancel_success: "deletable",
  job_finish: "deletable",
  job_arrearage_stopped: "deletable",

  // On the way down (a savepoint is written before the cancel completes).
  job_canceling: "stopping",
  job_savepointing: "stopping",

  // Running or about to: stop first, so that a savepoint can be taken and nothing is cut off.
  job_submitting: "needsStop",
  job_running: "needsStop",
  job_running_exception: "needsStop",
  job_downloading: "needsStop",
  job_idle: "needsStop",
  job_arrearage_recovering: "needsStop",

  job_cancel_fail: "stopFailed",
};

/** Every DLI Flink job status this release knows. */
export const knownDliStatuses: readonly string[] = Object.keys(phases);

/**
 * Classifies a DLI Flink job status for teardown. DLI has no "deleted" status (a deleted job is
 * not found), and unknown values map to `"unknown"`, never to a guess.
 */
export function classifyDliStatus(status: string): TeardownPhase {
  return Object.hasOwn(phases, status) ? (phases[status] ?? "unknown") : "unknown";
}
