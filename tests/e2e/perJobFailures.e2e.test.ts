/**
 * Failures are per job (issue 10, case 4), with the real Pulumi CLI against the pessimistic
 * emulator, which refuses a batch call whole (HTTP 400) for one bad entry: a DRS job that may not
 * be stopped (a dual-active parent) shares its batch-stop with other jobs of the stack, and only
 * its own teardown may fail. Judged from the emulator's call log and job store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { defaultEmulatorCredentials, emulatorEnv, HuaweiEmulator, type EmulatorCall } from "../../emulator";
import { teardownCallsFor } from "../../scripts/describeJobTeardown";
import { forgetStackConfig, pulumiEnv, repoRoot, runPulumi, runPulumiOk } from "../../scripts/pulumiCli";

jest.setTimeout(10 * 60_000);

const { projectId } = defaultEmulatorCredentials;
const stack = "per-job-failures";

describe("one job's refusal in a shared batch call, with the real Pulumi CLI", () => {
  const emulator = new HuaweiEmulator({ stopMs: 500, deletedLingerMs: 200, pessimistic: true });
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = (...args: string[]) => runPulumiOk(args, { cwd: repoRoot, env });

  beforeAll(async () => {
    const url = await emulator.start();
    stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-e2e-perjob-"));
    env = pulumiEnv(stateDir, emulatorEnv(url, "aksk"));
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
    forgetStackConfig(stack);
  });

  it("tears down every other job of the batch and fails only the job DRS refuses, for its own reason", async () => {
    const parentV5 = emulator.seed({ projectId, name: "parent-v5", dualActiveParent: true });
    const parentV3 = emulator.seed({ projectId, name: "parent-v3", family: "v3", dualActiveParent: true });
    const othersV5 = [1, 2].map((i) => emulator.seed({ projectId, name: `other-v5-${i}` }));
    const othersV3 = [1, 2].map((i) => emulator.seed({ projectId, name: `other-v3-${i}`, family: "v3" }));
    const ids = (jobs: readonly { id: string }[]) => JSON.stringify(jobs.map((j) => j.id));
    forgetStackConfig(stack);
    await pulumi("stack", "init", stack);
    await pulumi("config", "set", "drsV5JobIds", ids([parentV5, ...othersV5]));
    await pulumi("config", "set", "drsV3JobIds", ids([parentV3, ...othersV3]));
    await pulumi("config", "set", "pollInterval", "250ms");
    await pulumi("config", "set", "deleteTimeout", "2m");
    await pulumi("up", "--yes", "--skip-preview");
    const since = emulator.calls().length;

    const destroy = await runPulumi(["destroy", "--yes", "--skip-preview"], { cwd: repoRoot, env });
    expect(destroy.code).not.toBe(0);
    const calls = emulator.calls().slice(since);
    const named = (call: EmulatorCall) => Object.keys(call.jobStatusBefore);

    // The parents shared a stop call with the other jobs, and DRS refused that call whole.
    for (const [parent, others] of [
      [parentV5, othersV5],
      [parentV3, othersV3],
    ] as const) {
      const refusedWhole = calls.filter(
        (c) =>
          c.status === 400 && named(c).includes(parent.id) && others.some((o) => named(c).includes(o.id)),
      );
      expect(refusedWhole.length).toBeGreaterThan(0);
    }
    // Every other job was stopped and deleted; the parents fail for their own reason, untouched.
    for (const job of [...othersV5, ...othersV3]) {
      expect(emulator.store.find(projectId, job.id)?.status ?? "gone").toMatch(/^(DELETED|gone)$/);
      expect(teardownCallsFor(job.id, calls).length).toBeGreaterThanOrEqual(2);
    }
    for (const parent of [parentV5, parentV3]) {
      expect(emulator.store.get(parent.id)?.status).toBe("INCRE_TRANSFER_STARTED");
      expect(destroy.output).toContain(parent.id);
    }
    expect(destroy.output).toMatch(/DRS\.10010056/);
    expect(destroy.output).toMatch(/DRS\.M05056/);
    // Only the parents are left in the stack.
    const exported = JSON.parse(await pulumi("stack", "export")) as {
      deployment: { resources?: { type: string; id?: string }[] };
    };
    const left = (exported.deployment.resources ?? [])
      .filter((r) => r.type.includes("DrsJob"))
      .map((r) => r.id)
      .sort();
    expect(left).toEqual([parentV5.id, parentV3.id].sort());
  });
});
