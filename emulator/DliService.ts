import {
  DliJobStore,
  defaultSubmitFailure,
  isDliJobId,
  type DliJarSpec,
  type DliJobChanges,
  type DliJobStoreOptions,
  type DliJobType,
  type EmulatedDliJob,
  type SeedDliJob,
} from "./DliJobStore";
import type { EmulatedService, EmulatorAnswer, EmulatorRequest, ServiceContext } from "./EmulatedService";
import type { EmulatorStrictness } from "./emulatorStrictness";

/** Options of {@link DliService}: a store to share, or options for a new one. */
export interface DliServiceOptions extends DliJobStoreOptions {
  /** Use this store instead of making one (the other options are then ignored). */
  store?: DliJobStore;
  /** Stricter behaviours the vendor allows (off by default); see {@link EmulatorStrictness}. */
  strict?: Partial<Pick<EmulatorStrictness, "refuseWholeBatches">>;
}

/**
 * The texts the emulator writes into `message` fields. The batch ones never name the job: a batch
 * answer is matched to the request by position only, as with the real service.
 */
export const dliMessages = {
  runDelivered: "The request for submitting DLI jobs is successfully delivered.",
  stopDelivered: "The request for stopping DLI jobs is delivered successfully.",
  deleted: "The job is deleted successfully.",
  sqlJobCreated: "A DLI job is created successfully.",
  jarJobCreated: "A Flink job is created successfully.",
  detailFound: "Job detail query succeeds.",
  listFound: "Querying of the job list succeeds.",
  /** Batch entry of a job that does not exist (or not in this project). */
  notFound: "DLI.16001: The job does not exist.",
  /** Batch entry the fault injector marked `busy`. */
  busy: "The job is being processed by another request. Please try again later.",
  /** Batch entry of a stop while a stop is already under way. */
  alreadyStopping: (status: string) => `The job is already being stopped (status ${status}).`,
  /** Batch entry of a stop from a status that holds nothing to stop. */
  cannotStop: (status: string) => `The job cannot be stopped in status ${status}.`,
  /** Answer of an accepted in-place update (PUT sql-jobs/flink-jobs). */
  updated: "The job is updated successfully.",
  /** Error of an update of a job that is running or on its way somewhere. */
  cannotUpdate: (status: string) =>
    `The job cannot be modified in status ${status}: stop the job first, then modify it.`,
  /** Error of an update sent to the path of the other job type. */
  wrongJobType: (jobType: string) => `The job is a ${jobType} and cannot be modified through this API.`,
  /** Batch entry of a run from a status that is running or on its way somewhere. */
  cannotRun: (status: string) => `The job cannot be run in status ${status}.`,
} as const;

// `JSON.rawJSON` (Node 21+) writes a decimal string as a bare JSON number, digit for digit;
// TypeScript's lib has no declaration for it yet.
interface JsonWithRawJson {
  rawJSON(text: string): unknown;
}
const exactJson = JSON as unknown as JsonWithRawJson;
const jsonId = (id: string): unknown => exactJson.rawJSON(id);

type Body = Record<string, unknown>;
type BatchEntry = { is_success: "true" | "false"; message: string };

const routePrefix = /^\/v1\.0\/([^/]+)\/streaming\/(.+?)\/?$/;
const jobPath = /^jobs\/([^/]+)$/;
const updatePath = /^(sql-jobs|flink-jobs)\/([^/]+)$/;
const digits = /^\d+$/;
const maxNameLength = 57;
const maxListLimit = 100;

const error = (status: number, code: string, msg: string): EmulatorAnswer => ({
  status,
  body: { error_code: code, error_msg: msg },
});
const invalid = (msg: string): EmulatorAnswer => error(400, "DLI.0001", msg);
const notFound = (id: string): EmulatorAnswer =>
  error(400, "DLI.16001", `The Flink job ${id} does not exist.`);

