import {
  checkDescription,
  checkJobName,
  field,
  firstProblem,
  isObject,
  jobDirections,
  netTypes,
  optionalString,
  requireString,
  taskTypes,
} from "./drsFieldChecks";

/**
 * Engine pairs the v5 create call accepts, with the source and target `db_type` each needs: the
 * only values the SDK's `JobBaseInfo.engine_type` documents. Other pairs (MySQL to Kafka among
 * them) are created through v3.
 */
export const v5CreateEngines: Readonly<Record<string, readonly [string, string]>> = {
  "oracle-to-gaussdbv5": ["oracle", "gaussdbv5"],
  "redis-to-gaussredis": ["redis", "gaussredis"],
  "rediscluster-to-gaussredis": ["rediscluster", "gaussredis"],
  "mysql-to-mysql": ["mysql", "mysql"],
};

/** `JobNodeSpecInfo.node_type` values. */
const v5NodeTypes = ["micro", "small", "medium", "high"];

/**
 * What is wrong with a v5 `CreateJobReq` (the `job` of `SingleCreateJobReq`), or `undefined`.
 * Mandatory: the SDK model's (endpoints, node_info.spec.node_type, ...) and the base_info fields
 * the API page marks mandatory (the SDK constructor marks none).
 */
export function checkV5CreateJob(job: unknown): string | undefined {
  if (!isObject(job)) return "job is mandatory and must be an object.";
  const base = job["base_info"];
  if (!isObject(base)) return "job.base_info is mandatory and must be an object.";
  const engine = base["engine_type"];
  const problem = firstProblem(
    checkJobName(base["name"], "job.base_info.name", false),
    requireString(base["job_type"], "job.base_info.job_type", ["migration", "sync"]),
    requireString(engine, "job.base_info.engine_type", Object.keys(v5CreateEngines)),
    requireString(base["job_direction"], "job.base_info.job_direction", jobDirections),
    requireString(base["task_type"], "job.base_info.task_type", taskTypes),
    requireString(base["net_type"], "job.base_info.net_type", netTypes),
    optionalString(base["charging_mode"], "job.base_info.charging_mode", ["period", "on_demand"]),
    checkDescription(base["description"], "job.base_info.description"),
  );
  if (problem !== undefined) return problem;
  const [sourceDb, targetDb] = v5CreateEngines[engine as string] ?? ["", ""];
  return firstProblem(
    checkV5Endpoints(job["source_endpoint"], "job.source_endpoint", "so", sourceDb),
    checkV5Endpoints(job["target_endpoint"], "job.target_endpoint", "ta", targetDb),
    checkNodeInfo(job["node_info"]),
  );
}

/**
 * What is wrong with a list of v5 `JobEndpointInfo` of one role, or `undefined`. `dbType`, when
 * given, is the `db_type` the job's engine pair needs there.
 */
export function checkV5Endpoints(
  value: unknown,
  where: string,
  role: "so" | "ta",
  dbType?: string,
): string | undefined {
  if (!Array.isArray(value) || value.length === 0)
    return `${where} is mandatory and must be a non-empty list.`;
  for (const [i, endpoint] of value.entries()) {
    const problem = checkV5Endpoint(endpoint, `${where}[${i}]`, role, dbType);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** What is wrong with one v5 `JobEndpointInfo`; `role` undefined accepts either role. */
export function checkV5Endpoint(
  value: unknown,
  where: string,
  role: "so" | "ta" | undefined,
  dbType?: string,
): string | undefined {
  if (!isObject(value)) return `${where} must be an object.`;
  const endpoint = value["endpoint"];
  const problem = firstProblem(
    requireString(value["db_type"], `${where}.db_type`, dbType ? [dbType] : undefined),
    requireString(value["endpoint_type"], `${where}.endpoint_type`, ["offline", "ecs", "cloud"]),
    requireString(value["endpoint_role"], `${where}.endpoint_role`, role ? [role] : ["so", "ta"]),
    isObject(endpoint) ? undefined : `${where}.endpoint is mandatory and must be an object.`,
  );
  if (problem !== undefined) return problem;
  const port = field(endpoint, "db_port");
  return firstProblem(
    requireString(field(endpoint, "endpoint_name"), `${where}.endpoint.endpoint_name`),
    requireString(field(endpoint, "db_user"), `${where}.endpoint.db_user`),
    requireString(field(endpoint, "db_password"), `${where}.endpoint.db_password`),
    port === undefined || (typeof port === "string" && /^\d+$/.test(port) && +port >= 1 && +port <= 65535)
      ? undefined
      : `${where}.endpoint.db_port must be a string holding 1-65535.`,
  );
}

function checkNodeInfo(node: unknown): string | undefined {
  if (!isObject(node)) return "job.node_info is mandatory and must be an object.";
  const vpc = node["vpc"];
  const base = node["base_info"];
  return firstProblem(
    requireString(field(node["spec"], "node_type"), "job.node_info.spec.node_type", v5NodeTypes),
    vpc === undefined
      ? undefined
      : firstProblem(
          requireString(field(vpc, "vpc_id"), "job.node_info.vpc.vpc_id"),
          requireString(field(vpc, "subnet_id"), "job.node_info.vpc.subnet_id"),
        ),
    base === undefined
      ? undefined
      : firstProblem(
          requireString(field(base, "instance_type"), "job.node_info.base_info.instance_type", [
            "single",
            "ha",
          ]),
          requireString(field(base, "arch"), "job.node_info.base_info.arch", ["x86", "arm"]),
          requireString(field(base, "availability_zone"), "job.node_info.base_info.availability_zone"),
        ),
  );
}
