import type { DrsJobStore, EmulatedDrsJob } from "./DrsJobStore";
import { endpointReplaced, withoutSecrets } from "./DrsJobSetup";
import { DrsLifecycle } from "./DrsLifecycle";
import { checkV3CreateJob, checkV3Endpoint, v3CreateEngines } from "./checkV3CreateJob";
import { drsErrorCodes } from "./drsErrorCodes";
import {
  checkDescription,
  checkJobName,
  field,
  firstProblem,
  isObject,
  netTypes,
  parseStartTime,
  requireString,
} from "./drsFieldChecks";
import type { EmulatorAnswer, EmulatorRequest, ServiceContext } from "./EmulatedService";

type Answer = EmulatorAnswer & { body: unknown };
type Entry = Record<string, unknown>;

/** Why one entry of a batch was refused. */
interface Refusal {
  readonly code: string;
  readonly msg: string;
}

/** How one v3 batch call checks, carries out and reports each of its entries. */
interface BatchCall {
  /** The body field holding the entries (`jobs`, or `speed_limits`). */
  readonly list: "jobs" | "speed_limits";
  /** HTTP status of a taken call. */
  readonly status: 200 | 202;
  /** The job an entry names (undefined for a create). */
  readonly jobId: (entry: unknown) => string | undefined;
  /** Why the entry is refused, checked before anything is done. */
  readonly refusal: (entry: unknown, job: EmulatedDrsJob | undefined) => Refusal | undefined;
  /** Carries an accepted entry out; returns its result entry. */
  readonly apply: (entry: unknown, job: EmulatedDrsJob | undefined) => Entry;
  /** The result entry of a refused one. */
  readonly failed: (id: string | undefined, refusal: Refusal) => Entry;
  /** Answers the results (`{count, results}` unless the model says otherwise). */
  readonly answer?: (results: Entry[]) => Entry;
}

const malformed = (msg: string): Refusal => ({ code: drsErrorCodes.v3BadRequest, msg });
const wrongStatus = (msg: string): Refusal => ({ code: drsErrorCodes.v3StatusNotAllowed, msg });
const notFound = (id: string): Refusal => ({
  code: drsErrorCodes.v3NotFound,
  msg: `The job does not exist or has been deleted. (${id})`,
});
const busyMsg = "Another operation is being performed on the job or the job is abnormal. Try again later.";

/**
 * The v3 batch calls that create jobs and take them to running (SDK `batch_create_jobs`,
 * `batch_validate_connections`, `batch_update_job`, `batch_set_objects`, `batch_check_jobs`,
 * `batch_check_results`, `batch_start_jobs`, `batch_set_speed`). Every entry is answered on its own
 * (success or failed with `error_code`/`error_msg`), or, with `refuseWholeBatches`, the first
 * refused entry refuses the whole call before anything is done.
 */
export class DrsV3Lifecycle {
  private readonly steps: DrsLifecycle;
  private readonly calls: Readonly<Record<string, (projectId: string, ctx: ServiceContext) => BatchCall>>;

  constructor(
    private readonly store: DrsJobStore,
    private readonly refuseWholeBatches: boolean,
  ) {
    this.steps = new DrsLifecycle(store);
    this.calls = {
      "POST batch-creation": (projectId) => this.creation(projectId),
      "POST batch-connection": (_, ctx) => this.connection(ctx),
      "PUT batch-modification": () => this.modification(),
      "PUT batch-select-objects": () => this.objectSelection(),
      "POST batch-precheck": (_, ctx) => this.precheck(ctx),
      "POST batch-precheck-result": () => this.precheckResult(),
      "POST batch-starting": (_, ctx) => this.starting(ctx),
      "PUT batch-limit-speed": () => this.speedLimit(),
    };
  }

  /** Answers a v3 route (`METHOD path-after-jobs/`) it serves, or `undefined`. */
  handle(route: string, req: EmulatorRequest, projectId: string, ctx: ServiceContext): Answer | undefined {
    const call = this.calls[route]?.(projectId, ctx);
    return call === undefined ? undefined : this.run(call, req, projectId, ctx);
  }

