import { z } from "zod";

/*
 * The `spec` input of DrsJob: a new DRS job in the vendor's own field names. Field names, value
 * sets and which fields are mandatory come from the official SDK models (PyPI `huaweicloudsdkdrs`
 * 3.1.219): v5 `CreateJobReq`, `JobBaseInfo`, `JobEndpointInfo`, `BaseEndpoint`, `CloudBaseInfo`,
 * `CloudVpcInfo`, `JobNodeInfo`, `JobNodeSpecInfo`, `JobNodeVpcInfo`, `JobNodeBaseInfo`,
 * `DbObject`, `DatabaseObject`, `SpeedLimitInfo`; v3 `CreateJobReq`, `Endpoint`, `TestEndPoint`,
 * `UpdateDatabaseObjectReq`, `DatabaseInfo`, `StartInfo`, `LimitSpeedReq`, `SpeedLimitInfo`.
 * One spec serves both API families: the few fields that differ in name between v3 and v5 take
 * the v5 name and the comment says what v3 calls them.
 */

/** Characters the vendor refuses in a description (v5 `JobBaseInfo.description`, v3 `CreateJobReq.description`). */
const descriptionForbidden = /[!<>&'"\\]/;

/** A non-empty string without white space at either end. */
const trimmed = (what: string) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .refine((s) => s === s.trim(), `${what} must not start or end with white space`);

/**
 * v5 `JobBaseInfo.name` / v3 `CreateJobReq.name`: 4-50 letters, digits, `-` or `_`, starting
 * with a letter (v3), case-insensitive.
 */
export const drsJobName = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{3,49}$/,
    "must be a DRS job name: 4-50 letters, digits, - or _, starting with a letter",
  );

/** v5 `JobBaseInfo.description` / v3 `CreateJobReq.description`: at most 256 characters, none of !<>&'"\. */
export const drsJobDescription = z
  .string()
  .max(256, "must be at most 256 characters")
  .refine((s) => !descriptionForbidden.test(s), "must not contain any of ! < > & ' \" \\");

/**
 * One window of a speed limit (v5 and v3 `SpeedLimitInfo`): UTC `begin` on the hour (`hh:00`),
 * `end` at minute 59 (`hh:59`), `speed` in MB/s from 1 to 9999. The vendor types `speed` as a
 * string; a number is accepted and sent as its decimal text.
 */
export const drsSpeedLimitWindow = z.strictObject({
  begin: z.string().regex(/^([01]\d|2[0-3]):00$/, 'must be a UTC hour as "hh:00", for example "01:00"'),
  end: z.string().regex(/^([01]\d|2[0-3]):59$/, 'must be a UTC time ending in minute 59, as "hh:59"'),
  speed: z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .refine((s) => /^[1-9]\d{0,3}$/.test(s), "must be a speed in MB/s from 1 to 9999"),
});
export type DrsSpeedLimitWindow = z.infer<typeof drsSpeedLimitWindow>;

/**
 * A source or target database. v5 `JobEndpointInfo` (`db_type`, `endpoint_type` and
 * `endpoint_role` mandatory) holding a `BaseEndpoint` (`endpoint_name`, `db_user`, `db_password`
 * mandatory), `CloudBaseInfo` (`region`, `project_id`) and `CloudVpcInfo` (`vpc_id`,
 * `subnet_id`); v3 `Endpoint`. The role is implied by `source_endpoint` / `target_endpoint`.
 */
