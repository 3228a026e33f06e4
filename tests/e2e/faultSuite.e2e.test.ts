/**
 * The fault suite: with the real Pulumi CLI and the in-process emulator, a stack of DRS v5 (both
 * delete calls), DRS v3 and DLI jobs is destroyed while the emulator misbehaves. Whatever the
 * fault, every job of the stack ends deleted, no job outside the stack is named by any call, and
 * no delete is sent for a job that was not stopped first. Each test also checks that its fault
 * really fired, so that none can pass without one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { emulatorEnv, emulatorModeFromEnv, HuaweiEmulator, type EmulatorCall } from "../../emulator";
import type { FaultRule } from "../../emulator/FaultInjector";
import { callKind } from "../../scripts/describeJobTeardown";
import { pulumiEnv, repoRoot, runPulumi } from "../../scripts/pulumiCli";
import { expectSafeTeardown, faultedCalls, namesJob } from "./expectSafeTeardown";
import {
  isJobServiceCall,
  seedFaultStackJobs,
  upFaultStack,
  waitForCall,
  type FaultStackJobs,
} from "./faultStack";

jest.setTimeout(5 * 60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isTokenIssue = (c: EmulatorCall) => c.method === "POST" && c.path.startsWith("/v3/auth/tokens");
/** Whether the call stops or deletes at least one of the jobs it names. */
const acts = (c: EmulatorCall, kind: "stop" | "delete", ids: readonly string[]) =>
  ids.some((id) => namesJob(c, id) && callKind(c, id) === kind);

