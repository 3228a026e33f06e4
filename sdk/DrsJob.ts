import * as pulumi from "@pulumi/pulumi";
import { drsJobTrampoline } from "./drsJobTrampoline";

/** Inputs of {@link DrsJob}. */
export interface DrsJobArgs {
  /**
   * Id of an existing DRS job to adopt. Pulumi's `import` does not work for dynamic resources, so
   * adopting is how an existing job comes under Pulumi's control. Changing it replaces the resource.
   */
  readonly jobId: pulumi.Input<string>;
  /** Region of the job, for example `ap-southeast-1`; defaults to `HW_REGION_NAME` / `OS_REGION_NAME`. */
  readonly region?: pulumi.Input<string>;
  /** Project id; defaults to `HW_PROJECT_ID` / `OS_PROJECT_ID` / `HUAWEICLOUD_SDK_PROJECT_ID`. */
  readonly projectId?: pulumi.Input<string>;
  /**
   * DRS endpoint override, for example a private endpoint. When unset, `HW_DRS_ENDPOINT` or
   * `https://drs.{region}.{HW_CLOUD}` is used at run time. Plain `http://` only to loopback.
   */
  readonly endpoint?: pulumi.Input<string>;
  /**
   * How long `pulumi destroy` may take to stop and delete this job, for example `"45m"` or a number
   * of seconds. Default `"30m"`. (Pulumi ignores `customTimeouts` for dynamic resources.)
   */
  readonly deleteTimeout?: pulumi.Input<string | number>;
  /** Longest pause between two status reads while waiting, for example `"10s"`. Default `"10s"`. */
  readonly pollInterval?: pulumi.Input<string | number>;
}

/**
 * A Huawei Cloud DRS (Data Replication Service) job under Pulumi's control. On `pulumi destroy` the
 * job is stopped if it is not stopped, the provider waits until DRS allows deletion, deletes it,
 * and waits until it is gone, logging each step.
 */
export class DrsJob extends pulumi.dynamic.Resource {
  /** Version of the stored output shape. */
  declare public readonly schemaVersion: pulumi.Output<number>;
  /** The DRS job id (also the resource id). */
  declare public readonly jobId: pulumi.Output<string>;
  /** DRS API family used for teardown. */
  declare public readonly apiVersion: pulumi.Output<string>;
  /** Project the job belongs to. */
  declare public readonly projectId: pulumi.Output<string>;
  /** The job's name in DRS. */
  declare public readonly name: pulumi.Output<string>;
  /** The job's status when last read (create, refresh, update). */
  declare public readonly status: pulumi.Output<string>;
  /** The job's engine pair, for example `mysql`, when DRS reports it. */
  declare public readonly engineType: pulumi.Output<string | undefined>;
  /** Effective delete timeout in milliseconds. */
  declare public readonly deleteTimeoutMs: pulumi.Output<number>;

  constructor(name: string, args: DrsJobArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      drsJobTrampoline,
      name,
      {
        ...args,
        // The engine never passes the resource name to a dynamic provider; progress lines need it.
        resourceName: name,
        schemaVersion: undefined,
        apiVersion: undefined,
        name: undefined,
        status: undefined,
        engineType: undefined,
        deleteTimeoutMs: undefined,
      },
      opts,
      "huaweicloud-jobs:drs:DrsJob",
    );
  }
}
