import type { ApiConnection } from "../http/ApiConnection";
import { throwIfRefusedInBody } from "./throwIfRefusedInBody";
import { callApi, segment } from "../http/callApi";
import { HuaweiApiError } from "../http/HuaweiApiError";
import type { DrsEndpointSpec, DrsJobSpec } from "../resources/drsJobSpec";
import { endpointTypeOf } from "../resources/drsJobSpec";
import {
  drsV5ActionAnswer,
  drsV5CreateAnswer,
  drsV5QueryAnswer,
  drsV5UpdateAnswer,
  type DrsV5NetworkResult,
} from "./drsCreateSchemas";
import { DrsStepRefusedError, precheckReasons, vendorReason, type DrsCreateApi } from "./DrsCreateApi";
import type { DrsCheck, DrsEndpointRole } from "./decideDrsCreateStep";
import { drsV5ListAnswer } from "./drsV5Schemas";
import { getDrsV5Job } from "./drsV5Api";

/**
 * Engine pairs the v5 create call accepts (v5 `JobBaseInfo.engine_type`): Oracle→GaussDB
 * Distributed, Redis→GeminiDB Redis, Redis Cluster→GeminiDB Redis, MySQL→MySQL. Every other pair
 * is created through v3.
 */
export const drsV5CreateEngines: ReadonlySet<string> = new Set([
  "oracle-to-gaussdbv5",
  "redis-to-gaussredis",
  "rediscluster-to-gaussredis",
  "mysql-to-mysql",
]);

/** The v5 name of an engine pair: v3 (and older pages) call MySQL→MySQL `mysql`. */
export function v5EngineType(engineType: string): string {
  return engineType === "mysql" ? "mysql-to-mysql" : engineType;
}

/** A v5 `JobEndpointInfo` for one endpoint of the spec. */
function v5Endpoint(e: DrsEndpointSpec, role: "so" | "ta"): Record<string, unknown> {
  const type = endpointTypeOf(e);
  return {
    db_type: e.db_type,
    endpoint_type: type,
    endpoint_role: role,
    endpoint: definedOnly({
      endpoint_name: e.endpoint_name ?? (type === "offline" ? e.db_type : `${type}_${e.db_type}`),
      ip: e.ip,
      db_port: e.db_port === undefined ? undefined : String(e.db_port),
      db_user: e.db_user,
      db_password: e.db_password,
      instance_id: e.instance_id,
      db_name: e.db_name,
    }),
    ...(e.region !== undefined && e.project_id !== undefined
      ? { cloud: { region: e.region, project_id: e.project_id } }
      : {}),
    ...(e.vpc_id !== undefined && e.subnet_id !== undefined
      ? {
          vpc: definedOnly({
            vpc_id: e.vpc_id,
            subnet_id: e.subnet_id,
            security_group_id: e.security_group_id,
          }),
        }
      : {}),
  };
}

/** The body of `POST /v5/{project_id}/jobs` (v5 `SingleCreateJobReq` / `CreateJobReq`) for a spec. */
export function drsV5CreateBody(spec: DrsJobSpec): { job: Record<string, unknown> } {
  return {
    job: {
      base_info: definedOnly({
        name: spec.name,
        job_type: spec.job_type,
        engine_type: v5EngineType(spec.engine_type),
        job_direction: spec.job_direction,
        task_type: spec.task_type ?? "FULL_INCR_TRANS",
        net_type: spec.net_type,
        multi_write: spec.multi_write,
        description: spec.description,
        charging_mode: "on_demand",
      }),
      source_endpoint: [v5Endpoint(spec.source_endpoint, "so")],
      target_endpoint: [v5Endpoint(spec.target_endpoint, "ta")],
      node_info: {
        spec: { node_type: spec.node_type },
        vpc: definedOnly({
          vpc_id: spec.vpc_id,
          subnet_id: spec.subnet_id,
          security_group_id: spec.security_group_id,
        }),
        ...(spec.availability_zone === undefined
          ? {}
          : {
              base_info: {
                instance_type: spec.instance_type ?? "single",
                arch: spec.arch ?? "x86",
                availability_zone: spec.availability_zone,
              },
            }),
      },
    },
  };
}

