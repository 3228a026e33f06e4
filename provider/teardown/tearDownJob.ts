import { HuaweiApiError } from "../http/HuaweiApiError";
import { isRetryable } from "../http/requestJson";
import { formatDuration } from "./formatDuration";
import type { ActionOutcome, JobDriver, TeardownPhase } from "./JobDriver";
import { StopBlockedError, StopFailedError, TeardownTimeoutError } from "./TeardownErrors";

/** When a graceful stop may be replaced by a forced one. */
export type ForceStopPolicy = "never" | "onTimeout" | "immediately";

/** How one teardown behaves. */
export interface TeardownPolicy {
  /** Give up (with {@link TeardownTimeoutError}) after this long. */
  readonly timeoutMs: number;
  /** Longest pause between two status reads; the first pauses are shorter. */
  readonly maxPollMs: number;
  readonly forceStop: ForceStopPolicy;
  /** With `onTimeout`: how long a graceful stop may run before it is forced. */
  readonly gracefulStopTimeoutMs: number;
  /** How many failed stops are retried before giving up (when no escalation is left). */
  readonly maxStopAttempts: number;
  /**
   * Status reads of all jobs land on a grid of this many ms (default 250), so that jobs of one
   * destroy read together and their reads share one batch call per round; at the full
   * `maxPollMs` pace they land on multiples of `maxPollMs`.
   */
  readonly pollGridMs?: number;
}

/** What a teardown did. */
export interface TeardownReport {
  /**
   * `deleted`: this run deleted it (a delete was accepted, or its answer said nothing about the
   * job and the job then went away); `alreadyGone`: it was gone before any delete of ours.
   */
  readonly outcome: "deleted" | "alreadyGone";
  readonly stopsSent: number;
  readonly forcedStopsSent: number;
  readonly deletesSent: number;
  readonly elapsedMs: number;
}

/** One line of progress; the caller prefixes it with the resource name and job id. */
export type ProgressLog = (message: string) => void;

// After an accepted stop or delete the job may still show its old status for a moment (the OTC
// Terraform provider fails on exactly this race). Resend only when the old status persists.
const resendAfterMs = 30_000;
const firstPollMs = 1_000;

const phaseWords: Record<TeardownPhase, string> = {
  deletable: "stopped, can be deleted",
  stopping: "stopping",
  needsStop: "must be stopped first",
  stopFailed: "the last stop failed",
  gone: "deleted",
  unknown: "status unknown to this release: waiting, never guessing",
};

/**
 * Tears down one job: stop it unless it is stopped, wait until its status allows deletion,
 * delete it, and wait until the service no longer knows it. Re-entrant: a job already stopping,
 * stopped or gone is taken from where it is, so a destroy killed at any point converges when run
 * again. A delete is sent only when the latest reading said the job is deletable. A call that
 * still fails for a passing reason after the transport's retries (5xx, 429, busy, no answer) is
 * logged and followed by a fresh read in the next round, until the deadline; any other error ends
 * the teardown at once.
 */
