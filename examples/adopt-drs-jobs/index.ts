// Adopts existing DRS jobs by id. `pulumi up` only checks that each job exists and records what
// teardown needs; `pulumi destroy` stops each job that is not stopped, waits, deletes it and waits
// until it is gone.
import * as pulumi from "@pulumi/pulumi";
import { DrsJob } from "pulumi-huaweicloud-jobs";

const config = new pulumi.Config();
// For example: pulumi config set --path 'jobIds[0]' 140b5236-88ad-43c8-811c-1268453jb101
const jobIds = config.requireObject<string[]>("jobIds");

const jobs = jobIds.map(
  (jobId, i) =>
    new DrsJob(`drs-job-${i + 1}`, {
      jobId,
      // Optional: pin the region and project instead of taking them from HW_REGION_NAME / HW_PROJECT_ID.
      region: config.get("region"),
      projectId: config.get("projectId"),
      deleteTimeout: config.get("deleteTimeout") ?? "30m",
    }),
);

export const adopted = jobs.map((job) => ({ jobId: job.jobId, name: job.name, status: job.status }));
