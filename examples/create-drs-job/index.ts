// Creates two DRS jobs from a spec and takes each to running, the way the console does (create,
// test both connections, select the objects, precheck, start, wait until it transfers):
// - a MySQL->MySQL sync, which DRS v5 creates (POST /v5/{project_id}/jobs);
// - a MySQL->Kafka sync, which only DRS v3 creates (POST /v3/{project_id}/jobs/batch-creation),
//   as does every job on Open Telekom Cloud.
// `pulumi destroy` stops each job, waits until it is stopped, deletes it and waits until it is gone.
import * as pulumi from "@pulumi/pulumi";
import { DrsJob, type DrsJobSpec } from "pulumi-huaweicloud-jobs";

const config = new pulumi.Config();
// Database passwords come from secret config; the whole spec is stored as a secret in the state.
const sourcePassword = config.requireSecret("sourcePassword");
const targetPassword = config.requireSecret("targetPassword");
const vpcId = config.require("vpcId");
const subnetId = config.require("subnetId");

const source = (password: string) => ({
  db_type: "mysql",
  ip: config.get("sourceIp") ?? "192.168.0.10",
  db_port: 3306,
  db_user: config.get("sourceUser") ?? "repl",
  db_password: password,
});

const orders = new DrsJob("orders-to-rds", {
  spec: pulumi.all([sourcePassword, targetPassword]).apply(([src, tgt]): DrsJobSpec => ({
    name: "orders-to-rds",
    job_type: "sync",
    engine_type: "mysql-to-mysql",
    job_direction: "up",
    net_type: "vpc",
    node_type: "high",
    vpc_id: vpcId,
    subnet_id: subnetId,
    source_endpoint: source(src),
    target_endpoint: {
      db_type: "mysql",
      instance_id: config.require("targetRdsId"),
      region: config.require("targetRegion"),
      project_id: config.require("targetProjectId"),
      db_user: "root",
      db_password: tgt,
    },
    db_object: { object_scope: "database", object_info: { orders: {} } },
    // Changes in place: description and name. Anything else replaces the job.
    description: "orders replicated into RDS",
  })),
  createTimeout: "45m",
  deleteTimeout: "30m",
});

const events = new DrsJob("orders-to-kafka", {
  spec: pulumi.all([sourcePassword, targetPassword]).apply(([src, tgt]): DrsJobSpec => ({
    name: "orders-to-kafka",
    job_type: "sync",
    engine_type: "mysql-to-kafka",
    job_direction: "up",
    net_type: "vpc",
    node_type: "high",
    vpc_id: vpcId,
    subnet_id: subnetId,
    source_endpoint: source(src),
    target_endpoint: {
      db_type: "kafka",
      ip: config.get("kafkaAddress") ?? "192.168.0.20:9092",
      topic: "orders",
      db_user: config.get("kafkaUser") ?? "drs",
      db_password: tgt,
    },
    db_object: { object_scope: "table", object_info: { shop: { tables: ["orders", "order_items"] } } },
    // v3 jobs change their speed limit in place (UTC hours, MB/s).
    speed_limit: [{ begin: "08:00", end: "17:59", speed: 20 }],
  })),
  createTimeout: "45m",
});

export const jobs = [orders, events].map((job) => ({
  jobId: job.jobId,
  api: job.apiVersion,
  status: job.status,
}));
