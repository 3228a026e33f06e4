import { formatDuration } from "./formatDuration";
import { isPassingFailure } from "./isPassingFailure";
import type { JobView } from "./JobDriver";
import { nextReadAt } from "./nextReadAt";
import { StopBlockedError, StopFailedError, TeardownTimeoutError } from "./TeardownErrors";
import type { TeardownEvent } from "./TeardownEvent";
import { mayResend, type TeardownMemory } from "./TeardownMemory";
import type { TeardownPolicy } from "./TeardownPolicy";
import { callName, type TeardownCallStep, type TeardownStep } from "./TeardownStep";

/** What a decision needs to know about the job and its family besides the memory. */
export interface TeardownSubject {
  /** Names the resource and job in errors. */
  readonly label: string;
  /** Family name for messages, for example `DRS v5`. */
  readonly family: string;
  readonly canForceStop: boolean;
  /** Whether the family can tell a job that must not be stopped (asked once, before the first stop). */
  readonly hasStopBlocker: boolean;
  readonly policy: TeardownPolicy;
}

/**
 * Decides the teardown's next step from what it knows (`memory`, with `latest` already recorded)
 * and what happened last (`latest`: a reading, the answer or failure of the last call, or the end
 * of a pause), at `now`. Pure: no I/O and no clock, so every decision can be checked from a
 * written-down history.
 *
 * The rules, in short: a delete only right after a reading that said deletable; a stop when the
 * job must be stopped, when a graceful stop outlives its timeout (`onTimeout`), or when a stop was
 * accepted and then failed (forced when allowed, at most `maxStopAttempts` times more); an action
 * accepted less than 30 s ago is not resent while the old status lingers; unknown statuses wait;
 * "try again later" answers and passing failures lead to a fresh read next round; nothing is sent
 * and nothing waited for past the deadline.
 */
export function decideTeardownStep(
  memory: TeardownMemory,
  latest: TeardownEvent,
  subject: TeardownSubject,
  now: number,
): TeardownStep {
  switch (latest.kind) {
    case "started":
      return { kind: "read" };
    case "woke":
      // A pause never ends past the deadline; at the deadline, nothing more is sent. When the
      // last call failed for a passing reason, that error is the truest report (an outage that
      // outlasted deleteTimeout).
      if (now >= memory.deadline)
        return { kind: "fail", error: memory.lastFailure ?? timeout(memory, subject, now) };
      return { kind: "read" };
    case "read":
      if (latest.view === undefined) return finish(memory);
      return onReading(memory, latest.view, subject, now);
    case "stopBlocker":
      if (latest.blocker !== undefined)
        return { kind: "fail", error: new StopBlockedError(subject.label, latest.blocker) };
      return memory.lastView === undefined
        ? pause(memory, subject, now)
        : onReading(memory, memory.lastView, subject, now);
    case "stop":
      if (latest.outcome.kind === "gone") return finish(memory);
      // A refusal that repeats (a dual-active parent, a job in a state the service will not
      // stop) is reported, never looped on until the deadline.
      if (latest.outcome.kind === "refused" && memory.stopRefusals >= subject.policy.maxStopAttempts) {
        return {
          kind: "fail",
          error: new StopFailedError(
            subject.label,
            memory.lastStatus,
            memory.stopRefusals,
            `${subject.family} refused the stop each time: ${latest.outcome.detail}. Look at the job in the console; run \`pulumi destroy\` again once the cause is fixed.`,
          ),
        };
      }
      return pause(memory, subject, now);
    case "delete":
      return latest.outcome.kind === "gone" ? finish(memory) : pause(memory, subject, now);
    case "failed":
      // The transport already retried the call; an outage or a throttle storm may last longer
      // than its budget. Every step starts with a fresh read, so reading again next round is
      // always safe, until the deadline. Any other error ends the teardown at once.
      if (!isPassingFailure(latest.error) || now >= memory.deadline)
        return { kind: "fail", error: latest.error };
      return pause(memory, subject, now);
    case "unanswered":
      return { kind: "fail", error: timeout(memory, subject, now, latest.step) };
  }
}

