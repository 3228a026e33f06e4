/**
 * Identity is fixed at adoption (issue 10, cases 1 and 2), with the real Pulumi CLI against two
 * emulators on a local file backend:
 * - pinning `region`, `apiVersion` or `endpoint` to the value already in force changes nothing
 *   (no replace, no stop, no delete);
 * - a moved `endpoint` is accepted only where the same job answers, and never tears anything down;
 * - a `refresh` or `destroy` run in a shell whose `HW_*` variables name another place still goes
 *   where the jobs were adopted: the jobs are neither forgotten nor looked for elsewhere.
 * Everything is judged from the emulators' call logs and job stores.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { defaultEmulatorCredentials, emulatorEnv, emulatorModes, HuaweiEmulator } from "../../emulator";
import { teardownCallsFor } from "../../scripts/describeJobTeardown";
import { forgetStackConfig, pulumiEnv, repoRoot, runPulumi, runPulumiOk } from "../../scripts/pulumiCli";

jest.setTimeout(10 * 60_000);

const { projectId, regionName } = defaultEmulatorCredentials;
const fast = { stopMs: 1_000, deletedLingerMs: 300, dli: { submitMs: 300, stopMs: 800, savepointMs: 300 } };

type StateResource = { type: string; urn: string; id?: string };

describe.each(emulatorModes)("a job's identity is fixed at adoption (%s emulator)", (mode) => {
  const pessimistic = mode === "pessimistic";
  const home = new HuaweiEmulator({ ...fast, pessimistic });
  const elsewhere = new HuaweiEmulator({ ...fast, pessimistic });
  let stateDir: string;
  let homeUrl: string;
  let elsewhereUrl: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = (e: NodeJS.ProcessEnv, ...args: string[]) => runPulumiOk(args, { cwd: repoRoot, env: e });

  beforeAll(async () => {
    homeUrl = await home.start();
    elsewhereUrl = await elsewhere.start();
    stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-identity-"));
    env = pulumiEnv(stateDir, emulatorEnv(homeUrl, "aksk"));
  });
  // Stack names of their own: `pulumi config set` writes Pulumi.<stack>.yaml into the project.
  const stacks: string[] = [];
  afterAll(async () => {
    await home.stop();
    await elsewhere.stop();
    rmSync(stateDir, { recursive: true, force: true });
    for (const stack of stacks) forgetStackConfig(stack);
  });

  const jobsInState = async (e: NodeJS.ProcessEnv): Promise<string[]> => {
    const exported = JSON.parse(await pulumi(e, "stack", "export")) as {
      deployment: { resources?: StateResource[] };
    };
    return (exported.deployment.resources ?? [])
      .filter((r) => r.type.includes("DrsJob") || r.type.includes("DliFlinkJob"))
      .map((r) => r.id ?? "")
      .sort();
  };

  /** Seeds a running DRS v5, DRS v3 and DLI job at home and adopts them in a new stack. */
  const adoptThree = async (stack: string) => {
    const v5 = home.seed({ projectId, name: `${stack}-v5`, engineType: "mysql" });
    const v3 = home.seed({ projectId, name: `${stack}-v3`, family: "v3" });
    const dli = home.dli.seed({ projectId, name: `${stack}-flink`, status: "job_running" });
    stacks.push(stack);
    forgetStackConfig(stack);
    await pulumi(env, "stack", "init", stack);
    await set("drsV5JobIds", [v5.id]);
    await set("drsV3JobIds", [v3.id]);
    await set("dliJobIds", [dli.id]);
    await set("pollInterval", "250ms");
    await pulumi(env, "up", "--yes", "--skip-preview");
    return { v5, v3, dli, ids: [v5.id, v3.id, dli.id].sort() };
  };
  const set = (key: string, value: unknown) =>
    pulumi(env, "config", "set", key, typeof value === "string" ? value : JSON.stringify(value));

  it("case 1: pinning settings to the values in force, or moving them where the job does not answer, never stops or deletes the job", async () => {
    const { v5, v3, dli, ids } = await adoptThree(`pins-${mode}-${process.pid}`);

    // Settings pinned to the values already in force are no change at all.
    await set("drsV5Inputs", { region: regionName, apiVersion: "v5", endpoint: `${homeUrl}/` });
    await set("drsV3Inputs", { region: regionName, projectId });
    await set("dliInputs", { region: regionName, endpoint: homeUrl });
    const preview = await pulumi(env, "preview", "--diff");
    expect(preview).not.toMatch(/\d+ to replace|replacing/);
    const up = await pulumi(env, "up", "--yes", "--skip-preview");
    expect(up).not.toMatch(/\d+ to replace|replacing/);
    for (const id of ids) expect(teardownCallsFor(id, home.calls())).toEqual([]);
    // The place in force is an output the program can read.
    const outputs = JSON.parse(await pulumi(env, "stack", "output", "--json")) as Record<
      string,
      { endpoint?: string }[]
    >;
    expect([...(outputs["drs"] ?? []), ...(outputs["dli"] ?? [])].map((o) => o.endpoint)).toEqual([
      homeUrl,
      homeUrl,
      homeUrl,
    ]);

    // An endpoint moved to where the job does not answer is refused, naming the field; nothing
    // is stopped or deleted there or here, and the job stays in the stack.
    await set("drsV5Inputs", { endpoint: elsewhereUrl });
    const moved = await runPulumi(["up", "--yes", "--skip-preview"], { cwd: repoRoot, env });
    expect(moved.code).not.toBe(0);
    expect(moved.output).toMatch(new RegExp(`job ${v5.id} does not answer at the new endpoint`));
    expect(moved.output).not.toMatch(/\d+ to replace|replacing/);
    expect(elsewhere.calls().filter((c) => c.method !== "GET" && c.service !== "iam")).toEqual([]);

    // Back to the endpoint in force: no change, no teardown, all three still running and in state.
    await set("drsV5Inputs", { endpoint: homeUrl });
    await pulumi(env, "up", "--yes", "--skip-preview");
    for (const id of ids) expect(teardownCallsFor(id, home.calls())).toEqual([]);
    expect(home.store.get(v5.id)?.status).toBe("INCRE_TRANSFER_STARTED");
    expect(home.store.get(v3.id)?.status).toBe("INCRE_TRANSFER_STARTED");
    expect(home.dli.store.get(dli.id)?.status).toBe("job_running");
    expect(await jobsInState(env)).toEqual(ids);

    // A move to where the same job answers is taken in place, and later calls go there.
    const twin = elsewhere.seed({ id: v3.id, projectId, name: v3.name, family: "v3" });
    await set("drsV3Inputs", { endpoint: elsewhereUrl });
    const switched = await pulumi(env, "up", "--yes", "--skip-preview");
    expect(switched).toMatch(new RegExp(`now managed at ${elsewhereUrl}`));
    expect(switched).not.toMatch(/\d+ to replace|replacing/);

    // Another jobId replaces, and the preview says plainly that the old job will be torn down.
    const next = home.seed({ projectId, name: "next", engineType: "mysql" });
    await set("drsV5JobIds", [next.id]);
    const replacing = await pulumi(env, "preview");
    expect(replacing).toMatch(new RegExp(`job ${v5.id} will be STOPPED AND DELETED`));
    for (const id of ids) expect(teardownCallsFor(id, home.calls())).toEqual([]);

    await pulumi(env, "destroy", "--yes", "--skip-preview");
    expect(teardownCallsFor(v3.id, elsewhere.calls()).length).toBeGreaterThanOrEqual(2);
    expect(twin.history.map((h) => h.status)).toContain("RELEASE_RESOURCE_COMPLETE");
    expect(teardownCallsFor(v3.id, home.calls())).toEqual([]);
  });

  it("case 2: refresh and destroy in a shell whose HW_* variables name another place go where the jobs were adopted", async () => {
    const { v5, v3, dli, ids } = await adoptThree(`shell-${mode}-${process.pid}`);
    const otherShell = pulumiEnv(stateDir, {
      ...emulatorEnv(elsewhereUrl, "aksk"),
      HW_REGION_NAME: "eu-west-101",
    });
    const before = elsewhere.calls().length;
    await pulumi(otherShell, "refresh", "--yes", "--skip-preview");
    expect(await jobsInState(otherShell)).toEqual(ids);
    await pulumi(otherShell, "destroy", "--yes", "--skip-preview");
    expect(await jobsInState(otherShell)).toEqual([]);
    expect(home.store.find(projectId, v5.id)?.status ?? "gone").toMatch(/^(DELETED|gone)$/);
    expect(home.store.find(projectId, v3.id)?.status ?? "gone").toMatch(/^(DELETED|gone)$/);
    expect(home.dli.store.find(projectId, dli.id)).toBeUndefined();
    for (const id of ids) expect(teardownCallsFor(id, home.calls()).length).toBeGreaterThanOrEqual(2);
    const askedElsewhere = elsewhere.calls().slice(before);
    expect(askedElsewhere.filter((c) => c.service === "drs" || c.service === "dli")).toEqual([]);
  });
});
