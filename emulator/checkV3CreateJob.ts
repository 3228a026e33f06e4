import {
  checkDescription,
  checkJobName,
  field,
  firstProblem,
  isObject,
  jobDirections,
  netTypes,
  requireString,
  taskTypes,
} from "./drsFieldChecks";

/** `CreateJobReq.engine_type` values of the v3 SDK model. */
export const v3CreateEngines = [
  "mysql",
  "mongodb",
  "cloudDataGuard-mysql",
  "gaussdbv5",
  "postgresql",
  "mysql-to-kafka",
  "taurus-to-kafka",
  "gaussdbv5ha-to-kafka",
  "oracle-to-gaussdbv5",
  "oracle-to-gaussdbv5ha",
  "gaussdbv5-to-oracle",
  "gaussdbv5ha-to-oracle",
  "gaussdbv5-to-kafka",
] as const;

/**
 * The source and target `db_type` an engine pair needs, where the pair's name says it (the
 * emulator's reading of the pair names; others are not checked).
 */
const v3EngineDbTypes: Readonly<Record<string, readonly [string, string]>> = {
  mysql: ["mysql", "mysql"],
  "cloudDataGuard-mysql": ["mysql", "mysql"],
  postgresql: ["postgresql", "postgresql"],
  "mysql-to-kafka": ["mysql", "kafka"],
  "taurus-to-kafka": ["taurus", "kafka"],
  "gaussdbv5ha-to-kafka": ["gaussdbv5ha", "kafka"],
  "gaussdbv5-to-kafka": ["gaussdbv5", "kafka"],
};

/** `CreateJobReq.node_type` values. */
const v3NodeTypes = ["micro", "small", "medium", "high", "xlarge", "2xlarge"];

/** What is wrong with one v3 `CreateJobReq` (an entry of batch-creation), or `undefined`. */
export function checkV3CreateJob(job: unknown): string | undefined {
  if (!isObject(job)) return "each entry of jobs must be an object.";
  const engine = job["engine_type"];
  const problem = firstProblem(
    checkJobName(job["name"], "name", true),
    requireString(job["db_use_type"], "db_use_type", ["migration", "sync", "cloudDataGuard"]),
    requireString(engine, "engine_type", v3CreateEngines),
    requireString(job["job_direction"], "job_direction", jobDirections),
    requireString(job["net_type"], "net_type", netTypes),
    requireString(job["node_type"], "node_type", v3NodeTypes),
    requireString(job["task_type"], "task_type", taskTypes),
    requireString(job["customize_sutnet_id"], "customize_sutnet_id"),
    checkDescription(job["description"], "description"),
    job["db_use_type"] === "cloudDataGuard" && typeof job["multi_write"] !== "boolean"
      ? "multi_write is mandatory for cloudDataGuard jobs."
      : undefined,
  );
  if (problem !== undefined) return problem;
  const [sourceDb, targetDb] = v3EngineDbTypes[engine as string] ?? [];
  return firstProblem(
    checkV3Endpoint(job["source_endpoint"], "source_endpoint", sourceDb),
    checkV3Endpoint(job["target_endpoint"], "target_endpoint", targetDb),
  );
}

/** What is wrong with a v3 `Endpoint`, or `undefined`. */
export function checkV3Endpoint(value: unknown, where: string, dbType?: string): string | undefined {
  if (!isObject(value)) return `${where} is mandatory and must be an object.`;
  const port = value["db_port"];
  return firstProblem(
    value["db_type"] === undefined || dbType === undefined
      ? undefined
      : requireString(value["db_type"], `${where}.db_type`, [dbType]),
    port === undefined || (Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535)
      ? undefined
      : `${where}.db_port must be an integer 1-65535.`,
    field(value, "kafka_security_config") === undefined || isObject(value["kafka_security_config"])
      ? undefined
      : `${where}.kafka_security_config must be an object.`,
  );
}
