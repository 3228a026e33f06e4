/*
 * Test helper for the fault suite: the safety claims of a destroy, checked from the emulator's
 * records (call log and job histories), whatever faults were injected.
 */
import type { EmulatorCall, HuaweiEmulator } from "../../emulator";
import { callKind } from "../../scripts/describeJobTeardown";
import type { FaultStackJobs } from "./faultStack";

/** Statuses in which a job may be deleted (DRS stopped, DLI cancelled). */
const stoppedStatuses = new Set(["RELEASE_RESOURCE_COMPLETE", "job_cancel_success"]);

/** Whether the call's path or body names the job id (as a whole token, not inside another id). */
export function namesJob(call: EmulatorCall, jobId: string): boolean {
  const text = `${call.path} ${JSON.stringify(call.body ?? null)}`;
  const escaped = jobId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![0-9A-Za-z-])${escaped}(?![0-9A-Za-z-])`).test(text);
}

/** The job's status at emulator time `at`, from its history. */
export function statusAt(history: readonly { status: string; at: number }[], at: number): string {
  let status = "(not seeded yet)";
  for (const h of history) if (h.at <= at) status = h.status;
  return status;
}

/**
 * Asserts what the fault suite promises for a destroy whose calls are those after `fromSeq`:
 * every stack job ended deleted; every delete of a job (including those a fault kept from the
 * service) was sent while the job was stopped and after all its stops, and each job was deleted
 * at least once; no call named a bystander, and every bystander is still running as seeded.
 */
export function expectSafeTeardown(emulator: HuaweiEmulator, jobs: FaultStackJobs, fromSeq: number): void {
  // Reading the stores applies status changes that are due, so the histories are complete.
  emulator.store.all();
  emulator.dli.store.all();
  const calls = emulator.calls().filter((c) => c.seq > fromSeq);

  for (const job of [...jobs.drsV5, ...jobs.drsV3, ...jobs.dli]) {
    const ended = job.removed || job.status === "DELETED";
    expect({ job: job.name, ended }).toEqual({ job: job.name, ended: true });
    const acting = calls.filter((c) => namesJob(c, job.id) && callKind(c, job.id) !== "read");
    const deletes = acting.filter((c) => callKind(c, job.id) === "delete");
    const stops = acting.filter((c) => ["stop", "forced stop"].includes(callKind(c, job.id)));
    expect({ job: job.name, deletes: deletes.length > 0, stops: stops.length > 0 }).toEqual({
      job: job.name,
      deletes: true,
      stops: true,
    });
    for (const del of deletes) {
      // A call stopped by the gateway (5xx, 429, reset) never reached the service and has no
      // status of its own in the log: the job's history tells what it was at that moment.
      const status = del.jobStatusBefore[job.id] ?? statusAt(job.history, del.at);
      expect({ job: job.name, seq: del.seq, status, stopped: stoppedStatuses.has(status) }).toEqual({
        job: job.name,
        seq: del.seq,
        status,
        stopped: true,
      });
    }
    const firstDelete = Math.min(...deletes.map((d) => d.seq));
    for (const stop of stops)
      expect({ job: job.name, stopBeforeDeletes: stop.seq < firstDelete }).toEqual({
        job: job.name,
        stopBeforeDeletes: true,
      });
  }

  for (const bystander of jobs.bystanders) {
    const touching = calls.filter((c) => namesJob(c, bystander.id) || bystander.id in c.jobStatusBefore);
    expect({ bystander: bystander.name, touching: touching.map((c) => `${c.method} ${c.path}`) }).toEqual({
      bystander: bystander.name,
      touching: [],
    });
    expect({
      bystander: bystander.name,
      removed: bystander.removed,
      history: bystander.history.length,
    }).toEqual({ bystander: bystander.name, removed: false, history: 1 });
  }
}

/** Calls after `fromSeq` that an injected fault shaped, by fault kind. */
export function faultedCalls(emulator: HuaweiEmulator, fromSeq: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of emulator.calls()) {
    if (call.seq <= fromSeq || call.fault === undefined) continue;
    for (const kind of call.fault.split(",")) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
