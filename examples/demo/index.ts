// The root demo stack's program: adopts the DRS and DLI jobs listed in the stack config and
// creates one Flink SQL job. `npm run demo` fills the config and points the provider at the local
// emulator; the end-to-end tests use it too.
import * as pulumi from "@pulumi/pulumi";
import { DliFlinkJob, DrsJob } from "pulumi-huaweicloud-jobs";

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
