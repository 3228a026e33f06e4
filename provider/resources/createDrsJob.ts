import type { ApiConnection } from "../http/ApiConnection";
import { HuaweiApiError } from "../http/HuaweiApiError";
import { DrsStepRefusedError, type DrsCreateApi } from "../drs/DrsCreateApi";
import {
  decideDrsCreateStep,
  type DrsCreateProgress,
  type DrsEndpointRole,
} from "../drs/decideDrsCreateStep";
import { drsV3CreateApi } from "../drs/drsV3CreateApi";
import { drsV5CreateApi, drsV5CreateEngines, v5EngineType } from "../drs/drsV5CreateApi";
import { createJobOnce, type CreatedJob } from "./createJobOnce";
import type { DrsEndpointSpec, DrsJobSpec } from "./drsJobSpec";

/** How a create is run. */
export interface DrsCreateOptions {
  /** Names the resource in messages, for example `DrsJob "orders"`. */
  readonly label: string;
  /** The API family the user pinned, if any. */
  readonly apiVersion?: "v3" | "v5" | undefined;
  /** Longest pause between two reads while waiting. */
  readonly pollIntervalMs: number;
  /** How long the whole sequence may take, from the create to a running job. */
  readonly timeoutMs: number;
  /** Reads of the job list before a create whose answer was lost counts as not done. */
  readonly lookupAttempts: number;
  /** Writes a progress line for the job (its id once known). */
  readonly log: (jobId: string | undefined) => (message: string) => void;
}

/** A step of the sequence failed for a job that exists; carries the vendor's reasons. */
export class DrsCreateStepError extends Error {
  constructor(
    message: string,
    readonly reasons: readonly string[],
  ) {
    super(message);
    this.name = "DrsCreateStepError";
  }
}