describe("pulumi destroy under injected faults (real Pulumi CLI, emulator)", () => {
  const emulator = new HuaweiEmulator({
    pessimistic: emulatorModeFromEnv() === "pessimistic",
    stopMs: 1_500,
    forceStopMs: 500,
    deletedLingerMs: 300,
    dli: { submitMs: 300, stopMs: 1_000, savepointMs: 500 },
  });
  let stateDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const url = await emulator.start();
    stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-faults-"));
    // Password login through IAM (so that tokens can expire), project looked up by region.
    env = pulumiEnv(stateDir, emulatorEnv(url, "password", { withProjectId: false }));
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });
  afterEach(() => emulator.faults.clear());

  const addFaults = (...rules: FaultRule[]) => rules.forEach((rule) => emulator.faults.add(rule));
  const allIds = (jobs: FaultStackJobs) => [...jobs.drsV5, ...jobs.drsV3, ...jobs.dli].map((j) => j.id);

  /**
   * Brings up stack `stack` without faults, then runs `pulumi destroy` while `during` injects
   * faults (it gets the last call sequence number before the destroy); checks the destroy
   * succeeded and the safety claims held, and removes the stack.
   */
  async function destroyUnder(
    stack: string,
    during: (fromSeq: number, jobs: FaultStackJobs) => Promise<void>,
  ): Promise<{ jobs: FaultStackJobs; fromSeq: number; output: string }> {
    const jobs = seedFaultStackJobs(emulator, stack);
    expect(await upFaultStack(env, stack, jobs)).toMatch(/\+ 8 created/);
    const fromSeq = emulator.calls().length;
    // Enough parallel deletes that jobs of a family share batch calls.
    const destroying = runPulumi(["destroy", "--yes", "--skip-preview", "--parallel", "32"], {
      cwd: repoRoot,
      env,
    });
    try {
      await during(fromSeq, jobs);
    } finally {
      await destroying;
    }
    const run = await destroying;
    if (run.code !== 0) throw new Error(`pulumi destroy failed (${run.code}):\n${run.output}`);
    expect(run.output).toMatch(/- 8 deleted/);
    expectSafeTeardown(emulator, jobs, fromSeq);
    const rm = await runPulumi(["stack", "rm", stack, "--yes"], { cwd: repoRoot, env });
    expect(rm.code).toBe(0);
    return { jobs, fromSeq, output: run.output };
  }
  /** Waits for the destroy's first call to DRS or DLI. */
  const firstJobCall = (fromSeq: number) => waitForCall(emulator, fromSeq, isJobServiceCall);

  it("5xx bursts: retried with backoff; teardown reads again after a failed call", async () => {
    const { fromSeq, jobs } = await destroyUnder("fault-5xx", async (from) => {
      await firstJobCall(from);
      addFaults(
        // A 3 s outage of both services, longer than some retry chains: full jitter may give
        // up after well under 3 s.
        { kind: "error", status: 503, match: { service: "drs" }, durationMs: 3_000 },
        { kind: "error", status: 502, match: { service: "dli" }, durationMs: 3_000 },
        // Then the next three DRS DELETE calls (v3 batch-jobs, v5 deletes) and the first DLI
        // delete fail once more.
        { kind: "error", status: 502, match: { service: "drs", method: "DELETE" }, count: 3 },
        { kind: "error", status: 500, match: { path: "/streaming/jobs/delete$" }, count: 1 },
      );
    });
    const faulted = emulator.calls().filter((c) => c.seq > fromSeq && c.fault === "error");
    expect(faulted.filter((c) => c.status === 503).length).toBeGreaterThan(0);
    expect(faulted.filter((c) => c.status === 502).length).toBeGreaterThan(0);
    expect(faulted.some((c) => acts(c, "delete", allIds(jobs)))).toBe(true);
  });

  it("429 storms: throttled calls are retried with backoff until the storm passes", async () => {
    const { fromSeq } = await destroyUnder("fault-429", async (from) => {
      await firstJobCall(from);
      addFaults({ kind: "throttle", durationMs: 4_000, match: { service: "drs" } });
      addFaults({ kind: "throttle", durationMs: 4_000, match: { service: "dli" } });
    });
    const throttled = emulator.calls().filter((c) => c.seq > fromSeq && c.fault === "throttle");
    expect(throttled.length).toBeGreaterThan(3);
    expect(throttled.every((c) => c.status === 429)).toBe(true);
  });

  it("connection resets: calls dropped without an answer are sent again", async () => {
    const { fromSeq, jobs } = await destroyUnder("fault-reset", () => {
      addFaults(
        // Status reads of each family, then stops and deletes of each kind.
        { kind: "reset", count: 3, match: { service: "drs", path: "batch-status$" } },
        { kind: "reset", count: 2, match: { service: "drs", method: "GET" } },
        { kind: "reset", count: 1, match: { service: "dli", method: "GET" } },
        { kind: "reset", count: 2, match: { service: "drs", path: "batch-stop$" } },
        { kind: "reset", count: 2, match: { service: "drs", path: "batch-jobs$" } },
        {
          kind: "reset",
          count: 2,
          match: { service: "drs", method: "DELETE", path: "^/v5/[^/]+/jobs(/[^/]+)?$" },
        },
        { kind: "reset", count: 1, match: { path: "/streaming/jobs/stop$" } },
        { kind: "reset", count: 1, match: { path: "/streaming/jobs/delete$" } },
      );
      return Promise.resolve();
    });
    const resets = emulator.calls().filter((c) => c.seq > fromSeq && c.fault === "reset");
    expect(resets.every((c) => c.status === 0)).toBe(true);
    expect(resets.some((c) => acts(c, "stop", allIds(jobs)))).toBe(true);
    expect(resets.some((c) => acts(c, "delete", allIds(jobs)))).toBe(true);
  });

  it("slow answers: status reads taking seconds only slow the teardown down", async () => {
    const { fromSeq } = await destroyUnder("fault-slow", async (from) => {
      await firstJobCall(from);
      const reads = "batch-status$|batch-detail$";
      addFaults(
        { kind: "latency", latencyMs: 2_500, durationMs: 8_000, match: { service: "drs", path: reads } },
        { kind: "latency", latencyMs: 2_500, durationMs: 8_000, match: { service: "drs", method: "GET" } },
        { kind: "latency", latencyMs: 2_500, durationMs: 8_000, match: { service: "dli", method: "GET" } },
      );
    });
    const slow = emulator.calls().filter((c) => c.seq > fromSeq && c.fault === "latency");
    expect(slow.filter((c) => c.service === "drs").length).toBeGreaterThan(0);
    expect(slow.filter((c) => c.service === "dli").length).toBeGreaterThan(0);
  });

  it("busy windows: DRS.M01504 stop and delete entries are retried after reading the job again", async () => {
    const { fromSeq, jobs } = await destroyUnder("fault-busy", async (from, seeded) => {
      await firstJobCall(from);
      const stopsAndDeletes = { service: "drs", path: "batch-stop$|batch-jobs$" };
      addFaults({ kind: "busy", match: stopsAndDeletes, durationMs: 3_000 });
      // Once every DRS job is stopping, a second window catches their deletes.
      const drs = [...seeded.drsV5, ...seeded.drsV3];
      while (!drs.every((j) => emulator.store.get(j.id)?.status !== "INCRE_TRANSFER_STARTED"))
        await sleep(20);
      addFaults(
        { kind: "busy", match: stopsAndDeletes, durationMs: 3_000 },
        {
          kind: "busy",
          match: { service: "drs", method: "DELETE", path: "^/v5/[^/]+/jobs$" },
          durationMs: 3_000,
        },
      );
    });
    const busy = emulator.calls().filter((c) => c.seq > fromSeq && c.fault === "busy");
    const drsIds = [...jobs.drsV5, ...jobs.drsV3].map((j) => j.id);
    expect(busy.some((c) => acts(c, "stop", drsIds))).toBe(true);
    expect(busy.some((c) => acts(c, "delete", drsIds))).toBe(true);
  });

  it("partial batch failures: only the failed or missing entries are read and sent again", async () => {
    const { fromSeq } = await destroyUnder("fault-partial", (_from, seeded) => {
      const [many1, many2, one] = seeded.drsV5;
      const [v3a] = seeded.drsV3;
      const [flink1, flink2] = seeded.dli;
      addFaults(
        // Stop batches: one entry busy, another left out of the answer (the stop happened).
        { kind: "busy", jobIds: [one!.id], count: 1, match: { path: "batch-stop$" } },
        { kind: "omit", jobIds: [many2!.id], count: 1, match: { path: "batch-stop$" } },
        { kind: "busy", jobIds: [v3a!.id], count: 1, match: { path: "batch-jobs$" } },
        { kind: "omit", jobIds: [flink1!.id], count: 1, match: { path: "/streaming/jobs/stop$" } },
        // Delete batches: one entry left out (the delete happened), one busy.
        {
          kind: "omit",
          jobIds: [many1!.id],
          count: 1,
          match: { method: "DELETE", path: "^/v5/[^/]+/jobs$" },
        },
        { kind: "busy", jobIds: [flink2!.id], count: 1, match: { path: "/streaming/jobs/delete$" } },
      );
      return Promise.resolve();
    });
    const faulted = emulator.calls().filter((c) => c.seq > fromSeq && c.fault !== undefined);
    const kinds = faultedCalls(emulator, fromSeq);
    expect(kinds["busy"]).toBeGreaterThanOrEqual(2);
    expect(kinds["omit"]).toBeGreaterThanOrEqual(2);
    // Partial: every faulted batch named more jobs than the one its fault was for.
    expect(faulted.length).toBeGreaterThanOrEqual(4);
    for (const call of faulted) expect(Object.keys(call.jobStatusBefore).length).toBeGreaterThan(1);
  });

  it("token expiry: a password login is renewed before expiry, and once after a 401, never in a loop", async () => {
    const ttl = emulator.auth.timing.tokenTtlMs;
    const ttlMs = 1_200;
    try {
      const { fromSeq } = await destroyUnder("fault-token", async (from, seeded) => {
        // Tokens issued from now on live 1.2 s, so the provider renews its token again and
        // again during the destroy; and every token expires at once when the first v5 stop
        // arrives, and again at the first v5 delete (one expiry at a time: IAM never revokes a
        // token it has just issued).
        emulator.auth.timing.tokenTtlMs = ttlMs;
        addFaults({ kind: "tokenExpiry", count: 1, match: { path: "batch-stop$" } });
        await firstJobCall(from);
        const drs = [...seeded.drsV5, ...seeded.drsV3];
        while (drs.some((j) => emulator.store.get(j.id)?.status.endsWith("TRANSFER_STARTED") === true))
          await sleep(20);
        addFaults({
          kind: "tokenExpiry",
          count: 1,
          match: { service: "drs", method: "DELETE", path: "^/v5/" },
        });
      });
      const calls = emulator.calls().filter((c) => c.seq > fromSeq);
      const rejected = calls.filter((c) => c.status === 401);
      expect(calls.filter((c) => c.fault?.includes("tokenExpiry") === true).length).toBe(2);
      expect(rejected.length).toBeGreaterThan(0);
      // Every rejected call was followed by a new login and sent again, and that one was not rejected.
      for (const call of rejected) {
        const again = calls.find(
          (c) =>
            c.seq > call.seq &&
            c.method === call.method &&
            c.path === call.path &&
            JSON.stringify(c.body) === JSON.stringify(call.body),
        );
        expect(calls.some((c) => isTokenIssue(c) && c.seq > call.seq && c.seq < (again?.seq ?? 0))).toBe(
          true,
        );
        expect(again?.status).not.toBe(401);
      }
      const logins = calls.filter(isTokenIssue);
      // Renewed ahead of expiry: logins that no rejected call asked for.
      const renewals = logins.filter((login, i) => {
        const previous = i === 0 ? fromSeq : logins[i - 1]!.seq;
        return !rejected.some((r) => r.seq > previous && r.seq < login.seq);
      });
      expect(renewals.length).toBeGreaterThanOrEqual(2);
      // No loop: at most one login per rejected call, plus the renewals a token of this life needs.
      const renewalsNeeded = Math.ceil((calls.at(-1)!.at - calls[0]!.at) / (ttlMs / 2)) + 1;
      expect(logins.length).toBeLessThanOrEqual(rejected.length + renewalsNeeded);
    } finally {
      emulator.auth.timing.tokenTtlMs = ttl;
    }
  });

  it("emulator restart: an outage longer than the transport's retry budget is waited out", async () => {
    const url = emulator.url;
    let downAt = 0;
    let upAt = 0;
    const { fromSeq, jobs, output } = await destroyUnder("fault-restart", async (from, seeded) => {
      // Down as soon as the first stop arrived, for 9 s (the retry budget is at most 7.75 s of
      // backoff), then back on the same port with every job and token kept.
      await waitForCall(emulator, from, (c) => acts(c, "stop", allIds(seeded)));
      downAt = emulator.store.now();
      await emulator.stop();
      await sleep(9_000);
      upAt = emulator.store.now();
      expect(await emulator.start()).toBe(url);
    });
    // The provider felt the outage, and read again instead of failing.
    expect(output).toMatch(/no answer: connect ECONNREFUSED[^\n]*; reading the status again/);
    const calls = emulator.calls().filter((c) => c.seq > fromSeq);
    // Jobs kept moving while the emulator was down, and the teardown carried on afterwards.
    expect(calls.some((c) => c.at < downAt)).toBe(true);
    expect(calls.filter((c) => c.at > upAt && acts(c, "delete", allIds(jobs))).length).toBeGreaterThan(0);
  });
});
