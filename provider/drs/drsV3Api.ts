import type { ApiConnection } from "../http/ApiConnection";
import { callApi, segment } from "../http/callApi";
import { HuaweiApiError } from "../http/HuaweiApiError";
import { inChunks } from "../http/inChunks";
import { validateRequest } from "../http/validateRequest";
import { isDrsNotFound } from "./drsErrors";
import {
  drsV3BatchDetailAnswer,
  drsV3BatchJobsAnswer,
  drsV3BatchJobsRequest,
  drsV3BatchQueryRequest,
  drsV3BatchStatusAnswer,
  drsV3ListAnswer,
  drsV3ListRequest,
  drsV3MaxPerPage,
  type DrsV3BatchJobsEntry,
  type DrsV3DbUseType,
  type DrsV3DeleteType,
  type DrsV3DetailEntry,
  type DrsV3ListAnswer,
  type DrsV3ListedJob,
  type DrsV3StatusEntry,
} from "./drsV3Schemas";

/**
 * Reads the status of many jobs with `POST /v3/{project_id}/jobs/batch-status`, at most 100 ids
 * per call, always sending `page_req` and following further pages while `count` says more exist.
 * A job the answer does not mention is absent from the map: ask again rather than assume.
 */
export async function batchGetDrsV3JobStatus(
  conn: ApiConnection,
  jobIds: readonly string[],
): Promise<Map<string, DrsV3StatusEntry>> {
  return batchQuery(
    conn,
    jobIds,
    "DRS v3 batch-status",
    "batch-status",
    async (call, body) => callApi(conn, { ...call, body }, drsV3BatchStatusAnswer),
    (gone) => gone,
  );
}

/**
 * Reads the details of many jobs with `POST /v3/{project_id}/jobs/batch-detail`, paged like
 * {@link batchGetDrsV3JobStatus}. Unknown fields of each detail are kept.
 */
export async function batchGetDrsV3JobDetail(
  conn: ApiConnection,
  jobIds: readonly string[],
): Promise<Map<string, DrsV3DetailEntry>> {
  return batchQuery(
    conn,
    jobIds,
    "DRS v3 batch-detail",
    "batch-detail",
    async (call, body) => callApi(conn, { ...call, body }, drsV3BatchDetailAnswer),
    (gone) => gone,
  );
}

/** One job for {@link batchStopOrDeleteDrsV3Jobs}. */
export interface DrsV3BatchJobsItem {
  readonly jobId: string;
  /** `terminate`/`force_terminate` end (stop) the job; `delete` removes a stopped one. */
  readonly deleteType: DrsV3DeleteType;
  /** Ask for breakpoint information when a MySQL-source job ends. */
  readonly showBreakpointPosition?: boolean;
}

/**
 * Stops or deletes jobs with `DELETE /v3/{project_id}/jobs/batch-jobs` (HTTP 202), at most 100
 * per call. The 202 says nothing about any one job: each entry carries its own `status`
 * (`success`/`failed`) and `error_msg`. Entries are matched by id; a job the answer does not
 * mention is absent from the map.
 */
export async function batchStopOrDeleteDrsV3Jobs(
  conn: ApiConnection,
  jobs: readonly DrsV3BatchJobsItem[],
): Promise<Map<string, DrsV3BatchJobsEntry>> {
  const api = "DRS v3 batch-jobs";
  const out = new Map<string, DrsV3BatchJobsEntry>();
  for (const chunk of inChunks(jobs, drsV3MaxPerPage)) {
    const body = validateRequest(api, drsV3BatchJobsRequest, {
      jobs: chunk.map((j) =>
        j.showBreakpointPosition === undefined
          ? { delete_type: j.deleteType, job_id: j.jobId }
          : {
              delete_type: j.deleteType,
              job_id: j.jobId,
              is_show_breakpoint_position: j.showBreakpointPosition,
            },
      ),
    });
    const answer = await callApi(
      conn,
      {
        api,
        method: "DELETE",
        path: `/v3/${segment(conn.projectId)}/jobs/batch-jobs`,
        body,
        // Sending a stop or delete again only fails that job's entry (already stopping, or gone),
        // which the caller reads as such; nothing is done twice.
        idempotent: true,
      },
      drsV3BatchJobsAnswer,
    );
    keepRequested(
      answer.results,
      chunk.map((j) => j.jobId),
      out,
    );
  }
  return out;
}

/** Filters of {@link listDrsV3Jobs}. */
export interface DrsV3ListFilter {
  readonly dbUseType: DrsV3DbUseType;
  readonly name?: string;
  readonly status?: string;
}

/** Reads one page of `POST /v3/{project_id}/jobs` (list); `perPage` at most 100. */
export async function listDrsV3Jobs(
  conn: ApiConnection,
  filter: DrsV3ListFilter,
  page: { readonly curPage: number; readonly perPage: number } = { curPage: 1, perPage: drsV3MaxPerPage },
): Promise<DrsV3ListAnswer> {
  const api = "DRS v3 list jobs";
  const body = validateRequest(api, drsV3ListRequest, {
    cur_page: page.curPage,
    per_page: page.perPage,
    db_use_type: filter.dbUseType,
    ...(filter.name === undefined ? {} : { name: filter.name }),
    ...(filter.status === undefined ? {} : { status: filter.status }),
  });
  return callApi(
    conn,
    { api, method: "POST", path: `/v3/${segment(conn.projectId)}/jobs`, body, idempotent: true },
    drsV3ListAnswer,
  );
}

