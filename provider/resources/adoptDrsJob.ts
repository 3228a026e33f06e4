import { batchGetDrsV3JobDetail } from "../drs/drsV3Api";
import { chooseDrsDeleteApi, getDrsV5Job } from "../drs/drsV5Api";
import { drsV5JobType } from "../drs/drsV5Schemas";
import type { ApiConnection } from "../http/ApiConnection";
import { HuaweiApiError } from "../http/HuaweiApiError";
import { isDrsNotFound } from "../drs/drsErrors";

/** What adoption learns about a DRS job. */
export interface AdoptedDrsJob {
  readonly apiVersion: "v3" | "v5";
  readonly deleteApi: "v5-delete-many" | "v5-delete-one" | "v3";
  readonly name: string;
  readonly status: string;
  readonly engineType?: string | undefined;
  readonly jobType?: "migration" | "sync" | "cloudDataGuard" | undefined;
}

/** "The v5 API is not published here" (APIG.0101): regions without v5, and Open Telekom Cloud. */
function isApiMissing(error: unknown): boolean {
  return error instanceof HuaweiApiError && error.httpStatus === 404 && error.errorCode === "APIG.0101";
}

/**
 * Finds a job and its API family: the family the user named, or v5 where the region offers it
 * and the job is known there, else v3. Returns `undefined` when no family knows the job.
 */
export async function findDrsJob(
  conn: ApiConnection,
  jobId: string,
  apiVersion: "v3" | "v5" | undefined,
): Promise<AdoptedDrsJob | undefined> {
  if (apiVersion !== "v3") {
    try {
      const job = await getDrsV5Job(conn, jobId);
      if (job !== undefined) {
        const engineType = job.base_info?.engine_type;
        const jobType = drsV5JobType.safeParse(job.base_info?.job_type);
        return {
          apiVersion: "v5",
          deleteApi: chooseDrsDeleteApi(engineType),
          name: job.base_info?.name ?? "",
          status: job.status,
          engineType,
          jobType: jobType.success ? jobType.data : undefined,
        };
      }
      if (apiVersion === "v5") return undefined;
    } catch (error) {
      if (!isApiMissing(error)) throw error;
      if (apiVersion === "v5") {
        throw new Error(
          `The DRS v5 API is not available at ${conn.endpoint} (APIG.0101): this region (or cloud) offers only v3. Set apiVersion: "v3" or leave it unset.`,
          { cause: error },
        );
      }
    }
  }
  const detail = (await batchGetDrsV3JobDetail(conn, [jobId])).get(jobId);
  if (detail === undefined || isDrsNotFound(detail.error_code, detail.error_message)) return undefined;
  if (detail.status === undefined) {
    throw new Error(
      `DRS v3 batch-detail answered for job ${jobId} with error ${detail.error_code ?? "?"}: ${detail.error_message ?? "no message"}`,
    );
  }
  return {
    apiVersion: "v3",
    deleteApi: "v3",
    name: detail.name ?? "",
    status: detail.status,
    engineType: detail.inst_info?.engine_type ?? undefined,
  };
}
