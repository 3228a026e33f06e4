import { z } from "zod";
import { isDliJobId } from "./dliJobId";

/** The most ids one DLI batch call carries, and the largest list page. */
export const dliMaxBatch = 100;

/** Longest DLI job name the vendor accepts. */
export const dliMaxJobNameLength = 57;

/**
 * A job id as a DLI answer carries it, normalized to our decimal string. It arrives as a JSON
 * number; `parseJson` already turned numbers beyond 2^53 into their exact digits, so a number
 * here must be a safe integer (anything else has lost digits somewhere and is refused).
 */
export const dliJobIdInAnswer = z
  .union([
    z
      .number()
      .int()
      .refine(Number.isSafeInteger, "is a number too large to be exact")
      .transform((n) => String(n)),
    z.string(),
  ])
  .pipe(z.string().refine(isDliJobId, "is not a positive decimal job id of at most 2^63 - 1"));

/** `is_success`, documented as a boolean but shown as the strings "true"/"false" in the vendor's examples. */
export const dliIsSuccess = z
  .union([z.boolean(), z.enum(["true", "false"])])
  .transform((v) => v === true || v === "true");

/** `{is_success, message}`: one entry of a batch answer, or the answer of delete-one. */
export const dliResult = z.looseObject({
  is_success: dliIsSuccess,
  message: z.string().optional(),
});
export type DliResult = z.infer<typeof dliResult>;

/**
 * Answer of the batch calls (`streaming/jobs/run`, `/stop`, `/delete`): one entry per requested
 * id, in request order, without the id.
 */
export const dliBatchAnswer = z.array(dliResult);
export type DliBatchAnswer = z.infer<typeof dliBatchAnswer>;

/** Body of `POST /v1.0/{project_id}/streaming/jobs/delete`, as the vendor documents it. */
export const dliDeleteJobsRequest = z.strictObject({ job_ids: z.array(dliJobIdInAnswer).min(1) });
/** Body of `POST /v1.0/{project_id}/streaming/jobs/stop`. */
export const dliStopJobsRequest = z.strictObject({
  job_ids: z.array(dliJobIdInAnswer).min(1),
  trigger_savepoint: z.boolean().optional(),
});
/** Body of `POST /v1.0/{project_id}/streaming/jobs/run`. */
export const dliRunJobsRequest = z.strictObject({
  job_ids: z.array(dliJobIdInAnswer).min(1),
  resume_savepoint: z.boolean().optional(),
});

/** A Flink job as the detail call describes it. Unknown fields are kept. */
export const dliJobDetail = z.looseObject({
  job_id: dliJobIdInAnswer,
  // Descriptive fields may come as null (a job without a queue, say): only the status matters.
  name: z.string().nullish(),
  status: z.string().min(1),
  status_desc: z.string().nullish(),
  queue_name: z.string().nullish(),
  job_type: z.string().nullish(),
});
export type DliJobDetail = z.infer<typeof dliJobDetail>;

/** Answer of `GET /v1.0/{project_id}/streaming/jobs/{job_id}`. */
export const dliJobDetailAnswer = z.looseObject({
  is_success: dliIsSuccess.optional(),
  message: z.string().optional(),
  // Absent when is_success is false; its absence otherwise is reported by the API function.
  job_detail: dliJobDetail.optional(),
});
export type DliJobDetailAnswer = z.infer<typeof dliJobDetailAnswer>;

/** A Flink job in a list answer. Unknown fields are kept. */
export const dliListedJob = z.looseObject({
  job_id: dliJobIdInAnswer,
  name: z.string().nullish(),
  status: z.string().nullish(),
  queue_name: z.string().nullish(),
  job_type: z.string().nullish(),
});
export type DliListedJob = z.infer<typeof dliListedJob>;

/** Answer of `GET /v1.0/{project_id}/streaming/jobs`. */
export const dliJobListAnswer = z.looseObject({
  is_success: dliIsSuccess.optional(),
  message: z.string().optional(),
  job_list: z
    .looseObject({
      total_count: z.number().int().min(0),
      jobs: z.array(dliListedJob).default([]),
    })
    .optional(),
});
export type DliJobListAnswer = z.infer<typeof dliJobListAnswer>;

/** Answer of the create calls (`streaming/sql-jobs`, `streaming/flink-jobs`). */
export const dliCreateJobAnswer = z.looseObject({
  is_success: dliIsSuccess.optional(),
  message: z.string().optional(),
  job: z
    .looseObject({
      job_id: dliJobIdInAnswer,
      status_name: z.string().optional(),
      status_desc: z.string().optional(),
    })
    .optional(),
});
export type DliCreateJobAnswer = z.infer<typeof dliCreateJobAnswer>;

/** A text field that names something or carries code: it must hold more than white space. */
const nonBlank = z.string().regex(/\S/, "must not be empty or only white space");
const jobName = nonBlank.max(dliMaxJobNameLength);
const tags = z.array(z.strictObject({ key: nonBlank, value: z.string() }));