  private run(call: BatchCall, req: EmulatorRequest, projectId: string, ctx: ServiceContext): Answer {
    const entries = field(req.body, call.list);
    if (!Array.isArray(entries) || entries.length === 0) {
      return badRequest(`${call.list} must be a non-empty list.`);
    }
    const find = (id: string | undefined) => (id === undefined ? undefined : this.store.find(projectId, id));
    const refusalOf = (entry: unknown): Refusal | undefined => {
      const id = call.jobId(entry);
      if (id !== undefined && find(id) === undefined) return notFound(id);
      return call.refusal(entry, find(id));
    };
    if (this.refuseWholeBatches) {
      for (const entry of entries) {
        const refusal = refusalOf(entry);
        if (refusal !== undefined) return badRequest(refusal.msg, refusal.code);
      }
    }
    const results: Entry[] = [];
    for (const entry of entries) {
      const id = call.jobId(entry);
      const fault = id === undefined ? undefined : ctx.batchEntryFault(id);
      if (fault === "busy") {
        results.push(call.failed(id, { code: drsErrorCodes.busy, msg: busyMsg }));
        continue;
      }
      const refusal = refusalOf(entry);
      const result = refusal === undefined ? call.apply(entry, find(id)) : call.failed(id, refusal);
      if (fault !== "omit") results.push(result);
    }
    return { status: call.status, body: call.answer?.(results) ?? { count: results.length, results } };
  }

  private creation(projectId: string): BatchCall {
    return {
      list: "jobs",
      status: 202,
      jobId: () => undefined,
      refusal: (entry) => {
        const problem = checkV3CreateJob(entry);
        return problem === undefined ? undefined : malformed(problem);
      },
      apply: (entry) => {
        const e = entry as Entry;
        const job = this.store.create(
          {
            projectId,
            name: e["name"] as string,
            engineType: e["engine_type"] as string,
            jobType: e["db_use_type"] as EmulatedDrsJob["jobType"],
            family: "v3",
            chargingMode: e["charging_mode"] === "period" ? "period" : "on_demand",
            jobDirection: e["job_direction"] as EmulatedDrsJob["jobDirection"],
            taskType: e["task_type"] as EmulatedDrsJob["taskType"],
          },
          {
            description: e["description"] as string | undefined,
            sourceEndpoints: [withoutSecrets(e["source_endpoint"])],
            targetEndpoints: [withoutSecrets(e["target_endpoint"])],
          },
        );
        return { id: job.id, name: job.name, status: job.status, create_time: String(job.createdAt) };
      },
      failed: (_, refusal) => ({ error_code: refusal.code, error_msg: refusal.msg }),
    };
  }

  private connection(ctx: ServiceContext): BatchCall {
    return {
      list: "jobs",
      status: 200,
      jobId: (entry) => stringField(entry, "id"),
      refusal: (entry, job) => {
        const problem = firstProblem(
          requireString(field(entry, "id"), "id"),
          requireString(field(entry, "net_type"), "net_type", netTypes),
          requireString(field(entry, "db_type"), "db_type"),
          requireString(field(entry, "ip"), "ip"),
          requireString(field(entry, "db_user"), "db_user"),
          requireString(field(entry, "db_password"), "db_password"),
          requireString(field(entry, "end_point_type"), "end_point_type", ["so", "ta"]),
        );
        if (problem !== undefined) return malformed(problem);
        const status = job && this.steps.whyNotConfigure(job);
        return status === undefined ? undefined : wrongStatus(status);
      },
      apply: (entry, job) => {
        const j = job as EmulatedDrsJob;
        const role = field(entry, "end_point_type") === "ta" ? "ta" : "so";
        const port = field(entry, "db_port");
        const { results } = this.steps.testConnection(
          j,
          [{ role, ip: stringField(entry, "ip"), port: typeof port === "number" ? String(port) : undefined }],
          ctx.stepFault?.("connectionFails", j),
          0,
        );
        const [result] = results;
        return result?.passed === true
          ? { id: j.id, status: "true", success: true }
          : {
              id: j.id,
              status: "false",
              success: false,
              error_code: drsErrorCodes.v3ConnectionFailed,
              error_msg: result?.reason ?? "Connection refused.",
            };
      },
      failed: (id, refusal) => ({
        id: id ?? "",
        status: "false",
        success: false,
        error_code: refusal.code,
        error_msg: refusal.msg,
      }),
    };
  }

