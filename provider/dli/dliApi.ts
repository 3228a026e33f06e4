import type { ApiConnection } from "../http/ApiConnection";
import { callApi, segment } from "../http/callApi";
import { HuaweiApiError, UnexpectedAnswerError } from "../http/HuaweiApiError";
import { inChunks } from "../http/inChunks";
import { validateRequest } from "../http/validateRequest";
import { DliRefusedError } from "./DliRefusedError";
import { checkDliJobId, dliJobIdToJson } from "./dliJobId";
import {
  dliBatchAnswer,
  dliCreateJobAnswer,
  dliJarJobRequest,
  dliJobDetailAnswer,
  dliJobListAnswer,
  dliMaxBatch,
  dliResult,
  dliSqlJobRequest,
  dliJarJobUpdateRequest,
  dliSqlJobUpdateRequest,
  dliUpdateJobAnswer,
  type DliJarJobUpdateRequest,
  type DliSqlJobUpdateRequest,
  type DliJarJobRequest,
  type DliJobDetail,
  type DliListedJob,
  type DliSqlJobRequest,
} from "./dliSchemas";

/** Vendor codes that mean "no such DLI job": `DLI.16001` and `DLI.0002` (HTTP 400), `DLI.0023` (HTTP 404). */
export const dliNotFoundCodes: ReadonlySet<string> = new Set(["DLI.16001", "DLI.0002", "DLI.0023"]);

/** Whether a failed DLI call says that the job does not exist. */
export function isDliNotFound(error: unknown): boolean {
  return (
    error instanceof HuaweiApiError &&
    (error.httpStatus === 400 || error.httpStatus === 404) &&
    error.errorCode !== undefined &&
    dliNotFoundCodes.has(error.errorCode)
  );
}

/** One job's result in a DLI batch answer. */
export interface DliJobResult {
  readonly isSuccess: boolean;
  readonly message: string | undefined;
}

/**
 * Reads one Flink job with `GET /v1.0/{project_id}/streaming/jobs/{job_id}`; `undefined` when it
 * does not exist (there is no "deleted" status: a deleted job is not found).
 */
export async function getDliJob(conn: ApiConnection, jobId: string): Promise<DliJobDetail | undefined> {
  const api = "DLI job detail";
  const id = checkDliJobId(jobId);
  let answer;
  try {
    answer = await callApi(
      conn,
      { api, method: "GET", path: `/v1.0/${segment(conn.projectId)}/streaming/jobs/${id}`, idempotent: true },
      dliJobDetailAnswer,
    );
  } catch (error) {
    if (isDliNotFound(error)) return undefined;
    throw error;
  }
  if (answer.is_success === false) throw new DliRefusedError(api, answer.message);
  if (answer.job_detail === undefined) throw new UnexpectedAnswerError(api, "job_detail: missing");
  // Never report another job's state as this one's.
  if (answer.job_detail.job_id !== id)
    throw new UnexpectedAnswerError(api, `job_detail.job_id: ${answer.job_detail.job_id} instead of ${id}`);
  return answer.job_detail;
}

/** Filters of {@link listDliJobs}. */
export interface DliListFilter {
  readonly name?: string;
  readonly queueName?: string;
  readonly status?: string;
  readonly jobType?: string;
}

/** One page of the job list. */
export interface DliJobPage {
  readonly totalCount: number;
  readonly jobs: readonly DliListedJob[];
}

/** Reads one page of `GET /v1.0/{project_id}/streaming/jobs`; `limit` at most 100. */
export async function listDliJobsPage(
  conn: ApiConnection,
  filter: DliListFilter,
  page: { readonly limit: number; readonly offset: number },
): Promise<DliJobPage> {
  const api = "DLI list jobs";
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > dliMaxBatch)
    throw new RangeError(`${api}: limit must be an integer from 1 to ${dliMaxBatch}, got ${page.limit}`);
  if (!Number.isInteger(page.offset) || page.offset < 0)
    throw new RangeError(`${api}: offset must be a non-negative integer, got ${page.offset}`);
  const query: Record<string, string> = { limit: String(page.limit), offset: String(page.offset) };
  if (filter.name !== undefined) query["name"] = filter.name;
  if (filter.queueName !== undefined) query["queue_name"] = filter.queueName;
  if (filter.status !== undefined) query["status"] = filter.status;
  if (filter.jobType !== undefined) query["job_type"] = filter.jobType;
  const answer = await callApi(
    conn,
    { api, method: "GET", path: `/v1.0/${segment(conn.projectId)}/streaming/jobs`, query, idempotent: true },
    dliJobListAnswer,
  );
  if (answer.is_success === false) throw new DliRefusedError(api, answer.message);
  if (answer.job_list === undefined) throw new UnexpectedAnswerError(api, "job_list: missing");
  return { totalCount: answer.job_list.total_count, jobs: answer.job_list.jobs };
}

