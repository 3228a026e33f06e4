/*
 * The DRS v5 teardown driver, run by tearDownJob exactly as DrsJob's delete wires it, over real
 * HTTP against the emulator. Every case is judged from the emulator's call log: which calls
 * reached DRS, in which order, and what status the job had when each arrived.
 */
import { randomUUID } from "node:crypto";
import { defaultEmulatorCredentials, emulatorModes } from "../../emulator";
import type { ApiConnection } from "../../provider/http/ApiConnection";
import {
  StopBlockedError,
  StopFailedError,
  TeardownTimeoutError,
} from "../../provider/teardown/TeardownErrors";
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
  type TeardownSettings,
} from "../helpers/teardownOverEmulator";
import type { SeedDrsJob } from "../../emulator";

const { projectId } = defaultEmulatorCredentials;
const batchStop = "POST /v5/{p}/jobs/batch-stop";
const deleteMany = "DELETE /v5/{p}/jobs";
const deleteOne = "DELETE /v5/{p}/jobs/{id}";

describe.each(emulatorModes)("DRS v5 driver over the %s emulator", (mode) => {
  const emulator = testEmulator(fastEmulatorTiming, mode);
  let conn: ApiConnection;
  beforeAll(async () => {
    conn = await connectFromEnv("drs", emulatorEnv(await emulator.start(), "aksk"));
  });
  afterAll(() => emulator.stop());

  /** Seeds a v5 job, adopts it as `pulumi up` would, and tears it down as `pulumi destroy` would. */
  async function seedAndTearDown(spec: Omit<SeedDrsJob, "projectId">, settings: TeardownSettings = {}) {
    const job = emulator.seed({ projectId, ...spec });
    const outs = await adoptedDrsOutputs(conn, job.id, settings);
    const result = await tearDownDrs(conn, outs);
    const steps = expectStopsBeforeDeletes(emulator.calls(), projectId, job.id, drsStoppedStatuses);
    const summary = steps.map((s) => `${s.kind} ${s.api} @${s.statusBefore}`);
    return { job, outs, result, steps, summary };
  }

  it("stops a running MySQL job with batch-stop and deletes it with delete-many once stopped", async () => {
    const { job, outs, result, summary } = await seedAndTearDown({ engineType: "mysql" });
    expect(outs.deleteApi).toBe("v5-delete-many");
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([
      `stop ${batchStop} @INCRE_TRANSFER_STARTED`,
      `delete ${deleteMany} @RELEASE_RESOURCE_COMPLETE`,
    ]);
    expect(result.report).toMatchObject({
      outcome: "deleted",
      stopsSent: 1,
      forcedStopsSent: 0,
      deletesSent: 1,
    });
    expect(drsEnd(emulator, job.id)).toMatch(/^(DELETED|removed)$/);
  });

  it("acts only on the job itself, never on jobs whose names contain its id", async () => {
    const id = randomUUID();
    // More namesakes than one list page holds (ten), seeded before the job so they come first.
    const namesakes = Array.from({ length: 12 }, (_, i) =>
      emulator.seed({ projectId, name: `copy ${i} of ${id}` }),
    );
    const { job, result, summary } = await seedAndTearDown({ id, name: "the-job" });
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([
      `stop ${batchStop} @INCRE_TRANSFER_STARTED`,
      `delete ${deleteMany} @RELEASE_RESOURCE_COMPLETE`,
    ]);
    expect(drsEnd(emulator, job.id)).toMatch(/^(DELETED|removed)$/);
    for (const other of namesakes) {
      expect(drsEnd(emulator, other.id)).toBe("INCRE_TRANSFER_STARTED");
      expect(
        emulator.calls().some((c) => c.method !== "GET" && JSON.stringify(c.body).includes(other.id)),
      ).toBe(false);
    }
  });

  it("deletes a MySQL-to-Kafka job with the delete-one call", async () => {
    const { job, outs, result, summary } = await seedAndTearDown({ engineType: "mysql-to-kafka" });
    expect(outs.deleteApi).toBe("v5-delete-one");
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([
      `stop ${batchStop} @INCRE_TRANSFER_STARTED`,
      `delete ${deleteOne} @RELEASE_RESOURCE_COMPLETE`,
    ]);
    expect(drsEnd(emulator, job.id)).toMatch(/^(DELETED|removed)$/);
  });

  it("deletes a v5 job whose engine pair neither v5 delete accepts through v3 batch-jobs", async () => {
    const { job, outs, result, summary } = await seedAndTearDown({ engineType: "postgresql" });
    expect(outs.deleteApi).toBe("v3");
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([
      `stop ${batchStop} @INCRE_TRANSFER_STARTED`,
      "delete DELETE /v3/{p}/jobs/batch-jobs @RELEASE_RESOURCE_COMPLETE",
    ]);
    expect(drsEnd(emulator, job.id)).toMatch(/^(DELETED|removed)$/);
  });

  it.each(["PAUSING", "INCRE_TRANSFER_FAILED", "CONFIGURATION"])(
    "stops a job in %s (paused, failed, never started) before deleting it",
    async (status) => {
      const { job, result, summary } = await seedAndTearDown({ status });
      expect(result.error).toBeUndefined();
      expect(summary).toEqual([
        `stop ${batchStop} @${status}`,
        `delete ${deleteMany} @RELEASE_RESOURCE_COMPLETE`,
      ]);
      expect(drsEnd(emulator, job.id)).toMatch(/^(DELETED|removed)$/);
    },
  );

  it("waits for a stop already under way and sends no stop of its own", async () => {
    const job = emulator.seed({ projectId });
    const outs = await adoptedDrsOutputs(conn, job.id);
    emulator.store.stop(job);
    const result = await tearDownDrs(conn, outs);
    const steps = expectStopsBeforeDeletes(emulator.calls(), projectId, job.id, drsStoppedStatuses);
    expect(result.error).toBeUndefined();
    expect(steps.map((s) => `${s.kind} @${s.statusBefore}`)).toEqual(["delete @RELEASE_RESOURCE_COMPLETE"]);
    expect(result.report).toMatchObject({ outcome: "deleted", stopsSent: 0, deletesSent: 1 });
    expect(result.lines.some((l) => l.includes("RELEASE_RESOURCE_STARTED"))).toBe(true);
  });

  it.each(["RELEASE_RESOURCE_COMPLETE", "CREATE_FAILED"])(
    "deletes a job already in %s at once",
    async (status) => {
      const { job, result, summary } = await seedAndTearDown({ status });
      expect(result.error).toBeUndefined();
      expect(summary).toEqual([`delete ${deleteMany} @${status}`]);
      expect(drsEnd(emulator, job.id)).toMatch(/^(DELETED|removed)$/);
    },
  );

  it.each([
    ["forgotten by DRS", true],
    ["still showing DELETED", false],
  ])("takes a job already deleted (%s) as done: reads only, no error", async (_what, forgotten) => {
    const job = emulator.seed({ projectId });
    const outs = await adoptedDrsOutputs(conn, job.id);
    emulator.store.stop(job, true);
    await sleep(fastEmulatorTiming.forceStopMs + 50);
    emulator.store.delete(job);
    if (forgotten) await sleep(fastEmulatorTiming.deletedLingerMs + 100);
    const since = emulator.calls().length;
    const result = await tearDownDrs(conn, outs);
    expect(result.error).toBeUndefined();
    expect(result.report).toMatchObject({ outcome: "alreadyGone", stopsSent: 0, deletesSent: 0 });
    const naming = emulator
      .calls()
      .slice(since)
      .filter((c) => Object.hasOwn(c.jobStatusBefore, job.id));
    expect(naming.length).toBeGreaterThan(0);
    expect(naming.every((c) => c.method === "GET")).toBe(true);
    expect(drsEnd(emulator, job.id)).toBe(forgotten ? "removed" : "DELETED");
  });

  it("forces the stop when the graceful one fails (forceStop onTimeout), then deletes", async () => {
    const { job, result, summary } = await seedAndTearDown({ gracefulStop: "fails" });
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([
      `stop ${batchStop} @INCRE_TRANSFER_STARTED`,
      `forced stop ${batchStop} @RELEASE_RESOURCE_FAILED`,
      `delete ${deleteMany} @RELEASE_RESOURCE_COMPLETE`,
    ]);
    expect(result.report).toMatchObject({ stopsSent: 2, forcedStopsSent: 1, deletesSent: 1 });
    expect(drsEnd(emulator, job.id)).toMatch(/^(DELETED|removed)$/);
  });

  it("retries a failing graceful stop three times with forceStop never, then fails with advice", async () => {
    const { job, result, summary } = await seedAndTearDown({ gracefulStop: "fails" }, { forceStop: "never" });
    expect(result.error).toBeInstanceOf(StopFailedError);
    const message = (result.error as Error).message;
    expect(message).toContain(job.id);
    expect(message).toContain("RELEASE_RESOURCE_FAILED");
    expect(message).toContain('forceStop: "onTimeout"');
    expect(summary).toEqual([
      `stop ${batchStop} @INCRE_TRANSFER_STARTED`,
      `stop ${batchStop} @RELEASE_RESOURCE_FAILED`,
      `stop ${batchStop} @RELEASE_RESOURCE_FAILED`,
      `stop ${batchStop} @RELEASE_RESOURCE_FAILED`,
    ]);
    expect(drsEnd(emulator, job.id)).toBe("RELEASE_RESOURCE_FAILED");
  });

  // The pessimistic emulator, like a strict DRS, refuses a forced stop while the graceful one runs.
  const forcingAllowed = !emulator.strictness.noForcedStopDuringGracefulStop;

  (forcingAllowed ? it.skip : it)(
    "waits out a hanging graceful stop when DRS refuses to force it, and deletes nothing",
    async () => {
      const { job, result, summary } = await seedAndTearDown(
        { gracefulStop: "hangs" },
        // Room for several refused forced stops to be answered and logged before the deadline, even on a
        // loaded machine (one CI run on 2 busy cores saw the first refusal land after it).
        { gracefulStopTimeoutMs: 300, deleteTimeoutMs: 4_000 },
      );
      expect(result.error).toBeInstanceOf(TeardownTimeoutError);
      expect((result.error as TeardownTimeoutError).lastStatus).toBe("RELEASE_RESOURCE_STARTED");
      // Forced stops were asked for and refused as busy: no forced stop was ever taken, no delete sent.
      expect(summary[0]).toBe(`stop ${batchStop} @INCRE_TRANSFER_STARTED`);
      expect(summary.slice(1).every((s) => s === `forced stop ${batchStop} @RELEASE_RESOURCE_STARTED`)).toBe(
        true,
      );
      expect(summary.length).toBeGreaterThan(1);
      expect(result.lines.some((l) => l.includes("DRS.M01504"))).toBe(true);
      expect(job.stopForced).toBe(false);
      expect(drsEnd(emulator, job.id)).toBe("RELEASE_RESOURCE_STARTED");
    },
  );

  (forcingAllowed ? it : it.skip)(
    "forces a graceful stop that hangs once gracefulStopTimeout has passed",
    async () => {
      const graceMs = 800;
      const { job, result, steps, summary } = await seedAndTearDown(
        { gracefulStop: "hangs" },
        { gracefulStopTimeoutMs: graceMs },
      );
      expect(result.error).toBeUndefined();
      expect(summary).toEqual([
        `stop ${batchStop} @INCRE_TRANSFER_STARTED`,
        `forced stop ${batchStop} @RELEASE_RESOURCE_STARTED`,
        `delete ${deleteMany} @RELEASE_RESOURCE_COMPLETE`,
      ]);
      const [stop, forced] = steps;
      // The emulator's clock, not the client's: the forced stop came no earlier than the grace period.
      expect(forced!.call.at - stop!.call.at).toBeGreaterThanOrEqual(graceMs - 20);
      expect(drsEnd(emulator, job.id)).toMatch(/^(DELETED|removed)$/);
    },
  );

  it("forces the stop right away after a failed stop left by someone else", async () => {
    const { result, summary } = await seedAndTearDown({ status: "RELEASE_RESOURCE_FAILED" });
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([
      `forced stop ${batchStop} @RELEASE_RESOURCE_FAILED`,
      `delete ${deleteMany} @RELEASE_RESOURCE_COMPLETE`,
    ]);
  });

  it('sends a forced stop first with forceStop "immediately"', async () => {
    const { result, summary } = await seedAndTearDown(
      { gracefulStop: "hangs" },
      { forceStop: "immediately" },
    );
    expect(result.error).toBeUndefined();
    expect(summary).toEqual([
      `forced stop ${batchStop} @INCRE_TRANSFER_STARTED`,
      `delete ${deleteMany} @RELEASE_RESOURCE_COMPLETE`,
    ]);
  });

  it("refuses a prepaid job at once with the advice to unsubscribe, sending no stop", async () => {
    const started = Date.now();
    const { job, outs, result, steps } = await seedAndTearDown({
      chargingMode: "period",
      engineType: "mysql-to-mysql",
    });
    expect(outs).toMatchObject({ engineType: "mysql-to-mysql", deleteApi: "v5-delete-many" });
    expect(result.error).toBeInstanceOf(StopBlockedError);
    expect((result.error as Error).message).toContain(job.id);
    // Read from the list entry (or, where the pessimistic list leaves the mode out, the detail's
    // base_info), before the actions call is needed.
    expect((result.error as Error).message).toMatch(
      /\((the job list's |base_info\.)charging_mode "period"\)/,
    );
    expect(emulator.calls().some((c) => c.path.includes(`${job.id}/actions`))).toBe(false);
    expect((result.error as Error).message).toMatch(/unsubscribe/i);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(steps).toEqual([]);
    expect(drsEnd(emulator, job.id)).toBe("INCRE_TRANSFER_STARTED");
  });

  it("reports DRS's refusal after three refused stops of a dual-active parent", async () => {
    const { job, result, steps } = await seedAndTearDown({ dualActiveParent: true });
    expect(result.error).toBeInstanceOf(StopFailedError);
    expect((result.error as Error).message).toContain("DRS.10010056");
    expect(steps.map((s) => s.kind)).toEqual(["stop", "stop", "stop"]);
    expect(drsEnd(emulator, job.id)).toBe("INCRE_TRANSFER_STARTED");
  });

  it("gives up at deleteTimeout with an error naming the job, last status, time waited and advice", async () => {
    const { job, result, summary } = await seedAndTearDown(
      { gracefulStop: "hangs" },
      { forceStop: "never", deleteTimeoutMs: 1_500 },
    );
    expect(result.error).toBeInstanceOf(TeardownTimeoutError);
    const error = result.error as TeardownTimeoutError;
    expect(error.lastStatus).toBe("RELEASE_RESOURCE_STARTED");
    expect(error.waitedMs).toBeGreaterThanOrEqual(1_500);
    expect(error.message).toContain(job.id);
    expect(error.message).toContain("last status RELEASE_RESOURCE_STARTED");
    expect(error.message).toMatch(/after waiting \d+(\.\d)?s \(deleteTimeout\)/);
    expect(error.message).toContain("Raise deleteTimeout");
    expect(summary).toEqual([`stop ${batchStop} @INCRE_TRANSFER_STARTED`]);
    expect(drsEnd(emulator, job.id)).toBe("RELEASE_RESOURCE_STARTED");
  });
});