export async function tearDownJob(
  driver: JobDriver,
  jobId: string,
  label: string,
  policy: TeardownPolicy,
  log: ProgressLog,
): Promise<TeardownReport> {
  const started = Date.now();
  const deadline = started + policy.timeoutMs;
  const waited = () => formatDuration(Date.now() - started);
  // Changed by sendStop below; an object, because narrowing does not see writes in closures.
  const stop: {
    sent: number;
    forced: number;
    acceptedAt: number | undefined;
    wasForced: boolean;
    /** Whether the accepted stop was sent while the last stop showed as failed. */
    sentOnFailure: boolean;
    statusSince: string | undefined;
    blockerChecked: boolean;
    refusals: number;
  } = {
    refusals: 0,
    sent: 0,
    forced: 0,
    acceptedAt: undefined,
    wasForced: false,
    sentOnFailure: false,
    statusSince: undefined,
    blockerChecked: false,
  };
  let deletesSent = 0;
  let failedStops = 0;
  let stoppingSince: number | undefined;
  let deleteAcceptedAt: number | undefined;
  // Whether one of our deletes may have removed the job: accepted, answered without saying (its
  // entry missing from the batch answer), or its answer lost. A job gone after that was not
  // "already gone".
  let deleteMayHaveActed = false;
  let lastStatus = "(not read yet)";
  let lastPhase: TeardownPhase | undefined;
  let poll = Math.min(firstPollMs, policy.maxPollMs);
  const report = (): TeardownReport => ({
    outcome: deleteMayHaveActed ? "deleted" : "alreadyGone",
    stopsSent: stop.sent,
    forcedStopsSent: stop.forced,
    deletesSent,
    elapsedMs: Date.now() - started,
  });

  const sendStop = async (force: boolean, why: string): Promise<"gone" | undefined> => {
    if (!stop.blockerChecked && driver.stopBlocker) {
      const blocker = await driver.stopBlocker(jobId);
      if (blocker !== undefined) throw new StopBlockedError(label, blocker);
    }
    stop.blockerChecked = true;
    stop.sent++;
    if (force) stop.forced++;
    log(`${force ? "forced stop" : "stop"} sent (${why}) after ${waited()}`);
    const outcome = await driver.stop(jobId, force);
    if (outcome.kind === "gone") return "gone";
    if (outcome.kind === "accepted") {
      stop.acceptedAt = Date.now();
      stop.wasForced = force;
      stop.sentOnFailure = lastPhase === "stopFailed";
      stop.statusSince = undefined;
      log(`${force ? "forced stop" : "stop"} accepted; waiting for it to finish`);
      stop.refusals = 0;
    } else {
      log(`stop not accepted (${describe(outcome)}); reading the status again`);
      // A refusal that repeats (a dual-active parent, a job in a state the service will not
      // stop) is reported, never looped on until the deadline.
      if (outcome.kind === "refused" && ++stop.refusals >= policy.maxStopAttempts) {
        throw new StopFailedError(
          label,
          lastStatus,
          stop.refusals,
          `${driver.family} refused the stop each time: ${outcome.detail}. Look at the job in the console; run \`pulumi destroy\` again once the cause is fixed.`,
        );
      }
    }
    return undefined;
  };

  for (;;) {
    try {
      const view = await driver.read(jobId);
      if (view === undefined) {
        log(
          !deleteMayHaveActed
            ? `already gone (${driver.family} does not know the job)`
            : `gone after ${waited()}`,
        );
        return report();
      }
      if (view.status !== lastStatus)
        log(`status ${view.status} (${phaseWords[view.phase]}) after ${waited()}`);
      lastStatus = view.status;
      lastPhase = view.phase;
      if (stop.acceptedAt !== undefined && view.phase !== "stopFailed") stop.statusSince = view.status;
      stoppingSince = view.phase === "stopping" ? (stoppingSince ?? Date.now()) : undefined;

      switch (view.phase) {
        case "gone":
          log(`gone after ${waited()}`);
          return report();
        case "deletable":
          if (due(deleteAcceptedAt)) {
            deletesSent++;
            log(`delete sent after ${waited()}`);
            // Until its answer says otherwise, a delete may have acted (also when the answer is
            // lost and the call fails below).
            const mayHaveActedBefore: boolean = deleteMayHaveActed;
            deleteMayHaveActed = true;
            const outcome = await driver.delete(jobId);
            if (outcome.kind === "refused" || outcome.kind === "gone")
              deleteMayHaveActed = mayHaveActedBefore;
            if (outcome.kind === "gone") {
              log("delete answered: the job does not exist any more");
              return report();
            }
            if (outcome.kind === "accepted") {
              deleteAcceptedAt = Date.now();
              log("delete accepted; waiting until the job is gone");
            } else log(`delete not accepted (${describe(outcome)}); reading the status again`);
          }
          break;
        case "needsStop":
          if (due(stop.acceptedAt)) {
            const force = policy.forceStop === "immediately" && driver.canForceStop;
            if ((await sendStop(force, force ? 'forceStop is "immediately"' : "graceful")) === "gone")
              return report();
          }
          break;
        case "stopping": {
          const since = stop.acceptedAt ?? stoppingSince ?? Date.now();
          if (
            policy.forceStop === "onTimeout" &&
            driver.canForceStop &&
            !stop.wasForced &&
            Date.now() - since >= policy.gracefulStopTimeoutMs
          ) {
            const why = `graceful stop still running after ${formatDuration(Date.now() - since)}`;
            if ((await sendStop(true, why)) === "gone") return report();
          }
          break;
        }
        case "stopFailed": {
          // Right after a stop sent *because* of a failure, that old failure may still show; then
          // act only once the status moved on since our stop, or the failure has lasted long
          // enough. A failure seen after a stop sent from any other status is new, even when no
          // read caught the job in between (a stop that fails within one poll).
          const fresh =
            stop.acceptedAt === undefined ||
            !stop.sentOnFailure ||
            stop.statusSince !== undefined ||
            due(stop.acceptedAt);
          if (!fresh) break;
          failedStops++;
          const mayForce = driver.canForceStop && policy.forceStop !== "never";
          if (failedStops > policy.maxStopAttempts) {
            throw new StopFailedError(
              label,
              view.status,
              failedStops,
              mayForce || !driver.canForceStop
                ? "Look at the job in the console; run `pulumi destroy` again once the cause is fixed."
                : 'Set forceStop: "onTimeout" (forced stop after a failed graceful one) and run `pulumi destroy` again, or stop the job in the console.',
            );
          }
          const why = mayForce
            ? `stop failed (${view.status}), escalating`
            : `stop failed (${view.status}), trying again`;
          if ((await sendStop(mayForce, why)) === "gone") return report();
          break;
        }
        case "unknown":
          break;
      }
    } catch (error) {
      // The transport already retried this call; an outage or a throttle storm may last longer
      // than its budget. Every step starts with a fresh read, so reading again is always safe:
      // wait for the next round instead of failing the destroy, until the deadline.
      if (!(error instanceof HuaweiApiError) || !isRetryable(error) || Date.now() >= deadline) throw error;
      log(`${error.message}; reading the status again`);
    }

    const now = Date.now();
    if (now >= deadline) throw new TeardownTimeoutError(label, lastStatus, now - started);
    const wake = Math.min(nextRead(now, poll, policy), deadline);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wake - now)));
    poll = Math.min(poll * 1.5, policy.maxPollMs);
  }
}

/**
 * When the next status read is due. Short early waits land on the fine grid. Once a job polls at
 * its full `maxPollMs`, it wakes on the process-wide multiples of that interval instead: jobs
 * whose deletes the CLI handed over a few hundred ms apart would otherwise poll in several
 * phase groups and pay one batch call per group per round. Waking at the nearest multiple at
 * least half an interval away keeps the gaps between reads between 0.5 and 1.5 intervals.
 */
function nextRead(now: number, poll: number, policy: TeardownPolicy): number {
  const grid = policy.pollGridMs ?? 250;
  if (poll < policy.maxPollMs || policy.maxPollMs <= grid) return Math.ceil((now + poll) / grid) * grid;
  return Math.ceil((now + poll / 2) / policy.maxPollMs) * policy.maxPollMs;
}

function due(acceptedAt: number | undefined): boolean {
  return acceptedAt === undefined || Date.now() - acceptedAt >= resendAfterMs;
}

function describe(outcome: ActionOutcome): string {
  return "detail" in outcome ? outcome.detail : outcome.kind;
}
