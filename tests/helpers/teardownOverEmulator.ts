/*
 * Test helper: runs tearDownJob with the real drivers, wired by the provider's own factories
 * (drsJobTeardown, dliFlinkJobTeardown) from outputs as the provider stores them, over real HTTP
 * against a HuaweiEmulator; and reads from the emulator's call log what the teardown did.
 */
import {
  deletableStatuses,
  emulatorModeFromEnv,
  HuaweiEmulator,
  type EmulatorCall,
  type EmulatorMode,
  type HuaweiEmulatorOptions,
} from "../../emulator";
import type { ApiConnection } from "../../provider/http/ApiConnection";
import { findDrsJob } from "../../provider/resources/adoptDrsJob";
import { readDliFlinkJobOutputs } from "../../provider/resources/dliFlinkJobProvider";
import type { DliFlinkJobOutputsV1 } from "../../provider/resources/dliFlinkJobSchemas";
import { dliFlinkJobTeardown } from "../../provider/resources/dliFlinkJobTeardown";
import type { DrsJobOutputsV2 } from "../../provider/resources/drsJobSchemas";
import { drsJobTeardown } from "../../provider/resources/drsJobTeardown";
import type { JobTeardownPlan } from "../../provider/resources/JobTeardownPlan";
import { readDrsJobOutputs } from "../../provider/resources/readDrsJobOutputs";
import { tearDownJob, type TeardownReport } from "../../provider/teardown/tearDownJob";
import { callKind, teardownCallsFor, type CallKind } from "../../scripts/describeJobTeardown";

/**
 * Emulator timings short enough for a whole file to run in seconds, yet long enough for the
 * teardown's reads (every {@link testPollMs}) to see each status at least once.
 */
export const fastEmulatorTiming = {
  stopMs: 500,
  forceStopMs: 300,
  deletedLingerMs: 300,
  dli: { submitMs: 300, stopMs: 450, savepointMs: 300 },
} as const;

/**
 * An emulator for a test: `pessimistic` (every stricter behaviour the vendor allows) when `mode`
 * says so, which defaults to `HWJOBS_EMULATOR_MODE`.
 */
export function testEmulator(
  options: HuaweiEmulatorOptions = {},
  mode: EmulatorMode = emulatorModeFromEnv(),
): HuaweiEmulator {
  return new HuaweiEmulator({ pessimistic: mode === "pessimistic", ...options });
}

/** The longest pause between two status reads in these tests (the input `pollInterval`). */
export const testPollMs = 150;
/** The grid the reads of concurrent teardowns land on, so that they share batch calls. */
export const testPollGridMs = 50;

/** Teardown settings a test may choose; the rest get test defaults. */
export interface TeardownSettings {
  readonly deleteTimeoutMs?: number;
  readonly forceStop?: DrsJobOutputsV2["forceStop"];
  readonly gracefulStopTimeoutMs?: number;
  readonly savepoint?: boolean;
}

/**
 * The outputs `pulumi up` would store for an adopted DRS job: family, delete call and job type
 * as the provider's adoption (findDrsJob) detects them, read back through the stored-output schema.
 */
export async function adoptedDrsOutputs(
  conn: ApiConnection,
  jobId: string,
  settings: TeardownSettings = {},
): Promise<DrsJobOutputsV2> {
  const job = await findDrsJob(conn, jobId, undefined);
  if (job === undefined) throw new Error(`test setup: DRS job ${jobId} cannot be adopted`);
  return readDrsJobOutputs({
    schemaVersion: 2,
    resourceName: `drs-${jobId.slice(0, 8)}`,
    jobId,
    apiVersion: job.apiVersion,
    deleteApi: job.deleteApi,
    projectId: conn.projectId,
    deleteTimeoutMs: settings.deleteTimeoutMs ?? 20_000,
    pollIntervalMs: testPollMs,
    forceStop: settings.forceStop ?? "onTimeout",
    gracefulStopTimeoutMs: settings.gracefulStopTimeoutMs ?? 10_000,
    name: job.name,
    status: job.status,
    ...(job.engineType === undefined ? {} : { engineType: job.engineType }),
    ...(job.jobType === undefined ? {} : { jobType: job.jobType }),
  });
}

/** The outputs `pulumi up` would store for an adopted DLI Flink job. */
export function adoptedDliOutputs(
  conn: ApiConnection,
  jobId: string,
  settings: TeardownSettings = {},
): DliFlinkJobOutputsV1 {
  return readDliFlinkJobOutputs({
    schemaVersion: 1,
    resourceName: `dli-${jobId.slice(-6)}`,
    jobId,
    origin: "adopted",
    run: false,
    projectId: conn.projectId,
    deleteTimeoutMs: settings.deleteTimeoutMs ?? 20_000,
    pollIntervalMs: testPollMs,
    savepoint: settings.savepoint ?? false,
    name: "adopted",
    status: "job_running",
  });
}

