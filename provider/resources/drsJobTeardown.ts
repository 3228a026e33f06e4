import type { ApiConnection } from "../http/ApiConnection";
import { drsV3Driver } from "../teardown/drsV3Driver";
import { drsV5Driver } from "../teardown/drsV5Driver";
import { currentHostLiveness } from "../teardown/hostLiveness";
import type { JobDriver } from "../teardown/JobDriver";
import { withHostLiveness } from "../teardown/withHostLiveness";
import type { DrsJobOutputsV2 } from "./drsJobSchemas";
import type { JobTeardownPlan } from "./JobTeardownPlan";

/** The teardown driver of a DrsJob's API family, with the delete call its engine pair allows. */
export function drsDriverFor(conn: ApiConnection, outs: DrsJobOutputsV2): JobDriver {
  return outs.apiVersion === "v3"
    ? drsV3Driver(conn)
    : drsV5Driver(conn, { jobType: outs.jobType, deleteApi: outs.deleteApi, engineType: outs.engineType });
}

/** How `pulumi destroy` tears down the DrsJob `id` whose stored outputs are `outs`. */
export function drsJobTeardown(conn: ApiConnection, id: string, outs: DrsJobOutputsV2): JobTeardownPlan {
  const label = `DrsJob "${outs.resourceName}" (job ${id})`;
  const driver = drsDriverFor({ ...conn, deadline: Date.now() + outs.deleteTimeoutMs }, outs);
  return {
    // Nothing more is sent once the CLI that asked for the delete is gone.
    driver: withHostLiveness(driver, label, currentHostLiveness()),
    label,
    policy: {
      timeoutMs: outs.deleteTimeoutMs,
      maxPollMs: outs.pollIntervalMs,
      forceStop: outs.forceStop,
      gracefulStopTimeoutMs: outs.gracefulStopTimeoutMs,
      maxStopAttempts: 3,
    },
  };
}
