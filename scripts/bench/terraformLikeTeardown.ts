/**
 * The reference strategy: one job torn down the way the Terraform providers do it (api-facts §6),
 * extended only where their flow would leave the job in place, so that both strategies end with
 * every job gone and do the same physical work (see docs/benchmarks.md, "Reference strategy").
 * It sends its calls through this package's own API modules and transport, so the comparison is
 * about the strategy (when and how many calls), not about two different HTTP stacks.
 */
import { getDliJob, deleteDliJob, stopDliJobs } from "../../provider/dli/dliApi";
import {
  batchGetDrsV3JobDetail,
  batchGetDrsV3JobStatus,
  batchStopOrDeleteDrsV3Jobs,
} from "../../provider/drs/drsV3Api";
import {
  batchDeleteDrsV5Jobs,
  chooseDrsDeleteApi,
  deleteDrsV5Job,
  getDrsV5Job,
  stopDrsV5Job,
} from "../../provider/drs/drsV5Api";
import type { ApiConnection } from "../../provider/http/ApiConnection";

/** Terraform's waiting, on the emulator's clock. */
export interface TerraformWaitParams {
  /** Fixed delay before the first status read (20 s on the real cloud). */
  readonly delayMs: number;
  /** First pause after the first read; doubled after every read (the SDK's waiter: 0.2 s real). */
  readonly firstBackoffMs: number;
  /** Longest pause between reads (10 s on the real cloud). */
  readonly capMs: number;
  /** Gives up after this long (the 30 min delete timeout of Huawei's `drs_job`). */
  readonly timeoutMs: number;
}

/** One job for the reference strategy. */
export type ReferenceJob =
  | { readonly family: "v3"; readonly id: string }
  | { readonly family: "v5"; readonly id: string; readonly engineType: string }
  | { readonly family: "dli"; readonly id: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits like the Terraform SDK's state-change waiter: sleep `delayMs`, read at once, then read
 * again after pauses that double from `firstBackoffMs` up to `capMs`, until `done` says so.
 */
export async function waitLikeTerraform(
  read: () => Promise<string | undefined>,
  done: (status: string | undefined) => boolean,
  params: TerraformWaitParams,
  what: string,
): Promise<void> {
  const deadline = Date.now() + params.timeoutMs;
  await sleep(params.delayMs);
  let pause = params.firstBackoffMs;
  for (;;) {
    const status = await read();
    if (done(status)) return;
    if (Date.now() >= deadline) throw new Error(`${what}: still ${status ?? "(gone)"} at the timeout`);
    await sleep(pause);
    pause = Math.min(pause * 2, params.capMs);
  }
}

/**
 * Tears one job down, one call per step, no batching:
 *
 * - DRS v3 (Huawei `drs_job`): read the detail; `force_terminate` unless already stopped; wait;
 *   `delete`; no wait after the delete. Per-job entries of the answers are not looked at.
 * - DRS v5 (Huawei `drs_job_v5` only sends the delete, which a running job refuses): the v3 flow
 *   with the v5 calls: detail, forced stop-one, wait, then the delete call the engine pair allows
 *   (delete-one, or delete-many with this one id).
 * - DLI (the Terraform resources only delete): stop with `trigger_savepoint` (the same work the
 *   provider does for the stack's `savepoint: true`), wait, delete-one.
 */
export async function terraformLikeTeardown(
  conn: ApiConnection,
  job: ReferenceJob,
  params: TerraformWaitParams,
): Promise<void> {
  switch (job.family) {
    case "v3": {
      const detail = (await batchGetDrsV3JobDetail(conn, [job.id])).get(job.id);
      if (detail?.status !== "RELEASE_RESOURCE_COMPLETE")
        await batchStopOrDeleteDrsV3Jobs(conn, [{ jobId: job.id, deleteType: "force_terminate" }]);
      await waitLikeTerraform(
        async () => (await batchGetDrsV3JobStatus(conn, [job.id])).get(job.id)?.status,
        (status) => status === "RELEASE_RESOURCE_COMPLETE",
        params,
        `DRS v3 job ${job.id}`,
      );
      await batchStopOrDeleteDrsV3Jobs(conn, [{ jobId: job.id, deleteType: "delete" }]);
      return;
    }
    case "v5": {
      const detail = await getDrsV5Job(conn, job.id);
      if (detail?.status !== "RELEASE_RESOURCE_COMPLETE") await stopDrsV5Job(conn, job.id, { force: true });
      await waitLikeTerraform(
        async () => (await getDrsV5Job(conn, job.id))?.status,
        (status) => status === "RELEASE_RESOURCE_COMPLETE",
        params,
        `DRS v5 job ${job.id}`,
      );
      if (chooseDrsDeleteApi(job.engineType) === "v5-delete-one") await deleteDrsV5Job(conn, job.id);
      else await batchDeleteDrsV5Jobs(conn, [job.id]);
      return;
    }
    case "dli": {
      await stopDliJobs(conn, [job.id], { triggerSavepoint: true });
      await waitLikeTerraform(
        async () => (await getDliJob(conn, job.id))?.status,
        (status) => status === "job_cancel_success",
        params,
        `DLI job ${job.id}`,
      );
      await deleteDliJob(conn, job.id);
      return;
    }
  }
}