  private modification(): BatchCall {
    // Fields that change only what the job is called or who hears of it: allowed while it runs.
    const anyTime = new Set(["job_id", "name", "description", "alarm_notify", "tags"]);
    return {
      list: "jobs",
      status: 200,
      jobId: (entry) => stringField(entry, "job_id"),
      refusal: (entry, job) => {
        if (!isObject(entry)) return malformed("each entry of jobs must be an object.");
        const problem = firstProblem(
          requireString(entry["job_id"], "job_id"),
          entry["name"] === undefined ? undefined : checkJobName(entry["name"], "name", true),
          checkDescription(entry["description"], "description"),
          entry["engine_type"] === undefined
            ? undefined
            : requireString(entry["engine_type"], "engine_type", v3CreateEngines),
          entry["source_endpoint"] === undefined
            ? undefined
            : checkV3Endpoint(entry["source_endpoint"], "source_endpoint"),
          entry["target_endpoint"] === undefined
            ? undefined
            : checkV3Endpoint(entry["target_endpoint"], "target_endpoint"),
        );
        if (problem !== undefined) return malformed(problem);
        if (job === undefined) return undefined;
        if (entry["engine_type"] !== undefined && entry["engine_type"] !== job.engineType) {
          return malformed(`engine_type cannot be changed (job ${job.id} is ${job.engineType}).`);
        }
        if (!this.store.canStop(job))
          return wrongStatus(`Job ${job.id} cannot be changed in status ${job.status}.`);
        const configures = Object.keys(entry).some((key) => !anyTime.has(key));
        const status = configures ? this.steps.whyNotConfigure(job) : undefined;
        return status === undefined ? undefined : wrongStatus(status);
      },
      apply: (entry, job) => {
        const e = entry as Entry;
        const j = job as EmulatedDrsJob;
        if (typeof e["name"] === "string") j.name = e["name"];
        if (typeof e["description"] === "string") j.setup.description = e["description"];
        if (e["source_endpoint"] !== undefined) {
          j.setup.sourceEndpoints = [withoutSecrets(e["source_endpoint"])];
          endpointReplaced(j.setup, "so", field(e["source_endpoint"], "ip"));
        }
        if (e["target_endpoint"] !== undefined) {
          j.setup.targetEndpoints = [withoutSecrets(e["target_endpoint"])];
          endpointReplaced(j.setup, "ta", field(e["target_endpoint"], "ip"));
        }
        return { id: j.id, status: "success" };
      },
      failed: modifyFailed,
    };
  }

  private objectSelection(): BatchCall {
    return {
      list: "jobs",
      status: 200,
      jobId: (entry) => stringField(entry, "job_id"),
      refusal: (entry, job) => {
        const problem = firstProblem(
          requireString(field(entry, "job_id"), "job_id"),
          field(entry, "selected") === true &&
            !(Array.isArray(field(entry, "job")) && (field(entry, "job") as unknown[]).length > 0)
            ? "job is mandatory (a non-empty list of DatabaseInfo) when selected is true."
            : undefined,
        );
        if (problem !== undefined) return malformed(problem);
        const status = job && this.steps.whyNotConfigure(job);
        return status === undefined ? undefined : wrongStatus(status);
      },
      apply: (entry, job) => {
        const j = job as EmulatedDrsJob;
        j.setup.objects = entry;
        j.setup.validPrecheckId = undefined;
        return { job_id: j.id, status: true };
      },
      failed: (id, refusal) => ({
        ...(id !== undefined ? { job_id: id } : {}),
        status: false,
        error_code: refusal.code,
        error_msg: refusal.msg,
      }),
      answer: (results) => ({ all_counts: results.length, results }),
    };
  }

  private precheck(ctx: ServiceContext): BatchCall {
    return {
      list: "jobs",
      status: 200,
      jobId: (entry) => stringField(entry, "job_id"),
      refusal: (entry, job) => {
        const problem = firstProblem(
          requireString(field(entry, "job_id"), "job_id"),
          requireString(field(entry, "precheck_mode"), "precheck_mode", ["forStartJob", "forRetryJob"]),
        );
        if (problem !== undefined) return malformed(problem);
        if (job === undefined) return undefined;
        const refused = this.steps.whyNotPrecheck(job);
        if (refused !== undefined) return wrongStatus(refused);
        return field(entry, "precheck_mode") === "forStartJob"
          ? undefined
          : malformed(`precheck_mode must be forStartJob for job ${job.id} in status CONFIGURATION.`);
      },
      apply: (_, job) => {
        const j = job as EmulatedDrsJob;
        const precheckId = this.steps.precheck(j, ctx.stepFault?.("precheckFails", j));
        return { id: j.id, precheck_id: precheckId, status: "success" };
      },
      failed: (id, refusal) => ({
        ...(id !== undefined ? { id } : {}),
        status: "failed",
        error_code: refusal.code,
        error_msg: refusal.msg,
      }),
    };
  }

