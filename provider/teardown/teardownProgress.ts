import { formatDuration } from "./formatDuration";
import { isPassingFailure } from "./isPassingFailure";
import type { ActionOutcome, TeardownPhase } from "./JobDriver";
import type { TeardownEvent } from "./TeardownEvent";
import type { TeardownMemory } from "./TeardownMemory";
import { callName, type TeardownStep } from "./TeardownStep";

const phaseWords: Record<TeardownPhase, string> = {
  deletable: "stopped, can be deleted",
  stopping: "stopping",
  needsStop: "must be stopped first",
  stopFailed: "the last stop failed",
  gone: "deleted",
  unknown: "status unknown to this release: waiting, never guessing",
};

/**
 * The progress lines for what just happened (`event`), given the memory `before` it was
 * recorded; the caller prefixes them with the resource name and job id.
 */
export function eventProgress(
  before: TeardownMemory,
  event: TeardownEvent,
  family: string,
  now: number,
): string[] {
  const waited = formatDuration(now - before.startedAt);
  switch (event.kind) {
    case "read": {
      const { view } = event;
      if (view === undefined)
        return [
          before.deleteMayHaveActed
            ? `gone after ${waited}`
            : `already gone (${family} does not know the job)`,
        ];
      const lines =
        view.status === before.lastStatus
          ? []
          : [`status ${view.status} (${phaseWords[view.phase]}) after ${waited}`];
      return view.phase === "gone" ? [...lines, `gone after ${waited}`] : lines;
    }
    case "stop": {
      const what = event.force ? "forced stop" : "stop";
      if (event.outcome.kind === "accepted") return [`${what} accepted; waiting for it to finish`];
      if (event.outcome.kind === "gone") return ["stop answered: the job does not exist any more"];
      return [`stop not accepted (${detailOf(event.outcome)}); reading the status again`];
    }
    case "delete":
      if (event.outcome.kind === "accepted") return ["delete accepted; waiting until the job is gone"];
      if (event.outcome.kind === "gone") return ["delete answered: the job does not exist any more"];
      return [`delete not accepted (${detailOf(event.outcome)}); reading the status again`];
    case "failed":
      // Other failures end the teardown with the error itself.
      return isPassingFailure(event.error) && now < before.deadline && event.error instanceof Error
        ? [`${event.error.message}; reading the status again`]
        : [];
    case "unanswered":
      return [`no answer to the ${callName(event.step)} by the deadline (${waited}); not waiting any longer`];
    case "started":
    case "woke":
    case "stopBlocker":
      return [];
  }
}

/** The progress line announcing a stop or delete about to be sent, if the step is one. */
export function stepProgress(memory: TeardownMemory, step: TeardownStep, now: number): string | undefined {
  const waited = formatDuration(now - memory.startedAt);
  if (step.kind === "stop")
    return `${step.force ? "forced stop" : "stop"} sent (${step.reason}) after ${waited}`;
  if (step.kind === "delete") return `delete sent after ${waited}`;
  return undefined;
}

function detailOf(outcome: ActionOutcome): string {
  return "detail" in outcome ? outcome.detail : outcome.kind;
}
