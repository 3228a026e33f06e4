import type { EmulatedService, EmulatorAnswer, EmulatorRequest, ServiceContext } from "./EmulatedService";
import type { EmulatorStrictness } from "./emulatorStrictness";
import { drsErrorCodes } from "./drsErrorCodes";
import { DrsV5Lifecycle } from "./DrsV5Lifecycle";
import { DrsV3Lifecycle } from "./DrsV3Lifecycle";
import {
  deletableStatuses,
  stoppingStatuses,
  v5DeleteManyEngines,
  v5DeleteOneEngines,
  type DrsJobStore,
  type EmulatedDrsJob,
} from "./DrsJobStore";

export { drsErrorCodes };

/** Options of {@link DrsService}. */
export interface DrsServiceOptions {
  /** Whether the v5 API is published (false: Open Telekom Cloud, regions without v5). Default true. */
  readonly v5Available?: boolean;
  /** Stricter behaviours the vendor allows (all off by default); see {@link EmulatorStrictness}. */
  readonly strict?: Partial<
    Pick<
      EmulatorStrictness,
      | "fuzzyV5NameFilter"
      | "refuseWholeBatches"
      | "noForcedStopDuringGracefulStop"
      | "v5ListWithoutChargingMode"
    >
  >;
}

type Entry = Record<string, unknown>;
type Answer = EmulatorAnswer & { body: unknown };

const notPublished: Answer = {
  status: 404,
  body: {
    error_code: drsErrorCodes.apiNotPublished,
    error_msg: "The API does not exist or has not been published in the environment.",
  },
};
const v3Error = (code: string, msg: string): Answer => ({
  status: 400,
  body: { error_code: code, error_msg: msg },
});
const v5Error = (code: string, msg: string): Answer => ({
  status: 400,
  body: { error_code: code, error_msg: msg },
});
const v3NotFoundMsg = (id: string) => `The job does not exist or has been deleted. (${id})`;
const v5NotFoundMsg = (id: string) => `Job does not exist, please check job ID. (${id})`;
const busyMsg = "Another operation is being performed on the job or the job is abnormal. Try again later.";
const prepaidMsg = (id: string) =>
  `Job ${id} is billed yearly/monthly: unsubscribe its order before stopping or deleting it.`;
const gracefulStopRunningMsg = (id: string) =>
  `A graceful stop is running on job ${id}; another operation cannot start now. Try again later.`;
const dualActiveMsg = (id: string) =>
  `Job ${id} is a parent job: it may be stopped or deleted only in the dual-active DR scenario`;

/**
 * The emulated Data Replication Service, v3 and v5 APIs, answering like the vendor docs
 * (api-facts.md §1). v3 calls see every job of the project; v5 calls see only jobs of family
 * `v5`. Prepaid and dual-active parent jobs refuse stops; stops and deletes go through the
 * store's timed state machine.
 */
export class DrsService implements EmulatedService {
  readonly name = "drs";
  private readonly v5Available: boolean;
  private readonly strict: NonNullable<DrsServiceOptions["strict"]>;
  private readonly v5Lifecycle: DrsV5Lifecycle;
  private readonly v3Lifecycle: DrsV3Lifecycle;

  constructor(
    readonly store: DrsJobStore,
    options: DrsServiceOptions = {},
  ) {
    this.v5Available = options.v5Available ?? true;
    this.strict = options.strict ?? {};
    this.v5Lifecycle = new DrsV5Lifecycle(store, (projectId, id) => this.v5Find(projectId, id));
    this.v3Lifecycle = new DrsV3Lifecycle(store, this.strict.refuseWholeBatches === true);
  }

  handle(req: EmulatorRequest, ctx: ServiceContext): EmulatorAnswer | undefined {
    const parts = req.path.split("/").filter(Boolean).map(decodeSegment);
    const [version, projectId, jobs, ...rest] = parts;
    if (version === "v3" && projectId !== undefined && jobs === "jobs") {
      return this.v3(req, projectId, rest, ctx);
    }
    if (version === "v5") {
      if (!this.v5Available || projectId === undefined || jobs !== "jobs") return notPublished;
      return this.v5(req, projectId, rest, ctx);
    }
    return undefined;
  }

