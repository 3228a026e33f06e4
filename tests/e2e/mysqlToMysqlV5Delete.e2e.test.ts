/**
 * End to end with the real Pulumi CLI: a v5 MySQL->MySQL job is torn down through the v5
 * delete-many call whichever way its engine pair is spelled: `mysql-to-mysql` (the vendor SDK's
 * v5 JobBaseInfo) or `mysql` (v3 and older pages). Judged from the emulator's call log: each job
 * is deleted by `DELETE /v5/{project_id}/jobs` after its stop, never through v3 or delete-one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { defaultEmulatorCredentials, emulatorEnv, HuaweiEmulator } from "../../emulator";
import { forgetStackConfig, pulumiEnv, repoRoot, runPulumiOk } from "../../scripts/pulumiCli";

jest.setTimeout(3 * 60_000);

const { projectId } = defaultEmulatorCredentials;

describe("v5 MySQL->MySQL jobs, spelled either way, with the real Pulumi CLI", () => {
  const emulator = new HuaweiEmulator({ stopMs: 500, deletedLingerMs: 300 });
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = (...args: string[]) => runPulumiOk(args, { cwd: repoRoot, env });

  beforeAll(async () => {
    const url = await emulator.start();
    stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-e2e-mysql-"));
    env = pulumiEnv(stateDir, emulatorEnv(url, "aksk"));
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
    forgetStackConfig("mysql-to-mysql");
  });

  it("stops each job, then deletes it through v5 delete-many", async () => {
    const jobs = ["mysql-to-mysql", "mysql"].map((engineType) =>
      emulator.seed({ projectId, name: `sync-${engineType}`, status: "INCRE_TRANSFER_STARTED", engineType }),
    );
    forgetStackConfig("mysql-to-mysql");
    await pulumi("stack", "init", "mysql-to-mysql");
    await pulumi("config", "set", "drsV5JobIds", JSON.stringify(jobs.map((j) => j.id)));
    await pulumi("config", "set", "pollInterval", "250ms");
    await pulumi("up", "--yes", "--skip-preview");
    await pulumi("destroy", "--yes", "--skip-preview");

    const calls = emulator.calls().filter((c) => c.service === "drs");
    const pathOf = (p: string) => new URL(p, "http://e").pathname;
    for (const job of jobs) {
      expect(emulator.store.get(job.id)?.status ?? "(forgotten)").toMatch(/DELETED|\(forgotten\)/);
      const names = (body: unknown): string[] => JSON.stringify(body ?? null).match(/[0-9a-f-]{36}/g) ?? [];
      const touching = calls.filter((c) => names(c.body).includes(job.id) || c.path.includes(job.id));
      const stop = touching.findIndex((c) => pathOf(c.path) === `/v5/${projectId}/jobs/batch-stop`);
      const deletes = touching.filter((c) => c.method === "DELETE");
      expect(stop).toBeGreaterThanOrEqual(0);
      expect(deletes.map((c) => `${c.method} ${pathOf(c.path)} ${c.status}`)).toEqual([
        `DELETE /v5/${projectId}/jobs 200`,
      ]);
      // Both jobs may share one delete-many call: find this job's entry.
      const entries = (deletes[0]?.answer as { jobs?: { id: string; status: string }[] } | undefined)?.jobs;
      expect(entries?.find((e) => e.id === job.id)).toMatchObject({ status: "Success" });
      expect(touching.indexOf(deletes[0]!)).toBeGreaterThan(stop);
    }
  });
});
