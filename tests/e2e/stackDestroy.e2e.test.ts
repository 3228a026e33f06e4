/**
 * End to end with the real Pulumi CLI against the emulator on a local file backend: `pulumi up`
 * adopts DRS v5, DRS v3 and DLI jobs and creates a Flink SQL job, `pulumi refresh` reads them,
 * `pulumi destroy` tears them all down; then a stack whose destroy is killed mid-way converges
 * when destroy runs again.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  defaultEmulatorCredentials,
  emulatorEnv,
  emulatorModeFromEnv,
  HuaweiEmulator,
  type EmulatorCall,
} from "../../emulator";
import { callKind, teardownCallsFor } from "../../scripts/describeJobTeardown";
import {
  forgetStackConfig,
  ensurePulumiCli,
  pulumiEnv,
  repoRoot,
  runPulumiOk,
} from "../../scripts/pulumiCli";

jest.setTimeout(10 * 60_000);

const { projectId } = defaultEmulatorCredentials;
const user = defaultEmulatorCredentials.users[0];

type StateResource = { type: string; urn: string; outputs?: Record<string, unknown> };

function jobsIn(exported: string): StateResource[] {
  return (JSON.parse(exported) as { deployment: { resources: StateResource[] } }).deployment.resources
    .filter((r) => r.type.includes("DrsJob") || r.type.includes("DliFlinkJob"))
    .sort((a, b) => a.urn.localeCompare(b.urn));
}

describe("a stack of DRS and DLI jobs with the real Pulumi CLI", () => {
  const emulator = new HuaweiEmulator({
    pessimistic: emulatorModeFromEnv() === "pessimistic",
    stopMs: 2_000,
    deletedLingerMs: 500,
    dli: { submitMs: 500, stopMs: 1_500, savepointMs: 500 },
  });
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = (...args: string[]) => runPulumiOk(args, { cwd: repoRoot, env });

  beforeAll(async () => {
    const url = await emulator.start();
    stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-e2e-"));
    // Password login through IAM, and no project id: it is looked up by region.
    env = pulumiEnv(stateDir, emulatorEnv(url, "password", { withProjectId: false }));
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("adopts and creates jobs of every family, then stops and deletes each one safely on destroy", async () => {
    const drsV5 = [
      emulator.seed({
        projectId,
        name: "running-many",
        status: "INCRE_TRANSFER_STARTED",
        engineType: "mysql",
      }),
      emulator.seed({ projectId, name: "paused-one", status: "PAUSING", engineType: "mysql-to-kafka" }),
      emulator.seed({ projectId, name: "stopped", status: "RELEASE_RESOURCE_COMPLETE", engineType: "mysql" }),
      emulator.seed({ projectId, name: "hangs", status: "INCRE_TRANSFER_STARTED", gracefulStop: "hangs" }),
    ];
    const drsV3 = [
      emulator.seed({ projectId, name: "failed-v3", status: "INCRE_TRANSFER_FAILED", family: "v3" }),
      emulator.seed({
        projectId,
        name: "stop-fails-v3",
        status: "CONFIGURATION",
        family: "v3",
        gracefulStop: "fails",
      }),
    ];
    const dli = [emulator.dli.seed({ projectId, name: "flink-running", status: "job_running" })];
    forgetStackConfig("e2e");
    await pulumi("stack", "init", "e2e");
    await pulumi("config", "set", "drsV5JobIds", JSON.stringify(drsV5.map((j) => j.id)));
    await pulumi("config", "set", "drsV3JobIds", JSON.stringify(drsV3.map((j) => j.id)));
    await pulumi("config", "set", "dliJobIds", JSON.stringify(dli.map((j) => j.id)));
    await pulumi("config", "set", "createSqlJob", "true");
    await pulumi("config", "set", "pollInterval", "250ms");
    await pulumi("config", "set", "gracefulStopTimeout", "3s");
    const up = await pulumi("up", "--yes", "--skip-preview");
    expect(up).toMatch(/\+ 9 created/);

    // The state holds small trampolines and what delete needs, never a credential.
    const state = await pulumi("stack", "export", "--show-secrets");
    const resources = jobsIn(state);
    expect(resources).toHaveLength(8);
    for (const r of resources) {
      expect(Buffer.byteLength(String(r.outputs?.["__provider"]))).toBeLessThan(2560);
      expect(r.outputs).toMatchObject({ projectId });
    }
    const apiOf = (name: string) =>
      resources.find((r) => r.urn.endsWith(`::${name}`))?.outputs?.["deleteApi"];
    expect([apiOf("drs-v5-1"), apiOf("drs-v5-2"), apiOf("drs-v3-1")]).toEqual([
      "v5-delete-many",
      "v5-delete-one",
      "v3",
    ]);
    const created = resources.find((r) => r.urn.endsWith("::flink-new-sql"));
    // A 64-bit id above 2^53 arrives exactly.
    const createdId = String(created?.outputs?.["jobId"]);
    expect(BigInt(createdId)).toBeGreaterThan(2n ** 53n);
    expect(emulator.dli.store.get(createdId)?.name).toBe("demo-clickstream");
    expect(state).not.toContain(user.password);
    // The SQL spec (SQL bodies often hold connector passwords) is kept encrypted in the state: it
    // shows only when secrets are asked for.
    expect(state).toContain("INSERT INTO sink");
    const plain = await pulumi("stack", "export");
    expect(plain).not.toContain("INSERT INTO sink");
    // Only the spec is secret: the created job's outputs stay readable.
    const plainCreated = jobsIn(plain).find((r) => r.urn.endsWith("::flink-new-sql"));
    expect(plainCreated?.outputs).toMatchObject({ jobId: created?.outputs?.["jobId"], origin: "sql" });

    // Refresh reads live statuses: a job stopped outside Pulumi is seen stopping.
    emulator.store.stop(drsV5[0]!);
    await pulumi("refresh", "--yes", "--skip-preview");
    const refreshed = jobsIn(await pulumi("stack", "export"));
    // Stopping or already stopped, depending on how long the refresh took: either way the live
    // status, not the stored INCRE_TRANSFER_STARTED.
    expect(["RELEASE_RESOURCE_STARTED", "RELEASE_RESOURCE_COMPLETE"]).toContain(
      refreshed.find((r) => r.urn.endsWith("::drs-v5-1"))?.outputs?.["status"],
    );

    // The job whose graceful stop hangs is forced once gracefulStopTimeout (3s) passes.
    const destroy = await pulumi("destroy", "--yes", "--skip-preview", "--parallel", "16");
    expect(destroy).toMatch(/- 9 deleted/);
    expect(destroy).toMatch(new RegExp(`\\[DrsJob drs-v5-2 ${drsV5[1]!.id}\\] stop accepted`));
    expect(destroy).toMatch(
      /\[DrsJob drs-v3-2 [^\]]+\] forced stop sent \(stop failed \(RELEASE_RESOURCE_FAILED\), escalating\)/,
    );
    expect(destroy).toMatch(
      /\[DrsJob drs-v5-4 [^\]]+\] forced stop sent \(graceful stop still running after/,
    );
    expect(destroy).not.toContain(user.password);

    const calls = emulator.calls();
    const allDrs = [...drsV5, ...drsV3];
    for (const job of [...allDrs, ...dli]) {
      const steps = teardownCallsFor(job.id, calls);
      const deletes = steps.filter((c) => callKind(c, job.id) === "delete");
      const stops = steps.filter((c) => callKind(c, job.id) !== "delete");
      expect(deletes.length).toBeGreaterThan(0);
      // Every delete was sent while the job was stopped, and after every stop.
      for (const del of deletes)
        expect(["RELEASE_RESOURCE_COMPLETE", "job_cancel_success"]).toContain(del.jobStatusBefore[job.id]);
      for (const stop of stops) expect(stop.seq).toBeLessThan(deletes[0]!.seq);
    }
    for (const job of allDrs) expect(job.removed || job.status === "DELETED").toBe(true);
    for (const job of emulator.dli.store.all()) expect(job.removed).toBe(true);
    // The stopped job got no stop, and the one stopped outside Pulumi was not stopped again.
    expect(teardownCallsFor(drsV5[2]!.id, calls).map((c) => callKind(c, drsV5[2]!.id))).toEqual(["delete"]);
    expect(teardownCallsFor(drsV5[0]!.id, calls).map((c) => callKind(c, drsV5[0]!.id))).toEqual(["delete"]);
    // The DLI job was stopped with a savepoint.
    const dliStop = teardownCallsFor(dli[0]!.id, calls)[0];
    expect(dliStop?.body).toMatchObject({ trigger_savepoint: true });
    // Batching: the two v5 jobs that needed a stop together were stopped by one batch-stop call.
    const batchStops = calls.filter((c) => c.path.endsWith("/batch-stop"));
    expect(batchStops.some((c) => Object.keys(c.jobStatusBefore).length >= 2)).toBe(true);
    expectOnlyAuthenticated(calls);

    await pulumi("stack", "rm", "e2e", "--yes");
  });

  it("converges when a destroy is killed mid-way and run again", async () => {
    const jobs = Array.from({ length: 4 }, (_, i) =>
      emulator.seed({
        projectId,
        name: `killed-${i}`,
        status: "INCRE_TRANSFER_STARTED",
        engineType: "mysql",
      }),
    );
    forgetStackConfig("killed");
    await pulumi("stack", "init", "killed");
    await pulumi("config", "set", "drsV5JobIds", JSON.stringify(jobs.map((j) => j.id)));
    await pulumi("config", "set", "pollInterval", "250ms");
    await pulumi("up", "--yes", "--skip-preview");

    // Kill the CLI once the stops went out: the jobs are stopping, none is deleted yet.
    const cli = spawn(
      path.join(ensurePulumiCli(), "pulumi"),
      ["destroy", "--yes", "--skip-preview", "--non-interactive"],
      {
        cwd: repoRoot,
        env,
        stdio: "ignore",
      },
    );
    const deadline = Date.now() + 60_000;
    while (
      !jobs.every((j) => emulator.store.all().find((s) => s.id === j.id)?.status !== "INCRE_TRANSFER_STARTED")
    ) {
      if (Date.now() > deadline) throw new Error("the destroy never stopped the jobs");
      await new Promise((r) => setTimeout(r, 100));
    }
    cli.kill("SIGKILL");
    await new Promise((r) => cli.once("exit", r));

    // The killed CLI left its lock (removed with `pulumi cancel`, as its message says) and pending
    // operations in the state; the next destroy carries on from the jobs' current statuses.
    await pulumi("cancel", "--yes");
    const destroy = await pulumi("destroy", "--yes", "--skip-preview");
    expect(destroy).toMatch(/- 5 deleted/);
    for (const job of jobs) {
      expect(job.removed || job.status === "DELETED").toBe(true);
      const steps = teardownCallsFor(job.id, emulator.calls());
      for (const del of steps.filter((c) => callKind(c, job.id) === "delete")) {
        expect(del.jobStatusBefore[job.id]).toBe("RELEASE_RESOURCE_COMPLETE");
      }
    }
    await pulumi("stack", "rm", "killed", "--yes");
  });
});

function expectOnlyAuthenticated(calls: readonly EmulatorCall[]): void {
  for (const call of calls) if (!call.path.startsWith("/v3/auth/tokens")) expect(call.auth).toBe("token");
}
