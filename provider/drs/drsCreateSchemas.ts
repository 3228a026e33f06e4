import { z } from "zod";

/*
 * Answers of the calls that create, configure and start a DRS job, after the vendor SDK models
 * (huaweicloudsdkdrs 3.1.219). Unknown fields are kept everywhere; only what the provider reads
 * is checked.
 */

/** Answer of `POST /v5/{project_id}/jobs` (v5 `CreateJobResponse`): the new job's id. */
export const drsV5CreateAnswer = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  status: z.string().optional(),
  create_time: z.string().optional(),
});
export type DrsV5CreateAnswer = z.infer<typeof drsV5CreateAnswer>;

/** Answer of `POST /v5/{project_id}/jobs/{job_id}/action` (v5 `ExecuteJobActionResponse`). */
export const drsV5ActionAnswer = z.looseObject({
  // Present for asynchronous actions (network, precheck): the key to read their result with.
  query_id: z.string().optional(),
});
export type DrsV5ActionAnswer = z.infer<typeof drsV5ActionAnswer>;

/** One endpoint's connection test result (v5 `QueryNetworkResult`). */
export const drsV5NetworkResult = z.looseObject({
  ip: z.string().optional(),
  success: z.boolean().optional(),
  result: z.string().optional(),
  // `success` or `failed` per the model; anything else means "not finished".
  status: z.string().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type DrsV5NetworkResult = z.infer<typeof drsV5NetworkResult>;

/** One precheck item (v5 and v3 `PrecheckResult`). */
export const drsPrecheckItem = z.looseObject({
  item: z.string().optional(),
  // PASSED, ALARM or FAILED.
  result: z.string().optional(),
  failed_reason: z.string().optional(),
  raw_error_msg: z.string().optional(),
  group: z.string().optional(),
});
export type DrsPrecheckItem = z.infer<typeof drsPrecheckItem>;

/** The precheck outcome (v5 `QueryPreCheckResult`). */
export const drsV5PrecheckResult = z.looseObject({
  result: z.boolean().optional(),
  // Progress in percent, for example "100%".
  process: z.string().optional(),
  total_passed_rate: z.string().optional(),
  precheck_results: z.array(drsPrecheckItem).optional(),
});
export type DrsV5PrecheckResult = z.infer<typeof drsV5PrecheckResult>;

/**
 * Answer of `GET /v5/{project_id}/jobs/{job_id}?type=network|precheck&query_id=...` (v5
 * `JobDetailResp`): only the part that the type asks for is read.
 */
export const drsV5QueryAnswer = z.looseObject({
  job: z.looseObject({
    id: z.string().optional(),
    status: z.string().optional(),
    network_results: z.array(drsV5NetworkResult).optional(),
    precheck_result: drsV5PrecheckResult.optional(),
  }),
});
export type DrsV5QueryAnswer = z.infer<typeof drsV5QueryAnswer>;

/** Answer of `PUT /v5/{project_id}/jobs/{job_id}` (v5 `UpdateJobResponse`). */
export const drsV5UpdateAnswer = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  // `success` or `failed`.
  status: z.string().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type DrsV5UpdateAnswer = z.infer<typeof drsV5UpdateAnswer>;

/** One job's entry in the v3 batch-creation answer (v3 `CreateJobResp`). */
export const drsV3CreateEntry = z.looseObject({
  // Mandatory in the model, but a refused entry may carry only its error.
  id: z.string().optional(),
  name: z.string().optional(),
  status: z.string().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type DrsV3CreateEntry = z.infer<typeof drsV3CreateEntry>;

/** Answer of `POST /v3/{project_id}/jobs/batch-creation` (v3 `BatchCreateJobsResponse`). */
export const drsV3CreateAnswer = z.looseObject({
  count: z.number().int().min(0).optional(),
  results: z.array(drsV3CreateEntry),
});

/** One job's entry in the v3 batch-connection answer (v3 `CheckJobResp`). */
export const drsV3ConnectionEntry = z.looseObject({
  id: z.string().min(1),
  // "true" or "false" per the model; a boolean is accepted too.
  status: z.union([z.string(), z.boolean()]).optional(),
  success: z.boolean().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type DrsV3ConnectionEntry = z.infer<typeof drsV3ConnectionEntry>;

/** Answer of `POST /v3/{project_id}/jobs/batch-connection`. */
export const drsV3ConnectionAnswer = z.looseObject({
  count: z.number().int().min(0).optional(),
  results: z.array(drsV3ConnectionEntry),
});

/** One job's entry in the v3 batch-select-objects answer (v3 `DatabaseObjectResp`). */
export const drsV3SelectObjectsEntry = z.looseObject({
  job_id: z.string().optional(),
  status: z.union([z.boolean(), z.string()]).optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type DrsV3SelectObjectsEntry = z.infer<typeof drsV3SelectObjectsEntry>;

/** Answer of `PUT /v3/{project_id}/jobs/batch-select-objects`. */
export const drsV3SelectObjectsAnswer = z.looseObject({
  count: z.number().int().min(0).optional(),
  results: z.array(drsV3SelectObjectsEntry),
});

/** One job's entry in the v3 batch-precheck answer (v3 `PostPreCheckResp`). */
export const drsV3PrecheckEntry = z.looseObject({
  id: z.string().optional(),
  precheck_id: z.string().optional(),
  status: z.string().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type DrsV3PrecheckEntry = z.infer<typeof drsV3PrecheckEntry>;

/** Answer of `POST /v3/{project_id}/jobs/batch-precheck`. */
export const drsV3PrecheckAnswer = z.looseObject({
  count: z.number().int().min(0).optional(),
  results: z.array(drsV3PrecheckEntry),
});

/** One precheck's result in the v3 batch-precheck-result answer (v3 `QueryPreCheckResp`). */
export const drsV3PrecheckResultEntry = z.looseObject({
  precheck_id: z.string().optional(),
  result: z.boolean().optional(),
  process: z.string().optional(),
  total_passed_rate: z.string().optional(),
  precheck_result: z.array(drsPrecheckItem).optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type DrsV3PrecheckResultEntry = z.infer<typeof drsV3PrecheckResultEntry>;

/** Answer of `POST /v3/{project_id}/jobs/batch-precheck-result`. */
export const drsV3PrecheckResultAnswer = z.looseObject({
  count: z.number().int().min(0).optional(),
  results: z.array(drsV3PrecheckResultEntry),
});

/** One job's entry in the v3 batch-starting, batch-modification and batch-limit-speed answers. */
export const drsV3JobResultEntry = z.looseObject({
  id: z.string().optional(),
  // `success` or `failed`.
  status: z.string().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type DrsV3JobResultEntry = z.infer<typeof drsV3JobResultEntry>;

/** Answer of `POST /v3/.../batch-starting`, `PUT /v3/.../batch-modification`, `PUT /v3/.../batch-limit-speed`. */
export const drsV3JobResultAnswer = z.looseObject({
  count: z.number().int().min(0).optional(),
  results: z.array(drsV3JobResultEntry),
});
