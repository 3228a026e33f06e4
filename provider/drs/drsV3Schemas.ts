import { z } from "zod";

/** The largest page the v3 query calls serve; more ids are split into several calls. */
export const drsV3MaxPerPage = 100;

/** Which DRS scenario a v3 list call looks at. */
export const drsV3DbUseType = z.enum(["migration", "sync", "cloudDataGuard"]);
export type DrsV3DbUseType = z.infer<typeof drsV3DbUseType>;

/** Paging of the v3 batch query calls. `per_page` defaults to 5 at the vendor, so it is always sent. */
export const drsV3PageReq = z.strictObject({
  cur_page: z.number().int().min(1),
  per_page: z.number().int().min(1).max(drsV3MaxPerPage),
});

/** Body of `POST /v3/{project_id}/jobs/batch-status` and `POST /v3/{project_id}/jobs/batch-detail`. */
export const drsV3BatchQueryRequest = z.strictObject({
  jobs: z.array(z.string().min(1)).min(1).max(drsV3MaxPerPage),
  page_req: drsV3PageReq,
});
export type DrsV3BatchQueryRequest = z.infer<typeof drsV3BatchQueryRequest>;

/**
 * One job's entry in a batch-status answer. A job that does not exist comes back with an
 * `error_code` and possibly no status, so `status` is optional but one of the two must be there.
 */
export const drsV3StatusEntry = z
  .looseObject({
    id: z.string().min(1),
    status: z.string().optional(),
    error_code: z.string().optional(),
    error_message: z.string().optional(),
  })
  .refine((e) => e.status !== undefined || e.error_code !== undefined, {
    message: "neither a status nor an error_code",
    path: ["status"],
  });
export type DrsV3StatusEntry = z.infer<typeof drsV3StatusEntry>;

/** Answer of `POST /v3/{project_id}/jobs/batch-status`. */
export const drsV3BatchStatusAnswer = z.looseObject({
  count: z.number().int().min(0).optional(),
  results: z.array(drsV3StatusEntry),
});
export type DrsV3BatchStatusAnswer = z.infer<typeof drsV3BatchStatusAnswer>;

/**
 * One job's entry in a batch-detail answer (vendor SDK model `QueryJobResp`). Unknown fields are
 * kept. There is no top-level engine type or charging mode: the engine pair is
 * `inst_info.engine_type`, and a yearly/monthly job carries a `period_order` (`status`,
 * `order_id`, integer `charging_mode`, `period_type`, `period_num`, `is_auto_renew`, `eff_time`,
 * `exp_time`). Its shape is checked where it is read, so an odd order never fails the whole answer.
 */
export const drsV3DetailEntry = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  status: z.string().optional(),
  db_use_type: z.string().optional(),
  job_direction: z.string().optional(),
  task_type: z.string().optional(),
  inst_info: z.looseObject({ engine_type: z.string().optional() }).nullish(),
  period_order: z.unknown().optional(),
  error_code: z.string().optional(),
  error_message: z.string().optional(),
});
export type DrsV3DetailEntry = z.infer<typeof drsV3DetailEntry>;

/** Answer of `POST /v3/{project_id}/jobs/batch-detail`. */
export const drsV3BatchDetailAnswer = z.looseObject({
  count: z.number().int().min(0).optional(),
  results: z.array(drsV3DetailEntry),
});
export type DrsV3BatchDetailAnswer = z.infer<typeof drsV3BatchDetailAnswer>;

/** What `DELETE /v3/{project_id}/jobs/batch-jobs` does to one job. */
export const drsV3DeleteType = z.enum(["terminate", "force_terminate", "delete"]);
export type DrsV3DeleteType = z.infer<typeof drsV3DeleteType>;

/** Body of `DELETE /v3/{project_id}/jobs/batch-jobs`. */
export const drsV3BatchJobsRequest = z.strictObject({
  jobs: z
    .array(
      z.strictObject({
        delete_type: drsV3DeleteType,
        job_id: z.string().min(1),
        is_show_breakpoint_position: z.boolean().optional(),
      }),
    )
    .min(1),
});
export type DrsV3BatchJobsRequest = z.infer<typeof drsV3BatchJobsRequest>;

/** One job's entry in a v3 stop/delete/start answer; note `error_msg`, not `error_message`. */
export const drsV3BatchJobsEntry = z.looseObject({
  id: z.string().min(1),
  // "success" or "failed" in the docs; compared case-insensitively by isBatchSuccess.
  status: z.string().min(1),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type DrsV3BatchJobsEntry = z.infer<typeof drsV3BatchJobsEntry>;

/** Answer (HTTP 202) of `DELETE /v3/{project_id}/jobs/batch-jobs`. */
export const drsV3BatchJobsAnswer = z.looseObject({
  count: z.number().int().min(0).optional(),
  results: z.array(drsV3BatchJobsEntry),
});
export type DrsV3BatchJobsAnswer = z.infer<typeof drsV3BatchJobsAnswer>;

/** Body of `POST /v3/{project_id}/jobs` (list). */
export const drsV3ListRequest = z.strictObject({
  cur_page: z.number().int().min(1),
  per_page: z.number().int().min(1).max(drsV3MaxPerPage),
  db_use_type: drsV3DbUseType,
  name: z.string().min(1).optional(),
  status: z.string().min(1).optional(),
});
export type DrsV3ListRequest = z.infer<typeof drsV3ListRequest>;

/** One job in a v3 list answer. Unknown fields are kept. */
export const drsV3ListedJob = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  status: z.string().optional(),
  engine_type: z.string().optional(),
  db_use_type: z.string().optional(),
});
export type DrsV3ListedJob = z.infer<typeof drsV3ListedJob>;

/** Answer of `POST /v3/{project_id}/jobs` (list). */
export const drsV3ListAnswer = z.looseObject({
  total_record: z.number().int().min(0),
  // An empty page may leave the array out.
  jobs: z.array(drsV3ListedJob).default([]),
});
export type DrsV3ListAnswer = z.infer<typeof drsV3ListAnswer>;