function onReading(
  memory: TeardownMemory,
  view: JobView,
  subject: TeardownSubject,
  now: number,
): TeardownStep {
  const { policy } = subject;
  switch (view.phase) {
    case "gone":
      return finish(memory);
    case "deletable":
      return mayResend(memory.deleteAcceptedAt, now) ? { kind: "delete" } : pause(memory, subject, now);
    case "needsStop": {
      if (!mayResend(memory.acceptedStop?.at, now)) return pause(memory, subject, now);
      const force = policy.forceStop === "immediately" && subject.canForceStop;
      return stop(memory, subject, force, force ? 'forceStop is "immediately"' : "graceful");
    }
    case "stopping": {
      const since = memory.acceptedStop?.at ?? memory.stoppingSince ?? now;
      if (
        policy.forceStop === "onTimeout" &&
        subject.canForceStop &&
        memory.acceptedStop?.forced !== true &&
        now - since >= policy.gracefulStopTimeoutMs
      ) {
        return stop(
          memory,
          subject,
          true,
          `graceful stop still running after ${formatDuration(now - since)}`,
        );
      }
      return pause(memory, subject, now);
    }
    case "stopFailed": {
      // Not counted: the failure that our last stop answered, still showing (see the memory).
      if (!memory.failureCounted) return pause(memory, subject, now);
      const mayForce = subject.canForceStop && policy.forceStop !== "never";
      if (memory.failedStops > policy.maxStopAttempts) {
        return {
          kind: "fail",
          error: new StopFailedError(
            subject.label,
            view.status,
            memory.failedStops,
            mayForce || !subject.canForceStop
              ? "Look at the job in the console; run `pulumi destroy` again once the cause is fixed."
              : 'Set forceStop: "onTimeout" (forced stop after a failed graceful one) and run `pulumi destroy` again, or stop the job in the console.',
          ),
        };
      }
      const why = mayForce
        ? `stop failed (${view.status}), escalating`
        : `stop failed (${view.status}), trying again`;
      return stop(memory, subject, mayForce, why);
    }
    case "unknown":
      return pause(memory, subject, now);
  }
}

/** A stop, preceded once by the blocker check when the family has one. */
function stop(
  memory: TeardownMemory,
  subject: TeardownSubject,
  force: boolean,
  reason: string,
): TeardownStep {
  if (subject.hasStopBlocker && !memory.blockerChecked) return { kind: "checkStopBlocker" };
  return { kind: "stop", force, reason };
}

/** Wait for the next read, never past the deadline; at the deadline, give up. */
function pause(memory: TeardownMemory, subject: TeardownSubject, now: number): TeardownStep {
  if (now >= memory.deadline) return { kind: "fail", error: timeout(memory, subject, now) };
  return { kind: "wait", until: Math.min(nextReadAt(now, memory.pollMs, subject.policy), memory.deadline) };
}

function finish(memory: TeardownMemory): TeardownStep {
  return { kind: "finish", outcome: memory.deleteMayHaveActed ? "deleted" : "alreadyGone" };
}

function timeout(
  memory: TeardownMemory,
  subject: TeardownSubject,
  now: number,
  unanswered?: TeardownCallStep,
): TeardownTimeoutError {
  const pending = unanswered === undefined ? undefined : callName(unanswered);
  const { forceStop } = subject.policy;
  const advice = !subject.canForceStop
    ? "Raise deleteTimeout if the job is just slow to stop."
    : forceStop === "never"
      ? 'Raise deleteTimeout if the job is just slow to stop, or set forceStop: "onTimeout" if its graceful stop hangs.'
      : forceStop === "onTimeout" && subject.policy.gracefulStopTimeoutMs >= subject.policy.timeoutMs
        ? `Raise deleteTimeout if the job is just slow to stop, or set gracefulStopTimeout (now ${formatDuration(subject.policy.gracefulStopTimeoutMs)}) below deleteTimeout so that a hanging graceful stop is forced in time.`
        : "Raise deleteTimeout if the job is just slow to stop; if its stop hangs and the service refuses to force it while it runs, end the job in the console.";
  return new TeardownTimeoutError(subject.label, memory.lastStatus, now - memory.startedAt, pending, advice);
}