/** Whether an endpoint is Open Telekom Cloud's, which offers only DRS v3. */
export function isOpenTelekomCloud(endpoint: string): boolean {
  try {
    return /(^|\.)t-systems\.com$/i.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/**
 * The API family a spec is created through: v5 where the v5 create call accepts the engine pair
 * (v5 `JobBaseInfo.engine_type`), v3 otherwise (MySQL→Kafka and most pairs) and always on Open
 * Telekom Cloud, which has only v3. A pinned `apiVersion` is honoured or refused, never ignored.
 */
export function chooseDrsCreateFamily(
  spec: Pick<DrsJobSpec, "engine_type" | "job_type" | "speed_limit">,
  endpoint: string,
  pinned: "v3" | "v5" | undefined,
): "v3" | "v5" {
  // v5 JobBaseInfo documents job_type migration and sync only, and v5 UpdateJobReq has no
  // speed-limit type: such jobs are made through v3.
  const v5Pair =
    drsV5CreateEngines.has(v5EngineType(spec.engine_type)) &&
    spec.job_type !== "cloudDataGuard" &&
    spec.speed_limit === undefined;
  if (pinned === "v5") {
    if (!v5Pair) {
      throw new Error(
        `this spec cannot be created through DRS v5, which creates only the engine pairs ${[...drsV5CreateEngines].join(", ")}, job_type migration or sync, and has no speed limit (engine_type "${spec.engine_type}", job_type "${spec.job_type}"${spec.speed_limit === undefined ? "" : ", speed_limit set"}): set apiVersion "v3" or leave it unset.`,
      );
    }
    if (isOpenTelekomCloud(endpoint)) {
      throw new Error(
        `Open Telekom Cloud (${endpoint}) offers only DRS v3: set apiVersion "v3" or leave it unset.`,
      );
    }
    return "v5";
  }
  if (pinned === "v3" || isOpenTelekomCloud(endpoint)) return "v3";
  return v5Pair ? "v5" : "v3";
}

/** Problems of a spec that only the chosen family has (v3 `TestEndPoint.ip` is mandatory). */
function familyProblems(spec: DrsJobSpec, family: "v3" | "v5"): string[] {
  if (family === "v5") return [];
  return (["source_endpoint", "target_endpoint"] as const)
    .filter((key) => spec[key].ip === undefined)
    .map(
      (key) =>
        `spec.${key}.ip is required for a job made through DRS v3 (its connection test needs the address)`,
    );
}

function apiFor(conn: ApiConnection, spec: DrsJobSpec, family: "v3" | "v5"): DrsCreateApi {
  return family === "v5" ? drsV5CreateApi(conn, spec) : drsV3CreateApi(conn, spec);
}

/** "The v5 API is not published here" (APIG.0101): regions without v5. */
function isApiMissing(error: unknown): boolean {
  return error instanceof HuaweiApiError && error.httpStatus === 404 && error.errorCode === "APIG.0101";
}

/** The job a spec made: its id, family and engine pair as that family names it. */
export interface DrsJobMade extends CreatedJob {
  readonly api: DrsCreateApi;
}

/**
 * Makes the job (once; see {@link createJobOnce}) through the family its engine pair needs. A v5
 * create refused with APIG.0101 (this region has no v5; nothing was made) is made through v3,
 * unless the user pinned v5.
 */
export async function makeDrsJob(
  conn: ApiConnection,
  spec: DrsJobSpec,
  options: DrsCreateOptions,
): Promise<DrsJobMade> {
  let family = chooseDrsCreateFamily(spec, conn.endpoint, options.apiVersion);
  const once = async (f: "v3" | "v5"): Promise<DrsJobMade> => {
    const problems = familyProblems(spec, f);
    if (problems.length > 0)
      throw new Error(`${options.label}: ${problems.join("; ")}. Nothing was created.`);
    const api = apiFor(conn, spec, f);
    const made = await createJobOnce(
      {
        service: "DRS",
        name: spec.name,
        where: `project ${conn.projectId} (DRS ${f})`,
        instead: "spec",
        listIdsNamed: () => api.jobIdsNamed(spec.name),
        create: () => api.create(),
      },
      { label: options.label, attempts: options.lookupAttempts, delayMs: options.pollIntervalMs },
    );
    return { ...made, api };
  };
  try {
    return await once(family);
  } catch (error) {
    if (family !== "v5" || options.apiVersion === "v5" || !isApiMissing(error)) throw error;
    options.log(undefined)(`DRS v5 is not offered at ${conn.endpoint} (APIG.0101): creating through v3`);
    family = "v3";
    return once(family);
  }
}

/** An endpoint as a progress line may show it: type and address, never a credential. */
export function describeEndpoint(e: DrsEndpointSpec): string {
  const where = e.instance_id ?? `${e.ip ?? "?"}${e.db_port === undefined ? "" : `:${String(e.db_port)}`}`;
  return `${e.db_type} ${where}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Drives a made job to running, step by step as {@link decideDrsCreateStep} says, writing a
 * progress line per step. Resolves the running status; a failed check, a refused step or a
 * failed status throws {@link DrsCreateStepError} with the vendor's reasons, and the deadline a
 * plain error. Starting from whatever status the job has, it also resumes an interrupted create.
 */
export async function driveDrsJobToRunning(
  api: DrsCreateApi,
  jobId: string,
  spec: DrsJobSpec,
  options: Pick<DrsCreateOptions, "pollIntervalMs" | "timeoutMs" | "log">,
): Promise<string> {
  const log = options.log(jobId);
  const deadline = Date.now() + options.timeoutMs;
  const endpointOf = (role: DrsEndpointRole) =>
    role === "source" ? spec.source_endpoint : spec.target_endpoint;
  let p: DrsCreateProgress = {
    objectsSelected: false,
    started: false,
    delayedStart: spec.start_time !== undefined,
    speedLimitPending: spec.speed_limit !== undefined && spec.speed_limit.length > 0,
  };
  const pause = async (what: string) => {
    if (Date.now() + options.pollIntervalMs > deadline) {
      throw new Error(
        `gave up after ${Math.round(options.timeoutMs / 1000)}s waiting for ${what} (last status ${p.status ?? "unknown"}); raise createTimeout if DRS is slow here`,
      );
    }
    await sleep(options.pollIntervalMs);
  };
  for (;;) {
    const step = decideDrsCreateStep(p);
    try {
      switch (step.kind) {
        case "readStatus": {
          if (p.status !== undefined) await pause(p.started ? "the job to run" : "status CONFIGURATION");
          const status = await api.readStatus(jobId);
          if (status === undefined)
            throw new DrsCreateStepError("DRS no longer knows the job", ["job not found"]);
          if (status !== p.status) log(`status ${status}`);
          p = { ...p, status };
          break;
        }
        case "testConnection": {
          log(
            `testing the connection to the ${step.role} database (${describeEndpoint(endpointOf(step.role))})`,
          );
          const check = await api.testConnection(jobId, step.role);
          if (check.state === "passed") log(`${step.role} connection test passed`);
          p = { ...p, [step.role]: check };
          break;
        }
        case "readConnection": {
          await pause(`the ${step.role} connection test`);
          const check = await api.readConnection(jobId, step.role, step.queryId);
          if (check.state === "passed") log(`${step.role} connection test passed`);
          p = { ...p, [step.role]: check };
          break;
        }
        case "selectObjects":
          log(`selecting the objects to replicate (object_scope ${spec.db_object.object_scope})`);
          await api.selectObjects(jobId);
          p = { ...p, objectsSelected: true };
          break;
        case "precheck":
          log("running the precheck");
          p = { ...p, precheck: await api.precheck(jobId) };
          break;
        case "readPrecheck": {
          await pause("the precheck result");
          const check = await api.readPrecheck(jobId, step.queryId);
          if (check.state === "passed") log("precheck passed");
          p = { ...p, precheck: check };
          break;
        }
        case "limitSpeed":
          log(
            `setting the speed limit (${(spec.speed_limit ?? []).map((w) => `${w.begin}-${w.end} ${w.speed} MB/s`).join(", ")})`,
          );
          await api.limitSpeed(jobId);
          p = { ...p, speedLimitPending: false };
          break;
        case "start":
          log(
            spec.start_time === undefined
              ? "starting the job"
              : `starting the job at ${spec.start_time} (epoch ms)`,
          );
          await api.start(jobId);
          p = { ...p, started: true };
          break;
        case "done":
          log(
            step.status === "WAITING_FOR_START"
              ? "waiting for its start time (WAITING_FOR_START)"
              : `running (${step.status})`,
          );
          return step.status;
        case "fail":
          throw new DrsCreateStepError(step.message, step.reasons);
      }
    } catch (error) {
      if (error instanceof DrsStepRefusedError) throw new DrsCreateStepError(error.message, error.reasons);
      throw error;
    }
  }
}

/** The create calls of a job's API family, for a job made earlier (an update carrying a create on). */
export function createDrsApiFor(
  conn: ApiConnection,
  spec: DrsJobSpec,
  apiVersion: "v3" | "v5",
): DrsCreateApi {
  return apiFor(conn, spec, apiVersion);
}
