/*
 * Issue 10 ("only an intended destroy ever stops or deletes a job") over the emulator, through
 * the real drivers as DrsJob's delete wires them:
 * - case 3: "try again later" answers (DRS.M01504 busy entries) while a failed stop is being
 *   escalated are not failed stops, so they never use up the stop attempts;
 * - case 5: a job's deleteTimeout holds even when its calls share batches with a job that may
 *   wait much longer, and the emulator answers slowly or not at all.
 */
import { defaultEmulatorCredentials, HuaweiEmulator } from "../../emulator";
import type { ApiConnection } from "../../provider/http/ApiConnection";
import { TeardownTimeoutError } from "../../provider/teardown/TeardownErrors";
import { connectFromEnv, emulatorEnv } from "../helpers/emulatorConnections";
import {
  adoptedDrsOutputs,
  drsEnd,
  drsStoppedStatuses,
  expectStopsBeforeDeletes,
  fastEmulatorTiming,
  tearDownDrs,
  teardownSteps,
} from "../helpers/teardownOverEmulator";

const { projectId } = defaultEmulatorCredentials;

describe("teardown trust cases over the emulator", () => {
  const emulator = new HuaweiEmulator(fastEmulatorTiming);
  let conn: ApiConnection;
  beforeAll(async () => {
    conn = await connectFromEnv("drs", emulatorEnv(await emulator.start(), "aksk"));
  });
  afterAll(() => emulator.stop());
  afterEach(() => emulator.faults.clear());

  it("escalates failed stops through busy batch-stop and batch-jobs entries without counting them (case 3)", async () => {
    // Both jobs' last stop failed; DRS then answers the next three stops of each with DRS.M01504.
    const v5 = emulator.seed({ projectId, engineType: "mysql", status: "RELEASE_RESOURCE_FAILED" });
    const v3 = emulator.seed({ projectId, family: "v3", status: "RELEASE_RESOURCE_FAILED" });
    const outs = await Promise.all([v5, v3].map((job) => adoptedDrsOutputs(conn, job.id)));
    const since = emulator.calls().length;
    emulator.faults.add({ kind: "busy", jobIds: [v5.id], count: 3, match: { path: "/batch-stop$" } });
    emulator.faults.add({ kind: "busy", jobIds: [v3.id], count: 3, match: { path: "/batch-jobs$" } });

    const results = await Promise.all(outs.map((o) => tearDownDrs(conn, o)));

    expect(results.map((r) => (r.error instanceof Error ? r.error.message : r.error))).toEqual([
      undefined,
      undefined,
    ]);
    for (const job of [v5, v3]) {
      const steps = expectStopsBeforeDeletes(
        emulator.calls().slice(since),
        projectId,
        job.id,
        drsStoppedStatuses,
      );
      // Three busy answers, then the forced stop DRS takes, then the delete once stopped.
      expect(steps.map((s) => `${s.kind}@${s.statusBefore}`)).toEqual([
        "forced stop@RELEASE_RESOURCE_FAILED",
        "forced stop@RELEASE_RESOURCE_FAILED",
        "forced stop@RELEASE_RESOURCE_FAILED",
        "forced stop@RELEASE_RESOURCE_FAILED",
        "delete@RELEASE_RESOURCE_COMPLETE",
      ]);
      expect(steps.slice(0, 3).every((s) => s.call.fault === "busy")).toBe(true);
      expect(drsEnd(emulator, job.id)).toMatch(/^(DELETED|removed)$/);
    }
  });

  it("ends a short deleteTimeout on time while its batches go on for a slower job (case 5)", async () => {
    const shortTimeoutMs = 2_000;
    const short = emulator.seed({ projectId, engineType: "mysql" });
    const patient = emulator.seed({ projectId, engineType: "mysql" });
    const shortOuts = await adoptedDrsOutputs(conn, short.id, { deleteTimeoutMs: shortTimeoutMs });
    const patientOuts = await adoptedDrsOutputs(conn, patient.id, { deleteTimeoutMs: 30_000 });
    const since = emulator.calls().length;
    // Every DRS call answers after 1 s, and with 503 for the first 5 s: the shared status reads
    // keep retrying (within the patient job's deadline) well past the short job's deadline.
    emulator.faults.add({ kind: "latency", latencyMs: 1_000, durationMs: 8_000, match: { service: "drs" } });
    emulator.faults.add({ kind: "error", status: 503, durationMs: 5_000, match: { service: "drs" } });

    const timed = async (outs: typeof shortOuts) => {
      const started = Date.now();
      const run = await tearDownDrs(conn, outs);
      return { ...run, started, elapsed: Date.now() - started };
    };
    const [a, b] = await Promise.all([timed(shortOuts), timed(patientOuts)]);

    expect(a.error).toBeInstanceOf(TeardownTimeoutError);
    expect((a.error as Error).message).toContain(short.id);
    expect((a.error as Error).message).toMatch(/last status \S+/);
    expect((a.error as Error).message).toContain("run `pulumi destroy`");
    // Within deleteTimeout plus well under one request timeout (30 s): the wait is abandoned at
    // the deadline instead of riding the batch's retries.
    expect(a.elapsed).toBeLessThanOrEqual(shortTimeoutMs + 1_000);
    // The two jobs did share batch calls, and the patient one went on to the end.
    const during = emulator.calls().slice(since);
    expect(during.some((c) => short.id in c.jobStatusBefore && patient.id in c.jobStatusBefore)).toBe(true);
    expect(b.error).toBeUndefined();
    expect(drsEnd(emulator, patient.id)).toMatch(/^(DELETED|removed)$/);
    expectStopsBeforeDeletes(during, projectId, patient.id, drsStoppedStatuses);
    // Nothing was sent for the short job after its deadline, and it was never deleted.
    const deadlineAt = emulator.store.now() - (Date.now() - (a.started + shortTimeoutMs));
    const late = teardownSteps(during, projectId, short.id).filter((s) => s.call.at > deadlineAt + 100);
    expect(late.map((s) => s.api)).toEqual([]);
    expect(drsEnd(emulator, short.id)).not.toMatch(/^(DELETED|removed)$/);
  });
});