const isBody = (value: unknown): value is Body =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A request's job id in canonical decimal form, or a reason it is not one. */
function jobIdOf(value: unknown): string | { reason: string } {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0) return { reason: `${value} is not a job id` };
    // An integer beyond 2^53 that arrives as a number was already rounded somewhere.
    if (!Number.isSafeInteger(value)) return { reason: `${value} is beyond 2^53 and not exact` };
    return String(value);
  }
  if (typeof value === "string" && digits.test(value)) {
    const id = BigInt(value).toString();
    return isDliJobId(id) ? id : { reason: `${value} is beyond the 64-bit job id range` };
  }
  if (typeof value === "string") return { reason: `"${value}" is not a decimal job id` };
  return { reason: `a ${value === null ? "null" : typeof value} is not a job id` };
}

/** The `job_ids` of a batch request, in order, or the first reason they are unusable. */
function jobIdsOfBody(body: Body): string[] | { reason: string } {
  const raw = body["job_ids"];
  if (!Array.isArray(raw)) return { reason: "job_ids is required and must be an array of job ids" };
  if (raw.length === 0) return { reason: "job_ids must name at least one job" };
  const ids: string[] = [];
  for (const [index, value] of (raw as unknown[]).entries()) {
    const id = jobIdOf(value);
    if (typeof id !== "string") return { reason: `job_ids[${index}]: ${id.reason}` };
    ids.push(id);
  }
  return ids;
}

/** Reads an optional field of a create body; returns an error text when it is malformed. */
type FieldCheck = (value: unknown) => string | undefined;
const textUpTo =
  (max: number, required = false): FieldCheck =>
  (value) => {
    if (value === undefined) return required ? "is required" : undefined;
    if (typeof value !== "string") return "must be a string";
    if (required && value.trim() === "") return "must not be empty";
    return value.length > max ? `must be at most ${max} characters` : undefined;
  };
const oneOf =
  (...allowed: string[]): FieldCheck =>
  (value) =>
    value === undefined || (typeof value === "string" && allowed.includes(value))
      ? undefined
      : `must be one of ${allowed.join(", ")}`;
const positiveInteger: FieldCheck = (value) =>
  value === undefined || (Number.isSafeInteger(value) && (value as number) > 0)
    ? undefined
    : "must be a positive integer";
const textList: FieldCheck = (value) =>
  value === undefined || (Array.isArray(value) && value.every((item) => typeof item === "string"))
    ? undefined
    : "must be an array of strings";

const commonFields: Record<string, FieldCheck> = {
  name: textUpTo(maxNameLength, true),
  desc: textUpTo(512),
  queue_name: textUpTo(128),
  run_mode: oneOf("shared_cluster", "exclusive_cluster", "edge_node"),
  cu_number: positiveInteger,
  parallel_number: positiveInteger,
};
const sqlJobFields: Record<string, FieldCheck> = {
  ...commonFields,
  sql_body: textUpTo(1024 * 1024, true),
  job_type: oneOf("flink_sql_job", "flink_opensource_sql_job"),
};
const jarJobFields: Record<string, FieldCheck> = {
  ...commonFields,
  job_type: oneOf("flink_jar_job"),
  entrypoint: textUpTo(1024),
  main_class: textUpTo(1024),
  entrypoint_args: textUpTo(8192),
  dependency_jars: textList,
  dependency_files: textList,
};

// The update bodies (UpdateFlinkSqlJobRequestBody, UpdateFlinkJarJobRequestBody): every field
// optional, the name included; SQL jobs cannot change type in place (no job_type field).
const optionalName: Record<string, FieldCheck> = { name: textUpTo(maxNameLength) };
const sqlUpdateFields: Record<string, FieldCheck> = {
  ...commonFields,
  ...optionalName,
  sql_body: textUpTo(1024 * 1024),
};
const jarUpdateFields: Record<string, FieldCheck> = {
  ...jarJobFields,
  ...optionalName,
};