/**
 * Reads every job matching `filter`, 100 per call. `offset` is taken as the number of jobs to
 * skip (the vendor calls it the "job offset"; verify against the real service).
 */
export async function listDliJobs(conn: ApiConnection, filter: DliListFilter = {}): Promise<DliListedJob[]> {
  const jobs: DliListedJob[] = [];
  for (;;) {
    const page = await listDliJobsPage(conn, filter, { limit: dliMaxBatch, offset: jobs.length });
    jobs.push(...page.jobs);
    // An empty page ends the walk even if total_count promised more (jobs deleted meanwhile).
    if (page.jobs.length === 0 || jobs.length >= page.totalCount) return jobs;
  }
}

/**
 * Ids of every job named exactly `name`, following every page. The list's `name` filter may also
 * match names that merely contain it, so only exact matches are kept.
 */
export async function listDliJobIdsNamed(conn: ApiConnection, name: string): Promise<string[]> {
  const jobs = await listDliJobs(conn, { name });
  return [...new Set(jobs.filter((job) => job.name === name).map((job) => job.job_id))];
}

/**
 * Asks DLI to stop jobs with `POST /v1.0/{project_id}/streaming/jobs/stop`, at most 100 per call.
 * Success only means the request was delivered: poll the job until it is stopped. The answer's
 * entries carry no id and are matched to the ids by request order.
 */
export async function stopDliJobs(
  conn: ApiConnection,
  jobIds: readonly string[],
  options: { readonly triggerSavepoint?: boolean } = {},
): Promise<Map<string, DliJobResult>> {
  return batchByOrder(conn, "DLI stop jobs", "stop", jobIds, {
    extra: options.triggerSavepoint === undefined ? {} : { trigger_savepoint: options.triggerSavepoint },
    // A second stop of a stopping job is refused for that job, never acted on twice.
    idempotent: true,
  });
}

/**
 * Starts jobs with `POST /v1.0/{project_id}/streaming/jobs/run`, at most 100 per call; entries
 * matched by request order.
 */
export async function runDliJobs(
  conn: ApiConnection,
  jobIds: readonly string[],
  options: { readonly resumeSavepoint?: boolean } = {},
): Promise<Map<string, DliJobResult>> {
  return batchByOrder(conn, "DLI run jobs", "run", jobIds, {
    extra: options.resumeSavepoint === undefined ? {} : { resume_savepoint: options.resumeSavepoint },
    // Not resent after an unclear failure: a run that did go through would be started twice.
    idempotent: false,
  });
}

/**
 * Deletes jobs in any state with `POST /v1.0/{project_id}/streaming/jobs/delete`, at most 100 per
 * call; entries matched by request order. A running job loses its savepoint unless it was
 * stopped with `triggerSavepoint` first.
 */
export async function deleteDliJobs(
  conn: ApiConnection,
  jobIds: readonly string[],
): Promise<Map<string, DliJobResult>> {
  return batchByOrder(conn, "DLI delete jobs", "delete", jobIds, {
    extra: {},
    // A repeated delete only fails for the job already gone, which callers confirm by reading it.
    idempotent: true,
  });
}

/**
 * Deletes one job with `DELETE /v1.0/{project_id}/streaming/jobs/{job_id}`. An answer with
 * `is_success: false` becomes a {@link DliRefusedError}; a missing job a {@link HuaweiApiError}
 * that {@link isDliNotFound} recognises.
 */
export async function deleteDliJob(conn: ApiConnection, jobId: string): Promise<void> {
  const api = "DLI delete job";
  const id = checkDliJobId(jobId);
  const answer = await callApi(
    conn,
    {
      api,
      method: "DELETE",
      path: `/v1.0/${segment(conn.projectId)}/streaming/jobs/${id}`,
      idempotent: true,
    },
    dliResult,
  );
  if (!answer.is_success) throw new DliRefusedError(api, answer.message);
}