  jobIdsOf(req: EmulatorRequest): readonly string[] {
    const parts = req.path.split("/").filter(Boolean).map(decodeSegment);
    const ids: string[] = [];
    if (parts[0] === "v5" && parts[2] === "jobs" && parts[3] !== undefined && parts[3] !== "batch-stop") {
      ids.push(parts[3]);
    }
    // v3 bodies name jobs in `jobs` (ids, `job_id`, or `id` in batch-connection) or `speed_limits`.
    const jobs = [field(req.body, "jobs"), field(req.body, "speed_limits")].flatMap((list) =>
      Array.isArray(list) ? (list as unknown[]) : [],
    );
    for (const j of jobs) {
      if (typeof j === "string") ids.push(j);
      for (const key of ["job_id", "id"]) {
        const id = field(j, key);
        if (typeof id === "string") ids.push(id);
      }
    }
    const names = req.query.get("name");
    if (parts[0] === "v5" && names) ids.push(...names.split(","));
    return [...new Set(ids)];
  }

  jobNamesOf(req: EmulatorRequest): readonly string[] {
    const names: string[] = [];
    const created = field(field(req.body, "job"), "base_info");
    if (typeof field(created, "name") === "string") names.push(field(created, "name") as string);
    const jobs = field(req.body, "jobs");
    if (Array.isArray(jobs)) {
      for (const j of jobs) if (typeof field(j, "name") === "string") names.push(field(j, "name") as string);
    }
    for (const id of this.jobIdsOf(req)) {
      const job = this.store.get(id);
      if (job !== undefined) names.push(job.name);
    }
    return [...new Set(names)];
  }

  jobStatus(jobId: string): string | undefined {
    const job = this.store.get(jobId);
    return job === undefined || job.removed ? undefined : job.status;
  }

  // ---- v3 ----------------------------------------------------------------------------------

  private v3(req: EmulatorRequest, projectId: string, rest: string[], ctx: ServiceContext): Answer {
    const route = `${req.method} ${rest.join("/")}`;
    if (route === "POST batch-status") return this.v3Query(req, projectId, ctx, "status");
    if (route === "POST batch-detail") return this.v3Query(req, projectId, ctx, "detail");
    if (route === "DELETE batch-jobs") return this.v3BatchJobs(req, projectId, ctx);
    if (route === "POST ") return this.v3List(req, projectId);
    return this.v3Lifecycle.handle(route, req, projectId, ctx) ?? notPublished;
  }

  private v3Find(projectId: string, id: string): EmulatedDrsJob | undefined {
    return this.store.find(projectId, id);
  }

