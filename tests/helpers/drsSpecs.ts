/** Example DrsJob specs for tests: a v5 MySQL→MySQL sync and a v3 MySQL→Kafka sync. */

/** A password the tests look for in every message, log line and error. */
export const sourcePassword = "S0urce-Pa55word!";
/** The target's password. */
export const targetPassword = "T4rget-Pa55word!";

/** A spec DRS v5 creates (MySQL→MySQL, job_type sync). */
export function mysqlToMysqlSpec(name: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    job_type: "sync",
    engine_type: "mysql-to-mysql",
    job_direction: "up",
    net_type: "vpc",
    task_type: "FULL_INCR_TRANS",
    node_type: "high",
    vpc_id: "vpc-0001",
    subnet_id: "subnet-0001",
    source_endpoint: {
      db_type: "mysql",
      endpoint_type: "offline",
      ip: "192.168.0.10",
      db_port: 3306,
      db_user: "repl",
      db_password: sourcePassword,
    },
    target_endpoint: {
      db_type: "mysql",
      instance_id: "rds-target-0001",
      region: "ap-southeast-1",
      project_id: "0123456789abcdef0123456789abcdef",
      db_user: "root",
      db_password: targetPassword,
    },
    db_object: { object_scope: "database", object_info: { orders: {} } },
    description: "orders to the cloud",
    ...more,
  };
}

/** A spec only DRS v3 creates (MySQL→Kafka). */
export function mysqlToKafkaSpec(name: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    job_type: "sync",
    engine_type: "mysql-to-kafka",
    job_direction: "up",
    net_type: "vpc",
    task_type: "FULL_INCR_TRANS",
    node_type: "high",
    vpc_id: "vpc-0001",
    subnet_id: "subnet-0001",
    source_endpoint: {
      db_type: "mysql",
      ip: "192.168.0.10",
      db_port: 3306,
      db_user: "repl",
      db_password: sourcePassword,
    },
    target_endpoint: {
      db_type: "kafka",
      ip: "192.168.0.20:9092",
      topic: "orders",
      db_user: "drs",
      db_password: targetPassword,
    },
    db_object: { object_scope: "table", object_info: { shop: { tables: ["orders", "customers"] } } },
    ...more,
  };
}
