import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { spawn } from "node:child_process";
import type { HuaweiEmulator } from "../../../emulator";
import { callKind } from "../../../scripts/describeJobTeardown";
import { repoRoot, runPulumi, runPulumiOk, type PulumiRun } from "../../../scripts/pulumiCli";
import { checkInvariants } from "./checkInvariants";
import { intendedDeletions } from "./intendedDeletions";
import type { ModelPhase } from "./ModelStep";
import { readStackJobs, type StackJob } from "./readStackJobs";

/** Everything a run of the model needs: both emulators, the CLI's environment, the stack's state. */
export interface ModelRunContext {
  /** The emulator holding the jobs. */
  readonly home: HuaweiEmulator;
  /** A second emulator without jobs, for runs whose environment points elsewhere. */
  readonly other: HuaweiEmulator;
  /** The CLI's environment aimed at `home` (see `pulumiEnv` and `emulatorEnv`). */
  readonly env: NodeJS.ProcessEnv;
  /** The Pulumi project folder of the model's program. */
  readonly programDir: string;
  /** The stack's jobs after the last run. */
  state: readonly StackJob[];
  /** The program last written to the stack config. */
  configured: string | undefined;
}

/** What one phase did and which invariants it broke. */
export interface PhaseOutcome {
  /** The CLI's exit code (of the run that was killed: -1). */
  readonly code: number;
  /** The CLI's output. */
  readonly output: string;
  /** One line per violation; empty when the run kept every promise. */
  readonly violations: readonly string[];
  /** What the model knew: the stack's jobs before the run and the jobs it meant to delete. */
  readonly context: string;
}

/**
 * The compiled program's folder with its Pulumi.yaml next to it (tsc does not copy YAML). Inside
 * the repository, so that the program and the provider host find the package in its node_modules.
 */
export function prepareModelProgram(): string {
  const dir = path.join(repoRoot, "dist", "tests", "e2e", "model", "program");
  mkdirSync(dir, { recursive: true });
  copyFileSync(
    path.join(repoRoot, "tests", "e2e", "model", "program", "Pulumi.yaml"),
    path.join(dir, "Pulumi.yaml"),
  );
  // A stack config left by an earlier run (its own encryption salt, its own program) must not leak in.
  for (const file of readdirSync(dir)) if (/^Pulumi\..+\.yaml$/.test(file)) rmSync(path.join(dir, file));
  return dir;
}

function envFor(ctx: ModelRunContext, phase: ModelPhase): NodeJS.ProcessEnv {
  switch (phase.place) {
    case "home":
      return ctx.env;
    case "otherEndpoints":
      return { ...ctx.env, HW_DRS_ENDPOINT: ctx.other.url, HW_DLI_ENDPOINT: ctx.other.url };
    case "otherRegion":
      return { ...ctx.env, HW_REGION_NAME: "eu-west-101" };
  }
}

/** The stack's jobs now. */
export async function exportStackJobs(ctx: ModelRunContext): Promise<StackJob[]> {
  return readStackJobs(await runPulumiOk(["stack", "export"], { cwd: ctx.programDir, env: ctx.env }));
}

/** Runs `pulumi destroy`, killing the CLI once the home emulator logs its first stop call. */
async function interruptedDestroy(
  ctx: ModelRunContext,
  env: NodeJS.ProcessEnv,
  fromSeq: number,
): Promise<PulumiRun> {
  const child = spawn("pulumi", ["destroy", "--yes", "--skip-preview", "--non-interactive"], {
    cwd: ctx.programDir,
    env,
    stdio: "ignore",
  });
  let exited: number | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      exited = code ?? -1;
      resolve();
    }),
  );
  const isStop = (seq: number) => {
    const call = ctx.home.calls().find((c) => c.seq === seq);
    return (
      call !== undefined &&
      Object.keys(call.jobStatusBefore).some((id) => ["stop", "forced stop"].includes(callKind(call, id)))
    );
  };
  let seen = fromSeq;
  while (exited === undefined) {
    const last = ctx.home.calls().length;
    let stopped = false;
    for (; seen < last && !stopped; seen += 1) stopped = isStop(seen + 1);
    if (stopped) {
      child.kill("SIGKILL");
      await exit;
      // The killed CLI left its lock; `pulumi cancel` removes it, as the CLI's own message says.
      await runPulumiOk(["cancel", "--yes"], { cwd: ctx.programDir, env: ctx.env });
      return { code: -1, output: "(killed at its first stop call)" };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { code: exited, output: "(not killed: it sent no stop)" };
}

/**
 * Carries out one phase: writes the program to the stack config, adds its faults, runs the CLI
 * in the phase's environment (killing it when asked), exports the state, and checks the
 * invariants, the run's exit code when it must succeed, and an empty stack when it must end so.
 */
export async function runModelPhase(ctx: ModelRunContext, phase: ModelPhase): Promise<PhaseOutcome> {
  const config = JSON.stringify(phase.program);
  if (config !== ctx.configured) {
    await runPulumiOk(["config", "set", "resources", config], { cwd: ctx.programDir, env: ctx.env });
    ctx.configured = config;
  }
  const before = ctx.state;
  const intended = intendedDeletions(phase.command, phase.program, before);
  const fromSeq = { home: ctx.home.calls().length, other: ctx.other.calls().length };
  phase.faults.forEach((rule) => ctx.home.faults.add(rule));
  const env = envFor(ctx, phase);
  let run: PulumiRun;
  try {
    run = phase.interrupt
      ? await interruptedDestroy(ctx, env, fromSeq.home)
      : await runPulumi([phase.command, "--yes", "--skip-preview"], { cwd: ctx.programDir, env });
  } finally {
    ctx.home.faults.clear();
  }
  const after = await exportStackJobs(ctx);
  ctx.state = after;
  const violations = checkInvariants({ home: ctx.home, other: ctx.other, fromSeq, intended, before, after });
  if (phase.mustSucceed && run.code !== 0)
    violations.push(`the ${phase.command} failed (exit code ${run.code}) where it must succeed`);
  // Guards the checks against reading the state wrong: a successful `up` at home holds exactly the program.
  const names = (list: readonly { name: string }[]) =>
    list
      .map((r) => r.name)
      .sort()
      .join(",");
  const current = after.filter((j) => !j.pendingDelete);
  if (
    phase.command === "up" &&
    phase.place === "home" &&
    run.code === 0 &&
    names(current) !== names(phase.program)
  ) {
    violations.push(
      `after a successful up the stack holds [${names(current)}], the program declares [${names(phase.program)}]`,
    );
  }
  if (phase.mustEndEmpty && after.length > 0) {
    violations.push(
      `the stack still holds ${after.map((j) => `${j.name} (${j.jobId})`).join(", ")} after a destroy that must converge`,
    );
  }
  const held = (jobs: readonly StackJob[]) =>
    jobs.map((j) => `${j.name}=${j.jobId}${j.jobName === undefined ? "" : ` (${j.jobName})`}`).join(", ") ||
    "none";
  const context = [
    `stack before: ${held(before)}`,
    `meant to delete: ${[...intended].join(", ") || "none"}`,
    `stack after: ${held(after)}`,
  ].join("\n");
  return { code: run.code, output: run.output, violations, context };
}
