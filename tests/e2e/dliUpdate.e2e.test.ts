/**
 * End to end with the real Pulumi CLI against the emulator: a Flink SQL job created with
 * `run: true` is running when `pulumi up` ends; a changed SQL body previews as an update and
 * updates the same job in place (the emulator's records show stop with savepoint, PUT, run
 * resuming from that savepoint); a failing submission fails `pulumi up` with DLI's reason and
 * leaves the job in the stack, the next `up` runs it, and `pulumi destroy` tears it down.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { defaultEmulatorCredentials, emulatorEnv, HuaweiEmulator, type EmulatorCall } from "../../emulator";
import { callKind } from "../../scripts/describeJobTeardown";
import { forgetStackConfig, pulumiEnv, repoRoot, runPulumi, runPulumiOk } from "../../scripts/pulumiCli";
import { namesJob } from "./expectSafeTeardown";
import { quickDrsLifecycle } from "../helpers/quickDrsLifecycle";

jest.setTimeout(5 * 60_000);

const { projectId } = defaultEmulatorCredentials;
const jobName = "demo-clickstream";

type StateResource = { type: string; urn: string; outputs?: Record<string, unknown> };
const flinkIn = (exported: string): StateResource | undefined =>
  (JSON.parse(exported) as { deployment: { resources: StateResource[] } }).deployment.resources.find((r) =>
    r.urn.endsWith("::flink-new-sql"),
  );

describe("DliFlinkJob runs and updates in place, with the real Pulumi CLI", () => {
  // A submission takes long enough that a provider that did not wait would store job_submitting.
  const emulator = new HuaweiEmulator({
    dli: { submitMs: 1_500, stopMs: 500, savepointMs: 300 },
    ...quickDrsLifecycle,
  });
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = (...args: string[]) => runPulumiOk(args, { cwd: repoRoot, env });
  const jobsNamed = () => emulator.dli.store.all().filter((j) => j.name === jobName && !j.removed);
  /** The job's state-changing calls since `from`, as `METHOD path-end {flags}`. */
  const actionsOn = (id: string, from: number): string[] =>
    emulator
      .calls()
      .slice(from)
      .filter(
        (c: EmulatorCall) => c.service === "dli" && c.method !== "GET" && c.path.includes("/streaming/"),
      )
      .filter((c) => c.path.endsWith(id) || JSON.stringify(c.body).includes(id))
      .map((c) => {
        const end = c.path.replace(`/v1.0/${projectId}/streaming/`, "");
        const body = (c.body ?? {}) as Record<string, unknown>;
        const flag =
          body["trigger_savepoint"] !== undefined
            ? ` trigger_savepoint=${JSON.stringify(body["trigger_savepoint"])}`
            : body["resume_savepoint"] !== undefined
              ? ` resume_savepoint=${JSON.stringify(body["resume_savepoint"])}`
              : "";
        return `${c.method} ${end.replace(id, "{id}")}${flag}`;
      });

  beforeAll(async () => {
    const url = await emulator.start();
    stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-e2e-dli-update-"));
    env = pulumiEnv(stateDir, emulatorEnv(url, "aksk"));
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });
  beforeEach(() => emulator.reset());

  it("waits until the job runs, updates its SQL in place on the same job, and destroys it", async () => {
    forgetStackConfig("dli-update");
    await pulumi("stack", "init", "dli-update");
    await pulumi("config", "set", "createSqlJob", "true");
    await pulumi("config", "set", "pollInterval", "250ms");

    const up = await pulumi("up", "--yes", "--skip-preview");
    const [job] = jobsNamed();
    expect(jobsNamed()).toHaveLength(1);
    if (job === undefined) throw new Error("no job was created");
    expect(job.status).toBe("job_running");
    expect(flinkIn(await pulumi("stack", "export"))?.outputs?.["status"]).toBe("job_running");
    expect(up).toMatch(/waiting until the job runs/);

    // Changing the SQL previews as an update of the resource, never a replace.
    await pulumi("config", "set", "createSqlJobSql", "INSERT INTO sink SELECT user_id FROM clicks");
    const preview = await pulumi("preview");
    expect(preview).toMatch(/1 to update/);
    expect(preview).not.toMatch(/to replace|STOPPED AND DELETED/);
    expect(preview).toMatch(/updated in place/);

    const from = emulator.calls().length;
    const update = await pulumi("up", "--yes", "--skip-preview");
    expect(actionsOn(job.id, from)).toEqual([
      "POST jobs/stop trigger_savepoint=true",
      "PUT sql-jobs/{id}",
      "POST jobs/run resume_savepoint=true",
    ]);
    expect(jobsNamed().map((j) => j.id)).toEqual([job.id]);
    expect(job.status).toBe("job_running");
    expect(job.sqlBody).toBe("INSERT INTO sink SELECT user_id FROM clicks");
    expect(job.updates).toHaveLength(1);
    expect(job.runs.at(-1)?.resumedFrom).toMatch(/savepoint/);
    expect(job.runs.at(-1)?.resumedFrom).toBe(job.savepointPath);
    expect(update).toMatch(/stop with savepoint → wait until stopped → update the SQL job in place/);
    // The SQL is a secret input: it appears in no progress line.
    expect(update).not.toContain("SELECT user_id FROM clicks");
    const stored = flinkIn(await pulumi("stack", "export"));
    expect(stored?.outputs).toMatchObject({
      jobId: job.id,
      status: "job_running",
      run: true,
      hasSavepoint: true,
    });

    // Nothing left to change.
    expect(await pulumi("preview")).not.toMatch(/to update/);

    await pulumi("destroy", "--yes", "--skip-preview");
    expect(job.removed).toBe(true);
    await pulumi("stack", "rm", "dli-update", "--yes");
  });

  it("fails `pulumi up` with DLI's reason when the submission fails, keeps the job, runs it on the next up", async () => {
    forgetStackConfig("dli-submit-fail");
    await pulumi("stack", "init", "dli-submit-fail");
    await pulumi("config", "set", "createSqlJob", "true");
    await pulumi("config", "set", "pollInterval", "250ms");
    emulator.faults.add({
      kind: "submitFail",
      match: { service: "dli", path: "/streaming/jobs/run$" },
      reason: "The queue demo-queue has too few CUs left for this job",
      count: 1,
    });
    const failed = await runPulumi(["up", "--yes", "--skip-preview"], { cwd: repoRoot, env });
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain("The queue demo-queue has too few CUs left for this job");
    const [job] = jobsNamed();
    if (job === undefined) throw new Error("no job was created");
    expect(job.status).toBe("job_submit_fail");
    const kept = flinkIn(await pulumi("stack", "export"));
    expect(kept?.outputs).toMatchObject({ jobId: job.id, run: false, status: "job_submit_fail" });

    // The fault is used up: the next `up` runs the same job and waits until it runs.
    await pulumi("up", "--yes", "--skip-preview");
    expect(jobsNamed().map((j) => j.id)).toEqual([job.id]);
    expect(job.status).toBe("job_running");
    expect(job.runs).toHaveLength(2);

    await pulumi("destroy", "--yes", "--skip-preview");
    expect(job.removed).toBe(true);
    await pulumi("stack", "rm", "dli-submit-fail", "--yes");
  });

  it("one stack builds v5 and v3 DRS jobs and a Flink SQL job, changes the SQL in place leaving DRS alone, and destroys all", async () => {
    forgetStackConfig("dli-update-all");
    await pulumi("stack", "init", "dli-update-all");
    await pulumi("config", "set", "createSqlJob", "true");
    await pulumi("config", "set", "createDrsJobs", JSON.stringify(["v5", "v3"]));
    await pulumi("config", "set", "drsCreatePrefix", "all");
    await pulumi("config", "set", "--secret", "drsDbPassword", "E2e-All-Pa55word-1187");
    await pulumi("config", "set", "pollInterval", "250ms");
    await pulumi("config", "set", "deleteTimeout", "60s");
    await pulumi("config", "set", "createTimeout", "60s");
    await pulumi("up", "--yes", "--skip-preview");
    const drs = emulator.store.all().filter((j) => j.name.startsWith("all-") && !j.removed);
    expect(drs.map((j) => j.family).sort()).toEqual(["v3", "v5"]);
    const transferring = ["FULL_TRANSFER_STARTED", "INCRE_TRANSFER_STARTED", "FULL_TRANSFER_COMPLETE"];
    for (const j of drs) expect(transferring).toContain(emulator.store.get(j.id)?.status);
    const [flink] = jobsNamed();
    if (flink === undefined) throw new Error("no Flink job was created");
    expect(flink.status).toBe("job_running");

    await pulumi("config", "set", "createSqlJobSql", "INSERT INTO sink SELECT 1");
    const from = emulator.calls().length;
    await pulumi("up", "--yes", "--skip-preview");
    expect(actionsOn(flink.id, from)).toEqual([
      "POST jobs/stop trigger_savepoint=true",
      "PUT sql-jobs/{id}",
      "POST jobs/run resume_savepoint=true",
    ]);
    expect(flink.status).toBe("job_running");
    expect(jobsNamed().map((j) => j.id)).toEqual([flink.id]);
    // The DRS jobs saw nothing but reads.
    const later = emulator.calls().slice(from);
    for (const j of drs) {
      expect(
        later
          .filter((c) => namesJob(c, j.id))
          .map((c) => callKind(c, j.id))
          .filter((k) => k !== "read"),
      ).toEqual([]);
    }
    for (const j of drs) expect(transferring).toContain(emulator.store.get(j.id)?.status);

    await pulumi("destroy", "--yes", "--skip-preview");
    expect(flink.removed).toBe(true);
    for (const j of drs) {
      const stored = emulator.store.get(j.id);
      expect(stored?.removed === true || stored?.status === "DELETED").toBe(true);
    }
    await pulumi("stack", "rm", "dli-update-all", "--yes");
  });
});
