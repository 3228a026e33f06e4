// Creates a DLI Flink SQL job and runs it (waiting until it runs), and adopts any existing Flink
// jobs listed in the config. A changed `sql` config updates the same job in place: it is stopped
// with a savepoint, updated, and run again resuming from the savepoint. `pulumi destroy` stops
// each running job with a savepoint, waits until it is stopped, deletes it and waits until DLI no
// longer knows it.
import * as pulumi from "@pulumi/pulumi";
import { DliFlinkJob } from "pulumi-huaweicloud-jobs";

const config = new pulumi.Config();
const queue = config.require("queue");

const created = new DliFlinkJob("clickstream", {
  sql: {
    name: "clickstream-per-user",
    sql_body: config.get("sql") ?? "INSERT INTO sink SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id",
    queue_name: queue,
    job_type: "flink_opensource_sql_job",
  },
  run: true,
  savepoint: true,
  deleteTimeout: "20m",
});

// DLI job ids are 64-bit: keep them as strings. `pulumi config set adopt 9007199254740993,9007199254740995`
// stores text; `--path 'adopt[0]'` would store a number, which JavaScript rounds above 2^53 (and
// the resource refuses such an id rather than adopt a neighbouring job).
const adopted = (config.get("adopt") ?? "")
  .split(",")
  .map((id) => id.trim())
  .filter((id) => id !== "")
  .map((jobId, i) => new DliFlinkJob(`adopted-${i + 1}`, { jobId, savepoint: true }));

export const jobs = [created, ...adopted].map((job) => ({ jobId: job.jobId, status: job.status }));
