import type { ApiConnection } from "../http/ApiConnection";
import { callApi, segment } from "../http/callApi";
import { HuaweiApiError } from "../http/HuaweiApiError";
import {
  drsV5BatchAnswer,
  drsV5DetailAnswer,
  type DrsV5BatchAnswer,
  type DrsV5BatchEntry,
  type DrsV5DetailAnswer,
} from "./drsV5Schemas";

/** Vendor codes that mean "this DRS job does not exist (any more)". */
export const drsNotFoundCodes: ReadonlySet<string> = new Set([
  "DRS.10000010",
  "DRS.M00289",
  "DRS.M05004",
  "DRS.M05003",
]);

/**
 * Engine pairs whose jobs the v5 delete-many call (`DELETE /v5/{project_id}/jobs`) accepts:
 * MySQL→MySQL, Redis→GeminiDB Redis, Redis Cluster→GeminiDB Redis, Oracle→GaussDB Distributed.
 */
export const v5DeleteManyEngines: ReadonlySet<string> = new Set([
  "mysql",
  "redis-to-gaussredis",
  "rediscluster-to-gaussredis",
  "oracle-to-gaussdbv5",
]);

/** Whether a vendor error code/message pair says that the job does not exist. */
export function isDrsNotFound(code: string | undefined, message: string | undefined): boolean {
  if (code === undefined) return false;
  if (drsNotFoundCodes.has(code)) return true;
  // Seen only in one vendor example, next to the text "Job does not exist": trust it only with that text.
  return code === "DRS.10020102" && /does not exist/i.test(message ?? "");
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

/** Whether a batch entry reports success ("Success" in v5, "success" in v3). */
export function isBatchSuccess(entry: { status: string }): boolean {
  return entry.status.toLowerCase() === "success";
}

function byId(answer: DrsV5BatchAnswer): Map<string, DrsV5BatchEntry> {
  // Match by id, never by position: the vendor does not promise request order.
  return new Map(answer.jobs.map((entry) => [entry.id, entry]));
}
