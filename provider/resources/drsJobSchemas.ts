import { z } from "zod";
import { drsJobSpec } from "./drsJobSpec";
import { commonJobInputs, duration } from "./inputTypes";

export { defaultDeleteTimeoutMs, defaultPollIntervalMs, parseDuration, unknownSentinel } from "./inputTypes";

/**
 * DRS job ids are UUID-like (`140b5236-88ad-43c8-811c-1268453jb101`, with letters beyond hex).
 * The rule is looser than that shape, so ids of other clouds pass, but tight enough that an id
 * can go into a URL path as is: no slash, dot, percent sign, query or white space.
 */
const drsJobId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9-]{6,62}[A-Za-z0-9]$/,
    "must be a DRS job id: 8-64 letters, digits and dashes, starting and ending with a letter or digit, no spaces (for example 140b5236-88ad-43c8-811c-1268453jb101)",
  );

/** When a graceful stop may be replaced by a forced one. */
export const forceStopPolicy = z.enum(["never", "onTimeout", "immediately"]);

/** Inputs of the DrsJob resource, after `check`: exactly one of `jobId` (adopt) and `spec` (create). */
export const drsJobInputs = z
  .strictObject({
    ...commonJobInputs,
    jobId: drsJobId.optional(),
    spec: drsJobSpec.optional(),
    apiVersion: z.enum(["v3", "v5"]).optional(),
    forceStop: forceStopPolicy.optional(),
    gracefulStopTimeout: duration("gracefulStopTimeout", 1_000, 48 * 3_600_000).optional(),
    createTimeout: duration("createTimeout", 1_000, 48 * 3_600_000).optional(),
  })
  .superRefine((inputs, ctx) => {
    if ((inputs.jobId === undefined) === (inputs.spec === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [inputs.jobId === undefined ? "jobId" : "spec"],
        message:
          inputs.jobId === undefined
            ? "give jobId (adopt an existing DRS job) or spec (create a new one)"
            : "give either jobId (adopt an existing DRS job) or spec (create a new one), not both",
      });
    }
    if (inputs.spec === undefined && inputs.createTimeout !== undefined) {
      ctx.addIssue({ code: "custom", path: ["createTimeout"], message: "applies only with spec" });
    }
  });
export type DrsJobInputs = z.infer<typeof drsJobInputs>;

/**
 * Default `forceStop`: a graceful stop is always tried first; it is forced only when DRS reports
 * that it failed (RELEASE_RESOURCE_FAILED) or it still runs after `gracefulStopTimeout`. Neither
 * stop touches the data in the source or target database.
 */
export const defaultForceStop = "onTimeout";
/** Default `createTimeout`: from the create call to a running job. */
export const defaultCreateTimeoutMs = 30 * 60_000;
/** Default `gracefulStopTimeout`. */
export const defaultGracefulStopTimeoutMs = 10 * 60_000;

/** Outputs written by release 0.1 (DRS v5 delete-many only, no forced stop). Read, never written. */
export const drsJobOutputsV1 = z.looseObject({
  schemaVersion: z.literal(1),
  resourceName: z.string(),
  jobId: z.string(),
  apiVersion: z.literal("v5"),
  projectId: z.string(),
  region: z.string().optional(),
  endpoint: z.string().optional(),
  deleteTimeoutMs: z.number().positive(),
  pollIntervalMs: z.number().positive(),
  name: z.string(),
  status: z.string(),
  engineType: z.string().optional(),
});
export type DrsJobOutputsV1 = z.infer<typeof drsJobOutputsV1>;

/**
 * Outputs stored in state, version 2. Everything `delete` needs is here, because `delete`
 * receives only the stored outputs. Never a credential.
 */
export const drsJobOutputsV2 = z.looseObject({
  schemaVersion: z.literal(2),
  resourceName: z.string(),
  jobId: z.string(),
  apiVersion: z.enum(["v3", "v5"]),
  /** The delete call the job's engine pair allows. */
  deleteApi: z.enum(["v5-delete-many", "v5-delete-one", "v3"]),
  projectId: z.string(),
  region: z.string().optional(),
  endpoint: z.string().optional(),
  deleteTimeoutMs: z.number().positive(),
  pollIntervalMs: z.number().positive(),
  forceStop: forceStopPolicy,
  gracefulStopTimeoutMs: z.number().positive(),
  name: z.string(),
  status: z.string(),
  engineType: z.string().optional(),
  jobType: z.enum(["migration", "sync", "cloudDataGuard"]).optional(),
  /** `spec` when the resource created the job; absent (adopted) otherwise. */
  origin: z.enum(["adopted", "spec"]).optional(),
  /** The spec the job was made from, without any password (so that diff can compare it). */
  specSummary: z.looseObject({ name: z.string() }).optional(),
  createTimeoutMs: z.number().positive().optional(),
});
export type DrsJobOutputsV2 = z.infer<typeof drsJobOutputsV2>;
