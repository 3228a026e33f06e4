import { z } from "zod";

/** Answer of `GET /v5/{project_id}/jobs/{job_id}?type=detail`. Unknown fields are kept. */
export const drsV5DetailAnswer = z.looseObject({
  job: z.looseObject({
    id: z.string().min(1),
    status: z.string().min(1),
    name: z.string().optional(),
    base_info: z
      .looseObject({
        name: z.string().optional(),
        engine_type: z.string().optional(),
        job_type: z.string().optional(),
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