  private v3Query(
    req: EmulatorRequest,
    projectId: string,
    ctx: ServiceContext,
    kind: "status" | "detail",
  ): Answer {
    const ids = field(req.body, "jobs");
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === "string")) {
      return v3Error(drsErrorCodes.v3BadRequest, "jobs must be a non-empty array of job ids.");
    }
    const page = field(req.body, "page_req");
    const curPage = numberField(page, "cur_page") ?? 1;
    // The vendor's trap: without page_req only the first five jobs are answered.
    const perPage = numberField(page, "per_page") ?? 5;
    if (
      !Number.isInteger(curPage) ||
      curPage < 1 ||
      !Number.isInteger(perPage) ||
      perPage < 1 ||
      perPage > 100
    ) {
      return v3Error(
        drsErrorCodes.v3BadRequest,
        "page_req.cur_page must be ≥ 1 and page_req.per_page 1-100.",
      );
    }
    if (ids.length === 1 && this.v3Find(projectId, ids[0] as string) === undefined) {
      return v3Error(drsErrorCodes.v3NotFound, v3NotFoundMsg(ids[0] as string));
    }
    const results: Entry[] = [];
    for (const id of ids.slice((curPage - 1) * perPage, curPage * perPage)) {
      if (ctx.batchEntryFault(id) === "omit") continue;
      const job = this.v3Find(projectId, id);
      if (job === undefined) {
        results.push({ id, error_code: drsErrorCodes.v3NotFound, error_message: v3NotFoundMsg(id) });
      } else results.push(kind === "status" ? { id, status: job.status } : v3Detail(job));
    }
    return { status: 200, body: { count: ids.length, results } };
  }

  private v3BatchJobs(req: EmulatorRequest, projectId: string, ctx: ServiceContext): Answer {
    const jobs = field(req.body, "jobs");
    const valid =
      Array.isArray(jobs) &&
      jobs.length > 0 &&
      jobs.every(
        (j) =>
          typeof field(j, "job_id") === "string" &&
          ["terminate", "force_terminate", "delete"].includes(field(j, "delete_type") as string),
      );
    if (!valid) {
      return v3Error(
        drsErrorCodes.v3BadRequest,
        'jobs must be a non-empty array of {"delete_type": "terminate"|"force_terminate"|"delete", "job_id"}.',
      );
    }
    // terminate and force_terminate end the job (a stop); delete removes a stopped one.
    const actionOf = (j: unknown) => {
      const deleteType = field(j, "delete_type");
      const what = deleteType === "delete" ? ("delete" as const) : ("stop" as const);
      return { id: field(j, "job_id") as string, what, force: deleteType === "force_terminate" };
    };
    const refused = this.wholeBatchRefusal(jobs, (j) => {
      const { id, what, force } = actionOf(j);
      return this.refusal(projectId, id, what, { force, family: "any" });
    });
    if (refused) return v3Error(refused.v3Code, refused.msg);
    const results: Entry[] = [];
    for (const j of jobs) {
      const { id, what, force } = actionOf(j);
      const fault = ctx.batchEntryFault(id);
      if (fault === "busy") {
        results.push({ id, status: "failed", error_code: drsErrorCodes.busy, error_msg: busyMsg });
        continue;
      }
      const outcome = this.act(projectId, id, what, { force, family: "any" });
      if (fault === "omit") continue;
      results.push(
        outcome === undefined
          ? { id, status: "success" }
          : { id, status: "failed", error_code: outcome.v3Code, error_msg: outcome.msg },
      );
    }
    return { status: 202, body: { count: results.length, results } };
  }

  private v3List(req: EmulatorRequest, projectId: string): Answer {
    const dbUseType = field(req.body, "db_use_type");
    const curPage = numberField(req.body, "cur_page");
    const perPage = numberField(req.body, "per_page");
    if (
      !["migration", "sync", "cloudDataGuard"].includes(dbUseType as string) ||
      curPage === undefined ||
      perPage === undefined ||
      curPage < 1 ||
      perPage < 1 ||
      perPage > 100
    ) {
      return v3Error(
        drsErrorCodes.v3BadRequest,
        "cur_page (≥ 1), per_page (1-100) and db_use_type (migration, sync, cloudDataGuard) are required.",
      );
    }
    const name = field(req.body, "name");
    const status = field(req.body, "status");
    const matching = this.store
      .all()
      .filter(
        (job) =>
          !job.removed &&
          job.projectId === projectId &&
          job.jobType === dbUseType &&
          (typeof name !== "string" || job.name.includes(name) || job.id === name) &&
          (typeof status !== "string" || job.status === status),
      );
    const jobs = matching.slice((curPage - 1) * perPage, curPage * perPage).map(v3Listed);
    return { status: 200, body: { total_record: matching.length, jobs } };
  }

  // ---- v5 ----------------------------------------------------------------------------------

  private v5Find(projectId: string, id: string): EmulatedDrsJob | undefined {
    const job = this.store.find(projectId, id);
    return job?.family === "v5" ? job : undefined;
  }

  private v5(req: EmulatorRequest, projectId: string, rest: string[], ctx: ServiceContext): Answer {
    const [first, second, ...more] = rest;
    if (more.length > 0) return notPublished;
    if (first === undefined) {
      if (req.method === "GET") return this.v5List(req, projectId);
      if (req.method === "DELETE") return this.v5DeleteMany(req, projectId, ctx);
      if (req.method === "POST") return this.v5Lifecycle.create(req, projectId);
      return notPublished;
    }
    if (first === "batch-stop" && second === undefined && req.method === "POST") {
      return this.v5BatchStop(req, projectId, ctx);
    }
    if (second === undefined && req.method === "GET") {
      if (!req.query.get("type"))
        return v5Error(drsErrorCodes.v5Failed, "The query parameter type is required.");
      const job = this.v5Find(projectId, first);
      if (job === undefined) return v5Error(drsErrorCodes.v5NotFound, v5NotFoundMsg(first));
      return this.v5Lifecycle.detail(job, req.query) ?? { status: 200, body: { job: v5Detail(job) } };
    }
    if (second === undefined && req.method === "PUT") return this.v5Lifecycle.update(req, projectId, first);
    if (second === "action" && req.method === "POST") {
      return this.v5Lifecycle.action(req, projectId, first, ctx);
    }
    if (second === undefined && req.method === "DELETE") return this.v5DeleteOne(projectId, first);
    if (second === "actions" && req.method === "GET") {
      const job = this.v5Find(projectId, first);
      return job
        ? { status: 200, body: { job_action: actionsOf(job) } }
        : v5Error(drsErrorCodes.v5NotFound, v5NotFoundMsg(first));
    }
    if (second === "stop" && req.method === "POST") {
      // The SDK's StopJobActionResponse carries the outcome inside a 200 body: status `success`
      // or `failed` (lower case, unlike batch entries) with error_code/error_msg; a refusal is
      // not an HTTP error.
      const force = field(req.body, "is_force_stop") === true;
      const [entry] = this.v5Entry(projectId, first, ctx, () =>
        this.act(projectId, first, "stop", { force, family: "v5" }),
      );
      const status = entry?.["status"] === "Success" ? "success" : "failed";
      return { status: 200, body: { ...(entry ?? { id: first }), status } };
    }
    return notPublished;
  }

  private v5List(req: EmulatorRequest, projectId: string): Answer {
    const jobType = req.query.get("job_type");
    if (!jobType || !["migration", "sync", "cloudDataGuard"].includes(jobType)) {
      return v5Error(
        drsErrorCodes.v5Failed,
        "The query parameter job_type (migration, sync, cloudDataGuard) is required.",
      );
    }
    const names = req.query.get("name")?.split(",").filter(Boolean);
    if (names !== undefined && names.length > 10) {
      return v5Error(drsErrorCodes.v5Failed, "The query parameter name accepts at most 10 values.");
    }
    const limit = Number(req.query.get("limit") ?? 10);
    const offset = Number(req.query.get("offset") ?? 0);
    const matching = this.store
      .all()
      .filter(
        (job) =>
          !job.removed &&
          job.family === "v5" &&
          job.projectId === projectId &&
          job.jobType === jobType &&
          (names === undefined || names.some((term) => this.v5ListMatches(job, term))),
      );
    const jobs = matching.slice(offset, offset + limit).map((job) => ({
      id: job.id,
      name: job.name,
      status: job.status,
      engine_type: job.engineType,
      job_type: job.jobType,
      ...(this.v5ListShowsChargingMode(job) ? { charging_mode: job.chargingMode } : {}),
      create_time: String(job.createdAt),
    }));
    return { status: 200, body: { total_count: matching.length, jobs } };
  }

  /** Whether the v5 list entry of a job carries its `charging_mode` (see `v5ListWithoutChargingMode`). */
  private v5ListShowsChargingMode(job: EmulatedDrsJob): boolean {
    if (this.strict.v5ListWithoutChargingMode !== true) return true;
    // By the id, so that one job's entry always looks the same while about half lack the field.
    let sum = 0;
    for (const char of job.id) sum += char.charCodeAt(0);
    return sum % 2 === 0;
  }

  /** Whether a v5 list `name` term selects a job: its id or name, or (fuzzy) a name containing it. */
  private v5ListMatches(job: EmulatedDrsJob, term: string): boolean {
    if (job.id === term || job.name === term) return true;
    return this.strict.fuzzyV5NameFilter === true && job.name.includes(term);
  }

  /**
   * With `refuseWholeBatches`: the first entry's failure, which then refuses the whole call before
   * anything is done. Entries the fault injector shapes (busy, omit) keep their own answers.
   */
  private wholeBatchRefusal(entries: readonly unknown[], refusal: (entry: unknown) => Failure | undefined) {
    if (this.strict.refuseWholeBatches !== true) return undefined;
    for (const entry of entries) {
      const failure = refusal(entry);
      if (failure) return failure;
    }
    return undefined;
  }

  private v5BatchStop(req: EmulatorRequest, projectId: string, ctx: ServiceContext): Answer {
    const jobs = field(req.body, "jobs");
    if (
      !Array.isArray(jobs) ||
      jobs.length === 0 ||
      !jobs.every((j) => typeof field(j, "job_id") === "string")
    ) {
      return v5Error(drsErrorCodes.v5Failed, "jobs must be a non-empty array of {job_id, is_force_stop?}.");
    }
    const refused = this.wholeBatchRefusal(jobs, (j) =>
      this.refusal(projectId, field(j, "job_id") as string, "stop", {
        force: field(j, "is_force_stop") === true,
        family: "v5",
      }),
    );
    if (refused) return v5Error(refused.v5Code, refused.msg);
    const entries = jobs.flatMap((j) => {
      const id = field(j, "job_id") as string;
      return this.v5Entry(projectId, id, ctx, () =>
        this.act(projectId, id, "stop", { force: field(j, "is_force_stop") === true, family: "v5" }),
      );
    });
    return { status: 200, body: { jobs: entries } };
  }

  private v5DeleteMany(req: EmulatorRequest, projectId: string, ctx: ServiceContext): Answer {
    const ids = field(req.body, "jobs");
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === "string")) {
      return v5Error(drsErrorCodes.v5Failed, "jobs must be a non-empty array of job ids.");
    }
    const refusal = (id: string): Failure | undefined => {
      const job = this.v5Find(projectId, id);
      if (job && !v5DeleteManyEngines.has(job.engineType)) {
        return {
          v3Code: "",
          v5Code: drsErrorCodes.v5Failed,
          msg: `Batch deletion is not supported for engine type ${job.engineType}.`,
        };
      }
      return this.refusal(projectId, id, "delete", { force: false, family: "v5" });
    };
    const refused = this.wholeBatchRefusal(ids, (id) => refusal(id as string));
    if (refused) return v5Error(refused.v5Code, refused.msg);
    const entries = ids.flatMap((id) =>
      this.v5Entry(projectId, id, ctx, () => {
        const failure = refusal(id);
        if (failure === undefined) this.perform(this.v5Find(projectId, id), "delete", false);
        return failure;
      }),
    );
    return { status: 200, body: { jobs: entries } };
  }

  private v5DeleteOne(projectId: string, id: string): Answer {
    const job = this.v5Find(projectId, id);
    if (job && !v5DeleteOneEngines.has(job.engineType)) {
      return v5Error(
        drsErrorCodes.v5Failed,
        `Deleting a single job is not supported for engine type ${job.engineType}.`,
      );
    }
    const failure = this.act(projectId, id, "delete", { force: false, family: "v5" });
    return failure ? v5Error(failure.v5Code, failure.msg) : { status: 200, body: {} };
  }

  /** One entry of a v5 batch answer, after consulting the fault injector. */
  private v5Entry(
    projectId: string,
    id: string,
    ctx: ServiceContext,
    act: () => Failure | undefined,
  ): Entry[] {
    const fault = ctx.batchEntryFault(id);
    const name = this.v5Find(projectId, id)?.name;
    const named = name === undefined ? { id } : { id, name };
    if (fault === "busy")
      return [{ ...named, status: "Failed", error_code: drsErrorCodes.busy, error_msg: busyMsg }];
    const failure = act();
    if (fault === "omit") return [];
    return [
      failure === undefined
        ? { ...named, status: "Success" }
        : { ...named, status: "Failed", error_code: failure.v5Code, error_msg: failure.msg },
    ];
  }

  // ---- shared rules ------------------------------------------------------------------------

  /** Stops or deletes a job, or says why not. */
  private act(
    projectId: string,
    id: string,
    what: "stop" | "delete",
    how: { force: boolean; family: "v5" | "any" },
  ): Failure | undefined {
    const failure = this.refusal(projectId, id, what, how);
    if (failure) return failure;
    this.perform(
      how.family === "v5" ? this.v5Find(projectId, id) : this.v3Find(projectId, id),
      what,
      how.force,
    );
    return undefined;
  }

  /** Why a stop or delete of a job would be refused now, or `undefined` when it would be taken. */
  private refusal(
    projectId: string,
    id: string,
    what: "stop" | "delete",
    how: { force: boolean; family: "v5" | "any" },
  ): Failure | undefined {
    const job = how.family === "v5" ? this.v5Find(projectId, id) : this.v3Find(projectId, id);
    if (job === undefined) {
      return {
        v3Code: drsErrorCodes.v3NotFound,
        v5Code: drsErrorCodes.v5NotFound,
        msg: how.family === "v5" ? v5NotFoundMsg(id) : v3NotFoundMsg(id),
      };
    }
    if (job.dualActiveParent) {
      return {
        v3Code: drsErrorCodes.v3DualActiveParent,
        v5Code: drsErrorCodes.v5DualActiveParent,
        msg: dualActiveMsg(id),
      };
    }
    if (what === "stop") {
      if (job.chargingMode === "period" && this.store.canStop(job)) {
        return { v3Code: drsErrorCodes.v3Prepaid, v5Code: drsErrorCodes.v5Prepaid, msg: prepaidMsg(id) };
      }
      if (
        how.force &&
        this.strict.noForcedStopDuringGracefulStop === true &&
        stoppingStatuses.has(job.status) &&
        !job.stopForced
      ) {
        return { v3Code: drsErrorCodes.busy, v5Code: drsErrorCodes.busy, msg: gracefulStopRunningMsg(id) };
      }
      if (!(how.force ? this.store.canForceStop(job) : this.store.canStop(job))) {
        return statusNotAllowed(
          stoppingStatuses.has(job.status)
            ? `Job ${id} is already being stopped (status ${job.status}).`
            : `Job ${id} cannot be stopped in status ${job.status}.`,
        );
      }
      return undefined;
    }
    if (!this.store.canDelete(job)) {
      return statusNotAllowed(
        `Job ${id} must be stopped before deletion (status ${job.status}; deletable: ${[...deletableStatuses].join(", ")}).`,
      );
    }
    return undefined;
  }

  /** Carries out a stop or delete that {@link refusal} let through. */
  private perform(job: EmulatedDrsJob | undefined, what: "stop" | "delete", force: boolean): void {
    if (job === undefined) throw new Error("internal error: acting on a job that does not exist");
    if (what === "stop") this.store.stop(job, force);
    else this.store.delete(job);
  }
}

