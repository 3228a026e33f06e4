import * as pulumi from "@pulumi/pulumi";
import type { DliJarJobRequest, DliSqlJobRequest } from "../provider/dli/dliSchemas";
// The whole module, not an object built here: see the module for why.
import * as dliFlinkJobTrampoline from "./dliFlinkJobTrampoline";

/** Spec of a Flink SQL job to create, in the vendor's field names (`POST .../streaming/sql-jobs`). */
export type DliSqlJobSpec = DliSqlJobRequest;
/** Spec of a Flink Jar job to create, in the vendor's field names (`POST .../streaming/flink-jobs`). */
export type DliJarJobSpec = DliJarJobRequest;

/** Inputs of {@link DliFlinkJob}: exactly one of `jobId`, `sql` and `jar`. */
export interface DliFlinkJobArgs {
  /**
   * Id of an existing Flink job to adopt, as a decimal string (DLI ids are 64-bit: a JS number
   * would round ids above 2^53). Changing it replaces the resource.
   */
  readonly jobId?: pulumi.Input<string>;
  /**
   * Create a new Flink SQL job from this spec. A changed spec updates the same job in place (a
   * running job is stopped with a savepoint, updated, and run again resuming from it); only a
   * changed `job_type`, `template_id` or `tags`, which DLI cannot change in place, replaces the
   * job. Stored in the state as a secret, since SQL bodies often hold connector passwords.
   */
  readonly sql?: pulumi.Input<DliSqlJobSpec>;
  /**
   * Create a new Flink Jar job from this spec. A changed spec updates the same job in place like
   * `sql`; only changed `tags` replace it. Stored as a secret.
   */
  readonly jar?: pulumi.Input<DliJarJobSpec>;
  /**
   * Keep a created job running. Default `false`. `true` runs the job after creating it and waits
   * until it is `job_running` (a failed submission fails `pulumi up` with DLI's reason and keeps
   * the job). Changing it later stops the job (with a savepoint when `savepoint` is set) or runs
   * it (resuming from the savepoint a stop took).
   */
  readonly run?: pulumi.Input<boolean>;
  /**
   * Stop with `trigger_savepoint` on destroy and when `run` changes to false, and delete only
   * after the savepoint completed. Default `false`. (A spec update always takes a savepoint.)
   */
  readonly savepoint?: pulumi.Input<boolean>;
  /** Region, for example `ap-southeast-1`; defaults to stack config, then `HW_REGION_NAME` / `OS_REGION_NAME`. */
  readonly region?: pulumi.Input<string>;
  /** Project id; defaults to stack config, then `HW_PROJECT_ID` / `OS_PROJECT_ID`, then an IAM lookup by region. */
  readonly projectId?: pulumi.Input<string>;
  /** DLI endpoint override; when unset, `HW_DLI_ENDPOINT` or `https://dli.{region}.{HW_CLOUD}`. */
  readonly endpoint?: pulumi.Input<string>;
  /**
   * How long `pulumi destroy` may take to stop and delete the job; also bounds each wait of a
   * create or update (until the job runs, until it is stopped). Default `"30m"`.
   */
  readonly deleteTimeout?: pulumi.Input<string | number>;
  /** Longest pause between two status reads while waiting. Default `"10s"`. */
  readonly pollInterval?: pulumi.Input<string | number>;
}

/**
 * A DLI Flink streaming job (SQL or Jar) under Pulumi's control, adopted by id or created from a
 * spec. On `pulumi destroy` a running job is stopped first (with a savepoint when asked), the
 * provider waits until it is stopped, deletes it, and waits until DLI no longer knows it.
 */
export class DliFlinkJob extends pulumi.dynamic.Resource {
  /** Version of the stored output shape. */
  declare public readonly schemaVersion: pulumi.Output<number>;
  /** The DLI job id as a decimal string (also the resource id). */
  declare public readonly jobId: pulumi.Output<string>;
  /** `adopted`, `sql` or `jar`: how the job came under this resource. */
  declare public readonly origin: pulumi.Output<string>;
  /** Project the job belongs to. */
  declare public readonly projectId: pulumi.Output<string>;
  /** Region the job was adopted or created in, when one was known. */
  declare public readonly region: pulumi.Output<string | undefined>;
  /** DLI endpoint the job was adopted or created at; every later read, stop and delete goes there. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** The job's name in DLI. */
  declare public readonly name: pulumi.Output<string>;
  /** The job's status when last read, for example `job_running`. */
  declare public readonly status: pulumi.Output<string>;
  /** Effective delete timeout in milliseconds. */
  declare public readonly deleteTimeoutMs: pulumi.Output<number>;

  constructor(name: string, args: DliFlinkJobArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      dliFlinkJobTrampoline,
      name,
      {
        ...args,
        // SQL bodies and Jar arguments often hold connector passwords; the engine stores inputs
        // as given, so keep the specs encrypted in state (the outputs hold only their hash).
        sql: args.sql === undefined ? undefined : pulumi.secret(args.sql),
        jar: args.jar === undefined ? undefined : pulumi.secret(args.jar),
        // The engine never passes the resource name to a dynamic provider; progress lines need it.
        resourceName: name,
        schemaVersion: undefined,
        // Listed so that their resolved values come back as outputs even when not pinned.
        projectId: args.projectId,
        region: args.region,
        endpoint: args.endpoint,
        origin: undefined,
        name: undefined,
        status: undefined,
        deleteTimeoutMs: undefined,
      },
      opts,
      "huaweicloud-jobs:dli:DliFlinkJob",
    );
  }
}
