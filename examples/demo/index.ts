// The root demo stack's program: adopts the DRS and DLI jobs listed in the stack config, creates
// DRS jobs from a spec (config `createDrsJobs`: ["v5", "v3"]) and one Flink SQL job. `npm run demo` fills the config and points the provider at the local
// emulator; the end-to-end tests use it too.
import * as pulumi from "@pulumi/pulumi";
import { DliFlinkJob, DrsJob, type DrsJobSpec } from "pulumi-huaweicloud-jobs";

const config = new pulumi.Config();
const list = (key: string) => config.getObject<string[]>(key) ?? [];
// Extra inputs given to every adopted job of a kind (for example a pinned region or apiVersion),
// so that tests can change inputs of an existing stack without another program.
const extra = (key: string) => config.getObject<Record<string, string>>(key) ?? {};
const teardown = {
  deleteTimeout: config.get("deleteTimeout") ?? "5m",
  pollInterval: config.get("pollInterval") ?? "2s",
  ...(config.get("gracefulStopTimeout") === undefined
    ? {}
    : { gracefulStopTimeout: config.require("gracefulStopTimeout") }),
};

// Optional deleteTimeout of single DRS jobs, by job id: jobs whose calls share batches may have
// different deadlines (the end-to-end tests use this).
const deleteTimeouts = config.getObject<Record<string, string>>("deleteTimeouts") ?? {};
const drsTeardown = (jobId: string) => ({
  ...teardown,
  deleteTimeout: deleteTimeouts[jobId] ?? teardown.deleteTimeout,
});

const drsJobs = [
  ...list("drsV5JobIds").map(
    (jobId, i) => new DrsJob(`drs-v5-${i + 1}`, { jobId, ...drsTeardown(jobId), ...extra("drsV5Inputs") }),
  ),
  ...list("drsV3JobIds").map(
    (jobId, i) =>
      new DrsJob(`drs-v3-${i + 1}`, {
        jobId,
        apiVersion: "v3",
        forceStop: "onTimeout",
        ...drsTeardown(jobId),
        ...extra("drsV3Inputs"),
      }),
  ),
];
// DRS jobs created from a spec and taken to running: "v5" is a MySQL->MySQL sync (made through
// DRS v5), "v3" a MySQL->Kafka sync (made through DRS v3, as v5 does not create that pair). The
// database password comes from secret stack config; the spec is stored as a secret either way.
const dbPassword = config.getSecret("drsDbPassword") ?? pulumi.secret("Demo-Db-Pa55word");
const drsPrefix = config.get("drsCreatePrefix") ?? "demo";
const mysqlSource = (password: string) => ({
  db_type: "mysql",
  ip: "192.168.0.10",
  db_port: 3306,
  db_user: "repl",
  db_password: password,
});
const drsSpecs: Record<string, (password: string) => DrsJobSpec> = {
  v5: (password) => ({
    name: `${drsPrefix}-orders-v5`,
    job_type: "sync",
    engine_type: "mysql-to-mysql",
    job_direction: "up",
    net_type: "vpc",
    node_type: "high",
    vpc_id: "vpc-demo",
    subnet_id: "subnet-demo",
    source_endpoint: mysqlSource(password),
    target_endpoint: {
      db_type: "mysql",
      instance_id: "rds-demo-target",
      region: config.get("drsTargetRegion") ?? "ap-southeast-1",
      project_id: config.get("drsTargetProjectId") ?? "0123456789abcdef0123456789abcdef",
      db_user: "root",
      db_password: password,
    },
    db_object: { object_scope: "database", object_info: { orders: {} } },
    description: "orders replicated to the cloud",
  }),
  v3: (password) => ({
    name: `${drsPrefix}-orders-kafka`,
    job_type: "sync",
    engine_type: "mysql-to-kafka",
    job_direction: "up",
    net_type: "vpc",
    node_type: "high",
    vpc_id: "vpc-demo",
    subnet_id: "subnet-demo",
    source_endpoint: mysqlSource(password),
    target_endpoint: {
      db_type: "kafka",
      ip: "192.168.0.20:9092",
      topic: "orders",
      db_user: "drs",
      db_password: password,
    },
    db_object: { object_scope: "table", object_info: { shop: { tables: ["orders"] } } },
  }),
};
for (const family of list("createDrsJobs")) {
  const make = drsSpecs[family];
  if (make === undefined) throw new Error(`createDrsJobs: unknown entry "${family}" (use "v5" or "v3")`);
  drsJobs.push(
    new DrsJob(`drs-new-${family}`, {
      spec: dbPassword.apply(make),
      createTimeout: config.get("createTimeout") ?? "10m",
      ...teardown,
    }),
  );
}

const dliJobs = list("dliJobIds").map(
  (jobId, i) =>
    new DliFlinkJob(`flink-${i + 1}`, {
      jobId,
      savepoint: true,
      deleteTimeout: teardown.deleteTimeout,
      pollInterval: teardown.pollInterval,
      ...extra("dliInputs"),
    }),
);
if (config.getBoolean("createSqlJob") === true) {
  dliJobs.push(
    new DliFlinkJob("flink-new-sql", {
      sql: {
        name: "demo-clickstream",
        // Changing `createSqlJobSql` updates the same job in place (stop with savepoint, update,
        // run resuming from the savepoint); the end-to-end tests use it.
        sql_body:
          config.get("createSqlJobSql") ??
          "INSERT INTO sink SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id",
        queue_name: "demo-queue",
        job_type: "flink_opensource_sql_job",
      },
      run: config.getBoolean("createSqlJobRun") ?? true,
      savepoint: true,
      deleteTimeout: teardown.deleteTimeout,
      pollInterval: teardown.pollInterval,
    }),
  );
}

/** What the stack manages, as the services reported it. */
export const drs = drsJobs.map((job) => ({
  jobId: job.jobId,
  api: job.apiVersion,
  status: job.status,
  endpoint: job.endpoint,
}));
export const dli = dliJobs.map((job) => ({ jobId: job.jobId, status: job.status, endpoint: job.endpoint }));
