import type { JobView } from "./JobDriver";
import type { TeardownPolicy } from "./TeardownPolicy";

/** The last stop the service accepted for the job. */
export interface AcceptedStop {
  /** When its acceptance arrived (epoch ms). */
  readonly at: number;
  readonly forced: boolean;
  /** Whether it was sent because the reading before it showed a failed stop. */
  readonly sentOnFailure: boolean;
  /** Whether a reading since then showed a status other than a failed stop. */
  readonly otherStatusSeen: boolean;
}

/**
 * Everything one teardown knows so far, as {@link recordTeardownEvent} keeps it. Plain data, so
 * that a decision can be checked from a memory written down in a test.
 */
export interface TeardownMemory {
  readonly startedAt: number;
  /** `startedAt` plus the policy's timeout: nothing is sent and nothing waited for past it. */
  readonly deadline: number;
  /** The next pause between reads; grows by half after each pause up to the policy's maximum. */
  readonly pollMs: number;
  /** The last status read, or `(not read yet)`. */
  readonly lastStatus: string;
  /** The last reading of a job the service knew. */
  readonly lastView: JobView | undefined;
  /** Since when readings have shown the job stopping without a break. */
  readonly stoppingSince: number | undefined;
  readonly stopsSent: number;
  readonly forcedStopsSent: number;
  readonly acceptedStop: AcceptedStop | undefined;
  /** Whether the driver's stop blocker (prepaid order, dual-active child) was asked and had none. */
  readonly blockerChecked: boolean;
  /** Stops refused by the service in a row (reset by an accepted stop). */
  readonly stopRefusals: number;
  /**
   * Stops seen to fail: each failure of a stop the service had accepted counts once (a job found
   * with a failed stop counts as one). Busy answers, missing entries and outages never count.
   */
  readonly failedStops: number;
  /**
   * Whether the failure the job shows now was already counted and no stop was accepted since:
   * while it holds, the same failure is not counted again, whatever the stops sent meanwhile met.
   */
  readonly failureCounted: boolean;
  readonly deletesSent: number;
  readonly deleteAcceptedAt: number | undefined;
  /**
   * Whether one of our deletes may have removed the job: accepted, answered without saying (its
   * entry missing from the batch answer), or its answer lost. A job gone after that was not
   * "already gone".
   */
  readonly deleteMayHaveActed: boolean;
  /** The error of the last call, when it failed for a passing reason and no call has succeeded since. */
  readonly lastFailure: unknown;
}

/**
 * After an accepted stop or delete the job may still show its old status for a moment (the OTC
 * Terraform provider fails on exactly this race): the same action is sent again only when the
 * old status persists this long.
 */
export const resendAfterMs = 30_000;

const firstPollMs = 1_000;

/** The memory of a teardown that starts at `now`. */
export function startTeardownMemory(policy: TeardownPolicy, now: number): TeardownMemory {
  return {
    startedAt: now,
    deadline: now + policy.timeoutMs,
    pollMs: Math.min(firstPollMs, policy.maxPollMs),
    lastStatus: "(not read yet)",
    lastView: undefined,
    stoppingSince: undefined,
    stopsSent: 0,
    forcedStopsSent: 0,
    acceptedStop: undefined,
    blockerChecked: false,
    stopRefusals: 0,
    failedStops: 0,
    failureCounted: false,
    deletesSent: 0,
    deleteAcceptedAt: undefined,
    deleteMayHaveActed: false,
    lastFailure: undefined,
  };
}

/** Whether an action accepted at `acceptedAt` (or never) may be sent again at `now`. */
export function mayResend(acceptedAt: number | undefined, now: number): boolean {
  return acceptedAt === undefined || now - acceptedAt >= resendAfterMs;
}
