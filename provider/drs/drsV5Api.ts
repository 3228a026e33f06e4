import type { ApiConnection } from "../http/ApiConnection";
import { throwIfRefusedInBody } from "./throwIfRefusedInBody";
import { callApi, segment } from "../http/callApi";
import { HuaweiApiError } from "../http/HuaweiApiError";
import { inChunks } from "../http/inChunks";
import { validateRequest } from "../http/validateRequest";
import {
  drsV5ActionsAnswer,
  drsV5BatchAnswer,
  drsV5DeleteOneAnswer,
  drsV5DetailAnswer,
  drsV5ListAnswer,
  drsV5StopOneAnswer,
  drsV5StopOneRequest,
  type DrsV5BatchAnswer,
  type DrsV5BatchEntry,
  type DrsV5DetailAnswer,
  type DrsV5JobActions,
  type DrsV5JobType,
  type DrsV5ListedJob,
  type DrsV5StopOneAnswer,
} from "./drsV5Schemas";
import { isDrsNotFound } from "./drsErrors";

// Kept here too so that existing imports from this module keep working.
export { drsNotFoundCodes, isBatchSuccess, isDrsNotFound } from "./drsErrors";

/**
 * Engine pairs whose jobs the v5 delete-many call (`DELETE /v5/{project_id}/jobs`) accepts:
 * MySQL→MySQL, Redis→GeminiDB Redis, Redis Cluster→GeminiDB Redis, Oracle→GaussDB Distributed.
 * MySQL→MySQL is `mysql-to-mysql` in v5 answers (vendor SDK `JobBaseInfo`) and `mysql` in v3.
 */
export const v5DeleteManyEngines: ReadonlySet<string> = new Set([
  // MySQL->MySQL: the vendor SDK's v5 JobBaseInfo.engine_type spells it `mysql-to-mysql`; v3 and
  // older v5 pages say `mysql`. A job may report either, so both are here.
  "mysql",
  "mysql-to-mysql",
  "redis-to-gaussredis",
  "rediscluster-to-gaussredis",
  "oracle-to-gaussdbv5",
]);

/**
 * Engine pairs whose jobs the v5 delete-one call (`DELETE /v5/{project_id}/jobs/{job_id}`)
 * accepts: Oracle→GaussDB Distributed, TaurusDB→Kafka, MySQL→Kafka.
 */
export const v5DeleteOneEngines: ReadonlySet<string> = new Set([
  "oracle-to-gaussdbv5",
  "taurus-to-kafka",
  "mysql-to-kafka",
]);

/** Which call deletes a stopped DRS job. */
export type DrsDeleteApi = "v5-delete-many" | "v5-delete-one" | "v3";

/**
 * Chooses the delete call for a job's `engine_type`. An engine pair that both v5 deletes accept
 * (Oracle→GaussDB Distributed) uses delete-many, so that concurrent deletes can share one call;
 * an unknown or missing engine type goes through v3, which accepts every pair.
 */
export function chooseDrsDeleteApi(engineType: string | undefined): DrsDeleteApi {
  if (engineType === undefined) return "v3";
  if (v5DeleteManyEngines.has(engineType)) return "v5-delete-many";
  if (v5DeleteOneEngines.has(engineType)) return "v5-delete-one";
  return "v3";
}

/** Reads one job; `undefined` when the job does not exist. */
export async function getDrsV5Job(
  conn: ApiConnection,
  jobId: string,
): Promise<DrsV5DetailAnswer["job"] | undefined> {
  try {
    const answer = await callApi(
      conn,
      {
        api: "DRS v5 job detail",
        method: "GET",
        path: `/v5/${segment(conn.projectId)}/jobs/${segment(jobId)}`,
        query: { type: "detail" },
        idempotent: true,
      },
      drsV5DetailAnswer,
    );
    return answer.job;
  } catch (error) {
    if (error instanceof HuaweiApiError && isDrsNotFound(error.errorCode, error.errorMessage))
      return undefined;
    throw error;
  }
}

/** Stops (ends, not pauses) jobs; one entry per job, matched by id. */
export async function batchStopDrsV5Jobs(
  conn: ApiConnection,
  jobs: readonly { jobId: string; force?: boolean }[],
): Promise<Map<string, DrsV5BatchEntry>> {
  const answer = await callApi(
    conn,
    {
      api: "DRS v5 batch-stop",
      method: "POST",
      path: `/v5/${segment(conn.projectId)}/jobs/batch-stop`,
      body: {
        jobs: jobs.map((j) =>
          j.force === undefined ? { job_id: j.jobId } : { job_id: j.jobId, is_force_stop: j.force },
        ),
      },
      // Stopping twice is harmless: a second stop of a stopping job only fails that job's entry.
      idempotent: true,
    },
    drsV5BatchAnswer,
  );
  return byId(answer);
}

