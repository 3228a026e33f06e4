/**
 * End to end with the real Pulumi CLI against the emulator: a DLI create whose answer is lost
 * never leaves a second job behind across `pulumi up` runs, and prepaid DRS jobs (v5 and v3) are
 * refused on destroy with advice, never stopped, and stay in the stack.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { defaultEmulatorCredentials, emulatorEnv, HuaweiEmulator } from "../../emulator";
import { teardownCallsFor } from "../../scripts/describeJobTeardown";
import { forgetStackConfig, pulumiEnv, repoRoot, runPulumi, runPulumiOk } from "../../scripts/pulumiCli";

jest.setTimeout(4 * 60_000);

const { projectId } = defaultEmulatorCredentials;

type StateResource = { type: string; urn: string; outputs?: Record<string, unknown> };
const jobsIn = (exported: string): StateResource[] =>
  (JSON.parse(exported) as { deployment: { resources: StateResource[] } }).deployment.resources.filter(
    (r) => r.type.includes("DrsJob") || r.type.includes("DliFlinkJob"),
  );

describe("creates that lose their answer and prepaid jobs, with the real Pulumi CLI", () => {
  const emulator = new HuaweiEmulator({
    stopMs: 500,
    deletedLingerMs: 200,
    dli: { submitMs: 200, stopMs: 500, savepointMs: 200 },
  });
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = (...args: string[]) => runPulumiOk(args, { cwd: repoRoot, env });

  beforeAll(async () => {
    const url = await emulator.start();
    stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-e2e-create-"));
    env = pulumiEnv(stateDir, emulatorEnv(url, "aksk"));
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("keeps exactly one job when the DLI create answer is lost, across two `pulumi up`, and destroys it", async () => {
    forgetStackConfig("lost-create");
    await pulumi("stack", "init", "lost-create");
    await pulumi("config", "set", "createSqlJob", "true");
    await pulumi("config", "set", "pollInterval", "250ms");
    emulator.faults.add({
      kind: "lostAnswer",
      match: { service: "dli", method: "POST", path: "/streaming/sql-jobs$" },
      count: 1,
    });
    // The first run may end either way (job found and kept, or kept as created-but-failed);
    // what matters is what the service and the state hold after the second.
    await runPulumi(["up", "--yes", "--skip-preview"], { cwd: repoRoot, env });
    await pulumi("up", "--yes", "--skip-preview");
    const named = emulator.dli.store.all().filter((j) => j.name === "demo-clickstream" && !j.removed);
    expect(named).toHaveLength(1);
    const creates = emulator.calls().filter((c) => c.method === "POST" && c.path.endsWith("/sql-jobs"));
    expect(creates).toHaveLength(1);
    const created = jobsIn(await pulumi("stack", "export")).find((r) => r.urn.endsWith("::flink-new-sql"));
    expect(created?.outputs?.["jobId"]).toBe(named[0]?.id);

    const destroy = await pulumi("destroy", "--yes", "--skip-preview");
    expect(destroy).toMatch(/- 2 deleted/);
    expect(named[0]?.removed).toBe(true);
    await pulumi("stack", "rm", "lost-create", "--yes");
  });

  it("refuses to stop prepaid v5 and v3 jobs on destroy, sends them no stop, and keeps them in the stack", async () => {
    const v5 = emulator.seed({
      projectId,
      name: "prepaid-v5",
      status: "INCRE_TRANSFER_STARTED",
      engineType: "mysql-to-mysql",
      chargingMode: "period",
    });
    const v3 = emulator.seed({
      projectId,
      name: "prepaid-v3",
      status: "INCRE_TRANSFER_STARTED",
      family: "v3",
      chargingMode: "period",
      periodOrderId: "CS2405300934ADBGS",
    });
    forgetStackConfig("prepaid");
    await pulumi("stack", "init", "prepaid");
    await pulumi("config", "set", "drsV5JobIds", JSON.stringify([v5.id]));
    await pulumi("config", "set", "drsV3JobIds", JSON.stringify([v3.id]));
    await pulumi("config", "set", "pollInterval", "250ms");
    await pulumi("up", "--yes", "--skip-preview");

    const destroy = await runPulumi(["destroy", "--yes", "--skip-preview"], { cwd: repoRoot, env });
    expect(destroy.code).not.toBe(0);
    expect(destroy.output).toMatch(
      new RegExp(`${v5.id}[^\\n]*yearly/monthly \\(prepaid\\)[^\\n]*charging_mode[^\\n]*period`),
    );
    expect(destroy.output).toMatch(
      new RegExp(`${v3.id}[^\\n]*yearly/monthly \\(prepaid\\)[^\\n]*CS2405300934ADBGS`),
    );
    for (const job of [v5, v3]) {
      expect(teardownCallsFor(job.id, emulator.calls())).toEqual([]);
      expect(job.status).toBe("INCRE_TRANSFER_STARTED");
    }
    const kept = jobsIn(await pulumi("stack", "export")).map((r) => r.outputs?.["jobId"]);
    expect(kept.sort()).toEqual([v5.id, v3.id].sort());
    await pulumi("stack", "rm", "prepaid", "--yes", "--force");
  });
});
