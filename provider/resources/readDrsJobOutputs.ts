import { chooseDrsDeleteApi } from "../drs/drsV5Api";
import { drsJobOutputsV1, drsJobOutputsV2, type DrsJobOutputsV2 } from "./drsJobSchemas";
import { unreadableOutputs, type Props } from "./providerCommon";

/**
 * Reads stored DrsJob outputs of any schema version this release knows, as the current version.
 * Outputs of release 0.1 (version 1) are read with forceStop `never`: the behaviour their jobs were
 * adopted with, so an upgrade never starts forcing stops the user did not ask for.
 */
export function readDrsJobOutputs(props: Props): DrsJobOutputsV2 {
  const v2 = drsJobOutputsV2.safeParse(props);
  if (v2.success) return v2.data;
  const v1 = drsJobOutputsV1.safeParse(props);
  if (v1.success) {
    const { schemaVersion: _v1, ...rest } = v1.data;
    return {
      ...rest,
      schemaVersion: 2,
      apiVersion: "v5",
      deleteApi: chooseDrsDeleteApi(rest.engineType) === "v5-delete-many" ? "v5-delete-many" : "v3",
      forceStop: "never",
      gracefulStopTimeoutMs: rest.deleteTimeoutMs,
    };
  }
  throw unreadableOutputs("DrsJob", props, v2.error.message);
}
