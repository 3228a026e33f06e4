import { z } from "zod";
import { checkDliJobId } from "../dli/dliJobId";
import { dliJarJobRequest, dliSqlJobRequest } from "../dli/dliSchemas";
import { commonJobInputs } from "./inputTypes";

/** A DLI job id: a decimal string up to 2^63-1 (a number input is accepted only while exact). */
const dliJobIdInput = z.union([z.string(), z.number()]).transform((value, ctx) => {
  if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    ctx.addIssue({
      code: "custom",
      message: `must be given as a string: ${String(value)} is beyond 2^53 and was already rounded by JavaScript`,
    });
    return z.NEVER;
  }
  try {
    // No trimming: " 12" is refused like "012", so that one id has one spelling in the state.
    return checkDliJobId(String(value));
  } catch (error) {
    ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
    return z.NEVER;
  }
});

/** Inputs of the DliFlinkJob resource, after `check`. Exactly one of `jobId`, `sql`, `jar`. */
export const dliFlinkJobInputs = z
  .strictObject({
    ...commonJobInputs,
    jobId: dliJobIdInput.optional(),
    sql: dliSqlJobRequest.optional(),
    jar: dliJarJobRequest.optional(),
    run: z.boolean().optional(),
    savepoint: z.boolean().optional(),
  })
  .superRefine((inputs, ctx) => {
    const given = (["jobId", "sql", "jar"] as const).filter((key) => inputs[key] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: given.length === 0 ? ["jobId"] : [given[1] ?? "jobId"],
        message:
          given.length === 0
            ? "give exactly one of jobId (adopt an existing job), sql (create a Flink SQL job) or jar (create a Flink Jar job)"
            : `give only one of jobId, sql and jar; got ${given.join(" and ")}`,
      });
    }
    if (inputs.jobId !== undefined && inputs.run !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["run"],
        message: "run applies only to a job this resource creates (sql or jar)",
      });
    }
  });
export type DliFlinkJobInputs = z.infer<typeof dliFlinkJobInputs>;

/**
 * Outputs stored in state, version 1. Everything `delete` needs is here. The create spec itself
 * is not stored, only its hash: SQL bodies and runtime settings often carry connector passwords.
 */
export const dliFlinkJobOutputsV1 = z.looseObject({
  schemaVersion: z.literal(1),
  resourceName: z.string(),
  jobId: z.string(),
  origin: z.enum(["adopted", "sql", "jar"]),
  /** sha256 of the spec DLI holds, to tell when it changed (an in-place update or a replacement). */
  specHash: z.string().optional(),
  /**
   * sha256 of each spec field DLI cannot change in place (`job_type`, `template_id`, `tags`), to
   * tell an in-place update from a replacement. Absent in outputs of earlier releases.
   */
  fixedSpecHashes: z.record(z.string(), z.string()).optional(),
  /**
   * Whether the job was left running by this resource: `run: true` that took effect. False after
   * a run that failed, so that the next `pulumi up` runs the job again.
   */
  run: z.boolean(),
  /** Whether a stop of this resource took a savepoint that a later run resumes from. */
  hasSavepoint: z.boolean().optional(),
  projectId: z.string(),
  region: z.string().optional(),
  endpoint: z.string().optional(),
  deleteTimeoutMs: z.number().positive(),
  pollIntervalMs: z.number().positive(),
  savepoint: z.boolean(),
  name: z.string(),
  status: z.string(),
});
export type DliFlinkJobOutputsV1 = z.infer<typeof dliFlinkJobOutputsV1>;
