/**
 * End to end with the real Pulumi CLI: `pulumi up` adopts jobs, `pulumi refresh` reads them,
 * `pulumi destroy` tears them down, against the emulator on a local file backend.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { HuaweiEmulator } from "../../emulator";
import { pulumiEnv, repoRoot, runPulumi } from "../../scripts/pulumiCli";

jest.setTimeout(8 * 60_000);

const projectId = "0123456789abcdef0123456789abcdef";
const secretToken = "e2e-token-that-must-never-reach-state-or-output";

type StateResource = { type: string; urn: string; outputs?: Record<string, unknown> };

/** The DrsJob resources of an exported stack, in the order the program declares them. */
function drsJobsIn(exported: string): StateResource[] {
  return (JSON.parse(exported) as { deployment: { resources: StateResource[] } }).deployment.resources
    .filter((r) => r.type.includes("DrsJob"))
    .sort((a, b) => a.urn.localeCompare(b.urn));
}

describe("DrsJob with the real Pulumi CLI", () => {
  const emulator = new HuaweiEmulator({ stopMs: 2_000, deletedLingerMs: 500, auth: "off" });
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = async (...args: string[]) => {
    const run = await runPulumi(args, { cwd: repoRoot, env });
    if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (${run.code}):\n${run.output}`);
    return run.output;
  };

  beforeAll(async () => {
    const url = await emulator.start();
    stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-e2e-"));
    env = pulumiEnv(stateDir, { HW_DRS_ENDPOINT: url, HW_PROJECT_ID: projectId, HW_AUTH_TOKEN: secretToken });
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("adopts running, paused and stopped jobs, then stops and deletes each one safely on destroy", async () => {
    const jobs = [
      emulator.seed({ projectId, name: "running", status: "INCRE_TRANSFER_STARTED" }),
      emulator.seed({ projectId, name: "paused", status: "PAUSING" }),
      emulator.seed({ projectId, name: "stopped", status: "RELEASE_RESOURCE_COMPLETE" }),
    ];
    await pulumi("stack", "init", "e2e");
    await pulumi("config", "set", "jobIds", JSON.stringify(jobs.map((j) => j.id)));
    await pulumi("config", "set", "pollInterval", "250ms");
    const up = await pulumi("up", "--yes", "--skip-preview");
    expect(up).toMatch(/\+ 4 created/);

    // The state holds a tiny trampoline and what delete needs, never the credential.
    const state = await pulumi("stack", "export", "--show-secrets");
    const resources = drsJobsIn(state);
    expect(resources).toHaveLength(3);
    for (const r of resources) {
      const provider = String(r.outputs?.["__provider"]);
      process.stdout.write(`serialized __provider: ${Buffer.byteLength(provider)} bytes\n`);
      expect(Buffer.byteLength(provider)).toBeLessThan(2048);
      expect(r.outputs).toMatchObject({ schemaVersion: 1, apiVersion: "v5", projectId });
    }
    expect(state).not.toContain(secretToken);

    // Refresh reads the live status: the running job is seen running.
    emulator.store.stop(jobs[0]!); // someone stops it outside Pulumi
    await pulumi("refresh", "--yes", "--skip-preview");
    const refreshed = drsJobsIn(await pulumi("stack", "export"));
    expect(refreshed.map((r) => r.outputs?.["status"])).toEqual([
      "RELEASE_RESOURCE_STARTED",
      "PAUSING",
      "RELEASE_RESOURCE_COMPLETE",
    ]);

    const destroy = await pulumi("destroy", "--yes", "--skip-preview");
    expect(destroy).toMatch(/- 4 deleted/);
    expect(destroy).toMatch(new RegExp(`\\[DrsJob sync-job-2 ${jobs[1]!.id}\\] stop accepted`));
    expect(destroy).not.toContain(secretToken);

    emulator.store.all();
    for (const job of jobs) {
      const calls = emulator
        .calls()
        .filter((c) => c.method !== "GET" && Object.hasOwn(c.jobStatusBefore, job.id));
      const stops = calls.filter((c) => c.path.endsWith("/batch-stop"));
      const deletes = calls.filter((c) => c.method === "DELETE");
      // Every delete was sent while the job was stopped, and after any stop.
      expect(deletes.length).toBeGreaterThan(0);
      for (const del of deletes) expect(del.jobStatusBefore[job.id]).toBe("RELEASE_RESOURCE_COMPLETE");
      for (const stop of stops) expect(stop.seq).toBeLessThan(deletes[0]!.seq);
      expect(job.removed || job.status === "DELETED").toBe(true);
    }
    // The paused job needed a stop; the stopped one did not get one; the one stopped outside was not stopped again.
    const stopped = (id: string) =>
      emulator.calls().some((c) => c.path.endsWith("/batch-stop") && Object.hasOwn(c.jobStatusBefore, id));
    expect([stopped(jobs[0]!.id), stopped(jobs[1]!.id), stopped(jobs[2]!.id)]).toEqual([false, true, false]);

    await pulumi("stack", "rm", "e2e", "--yes");
  });
});
