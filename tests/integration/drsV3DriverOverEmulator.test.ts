/*
 * The DRS v3 teardown driver, run by tearDownJob exactly as DrsJob's delete wires it, over real
 * HTTP against the emulator, on Huawei Cloud (deleted jobs show DELETED for a moment) and on Open
 * Telekom Cloud (no v5, and a deleted job is simply not found any more).
 */
import { defaultEmulatorCredentials, emulatorModes, type SeedDrsJob } from "../../emulator";
import type { ApiConnection } from "../../provider/http/ApiConnection";
import { StopBlockedError } from "../../provider/teardown/TeardownErrors";
import { connectFromEnv, emulatorEnv } from "../helpers/emulatorConnections";
import {
  adoptedDrsOutputs,
  drsEnd,
  drsStoppedStatuses,
  expectStopsBeforeDeletes,
  fastEmulatorTiming,
  sleep,
  tearDownDrs,
  testEmulator,
} from "../helpers/teardownOverEmulator";

const { projectId } = defaultEmulatorCredentials;
const batchJobs = "DELETE /v3/{p}/jobs/batch-jobs";

describe.each(
  (["huaweicloud", "otc"] as const).flatMap((cloud) => emulatorModes.map((mode) => [cloud, mode] as const)),
)("DRS v3 driver over the emulator (%s, %s)", (cloud, mode) => {
  const emulator = testEmulator({ ...fastEmulatorTiming, cloud }, mode);
  let conn: ApiConnection;
  beforeAll(async () => {
    conn = await connectFromEnv("drs", emulatorEnv(await emulator.start(), "aksk"));
  });
  afterAll(() => emulator.stop());

  /** How a deleted job looks at the end: OTC forgets it at once, Huawei Cloud shows DELETED first. */
  const gone = cloud === "otc" ? /^removed$/ : /^(DELETED|removed)$/;

  async function seedAndTearDown(spec: Omit<SeedDrsJob, "projectId">) {
    // On Huawei Cloud a v3 job is one created through v3; OTC has no v5 at all.
    const job = emulator.seed({ projectId, family: "v3", ...spec });
    const outs = await adoptedDrsOutputs(conn, job.id);
    const since = emulator.calls().length;
    const result = await tearDownDrs(conn, outs);
    const during = emulator.calls().slice(since);
    const steps = expectStopsBeforeDeletes(emulator.calls(), projectId, job.id, drsStoppedStatuses);
    const summary = steps.map((s) => `${s.kind} ${s.api} @${s.statusBefore}`);
    return { job, outs, result, during, steps, summary };
  }

  it("adopts the job as v3 and terminates a running job before deleting it, both through batch-jobs", async () => {
    const { job, outs, result, during, summary } = await seedAndTearDown({});
    expect(outs).toMatchObject({ apiVersion: "v3", deleteApi: "v3" });
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([
      `stop ${batchJobs} @INCRE_TRANSFER_STARTED`,
      `delete ${batchJobs} @RELEASE_RESOURCE_COMPLETE`,
    ]);
    const [terminate] = emulator
      .calls()
      .filter((c) => c.path.endsWith("/batch-jobs") && c.jobStatusBefore[job.id]);
    expect(terminate?.body).toEqual({ jobs: [{ delete_type: "terminate", job_id: job.id }] });
    expect(result.report).toMatchObject({
      outcome: "deleted",
      stopsSent: 1,
      forcedStopsSent: 0,
      deletesSent: 1,
    });
    expect(drsEnd(emulator, job.id)).toMatch(gone);
    // Reads went through v3 batch-status; v5 was never called during the teardown.
    expect(during.some((c) => c.path.endsWith("/jobs/batch-status"))).toBe(true);
    expect(during.filter((c) => c.path.startsWith("/v5/")).map((c) => c.path)).toEqual([]);
  });

  it("adopts the engine pair from inst_info and refuses a prepaid job, naming its order, with no stop sent", async () => {
    const { job, outs, result, steps } = await seedAndTearDown({
      engineType: "cloudDataGuard-mysql",
      jobType: "cloudDataGuard",
      chargingMode: "period",
      periodOrderId: "CS2405300934ADBGS",
    });
    expect(outs).toMatchObject({ engineType: "cloudDataGuard-mysql" });
    expect(result.error).toBeInstanceOf(StopBlockedError);
    expect((result.error as Error).message).toContain(job.id);
    expect((result.error as Error).message).toContain('period_order.order_id "CS2405300934ADBGS"');
    expect(steps).toEqual([]);
    expect(drsEnd(emulator, job.id)).toBe("INCRE_TRANSFER_STARTED");
  });

  it("escalates to force_terminate when terminate fails", async () => {
    const { job, result, summary } = await seedAndTearDown({ gracefulStop: "fails" });
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([
      `stop ${batchJobs} @INCRE_TRANSFER_STARTED`,
      `forced stop ${batchJobs} @RELEASE_RESOURCE_FAILED`,
      `delete ${batchJobs} @RELEASE_RESOURCE_COMPLETE`,
    ]);
    expect(drsEnd(emulator, job.id)).toMatch(gone);
  });

  it("deletes a job that failed to be created directly, without a stop", async () => {
    const { job, result, summary } = await seedAndTearDown({ status: "CREATE_FAILED" });
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([`delete ${batchJobs} @CREATE_FAILED`]);
    expect(result.report).toMatchObject({ outcome: "deleted", stopsSent: 0, deletesSent: 1 });
    expect(drsEnd(emulator, job.id)).toMatch(gone);
  });

  it("stops a job whose transfer failed before deleting it", async () => {
    const { result, summary } = await seedAndTearDown({ status: "FULL_TRANSFER_FAILED" });
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([
      `stop ${batchJobs} @FULL_TRANSFER_FAILED`,
      `delete ${batchJobs} @RELEASE_RESOURCE_COMPLETE`,
    ]);
  });

  it("takes a job already gone as done: reads only, no error", async () => {
    const job = emulator.seed({ projectId, family: "v3", status: "RELEASE_RESOURCE_COMPLETE" });
    const outs = await adoptedDrsOutputs(conn, job.id);
    emulator.store.delete(job);
    await sleep(fastEmulatorTiming.deletedLingerMs + 100);
    const since = emulator.calls().length;
    const result = await tearDownDrs(conn, outs);
    expect(result.error).toBeUndefined();
    expect(result.report).toMatchObject({ outcome: "alreadyGone", stopsSent: 0, deletesSent: 0 });
    const naming = emulator
      .calls()
      .slice(since)
      .filter((c) => Object.hasOwn(c.jobStatusBefore, job.id));
    expect(naming.map((c) => `${c.method} ${c.path.replace(projectId, "{p}")}`)).toEqual([
      "POST /v3/{p}/jobs/batch-status",
    ]);
    expect(drsEnd(emulator, job.id)).toBe("removed");
  });

  if (cloud === "otc") {
    it("never sees a DELETED status on OTC: gone means not found", async () => {
      const { job } = await seedAndTearDown({});
      expect(emulator.store.get(job.id)?.history.map((h) => h.status)).not.toContain("DELETED");
      expect(drsEnd(emulator, job.id)).toBe("removed");
    });
  }
});