export const drsEndpointSpec = z
  .strictObject({
    /** v5 `JobEndpointInfo.db_type` / v3 `Endpoint.db_type`: mysql, kafka, oracle, gaussdbv5, redis, ... */
    db_type: z.string().regex(/^[a-z][a-z0-9]{1,31}$/, "must be a DRS db_type such as mysql or kafka"),
    /**
     * v5 `JobEndpointInfo.endpoint_type`: `cloud` (a Huawei Cloud database instance), `ecs` (a
     * database on an ECS) or `offline` (elsewhere). Default: `cloud` with `instance_id`, else `offline`.
     */
    endpoint_type: z.enum(["cloud", "ecs", "offline"]).optional(),
    /**
     * v5 `BaseEndpoint.endpoint_name`, the database scenario (`cloud_mysql`, `ecs_mysql`, `mysql`,
     * ...). Default: derived from `endpoint_type` and `db_type` the way the vendor names them.
     */
    endpoint_name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,63}$/, "must be a DRS endpoint_name such as cloud_mysql")
      .optional(),
    /** v5 `BaseEndpoint.instance_id` / v3 `Endpoint.inst_id`: the cloud database instance. */
    instance_id: trimmed("instance_id").optional(),
    /** v5 `BaseEndpoint.ip` / v3 `Endpoint.ip`: address of the database (several: comma-separated). */
    ip: trimmed("ip").optional(),
    /** v5 `BaseEndpoint.db_port` (text) / v3 `Endpoint.db_port` (integer): 1-65535. */
    db_port: z.number().int().min(1).max(65535).optional(),
    /** v5 `BaseEndpoint.db_user` / v3 `TestEndPoint.db_user` (mandatory in both). */
    db_user: trimmed("db_user").optional(),
    /** v5 `BaseEndpoint.db_password` / v3 `TestEndPoint.db_password` (mandatory in both). Secret. */
    db_password: z.string().min(1, "db_password must not be empty").optional(),
    /** v5 `BaseEndpoint.db_name` / v3 `Endpoint.db_name` (Oracle: the service name). */
    db_name: trimmed("db_name").optional(),
    /** v5 `CloudBaseInfo.region` / v3 `Endpoint.region`: mandatory for `cloud` and `ecs` endpoints. */
    region: trimmed("region").optional(),
    /** v5 `CloudBaseInfo.project_id` / v3 `Endpoint.project_id`. */
    project_id: trimmed("project_id").optional(),
    /** v5 `CloudVpcInfo.vpc_id` / v3 `Endpoint.vpc_id`: the database's VPC. */
    vpc_id: trimmed("vpc_id").optional(),
    /** v5 `CloudVpcInfo.subnet_id` / v3 `Endpoint.subnet_id`. */
    subnet_id: trimmed("subnet_id").optional(),
    /** v5 `CloudVpcInfo.security_group_id` / v3 `Endpoint.security_group_id`. */
    security_group_id: trimmed("security_group_id").optional(),
    /** v3 `Endpoint.topic`: the Kafka topic of a Kafka target. */
    topic: trimmed("topic").optional(),
  })
  .superRefine((e, ctx) => {
    if (e.instance_id === undefined && e.ip === undefined) {
      ctx.addIssue({ code: "custom", message: "give instance_id (a cloud database) or ip (an address)" });
    }
    // Mandatory in v5 BaseEndpoint and in v3 TestEndPoint (the connection test), for every db_type.
    if (e.db_user === undefined)
      ctx.addIssue({ code: "custom", path: ["db_user"], message: "db_user is required" });
    if (e.db_password === undefined) {
      ctx.addIssue({ code: "custom", path: ["db_password"], message: "db_password is required" });
    }
    if (endpointTypeOf(e) !== "offline" && (e.region === undefined || e.project_id === undefined)) {
      ctx.addIssue({
        code: "custom",
        message:
          "region and project_id are required for a cloud or ecs endpoint (v5 CloudBaseInfo, v3 Endpoint)",
      });
    }
  });
export type DrsEndpointSpec = z.infer<typeof drsEndpointSpec>;

/** The v5 `endpoint_type` of an endpoint, with its default. */
export function endpointTypeOf(
  e: Pick<DrsEndpointSpec, "endpoint_type" | "instance_id">,
): "cloud" | "ecs" | "offline" {
  return e.endpoint_type ?? (e.instance_id !== undefined ? "cloud" : "offline");
}