/** The v5 `DbObject` for the spec's choice of objects. */
export function drsV5DbObject(spec: DrsJobSpec): Record<string, unknown> {
  const o = spec.db_object;
  if (o.object_scope === "all") return { object_scope: "all" };
  const info: Record<string, unknown> = {};
  for (const [db, entry] of Object.entries(o.object_info ?? {})) {
    info[db] =
      o.object_scope === "database"
        ? { name: db, all: true }
        : {
            name: db,
            all: false,
            tables: Object.fromEntries(
              (entry.tables ?? []).map((t) => [t, { name: t, type: "table", all: true }]),
            ),
          };
  }
  return { object_scope: o.object_scope, object_info: info };
}

function definedOnly<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Sends one action (`network`, `precheck`, `start`) to a v5 job. */
async function v5Action(
  conn: ApiConnection,
  jobId: string,
  actionName: string,
  params: Record<string, unknown> | undefined,
  idempotent: boolean,
): Promise<string | undefined> {
  const answer = await callApi(
    conn,
    {
      api: `DRS v5 ${actionName}`,
      method: "POST",
      path: `/v5/${segment(conn.projectId)}/jobs/${segment(jobId)}/action`,
      body: {
        job:
          params === undefined
            ? { action_name: actionName }
            : { action_name: actionName, action_params: params },
      },
      idempotent,
    },
    drsV5ActionAnswer,
  );
  return answer.query_id;
}

/** Reads the result of an asynchronous v5 action (`type` network or precheck). */
async function v5Query(
  conn: ApiConnection,
  jobId: string,
  type: "network" | "precheck",
  queryId: string | undefined,
) {
  const answer = await callApi(
    conn,
    {
      api: `DRS v5 ${type} result`,
      method: "GET",
      path: `/v5/${segment(conn.projectId)}/jobs/${segment(jobId)}`,
      query: queryId === undefined ? { type } : { type, query_id: queryId },
      idempotent: true,
    },
    drsV5QueryAnswer,
  );
  return answer.job;
}

/** Sends `PUT /v5/{project_id}/jobs/{job_id}` (v5 `SingleUpdateJobReq`); a `failed` answer throws. */
export async function updateDrsV5Job(
  conn: ApiConnection,
  jobId: string,
  type: string,
  params: Record<string, unknown>,
): Promise<void> {
  const api = `DRS v5 update ${type}`;
  const answer = await callApi(
    conn,
    {
      api,
      method: "PUT",
      path: `/v5/${segment(conn.projectId)}/jobs/${segment(jobId)}`,
      body: { job: { type, params } },
      // Setting the same value twice leaves the job as it was.
      idempotent: true,
    },
    drsV5UpdateAnswer,
  );
  throwIfRefusedInBody(api, answer);
}

/** Sets a v5 job's name or description in place. */
export async function updateDrsV5JobSettings(
  conn: ApiConnection,
  jobId: string,
  change: { readonly name: string } | { readonly description: string },
): Promise<void> {
  // v5 UpdateJobReq has the types name and description, and none for a speed limit.
  if ("name" in change) return updateDrsV5Job(conn, jobId, "name", { base_info: { name: change.name } });
  return updateDrsV5Job(conn, jobId, "description", { base_info: { description: change.description } });
}

function networkCheck(
  results: readonly DrsV5NetworkResult[] | undefined,
  queryId: string | undefined,
): DrsCheck {
  if (results === undefined || results.length === 0) return { state: "pending", queryId };
  const statuses = results.map((r) => r.status?.toLowerCase());
  if (statuses.some((s) => s !== "success" && s !== "failed")) return { state: "pending", queryId };
  const failed = results.filter((r) => r.status?.toLowerCase() === "failed" || r.success === false);
  if (failed.length === 0) return { state: "passed" };
  return {
    state: "failed",
    reasons: failed.map(
      (r) => `${r.ip === undefined ? "" : `${r.ip}: `}${vendorReason(r.error_code, r.error_msg ?? r.result)}`,
    ),
  };
}