/** The first malformed field of a create body, as an error answer. */
function checkFields(
  api: string,
  body: unknown,
  fields: Record<string, FieldCheck>,
): EmulatorAnswer | undefined {
  if (!isBody(body)) return invalid(`${api}: the request body must be a JSON object`);
  for (const [field, check] of Object.entries(fields)) {
    const problem = check(body[field]);
    if (problem !== undefined) return invalid(`${api}: ${field} ${problem}`);
  }
  return undefined;
}

const optionalString = (value: unknown): string | undefined =>
  typeof value === "string" ? value : undefined;
const optionalNumber = (value: unknown): number | undefined =>
  typeof value === "number" ? value : undefined;
const optionalList = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : undefined;

type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** Drops the undefined values, so optional seed fields stay absent (exactOptionalPropertyTypes). */
function defined<T extends object>(record: T): Defined<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Defined<T>;
}

/**
 * The DLI Flink-job API (`/v1.0/{project_id}/streaming/...`) as an {@link EmulatedService}:
 * detail, list, create SQL and Jar jobs, run, stop and delete, answering as the vendor docs show.
 * Batch answers are arrays in request order without ids; `is_success` is the string
 * `"true"`/`"false"`; job ids are written as exact JSON numbers even beyond 2^53.
 */
export class DliService implements EmulatedService {
  /** The service's name in the call log and fault rules. */
  readonly name = "dli";
  /** The jobs and their state machine. */
  readonly store: DliJobStore;
  private readonly refuseWholeBatches: boolean;

  constructor(options: DliServiceOptions = {}) {
    this.store = options.store ?? new DliJobStore(options);
    this.refuseWholeBatches = options.strict?.refuseWholeBatches === true;
  }

  /** Adds a job for a test or the demo; see {@link SeedDliJob}. */
  seed(spec: SeedDliJob): EmulatedDliJob {
    return this.store.seed(spec);
  }

  /** Answers a request under `/v1.0/{project_id}/streaming/`, or `undefined` for anything else. */
  handle(req: EmulatorRequest, ctx: ServiceContext): EmulatorAnswer | undefined {
    const route = routePrefix.exec(req.path);
    if (route === null) return undefined;
    const [, projectId = "", rest = ""] = route;
    switch (`${req.method} ${rest}`) {
      case "GET jobs":
        return this.list(projectId, req.query);
      case "POST sql-jobs":
        return this.createSqlJob(projectId, req.body);
      case "POST flink-jobs":
        return this.createJarJob(projectId, req.body);
      case "POST jobs/run":
        return this.batch(projectId, req.body, ctx, "resume_savepoint", {
          refusal: (job) => (this.store.canRun(job) ? undefined : dliMessages.cannotRun(job.status)),
          perform: (job, flag) => {
            const submitFailure = ctx.submitFault?.(job.id);
            this.store.run(job, {
              resumeSavepoint: flag,
              ...(submitFailure === undefined ? {} : { submitFailure }),
            });
            return dliMessages.runDelivered;
          },
        });
      case "POST jobs/stop":
        return this.batch(projectId, req.body, ctx, "trigger_savepoint", {
          refusal: (job) => {
            if (this.store.isStopping(job)) return dliMessages.alreadyStopping(job.status);
            return this.store.canStop(job) ? undefined : dliMessages.cannotStop(job.status);
          },
          perform: (job, flag) => {
            this.store.stop(job, { triggerSavepoint: flag });
            return dliMessages.stopDelivered;
          },
        });
      case "POST jobs/delete":
        return this.batch(projectId, req.body, ctx, undefined, {
          refusal: () => undefined,
          perform: (job) => {
            this.store.delete(job);
            return dliMessages.deleted;
          },
        });
    }
    const toUpdate = updatePath.exec(rest);
    if (toUpdate !== null && req.method === "PUT") {
      return this.update(projectId, toUpdate[1] === "sql-jobs" ? "sql" : "jar", toUpdate[2] ?? "", req.body);
    }
    const one = jobPath.exec(rest)?.[1];
    if (one === undefined || (req.method !== "GET" && req.method !== "DELETE")) return undefined;
    const id = jobIdOf(one);
    if (typeof id !== "string") return invalid(`job_id in the path: ${id.reason}`);
    const job = this.store.find(projectId, id);
    if (job === undefined) return notFound(id);
    if (req.method === "GET") {
      return {
        status: 200,
        body: { is_success: "true", message: dliMessages.detailFound, job_detail: this.detail(job) },
      };
    }
    this.store.delete(job);
    return { status: 200, body: { is_success: "true", message: dliMessages.deleted } };
  }

