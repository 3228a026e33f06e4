import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { emulatorEnv, type HuaweiEmulator } from "../../emulator";
import { ensurePulumiCli, pulumiEnv, repoRoot, runPulumiOk } from "../pulumiCli";
import { scaledMs, type BenchOptions } from "./benchOptions";
import type { CliVariant } from "./cliVariants";
import { countRequests, readsPerRound } from "./countRequests";
import { installedProject } from "./installedProject";
import { measureStateSize } from "./measureStateSize";
import type { MixedJobs } from "./seedMixedJobs";
import type { StrategyResult } from "./StrategyResult";
import { teardownMilestones } from "./teardownMilestones";
import { teardownProblems } from "./verifyTeardown";
import { watchPeakMemory } from "./watchPeakMemory";

/**
 * Runs the real CLI path for one stack size: a fresh stack of the repository's demo program, in a
 * project where the package is installed under node_modules as a user's is (installedProject),
 * adopting `jobs` (`pulumi up`, not measured; the state's size is measured after it), then `pulumi destroy --yes --skip-preview
 * --parallel N` with the variant's environment, measured: wall time from spawning the CLI to its exit, the emulator requests
 * logged meanwhile, and the peak memory of the dynamic-provider process and of the CLI. The
 * destroy's output is kept in `.tmp/bench/` for anyone looking into a result.
 */
export async function runCliStrategy(
  emulator: HuaweiEmulator,
  jobs: MixedJobs,
  options: BenchOptions,
  variant: CliVariant,
  progress: (line: string) => void,
): Promise<StrategyResult> {
  const n = jobs.drsV5.length + jobs.drsV3.length + jobs.dli.length;
  const stack = `bench-${n}-${variant.id}`;
  const stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-bench-"));
  const env = pulumiEnv(stateDir, emulatorEnv(emulator.url, "aksk"));
  const project = installedProject(repoRoot, path.join(repoRoot, ".tmp", "bench-project"));
  const pulumi = (...args: string[]) => runPulumiOk(args, { cwd: project, env });
  try {
    await pulumi("stack", "init", stack);
    await pulumi("config", "set", "drsV5JobIds", JSON.stringify(jobs.drsV5.map((j) => j.id)));
    await pulumi("config", "set", "drsV3JobIds", JSON.stringify(jobs.drsV3.map((j) => j.id)));
    await pulumi("config", "set", "dliJobIds", JSON.stringify(jobs.dli.map((j) => j.id)));
    // The provider's defaults (pollInterval 10s, deleteTimeout 30m) on the emulator's clock.
    await pulumi("config", "set", "pollInterval", `${scaledMs(options, options.providerPollS)}ms`);
    await pulumi("config", "set", "deleteTimeout", `${scaledMs(options, 30 * 60)}ms`);
    const upStarted = performance.now();
    await pulumi("up", "--yes", "--skip-preview", "--parallel", String(n));
    const state = measureStateSize(stateDir, stack);
    progress(
      `cli: pulumi up adopted ${n} jobs in ${((performance.now() - upStarted) / 1000).toFixed(1)} s (not measured); ` +
        (state === undefined
          ? "state file NOT FOUND"
          : `state ${state.fileBytes} bytes, ${state.bytesPerJobResource} bytes per job resource ` +
            `(${state.providerBytesPerJobResource} of them the stored provider)`),
    );

    const logFrom = emulator.calls().length;
    const startAt = emulator.store.now();
    const started = performance.now();
    const args = ["destroy", "--yes", "--skip-preview", "--parallel", String(n), "--non-interactive"];
    const cli = spawn(path.join(ensurePulumiCli(), "pulumi"), args, {
      cwd: project,
      env: { ...env, ...variant.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (cli.pid === undefined) throw new Error("pulumi destroy could not be started");
    const memory = watchPeakMemory(cli.pid);
    let output = "";
    cli.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    cli.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const code = await new Promise<number>((resolve, reject) => {
      cli.on("error", reject);
      cli.on("close", (exit) => resolve(exit ?? -1));
    });
    const wallMs = performance.now() - started;
    const peak = memory.stop();
    const logDir = path.join(repoRoot, ".tmp", "bench");
    mkdirSync(logDir, { recursive: true });
    const logName = `destroy-${n}-${variant.id}.log`;
    writeFileSync(path.join(logDir, logName), output);
    progress(
      `${variant.id}: pulumi destroy --parallel ${n} exited ${code} after ${(wallMs / 1000).toFixed(1)} s` +
        (peak.providerKiB === undefined
          ? "; the dynamic-provider process was not found"
          : `; provider peak ${(peak.providerKiB / 1024).toFixed(0)} MiB`),
    );

    const calls = emulator.calls().slice(logFrom);
    // The measured requests, for anyone looking into a result (method, path, time, jobs named).
    writeFileSync(
      path.join(logDir, `calls-${n}-${variant.id}.json`),
      JSON.stringify(
        calls.map((c) => ({
          at: c.at,
          method: c.method,
          path: c.path,
          jobs: Object.keys(c.jobStatusBefore),
        })),
      ),
    );
    const problems = teardownProblems(emulator, jobs, calls);
    if (code !== 0) problems.unshift(`pulumi destroy exited with ${code} (output in .tmp/bench/${logName})`);
    else if (!new RegExp(`- ${n + 1} deleted`).test(output))
      problems.unshift(`pulumi destroy did not report ${n + 1} deleted resources`);
    if (code === 0) await pulumi("stack", "rm", stack, "--yes");
    return {
      strategy: variant.id,
      jobs: n,
      wallMs,
      requests: countRequests(calls),
      readsPerRound: readsPerRound(calls, scaledMs(options, options.providerPollS)),
      state,
      milestones: teardownMilestones(emulator, jobs, calls, startAt),
      peakMemoryKiB: peak.providerKiB,
      memoryOf:
        peak.providerKiB === undefined
          ? "dynamic-provider process NOT FOUND"
          : `dynamic-provider node process (${peak.providerProcesses} seen)`,
      cliPeakMemoryKiB: peak.cliKiB,
      parallelism: n,
      problems,
    };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
    // The stack's settings file (ignored by git) stays behind when `stack rm` did not run.
    rmSync(path.join(project, `Pulumi.${stack}.yaml`), { force: true });
  }
}
