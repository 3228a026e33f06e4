/**
 * End to end with the real Pulumi CLI against the emulator: DRS jobs created from a spec. A stack
 * creates a v5 MySQL->MySQL and a v3 MySQL->Kafka job and waits until they run, and `pulumi
 * destroy` stops and then deletes both; a failing precheck fails `pulumi up` with the vendor's
 * reason and keeps the job in the stack until destroy removes it; a lost create answer leaves
 * exactly one job. Judged from the emulator's records (call log, job store) and the state.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { emulatorEnv, HuaweiEmulator, type EmulatorCall } from "../../emulator";
import { callKind } from "../../scripts/describeJobTeardown";
import { forgetStackConfig, pulumiEnv, repoRoot, runPulumi, runPulumiOk } from "../../scripts/pulumiCli";
import { namesJob } from "./expectSafeTeardown";
import { quickDrsLifecycle } from "../helpers/quickDrsLifecycle";

jest.setTimeout(5 * 60_000);

const dbPassword = "E2e-Db-Pa55word-7731";
type StateResource = { type: string; urn: string; id?: string; outputs?: Record<string, unknown> };
const drsIn = (exported: string): StateResource[] =>
  (
    (JSON.parse(exported) as { deployment: { resources?: StateResource[] } }).deployment.resources ?? []
  ).filter((r) => r.type.includes("DrsJob"));

describe("DRS jobs created from a spec, with the real Pulumi CLI", () => {
  const emulator = new HuaweiEmulator({
    ...quickDrsLifecycle,
  });
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = (...args: string[]) => runPulumiOk(args, { cwd: repoRoot, env });
  const jobsNamed = (name: string) => emulator.store.all().filter((j) => j.name === name && !j.removed);

  beforeAll(async () => {
    const url = await emulator.start();
    stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-e2e-drs-create-"));
    env = pulumiEnv(stateDir, emulatorEnv(url, "aksk"));
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function initStack(stack: string, prefix: string, families: string[]): Promise<void> {
    forgetStackConfig(stack);
    await pulumi("stack", "init", stack);
    await pulumi("config", "set", "createDrsJobs", JSON.stringify(families));
    await pulumi("config", "set", "drsCreatePrefix", prefix);
    await pulumi("config", "set", "--secret", "drsDbPassword", dbPassword);
    await pulumi("config", "set", "pollInterval", "250ms");
    await pulumi("config", "set", "deleteTimeout", "60s");
    await pulumi("config", "set", "createTimeout", "60s");
  }

  /** Every acting (non-read) call naming the job, in order, as `kind`. */
  const actingKinds = (calls: readonly EmulatorCall[], jobId: string) =>
    calls
      .filter((c) => namesJob(c, jobId))
      .map((c) => callKind(c, jobId))
      .filter((k) => k !== "read");

  it("creates a v5 and a v3 job, waits until they run, and destroy stops then deletes both", async () => {
    await initStack("drs-create", "e2e", ["v5", "v3"]);
    const up = await pulumi("up", "--yes", "--skip-preview");
    const [v5] = jobsNamed("e2e-orders-v5");
    const [v3] = jobsNamed("e2e-orders-kafka");
    expect(v5?.family).toBe("v5");
    expect(v3?.family).toBe("v3");
    for (const job of [v5, v3]) {
      expect(["FULL_TRANSFER_STARTED", "INCRE_TRANSFER_STARTED", "FULL_TRANSFER_COMPLETE"]).toContain(
        emulator.store.get(job?.id ?? "")?.status,
      );
    }
    expect(emulator.store.all().filter((j) => j.name.startsWith("e2e-"))).toHaveLength(2);
    const exported = await pulumi("stack", "export");
    const state = drsIn(exported);
    expect(state.map((r) => r.id).sort()).toEqual([v5?.id, v3?.id].sort());
    expect(state.find((r) => r.id === v5?.id)?.outputs).toMatchObject({ apiVersion: "v5", origin: "spec" });
    expect(state.find((r) => r.id === v3?.id)?.outputs).toMatchObject({ apiVersion: "v3", deleteApi: "v3" });
    // The password is a secret: never in plain text in the state or in the CLI's output.
    expect(exported).not.toContain(dbPassword);
    expect(up).not.toContain(dbPassword);
    expect(JSON.stringify(emulator.calls())).not.toContain(dbPassword);

    const before = emulator.calls().length;
    await pulumi("destroy", "--yes", "--skip-preview");
    const destroyCalls = emulator.calls().slice(before);
    for (const job of [v5, v3]) {
      const stored = emulator.store.get(job?.id ?? "");
      expect(stored?.removed === true || stored?.status === "DELETED").toBe(true);
      const kinds = actingKinds(destroyCalls, job?.id ?? "");
      expect(kinds.indexOf("stop")).toBeGreaterThanOrEqual(0);
      expect(kinds.lastIndexOf("stop")).toBeLessThan(kinds.indexOf("delete"));
    }
    await pulumi("stack", "rm", "drs-create", "--yes");
  });

  it("fails `pulumi up` on a failing precheck with the vendor's reason, keeps the job, resumes it on the next up, and destroy removes it", async () => {
    await initStack("drs-precheck", "pre", ["v5"]);
    emulator.faults.add({
      kind: "precheckFails",
      jobNames: ["pre-orders-v5"],
      items: [{ item: "binlogFormatCheck", reason: "binlog_format of the source is not ROW" }],
      count: 1,
    });
    const up = await runPulumi(["up", "--yes", "--skip-preview"], { cwd: repoRoot, env });
    expect(up.code).not.toBe(0);
    const [job] = jobsNamed("pre-orders-v5");
    expect(up.output).toMatch(/binlogFormatCheck: binlog_format of the source is not ROW/);
    expect(up.output).toContain(job?.id);
    expect(up.output).not.toContain(dbPassword);
    const starts = emulator
      .calls()
      .filter(
        (c) => namesJob(c, job?.id ?? "") && JSON.stringify(c.body ?? null).includes('"action_name":"start"'),
      );
    expect(starts).toEqual([]);
    const state = drsIn(await pulumi("stack", "export"));
    expect(state.map((r) => r.id)).toEqual([job?.id]);

    // The cause fixed (the fault was for one precheck), the next `pulumi up` carries the same job on.
    const again = await pulumi("up", "--yes", "--skip-preview");
    expect(again).toMatch(/carrying its create on/);
    expect(jobsNamed("pre-orders-v5").map((j) => j.id)).toEqual([job?.id]);
    expect(["FULL_TRANSFER_STARTED", "INCRE_TRANSFER_STARTED"]).toContain(
      emulator.store.get(job?.id ?? "")?.status,
    );

    await pulumi("destroy", "--yes", "--skip-preview");
    const stored = emulator.store.get(job?.id ?? "");
    expect(stored?.removed === true || stored?.status === "DELETED").toBe(true);
    expect(drsIn(await pulumi("stack", "export"))).toEqual([]);
    await pulumi("stack", "rm", "drs-precheck", "--yes");
  });

  it("makes exactly one job when the create answer is lost", async () => {
    await initStack("drs-lost", "lost", ["v5", "v3"]);
    emulator.faults.add({
      kind: "lostAnswer",
      match: { method: "POST", path: "^/v5/[^/]+/jobs$" },
      jobNames: ["lost-orders-v5"],
      count: 1,
    });
    emulator.faults.add({
      kind: "lostAnswer",
      match: { method: "POST", path: "/batch-creation$" },
      jobNames: ["lost-orders-kafka"],
      count: 1,
    });
    // Whatever the first run reports, a second run must not make another job.
    await runPulumi(["up", "--yes", "--skip-preview"], { cwd: repoRoot, env });
    await runPulumi(["up", "--yes", "--skip-preview"], { cwd: repoRoot, env });
    const creates = emulator
      .calls()
      .filter(
        (c) => c.method === "POST" && /\/v5\/[^/]+\/jobs$|\/batch-creation$/.test(c.path.split("?")[0] ?? ""),
      )
      .filter((c) => JSON.stringify(c.body).includes("lost-orders"));
    expect(creates).toHaveLength(2);
    for (const name of ["lost-orders-v5", "lost-orders-kafka"]) expect(jobsNamed(name)).toHaveLength(1);
    const ids = drsIn(await pulumi("stack", "export")).map((r) => r.id);
    expect(ids.sort()).toEqual(
      [jobsNamed("lost-orders-v5")[0]?.id, jobsNamed("lost-orders-kafka")[0]?.id].sort(),
    );
    await pulumi("destroy", "--yes", "--skip-preview");
    for (const name of ["lost-orders-v5", "lost-orders-kafka"])
      expect(jobsNamed(name).filter((j) => j.status !== "DELETED")).toEqual([]);
    await pulumi("stack", "rm", "drs-lost", "--yes");
  });
});