  /** The job ids a request names, in the path or in `job_ids`, as canonical decimal strings. */
  jobIdsOf(req: EmulatorRequest): readonly string[] {
    const route = routePrefix.exec(req.path);
    if (route === null) return [];
    const rest = route[2] ?? "";
    const updated = updatePath.exec(rest)?.[2];
    if (updated !== undefined && req.method === "PUT") {
      const id = jobIdOf(updated);
      return typeof id === "string" ? [id] : [];
    }
    const one = jobPath.exec(rest)?.[1];
    if (one !== undefined && rest !== "jobs/run" && rest !== "jobs/stop" && rest !== "jobs/delete") {
      const id = jobIdOf(one);
      return typeof id === "string" ? [id] : [];
    }
    if (!isBody(req.body) || !Array.isArray(req.body["job_ids"])) return [];
    return (req.body["job_ids"] as unknown[])
      .map(jobIdOf)
      .filter((id): id is string => typeof id === "string");
  }

  /** A job's status for the call log; `(deleted)` once deleted, `undefined` when never known. */
  jobNamesOf(req: EmulatorRequest): readonly string[] {
    // A create names its job in the body; other calls name jobs by id.
    const created = isBody(req.body) && typeof req.body["name"] === "string" ? [req.body["name"]] : [];
    const named = this.jobIdsOf(req).flatMap((id) => {
      const job = this.store.get(id);
      return job === undefined ? [] : [job.name];
    });
    return [...new Set([...created, ...named])];
  }

  jobStatus(jobId: string): string | undefined {
    const job = this.store.get(jobId);
    if (job === undefined) return undefined;
    return job.removed ? "(deleted)" : job.status;
  }

