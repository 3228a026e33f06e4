import type { ApiConnection } from "../http/ApiConnection";
import { dliDriver } from "../teardown/dliDriver";
import { currentHostLiveness } from "../teardown/hostLiveness";
import { withHostLiveness } from "../teardown/withHostLiveness";
import type { DliFlinkJobOutputsV1 } from "./dliFlinkJobSchemas";
import type { JobTeardownPlan } from "./JobTeardownPlan";

/** How `pulumi destroy` tears down the DliFlinkJob `id` whose stored outputs are `outs`. */
export function dliFlinkJobTeardown(
  conn: ApiConnection,
  id: string,
  outs: DliFlinkJobOutputsV1,
): JobTeardownPlan {
  const label = `DliFlinkJob "${outs.resourceName}" (job ${id})`;
  const driver = dliDriver(
    { ...conn, deadline: Date.now() + outs.deleteTimeoutMs },
    { savepoint: outs.savepoint },
  );
  return {
    // Nothing more is sent once the CLI that asked for the delete is gone.
    driver: withHostLiveness(driver, label, currentHostLiveness()),
    label,
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
