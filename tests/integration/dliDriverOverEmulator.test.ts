/*
 * The DLI teardown driver, run by tearDownJob exactly as DliFlinkJob's delete wires it, over real
 * HTTP against the emulator. DLI would delete a running job (losing its state), so every case
 * checks from the call log that the delete met a stopped job, after the stop (with a savepoint
 * when asked).
 */
import { defaultEmulatorCredentials, emulatorModes, type SeedDliJob } from "../../emulator";
import type { ApiConnection } from "../../provider/http/ApiConnection";
import { StopFailedError } from "../../provider/teardown/TeardownErrors";
import { connectFromEnv, emulatorEnv } from "../helpers/emulatorConnections";
import {
  adoptedDliOutputs,
  dliEnd,
  dliStoppedStatuses,
  expectStopsBeforeDeletes,
  fastEmulatorTiming,
  tearDownDli,
  testEmulator,
  type TeardownSettings,
} from "../helpers/teardownOverEmulator";

const { projectId } = defaultEmulatorCredentials;
const stopApi = "POST /v1.0/{p}/streaming/jobs/stop";
const deleteApi = "POST /v1.0/{p}/streaming/jobs/delete";

describe.each(emulatorModes)("DLI driver over the %s emulator", (mode) => {
  const emulator = testEmulator(fastEmulatorTiming, mode);
  let conn: ApiConnection;
  beforeAll(async () => {
    conn = await connectFromEnv("dli", emulatorEnv(await emulator.start(), "aksk"));
  });
  afterAll(() => emulator.stop());

  async function seedAndTearDown(spec: Omit<SeedDliJob, "projectId">, settings: TeardownSettings = {}) {
    const job = emulator.dli.seed({ projectId, ...spec });
    const since = emulator.calls().length;
    const result = await tearDownDli(conn, adoptedDliOutputs(conn, job.id, settings));
    const during = emulator.calls().slice(since);
    const steps = expectStopsBeforeDeletes(emulator.calls(), projectId, job.id, dliStoppedStatuses);
    const summary = steps.map((s) => `${s.kind} ${s.api} @${s.statusBefore}`);
    const history = job.history.map((h) => h.status);
    return { job, result, during, steps, summary, history };
  }

  it("stops a running job with a savepoint and deletes it only once canceled", async () => {
    const { job, result, steps, summary, history } = await seedAndTearDown(
      { status: "job_running" },
      { savepoint: true },
    );
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([`stop ${stopApi} @job_running`, `delete ${deleteApi} @job_cancel_success`]);
    expect(steps[0]?.call.body).toMatchObject({ trigger_savepoint: true });
    expect(history).toEqual([
      "job_running",
      "job_savepointing",
      "job_canceling",
      "job_cancel_success",
      "(deleted)",
    ]);
    // The savepoint was written, and the delete came after the cancel (and so the savepoint) completed.
    expect(job.savepointPath).toMatch(/^obs:\/\//);
    const canceled = job.history.find((h) => h.status === "job_cancel_success")!;
    expect(steps[1]!.call.at).toBeGreaterThanOrEqual(canceled.at);
    expect(result.report).toMatchObject({ outcome: "deleted", stopsSent: 1, deletesSent: 1 });
    expect(dliEnd(emulator, job.id)).toBe("removed");
  });

  it("stops without a savepoint when savepoint is false", async () => {
    const { job, result, steps, summary, history } = await seedAndTearDown({ status: "job_running" });
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([`stop ${stopApi} @job_running`, `delete ${deleteApi} @job_cancel_success`]);
    expect(steps[0]?.call.body).toMatchObject({ trigger_savepoint: false });
    expect(history).not.toContain("job_savepointing");
    expect(job.savepointPath).toBeUndefined();
    expect(dliEnd(emulator, job.id)).toBe("removed");
  });

  it("stops again after failed stops, and deletes once a stop succeeds", async () => {
    const { job, result, summary } = await seedAndTearDown({ status: "job_running", stopFailsTimes: 2 });
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([
      `stop ${stopApi} @job_running`,
      `stop ${stopApi} @job_cancel_fail`,
      `stop ${stopApi} @job_cancel_fail`,
      `delete ${deleteApi} @job_cancel_success`,
    ]);
    expect(result.report).toMatchObject({ stopsSent: 3, forcedStopsSent: 0, deletesSent: 1 });
    expect(dliEnd(emulator, job.id)).toBe("removed");
  });

  it("reports a stop that keeps failing after three retries and deletes nothing", async () => {
    const { job, result, summary } = await seedAndTearDown({ status: "job_running", stopFailsTimes: 10 });
    expect(result.error).toBeInstanceOf(StopFailedError);
    expect((result.error as Error).message).toContain(job.id);
    expect((result.error as Error).message).toContain("job_cancel_fail");
    expect(summary).toEqual([
      `stop ${stopApi} @job_running`,
      `stop ${stopApi} @job_cancel_fail`,
      `stop ${stopApi} @job_cancel_fail`,
      `stop ${stopApi} @job_cancel_fail`,
    ]);
    expect(dliEnd(emulator, job.id)).toBe("job_cancel_fail");
  });

  it.each(["job_cancel_success", "job_init"] as const)(
    "deletes a job already in %s at once",
    async (status) => {
      const { job, result, summary } = await seedAndTearDown({ status });
      expect(result.error).toBeUndefined();
      expect(summary).toEqual([`delete ${deleteApi} @${status}`]);
      expect(dliEnd(emulator, job.id)).toBe("removed");
    },
  );

  it("stops a job that is still being submitted before deleting it", async () => {
    const { job, result, summary } = await seedAndTearDown({ status: "job_submitting" }, { savepoint: true });
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([`stop ${stopApi} @job_submitting`, `delete ${deleteApi} @job_cancel_success`]);
    expect(dliEnd(emulator, job.id)).toBe("removed");
  });

  it("takes a job already deleted (DLI.16001) as done: reads only, no error", async () => {
    const job = emulator.dli.seed({ projectId, status: "job_cancel_success" });
    emulator.dli.store.delete(job);
    const since = emulator.calls().length;
    const result = await tearDownDli(conn, adoptedDliOutputs(conn, job.id));
    expect(result.error).toBeUndefined();
    expect(result.report).toMatchObject({ outcome: "alreadyGone", stopsSent: 0, deletesSent: 0 });
    const during = emulator.calls().slice(since);
    expect(
      during.map((c) => `${c.method} ${c.path.replace(projectId, "{p}").replace(job.id, "{id}")}`),
    ).toEqual(["GET /v1.0/{p}/streaming/jobs/{id}"]);
    expect(during[0]).toMatchObject({ status: 400, answer: { error_code: "DLI.16001" } });
  });
});