/**
 * Body of `POST /v1.0/{project_id}/streaming/sql-jobs`. Strict: a misspelt field is refused
 * here rather than silently dropped.
 */
export const dliSqlJobRequest = z.strictObject({
  name: jobName,
  sql_body: nonBlank,
  desc: z.string().optional(),
  template_id: z.number().int().optional(),
  queue_name: nonBlank.optional(),
  run_mode: nonBlank.optional(),
  job_type: z.enum(["flink_sql_job", "flink_opensource_sql_job", "flink_sql_edge_job"]).optional(),
  cu_number: z.number().int().min(1).optional(),
  manager_cu_number: z.number().int().min(1).optional(),
  parallel_number: z.number().int().min(1).optional(),
  tm_cus: z.number().int().min(1).optional(),
  tm_slot_num: z.number().int().min(0).optional(),
  checkpoint_enabled: z.boolean().optional(),
  checkpoint_mode: z.number().int().optional(),
  checkpoint_interval: z.number().int().min(1).optional(),
  obs_bucket: z.string().optional(),
  log_enabled: z.boolean().optional(),
  smn_topic: z.string().optional(),
  restart_when_exception: z.boolean().optional(),
  resume_checkpoint: z.boolean().optional(),
  resume_max_num: z.number().int().optional(),
  idle_state_retention: z.number().int().optional(),
  dirty_data_strategy: z.string().optional(),
  udf_jar_url: z.string().optional(),
  runtime_config: z.string().optional(),
  flink_version: z.string().optional(),
  tags: tags.optional(),
});
export type DliSqlJobRequest = z.input<typeof dliSqlJobRequest>;

/** Body of `POST /v1.0/{project_id}/streaming/flink-jobs` (a Jar job). Strict, like the SQL one. */
export const dliJarJobRequest = z.strictObject({
  name: jobName,
  desc: z.string().optional(),
  queue_name: nonBlank.optional(),
  job_type: nonBlank.optional(),
  entrypoint: nonBlank.optional(),
  main_class: nonBlank.optional(),
  entrypoint_args: z.string().optional(),
  dependency_jars: z.array(z.string()).optional(),
  dependency_files: z.array(z.string()).optional(),
  cu_number: z.number().int().min(1).optional(),
  manager_cu_number: z.number().int().min(1).optional(),
  parallel_number: z.number().int().min(1).optional(),
  tm_cus: z.number().int().min(1).optional(),
  tm_slot_num: z.number().int().min(0).optional(),
  log_enabled: z.boolean().optional(),
  obs_bucket: z.string().optional(),
  smn_topic: z.string().optional(),
  restart_when_exception: z.boolean().optional(),
  resume_checkpoint: z.boolean().optional(),
  resume_max_num: z.number().int().optional(),
  checkpoint_path: z.string().optional(),
  runtime_config: z.string().optional(),
  feature: z.string().optional(),
  flink_version: z.string().optional(),
  image: z.string().optional(),
  tags: tags.optional(),
});
export type DliJarJobRequest = z.input<typeof dliJarJobRequest>;

/**
 * Fields of a SQL job spec that DLI cannot change in place: UpdateFlinkSqlJobRequestBody (SDK
 * huaweicloudsdkdli v1) has no `job_type`, `template_id` or `tags`. A change to one of them
 * needs a new job.
 */
export const dliSqlJobFixedFields = ["job_type", "template_id", "tags"] as const;
/** Likewise for Jar jobs: UpdateFlinkJarJobRequestBody has every create field but `tags`. */
export const dliJarJobFixedFields = ["tags"] as const;

/**
 * Body of `PUT /v1.0/{project_id}/streaming/sql-jobs/{job_id}` (UpdateFlinkSqlJobRequestBody):
 * the create fields DLI can change in place, each optional; an absent field keeps its value.
 */
export const dliSqlJobUpdateRequest = dliSqlJobRequest
  .omit({ job_type: true, template_id: true, tags: true })
  .partial();
export type DliSqlJobUpdateRequest = z.input<typeof dliSqlJobUpdateRequest>;

/** Body of `PUT /v1.0/{project_id}/streaming/flink-jobs/{job_id}` (UpdateFlinkJarJobRequestBody). */
export const dliJarJobUpdateRequest = dliJarJobRequest.omit({ tags: true }).partial();
export type DliJarJobUpdateRequest = z.input<typeof dliJarJobUpdateRequest>;

/** Answer of the update calls (UpdateFlinkSqlJobResponse, UpdateFlinkJarJobResponse). */
export const dliUpdateJobAnswer = z.looseObject({
  is_success: dliIsSuccess.optional(),
  message: z.string().optional(),
  job: z.looseObject({ update_time: z.number().optional() }).optional(),
});

/** Error body of any DLI call answered with 4xx/5xx. */
export const dliErrorAnswer = z.looseObject({
  error_code: z.string(),
  error_msg: z.string().optional(),
});