/** What one teardown did: its report or its error, and its progress lines. */
export interface TeardownRun {
  readonly report: TeardownReport | undefined;
  readonly error: unknown;
  readonly lines: readonly string[];
  readonly label: string;
}

async function run(plan: JobTeardownPlan, jobId: string): Promise<TeardownRun> {
  const lines: string[] = [];
  try {
    const report = await tearDownJob(
      plan.driver,
      jobId,
      plan.label,
      { ...plan.policy, pollGridMs: testPollGridMs },
      (line) => lines.push(line),
    );
    return { report, error: undefined, lines, label: plan.label };
  } catch (error) {
    return { report: undefined, error, lines, label: plan.label };
  }
}

/** Tears down a DRS job exactly as DrsJob's `delete` does, on the test poll grid; never throws. */
export function tearDownDrs(conn: ApiConnection, outs: DrsJobOutputsV2): Promise<TeardownRun> {
  return run(drsJobTeardown(conn, outs.jobId, outs), outs.jobId);
}

/** Tears down a DLI job exactly as DliFlinkJob's `delete` does, on the test poll grid; never throws. */
export function tearDownDli(conn: ApiConnection, outs: DliFlinkJobOutputsV1): Promise<TeardownRun> {
  return run(dliFlinkJobTeardown(conn, outs.jobId, outs), outs.jobId);
}

/** One stop or delete call that reached the service for a job, as the call log shows it. */
export interface TeardownStep {
  readonly kind: CallKind;
  /** Method and path with the project and the job id replaced, for example `DELETE /v5/{p}/jobs/{id}`. */
  readonly api: string;
  /** The job's status when the call arrived. */
  readonly statusBefore: string;
  readonly call: EmulatorCall;
}

/** A call's method and path (query dropped) with `{p}` for the project and `{id}` for the job. */
export function apiOf(call: EmulatorCall, projectId: string, jobId: string): string {
  const path = (call.path.split("?")[0] ?? "")
    .split("/")
    .map((part) => (part === projectId ? "{p}" : part === jobId ? "{id}" : part))
    .join("/");
  return `${call.method} ${path}`;
}

/** The stop and delete calls the service received for the job, in order. */
export function teardownSteps(
  calls: readonly EmulatorCall[],
  projectId: string,
  jobId: string,
): TeardownStep[] {
  return teardownCallsFor(jobId, calls).map((call) => ({
    kind: callKind(call, jobId),
    api: apiOf(call, projectId, jobId),
    statusBefore: call.jobStatusBefore[jobId] ?? "?",
    call,
  }));
}

/** DRS statuses in which the emulator (after the vendor docs) lets a job be deleted. */
export const drsStoppedStatuses: ReadonlySet<string> = deletableStatuses;

/** DLI statuses of a job that holds no running state: the only ones a delete may meet. */
export const dliStoppedStatuses: ReadonlySet<string> = new Set([
  "job_cancel_success",
  "job_init",
  "job_submit_fail",
  "job_finish",
]);

/**
 * Asserts the teardown's safety rule from the call log: every delete the service received for
 * the job met it stopped, and came after every stop. Returns the steps for further checks.
 */
export function expectStopsBeforeDeletes(
  calls: readonly EmulatorCall[],
  projectId: string,
  jobId: string,
  stopped: ReadonlySet<string>,
): TeardownStep[] {
  const steps = teardownSteps(calls, projectId, jobId);
  const isStop = (s: TeardownStep) => s.kind === "stop" || s.kind === "forced stop";
  const deletes = steps.filter((s) => s.kind === "delete");
  const unsafe = deletes
    .filter((d) => !stopped.has(d.statusBefore))
    .map((d) => `${d.api} met ${d.statusBefore}`);
  expect(unsafe).toEqual([]);
  const firstDelete = steps.findIndex((s) => s.kind === "delete");
  if (firstDelete >= 0) {
    expect(
      steps
        .slice(firstDelete)
        .filter(isStop)
        .map((s) => s.api),
    ).toEqual([]);
  }
  return steps;
}

/** How a DRS job ended in the emulator: `removed`, `DELETED`, or its status. */
export function drsEnd(emulator: HuaweiEmulator, jobId: string): string {
  const job = emulator.store.get(jobId);
  if (job === undefined) return "(never seeded)";
  return job.removed ? "removed" : job.status;
}

/** How a DLI job ended in the emulator: `removed` or its status. */
export function dliEnd(emulator: HuaweiEmulator, jobId: string): string {
  const job = emulator.dli.store.get(jobId);
  if (job === undefined) return "(never seeded)";
  return job.removed ? "removed" : job.status;
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
