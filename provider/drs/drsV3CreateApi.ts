import type { ApiConnection } from "../http/ApiConnection";
import { callApi, segment } from "../http/callApi";
import { HuaweiApiError } from "../http/HuaweiApiError";
import type { DrsEndpointSpec, DrsJobSpec, DrsSpeedLimitWindow } from "../resources/drsJobSpec";
import {
  drsV3ConnectionAnswer,
  drsV3CreateAnswer,
  drsV3JobResultAnswer,
  drsV3PrecheckAnswer,
  drsV3PrecheckResultAnswer,
  drsV3SelectObjectsAnswer,
  type DrsV3JobResultEntry,
} from "./drsCreateSchemas";
import { DrsStepRefusedError, precheckReasons, vendorReason, type DrsCreateApi } from "./DrsCreateApi";
import type { DrsEndpointRole } from "./decideDrsCreateStep";
import { batchGetDrsV3JobStatus, listAllDrsV3Jobs } from "./drsV3Api";

/** The v3 name of an engine pair: v5 calls MySQL→MySQL `mysql-to-mysql`, v3 `mysql`. */
export function v3EngineType(engineType: string): string {
  return engineType === "mysql-to-mysql" ? "mysql" : engineType;
}

function definedOnly<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A v3 `Endpoint` for one endpoint of the spec. */
function v3Endpoint(e: DrsEndpointSpec): Record<string, unknown> {
  return definedOnly({
    db_type: e.db_type,
    inst_id: e.instance_id,
    ip: e.ip,
    db_port: e.db_port,
    db_user: e.db_user,
    db_password: e.db_password,
    db_name: e.db_name,
    region: e.region,
    project_id: e.project_id,
    vpc_id: e.vpc_id,
    subnet_id: e.subnet_id,
    security_group_id: e.security_group_id,
    topic: e.topic,
  });
}

/** The body of `POST /v3/{project_id}/jobs/batch-creation` (v3 `BatchCreateJobReq` / `CreateJobReq`). */
export function drsV3CreateBody(spec: DrsJobSpec): { jobs: Record<string, unknown>[] } {
  return {
    jobs: [
      definedOnly({
        name: spec.name,
        db_use_type: spec.job_type,
        engine_type: v3EngineType(spec.engine_type),
        job_direction: spec.job_direction,
        net_type: spec.net_type,
        node_type: spec.node_type,
        task_type: spec.task_type ?? "FULL_INCR_TRANS",
        // The vendor's field name is misspelt; it is the DRS instance's subnet.
        customize_sutnet_id: spec.subnet_id,
        description: spec.description,
        multi_write: spec.multi_write,
        // "Mandatory and true with net_type eip" (v3 CreateJobReq.bind_eip).
        bind_eip: spec.net_type === "eip" ? true : undefined,
        master_az: spec.availability_zone,
        source_endpoint: v3Endpoint(spec.source_endpoint),
        target_endpoint: v3Endpoint(spec.target_endpoint),
      }),
    ],
  };
}

/** The v3 `UpdateDatabaseObjectReq` for the spec's choice of objects. */
export function drsV3SelectObjectsItem(jobId: string, spec: DrsJobSpec): Record<string, unknown> {
  const o = spec.db_object;
  if (o.object_scope === "all") return { job_id: jobId, selected: false };
  const objects: Record<string, unknown>[] = [];
  for (const [db, entry] of Object.entries(o.object_info ?? {})) {
    if (o.object_scope === "database") {
      objects.push({ id: db, object_type: "database", object_name: db, select: "true" });
      continue;
    }
    objects.push({ id: db, object_type: "database", object_name: db, select: "partial" });
    for (const table of entry.tables ?? []) {
      objects.push({ id: table, parent_id: db, object_type: "table", object_name: table, select: "true" });
    }
  }
  return { job_id: jobId, selected: true, job: objects };
}

/** The v3 `TestEndPoint` of one endpoint of a job. */
function v3TestEndpoint(jobId: string, spec: DrsJobSpec, role: DrsEndpointRole): Record<string, unknown> {
  const e = role === "source" ? spec.source_endpoint : spec.target_endpoint;
  return definedOnly({
    id: jobId,
    net_type: spec.net_type,
    end_point_type: role === "source" ? "so" : "ta",
    db_type: e.db_type,
    ip: e.ip,
    db_port: e.db_port,
    inst_id: e.instance_id,
    db_user: e.db_user,
    db_password: e.db_password,
    db_name: e.db_name,
    region: e.region,
    project_id: e.project_id,
    vpc_id: e.vpc_id,
    subnet_id: e.subnet_id,
  });
}

