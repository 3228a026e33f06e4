// The model-based test's Pulumi program: declares exactly the resources listed in stack config
// `hwjobs-model:resources` (see ../ModelResource.ts), so each test step changes the stack the way a
// user would, by changing the program's inputs.
import * as pulumi from "@pulumi/pulumi";
import { DliFlinkJob, DrsJob } from "pulumi-huaweicloud-jobs";
import type { ModelResource } from "../ModelResource";

const resources = new pulumi.Config().getObject<ModelResource[]>("resources") ?? [];

for (const r of resources) {
  const where = {
    deleteTimeout: r.deleteTimeout,
    pollInterval: r.pollInterval,
    ...(r.region === undefined ? {} : { region: r.region }),
    ...(r.endpoint === undefined ? {} : { endpoint: r.endpoint }),
    ...(r.projectId === undefined ? {} : { projectId: r.projectId }),
  };
  if (r.kind === "drs") {
    new DrsJob(r.name, {
      jobId: r.jobId,
      forceStop: r.forceStop,
      gracefulStopTimeout: "5s",
      ...(r.apiVersion === undefined ? {} : { apiVersion: r.apiVersion }),
      ...where,
    });
  } else if (r.jobId !== undefined) {
    new DliFlinkJob(r.name, { jobId: r.jobId, savepoint: true, ...where });
  } else {
    new DliFlinkJob(r.name, {
      sql: {
        name: r.sqlName ?? r.name,
        sql_body: "INSERT INTO sink SELECT id, COUNT(*) FROM src GROUP BY id",
        queue_name: "model-queue",
        job_type: "flink_opensource_sql_job",
        // DLI renames a job in place; tags cannot change in place, so a new name (carried in a
        // tag too) makes a new job, which is how the model replaces a created SQL job.
        tags: [{ key: "model-name", value: r.sqlName ?? r.name }],
      },
      run: true,
      savepoint: true,
      ...where,
    });
  }
}
