import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { drsJobSpec } from "../provider/resources/drsJobSpec";
// The whole module, not an object built here: see the module for why.
import * as drsJobTrampoline from "./drsJobTrampoline";

/**
 * Spec of a DRS job to create, in the vendor's field names (v5 `CreateJobReq` / v3
 * `CreateJobReq`, plus the objects to replicate and an optional start time and speed limit).
 */
export type DrsJobSpec = z.input<typeof drsJobSpec>;

/** Inputs of {@link DrsJob}: exactly one of `jobId` (adopt) and `spec` (create). */
export interface DrsJobArgs {
  /**
   * Id of an existing DRS job to adopt. Pulumi's `import` does not work for dynamic resources, so
   * adopting is how an existing job comes under Pulumi's control. Changing it replaces the resource.
   */
  readonly jobId?: pulumi.Input<string>;
  /**
   * Create a new DRS job from this spec and take it to running: create, test both connections,
   * select the objects, precheck, start, wait until it transfers. `name`, `description` (and, for
   * jobs made through v3, `speed_limit`) change in place; `start_time` only acts at create; any
   * other change replaces the job. Stored in the state as a secret (it holds database passwords).
   */
  readonly spec?: pulumi.Input<DrsJobSpec>;
  /** With `spec`: how long the create may take until the job runs, for example `"45m"`. Default `"30m"`. */
  readonly createTimeout?: pulumi.Input<string | number>;
  /**
   * DRS API family of the job. When unset it is detected at adoption: v5 where the region offers
   * it and knows the job, else v3 (Open Telekom Cloud has only v3). Changing it replaces the resource.
   */
  readonly apiVersion?: pulumi.Input<"v3" | "v5">;
  /**
   * Region of the job, for example `ap-southeast-1`; defaults to stack config
   * `huaweicloud-jobs:region`, then `HW_REGION_NAME` / `OS_REGION_NAME` / `HUAWEICLOUD_SDK_REGION`.
   */
  readonly region?: pulumi.Input<string>;
  /** Project id; defaults to stack config, then `HW_PROJECT_ID` / `OS_PROJECT_ID`, then an IAM lookup by region. */
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
  /**
   * When a stop may be forced (`is_force_stop` in v5, `force_terminate` in v3): `"never"`,
   * `"onTimeout"` (default: only after the graceful stop failed or ran longer than
   * `gracefulStopTimeout`) or `"immediately"`.
   */
  readonly forceStop?: pulumi.Input<"never" | "onTimeout" | "immediately">;
  /** With `forceStop: "onTimeout"`, how long a graceful stop may run before it is forced. Default `"10m"`. */
  readonly gracefulStopTimeout?: pulumi.Input<string | number>;
}

/**
 * A Huawei Cloud / Open Telekom Cloud DRS (Data Replication Service) job under Pulumi's control.
 * On `pulumi destroy` the job is stopped if it is not stopped (gracefully first; see `forceStop`),
 * the provider waits until DRS allows deletion, deletes it with the call its engine pair allows,
 * and waits until it is gone, logging each step.
 */
export class DrsJob extends pulumi.dynamic.Resource {
  /** Version of the stored output shape. */
  declare public readonly schemaVersion: pulumi.Output<number>;
  /** The DRS job id (also the resource id). */
  declare public readonly jobId: pulumi.Output<string>;
  /** DRS API family used for teardown: `v3` or `v5`. */
  declare public readonly apiVersion: pulumi.Output<string>;
  /** The delete call the job's engine pair allows: `v5-delete-many`, `v5-delete-one` or `v3`. */
  declare public readonly deleteApi: pulumi.Output<string>;
  /** Effective force-stop policy. */
  declare public readonly forceStop: pulumi.Output<string>;
  /** Project the job belongs to, as resolved at adoption; every later call targets it. */
  declare public readonly projectId: pulumi.Output<string>;
  /** Region the job was adopted in, when one was known. */
  declare public readonly region: pulumi.Output<string | undefined>;
  /** DRS endpoint the job was adopted at; every later read, stop and delete goes there. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** The job's name in DRS. */
  declare public readonly name: pulumi.Output<string>;
  /** The job's status when last read (create, refresh, update). */
  declare public readonly status: pulumi.Output<string>;
  /** The job's engine pair, for example `mysql`, when DRS reports it. */
  declare public readonly engineType: pulumi.Output<string | undefined>;
  /** Effective delete timeout in milliseconds. */
  declare public readonly deleteTimeoutMs: pulumi.Output<number>;
  /** `spec` when this resource created the job; unset when it adopted it. */
  declare public readonly origin: pulumi.Output<string | undefined>;
  /** The spec the job was created from, without passwords. */
  declare public readonly specSummary: pulumi.Output<Record<string, unknown> | undefined>;

  constructor(name: string, args: DrsJobArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      drsJobTrampoline,
      name,
      {
        ...args,
        // Passwords are in the spec: the whole spec is a secret in state.
        spec: args.spec === undefined ? undefined : pulumi.secret(args.spec),
        // The engine never passes the resource name to a dynamic provider; progress lines need it.
        resourceName: name,
        schemaVersion: undefined,
        apiVersion: args.apiVersion,
        // Listed so that their resolved values come back as outputs even when not pinned.
        projectId: args.projectId,
        region: args.region,
        endpoint: args.endpoint,
        deleteApi: undefined,
        forceStop: args.forceStop,
        name: undefined,
        status: undefined,
        engineType: undefined,
        deleteTimeoutMs: undefined,
        origin: undefined,
        specSummary: undefined,
      },
      opts,
      "huaweicloud-jobs:drs:DrsJob",
    );
  }
}
