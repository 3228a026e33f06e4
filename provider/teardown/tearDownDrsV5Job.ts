import { classifyDrsStatus, type DrsTeardownPhase } from "../drs/classifyDrsStatus";
import type { ApiConnection } from "../http/ApiConnection";
import {
  batchDeleteDrsV5Jobs,
  batchStopDrsV5Jobs,
  getDrsV5Job,
  isBatchSuccess,
  isDrsNotFound,
} from "../drs/drsV5Api";
import type { DrsV5BatchEntry } from "../drs/drsV5Schemas";
import { formatDuration, TeardownTimeoutError } from "./TeardownTimeoutError";

/** How long and how often one teardown waits. */
export interface TeardownTiming {
  /** Give up (with {@link TeardownTimeoutError}) after this long. */
  readonly timeoutMs: number;
  /** Longest pause between two status reads; the first pauses are shorter. */
  readonly maxPollMs: number;
}

/** What a teardown did. */
export interface TeardownReport {
  /** `deleted`: this run deleted it; `alreadyGone`: it was gone before any delete of ours. */
  readonly outcome: "deleted" | "alreadyGone";
  readonly stopsSent: number;
  readonly deletesSent: number;
  readonly elapsedMs: number;
}

/** One line of progress, already prefixed by the caller. */
export type ProgressLog = (message: string) => void;

// After an accepted stop or delete, the job may still show its old status for a moment (the OTC
// Terraform provider fails on exactly this race). Only resend when the old status persists this long.
const resendAfterMs = 30_000;
const firstPollMs = 1_000;

const phaseWords: Record<DrsTeardownPhase, string> = {
  deletable: "stopped, can be deleted",
  stopping: "stopping",
  needsStop: "must be stopped first",
  stopFailed: "the last stop failed",
  gone: "deleted",
  unknown: "status unknown to this release: waiting, never guessing",
};

/**
 * Tears down one DRS v5 job: stop it unless it is stopped, wait until its status allows deletion,
 * delete it with the delete-many call, and wait until DRS no longer knows it. Re-entrant: a job
 * already stopping, stopped or gone is taken from where it is. Never sends a delete for a job
 * whose last read status was not deletable.
 */
export async function tearDownDrsV5Job(
  conn: ApiConnection,
  jobId: string,
  label: string,
  timing: TeardownTiming,
  log: ProgressLog,
): Promise<TeardownReport> {
  const started = Date.now();
  const deadline = started + timing.timeoutMs;
  const callConn: ApiConnection = { ...conn, deadline };
  let stopsSent = 0;
  let deletesSent = 0;
  let stopAcceptedAt: number | undefined;
  let deleteAcceptedAt: number | undefined;
  let lastStatus = "(not read yet)";
  let poll = Math.min(firstPollMs, timing.maxPollMs);
  const report = (outcome: TeardownReport["outcome"]): TeardownReport => ({
    outcome,
    stopsSent,
    deletesSent,
    elapsedMs: Date.now() - started,
  });

  for (;;) {
    const job = await getDrsV5Job(callConn, jobId);
    const waited = formatDuration(Date.now() - started);
    if (job === undefined) {
      log(
        deleteAcceptedAt === undefined ? "already gone (DRS does not know the job)" : `gone after ${waited}`,
      );
      return report(deleteAcceptedAt === undefined ? "alreadyGone" : "deleted");
    }
    const phase = classifyDrsStatus(job.status);
    if (job.status !== lastStatus) log(`status ${job.status} (${phaseWords[phase]}) after ${waited}`);
    lastStatus = job.status;

    if (phase === "gone") {
      log(`gone after ${waited}`);
      return report(deleteAcceptedAt === undefined ? "alreadyGone" : "deleted");
    }
    if (phase === "deletable" && due(deleteAcceptedAt)) {
      deletesSent++;
      const entry = (await batchDeleteDrsV5Jobs(callConn, [jobId])).get(jobId);
      const result = interpret(entry);
      if (result === "gone") {
        log("delete answered: the job does not exist any more");
        return report(deleteAcceptedAt === undefined ? "alreadyGone" : "deleted");
      }
      if (result === "accepted") {
        deleteAcceptedAt = Date.now();
        log("delete accepted; waiting until the job is gone");
      } else log(`delete not accepted (${result}); reading the status again`);
    } else if ((phase === "needsStop" && due(stopAcceptedAt)) || phase === "stopFailed") {
      stopsSent++;
      const entry = (await batchStopDrsV5Jobs(callConn, [{ jobId }])).get(jobId);
      const result = interpret(entry);
      if (result === "gone") {
        log("stop answered: the job does not exist any more");
        return report("alreadyGone");
      }
      if (result === "accepted") {
        stopAcceptedAt = Date.now();
        log("stop accepted; waiting for it to finish");
      } else log(`stop not accepted (${result}); reading the status again`);
    }

    const now = Date.now();
    if (now >= deadline) throw new TeardownTimeoutError(label, lastStatus, now - started);
    await new Promise((resolve) => setTimeout(resolve, Math.min(poll, deadline - now)));
    poll = Math.min(poll * 1.5, timing.maxPollMs);
  }
}

function due(acceptedAt: number | undefined): boolean {
  return acceptedAt === undefined || Date.now() - acceptedAt >= resendAfterMs;
}

/** A batch entry's meaning for this job. Missing entries are "unknown": re-read, never assume. */
function interpret(entry: DrsV5BatchEntry | undefined): string {
  if (entry === undefined) return "no entry for the job in the answer";
  if (isBatchSuccess(entry)) return "accepted";
  if (isDrsNotFound(entry.error_code, entry.error_msg)) return "gone";
  return [entry.error_code, entry.error_msg].filter(Boolean).join(": ") || `status ${entry.status}`;
}
