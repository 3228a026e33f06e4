import type { DrsJobStore, EmulatedDrsJob } from "./DrsJobStore";
import { endpointReplaced, withoutSecrets, type DrsJobSetup } from "./DrsJobSetup";
import { DrsLifecycle, type TestedEndpoint } from "./DrsLifecycle";
import { checkV5CreateJob, checkV5Endpoint, checkV5Endpoints } from "./checkV5CreateJob";
import { drsErrorCodes } from "./drsErrorCodes";
import {
  checkDescription,
  checkJobName,
  field,
  isObject,
  parseStartTime,
  requireString,
} from "./drsFieldChecks";
import type { EmulatorAnswer, EmulatorRequest, ServiceContext } from "./EmulatedService";

type Answer = EmulatorAnswer & { body: unknown };
type Entry = Record<string, unknown>;

const failed = (msg: string): Answer => ({
  status: 400,
  body: { error_code: drsErrorCodes.v5Failed, error_msg: msg },
});
const notFound = (id: string): Answer => ({
  status: 400,
  body: {
    error_code: drsErrorCodes.v5NotFound,
    error_msg: `Job does not exist, please check job ID. (${id})`,
  },
});

/** `UpdateJobReq.type` values the emulator serves (the SDK documents more; see drs-contract). */
const updateTypes = ["name", "description", "db_object", "network"];

/**
 * The v5 calls that create a job and take it to running (SDK `create_job`, `execute_job_action`,
 * `update_job`, and the `network` / `precheck` types of `show_job_detail`), answering with the
 * SDK models' shapes: `CreateJobResponse`, `ExecuteJobActionResponse`, `UpdateJobResponse`,
 * `QueryNetworkResult`, `QueryPreCheckResult`.
 */
export class DrsV5Lifecycle {
  private readonly steps: DrsLifecycle;

  constructor(
    private readonly store: DrsJobStore,
    private readonly find: (projectId: string, id: string) => EmulatedDrsJob | undefined,
  ) {
    this.steps = new DrsLifecycle(store);
  }

  /** `POST /v5/{project_id}/jobs` with a `SingleCreateJobReq`. */
  create(req: EmulatorRequest, projectId: string): Answer {
    const job = field(req.body, "job");
    const problem = checkV5CreateJob(job);
    if (problem !== undefined) return failed(problem);
    const base = field(job, "base_info") as Entry;
    const created = this.store.create(
      {
        projectId,
        name: base["name"] as string,
        engineType: base["engine_type"] as string,
        jobType: base["job_type"] as "migration" | "sync",
        family: "v5",
        chargingMode: base["charging_mode"] === "period" ? "period" : "on_demand",
        jobDirection: base["job_direction"] as EmulatedDrsJob["jobDirection"],
        taskType: base["task_type"] as EmulatedDrsJob["taskType"],
      },
      {
        description: base["description"] as string | undefined,
        sourceEndpoints: withoutSecrets(field(job, "source_endpoint")) as unknown[],
        targetEndpoints: withoutSecrets(field(job, "target_endpoint")) as unknown[],
        nodeInfo: withoutSecrets(field(job, "node_info")),
      },
    );
    return {
      status: 200,
      body: {
        id: created.id,
        name: created.name,
        status: created.status,
        create_time: String(created.createdAt),
      },
    };
  }

