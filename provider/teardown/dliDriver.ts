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
import { chooseReadPlan, keepPaging } from "./chooseReadPlan";
import type { ActionOutcome, JobDriver, JobView } from "./JobDriver";
import { mayBeOneJobsFault } from "./mayBeOneJobsFault";

const view = (status: string): JobView => ({ status, phase: classifyDliStatus(status) });

/**
 * The job count (`total_count`) each project's list answered last, by connection key. It lives as
 * long as the provider process (one `pulumi destroy`), and only steers the choice between detail
 * reads and list pages (see chooseReadPlan); a stale count costs calls, never a wrong answer.
 */
const projectSizes = new Map<string, number>();

/**
 * Jobs whose delete DLI accepted: a deleted job is not found any more, and only its detail read
 * can say so for certain, so reading it from list pages would cost a page and then the detail.
 */
const deleteAccepted = new Set<string>();

/**
 * Statuses of `ids` from the job list, up to 100 jobs a page (offset advanced by what each page
 * held, in case DLI serves fewer than asked). The walk goes on only while the pages left are
 * fewer than the jobs still missing (see keepPaging). A job the pages did not show is NOT taken
 * as gone: DLI may reorder its list, or jobs may come and go between pages and shift the rest
 * across a page boundary; the caller reads it by its detail.
 */
async function listedStatuses(
  conn: ApiConnection,
  key: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const wanted = new Set(ids);
  const found = new Map<string, string>();
  for (let offset = 0; ;) {
    const page = await listDliJobsPage(conn, {}, { limit: dliMaxBatch, offset });
    projectSizes.set(key, page.totalCount);
    for (const job of page.jobs) {
      if (wanted.has(job.job_id) && typeof job.status === "string") found.set(job.job_id, job.status);
    }
    offset += page.jobs.length;
    const pagesLeft = Math.ceil(Math.max(0, page.totalCount - offset) / dliMaxBatch);
    if (page.jobs.length === 0 || !keepPaging({ pagesLeft, missing: wanted.size - found.size })) return found;
  }
}

// Each round chooses between one detail call per job and the job list (chooseReadPlan), so that
// a round costs about min(jobs, ceil(project size / 100)) calls however many jobs the project
// holds. A job the list does not show is read again by its detail, which alone tells "gone" for
// certain, and whose failure is that job's alone.
const statusReads = new CallBatcher<Queued<string>, JobView | undefined>({
  ...teardownBatching,
  send: async (queued) => {
    const conn = batchConnection(queued);
    const key = connectionKey(conn);
    const fromList = queued.map((q) => q.item).filter((id) => !deleteAccepted.has(`${key}|${id}`));
    const plan = chooseReadPlan({
      waiting: fromList.length,
      projectSize: projectSizes.get(key),
      pageSize: dliMaxBatch,
    });
    const listed =
      plan.kind === "pages" ? await listedStatuses(conn, key, fromList) : new Map<string, string>();
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
  send: async (queued) => {
    const conn = batchConnection(queued);
    const ids = queued.map((q) => q.item);
    const outcomes = await byOrder(() => deleteDliJobs(conn, ids), ids);
    outcomes.forEach((outcome, i) => {
      if (outcome.kind === "accepted") deleteAccepted.add(`${connectionKey(conn)}|${ids[i] ?? ""}`);
    });
    return outcomes;
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
