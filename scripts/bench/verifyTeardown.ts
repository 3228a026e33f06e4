import type { EmulatorCall, HuaweiEmulator } from "../../emulator";
import { callKind, teardownCallsFor } from "../describeJobTeardown";
import type { MixedJobs } from "./seedMixedJobs";

const stoppedStatuses: ReadonlySet<string> = new Set(["RELEASE_RESOURCE_COMPLETE", "job_cancel_success"]);

/**
 * What went wrong with the teardown of a set of jobs, from the emulator's own records: a job
 * still known (DRS `DELETED` counts as gone, as for the provider), a job never deleted by a call
 * of ours, a delete sent while the job was not stopped, or a stop sent after a delete. Empty when
 * all is well. Every job of the set was seeded running, so each one needs a stop and a delete.
 */
export function teardownProblems(
  emulator: HuaweiEmulator,
  jobs: MixedJobs,
  calls: readonly EmulatorCall[],
): string[] {
  const problems: string[] = [];
  for (const job of [...jobs.drsV5, ...jobs.drsV3]) {
    const now = emulator.store.get(job.id);
    if (now !== undefined && !now.removed && now.status !== "DELETED")
      problems.push(`DRS job ${job.name} ${job.id} is left in ${now.status}`);
  }
  for (const job of jobs.dli) {
    const now = emulator.dli.store.get(job.id);
    if (now !== undefined && !now.removed)
      problems.push(`DLI job ${job.name} ${job.id} is left in ${now.status}`);
  }
  for (const job of [...jobs.drsV5, ...jobs.drsV3, ...jobs.dli]) {
    const steps = teardownCallsFor(job.id, calls);
    const deletes = steps.filter((call) => callKind(call, job.id) === "delete");
    const stops = steps.filter((call) => callKind(call, job.id) !== "delete");
    const firstDelete = deletes[0];
    if (firstDelete === undefined) {
      problems.push(`${job.name} ${job.id}: no delete was sent`);
      continue;
    }
    if (stops.length === 0) problems.push(`${job.name} ${job.id}: deleted without a stop`);
    for (const stop of stops)
      if (stop.seq > firstDelete.seq) problems.push(`${job.name} ${job.id}: a stop came after the delete`);
    for (const del of deletes) {
      const before = del.jobStatusBefore[job.id] ?? "?";
      if (!stoppedStatuses.has(before)) problems.push(`${job.name} ${job.id}: delete sent while ${before}`);
    }
  }
  return problems;
}
