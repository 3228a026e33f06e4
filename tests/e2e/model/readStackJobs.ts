/** A job resource as `pulumi stack export` shows it: what the stack keeps track of. */
export interface StackJob {
  /** `drs` (DrsJob) or `dli` (DliFlinkJob). */
  readonly kind: "drs" | "dli";
  /** The resource's name in the program (last part of the URN). */
  readonly name: string;
  /** The job the resource holds. */
  readonly jobId: string;
  /** The job's name in DRS/DLI, as stored. */
  readonly jobName: string | undefined;
  /** Whether the engine marked it for deletion (the old half of a replacement whose delete failed). */
  readonly pendingDelete: boolean;
  /** The stored outputs. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

interface ExportedResource {
  type: string;
  urn: string;
  id?: string;
  delete?: boolean;
  outputs?: Record<string, unknown>;
}

interface Exported {
  deployment: {
    resources?: ExportedResource[];
    pending_operations?: { resource: ExportedResource; type: string }[];
  };
}

function toStackJob(r: ExportedResource): StackJob | undefined {
  // Dynamic resources' types read `pulumi-nodejs:dynamic/huaweicloud-jobs:drs:DrsJob:Resource`.
  const kind = r.type.includes(":DrsJob") ? "drs" : r.type.includes(":DliFlinkJob") ? "dli" : undefined;
  if (kind === undefined) return undefined;
  const outputs = r.outputs ?? {};
  const jobId = typeof outputs["jobId"] === "string" ? outputs["jobId"] : r.id;
  if (jobId === undefined || jobId === "") return undefined;
  return {
    kind,
    name: r.urn.slice(r.urn.lastIndexOf("::") + 2),
    jobId,
    jobName: typeof outputs["name"] === "string" ? outputs["name"] : undefined,
    pendingDelete: r.delete === true,
    outputs,
  };
}

/**
 * The job resources of a `pulumi stack export`, including those only named by a pending
 * operation (a CLI killed mid-run leaves them): the stack still knows those jobs.
 */
export function readStackJobs(exported: string): StackJob[] {
  const { deployment } = JSON.parse(exported) as Exported;
  const all = [
    ...(deployment.resources ?? []),
    ...(deployment.pending_operations ?? []).map((op) => op.resource),
  ];
  const jobs = all.map(toStackJob).filter((j): j is StackJob => j !== undefined);
  // A pending operation repeats a resource that is also in `resources`: keep one entry per job.
  return jobs.filter((job, i) => jobs.findIndex((j) => j.jobId === job.jobId) === i);
}
