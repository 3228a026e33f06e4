import type { ApiConnection } from "../http/ApiConnection";
import { dliDriver } from "../teardown/dliDriver";
import type { DliFlinkJobOutputsV1 } from "./dliFlinkJobSchemas";
import type { JobTeardownPlan } from "./JobTeardownPlan";

/** How `pulumi destroy` tears down the DliFlinkJob `id` whose stored outputs are `outs`. */
export function dliFlinkJobTeardown(
  conn: ApiConnection,
  id: string,
  outs: DliFlinkJobOutputsV1,
): JobTeardownPlan {
  return {
    driver: dliDriver(
      { ...conn, deadline: Date.now() + outs.deleteTimeoutMs },
      { savepoint: outs.savepoint },
    ),
    label: `DliFlinkJob "${outs.resourceName}" (job ${id})`,
    // DLI has no forced stop: a failing stop is retried, then reported.
    policy: {
      timeoutMs: outs.deleteTimeoutMs,
      maxPollMs: outs.pollIntervalMs,
      forceStop: "never",
      gracefulStopTimeoutMs: outs.deleteTimeoutMs,
      maxStopAttempts: 3,
    },
  };
}