/** Why a job's stop or delete was refused, in both API families' codes. */
interface Failure {
  readonly v3Code: string;
  readonly v5Code: string;
  readonly msg: string;
}

const statusNotAllowed = (msg: string): Failure => ({
  v3Code: drsErrorCodes.v3StatusNotAllowed,
  v5Code: drsErrorCodes.v5Failed,
  msg,
});

/** A batch-detail entry, shaped like the vendor SDK model `QueryJobResp`. */
function v3Detail(job: EmulatedDrsJob): Entry {
  return {
    id: job.id,
    name: job.name,
    status: job.status,
    db_use_type: job.jobType,
    job_direction: job.jobDirection,
    task_type: job.taskType,
    create_time: String(job.createdAt),
    // No top-level engine type or charging mode in v3: the engine is an instance fact.
    inst_info: { engine_type: job.engineType },
    ...v3Configured(job),
    ...(job.periodOrderId !== undefined
      ? {
          period_order: {
            status: "COMPLETED",
            order_id: job.periodOrderId,
            // An integer whose values the vendor does not document; 1 is the emulator's choice.
            charging_mode: 1,
            period_type: 2,
            period_num: 1,
            is_auto_renew: 0,
          },
        }
      : {}),
  };
}

/**
 * What the v3 create-to-start calls configured, as `QueryJobResp` shows it: one `Endpoint` per
 * side (passwords removed) for jobs created through v3, the description, the speed limits.
 */
