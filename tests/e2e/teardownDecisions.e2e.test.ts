/**
 * Issue 10, cases 3 and 5, through `pulumi destroy` with the real CLI on the emulator, judged
 * from the emulator's call log:
 * - busy answers (DRS.M01504) while a failed stop is escalated are "try again later", not failed
 *   stops: the destroy succeeds once DRS takes the forced stop;
 * - a job with a short deleteTimeout whose calls share batches with a patient job fails on time
 *   while the emulator is slow and failing, and the patient job goes on to be deleted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { defaultEmulatorCredentials, emulatorEnv, HuaweiEmulator, type EmulatedDrsJob } from "../../emulator";
import { callKind, teardownCallsFor } from "../../scripts/describeJobTeardown";
import { pulumiEnv, repoRoot, runPulumi, runPulumiOk } from "../../scripts/pulumiCli";
import { isJobServiceCall, waitForCall } from "./faultStack";

jest.setTimeout(4 * 60_000);

const { projectId } = defaultEmulatorCredentials;

describe("pulumi destroy: failed-stop escalation and deadlines in shared batches (real CLI, emulator)", () => {
  const emulator = new HuaweiEmulator({
    stopMs: 1_500,
    forceStopMs: 500,
    deletedLingerMs: 300,
    dli: { submitMs: 300, stopMs: 1_000, savepointMs: 500 },
  });
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = (...args: string[]) => runPulumiOk(args, { cwd: repoRoot, env });

  beforeAll(async () => {
    const url = await emulator.start();
    stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-decisions-"));
    env = pulumiEnv(stateDir, emulatorEnv(url, "aksk"));
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });
  afterEach(() => emulator.faults.clear());

  /** Creates stack `stack` adopting the DRS v5 jobs, with optional per-job deleteTimeouts. */
  async function up(
    stack: string,
    jobs: readonly EmulatedDrsJob[],
    deleteTimeouts: Record<string, string> = {},
  ) {
    await pulumi("stack", "init", stack);
    await pulumi(
      "config",
      "set-all",
      "--plaintext",
      `drsV5JobIds=${JSON.stringify(jobs.map((j) => j.id))}`,
      "--plaintext",
      "pollInterval=250ms",
      "--plaintext",
      "deleteTimeout=2m",
      "--plaintext",
      "gracefulStopTimeout=1m",
    );
    for (const [jobId, timeout] of Object.entries(deleteTimeouts))
      await pulumi("config", "set", "--path", `deleteTimeouts["${jobId}"]`, timeout);
    expect(await pulumi("up", "--yes", "--skip-preview")).toMatch(
      new RegExp(`\\+ ${jobs.length + 1} created`),
    );
  }

  const gone = (job: EmulatedDrsJob) => job.removed || job.status === "DELETED";

  it("case 3: busy answers while a failed stop is escalated do not fail the destroy", async () => {
    const failed = emulator.seed({
      projectId,
      name: "c3-stop-failed",
      engineType: "mysql",
      status: "RELEASE_RESOURCE_FAILED",
    });
    const running = emulator.seed({ projectId, name: "c3-running", engineType: "mysql" });
    await up("case3", [failed, running]);
    // DRS answers the next three stops of the failed job "another operation is running".
    emulator.faults.add({ kind: "busy", jobIds: [failed.id], count: 3, match: { path: "/batch-stop$" } });
    const from = emulator.calls().length;

    expect(await pulumi("destroy", "--yes", "--skip-preview")).toMatch(/- 3 deleted/);

    emulator.store.all();
    const calls = teardownCallsFor(failed.id, emulator.calls().slice(from));
    expect(calls.map((c) => `${callKind(c, failed.id)}@${c.jobStatusBefore[failed.id] ?? "?"}`)).toEqual([
      "forced stop@RELEASE_RESOURCE_FAILED",
      "forced stop@RELEASE_RESOURCE_FAILED",
      "forced stop@RELEASE_RESOURCE_FAILED",
      "forced stop@RELEASE_RESOURCE_FAILED",
      "delete@RELEASE_RESOURCE_COMPLETE",
    ]);
    expect(calls.slice(0, 3).map((c) => c.fault)).toEqual(["busy", "busy", "busy"]);
    expect([gone(failed), gone(running)]).toEqual([true, true]);
    await pulumi("stack", "rm", "case3", "--yes");
  });

  it("case 5: a short deleteTimeout fails on time while a patient job sharing its batches goes on", async () => {
    // The short job's graceful stop hangs, so it cannot be deleted within its 3 s anyway.
    const short = emulator.seed({ projectId, name: "c5-short", engineType: "mysql", gracefulStop: "hangs" });
    const patient = emulator.seed({ projectId, name: "c5-patient", engineType: "mysql" });
    await up("case5", [short, patient], { [short.id]: "3s" });
    const from = emulator.calls().length;

    const destroying = runPulumi(["destroy", "--yes", "--skip-preview"], { cwd: repoRoot, env });
    const first = await waitForCall(emulator, from, isJobServiceCall);
    // From the destroy's first call: every DRS call answers after 1 s, and with 503 for 6 s, so
    // that the batches both jobs share retry (within the patient job's 2 minutes) for seconds.
    emulator.faults.add({ kind: "latency", latencyMs: 1_000, durationMs: 8_000, match: { service: "drs" } });
    emulator.faults.add({ kind: "error", status: 503, durationMs: 6_000, match: { service: "drs" } });
    const run = await destroying;

    expect(run.code).not.toBe(0);
    const timeout = new RegExp(
      `job ${short.id}\\): not deleted after waiting (\\d+(?:\\.\\d)?)s \\(deleteTimeout\\); last status (\\S+)\\.`,
    ).exec(run.output);
    expect(timeout).not.toBeNull();
    // Within deleteTimeout and a second, far less than one request timeout (30 s).
    expect(Number(timeout![1])).toBeLessThanOrEqual(4);
    expect(run.output).toContain("run `pulumi destroy`");

    emulator.store.all();
    const calls = emulator.calls().slice(from);
    // The jobs shared batch calls, and the patient one was stopped, then deleted.
    expect(calls.some((c) => short.id in c.jobStatusBefore && patient.id in c.jobStatusBefore)).toBe(true);
    expect(gone(patient)).toBe(true);
    expect(teardownCallsFor(patient.id, calls).map((c) => callKind(c, patient.id))).toEqual([
      "stop",
      "delete",
    ]);
    // After its deadline (a second of slack, counted from the destroy's first call) the short job
    // appears only in batch calls that went on for the patient job: nothing new was sent for it
    // alone, and it was never deleted.
    const alone = calls.filter(
      (c) => c.at > first.at + 4_000 && short.id in c.jobStatusBefore && !(patient.id in c.jobStatusBefore),
    );
    expect(alone.map((c) => `${c.method} ${c.path} at ${c.at - first.at} ms`)).toEqual([]);
    expect(teardownCallsFor(short.id, calls).some((c) => callKind(c, short.id) === "delete")).toBe(false);
    expect(gone(short)).toBe(false);
    await pulumi("stack", "rm", "case5", "--yes", "--force");
  });
});
