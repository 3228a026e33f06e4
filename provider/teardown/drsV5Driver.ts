import { classifyDrsStatus } from "../drs/classifyDrsStatus";
import {
  batchDeleteDrsV5Jobs,
  batchStopDrsV5Jobs,
  deleteDrsV5Job,
  drsV5ListMaxIds,
  getDrsV5Job,
  getDrsV5JobActions,
  listDrsV5Jobs,
  type DrsDeleteApi,
} from "../drs/drsV5Api";
import type { DrsV5JobType, DrsV5ListedJob } from "../drs/drsV5Schemas";
import type { ApiConnection } from "../http/ApiConnection";
import { batchConnection, connectionKey, teardownBatching, type Queued } from "./batchConnection";
import { CallBatcher, perItem } from "./CallBatcher";
import { chooseReadPlan } from "./chooseReadPlan";
import { drsBatchOutcomes, drsErrorOutcome } from "./drsOutcome";
import { drsV5PrepaidBlocker } from "../drs/drsPrepaidBlocker";
import { sendDrsV3BatchJob } from "./drsV3Driver";
import type { ActionOutcome, JobDriver, JobView } from "./JobDriver";

const view = (status: string): JobView => ({ status, phase: classifyDrsStatus(status) });

// Status of many jobs of one job type from the list filtered by id (ten ids per call), or of a
// lone job from its detail, whichever costs fewer calls (chooseReadPlan: a round of one job is
// one detail call, which answers "gone" at once). A job the list does not return is read again
// by its own detail call, which alone tells "gone" for certain; that call's failure is its job's
// alone. The unfiltered list is not paged: its largest page is undocumented, and at ten jobs a
// page it could never beat the id filter.
const statusReads = new CallBatcher<Queued<{ jobId: string; jobType: DrsV5JobType }>, JobView | undefined>({
  ...teardownBatching,
  send: async (queued) => {
    const conn = batchConnection(queued);
    const jobType = queued[0]?.item.jobType ?? "sync";
    const plan = chooseReadPlan({ waiting: queued.length, idsPerListCall: drsV5ListMaxIds });
    const listed =
      plan.kind === "filteredList"
        ? await listDrsV5Jobs(
            conn,
            jobType,
            queued.map((q) => q.item.jobId),
          )
        : new Map<string, DrsV5ListedJob>();
    return Promise.all(
      queued.map((q) =>
        perItem(async () => {
          const hit = listed.get(q.item.jobId);
          if (hit?.status !== undefined) return view(hit.status);
          const job = await getDrsV5Job(conn, q.item.jobId);
          return job === undefined ? undefined : view(job.status);
        }),
      ),
    );
  },
});

// The list entries of jobs about to be stopped, for their charging_mode (prepaid check): always
// the list filtered by id, even for one job, since a list call costs what a detail call does and
// an entry that names the mode spares the detail (and the actions call) altogether.
const listEntries = new CallBatcher<
  Queued<{ jobId: string; jobType: DrsV5JobType }>,
  DrsV5ListedJob | undefined
>({
  ...teardownBatching,
  send: async (queued) => {
    const jobType = queued[0]?.item.jobType ?? "sync";
    const ids = queued.map((q) => q.item.jobId);
    const listed = await listDrsV5Jobs(batchConnection(queued), jobType, ids);
    return ids.map((id) => listed.get(id));
  },
});

const stops = new CallBatcher<Queued<{ jobId: string; force: boolean }>, ActionOutcome>({
  ...teardownBatching,
  send: (queued) =>
    drsBatchOutcomes(
      queued.map((q) => q.item.jobId),
      () =>
        batchStopDrsV5Jobs(
          batchConnection(queued),
          queued.map((q) => q.item),
        ),
    ),
});

const deletes = new CallBatcher<Queued<string>, ActionOutcome>({
  ...teardownBatching,
  send: (queued) => {
    const ids = queued.map((q) => q.item);
    return drsBatchOutcomes(ids, () => batchDeleteDrsV5Jobs(batchConnection(queued), ids));
  },
});

/** What the v5 teardown of one job needs to know about it (stored in the resource's outputs). */
export interface DrsV5JobFacts {
  /** `migration`, `sync` or `cloudDataGuard`; lets status reads use the batched list call. */
  readonly jobType?: DrsV5JobType | undefined;
  /** The delete call the job's engine pair allows. */
  readonly deleteApi: DrsDeleteApi;
  /** The job's engine pair (`engine_type`) as adoption found it, for messages. */
  readonly engineType?: string | undefined;
}

/**
 * Deletes a v5 job whose engine pair neither v5 delete call takes, through v3 as the vendor
 * documents for every other pair. v3 may not know a job created through v5, so its "does not
 * exist" is believed only when the v5 detail agrees; if v5 still shows the job, the delete is
 * refused with a message naming the pair. Never a guess that ends in "gone".
 */
async function deleteV5JobThroughV3(
  conn: ApiConnection,
  jobId: string,
  engineType: string | undefined,
): Promise<ActionOutcome> {
  const outcome = await sendDrsV3BatchJob(conn, { jobId, deleteType: "delete" });
  if (outcome.kind !== "gone") return outcome;
  const job = await getDrsV5Job(conn, jobId);
  if (job === undefined) return outcome;
  const pair = JSON.stringify(job.base_info?.engine_type ?? engineType ?? null);
  return {
    kind: "refused",
    detail:
      `DRS v3 answered that job ${jobId} does not exist, but DRS v5 still shows it (status ${job.status}). ` +
      `Its engine pair ${pair} is in neither v5 delete table (delete-many or delete-one), so no known call ` +
      "deletes it: delete it in the DRS console, or report the pair so that it can be added.",
  };
}

/** Teardown calls for a DRS job through the v5 API (Huawei Cloud, regions that have it). */
export function drsV5Driver(conn: ApiConnection, facts: DrsV5JobFacts): JobDriver {
  const key = connectionKey(conn);
  return {
    family: "DRS v5",
    canForceStop: true,
    read: async (jobId) => {
      if (facts.jobType !== undefined) {
        return statusReads.submit(`${key}|list|${facts.jobType}`, {
          conn,
          item: { jobId, jobType: facts.jobType },
        });
      }
      const job = await getDrsV5Job(conn, jobId);
      return job === undefined ? undefined : view(job.status);
    },
    stop: (jobId, force) => stops.submit(`${key}|batch-stop`, { conn, item: { jobId, force } }),
    delete: async (jobId) => {
      if (facts.deleteApi === "v5-delete-many")
        return deletes.submit(`${key}|batch-delete`, { conn, item: jobId });
      if (facts.deleteApi === "v3") return deleteV5JobThroughV3(conn, jobId, facts.engineType);
      try {
        await deleteDrsV5Job(conn, jobId);
        return { kind: "accepted" };
      } catch (error) {
        return drsErrorOutcome(error);
      }
    },
    stopBlocker: (jobId) =>
      drsV5PrepaidBlocker({
        listed: async () =>
          facts.jobType === undefined
            ? undefined
            : listEntries.submit(`${key}|entries|${facts.jobType}`, {
                conn,
                item: { jobId, jobType: facts.jobType },
              }),
        detail: () => getDrsV5Job(conn, jobId),
        availableActions: async () => (await getDrsV5JobActions(conn, jobId))?.available_actions ?? [],
      }),
  };
}
