import { deletableStatuses, type EmulatorCall, type HuaweiEmulator } from "../../../emulator";
import { callKind } from "../../../scripts/describeJobTeardown";
import { namesJob, statusAt } from "../expectSafeTeardown";
import type { StackJob } from "./readStackJobs";

/**
 * Statuses in which a delete meets a job that is not running, in the emulator's own reading of
 * the vendor docs (not the provider's): DRS ended or gone; DLI never started, stopped, finished or
 * gone.
 */
const notRunning: ReadonlySet<string> = new Set([
  ...deletableStatuses,
  "DELETED",
  "(forgotten)",
  "(does not exist)",
  "job_init",
  "job_submit_fail",
  "job_cancel_success",
  "job_finish",
  "job_arrearage_stopped",
  "(deleted)",
]);

/** What one CLI run left behind, for the checks. */
export interface PhaseRecord {
  /** The emulator holding the jobs. */
  readonly home: HuaweiEmulator;
  /** The emulator the environment may point at instead (it holds no jobs). */
  readonly other: HuaweiEmulator;
  /** Last call sequence numbers of both emulators before the run. */
  readonly fromSeq: { readonly home: number; readonly other: number };
  /** Jobs the model meant the run to delete. */
  readonly intended: ReadonlySet<string>;
  /** The stack's jobs before and after the run (`pulumi stack export`). */
  readonly before: readonly StackJob[];
  readonly after: readonly StackJob[];
}

interface Job {
  readonly id: string;
  readonly name: string;
  readonly history: readonly { status: string; at: number }[];
  readonly alive: boolean;
}

/** Every job the home emulator ever held (reading the stores applies due status changes first). */
function homeJobs(home: HuaweiEmulator): Job[] {
  return [
    ...home.store.all().map((j) => ({ ...j, alive: !j.removed && j.status !== "DELETED" })),
    ...home.dli.store.all().map((j) => ({ ...j, alive: !j.removed })),
  ];
}

const show = (call: EmulatorCall) => `#${call.seq} ${call.method} ${call.path.split("?")[0] ?? ""}`;

/**
 * The three safety invariants of a run, judged from the emulators' call logs and job stores and
 * from the exported state, never from the provider's words. Returns one line per violation:
 *  1. a stop or delete naming a job is sent only while that job's resource is being deleted;
 *  2. no job leaves the stack's state while it is alive in the emulator;
 *  3. no delete meets a job that is not stopped (the call's `jobStatusBefore`; for a call a fault
 *     kept from the service, the job's history at that moment).
 */
export function checkInvariants(run: PhaseRecord): string[] {
  const violations: string[] = [];
  const jobs = homeJobs(run.home);
  const places = [
    { emulator: run.home, fromSeq: run.fromSeq.home, label: "home", home: true },
    { emulator: run.other, fromSeq: run.fromSeq.other, label: "other emulator", home: false },
  ];
  for (const { emulator, fromSeq, label, home } of places) {
    const calls = emulator
      .calls()
      .filter((c) => c.seq > fromSeq && (c.service === "drs" || c.service === "dli"));
    for (const job of jobs) {
      for (const call of calls) {
        if (!namesJob(call, job.id)) continue;
        const kind = callKind(call, job.id);
        if (kind !== "stop" && kind !== "forced stop" && kind !== "delete") continue;
        if (!run.intended.has(job.id)) {
          violations.push(
            `1. ${kind} of job ${job.name} ${job.id} sent to the ${label} (${show(call)}) although its resource was not being deleted`,
          );
        }
        const before =
          call.jobStatusBefore[job.id] ?? (home ? statusAt(job.history, call.at) : "(does not exist)");
        if (kind === "delete" && !notRunning.has(before)) {
          violations.push(
            `3. delete of job ${job.name} ${job.id} (${label}, ${show(call)}) met it in ${before}`,
          );
        }
      }
    }
  }
  const kept = new Set(run.after.map((j) => j.jobId));
  for (const left of run.before.filter((j) => !kept.has(j.jobId))) {
    const job = jobs.find((j) => j.id === left.jobId);
    if (job?.alive === true) {
      const status = job.history[job.history.length - 1]?.status ?? "?";
      violations.push(
        `2. resource ${left.name} left the state while its job ${job.name} ${job.id} is alive (${status})`,
      );
    }
  }
  return violations;
}
