import { z } from "zod";

/**
 * Answer of `GET /v5/{project_id}/jobs/{job_id}?type=detail` (vendor SDK model `JobDetailResp`).
 * Unknown fields are kept. The name, engine pair, scenario and billing mode (`period` or
 * `on_demand`) live in `base_info`; there is no top-level `name`.
 */
export const drsV5DetailAnswer = z.looseObject({
  job: z.looseObject({
    id: z.string().min(1),
    status: z.string().min(1),
    base_info: z
      .looseObject({
        name: z.string().optional(),
        engine_type: z.string().optional(),
        job_type: z.string().optional(),
        charging_mode: z.string().optional(),
      })
      .optional(),
  }),
});
export type DrsV5DetailAnswer = z.infer<typeof drsV5DetailAnswer>;

/** One job's entry in a v5 batch answer (batch-stop, batch delete). */
export const drsV5BatchEntry = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  // The docs show "Success" and "Failed"; compare case-insensitively to be safe.
  status: z.string().min(1),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type DrsV5BatchEntry = z.infer<typeof drsV5BatchEntry>;

/** Answer of `POST /v5/{project_id}/jobs/batch-stop` and `DELETE /v5/{project_id}/jobs`. */
export const drsV5BatchAnswer = z.looseObject({ jobs: z.array(drsV5BatchEntry) });
export type DrsV5BatchAnswer = z.infer<typeof drsV5BatchAnswer>;

/** Body of `POST /v5/{project_id}/jobs/batch-stop`. */
export const drsV5BatchStopRequest = z.object({
  jobs: z.array(z.object({ job_id: z.string().min(1), is_force_stop: z.boolean().optional() })).min(1),
});
export type DrsV5BatchStopRequest = z.infer<typeof drsV5BatchStopRequest>;

/** Body of `DELETE /v5/{project_id}/jobs`. */
export const drsV5BatchDeleteRequest = z.object({ jobs: z.array(z.string().min(1)).min(1) });
export type DrsV5BatchDeleteRequest = z.infer<typeof drsV5BatchDeleteRequest>;

/** Error body of any DRS call answered with 4xx/5xx. */
export const drsErrorAnswer = z.looseObject({ error_code: z.string(), error_msg: z.string().optional() });

/** Answer of `GET /v5/{project_id}/jobs/{job_id}/actions`: what may be done to the job now. */
export const drsV5ActionsAnswer = z.looseObject({
  job_action: z.looseObject({
    // For example DELETE, FREE_RESOURCE (= stop/end), PAUSE, START, UNSUBSCRIBE.
    available_actions: z.array(z.string()).default([]),
    unavailable_actions: z.array(z.string()).default([]),
    current_action: z.string().optional(),
  }),
});
export type DrsV5ActionsAnswer = z.infer<typeof drsV5ActionsAnswer>;
/** The `job_action` part of {@link DrsV5ActionsAnswer}. */
export type DrsV5JobActions = DrsV5ActionsAnswer["job_action"];

/** Body of `POST /v5/{project_id}/jobs/{job_id}/stop` (stop one: ends the job, not a pause). */
export const drsV5StopOneRequest = z.strictObject({ is_force_stop: z.boolean().optional() });
export type DrsV5StopOneRequest = z.infer<typeof drsV5StopOneRequest>;

/** Answer of `POST /v5/{project_id}/jobs/{job_id}/stop`. Unknown fields are kept. */
export const drsV5StopOneAnswer = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  status: z.string().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type DrsV5StopOneAnswer = z.infer<typeof drsV5StopOneAnswer>;

/** Answer of `DELETE /v5/{project_id}/jobs/{job_id}`: `{}` (an empty body is accepted too). */
export const drsV5DeleteOneAnswer = z.looseObject({}).optional();

/** One job in a v5 list answer. Unknown fields are kept. */
export const drsV5ListedJob = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  status: z.string().optional(),
  engine_type: z.string().optional(),
  job_type: z.string().optional(),
});
export type DrsV5ListedJob = z.infer<typeof drsV5ListedJob>;

/** Answer of `GET /v5/{project_id}/jobs` (list). */
export const drsV5ListAnswer = z.looseObject({
  total_count: z.number().int().min(0).optional(),
  // An empty page may leave the array out.
  jobs: z.array(drsV5ListedJob).default([]),
});
export type DrsV5ListAnswer = z.infer<typeof drsV5ListAnswer>;

/** Scenario (`job_type`) of the v5 list call. */
export const drsV5JobType = z.enum(["migration", "sync", "cloudDataGuard"]);
export type DrsV5JobType = z.infer<typeof drsV5JobType>;