function v3Configured(job: EmulatedDrsJob): Entry {
  const [source] = job.setup.sourceEndpoints;
  const [target] = job.setup.targetEndpoints;
  const v3Shaped = job.family === "v3";
  return {
    ...(job.setup.description !== undefined ? { description: job.setup.description } : {}),
    ...(v3Shaped && source !== undefined ? { source_endpoint: source } : {}),
    ...(v3Shaped && target !== undefined ? { target_endpoint: target } : {}),
    ...(job.setup.speedLimit !== undefined ? { speed_limit: job.setup.speedLimit } : {}),
  };
}

/**
 * One job of a v3 list answer, shaped like the vendor SDK model `JobInfo`: unlike the detail
 * (`QueryJobResp`), the list names the engine at top level and has no `inst_info` or `period_order`.
 */
function v3Listed(job: EmulatedDrsJob): Entry {
  return {
    id: job.id,
    name: job.name,
    status: job.status,
    create_time: String(job.createdAt),
    engine_type: job.engineType,
    job_direction: job.jobDirection,
    db_use_type: job.jobType,
    task_type: job.taskType,
  };
}

/** The `job` of a v5 detail answer, shaped like the vendor SDK model `JobDetailResp`. */
function v5Detail(job: EmulatedDrsJob): Entry {
  return {
    id: job.id,
    status: job.status,
    create_time: String(job.createdAt),
    base_info: {
      name: job.name,
      engine_type: job.engineType,
      job_type: job.jobType,
      job_direction: job.jobDirection,
      task_type: job.taskType,
      charging_mode: job.chargingMode,
      ...(job.setup.description !== undefined ? { description: job.setup.description } : {}),
    },
    // What the create and update calls configured, passwords removed (JobEndpointInfo, JobNodeInfo).
    ...(job.setup.sourceEndpoints.length > 0 ? { source_endpoint: job.setup.sourceEndpoints } : {}),
    ...(job.setup.targetEndpoints.length > 0 ? { target_endpoint: job.setup.targetEndpoints } : {}),
    ...(job.setup.nodeInfo !== undefined ? { node_info: job.setup.nodeInfo } : {}),
    // v5 orders carry no id: period type 2 is monthly, 3 yearly; auto-renew 0 is off.
    ...(job.periodOrderId !== undefined
      ? { period_order: { period_type: 2, period_num: 1, is_auto_renew: 0 } }
      : {}),
  };
}

