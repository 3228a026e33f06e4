import { classifyDliStatus } from "../dli/classifyDliStatus";

/** What an in-place update of a created DliFlinkJob knows when it decides what to do. */
export interface DliUpdateFacts {
  /** The job's status, read just now. */
  readonly status: string;
  /** Whether the `sql`/`jar` spec differs from the stored one: a PUT is due. */
  readonly specChanged: boolean;
  /** Whether the job is to run after the update (the `run` input). */
  readonly run: boolean;
  /** Whether this resource left the job running (the stored `run`, false after a failed run). */
  readonly wasRun: boolean;
  /** The `savepoint` input: whether a stop for `run: false` takes a savepoint. */
  readonly savepoint: boolean;
  /** Whether the stop that last stopped the job (one of this resource's) took a savepoint to resume from. */
  readonly hasSavepoint: boolean;
}

/** One step of an in-place update, carried out in order; a failed step ends the update. */
export type DliUpdateStep =
  | { readonly kind: "stop"; readonly triggerSavepoint: boolean }
  | { readonly kind: "waitStopped" }
  | { readonly kind: "put" }
  | { readonly kind: "run"; readonly resumeSavepoint: boolean }
  | { readonly kind: "waitRunning" };

/** What an update does: the steps, or a refusal that does nothing at all. */
export type DliUpdatePlan =
  | { readonly kind: "steps"; readonly steps: readonly DliUpdateStep[] }
  | { readonly kind: "refuse"; readonly reason: string };

/**
 * Decides how an update of a created Flink job reaches the wanted spec and run state, from the
 * job's live status. The whole decision is here so that it can be read and tested in one place.
 *
 * - A changed spec is PUT only onto a job that is not running (DLI refuses to change a live job):
 *   a running job is first stopped with a savepoint and waited for, and runs again afterwards
 *   resuming from that savepoint, so that no state is lost.
 * - `run` acts on change only: true→false stops (with a savepoint when `savepoint` is set),
 *   false→true runs (resuming from a savepoint when there is one). A job that stopped on its
 *   own while `run` stayed true is left alone: restarting it is a decision for its owner.
 * - A job in a status this release does not know is not touched when anything is to be done.
 */
export function planDliUpdate(facts: DliUpdateFacts): DliUpdatePlan {
  const phase = classifyDliStatus(facts.status);
  const startRun = facts.run && !facts.wasRun;
  const stopRun = !facts.run && facts.wasRun;
  if (!facts.specChanged && !startRun && !stopRun) return { kind: "steps", steps: [] };
  if (phase === "unknown") {
    return {
      kind: "refuse",
      reason: `the job is in status ${facts.status}, which this release does not know, so nothing was changed; run \`pulumi up\` again once the job is running or stopped`,
    };
  }
  // job_cancel_fail: the last stop failed and the job may still run, so it is stopped again.
  const live = phase === "needsStop" || phase === "stopFailed";
  const stopping = phase === "stopping";
  if (facts.specChanged) {
    const steps: DliUpdateStep[] = [];
    let resume = facts.hasSavepoint || facts.status === "job_savepointing";
    if (live) {
      steps.push({ kind: "stop", triggerSavepoint: true }, { kind: "waitStopped" });
      resume = true;
    } else if (stopping) {
      steps.push({ kind: "waitStopped" });
    }
    steps.push({ kind: "put" });
    if (facts.run) steps.push({ kind: "run", resumeSavepoint: resume }, { kind: "waitRunning" });
    return { kind: "steps", steps };
  }
  if (stopRun) {
    if (live) {
      return {
        kind: "steps",
        steps: [{ kind: "stop", triggerSavepoint: facts.savepoint }, { kind: "waitStopped" }],
      };
    }
    return { kind: "steps", steps: stopping ? [{ kind: "waitStopped" }] : [] };
  }
  // startRun: a job already starting or running is only waited for.
  if (live) return { kind: "steps", steps: facts.status === "job_running" ? [] : [{ kind: "waitRunning" }] };
  const resume = facts.hasSavepoint || facts.status === "job_savepointing";
  return {
    kind: "steps",
    steps: [
      ...(stopping ? [{ kind: "waitStopped" } as const] : []),
      { kind: "run", resumeSavepoint: resume },
      { kind: "waitRunning" },
    ],
  };
}

/** The steps as one progress line, for example `stop with savepoint → wait until stopped → update`. */
export function describeDliUpdate(steps: readonly DliUpdateStep[], specKind: "sql" | "jar"): string {
  return steps
    .map((step) => {
      switch (step.kind) {
        case "stop":
          return step.triggerSavepoint ? "stop with savepoint" : "stop";
        case "waitStopped":
          return "wait until stopped";
        case "put":
          return `update the ${specKind === "sql" ? "SQL" : "Jar"} job in place`;
        case "run":
          return step.resumeSavepoint ? "run resuming from the savepoint" : "run";
        case "waitRunning":
          return "wait until running";
      }
      return "";
    })
    .join(" → ");
}