/**
 * What to replicate. v5 `DbObject`: `object_scope` (`all`, `database`, `table`; mandatory) and
 * `object_info`, a map from database name to a v5 `DatabaseObject`, which the vendor requires for
 * `database` and `table` and forbids for `all`. Here a database's entry lists its `tables` (only
 * with `table` scope). v3 sends the same choice as `UpdateDatabaseObjectReq` / `DatabaseInfo`.
 */
export const drsDbObjectSpec = z
  .strictObject({
    object_scope: z.enum(["all", "database", "table"]),
    object_info: z
      .record(
        z.string().min(1, "a database name must not be empty"),
        z.strictObject({
          tables: z.array(z.string().min(1, "a table name must not be empty")).min(1).optional(),
        }),
      )
      .optional(),
  })
  .superRefine((o, ctx) => {
    const dbs = Object.entries(o.object_info ?? {});
    if (o.object_scope === "all") {
      if (o.object_info !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["object_info"],
          message: 'must be absent with object_scope "all"',
        });
      return;
    }
    if (dbs.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["object_info"],
        message: `must name at least one database with object_scope "${o.object_scope}"`,
      });
    }
    for (const [db, entry] of dbs) {
      if (o.object_scope === "database" && entry.tables !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["object_info", db, "tables"],
          message: 'tables are chosen only with object_scope "table"',
        });
      }
      if (o.object_scope === "table" && entry.tables === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["object_info", db, "tables"],
          message: 'must list the tables to replicate with object_scope "table"',
        });
      }
    }
  });
export type DrsDbObjectSpec = z.infer<typeof drsDbObjectSpec>;

/**
 * The `spec` input: a new DRS job. Mandatory fields follow the vendor models: v3 `CreateJobReq`
 * requires `name`, `db_use_type` (here `job_type`, the v5 name), `engine_type`, `job_direction`,
 * `net_type`, `node_type`, `task_type`, both endpoints and `customize_sutnet_id` (here
 * `subnet_id`, the v5 `JobNodeVpcInfo` name); v5 `CreateJobReq` requires `base_info`, both
 * endpoint lists and `node_info` with `JobNodeSpecInfo.node_type`.
 */
