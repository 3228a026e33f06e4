import type { ApiConnection } from "../http/ApiConnection";
import { dliDriver } from "../teardown/dliDriver";
import { currentHostLiveness } from "../teardown/hostLiveness";
import { withHostLiveness, withLiveConnection } from "../teardown/withHostLiveness";
import type { DliFlinkJobOutputsV1 } from "./dliFlinkJobSchemas";
import type { JobTeardownPlan } from "./JobTeardownPlan";

/** How `pulumi destroy` tears down the DliFlinkJob `id` whose stored outputs are `outs`. */
export function dliFlinkJobTeardown(
  conn: ApiConnection,
  id: string,
  outs: DliFlinkJobOutputsV1,
): JobTeardownPlan {
  const label = `DliFlinkJob "${outs.resourceName}" (job ${id})`;
  // Nothing more is sent once the CLI that asked for the delete is gone.
  const liveness = currentHostLiveness();
  const live = withLiveConnection({ ...conn, deadline: Date.now() + outs.deleteTimeoutMs }, label, liveness);
  return {
    driver: withHostLiveness(dliDriver(live, { savepoint: outs.savepoint }), label, liveness),
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
