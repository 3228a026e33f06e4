import type { JobView } from "./JobDriver";
import type { TeardownEvent } from "./TeardownEvent";
import { mayResend, type TeardownMemory } from "./TeardownMemory";
import type { TeardownPolicy } from "./TeardownPolicy";

/**
 * Records what happened (`event`, at `now`) in the teardown's memory and returns the new memory;
 * pure, the old memory is left as it was. Every call sent counts, whether it was answered,
 * failed or was abandoned at the deadline.
 */
export function recordTeardownEvent(
  memory: TeardownMemory,
  event: TeardownEvent,
  policy: TeardownPolicy,
  now: number,
): TeardownMemory {
  switch (event.kind) {
    case "started":
      return memory;
    case "woke":
      return { ...memory, pollMs: Math.min(memory.pollMs * 1.5, policy.maxPollMs) };
    case "read":
      return event.view === undefined
        ? { ...memory, lastFailure: undefined }
        : recordReading(memory, event.view, now);
    case "stopBlocker":
      return { ...memory, blockerChecked: event.blocker === undefined, lastFailure: undefined };
    case "stop": {
      const sent = stopSent(memory, event.force);
      const { outcome } = event;
      if (outcome.kind === "accepted") {
        return {
          ...sent,
          acceptedStop: {
            at: now,
            forced: event.force,
            sentOnFailure: memory.lastView?.phase === "stopFailed",
            otherStatusSeen: false,
          },
          stopRefusals: 0,
          // The failure that made us stop is answered; a failure seen later is a new one.
          failureCounted: false,
        };
      }
      if (outcome.kind === "refused") return { ...sent, stopRefusals: memory.stopRefusals + 1 };
      // "Try again later" (busy, entry missing) and "gone": nothing about the job's stop changed.
      return sent;
    }
    case "delete": {
      const sent = { ...memory, deletesSent: memory.deletesSent + 1, lastFailure: undefined };
      const { outcome } = event;
      if (outcome.kind === "accepted") return { ...sent, deleteAcceptedAt: now, deleteMayHaveActed: true };
      // A delete answered without a word about the job (its entry left out) may have acted.
      if (outcome.kind === "retryLater") return { ...sent, deleteMayHaveActed: true };
      return sent;
    }
    case "failed":
    case "unanswered": {
      const { step } = event;
      const lastFailure = event.kind === "failed" ? event.error : undefined;
      if (step.kind === "stop") return { ...stopSent(memory, step.force), lastFailure };
      // Its answer was lost, not its effect: the delete may have acted.
      if (step.kind === "delete")
        return { ...memory, deletesSent: memory.deletesSent + 1, deleteMayHaveActed: true, lastFailure };
      return { ...memory, lastFailure };
    }
  }
}

function stopSent(memory: TeardownMemory, force: boolean): TeardownMemory {
  return {
    ...memory,
    stopsSent: memory.stopsSent + 1,
    forcedStopsSent: memory.forcedStopsSent + (force ? 1 : 0),
    lastFailure: undefined,
  };
}

function recordReading(memory: TeardownMemory, view: JobView, now: number): TeardownMemory {
  const failed = view.phase === "stopFailed";
  const accepted = memory.acceptedStop;
  const next: TeardownMemory = {
    ...memory,
    lastStatus: view.status,
    lastView: view,
    lastFailure: undefined,
    stoppingSince: view.phase === "stopping" ? (memory.stoppingSince ?? now) : undefined,
    acceptedStop:
      accepted !== undefined && !failed && !accepted.otherStatusSeen
        ? { ...accepted, otherStatusSeen: true }
        : accepted,
  };
  if (!failed) return { ...next, failureCounted: false };
  // Right after a stop sent *because* of a failure, that old failure may still show: it is new
  // only once the status moved on since our stop, or the failure outlasted the resend pause. A
  // failure seen after a stop sent from any other status is new, even when no read caught the
  // job in between (a stop that fails within one poll).
  const fresh =
    accepted === undefined ||
    !accepted.sentOnFailure ||
    accepted.otherStatusSeen ||
    mayResend(accepted.at, now);
  if (!fresh || memory.failureCounted) return next;
  return { ...next, failedStops: memory.failedStops + 1, failureCounted: true };
}
