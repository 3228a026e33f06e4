/*
 * Failures are per job, even when jobs share a vendor batch call. Two jobs torn down at once
 * share their reads, stops and deletes; when the service refuses such a call as a whole because
 * of one of them (the pessimistic emulator answers HTTP 400 for one bad entry), or one job's own
 * read fails, only that job's teardown may fail, and only for its own reason.
 */
import { defaultEmulatorCredentials, HuaweiEmulator, type EmulatorCall } from "../../emulator";
import { HuaweiApiError } from "../../provider/http/HuaweiApiError";
import { StopFailedError } from "../../provider/teardown/TeardownErrors";
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
} from "../helpers/teardownOverEmulator";

const { projectId } = defaultEmulatorCredentials;
const named = (call: EmulatorCall) => Object.keys(call.jobStatusBefore);
const message = (error: unknown) => (error instanceof Error ? error.message : error);

describe("one job's failure in a shared batch call fails only that job", () => {
  const emulator = new HuaweiEmulator({ ...fastEmulatorTiming, pessimistic: true });
  let url: string;
  beforeAll(async () => {
    url = await emulator.start();
  });
  afterAll(() => emulator.stop());
  afterEach(() => {
    jest.restoreAllMocks();
    emulator.faults.clear();
  });

  const connect = (service: "drs" | "dli") => connectFromEnv(service, emulatorEnv(url, "aksk"));

  /** The calls carrying both jobs that the service refused with a 4xx. */
  const refusedTogether = (calls: readonly EmulatorCall[], a: string, b: string) =>
    calls.filter((c) => c.status >= 400 && c.status < 500 && named(c).includes(a) && named(c).includes(b));

  it.each(["v5", "v3"] as const)(
    "DRS %s: a dual-active parent's refused stop does not end the other job's teardown",
    async (family) => {
      const conn = await connect("drs");
      const parent = emulator.seed({ projectId, family, dualActiveParent: true });
      const other = emulator.seed({ projectId, family });
      const outs = await Promise.all([parent, other].map((job) => adoptedDrsOutputs(conn, job.id)));
      const since = emulator.calls().length;
      const [parentRun, otherRun] = await Promise.all(outs.map((o) => tearDownDrs(conn, o)));

      expect(message(otherRun!.error)).toBeUndefined();
      expect(otherRun!.report).toMatchObject({ outcome: "deleted", stopsSent: 1, deletesSent: 1 });
      expect(drsEnd(emulator, other.id)).toMatch(/^(DELETED|removed)$/);
      expectStopsBeforeDeletes(emulator.calls(), projectId, other.id, drsStoppedStatuses);
      // The parent fails for its own reason: DRS refuses to stop it.
      expect(parentRun!.error).toBeInstanceOf(StopFailedError);
      expect(message(parentRun!.error)).toContain(family === "v5" ? "DRS.10010056" : "DRS.M05056");
      expect(drsEnd(emulator, parent.id)).toBe("INCRE_TRANSFER_STARTED");
      // The stops did share a call, and the service refused it whole.
      expect(refusedTogether(emulator.calls().slice(since), parent.id, other.id).length).toBeGreaterThan(0);
    },
  );

  it("DLI: a job deleted outside just before the shared delete call does not fail the other", async () => {
    const conn = await connect("dli");
    const gone = emulator.dli.seed({ projectId, status: "job_cancel_success" });
    const other = emulator.dli.seed({ projectId, status: "job_cancel_success" });
    // Someone deletes one job in the console while the deletes of both are on their way.
    const handle = emulator.dli.handle.bind(emulator.dli);
    jest.spyOn(emulator.dli, "handle").mockImplementation((req, ctx) => {
      if (req.path.endsWith("/streaming/jobs/delete") && !gone.removed) emulator.dli.store.delete(gone);
      return handle(req, ctx);
    });
    const since = emulator.calls().length;
    const [goneRun, otherRun] = await Promise.all(
      [gone, other].map((job) => tearDownDli(conn, adoptedDliOutputs(conn, job.id))),
    );

    expect([message(goneRun!.error), message(otherRun!.error)]).toEqual([undefined, undefined]);
    expect(otherRun!.report).toMatchObject({ outcome: "deleted", deletesSent: 1 });
    expect(goneRun!.report).toMatchObject({ outcome: "alreadyGone" });
    expect(dliEnd(emulator, other.id)).toBe("removed");
    expectStopsBeforeDeletes(emulator.calls(), projectId, other.id, dliStoppedStatuses);
    expect(refusedTogether(emulator.calls().slice(since), gone.id, other.id).length).toBeGreaterThan(0);
  });

  it("DRS v5: a 4xx on one job's own read ends only that job's teardown", async () => {
    const conn = await connect("drs");
    const unreadable = emulator.seed({ projectId, status: "RELEASE_RESOURCE_COMPLETE" });
    const other = emulator.seed({ projectId });
    const outs = await Promise.all([unreadable, other].map((job) => adoptedDrsOutputs(conn, job.id)));
    // DRS forgets the first job, and its detail call answers with an error nobody knows.
    emulator.store.delete(unreadable);
    emulator.store.get(unreadable.id)!.removed = true;
    emulator.faults.add({ kind: "error", status: 400, match: { path: `/v5/[^/]+/jobs/${unreadable.id}$` } });
    const [unreadableRun, otherRun] = await Promise.all(outs.map((o) => tearDownDrs(conn, o)));

    expect(message(otherRun!.error)).toBeUndefined();
    expect(otherRun!.report).toMatchObject({ outcome: "deleted", stopsSent: 1, deletesSent: 1 });
    expect(drsEnd(emulator, other.id)).toMatch(/^(DELETED|removed)$/);
    expect(unreadableRun!.error).toBeInstanceOf(HuaweiApiError);
    expect((unreadableRun!.error as HuaweiApiError).httpStatus).toBe(400);
  });

  it("DLI: a 4xx on one job's own read ends only that job's teardown", async () => {
    const conn = await connect("dli");
    const unreadable = emulator.dli.seed({ projectId, status: "job_cancel_success" });
    const other = emulator.dli.seed({ projectId, status: "job_running" });
    emulator.dli.store.delete(unreadable);
    emulator.faults.add({
      kind: "error",
      status: 400,
      match: { path: `/streaming/jobs/${unreadable.id}$` },
    });
    const [unreadableRun, otherRun] = await Promise.all(
      [unreadable, other].map((job) => tearDownDli(conn, adoptedDliOutputs(conn, job.id))),
    );

    expect(message(otherRun!.error)).toBeUndefined();
    expect(otherRun!.report).toMatchObject({ outcome: "deleted", stopsSent: 1, deletesSent: 1 });
    expect(dliEnd(emulator, other.id)).toBe("removed");
    expect(unreadableRun!.error).toBeInstanceOf(HuaweiApiError);
  });

  it("fails every job at once on an auth failure, with one call and no one-by-one retries", async () => {
    const conn = await connect("drs");
    const jobs = [0, 1, 2].map(() => emulator.seed({ projectId }));
    const outs = await Promise.all(jobs.map((job) => adoptedDrsOutputs(conn, job.id)));
    // The path names a project the credentials are not for: DRS answers 403 DRS.M00261.
    const foreign = { ...conn, projectId: "f".repeat(32) };
    const since = emulator.calls().length;
    const runs = await Promise.all(outs.map((o) => tearDownDrs(foreign, o)));
    const during = emulator.calls().slice(since);

    for (const run of runs) {
      expect(run.error).toBeInstanceOf(HuaweiApiError);
      expect(run.error).toMatchObject({ httpStatus: 403, errorCode: "DRS.M00261" });
    }
    expect(during.map((c) => c.status)).toEqual([403]);
    for (const job of jobs) expect(drsEnd(emulator, job.id)).toBe("INCRE_TRANSFER_STARTED");
  });
});
