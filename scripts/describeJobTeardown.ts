import type { EmulatorCall } from "../emulator";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** What a logged call did to one job. */
export type CallKind = "read" | "stop" | "forced stop" | "delete" | "run" | "other";

type Body = Record<string, unknown>;
const asBody = (value: unknown): Body => (typeof value === "object" && value !== null ? (value as Body) : {});

/** Classifies one logged emulator call for one of the jobs it names (DRS v3, DRS v5, DLI). */
export function callKind(call: EmulatorCall, jobId: string): CallKind {
  const path = call.path.split("?")[0] ?? "";
  if (call.method === "GET" || /\/batch-(status|detail)$/.test(path)) return "read";
  if (path.endsWith("/batch-jobs")) {
    const jobs = asBody(call.body)["jobs"];
    const entry = Array.isArray(jobs) ? jobs.map(asBody).find((j) => j["job_id"] === jobId) : undefined;
    const type = entry?.["delete_type"];
    return type === "delete" ? "delete" : type === "force_terminate" ? "forced stop" : "stop";
  }
  if (path.endsWith("/batch-stop") || path.endsWith("/stop")) {
    const jobs = asBody(call.body)["jobs"];
    const entry = Array.isArray(jobs)
      ? jobs.map(asBody).find((j) => j["job_id"] === jobId)
      : asBody(call.body);
    return entry?.["is_force_stop"] === true ? "forced stop" : "stop";
  }
  if (call.method === "DELETE" || path.endsWith("/streaming/jobs/delete")) return "delete";
  if (path.endsWith("/streaming/jobs/run")) return "run";
  return "other";
}

/** Calls that stopped or deleted the job, in order. */
export function teardownCallsFor(jobId: string, calls: readonly EmulatorCall[]): EmulatorCall[] {
  return calls.filter((call) => {
    if (!Object.hasOwn(call.jobStatusBefore, jobId)) return false;
    const kind = callKind(call, jobId);
    return kind === "stop" || kind === "forced stop" || kind === "delete";
  });
}

/** A job as the emulator keeps it (DRS or DLI), as far as the summary needs it. */
interface JobRecord {
  readonly id: string;
  readonly name: string;
  readonly history: readonly { status: string; at: number }[];
}

/** One plain sentence about what happened to a job, from the emulator's records. */
export function describeJobTeardown(job: JobRecord, calls: readonly EmulatorCall[]): string {
  const steps = teardownCallsFor(job.id, calls).map(
    (call) =>
      `${callKind(call, job.id)} sent at ${seconds(call.at)} while ${call.jobStatusBefore[job.id] ?? "?"}`,
  );
  const history = job.history.map((h) => `${h.status} (${seconds(h.at)})`).join(" → ");
  return `${job.name} ${job.id}: ${steps.join(", ") || "no stop or delete sent"}; history: ${history}`;
}