  private precheckResult(): BatchCall {
    return {
      list: "jobs",
      status: 200,
      jobId: (entry) => (typeof entry === "string" ? entry : undefined),
      refusal: (entry, job) => {
        if (typeof entry !== "string") return malformed("jobs must be a list of job ids.");
        return job?.setup.latestPrecheckId === undefined
          ? { code: drsErrorCodes.v3NoPrecheck, msg: `No precheck has been run for job ${entry}.` }
          : undefined;
      },
      apply: (_, job) => {
        const j = job as EmulatedDrsJob;
        const id = j.setup.latestPrecheckId as string;
        const check = j.setup.queries[id];
        const items = check?.kind === "precheck" ? check.items : [];
        const ready = check !== undefined && check.readyAt <= this.store.now();
        const passed = items.filter((i) => i.passed).length;
        return {
          precheck_id: id,
          result: ready && passed === items.length,
          process: ready ? "100%" : "0%",
          total_passed_rate: ready ? `${Math.floor((passed * 100) / Math.max(items.length, 1))}%` : "0%",
          job_direction: j.jobDirection,
          precheck_result: ready
            ? items.map((i) => ({
                item: i.item,
                result: i.passed ? "PASSED" : "FAILED",
                group: i.group,
                ...(i.reason !== undefined ? { failed_reason: i.reason } : {}),
              }))
            : [],
        };
      },
      failed: (_, refusal) => ({ error_code: refusal.code, error_msg: refusal.msg }),
    };
  }

  private starting(ctx: ServiceContext): BatchCall {
    return {
      list: "jobs",
      status: 202,
      jobId: (entry) => stringField(entry, "job_id"),
      refusal: (entry, job) => {
        const problem = requireString(field(entry, "job_id"), "job_id");
        if (problem !== undefined) return malformed(problem);
        const startAt = parseStartTime(field(entry, "start_time"), "start_time");
        if (typeof startAt === "object") return malformed(startAt.problem);
        const refused = job && this.steps.whyNotStart(job);
        return refused === undefined ? undefined : wrongStatus(refused);
      },
      apply: (entry, job) => {
        const j = job as EmulatedDrsJob;
        const fault = ctx.stepFault?.("startFails", j);
        if (fault?.refuse === true) {
          return modifyFailed(
            j.id,
            wrongStatus(`Job ${j.id} failed to start: the replication instance did not start.`),
          );
        }
        const startAt = parseStartTime(field(entry, "start_time"), "start_time");
        this.steps.start(j, typeof startAt === "number" ? startAt : undefined, fault);
        return { id: j.id, status: "success" };
      },
      failed: modifyFailed,
    };
  }

  private speedLimit(): BatchCall {
    return {
      list: "speed_limits",
      status: 200,
      jobId: (entry) => stringField(entry, "job_id"),
      refusal: (entry, job) => {
        const limits = field(entry, "speed_limit");
        const problem = firstProblem(
          requireString(field(entry, "job_id"), "job_id"),
          Array.isArray(limits) ? undefined : "speed_limit is mandatory and must be a list.",
          ...(Array.isArray(limits) ? limits.map((l, i) => checkSpeedLimit(l, `speed_limit[${i}]`)) : []),
        );
        if (problem !== undefined) return malformed(problem);
        return job === undefined || this.store.canStop(job)
          ? undefined
          : wrongStatus(`Job ${job.id} cannot be changed in status ${job.status}.`);
      },
      apply: (entry, job) => {
        const j = job as EmulatedDrsJob;
        j.setup.speedLimit = field(entry, "speed_limit") as unknown[];
        return { id: j.id, status: "success" };
      },
      failed: modifyFailed,
    };
  }
}

/** A failed `ModifyJobResp` / `StartJobResp` entry. */
function modifyFailed(id: string | undefined, refusal: Refusal): Entry {
  return { id: id ?? "", status: "failed", error_code: refusal.code, error_msg: refusal.msg };
}

/** One `SpeedLimitInfo`: begin on the hour, end at minute 59, 1-9999 MB/s as a string. */
function checkSpeedLimit(value: unknown, where: string): string | undefined {
  const speed = field(value, "speed");
  return firstProblem(
    /^([01]\d|2[0-3]):00$/.test(String(field(value, "begin"))) ? undefined : `${where}.begin must be hh:00.`,
    /^([01]\d|2[0-3]):59$/.test(String(field(value, "end"))) ? undefined : `${where}.end must be hh:59.`,
    typeof speed === "string" && /^\d+$/.test(speed) && +speed >= 1 && +speed <= 9999
      ? undefined
      : `${where}.speed must be a string holding 1-9999 (MB/s).`,
  );
}

function badRequest(msg: string, code: string = drsErrorCodes.v3BadRequest): Answer {
  return { status: 400, body: { error_code: code, error_msg: msg } };
}

function stringField(value: unknown, name: string): string | undefined {
  const v = field(value, name);
  return typeof v === "string" ? v : undefined;
}
