import { classifyDrsStatus } from "../drs/classifyDrsStatus";
import { isDrsNotFound } from "../drs/drsErrors";
import {
  batchGetDrsV3JobDetail,
  batchGetDrsV3JobStatus,
  batchStopOrDeleteDrsV3Jobs,
  type DrsV3BatchJobsItem,
} from "../drs/drsV3Api";
import type { DrsV3DetailEntry } from "../drs/drsV3Schemas";
import type { ApiConnection } from "../http/ApiConnection";
import { batchConnection, connectionKey, teardownBatching, type Queued } from "./batchConnection";
import { CallBatcher } from "./CallBatcher";
import { drsPrepaidBlocker } from "../drs/drsPrepaidBlocker";
import { drsBatchOutcomes } from "./drsOutcome";
import type { ActionOutcome, JobDriver, JobView } from "./JobDriver";

// Module state shared by every teardown of the provider process: that is what lets the deletes
// of one `pulumi destroy` share batch calls.
const statusReads = new CallBatcher<Queued<string>, JobView | undefined>({
  ...teardownBatching,
  send: async (queued) => {
    const found = await batchGetDrsV3JobStatus(
      batchConnection(queued),
      queued.map((q) => q.item),
    );
    return queued.map((q): JobView | undefined => {
      const entry = found.get(q.item);
      // Not in the answer: say so and read again next round; never assume gone.
      if (entry === undefined) return { status: "(missing from the batch-status answer)", phase: "unknown" };
      if (isDrsNotFound(entry.error_code, entry.error_message)) return undefined;
      if (entry.status === undefined)
        return { status: `(error ${entry.error_code ?? "?"})`, phase: "unknown" };
      return { status: entry.status, phase: classifyDrsStatus(entry.status) };
    });
  },
});

const detailReads = new CallBatcher<Queued<string>, DrsV3DetailEntry | undefined>({
  ...teardownBatching,
  send: async (queued) => {
    const found = await batchGetDrsV3JobDetail(
      batchConnection(queued),
      queued.map((q) => q.item),
    );
    return queued.map((q) => found.get(q.item));
  },
});

// Stops (terminate, force_terminate) and deletes travel in the same v3 call, so one batch may
// carry both kinds.
const batchJobs = new CallBatcher<Queued<DrsV3BatchJobsItem>, ActionOutcome>({
  ...teardownBatching,
  send: (queued) =>
    drsBatchOutcomes(
      queued.map((q) => q.item.jobId),
      () =>
        batchStopOrDeleteDrsV3Jobs(
          batchConnection(queued),
          queued.map((q) => q.item),
        ),
    ),
});

/** Sends one v3 `batch-jobs` entry (terminate, force_terminate or delete), batched with others. */
export function sendDrsV3BatchJob(conn: ApiConnection, item: DrsV3BatchJobsItem): Promise<ActionOutcome> {
  return batchJobs.submit(`${connectionKey(conn)}|batch-jobs`, { conn, item });
}

/** Reads one job's v3 detail, batched with others; `undefined` when the answer lacks it. */
export function readDrsV3Detail(conn: ApiConnection, jobId: string): Promise<DrsV3DetailEntry | undefined> {
  return detailReads.submit(`${connectionKey(conn)}|batch-detail`, { conn, item: jobId });
}

/** Teardown calls for a DRS job through the v3 API (Huawei Cloud and Open Telekom Cloud). */
export function drsV3Driver(conn: ApiConnection): JobDriver {
  const key = connectionKey(conn);
  return {
    family: "DRS v3",
    canForceStop: true,
    read: (jobId) => statusReads.submit(`${key}|batch-status`, { conn, item: jobId }),
    stop: (jobId, force) =>
      sendDrsV3BatchJob(conn, { jobId, deleteType: force ? "force_terminate" : "terminate" }),
    delete: (jobId) => sendDrsV3BatchJob(conn, { jobId, deleteType: "delete" }),
    stopBlocker: async (jobId) => drsPrepaidBlocker(await readDrsV3Detail(conn, jobId)),
  };
}