/** Reads every page of {@link listDrsV3Jobs}, 100 jobs per call, until `total_record` is reached. */
export async function listAllDrsV3Jobs(
  conn: ApiConnection,
  filter: DrsV3ListFilter,
): Promise<DrsV3ListedJob[]> {
  const jobs: DrsV3ListedJob[] = [];
  for (let curPage = 1; ; curPage++) {
    const answer = await listDrsV3Jobs(conn, filter, { curPage, perPage: drsV3MaxPerPage });
    jobs.push(...answer.jobs);
    // An empty page ends the walk even if total_record promised more (jobs deleted meanwhile).
    if (answer.jobs.length === 0 || jobs.length >= answer.total_record) return jobs;
  }
}

interface PagedAnswer<E> {
  readonly count?: number | undefined;
  readonly results: readonly E[];
}

type QueryCall = Pick<Parameters<typeof callApi>[1], "api" | "method" | "path" | "idempotent">;

async function batchQuery<E extends { id: string }>(
  conn: ApiConnection,
  jobIds: readonly string[],
  api: string,
  pathEnd: string,
  send: (call: QueryCall, body: unknown) => Promise<PagedAnswer<E>>,
  notFound: (entry: NotFoundEntry) => E,
): Promise<Map<string, E>> {
  const call: QueryCall = {
    api,
    method: "POST",
    path: `/v3/${segment(conn.projectId)}/jobs/${pathEnd}`,
    idempotent: true,
  };
  const fetchPage = (ids: readonly string[], curPage: number): Promise<PagedAnswer<E>> =>
    send(
      call,
      validateRequest(api, drsV3BatchQueryRequest, {
        jobs: ids,
        page_req: { cur_page: curPage, per_page: ids.length },
      }),
    );
  const out = new Map<string, E>();
  for (const chunk of inChunks([...new Set(jobIds)], drsV3MaxPerPage)) {
    await queryChunk(chunk, fetchPage, notFound, out);
  }
  return out;
}

/** What a query of a single job that does not exist is reported as. */
// A type alias, not an interface, so that it fits the answers' open (loose) entry types.
type NotFoundEntry = { id: string; error_code: string; error_message?: string };

async function queryChunk<E extends { id: string }>(
  ids: readonly string[],
  fetchPage: (ids: readonly string[], curPage: number) => Promise<PagedAnswer<E>>,
  notFound: (entry: NotFoundEntry) => E,
  out: Map<string, E>,
): Promise<void> {
  try {
    await followPages(ids, fetchPage, out);
  } catch (error) {
    // The vendor may refuse a whole batch because one of its jobs is gone. Halving finds that
    // job in a few calls; asked alone, its not-found answer is certain and is reported as its entry.
    if (!(error instanceof HuaweiApiError) || !isDrsNotFound(error.errorCode, error.errorMessage))
      throw error;
    const [only] = ids;
    if (ids.length === 1 && only !== undefined && error.errorCode !== undefined) {
      out.set(
        only,
        notFound(
          error.errorMessage === undefined
            ? { id: only, error_code: error.errorCode }
            : { id: only, error_code: error.errorCode, error_message: error.errorMessage },
        ),
      );
      return;
    }
    if (ids.length <= 1) throw error;
    const half = Math.ceil(ids.length / 2);
    await queryChunk(ids.slice(0, half), fetchPage, notFound, out);
    await queryChunk(ids.slice(half), fetchPage, notFound, out);
  }
}

async function followPages<E extends { id: string }>(
  ids: readonly string[],
  fetchPage: (ids: readonly string[], curPage: number) => Promise<PagedAnswer<E>>,
  out: Map<string, E>,
): Promise<void> {
  let received = 0;
  for (let curPage = 1; ; curPage++) {
    const answer = await fetchPage(ids, curPage);
    received += answer.results.length;
    const added = keepRequested(answer.results, ids, out);
    // Stop when count is reached, when count is absent, or when a page brings nothing new: every
    // further page must add a requested job, so this ends after at most ids.length pages.
    if (answer.count === undefined || received >= answer.count || added === 0) return;
  }
}

/** Copies the entries for requested ids into `out`, matched by id; returns how many were new. */
function keepRequested<E extends { id: string }>(
  entries: readonly E[],
  requested: readonly string[],
  out: Map<string, E>,
): number {
  const wanted = new Set(requested);
  let added = 0;
  for (const entry of entries) {
    // An entry for a job we did not ask about is ignored: acting on it could touch the wrong job.
    if (!wanted.has(entry.id) || out.has(entry.id)) continue;
    out.set(entry.id, entry);
    added++;
  }
  return added;
}