  /**
   * The `network` and `precheck` types of a detail query, or `undefined` for any other type (the
   * caller answers those with the job's detail).
   */
  detail(job: EmulatedDrsJob, query: URLSearchParams): Answer | undefined {
    const type = query.get("type");
    if (type !== "network" && type !== "precheck") return undefined;
    const queryId = query.get("query_id");
    if (!queryId) return failed(`The query parameter query_id is required for type ${type}.`);
    const result = job.setup.queries[queryId];
    if (result === undefined || result.kind !== type) {
      return failed(`No ${type} result with query_id ${queryId} exists for job ${job.id}.`);
    }
    const ready = result.readyAt <= this.store.now();
    const head = { id: job.id, status: job.status };
    if (result.kind === "network") {
      const entries = ready
        ? result.results.map((r) => ({
            ...(r.ip !== undefined ? { ip: r.ip } : {}),
            success: r.passed,
            status: r.passed ? "success" : "failed",
            ...(r.passed ? {} : { error_code: drsErrorCodes.v5ConnectionFailed, error_msg: r.reason }),
          }))
        : [];
      return { status: 200, body: { job: { ...head, network_results: entries } } };
    }
    const passed = result.items.filter((i) => i.passed).length;
    const precheck = ready
      ? {
          result: passed === result.items.length,
          process: "100%",
          total_passed_rate: `${Math.floor((passed * 100) / result.items.length)}%`,
          job_direction: job.jobDirection,
          precheck_results: result.items.map((i) => ({
            item: i.item,
            result: i.passed ? "PASSED" : "FAILED",
            group: i.group,
            is_support_skip: false,
            is_skipped: false,
            ...(i.reason !== undefined ? { failed_reason: i.reason } : {}),
          })),
        }
      : {
          result: false,
          process: "0%",
          total_passed_rate: "0%",
          job_direction: job.jobDirection,
          precheck_results: [],
        };
    return { status: 200, body: { job: { ...head, precheck_result: precheck } } };
  }

  /** `POST /v5/{project_id}/jobs/{job_id}/action` with a `JobActionReq`. */
  action(req: EmulatorRequest, projectId: string, id: string, ctx: ServiceContext): Answer {
    const action = field(req.body, "job");
    if (!isObject(action)) return failed("job is mandatory and must be an object.");
    const name = action["action_name"];
    const named = requireString(name, "job.action_name");
    if (named !== undefined) return failed(named);
    if (action["job_id"] !== undefined && action["job_id"] !== id) {
      return failed(`job.job_id is not the job of the path (${id}).`);
    }
    const job = this.find(projectId, id);
    if (job === undefined) return notFound(id);
    const params = action["action_params"];
    if (params !== undefined && !isObject(params)) return failed("job.action_params must be an object.");
    switch (name) {
      case "network":
        return this.network(job, field(params, "endpoints"), ctx);
      case "precheck": {
        const refused = this.steps.whyNotPrecheck(job);
        if (refused !== undefined) return failed(refused);
        const queryId = this.steps.precheck(job, ctx.stepFault?.("precheckFails", job));
        return { status: 200, body: { query_id: queryId } };
      }
      case "start": {
        const refused = this.steps.whyNotStart(job);
        if (refused !== undefined) return failed(refused);
        const startAt = parseStartTime(field(params, "start_time"), "job.action_params.start_time");
        if (typeof startAt === "object") return failed(startAt.problem);
        const fault = ctx.stepFault?.("startFails", job);
        if (fault?.refuse === true)
          return failed(`Job ${job.id} failed to start: the replication instance did not start.`);
        this.steps.start(job, startAt, fault);
        return { status: 200, body: {} };
      }
      case "stop":
        if (!["FULL_TRANSFER_STARTED", "INCRE_TRANSFER_STARTED"].includes(job.status)) {
          return failed(`Job ${job.id} cannot be paused in status ${job.status}.`);
        }
        this.store.pause(job);
        return { status: 200, body: {} };
      default:
        return failed(`The action ${String(name)} is not supported by this emulator.`);
    }
  }

  private network(job: EmulatedDrsJob, given: unknown, ctx: ServiceContext): Answer {
    const refused = this.steps.whyNotConfigure(job);
    if (refused !== undefined) return failed(refused);
    let endpoints: unknown[];
    if (given === undefined) {
      endpoints = [...job.setup.sourceEndpoints, ...job.setup.targetEndpoints];
      if (endpoints.length === 0)
        return failed(`Job ${job.id} has no endpoints to test: give job.action_params.endpoints.`);
    } else {
      if (!Array.isArray(given) || given.length === 0) {
        return failed("job.action_params.endpoints must be a non-empty list.");
      }
      for (const [i, e] of given.entries()) {
        const problem = checkV5Endpoint(e, `job.action_params.endpoints[${i}]`, undefined);
        if (problem !== undefined) return failed(problem);
      }
      endpoints = given;
      // The tested endpoints become the job's endpoints of their role, as the console does.
      const ofRole = (role: string): unknown[] =>
        given.filter((e: unknown) => field(e, "endpoint_role") === role);
      const setup: DrsJobSetup = job.setup;
      if (ofRole("so").length > 0) setup.sourceEndpoints = withoutSecrets(ofRole("so")) as unknown[];
      if (ofRole("ta").length > 0) setup.targetEndpoints = withoutSecrets(ofRole("ta")) as unknown[];
    }
    const tested = endpoints.map((e): TestedEndpoint => ({
      role: field(e, "endpoint_role") === "ta" ? "ta" : "so",
      ip: stringOrUndefined(field(field(e, "endpoint"), "ip")),
      port: stringOrUndefined(field(field(e, "endpoint"), "db_port")),
    }));
    const { queryId } = this.steps.testConnection(
      job,
      tested,
      ctx.stepFault?.("connectionFails", job),
      this.store.timing.connectionTestMs,
    );
    return { status: 200, body: { query_id: queryId } };
  }

