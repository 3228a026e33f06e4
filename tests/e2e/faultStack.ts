/*
 * Test helper for the fault suite: one small stack of DRS v5, DRS v3 and DLI jobs on the
 * in-process emulator, with bystander jobs outside the stack, brought up and destroyed with the
 * real Pulumi CLI while the test injects faults.
 */
import { defaultEmulatorCredentials, type EmulatorCall, type HuaweiEmulator } from "../../emulator";
import type { EmulatedDliJob } from "../../emulator/DliJobStore";
import type { EmulatedDrsJob } from "../../emulator/DrsJobStore";
import { repoRoot, runPulumiOk } from "../../scripts/pulumiCli";

const { projectId } = defaultEmulatorCredentials;

/** Jobs of one fault scenario: those the stack adopts and those it must never touch. */
export interface FaultStackJobs {
  /** DRS v5 jobs: two deleted through delete-many (MySQL), one through delete-one (MySQL→Kafka). */
  readonly drsV5: readonly EmulatedDrsJob[];
  readonly drsV3: readonly EmulatedDrsJob[];
  /** DLI Flink jobs, stopped with a savepoint on destroy. */
  readonly dli: readonly EmulatedDliJob[];
  /** Running jobs of every family in the same project, not in the stack. */
  readonly bystanders: readonly (EmulatedDrsJob | EmulatedDliJob)[];
}

/** Seeds the running jobs of one scenario (stack and bystanders); `tag` goes into their names. */
export function seedFaultStackJobs(emulator: HuaweiEmulator, tag: string): FaultStackJobs {
  const drs = (name: string, more: Partial<Parameters<HuaweiEmulator["seed"]>[0]> = {}) =>
    emulator.seed({ projectId, name: `${tag}-${name}`, status: "INCRE_TRANSFER_STARTED", ...more });
  const dli = (name: string) =>
    emulator.dli.seed({ projectId, name: `${tag}-${name}`, status: "job_running" });
  return {
    drsV5: [
      drs("v5-many-1", { engineType: "mysql" }),
      drs("v5-many-2", { engineType: "mysql" }),
      drs("v5-one", { engineType: "mysql-to-kafka" }),
    ],
    drsV3: [drs("v3-1", { family: "v3" }), drs("v3-2", { family: "v3", status: "FULL_TRANSFER_STARTED" })],
    dli: [dli("flink-1"), dli("flink-2")],
    bystanders: [
      drs("bystander-v5", { engineType: "mysql" }),
      drs("bystander-v3", { family: "v3" }),
      dli("bystander-flink"),
    ],
  };
}

/** Runs `pulumi` in the repository root (the demo program); throws with the output on failure. */
export function pulumiOk(env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  return runPulumiOk(args, { cwd: repoRoot, env });
}

/** Creates stack `stack` over `jobs` and runs `pulumi up` (no faults yet); returns its output. */
export async function upFaultStack(
  env: NodeJS.ProcessEnv,
  stack: string,
  jobs: FaultStackJobs,
): Promise<string> {
  await pulumiOk(env, "stack", "init", stack);
  const ids = (list: readonly { id: string }[]) => JSON.stringify(list.map((j) => j.id));
  await pulumiOk(
    env,
    "config",
    "set-all",
    "--plaintext",
    `drsV5JobIds=${ids(jobs.drsV5)}`,
    "--plaintext",
    `drsV3JobIds=${ids(jobs.drsV3)}`,
    "--plaintext",
    `dliJobIds=${ids(jobs.dli)}`,
    "--plaintext",
    "pollInterval=250ms",
    "--plaintext",
    "deleteTimeout=2m",
    "--plaintext",
    "gracefulStopTimeout=20s",
  );
  return pulumiOk(env, "up", "--yes", "--skip-preview");
}

/** Polls the call log until a call after `fromSeq` satisfies `wanted`; resolves with it. */
export async function waitForCall(
  emulator: HuaweiEmulator,
  fromSeq: number,
  wanted: (call: EmulatorCall) => boolean,
  timeoutMs = 60_000,
): Promise<EmulatorCall> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = emulator.calls().find((c) => c.seq > fromSeq && wanted(c));
    if (hit !== undefined) return hit;
    if (Date.now() > deadline) throw new Error("the awaited emulator call never came");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether a call was sent to DRS or DLI (not IAM), i.e. part of a job's teardown. */
export function isJobServiceCall(call: EmulatorCall): boolean {
  return call.service === "drs" || call.service === "dli";
}
