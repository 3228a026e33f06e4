/*
 * Teardown through the real drivers while the emulator misbehaves: busy and missing batch
 * entries, 5xx and 429 bursts, dropped connections, latency, and an IAM token that expires
 * mid-teardown. Whatever happens, every job must end gone, and no delete may reach a job that
 * was not stopped.
 */
import { defaultEmulatorCredentials, emulatorModes, type EmulatorCall, type FaultRule } from "../../emulator";
import { clearConnectionCache } from "../../provider/config/resolveConnection";
import type { ApiConnection } from "../../provider/http/ApiConnection";
import { connectFromEnv, emulatorEnv, type EmulatorScheme } from "../helpers/emulatorConnections";
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
  type TeardownRun,
} from "../helpers/teardownOverEmulator";

const { projectId } = defaultEmulatorCredentials;

describe.each(emulatorModes)("teardown over the %s emulator with injected faults", (mode) => {
  const emulator = testEmulator(fastEmulatorTiming, mode);
  let url: string;
  beforeAll(async () => {
    url = await emulator.start();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.faults.clear();
    // Each test starts with fresh authenticators, so that token requests can be counted.
    clearConnectionCache();
  });

  const connect = (service: "drs" | "dli", scheme: EmulatorScheme = "aksk") =>
    connectFromEnv(service, emulatorEnv(url, scheme));

  /** Seeds v5 jobs (or v3 ones), adopts them, adds the faults, and tears them all down at once. */
  async function tearDownDrsJobs(
    count: number,
    faults: (ids: string[]) => FaultRule[],
    options: { family?: "v3" | "v5"; conn?: ApiConnection } = {},
  ) {
    const conn = options.conn ?? (await connect("drs"));
    const jobs = Array.from({ length: count }, () =>
      emulator.seed({ projectId, family: options.family ?? "v5", engineType: "mysql" }),
    );
    const outs = await Promise.all(jobs.map((job) => adoptedDrsOutputs(conn, job.id)));
    const since = emulator.calls().length;
    for (const rule of faults(jobs.map((j) => j.id))) emulator.faults.add(rule);
    const results = await Promise.all(outs.map((o) => tearDownDrs(conn, o)));
    const during = emulator.calls().slice(since);
    return { jobs, results, during };
  }

  /** Every job ended gone, without error, and the call log shows no delete before its stop. */
  function expectAllGone(ids: readonly string[], results: readonly TeardownRun[], family: "drs" | "dli") {
    expect(results.map((r) => (r.error instanceof Error ? r.error.message : r.error))).toEqual(
      ids.map(() => undefined),
    );
    for (const id of ids) {
      if (family === "drs") {
        expect(drsEnd(emulator, id)).toMatch(/^(DELETED|removed)$/);
        expectStopsBeforeDeletes(emulator.calls(), projectId, id, drsStoppedStatuses);
      } else {
        expect(dliEnd(emulator, id)).toBe("removed");
        expectStopsBeforeDeletes(emulator.calls(), projectId, id, dliStoppedStatuses);
      }
    }
  }

  /** The entry a DRS batch answer (v5 `jobs`, v3 `results`) holds for a job. */
  function entryFor(call: EmulatorCall, id: string): Record<string, unknown> | undefined {
    const answer = call.answer as { jobs?: unknown; results?: unknown } | undefined;
    const entries = (answer?.jobs ?? answer?.results) as Record<string, unknown>[] | undefined;
    return Array.isArray(entries) ? entries.find((e) => e["id"] === id) : undefined;
  }

  it("asks again for jobs whose batch entries answer busy (DRS.M01504), v5 stop and delete", async () => {
    const { jobs, results, during } = await tearDownDrsJobs(4, ([a, b, c]) => [
      { kind: "busy", jobIds: [a!, b!], count: 1, match: { path: "/batch-stop$" } },
      { kind: "busy", jobIds: [c!], count: 1, match: { method: "DELETE", path: "/jobs$" } },
    ]);
    const ids = jobs.map((j) => j.id);
    expectAllGone(ids, results, "drs");
    const busy = during.filter((c) => c.fault === "busy");
    expect(busy.length).toBe(2);
    for (const id of ids) {
      const busyEntries = busy.filter((c) => entryFor(c, id)?.["error_code"] === "DRS.M01504").length;
      const stops = results[ids.indexOf(id)]!.report!.stopsSent;
      const deletes = results[ids.indexOf(id)]!.report!.deletesSent;
      // A busy entry is answered by asking again: one more stop or delete per busy entry.
      expect(stops + deletes).toBe(2 + busyEntries);
    }
    const busyDelete = busy.find((c) => c.method === "DELETE");
    expect(busyDelete && entryFor(busyDelete, ids[2]!)).toMatchObject({ error_code: "DRS.M01504" });
  });

  it("asks again for a busy v3 batch-jobs entry", async () => {
    const { jobs, results, during } = await tearDownDrsJobs(
      2,
      ([a]) => [{ kind: "busy", jobIds: [a!], count: 1, match: { path: "/batch-jobs$" } }],
      { family: "v3" },
    );
    expectAllGone(
      jobs.map((j) => j.id),
      results,
      "drs",
    );
    const busy = during.filter((c) => c.fault === "busy");
    expect(busy.map((c) => entryFor(c, jobs[0]!.id)?.["error_code"])).toEqual(["DRS.M01504"]);
    expect(results[0]!.report!.stopsSent).toBe(2);
  });

  it("reads again, and never assumes, when a job's entry is missing from a batch answer", async () => {
    const { jobs, results, during } = await tearDownDrsJobs(2, ([a]) => [
      { kind: "omit", jobIds: [a!], count: 1, match: { path: "/batch-stop$" } },
      { kind: "omit", jobIds: [a!], count: 1, match: { method: "DELETE", path: "/jobs$" } },
    ]);
    const [a] = jobs.map((j) => j.id);
    expectAllGone(
      jobs.map((j) => j.id),
      results,
      "drs",
    );
    const omitted = during.filter((c) => c.fault === "omit");
    expect(omitted.length).toBe(2);
    for (const call of omitted) expect(entryFor(call, a!)).toBeUndefined();
    // The omitted stop and delete were carried out: the teardown saw that by reading, and sent neither again.
    expect(results[0]!.report).toMatchObject({ outcome: "deleted", stopsSent: 1, deletesSent: 1 });
  });

  it("asks again when a v3 batch-status answer leaves the job out", async () => {
    const { jobs, results, during } = await tearDownDrsJobs(
      1,
      ([a]) => [{ kind: "omit", jobIds: [a!], count: 2, match: { path: "/batch-status$" } }],
      { family: "v3" },
    );
    expectAllGone([jobs[0]!.id], results, "drs");
    expect(during.filter((c) => c.fault === "omit").length).toBe(2);
    expect(results[0]!.lines.some((l) => l.includes("missing from the batch-status answer"))).toBe(true);
  });

  it("rides out bursts of 5xx answers on stops and deletes", async () => {
    const { jobs, results, during } = await tearDownDrsJobs(2, () => [
      { kind: "error", status: 503, count: 3, match: { service: "drs", path: "/batch-stop$" } },
      { kind: "error", status: 502, count: 2, match: { service: "drs", method: "DELETE" } },
    ]);
    expectAllGone(
      jobs.map((j) => j.id),
      results,
      "drs",
    );
    expect(during.filter((c) => c.fault === "error").map((c) => c.status)).toEqual([503, 503, 503, 502, 502]);
  });

  it("rides out a burst of 429 throttling", async () => {
    const { jobs, results, during } = await tearDownDrsJobs(2, () => [
      { kind: "throttle", count: 3, match: { service: "drs" } },
    ]);
    expectAllGone(
      jobs.map((j) => j.id),
      results,
      "drs",
    );
    expect(during.filter((c) => c.fault === "throttle").map((c) => c.status)).toEqual([429, 429, 429]);
  });

  it("rides out connections reset without an answer", async () => {
    const { jobs, results, during } = await tearDownDrsJobs(2, () => [
      { kind: "reset", count: 2, match: { service: "drs", path: "/batch-stop$" } },
    ]);
    expectAllGone(
      jobs.map((j) => j.id),
      results,
      "drs",
    );
    expect(during.filter((c) => c.fault === "reset").map((c) => c.status)).toEqual([0, 0]);
  });

  it("copes with slow answers", async () => {
    const { jobs, results, during } = await tearDownDrsJobs(2, () => [
      { kind: "latency", latencyMs: 300, durationMs: 30_000, match: { service: "drs" } },
    ]);
    expectAllGone(
      jobs.map((j) => j.id),
      results,
      "drs",
    );
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((c) => c.fault === "latency")).toBe(true);
  });

  it("fetches exactly one new IAM token when the token expires mid-teardown (password login)", async () => {
    const conn = await connect("drs", "password");
    const tokenRequests = () => emulator.calls().filter((c) => c.service === "iam" && c.method === "POST");
    const before = tokenRequests().length;
    const { jobs, results, during } = await tearDownDrsJobs(
      3,
      () => [{ kind: "tokenExpiry", count: 1, match: { path: "/batch-stop$" } }],
      { conn },
    );
    expectAllGone(
      jobs.map((j) => j.id),
      results,
      "drs",
    );
    const expired = during.filter((c) => c.fault === "tokenExpiry");
    expect(expired.map((c) => c.status)).toEqual([401]);
    // The adoption logged in once; the expiry cost one more login, however many jobs were in flight.
    expect(tokenRequests().length - before).toBe(2);
    expect(during.filter((c) => c.service === "iam").length).toBe(1);
    expect(during.filter((c) => c.service === "drs").every((c) => c.auth === "token")).toBe(true);
  });

  it("asks DLI again for a stop answered 'try later', and for a batch answer missing an entry", async () => {
    const conn = await connect("dli");
    const jobs = [0, 1, 2].map(() => emulator.dli.seed({ projectId, status: "job_running" }));
    const [a, b] = jobs.map((j) => j.id);
    emulator.faults.add({ kind: "busy", jobIds: [a!], count: 1, match: { path: "/streaming/jobs/stop$" } });
    emulator.faults.add({ kind: "omit", jobIds: [b!], count: 1, match: { path: "/streaming/jobs/delete$" } });
    const since = emulator.calls().length;
    const results = await Promise.all(jobs.map((j) => tearDownDli(conn, adoptedDliOutputs(conn, j.id))));
    const during = emulator.calls().slice(since);
    expectAllGone(
      jobs.map((j) => j.id),
      results,
      "dli",
    );
    expect(during.filter((c) => c.fault === "busy").length).toBe(1);
    expect(during.filter((c) => c.fault === "omit").length).toBe(1);
    expect(results[0]!.report!.stopsSent).toBe(2);
  });
});
