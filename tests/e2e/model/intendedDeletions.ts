import type { ModelResource } from "./ModelResource";
import type { StackJob } from "./readStackJobs";

/** The CLI commands the model runs. */
export type ModelCommand = "up" | "refresh" | "destroy";

/** Whether the program resource still holds the job the stack has for it (same name, kind and identity). */
function stillHolds(job: StackJob, declared: ModelResource | undefined): boolean {
  if (declared === undefined || declared.kind !== job.kind || job.pendingDelete) return false;
  if (declared.kind === "drs" || declared.jobId !== undefined) return declared.jobId === job.jobId;
  // A created SQL job is identified by its name: the model renames it to replace it.
  return job.outputs["origin"] === "sql" && declared.sqlName === job.jobName;
}

/**
 * The jobs a command is *meant* to delete, from the model's own reading of the change: `destroy`
 * every job in the stack; `refresh` none; `up` the jobs of resources removed from the program,
 * of resources whose job changed (a replacement: the old job goes), and the old halves of earlier
 * replacements still waiting for their delete. A pinned region or API version, new teardown
 * settings or another environment never mean that a job should go.
 */
export function intendedDeletions(
  command: ModelCommand,
  program: readonly ModelResource[],
  state: readonly StackJob[],
): Set<string> {
  if (command === "refresh") return new Set();
  if (command === "destroy") return new Set(state.map((j) => j.jobId));
  return new Set(
    state
      .filter(
        (job) =>
          !stillHolds(
            job,
            program.find((r) => r.name === job.name),
          ),
      )
      .map((j) => j.jobId),
  );
}