/**
 * Creates a Flink SQL job with `POST /v1.0/{project_id}/streaming/sql-jobs` and returns its id.
 * Never resent on an unclear failure (it would create a second job); the caller must look for
 * the job by name before trying again.
 */
export async function createDliSqlJob(conn: ApiConnection, spec: DliSqlJobRequest): Promise<string> {
  const api = "DLI create SQL job";
  return createJob(conn, api, "sql-jobs", validateRequest(api, dliSqlJobRequest, spec));
}

/** Creates a Flink Jar job with `POST /v1.0/{project_id}/streaming/flink-jobs`; like {@link createDliSqlJob}. */
export async function createDliJarJob(conn: ApiConnection, spec: DliJarJobRequest): Promise<string> {
  const api = "DLI create Jar job";
  return createJob(conn, api, "flink-jobs", validateRequest(api, dliJarJobRequest, spec));
}

/**
 * Changes a Flink SQL job in place with `PUT /v1.0/{project_id}/streaming/sql-jobs/{job_id}`.
 * DLI refuses it for a running job: stop the job first. Resending the same body is harmless, but
 * it is not resent here: the caller reads the job before deciding what to do next.
 */
export async function updateDliSqlJob(
  conn: ApiConnection,
  jobId: string,
  changes: DliSqlJobUpdateRequest,
): Promise<void> {
  const api = "DLI update SQL job";
  await updateJob(conn, api, "sql-jobs", jobId, validateRequest(api, dliSqlJobUpdateRequest, changes));
}

/** Changes a Flink Jar job in place with `PUT /v1.0/{project_id}/streaming/flink-jobs/{job_id}`. */
export async function updateDliJarJob(
  conn: ApiConnection,
  jobId: string,
  changes: DliJarJobUpdateRequest,
): Promise<void> {
  const api = "DLI update Jar job";
  await updateJob(conn, api, "flink-jobs", jobId, validateRequest(api, dliJarJobUpdateRequest, changes));
}

async function updateJob(
  conn: ApiConnection,
  api: string,
  pathEnd: string,
  jobId: string,
  body: unknown,
): Promise<void> {
  const id = checkDliJobId(jobId);
  const answer = await callApi(
    conn,
    {
      api,
      method: "PUT",
      path: `/v1.0/${segment(conn.projectId)}/streaming/${pathEnd}/${id}`,
      body,
      idempotent: false,
    },
    dliUpdateJobAnswer,
  );
  if (answer.is_success === false) throw new DliRefusedError(api, answer.message);
}

async function createJob(conn: ApiConnection, api: string, pathEnd: string, body: unknown): Promise<string> {
  const answer = await callApi(
    conn,
    {
      api,
      method: "POST",
      path: `/v1.0/${segment(conn.projectId)}/streaming/${pathEnd}`,
      body,
      idempotent: false,
    },
    dliCreateJobAnswer,
  );
  if (answer.is_success === false) throw new DliRefusedError(api, answer.message);
  if (answer.job === undefined) throw new UnexpectedAnswerError(api, "job: missing");
  return answer.job.job_id;
}

async function batchByOrder(
  conn: ApiConnection,
  api: string,
  pathEnd: string,
  jobIds: readonly string[],
  how: { readonly extra: Readonly<Record<string, boolean>>; readonly idempotent: boolean },
): Promise<Map<string, DliJobResult>> {
  // Every id is checked before anything is sent; a repeated id would make positions ambiguous.
  const ids = [...new Set(jobIds.map((id) => checkDliJobId(id)))];
  const out = new Map<string, DliJobResult>();
  for (const chunk of inChunks(ids, dliMaxBatch)) {
    const answer = await callApi(
      conn,
      {
        api,
        method: "POST",
        path: `/v1.0/${segment(conn.projectId)}/streaming/jobs/${pathEnd}`,
        body: { job_ids: chunk.map(dliJobIdToJson), ...how.extra },
        idempotent: how.idempotent,
      },
      dliBatchAnswer,
    );
    // Entries carry no id: only a one-to-one answer can be matched to the request.
    if (answer.length !== chunk.length)
      throw new UnexpectedAnswerError(
        api,
        `(answer): ${answer.length} results for ${chunk.length} job ids, so none can be matched to its job`,
      );
    chunk.forEach((id, i) => {
      const entry = answer[i];
      if (entry !== undefined) out.set(id, { isSuccess: entry.is_success, message: entry.message });
    });
  }
  return out;
}
