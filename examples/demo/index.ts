// The root demo stack's program. It adopts the DRS jobs listed in the stack config `jobIds`
// (set by `npm run demo`, which also points the provider at the local emulator).
import * as pulumi from "@pulumi/pulumi";
import { DrsJob } from "pulumi-huaweicloud-jobs";

const config = new pulumi.Config();
const jobIds = config.requireObject<string[]>("jobIds");

const jobs = jobIds.map(
  (jobId, i) =>
    new DrsJob(`sync-job-${i + 1}`, {
      jobId,
      deleteTimeout: config.get("deleteTimeout") ?? "5m",
      pollInterval: config.get("pollInterval") ?? "2s",
    }),
);

/** What was adopted, as DRS reported it. */
export const adopted = jobs.map((job) => ({ jobId: job.jobId, name: job.name, status: job.status }));
