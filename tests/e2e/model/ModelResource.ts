/**
 * One resource the model-based test declares in its Pulumi program. The program reads the list
 * from stack config (`hwjobs-model:resources`) and declares exactly these, so the test changes
 * the stack only through config: the way a user changes a program.
 */
export type ModelResource = ModelDrsResource | ModelDliResource;

/** Inputs every resource has: teardown settings (changed in place) and where the job is (pinned or not). */
export interface ModelCommonInputs {
  /** `deleteTimeout` input. */
  readonly deleteTimeout: string;
  /** `pollInterval` input. */
  readonly pollInterval: string;
  /** `region` input: undefined leaves it to the environment; set, it pins the region. */
  readonly region?: string;
  /** `endpoint` input: undefined leaves it to the environment; set, it pins the endpoint. */
  readonly endpoint?: string;
  /** `projectId` input: undefined leaves it to the environment; set, it pins the project. */
  readonly projectId?: string;
}

/** A DrsJob adopting a seeded DRS job. */
export interface ModelDrsResource extends ModelCommonInputs {
  /** Resource kind. */
  readonly kind: "drs";
  /** Pulumi resource name (unique in the program). */
  readonly name: string;
  /** The adopted DRS job. */
  readonly jobId: string;
  /** `apiVersion` input: undefined leaves it to detection. */
  readonly apiVersion?: "v3" | "v5";
  /** `forceStop` input. */
  readonly forceStop: "never" | "onTimeout" | "immediately";
}

/** A DliFlinkJob adopting a seeded job (`jobId`) or creating a Flink SQL job (`sqlName`). */
export interface ModelDliResource extends ModelCommonInputs {
  /** Resource kind. */
  readonly kind: "dli";
  /** Pulumi resource name (unique in the program). */
  readonly name: string;
  /** The adopted DLI job, when the resource adopts one. */
  readonly jobId?: string;
  /** Name of the SQL job the resource creates and runs, when it creates one; a new name replaces it. */
  readonly sqlName?: string;
}
