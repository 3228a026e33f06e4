import type { EmulatorCall, HuaweiEmulator } from "../../emulator";
import { callKind, teardownCallsFor } from "../describeJobTeardown";
import { requestKind } from "./countRequests";
import type { MixedJobs } from "./seedMixedJobs";
import type { TeardownMilestones } from "./StrategyResult";

const stopped: ReadonlySet<string> = new Set(["RELEASE_RESOURCE_COMPLETE", "job_cancel_success"]);

/**
 * Where the time of one teardown went, from the emulator's call log and job histories (one clock
 * for both): when the first request came, when the last stop and delete were sent, when the last
 * job finished stopping, and the longest wait between a job being stopped and its delete.
 * `startAt` is the teardown's start on the emulator's clock.
 */
export function teardownMilestones(
  emulator: HuaweiEmulator,
  jobs: MixedJobs,
  calls: readonly EmulatorCall[],
  startAt: number,
): TeardownMilestones {
  const since = (at: number | undefined) => (at === undefined ? Number.NaN : at - startAt);
  const last = (kind: string) => calls.filter((call) => requestKind(call) === kind).at(-1)?.at;
  let lastStopped = Number.NaN;
  let maxLag = 0;
  const histories = [
    ...[...jobs.drsV5, ...jobs.drsV3].map((job) => ({
      id: job.id,
      history: emulator.store.get(job.id)?.history,
    })),
    ...jobs.dli.map((job) => ({ id: job.id, history: emulator.dli.store.get(job.id)?.history })),
  ];
  for (const { id, history } of histories) {
    const stoppedAt = history?.find((step) => step.at >= startAt && stopped.has(step.status))?.at;
    if (stoppedAt === undefined) continue;
    lastStopped = Number.isNaN(lastStopped) ? stoppedAt : Math.max(lastStopped, stoppedAt);
    const deleted = teardownCallsFor(id, calls).find((call) => callKind(call, id) === "delete");
    if (deleted !== undefined) maxLag = Math.max(maxLag, deleted.at - stoppedAt);
  }
  return {
    firstRequestMs: since(calls[0]?.at),
    lastStopSentMs: since(last("stops")),
    lastStoppedMs: since(lastStopped),
    lastDeleteSentMs: since(last("deletes")),
    lastRequestMs: since(calls.at(-1)?.at),
    maxStoppedToDeleteMs: maxLag,
  };
}