/** The entry of `jobId` in a v3 batch answer, or an error naming the call. */
function entryFor<E extends { id?: string | undefined; job_id?: string | undefined }>(
  api: string,
  results: readonly E[],
  jobId: string,
): E {
  // Match by id; a single-job call whose only entry has no id is that job's.
  const entry =
    results.find((r) => (r.id ?? r.job_id) === jobId) ?? (results.length === 1 ? results[0] : undefined);
  if (entry === undefined) throw new Error(`${api} answered without an entry for job ${jobId}`);
  return entry;
}

function isFailed(entry: {
  status?: string | boolean | undefined;
  error_code?: string | undefined;
}): boolean {
  const s = typeof entry.status === "string" ? entry.status.toLowerCase() : entry.status;
  return s === "failed" || s === "false" || s === false || entry.error_code !== undefined;
}

/** Sends one v3 batch call for one job; a refused entry throws {@link DrsStepRefusedError}. */
async function v3JobCall(
  conn: ApiConnection,
  step: string,
  api: string,
  method: "POST" | "PUT",
  pathEnd: string,
  body: unknown,
  jobId: string,
  idempotent: boolean,
): Promise<DrsV3JobResultEntry> {
  const answer = await callApi(
    conn,
    { api, method, path: `/v3/${segment(conn.projectId)}/jobs/${pathEnd}`, body, idempotent },
    drsV3JobResultAnswer,
  );
  const entry = entryFor(api, answer.results, jobId);
  if (isFailed(entry)) throw new DrsStepRefusedError(step, [vendorReason(entry.error_code, entry.error_msg)]);
  return entry;
}

/** Sets a v3 job's name, description (`batch-modification`) or speed limit (`batch-limit-speed`) in place. */
export async function updateDrsV3JobSettings(
  conn: ApiConnection,
  jobId: string,
  change:
    | { readonly name: string }
    | { readonly description: string }
    | { readonly speed_limit: readonly DrsSpeedLimitWindow[] },
): Promise<void> {
  if ("speed_limit" in change) {
    await v3JobCall(
      conn,
      "change the speed limit",
      "DRS v3 batch-limit-speed",
      "PUT",
      "batch-limit-speed",
      {
        speed_limits: [
          { job_id: jobId, speed_limit: change.speed_limit.map((w) => ({ ...w, is_utc: true })) },
        ],
      },
      jobId,
      true,
    );
    return;
  }
  await v3JobCall(
    conn,
    "change the job",
    "DRS v3 batch-modification",
    "PUT",
    "batch-modification",
    { jobs: [{ job_id: jobId, ...change }] },
    jobId,
    true,
  );
}

/** Finds v3 jobs by exact name (case-insensitive); the list's `name` filter may match more. */
export async function listDrsV3JobIdsNamed(
  conn: ApiConnection,
  jobType: DrsJobSpec["job_type"],
  name: string,
): Promise<string[]> {
  const jobs = await listAllDrsV3Jobs(conn, { dbUseType: jobType, name });
  const ids: string[] = [];
  for (const job of jobs) {
    const record = job as { id?: unknown; name?: unknown; status?: unknown };
    if (typeof record.id !== "string" || typeof record.name !== "string") continue;
    if (record.name.toLowerCase() !== name.toLowerCase() || record.status === "DELETED") continue;
    if (!ids.includes(record.id)) ids.push(record.id);
  }
  return ids;
}