  private list(projectId: string, query: URLSearchParams): EmulatorAnswer {
    const limit = query.get("limit") ?? "10";
    const offset = query.get("offset") ?? "0";
    if (!digits.test(limit) || Number(limit) > maxListLimit) {
      return invalid(`limit must be an integer from 0 to ${maxListLimit}, not "${limit}"`);
    }
    if (!digits.test(offset)) return invalid(`offset must be an integer >= 0, not "${offset}"`);
    const order = query.get("order") ?? "desc";
    if (order !== "asc" && order !== "desc") return invalid(`order must be asc or desc, not "${order}"`);
    const name = query.get("name");
    const status = query.get("status");
    const jobType = query.get("job_type");
    const queueName = query.get("queue_name");
    const matching = this.store
      .list(projectId)
      .filter(
        (job) =>
          (name === null || job.name.includes(name)) &&
          (status === null || job.status === status) &&
          (jobType === null || job.jobType === jobType) &&
          (queueName === null || job.queueName === queueName),
      )
      .sort((a, b) => a.createTime - b.createTime || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    if (order === "desc") matching.reverse();
    const page = matching.slice(Number(offset), Number(offset) + Number(limit));
    return {
      status: 200,
      body: {
        is_success: "true",
        message: dliMessages.listFound,
        job_list: { total_count: matching.length, jobs: page.map((job) => this.summary(job)) },
      },
    };
  }

  private createSqlJob(projectId: string, body: unknown): EmulatorAnswer {
    const problem = checkFields("create SQL job", body, sqlJobFields);
    if (problem !== undefined || !isBody(body)) return problem ?? invalid("create SQL job: bad body");
    const job = this.store.seed({
      projectId,
      ...this.commonSeedFields(body),
      jobType: (optionalString(body["job_type"]) ?? "flink_sql_job") as DliJobType,
      ...defined({ sqlBody: optionalString(body["sql_body"]) }),
    });
    return this.created(job, dliMessages.sqlJobCreated);
  }

  private createJarJob(projectId: string, body: unknown): EmulatorAnswer {
    const problem = checkFields("create Flink Jar job", body, jarJobFields);
    if (problem !== undefined || !isBody(body)) return problem ?? invalid("create Flink Jar job: bad body");
    const job = this.store.seed({
      projectId,
      ...this.commonSeedFields(body),
      jobType: "flink_jar_job",
      jar: this.jarOf(body),
    });
    return this.created(job, dliMessages.jarJobCreated);
  }

  /**
   * `PUT streaming/sql-jobs/{job_id}` or `PUT streaming/flink-jobs/{job_id}`: changes the given
   * fields of a job that is not running (fields of UpdateFlinkSqlJobRequestBody /
   * UpdateFlinkJarJobRequestBody; every one optional). A running or stopping job is refused
   * with HTTP 400, as is a job of the other type; the answer carries the update time
   * (FlinkJobUpdateTime).
   */
  private update(projectId: string, kind: "sql" | "jar", rawId: string, body: unknown): EmulatorAnswer {
    const api = kind === "sql" ? "update SQL job" : "update Flink Jar job";
    const id = jobIdOf(rawId);
    if (typeof id !== "string") return invalid(`job_id in the path: ${id.reason}`);
    const fields = kind === "sql" ? sqlUpdateFields : jarUpdateFields;
    const problem = checkFields(api, body, fields);
    if (problem !== undefined || !isBody(body)) return problem ?? invalid(`${api}: bad body`);
    const job = this.store.find(projectId, id);
    if (job === undefined) return notFound(id);
    if ((job.jobType === "flink_jar_job") !== (kind === "jar")) {
      return error(400, "DLI.0001", dliMessages.wrongJobType(job.jobType));
    }
    // The code is the emulator's choice: the docs name none for an update refused by status.
    if (!this.store.canUpdate(job)) return error(400, "DLI.0001", dliMessages.cannotUpdate(job.status));
    const changes: DliJobChanges = {
      ...this.commonSeedFields(body),
      ...(kind === "sql"
        ? defined({ sqlBody: optionalString(body["sql_body"]) })
        : { jar: this.jarOf(body) }),
    };
    this.store.update(job, changes);
    return {
      status: 200,
      body: {
        is_success: "true",
        message: dliMessages.updated,
        job: { update_time: this.epochMs(this.store.now()) },
      },
    };
  }

  private jarOf(body: Body): DliJarSpec {
    return defined({
      entrypoint: optionalString(body["entrypoint"]),
      mainClass: optionalString(body["main_class"]),
      entrypointArgs: optionalString(body["entrypoint_args"]),
      dependencyJars: optionalList(body["dependency_jars"]),
      dependencyFiles: optionalList(body["dependency_files"]),
    });
  }

  private commonSeedFields(body: Body): Defined<Omit<SeedDliJob, "projectId">> {
    return defined({
      name: optionalString(body["name"]),
      desc: optionalString(body["desc"]),
      queueName: optionalString(body["queue_name"]),
      runMode: optionalString(body["run_mode"]),
      cuNumber: optionalNumber(body["cu_number"]),
      parallelNumber: optionalNumber(body["parallel_number"]),
    });
  }

  private created(job: EmulatedDliJob, message: string): EmulatorAnswer {
    return {
      status: 200,
      body: {
        is_success: "true",
        message,
        job: { job_id: jsonId(job.id), status_name: job.status, status_desc: "" },
      },
    };
  }

  /**
   * One entry per requested id, in request order. A `busy` fault answers that entry with
   * {@link dliMessages.busy} and leaves the job alone; an `omit` fault carries out the action but
   * drops the entry, like an answer that lost a line, so the client must re-read the job. With
   * `refuseWholeBatches`, one job that would fail refuses the whole call (HTTP 400) and nothing
   * is done.
   */
  private batch(
    projectId: string,
    body: unknown,
    ctx: ServiceContext,
    flagName: string | undefined,
    action: {
      refusal: (job: EmulatedDliJob) => string | undefined;
      perform: (job: EmulatedDliJob, flag: boolean) => string;
    },
  ): EmulatorAnswer {
    if (!isBody(body)) return invalid("the request body must be a JSON object with job_ids");
    const ids = jobIdsOfBody(body);
    if (!Array.isArray(ids)) return invalid(ids.reason);
    const flag = flagName === undefined ? undefined : body[flagName];
    if (flag !== undefined && typeof flag !== "boolean")
      return invalid(`${flagName ?? ""} must be a boolean`);
    if (this.refuseWholeBatches) {
      for (const id of ids) {
        const job = this.store.find(projectId, id);
        if (job === undefined) return notFound(id);
        const refused = action.refusal(job);
        // The code is the emulator's choice: the docs name none for a refused batch.
        if (refused !== undefined) return error(400, "DLI.0001", `Job ${id}: ${refused}`);
      }
    }
    const entries: BatchEntry[] = [];
    for (const id of ids) {
      const fault = ctx.batchEntryFault(id);
      if (fault === "busy") {
        entries.push({ is_success: "false", message: dliMessages.busy });
        continue;
      }
      const job = this.store.find(projectId, id);
      const refused = job === undefined ? dliMessages.notFound : action.refusal(job);
      const message = refused ?? (job && action.perform(job, flag === true)) ?? "";
      if (fault !== "omit") entries.push({ is_success: refused === undefined ? "true" : "false", message });
    }
    return { status: 200, body: entries };
  }

  /**
   * A time on the store's clock (which may count from the emulator's start) as Unix epoch
   * milliseconds, the unit of the SDK model's create_time/start_time/update_time (its example:
   * 1516952770835).
   */
  private epochMs(storeTime: number): number {
    return Math.round(Date.now() - this.store.now() + storeTime);
  }

  private statusDesc(job: EmulatedDliJob): string {
    if (job.status === "job_submit_fail") return job.statusReason ?? defaultSubmitFailure;
    if (job.status === "job_cancel_fail") return "The job failed to be stopped (emulated).";
    return "";
  }

  private summary(job: EmulatedDliJob): Record<string, unknown> {
    const running = job.status === "job_running" && job.startTime !== undefined;
    return {
      job_id: jsonId(job.id),
      name: job.name,
      desc: job.desc,
      user_name: "",
      job_type: job.jobType,
      status: job.status,
      status_desc: this.statusDesc(job),
      create_time: this.epochMs(job.createTime),
      duration: running ? Math.max(0, this.store.now() - (job.startTime ?? 0)) : 0,
      root_id: -1,
      graph_editor_enabled: false,
      has_savepoint: job.savepointPath !== undefined,
    };
  }

  private detail(job: EmulatedDliJob): Record<string, unknown> {
    const jar = job.jar;
    return {
      job_id: jsonId(job.id),
      user_id: "dli-emulator-user",
      queue_name: job.queueName ?? null,
      project_id: job.projectId,
      name: job.name,
      desc: job.desc,
      sql_body: job.sqlBody ?? "",
      run_mode: job.runMode,
      job_type: job.jobType,
      job_config: {
        checkpoint_enabled: false,
        checkpoint_mode: "exactly_once",
        cu_number: job.cuNumber,
        parallel_number: job.parallelNumber,
        restart_when_exception: false,
        entrypoint: jar?.entrypoint ?? null,
        dependency_jars: jar?.dependencyJars ?? null,
        dependency_files: jar?.dependencyFiles ?? null,
      },
      main_class: jar?.mainClass ?? null,
      entrypoint_args: jar?.entrypointArgs ?? null,
      execution_graph: null,
      savepoint_path: job.savepointPath ?? null,
      status: job.status,
      status_desc: this.statusDesc(job),
      create_time: this.epochMs(job.createTime),
      update_time: this.epochMs(job.history.at(-1)?.at ?? job.createTime),
      start_time: job.startTime === undefined ? null : this.epochMs(job.startTime),
    };
  }
}
