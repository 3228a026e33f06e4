/*
 * Test helper: request bodies of the DRS create-to-start calls, shaped by the vendor SDK models
 * (v5 SingleCreateJobReq / JobActionReq / SingleUpdateJobReq, v3 CreateJobReq / TestEndPoint /
 * UpdateDatabaseObjectReq / PreCheckInfo / StartInfo). Passwords are a marker the tests look for
 * in logs and the job store.
 */

/** The password every endpoint below carries; must never appear in a log or the job store. */
export const endpointPassword = "S3cret-Endpoint-Pa55";

/** A v5 `JobEndpointInfo` of MySQL. */
export function v5MysqlEndpoint(role: "so" | "ta", ip: string): Record<string, unknown> {
  return {
    db_type: "mysql",
    endpoint_type: role === "so" ? "offline" : "cloud",
    endpoint_role: role,
    endpoint: {
      endpoint_name: role === "so" ? "mysql" : "cloud_mysql",
      ip,
      db_port: "3306",
      db_user: "drs",
      db_password: endpointPassword,
      ...(role === "ta" ? { instance_id: "rds-instance-1" } : {}),
    },
  };
}

/** A v5 `SingleCreateJobReq` for a MySQL->MySQL sync job; `base` overrides `base_info` fields. */
export function v5CreateBody(name: string, base: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    job: {
      base_info: {
        name,
        job_type: "sync",
        engine_type: "mysql-to-mysql",
        job_direction: "up",
        task_type: "FULL_INCR_TRANS",
        net_type: "eip",
        description: "orders replication",
        ...base,
      },
      source_endpoint: [v5MysqlEndpoint("so", "10.0.0.5")],
      target_endpoint: [v5MysqlEndpoint("ta", "192.168.0.7")],
      node_info: {
        spec: { node_type: "high" },
        vpc: { vpc_id: "vpc-1", subnet_id: "subnet-1" },
        base_info: { instance_type: "single", arch: "x86", availability_zone: "az-1" },
      },
    },
  };
}

/** A v5 `JobActionReq`. */
export function v5Action(actionName: string, params?: Record<string, unknown>): Record<string, unknown> {
  return { job: { action_name: actionName, ...(params !== undefined ? { action_params: params } : {}) } };
}

/** A v5 `SingleUpdateJobReq` selecting every object. */
export const v5SelectAll = { job: { type: "db_object", params: { db_object: { object_scope: "all" } } } };

/** A v3 `CreateJobReq` for MySQL->Kafka (or another pair with `engine`). */
export function v3CreateJob(name: string, engine = "mysql-to-kafka"): Record<string, unknown> {
  const kafka = engine.endsWith("-to-kafka");
  return {
    name,
    db_use_type: "sync",
    engine_type: engine,
    job_direction: "up",
    net_type: "eip",
    node_type: "high",
    task_type: "FULL_INCR_TRANS",
    customize_sutnet_id: "subnet-1",
    bind_eip: true,
    source_endpoint: { db_type: "mysql" },
    target_endpoint: kafka
      ? { db_type: "kafka", inst_id: "kafka-instance-1", topic: "orders" }
      : { db_type: "mysql", inst_id: "rds-instance-1" },
  };
}

/** A v3 `TestEndPoint` for one endpoint of a job. */
export function v3TestEndpoint(jobId: string, role: "so" | "ta", ip: string): Record<string, unknown> {
  return {
    id: jobId,
    net_type: "eip",
    db_type: role === "so" ? "mysql" : "kafka",
    ip,
    db_port: role === "so" ? 3306 : 9092,
    db_user: "drs",
    db_password: endpointPassword,
    end_point_type: role,
  };
}

/** A v3 `UpdateDatabaseObjectReq` choosing one database. */
export function v3SelectObjects(jobId: string): Record<string, unknown> {
  return {
    job_id: jobId,
    selected: true,
    job: [{ id: "orders", object_type: "database", object_name: "orders", select: "true" }],
  };
}