  /** `PUT /v5/{project_id}/jobs/{job_id}` with a `SingleUpdateJobReq`. */
  update(req: EmulatorRequest, projectId: string, id: string): Answer {
    const update = field(req.body, "job");
    if (!isObject(update)) return failed("job is mandatory and must be an object.");
    const type = update["type"];
    const typeProblem = requireString(type, "job.type", updateTypes);
    if (typeProblem !== undefined) return failed(typeProblem);
    const params = update["params"];
    if (!isObject(params)) return failed("job.params is mandatory and must be an object.");
    const job = this.find(projectId, id);
    if (job === undefined) return notFound(id);
    const problem = this.applyUpdate(job, type as string, params);
    if (problem !== undefined) return failed(problem);
    return { status: 200, body: { id: job.id, name: job.name, status: "success" } };
  }

  private applyUpdate(job: EmulatedDrsJob, type: string, params: Entry): string | undefined {
    const base = params["base_info"];
    if (type === "name" || type === "description") {
      if (!this.store.canStop(job)) return `Job ${job.id} cannot be changed in status ${job.status}.`;
      if (type === "name") {
        const name = field(base, "name");
        const problem = checkJobName(name, "job.params.base_info.name", false);
        if (problem !== undefined) return problem;
        job.name = name as string;
        return undefined;
      }
      const description = field(base, "description");
      const problem =
        typeof description === "string"
          ? checkDescription(description, "job.params.base_info.description")
          : "job.params.base_info.description is mandatory and must be a string.";
      if (problem !== undefined) return problem;
      job.setup.description = description as string;
      return undefined;
    }
    const refused = this.steps.whyNotConfigure(job);
    if (refused !== undefined) return refused;
    if (type === "db_object") {
      const objects = params["db_object"];
      const scope = field(objects, "object_scope");
      const scopeProblem = requireString(scope, "job.params.db_object.object_scope", [
        "all",
        "database",
        "table",
      ]);
      if (scopeProblem !== undefined) return scopeProblem;
      if (scope !== "all" && !isObject(field(objects, "object_info"))) {
        return "job.params.db_object.object_info is mandatory unless object_scope is all.";
      }
      job.setup.objects = objects;
      job.setup.validPrecheckId = undefined;
      return undefined;
    }
    // network: new endpoint details, which void the connection tests and the precheck.
    const source = params["source_endpoint"];
    const target = params["target_endpoint"];
    if (source === undefined && target === undefined) {
      return "job.params.source_endpoint or job.params.target_endpoint is mandatory for type network.";
    }
    const problem =
      (source === undefined ? undefined : checkV5Endpoints(source, "job.params.source_endpoint", "so")) ??
      (target === undefined ? undefined : checkV5Endpoints(target, "job.params.target_endpoint", "ta"));
    if (problem !== undefined) return problem;
    if (source !== undefined) {
      job.setup.sourceEndpoints = withoutSecrets(source) as unknown[];
      endpointReplaced(job.setup, "so", firstIp(source));
    }
    if (target !== undefined) {
      job.setup.targetEndpoints = withoutSecrets(target) as unknown[];
      endpointReplaced(job.setup, "ta", firstIp(target));
    }
    return undefined;
  }
}

/** The address of the first endpoint of a `JobEndpointInfo` list. */
function firstIp(list: unknown): unknown {
  return Array.isArray(list) ? field(field(list[0], "endpoint"), "ip") : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