/** The v3 calls that make a job from `spec`. */
export function drsV3CreateApi(conn: ApiConnection, spec: DrsJobSpec): DrsCreateApi {
  const pid = segment(conn.projectId);
  return {
    apiVersion: "v3",
    engineType: v3EngineType(spec.engine_type),
    jobIdsNamed: (name) => listDrsV3JobIdsNamed(conn, spec.job_type, name),
    async create() {
      const api = "DRS v3 batch-creation";
      const answer = await callApi(
        conn,
        {
          api,
          method: "POST",
          path: `/v3/${pid}/jobs/batch-creation`,
          body: drsV3CreateBody(spec),
          idempotent: false,
        },
        drsV3CreateAnswer,
      );
      const entry = answer.results[0];
      // An entry with an id is a job that exists, even in CREATE_FAILED: the driver sees its status.
      if (entry?.id !== undefined && entry.id !== "") return entry.id;
      // No id: DRS refused the job, nothing was made.
      throw new HuaweiApiError({
        api,
        httpStatus: 400,
        ...(entry?.error_code === undefined ? {} : { errorCode: entry.error_code }),
        errorMessage: entry?.error_msg ?? "the answer has no job id",
      });
    },
    async readStatus(jobId) {
      const entry = (await batchGetDrsV3JobStatus(conn, [jobId])).get(jobId);
      return entry?.status;
    },
    async testConnection(jobId, role) {
      const api = "DRS v3 batch-connection";
      const answer = await callApi(
        conn,
        {
          api,
          method: "POST",
          path: `/v3/${pid}/jobs/batch-connection`,
          body: { jobs: [v3TestEndpoint(jobId, spec, role)] },
          idempotent: true,
        },
        drsV3ConnectionAnswer,
      );
      const entry = entryFor(api, answer.results, jobId);
      const passed =
        entry.success === true ||
        (entry.success === undefined && String(entry.status).toLowerCase() === "true");
      return passed
        ? { state: "passed" }
        : { state: "failed", reasons: [vendorReason(entry.error_code, entry.error_msg)] };
    },
    readConnection() {
      // batch-connection answers with the result; there is nothing to read later.
      return Promise.resolve({ state: "failed", reasons: ["no pending v3 connection test to read"] });
    },
    async selectObjects(jobId) {
      const api = "DRS v3 batch-select-objects";
      const answer = await callApi(
        conn,
        {
          api,
          method: "PUT",
          path: `/v3/${pid}/jobs/batch-select-objects`,
          body: { jobs: [drsV3SelectObjectsItem(jobId, spec)] },
          idempotent: true,
        },
        drsV3SelectObjectsAnswer,
      );
      const entry = entryFor(api, answer.results, jobId);
      if (isFailed(entry)) {
        throw new DrsStepRefusedError("select the objects", [
          vendorReason(entry.error_code, entry.error_msg),
        ]);
      }
    },
    async precheck(jobId) {
      const api = "DRS v3 batch-precheck";
      const answer = await callApi(
        conn,
        {
          api,
          method: "POST",
          path: `/v3/${pid}/jobs/batch-precheck`,
          body: { jobs: [{ job_id: jobId, precheck_mode: "forStartJob" }] },
          idempotent: true,
        },
        drsV3PrecheckAnswer,
      );
      const entry = entryFor(api, answer.results, jobId);
      if (isFailed(entry) || entry.precheck_id === undefined) {
        throw new DrsStepRefusedError("run the precheck", [vendorReason(entry.error_code, entry.error_msg)]);
      }
      return { state: "pending", queryId: entry.precheck_id };
    },
    async readPrecheck(jobId, queryId) {
      // v3 BatchQueryPrecheckResultReq.jobs holds job ids (not the precheck id).
      const api = "DRS v3 batch-precheck-result";
      const answer = await callApi(
        conn,
        {
          api,
          method: "POST",
          path: `/v3/${pid}/jobs/batch-precheck-result`,
          body: { jobs: [jobId] },
          idempotent: true,
        },
        drsV3PrecheckResultAnswer,
      );
      const entry =
        answer.results.find((r) => queryId !== undefined && r.precheck_id === queryId) ??
        (answer.results.length === 1 ? answer.results[0] : undefined);
      if (entry === undefined) return { state: "pending", queryId };
      if (entry.error_code !== undefined) {
        return { state: "failed", reasons: [vendorReason(entry.error_code, entry.error_msg)] };
      }
      if (entry.result === true) return { state: "passed" };
      const done = entry.process === undefined || entry.process.trim() === "100%";
      if (!done || entry.result === undefined) return { state: "pending", queryId };
      const reasons = precheckReasons(entry.precheck_result ?? []);
      return {
        state: "failed",
        reasons: reasons.length > 0 ? reasons : [`passed rate ${entry.total_passed_rate ?? "unknown"}`],
      };
    },
    async limitSpeed(jobId) {
      await updateDrsV3JobSettings(conn, jobId, { speed_limit: spec.speed_limit ?? [] });
    },
    async start(jobId) {
      await v3JobCall(
        conn,
        "start the job",
        "DRS v3 batch-starting",
        "POST",
        "batch-starting",
        { jobs: [definedOnly({ job_id: jobId, start_time: spec.start_time })] },
        jobId,
        false,
      );
    },
  };
}
