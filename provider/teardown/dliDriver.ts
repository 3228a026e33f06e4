import { classifyDliStatus } from "../dli/classifyDliStatus";
import {
  deleteDliJobs,
  getDliJob,
  isDliNotFound,
  listDliJobsPage,
  stopDliJobs,
  type DliJobResult,
} from "../dli/dliApi";
import { dliMaxBatch } from "../dli/dliSchemas";
import type { ApiConnection } from "../http/ApiConnection";
import { HuaweiApiError, UnexpectedAnswerError } from "../http/HuaweiApiError";
import { batchConnection, connectionKey, teardownBatching, type Queued } from "./batchConnection";
import { CallBatcher, perItem } from "./CallBatcher";
import type { ActionOutcome, JobDriver, JobView } from "./JobDriver";
import { mayBeOneJobsFault } from "./mayBeOneJobsFault";

const view = (status: string): JobView => ({ status, phase: classifyDliStatus(status) });

/**
 * Statuses of `ids` from the job list, 100 jobs a page. A project may hold thousands of jobs, so
 * the walk goes on only while the pages left are fewer than the jobs still missing (each of
 * which its own detail call could read instead), and ends once every job was seen.
 */
async function listedStatuses(conn: ApiConnection, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = new Set(ids);
  const found = new Map<string, string>();
  for (let offset = 0; ;) {
    const page = await listDliJobsPage(conn, {}, { limit: dliMaxBatch, offset });
    for (const job of page.jobs) {
      if (wanted.has(job.job_id) && typeof job.status === "string") found.set(job.job_id, job.status);
    }
    offset += page.jobs.length;
    const missing = wanted.size - found.size;
    const pagesLeft = Math.ceil((page.totalCount - offset) / dliMaxBatch);
    if (missing === 0 || page.jobs.length === 0 || pagesLeft <= 0 || pagesLeft >= missing) return found;
  }
}

// One job: its detail call. Several: the job list (see listedStatuses); a job the list does not
// show is read again by its detail, which alone tells "gone" for certain, and whose failure is
// that job's alone.
const statusReads = new CallBatcher<Queued<string>, JobView | undefined>({
  ...teardownBatching,
  send: async (queued) => {
    const conn = batchConnection(queued);
    const listed =
      queued.length > 1
        ? await listedStatuses(
            conn,
            queued.map((q) => q.item),
          )
        : new Map<string, string>();
    return Promise.all(
      queued.map((q) =>
        perItem(async () => {
          const status = listed.get(q.item);
          if (status !== undefined) return view(status);
          const job = await getDliJob(conn, q.item);
          return job === undefined ? undefined : view(job.status);
        }),
      ),
    );
  },
});

/**
 * Maps a DLI batch answer to outcomes. The entries carry no id; when their number does not
 * match the request nobody can tell which job an entry is for, so every job of the batch is
 * read and asked again instead of being guessed. A call of one job that DLI refused as a whole
 * is that job's answer; a refused call of several is rethrown, and the batcher asks for each
 * job on its own.
 */
async function byOrder(
  send: () => Promise<Map<string, DliJobResult>>,
  ids: readonly string[],
): Promise<ActionOutcome[]> {
  let results: Map<string, DliJobResult>;
  try {
    results = await send();
  } catch (error) {
    if (error instanceof UnexpectedAnswerError)
      return ids.map(() => ({ kind: "retryLater", detail: error.message }));
    if (ids.length !== 1 || !mayBeOneJobsFault(error) || !(error instanceof HuaweiApiError)) throw error;
    if (isDliNotFound(error)) return [{ kind: "gone" }];
    return [{ kind: "refused", detail: [error.errorCode, error.errorMessage].filter(Boolean).join(": ") }];
  }
  return ids.map((id): ActionOutcome => {
    const result = results.get(id);
    if (result === undefined)
      return { kind: "retryLater", detail: "no entry for the job in the batch answer" };
    if (result.isSuccess) return { kind: "accepted" };
    return { kind: "refused", detail: result.message ?? "is_success false" };
  });
}

const stops = new CallBatcher<Queued<{ jobId: string; savepoint: boolean }>, ActionOutcome>({
  ...teardownBatching,
  send: (queued) => {
    const ids = queued.map((q) => q.item.jobId);
    const savepoint = queued[0]?.item.savepoint ?? false;
    return byOrder(() => stopDliJobs(batchConnection(queued), ids, { triggerSavepoint: savepoint }), ids);
  },
});

const deletes = new CallBatcher<Queued<string>, ActionOutcome>({
  ...teardownBatching,
  send: (queued) => {
    const ids = queued.map((q) => q.item);
    return byOrder(() => deleteDliJobs(batchConnection(queued), ids), ids);
  },
});

/**
 * Teardown calls for a DLI Flink job. DLI would delete a running job, but then its state is cut
 * off without a savepoint: teardown always stops first, with `trigger_savepoint` when
 * `savepoint` is set, and deletes only once the job is stopped.
 */
export function dliDriver(conn: ApiConnection, options: { readonly savepoint: boolean }): JobDriver {
  const key = connectionKey(conn);
  return {
    family: "DLI",
    canForceStop: false,
    read: (jobId) => statusReads.submit(`${key}|status`, { conn, item: jobId }),
    stop: (jobId) =>
      stops.submit(`${key}|stop|${String(options.savepoint)}`, {
        conn,
        item: { jobId, savepoint: options.savepoint },
      }),
    delete: (jobId) => deletes.submit(`${key}|delete`, { conn, item: jobId }),
  };
}
