import { runDliJobs, stopDliJobs, updateDliJarJob, updateDliSqlJob } from "../dli/dliApi";
import {
  dliJarJobUpdateRequest,
  dliSqlJobUpdateRequest,
  type DliJarJobRequest,
  type DliSqlJobRequest,
} from "../dli/dliSchemas";
import type { ApiConnection } from "../http/ApiConnection";
import type { DliUpdateStep } from "./planDliUpdate";
import { waitUntilDliJobRuns, waitUntilDliJobStops } from "./waitForDliJob";

/** The spec an update PUTs: the resource's `sql` or `jar` input. */
export type DliSpec =
  | { readonly kind: "sql"; readonly spec: DliSqlJobRequest }
  | { readonly kind: "jar"; readonly spec: DliJarJobRequest };

/** What {@link applyDliUpdate} needs besides the steps. */
export interface DliUpdateTarget {
  readonly conn: ApiConnection;
  readonly jobId: string;
  /** The new spec; required when the steps hold a `put`. */
  readonly spec: DliSpec | undefined;
  /** The job's status when the plan was made. */
  readonly status: string;
  /** Whether a savepoint to resume from existed before the update. */
  readonly hasSavepoint: boolean;
  /** Bounds each wait (the resource's deleteTimeout). */
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  readonly log: (message: string) => void;
}

/** Where an update got to: what the stored outputs must say about the job afterwards. */
export interface DliUpdateProgress {
  /** The job's last known status. */
  status: string;
  /**
   * Whether the stop that last stopped the job took a savepoint, so that a run resumes from it. A
   * stop without one clears it: the job's latest state is then in no savepoint, and resuming an
   * older one would silently rewind the job.
   */
  hasSavepoint: boolean;
  /** Whether the PUT was answered with success: DLI holds the new spec. */
  putLanded: boolean;
  /** Whether this update stopped the job (it is not running now, whatever `run` said before). */
  stopped: boolean;
}

/** A step of an update failed; `progress` says what was done before it. */
export class DliUpdateStepError extends Error {
  constructor(
    message: string,
    readonly step: DliUpdateStep["kind"],
    readonly progress: DliUpdateProgress,
  ) {
    super(message);
    this.name = "DliUpdateStepError";
  }
}

/**
 * The fields of a spec DLI can change in place (UpdateFlinkSqlJobRequestBody /
 * UpdateFlinkJarJobRequestBody); the others never change without a replace, so they are dropped.
 */
export function dliUpdateBody(spec: DliSpec): Record<string, unknown> {
  const schema = spec.kind === "sql" ? dliSqlJobUpdateRequest : dliJarJobUpdateRequest;
  const allowed = new Set(Object.keys(schema.shape));
  return Object.fromEntries(Object.entries(spec.spec).filter(([field]) => allowed.has(field)));
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Carries out the steps of {@link planDliUpdate} in order. A failed step ends the update at once
 * with a {@link DliUpdateStepError}: nothing after it is tried, so a failed or late stop never
 * leads to a PUT, and a failed PUT never to a run of the old spec.
 */
export async function applyDliUpdate(
  target: DliUpdateTarget,
  steps: readonly DliUpdateStep[],
): Promise<DliUpdateProgress> {
  const { conn, jobId, log } = target;
  const progress: DliUpdateProgress = {
    status: target.status,
    hasSavepoint: target.hasSavepoint,
    putLanded: false,
    stopped: false,
  };
  const waitSettings = () => ({
    timeoutMs: target.timeoutMs,
    pollIntervalMs: target.pollIntervalMs,
    log,
    before: progress.status,
  });
  let savepointAsked = false;
  let stopSent = false;
  for (const step of steps) {
    const fail = (text: string): never => {
      throw new DliUpdateStepError(text, step.kind, progress);
    };
    try {
      await applyStep(step);
    } catch (error) {
      if (error instanceof DliUpdateStepError) throw error;
      const last = (error as { job?: { status?: string } }).job?.status;
      if (last !== undefined) progress.status = last;
      fail(message(error));
    }
  }
  return progress;

  async function applyStep(step: DliUpdateStep): Promise<void> {
    const fail = (text: string): never => {
      throw new DliUpdateStepError(text, step.kind, progress);
    };
    switch (step.kind) {
      case "stop": {
        const result = (await stopDliJobs(conn, [jobId], { triggerSavepoint: step.triggerSavepoint })).get(
          jobId,
        );
        if (result?.isSuccess !== true) {
          fail(`DLI refused to stop the job: ${result?.message ?? "no entry for the job in the answer"}`);
        }
        savepointAsked = step.triggerSavepoint;
        stopSent = true;
        log(step.triggerSavepoint ? "stop with savepoint submitted" : "stop submitted");
        break;
      }
      case "waitStopped": {
        const job = await waitUntilDliJobStops(conn, jobId, waitSettings());
        progress.status = job.status;
        progress.stopped = true;
        // A stop already under way (not sent here) keeps what was known; job_savepointing takes one.
        if (stopSent) progress.hasSavepoint = savepointAsked;
        else if (target.status === "job_savepointing") progress.hasSavepoint = true;
        log(`stopped (${progress.status})${savepointAsked ? " with a savepoint" : ""}`);
        break;
      }
      case "put": {
        const spec = target.spec;
        if (spec === undefined) {
          fail("no spec to update the job with");
          return;
        }
        const body = dliUpdateBody(spec);
        try {
          if (spec.kind === "sql") await updateDliSqlJob(conn, jobId, body);
          else await updateDliJarJob(conn, jobId, body);
        } catch (error) {
          fail(`DLI did not take the update: ${message(error)}`);
        }
        progress.putLanded = true;
        log(`updated the ${spec.kind === "sql" ? "SQL" : "Jar"} job in place`);
        break;
      }
      case "run": {
        const result = (await runDliJobs(conn, [jobId], { resumeSavepoint: step.resumeSavepoint })).get(
          jobId,
        );
        if (result?.isSuccess !== true) {
          fail(`DLI refused to run the job: ${result?.message ?? "no entry for the job in the answer"}`);
        }
        log(step.resumeSavepoint ? "run submitted, resuming from the savepoint" : "run submitted");
        break;
      }
      case "waitRunning": {
        const job = await waitUntilDliJobRuns(conn, jobId, waitSettings());
        progress.status = job.status;
        log(`running (${progress.status})`);
        break;
      }
    }
  }
}