const allActions = ["START", "PAUSE", "RETRY", "FREE_RESOURCE", "UNSUBSCRIBE", "DELETE"];
const pausable = new Set(["FULL_TRANSFER_STARTED", "INCRE_TRANSFER_STARTED", "CHILD_TRANSFER_STARTED"]);
const startable = new Set(["CONFIGURATION", "PAUSING"]);
const retryable = new Set([
  "START_JOB_FAILED",
  "FULL_TRANSFER_FAILED",
  "INCRE_TRANSFER_FAILED",
  "CHANGE_JOB_FAILED",
  "CHILD_TRANSFER_FAILED",
  "REBUILD_NODE_FAILED",
  "NODE_UPGRADE_FAILED",
]);
const knownStoppable = new Set([
  ...pausable,
  ...startable,
  ...retryable,
  "CREATING",
  "STARTJOBING",
  "WAITING_FOR_START",
  "FULL_TRANSFER_COMPLETE",
  "CHILD_TRANSFER_STARTING",
  "CHILD_TRANSFER_COMPLETE",
  "CHANGE_JOB_STARTED",
  "REBUILD_NODE_STARTED",
  "NODE_UPGRADE_START",
  "NODE_UPGRADE_COMPLETE",
  "RELEASE_RESOURCE_FAILED",
]);

/** What the v5 actions call answers: consistent with what stop and delete would accept. */
function actionsOf(job: EmulatedDrsJob): Entry {
  const available: string[] = [];
  const s = job.status;
  if (startable.has(s)) available.push("START");
  if (pausable.has(s)) available.push("PAUSE");
  if (retryable.has(s)) available.push("RETRY");
  if (!job.dualActiveParent && knownStoppable.has(s)) {
    available.push(job.chargingMode === "period" ? "UNSUBSCRIBE" : "FREE_RESOURCE");
  }
  if (!job.dualActiveParent && deletableStatuses.has(s)) available.push("DELETE");
  // current_action is an enum in the SDK model (no empty value): left out when nothing runs.
  return {
    available_actions: available,
    unavailable_actions: allActions.filter((a) => !available.includes(a)),
    ...(stoppingStatuses.has(s) ? { current_action: "FREE_RESOURCE" } : {}),
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function numberField(value: unknown, name: string): number | undefined {
  const v = field(value, name);
  return typeof v === "number" ? v : undefined;
}
