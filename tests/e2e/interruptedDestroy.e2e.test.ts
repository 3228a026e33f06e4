/**
 * End to end with the real Pulumi CLI: a `pulumi destroy` whose CLI dies while jobs are stopping
 * must not leave its provider process stopping and deleting jobs with nobody watching. From the
 * emulator's call log: after the kill, no stop or delete arrives, polling ends within about a
 * second, and the orphaned provider process ends; then the next `pulumi destroy` converges.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { defaultEmulatorCredentials, emulatorEnv, HuaweiEmulator } from "../../emulator";
import { callKind } from "../../scripts/describeJobTeardown";
import {
  ensurePulumiCli,
  forgetStackConfig,
  pulumiEnv,
  repoRoot,
  runPulumiOk,
} from "../../scripts/pulumiCli";
import { providerHostsOf } from "../helpers/providerHostsOf";

jest.setTimeout(4 * 60_000);

const { projectId } = defaultEmulatorCredentials;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How the CLI is made to die: a plain SIGKILL, or a Ctrl-C pressed twice (cancel, then terminate). */
type Kill = "SIGKILL" | "SIGINT twice";

describe("a pulumi destroy whose CLI dies while jobs are stopping", () => {
  // Stops take 3 s: after the kill, today's orphaned provider would have stopped the rest, forced
  // the hanging one (gracefulStopTimeout 2s) and deleted them all within the 6 s watched.
  const emulator = new HuaweiEmulator({
    stopMs: 3_000,
    deletedLingerMs: 300,
    dli: { stopMs: 3_000, savepointMs: 300 },
  });
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = (...args: string[]) => runPulumiOk(args, { cwd: repoRoot, env });

  beforeAll(async () => {
    const url = await emulator.start();
    stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-interrupted-"));
    env = pulumiEnv(stateDir, emulatorEnv(url, "password", { withProjectId: false }));
  });
  afterEach(() => {
    // Processes a killed CLI left behind, such as its language host (this test's only, found by
    // their state dir).
    for (const pid of providerHostsOf(stateDir, true)) process.kill(pid, "SIGKILL");
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
    for (const stack of ["cli-killed", "cli-interrupted"]) forgetStackConfig(stack);
  });

  it.each<Kill>(["SIGKILL", "SIGINT twice"])(
    "sends no stop or delete after the CLI is gone (%s), and the next destroy converges",
    async (kill) => {
      const stack = kill === "SIGKILL" ? "cli-killed" : "cli-interrupted";
      const drs = [0, 1].map((i) =>
        emulator.seed({
          projectId,
          name: `${stack}-${i}`,
          status: "INCRE_TRANSFER_STARTED",
          engineType: "mysql",
        }),
      );
      const hanging = emulator.seed({
        projectId,
        name: `${stack}-hangs`,
        status: "INCRE_TRANSFER_STARTED",
        family: "v3",
        gracefulStop: "hangs",
      });
      const dli = emulator.dli.seed({ projectId, name: `${stack}-flink`, status: "job_running" });
      const ids = [...drs.map((j) => j.id), hanging.id, dli.id];
      forgetStackConfig(stack);
      await pulumi("stack", "init", stack);
      await pulumi("config", "set", "drsV5JobIds", JSON.stringify(drs.map((j) => j.id)));
      await pulumi("config", "set", "drsV3JobIds", JSON.stringify([hanging.id]));
      await pulumi("config", "set", "dliJobIds", JSON.stringify([dli.id]));
      await pulumi("config", "set", "pollInterval", "250ms");
      await pulumi("config", "set", "gracefulStopTimeout", "2s");
      await pulumi("up", "--yes", "--skip-preview");

      const teardownCalls = (fromSeq: number) =>
        emulator
          .calls()
          .filter((c) => c.seq > fromSeq)
          .flatMap((c) =>
            ids
              .filter((id) => Object.hasOwn(c.jobStatusBefore, id))
              .map((id) => ({ call: c, kind: callKind(c, id) })),
          )
          .filter(({ kind }) => kind === "stop" || kind === "forced stop" || kind === "delete");
      const startSeq = emulator.calls().at(-1)?.seq ?? 0;
      const cli = spawn(
        path.join(ensurePulumiCli(), "pulumi"),
        ["destroy", "--yes", "--skip-preview", "--non-interactive"],
        { cwd: repoRoot, env, stdio: "ignore" },
      );
      const exited = new Promise((resolve) => cli.once("exit", resolve));
      const deadline = Date.now() + 60_000;
      // The CLI dies while every job is stopping: each job's first stop has arrived, and its next
      // step (a forced stop after 2 s, a delete once its 3 s stop ends) is still to come. Whatever
      // arrives after the kill is then a new stop or delete, never one already on its way.
      const stopped = () =>
        new Set(
          teardownCalls(startSeq)
            .map(({ call }) => Object.keys(call.jobStatusBefore))
            .flat(),
        );
      while (!ids.every((id) => stopped().has(id))) {
        if (Date.now() > deadline) throw new Error("the destroy never sent a stop to every job");
        await sleep(20);
      }
      if (kill === "SIGKILL") cli.kill("SIGKILL");
      else {
        cli.kill("SIGINT");
        await sleep(200);
        cli.kill("SIGINT");
      }
      const killSeq = emulator.calls().at(-1)?.seq ?? 0;
      await exited;

      // Several poll intervals, and longer than a stop takes: an orphaned provider would be
      // forcing, polling and deleting by now.
      await sleep(1_500);
      const settledSeq = emulator.calls().at(-1)?.seq ?? 0;
      await sleep(4_500);
      const afterKill = teardownCalls(killSeq).map(({ call, kind }) => `${kind} ${call.method} ${call.path}`);
      expect(afterKill).toEqual([]);
      // Polling ended too: no request at all once the liveness answer (reused up to 1 s) expired.
      const late = emulator
        .calls()
        .filter((c) => c.seq > settledSeq)
        .map((c) => `${c.method} ${c.path}`);
      expect(late).toEqual([]);
      // And the provider process the CLI left behind ended: nobody can reach it any more. (Linux
      // only: the processes are found through /proc.)
      if (process.platform === "linux") expect(providerHostsOf(stateDir)).toEqual([]);

      // The killed CLI left its lock and pending operations; the next destroy resumes.
      await pulumi("cancel", "--yes");
      const destroy = await pulumi("destroy", "--yes", "--skip-preview");
      expect(destroy).toMatch(/- 5 deleted/);
      // The liveness probes (bare connects to the CLI's engine address) leave no trace in the output.
      expect(destroy).not.toMatch(/transport|preface|grpc/i);
      for (const job of [...drs, hanging]) expect(job.removed || job.status === "DELETED").toBe(true);
      expect(emulator.dli.store.all().find((j) => j.id === dli.id)?.removed).toBe(true);
      await pulumi("stack", "rm", stack, "--yes");
    },
  );
});
