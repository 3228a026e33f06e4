/*
 * Many teardowns in one process, as in one `pulumi destroy`: 20 DRS v5 jobs, 4 DRS v3 jobs and
 * 4 DLI jobs torn down at once through the real drivers. The call log must show that their
 * stops, deletes and status reads shared vendor batch calls, and every job must still have
 * received its own result.
 */
import { defaultEmulatorCredentials, emulatorModes, type EmulatorCall } from "../../emulator";
import { connectFromEnv, emulatorEnv } from "../helpers/emulatorConnections";
import {
  adoptedDliOutputs,
  adoptedDrsOutputs,
  dliEnd,
  dliStoppedStatuses,
  drsEnd,
  drsStoppedStatuses,
  expectStopsBeforeDeletes,
  fastEmulatorTiming,
  tearDownDli,
  tearDownDrs,
  testEmulator,
} from "../helpers/teardownOverEmulator";

const { projectId } = defaultEmulatorCredentials;

/** How many jobs a call names, and which. */
const named = (call: EmulatorCall): string[] => Object.keys(call.jobStatusBefore);
const path = (call: EmulatorCall): string => (call.path.split("?")[0] ?? "").replace(projectId, "{p}");

/** Calls of one API, with how many jobs each carried and how many job-reads or actions that makes. */
function usage(calls: readonly EmulatorCall[], method: string, apiPath: string | RegExp) {
  const matching = calls.filter(
    (c) => c.method === method && (typeof apiPath === "string" ? path(c) === apiPath : apiPath.test(path(c))),
  );
  const sizes = matching.map((c) => named(c).length);
  return { calls: matching.length, jobs: sizes.reduce((a, b) => a + b, 0), largest: Math.max(0, ...sizes) };
}

describe.each(emulatorModes)("teardowns of one destroy share batch calls (%s emulator)", (mode) => {
  const emulator = testEmulator(fastEmulatorTiming, mode);
  let url: string;
  beforeAll(async () => {
    url = await emulator.start();
  });
  afterAll(() => emulator.stop());

  it("tears down 20 DRS v5, 4 DRS v3 and 4 DLI jobs at once with shared batch calls", async () => {
    const env = emulatorEnv(url, "aksk");
    const v5 = Array.from({ length: 20 }, () => emulator.seed({ projectId, engineType: "mysql" }));
    const v3 = Array.from({ length: 4 }, () => emulator.seed({ projectId, family: "v3" }));
    const dli = Array.from({ length: 4 }, () => emulator.dli.seed({ projectId, status: "job_running" }));

    // Each resource's delete resolves its own connection, as the provider does.
    const drsOuts = await Promise.all(
      [...v5, ...v3].map(async (job) => {
        const conn = await connectFromEnv("drs", env);
        return { conn, outs: await adoptedDrsOutputs(conn, job.id) };
      }),
    );
    const dliOuts = await Promise.all(
      dli.map(async (job) => {
        const conn = await connectFromEnv("dli", env);
        return { conn, outs: adoptedDliOutputs(conn, job.id, { savepoint: true }) };
      }),
    );
    const since = emulator.calls().length;
    const started = Date.now();
    const results = await Promise.all([
      ...drsOuts.map(({ conn, outs }) => tearDownDrs(conn, outs)),
      ...dliOuts.map(({ conn, outs }) => tearDownDli(conn, outs)),
    ]);
    const elapsed = Date.now() - started;
    const during = emulator.calls().slice(since);

    // Every job got its own result, and its own safe teardown.
    const ids = [...v5, ...v3, ...dli].map((j) => j.id);
    expect(results.map((r) => (r.error instanceof Error ? r.error.message : r.error))).toEqual(
      ids.map(() => undefined),
    );
    results.forEach((r, i) => {
      expect(r.label).toContain(ids[i]);
      expect(r.report).toMatchObject({
        outcome: "deleted",
        stopsSent: 1,
        forcedStopsSent: 0,
        deletesSent: 1,
      });
    });
    for (const job of [...v5, ...v3]) {
      expect(drsEnd(emulator, job.id)).toMatch(/^(DELETED|removed)$/);
      const steps = expectStopsBeforeDeletes(emulator.calls(), projectId, job.id, drsStoppedStatuses);
      expect(steps.map((s) => s.kind)).toEqual(["stop", "delete"]);
    }
    for (const job of dli) {
      expect(dliEnd(emulator, job.id)).toBe("removed");
      const steps = expectStopsBeforeDeletes(emulator.calls(), projectId, job.id, dliStoppedStatuses);
      expect(steps.map((s) => s.kind)).toEqual(["stop", "delete"]);
    }

    // DRS v5: 20 stops and 20 deletes in a handful of calls; status reads of ten jobs a call.
    const v5Stops = usage(during, "POST", "/v5/{p}/jobs/batch-stop");
    const v5Deletes = usage(during, "DELETE", "/v5/{p}/jobs");
    const v5Reads = usage(during, "GET", "/v5/{p}/jobs");
    expect(v5Stops.jobs).toBe(20);
    expect(v5Stops.calls).toBeLessThanOrEqual(7);
    expect(v5Stops.largest).toBeGreaterThanOrEqual(5);
    expect(v5Deletes.jobs).toBe(20);
    expect(v5Deletes.calls).toBeLessThanOrEqual(5);
    // Unbatched, each job-read would be its own call; shared, a list call carries several.
    expect(v5Reads.calls * 4).toBeLessThanOrEqual(v5Reads.jobs);
    expect(v5Reads.largest).toBe(10);

    // DRS v3: terminate and delete entries share batch-jobs calls; status reads share batch-status.
    const v3Jobs = usage(during, "DELETE", "/v3/{p}/jobs/batch-jobs");
    const v3Reads = usage(during, "POST", "/v3/{p}/jobs/batch-status");
    expect(v3Jobs.jobs).toBe(8);
    expect(v3Jobs.calls).toBeLessThanOrEqual(4);
    expect(v3Reads.calls * 2).toBeLessThanOrEqual(v3Reads.jobs);

    // DLI: one stop call and one delete call for most of the jobs; reads from one list call a round.
    const dliStops = usage(during, "POST", "/v1.0/{p}/streaming/jobs/stop");
    const dliDeletes = usage(during, "POST", "/v1.0/{p}/streaming/jobs/delete");
    expect(dliStops.jobs).toBe(4);
    expect(dliStops.largest).toBeGreaterThanOrEqual(2);
    expect(dliDeletes.jobs).toBe(4);
    expect(dliDeletes.largest).toBeGreaterThanOrEqual(2);
    const dliList = during.filter((c) => c.method === "GET" && path(c) === "/v1.0/{p}/streaming/jobs");
    const dliDetail = during.filter((c) => c.method === "GET" && /\/streaming\/jobs\/\d+$/.test(path(c)));
    // Unbatched, every round would read each job by its detail call; shared, one list call reads
    // them all, and a detail call is left only for confirming that a job is gone.
    expect(dliList.length).toBeGreaterThanOrEqual(3);
    expect(dliDetail.length).toBeLessThanOrEqual(2 * dli.length);

    // Shared calls keep the whole destroy about as long as one job's teardown.
    expect(elapsed).toBeLessThan(15_000);
  });
});