export const drsJobSpec = z
  .strictObject({
    /** v5 `JobBaseInfo.name` / v3 `CreateJobReq.name`. Updated in place. */
    name: drsJobName,
    /** v5 `JobBaseInfo.job_type` / v3 `CreateJobReq.db_use_type`. */
    job_type: z.enum(["migration", "sync", "cloudDataGuard"]),
    /**
     * v5 `JobBaseInfo.engine_type` / v3 `CreateJobReq.engine_type`: the engine pair, for example
     * `mysql-to-mysql` (v3 spells it `mysql`; both are accepted), `mysql-to-kafka`,
     * `oracle-to-gaussdbv5`. It decides the API family.
     */
    engine_type: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{1,63}$/, "must be a DRS engine_type such as mysql-to-mysql"),
    /** v5 `JobBaseInfo.job_direction` / v3 `CreateJobReq.job_direction`. */
    job_direction: z.enum(["up", "down", "non-dbs"]),
    /** v5 `JobBaseInfo.net_type` / v3 `CreateJobReq.net_type` (disaster recovery: not `vpc`). */
    net_type: z.enum(["eip", "vpc", "vpn"]),
    /** v5 `JobBaseInfo.task_type` / v3 `CreateJobReq.task_type`. Default `FULL_INCR_TRANS` (the v3 default). */
    task_type: z.enum(["FULL_TRANS", "FULL_INCR_TRANS", "INCR_TRANS"]).optional(),
    /** v5 `JobNodeSpecInfo.node_type` / v3 `CreateJobReq.node_type`. */
    node_type: z.enum(["micro", "small", "medium", "high", "xlarge", "2xlarge"]),
    /** v5 `JobBaseInfo.multi_write` / v3 `CreateJobReq.multi_write`: mandatory for `cloudDataGuard`. */
    multi_write: z.boolean().optional(),
    /** v5 `JobNodeVpcInfo.vpc_id`: the VPC of the DRS instance. */
    vpc_id: trimmed("vpc_id"),
    /** v5 `JobNodeVpcInfo.subnet_id` / v3 `CreateJobReq.customize_sutnet_id` (sic): the DRS instance's subnet. */
    subnet_id: trimmed("subnet_id"),
    /** v5 `JobNodeVpcInfo.security_group_id`. */
    security_group_id: trimmed("security_group_id").optional(),
    /** v5 `JobNodeBaseInfo.availability_zone` (v3 `CreateJobReq.master_az`). */
    availability_zone: trimmed("availability_zone").optional(),
    /** v5 `JobNodeBaseInfo.instance_type`: `single` or `ha` (sent with `availability_zone`). */
    instance_type: z.enum(["single", "ha"]).optional(),
    /** v5 `JobNodeBaseInfo.arch`: `x86` or `arm` (sent with `availability_zone`). */
    arch: z.enum(["x86", "arm"]).optional(),
    /** v5 `CreateJobReq.source_endpoint` / v3 `CreateJobReq.source_endpoint`. */
    source_endpoint: drsEndpointSpec,
    /** v5 `CreateJobReq.target_endpoint` / v3 `CreateJobReq.target_endpoint`. */
    target_endpoint: drsEndpointSpec,
    /** v5 `UpdateJob.db_object` / v3 `UpdateDatabaseObjectReq`: what to replicate. */
    db_object: drsDbObjectSpec,
    /** v5 `JobBaseInfo.description` / v3 `CreateJobReq.description`. Updated in place. */
    description: drsJobDescription.optional(),
    /**
     * v5 `ActionParams.start_time` / v3 `StartInfo.start_time`: a delayed start, as epoch
     * milliseconds in decimal text (the vendor's timestamp form). Without it the job starts at once.
     */
    start_time: z
      .string()
      .regex(/^[1-9]\d{9,15}$/, 'must be a start time in epoch milliseconds, for example "1767225600000"')
      .optional(),
    /** v5 `UpdateJob.speed_limit` / v3 `LimitSpeedReq.speed_limit`. Updated in place. */
    speed_limit: z.array(drsSpeedLimitWindow).max(24).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.job_type === "cloudDataGuard" && s.multi_write === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["multi_write"],
        message: 'is required with job_type "cloudDataGuard"',
      });
    }
    if (s.job_type === "cloudDataGuard" && s.net_type === "vpc") {
      ctx.addIssue({
        code: "custom",
        path: ["net_type"],
        message: 'cannot be "vpc" with job_type "cloudDataGuard"',
      });
    }
    if ((s.instance_type !== undefined || s.arch !== undefined) && s.availability_zone === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["availability_zone"],
        message: "is required with instance_type or arch (v5 JobNodeBaseInfo)",
      });
    }
  });
export type DrsJobSpec = z.infer<typeof drsJobSpec>;

/** Spec fields DRS lets change on an existing job; a change of any other field replaces it. */
export const drsSpecFieldsUpdatedInPlace = ["name", "description", "speed_limit"] as const;

/**
 * Spec fields only used while the job is made: a later change is recorded and not acted on.
 * Passwords are never stored in outputs, so a changed one cannot be seen either; rotating a
 * database password does not replace a running job.
 */
export const drsSpecFieldsUsedOnlyAtCreate = ["start_time"] as const;

/** The spec without credentials, as kept in outputs (so that diff can compare it). */
export type DrsJobSpecSummary = Omit<DrsJobSpec, "source_endpoint" | "target_endpoint"> & {
  readonly source_endpoint: Omit<DrsEndpointSpec, "db_password">;
  readonly target_endpoint: Omit<DrsEndpointSpec, "db_password">;
};

/** Removes every password from a spec. */
export function summarizeDrsJobSpec(spec: DrsJobSpec): DrsJobSpecSummary {
  const strip = ({ db_password: _password, ...rest }: DrsEndpointSpec) => rest;
  return {
    ...spec,
    source_endpoint: strip(spec.source_endpoint),
    target_endpoint: strip(spec.target_endpoint),
  };
}
