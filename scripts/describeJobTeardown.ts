import type { EmulatedDrsJob, EmulatorCall } from "../emulator";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** Calls that stopped or deleted the job, in order. */
export function teardownCallsFor(jobId: string, calls: readonly EmulatorCall[]): EmulatorCall[] {
  return calls.filter(
    (call) =>
      (call.method === "POST" || call.method === "DELETE") && Object.hasOwn(call.jobStatusBefore, jobId),
  );
}

/** One plain sentence about what happened to a job, from the emulator's records. */
export function describeJobTeardown(job: EmulatedDrsJob, calls: readonly EmulatorCall[]): string {
  const steps = teardownCallsFor(job.id, calls).map((call) => {
    const action = call.path.endsWith("/batch-stop") ? "stop" : "delete";
    return `${action} sent at ${seconds(call.at)} while ${call.jobStatusBefore[job.id] ?? "?"}`;
  });
  const history = job.history.map((h) => `${h.status} (${seconds(h.at)})`).join(" → ");
  return `${job.name} ${job.id}: ${steps.join(", ") || "no stop or delete sent"}; history: ${history}`;
}