/** Finds v5 jobs by exact name (case-insensitive): the list's `name` filter also matches parts of names and ids. */
export async function listDrsV5JobIdsNamed(
  conn: ApiConnection,
  jobType: DrsJobSpec["job_type"],
  name: string,
): Promise<string[]> {
  const found: string[] = [];
  const pageSize = 50;
  for (let page = 0; ; page++) {
    const answer = await callApi(
      conn,
      {
        api: "DRS v5 list jobs",
        method: "GET",
        path: `/v5/${segment(conn.projectId)}/jobs`,
        query: { job_type: jobType, name, offset: String(page * pageSize), limit: String(pageSize) },
        idempotent: true,
      },
      drsV5ListAnswer,
    );
    for (const job of answer.jobs) {
      if (
        job.name?.toLowerCase() === name.toLowerCase() &&
        job.status !== "DELETED" &&
        !found.includes(job.id)
      ) {
        found.push(job.id);
      }
    }
    if (answer.jobs.length < pageSize || answer.total_count === undefined) return found;
    if ((page + 1) * pageSize >= answer.total_count) return found;
  }
}

/** The v5 calls that make a job from `spec`. */
export function drsV5CreateApi(conn: ApiConnection, spec: DrsJobSpec): DrsCreateApi {
  const endpointOf = (role: DrsEndpointRole) =>
    role === "source" ? v5Endpoint(spec.source_endpoint, "so") : v5Endpoint(spec.target_endpoint, "ta");
  return {
    apiVersion: "v5",
    engineType: v5EngineType(spec.engine_type),
    jobIdsNamed: (name) => listDrsV5JobIdsNamed(conn, spec.job_type, name),
    async create() {
      const answer = await callApi(
        conn,
        {
          api: "DRS v5 create job",
          method: "POST",
          path: `/v5/${segment(conn.projectId)}/jobs`,
          body: drsV5CreateBody(spec),
          // A second create would make a second job: never resent (see createJobOnce).
          idempotent: false,
        },
        drsV5CreateAnswer,
      );
      return answer.id;
    },
    async readStatus(jobId) {
      return (await getDrsV5Job(conn, jobId))?.status;
    },
    async testConnection(jobId, role) {
      const queryId = await v5Action(conn, jobId, "network", { endpoints: [endpointOf(role)] }, true);
      return { state: "pending", queryId };
    },
    async readConnection(jobId, _role, queryId) {
      return networkCheck((await v5Query(conn, jobId, "network", queryId)).network_results, queryId);
    },
    async selectObjects(jobId) {
      try {
        await updateDrsV5Job(conn, jobId, "db_object", { db_object: drsV5DbObject(spec) });
      } catch (error) {
        if (!(error instanceof HuaweiApiError) || error.httpStatus >= 500 || error.httpStatus === 0)
          throw error;
        throw new DrsStepRefusedError("select the objects", [
          vendorReason(error.errorCode, error.errorMessage),
        ]);
      }
    },
    async precheck(jobId) {
      const queryId = await v5Action(conn, jobId, "precheck", undefined, true);
      return { state: "pending", queryId };
    },
    async readPrecheck(jobId, queryId) {
      const result = (await v5Query(conn, jobId, "precheck", queryId)).precheck_result;
      if (result === undefined) return { state: "pending", queryId };
      const done = result.process === undefined || result.process.trim() === "100%";
      if (result.result === true) return { state: "passed" };
      if (!done || result.result === undefined) return { state: "pending", queryId };
      const reasons = precheckReasons(result.precheck_results ?? []);
      return {
        state: "failed",
        reasons: reasons.length > 0 ? reasons : [`passed rate ${result.total_passed_rate ?? "unknown"}`],
      };
    },
    limitSpeed() {
      return Promise.reject(
        new DrsStepRefusedError("set the speed limit", [
          "DRS v5 has no speed-limit update (v5 UpdateJobReq types)",
        ]),
      );
    },
    async start(jobId) {
      await v5Action(
        conn,
        jobId,
        "start",
        spec.start_time === undefined ? undefined : { start_time: spec.start_time },
        false,
      );
    },
  };
}