/** Deletes stopped jobs with the delete-many call; one entry per job, matched by id. */
export async function batchDeleteDrsV5Jobs(
  conn: ApiConnection,
  jobIds: readonly string[],
): Promise<Map<string, DrsV5BatchEntry>> {
  const answer = await callApi(
    conn,
    {
      api: "DRS v5 batch delete",
      method: "DELETE",
      path: `/v5/${segment(conn.projectId)}/jobs`,
      body: { jobs: jobIds },
      idempotent: true,
    },
    drsV5BatchAnswer,
  );
  return byId(answer);
}

/** Reads what may be done to a job now (`DELETE`, `FREE_RESOURCE`, ...); `undefined` when it does not exist. */
export async function getDrsV5JobActions(
  conn: ApiConnection,
  jobId: string,
): Promise<DrsV5JobActions | undefined> {
  try {
    const answer = await callApi(
      conn,
      {
        api: "DRS v5 job actions",
        method: "GET",
        path: `/v5/${segment(conn.projectId)}/jobs/${segment(jobId)}/actions`,
        idempotent: true,
      },
      drsV5ActionsAnswer,
    );
    return answer.job_action;
  } catch (error) {
    if (error instanceof HuaweiApiError && isDrsNotFound(error.errorCode, error.errorMessage))
      return undefined;
    throw error;
  }
}

/**
 * Stops (ends, not pauses) one job with `POST /v5/{project_id}/jobs/{job_id}/stop`. The vendor
 * SDK's answer model carries a refusal as `status: "Failed"` with `error_code`/`error_msg` in a
 * 200 body; that, like a 4xx answer, becomes a {@link HuaweiApiError} (so {@link isDrsNotFound}
 * reads both the same way).
 */
export async function stopDrsV5Job(
  conn: ApiConnection,
  jobId: string,
  options: { readonly force?: boolean } = {},
): Promise<DrsV5StopOneAnswer> {
  const api = "DRS v5 stop";
  const body = validateRequest(
    api,
    drsV5StopOneRequest,
    options.force === undefined ? {} : { is_force_stop: options.force },
  );
  const answer = await callApi(
    conn,
    {
      api,
      method: "POST",
      path: `/v5/${segment(conn.projectId)}/jobs/${segment(jobId)}/stop`,
      body,
      // As with batch-stop: a second stop of a stopping job fails harmlessly.
      idempotent: true,
    },
    drsV5StopOneAnswer,
  );
  throwIfRefusedInBody(api, answer);
  return answer;
}

/**
 * Deletes one stopped job with `DELETE /v5/{project_id}/jobs/{job_id}` (only for the engine pairs
 * in {@link v5DeleteOneEngines}). A job that does not exist fails with a {@link HuaweiApiError}
 * that {@link isDrsNotFound} recognises.
 */
export async function deleteDrsV5Job(conn: ApiConnection, jobId: string): Promise<void> {
  await callApi(
    conn,
    {
      api: "DRS v5 delete",
      method: "DELETE",
      path: `/v5/${segment(conn.projectId)}/jobs/${segment(jobId)}`,
      // A repeated delete answers "does not exist", which callers read as done.
      idempotent: true,
    },
    drsV5DeleteOneAnswer,
  );
}

/** The v5 list call filters by at most this many ids at once. */
export const drsV5ListMaxIds = 10;

/**
 * Finds jobs by id with `GET /v5/{project_id}/jobs?job_type=...&name=id1,id2`, at most 10 ids
 * per call. Only the requested ids are kept (the `name` filter also matches names); a job the
 * answer does not mention is absent from the map.
 */
export async function listDrsV5Jobs(
  conn: ApiConnection,
  jobType: DrsV5JobType,
  jobIds: readonly string[],
): Promise<Map<string, DrsV5ListedJob>> {
  const out = new Map<string, DrsV5ListedJob>();
  for (const chunk of inChunks([...new Set(jobIds)], drsV5ListMaxIds)) {
    const wanted = new Set(chunk);
    let received = 0;
    for (let page = 0; ; page++) {
      const answer = await callApi(
        conn,
        {
          api: "DRS v5 list jobs",
          method: "GET",
          path: `/v5/${segment(conn.projectId)}/jobs`,
          query: {
            job_type: jobType,
            name: chunk.join(","),
            offset: String(page * drsV5ListMaxIds),
            limit: String(drsV5ListMaxIds),
          },
          idempotent: true,
        },
        drsV5ListAnswer,
      );
      received += answer.jobs.length;
      let added = 0;
      for (const job of answer.jobs) {
        if (!wanted.has(job.id) || out.has(job.id)) continue;
        out.set(job.id, job);
        added++;
      }
      // Further pages only matter while total_count says more exist and pages still bring
      // requested jobs; names that happen to contain an id could otherwise page on for long.
      if (answer.total_count === undefined || received >= answer.total_count || added === 0) break;
      if ([...wanted].every((id) => out.has(id))) break;
    }
  }
  return out;
}

function byId(answer: DrsV5BatchAnswer): Map<string, DrsV5BatchEntry> {
  // Match by id, never by position: the vendor does not promise request order.
  return new Map(answer.jobs.map((entry) => [entry.id, entry]));
}
