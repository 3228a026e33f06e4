import type { TeardownPhase } from "../teardown/JobDriver";

/**
 * Where a DRS job is in its life, as far as teardown is concerned. DRS v3 and v5 share the
 * status values; see the README's "What happens on destroy" for the table.
 */
export type DrsTeardownPhase = TeardownPhase;

const phases: Readonly<Record<string, DrsTeardownPhase>> = {
  CREATE_FAILED: "deletable",
  RELEASE_RESOURCE_COMPLETE: "deletable",
  RELEASE_CHILD_TRANSFER_COMPLETE: "deletable",

  RELEASE_RESOURCE_STARTED: "stopping",
  RELEASE_CHILD_TRANSFER_STARTED: "stopping",

  CREATING: "needsStop",
  STARTJOBING: "needsStop",
  WAITING_FOR_START: "needsStop",
  FULL_TRANSFER_STARTED: "needsStop",
  FULL_TRANSFER_COMPLETE: "needsStop",
  INCRE_TRANSFER_STARTED: "needsStop",
  CHILD_TRANSFER_STARTING: "needsStop",
  CHILD_TRANSFER_STARTED: "needsStop",
  CHILD_TRANSFER_COMPLETE: "needsStop",
  CHANGE_JOB_STARTED: "needsStop",
  REBUILD_NODE_STARTED: "needsStop",
  NODE_UPGRADE_START: "needsStop",
  NODE_UPGRADE_COMPLETE: "needsStop",
  // CONFIGURATION: created but never started. PAUSING: the vendor's word for *paused*.
  CONFIGURATION: "needsStop",
  PAUSING: "needsStop",
  START_JOB_FAILED: "needsStop",
  FULL_TRANSFER_FAILED: "needsStop",
  INCRE_TRANSFER_FAILED: "needsStop",
  CHANGE_JOB_FAILED: "needsStop",
  CHILD_TRANSFER_FAILED: "needsStop",
  REBUILD_NODE_FAILED: "needsStop",
  NODE_UPGRADE_FAILED: "needsStop",

  RELEASE_RESOURCE_FAILED: "stopFailed",

  DELETED: "gone",
};

/** Every DRS status value this release knows, in the order of the table above. */
export const knownDrsStatuses: readonly string[] = Object.keys(phases);

/**
 * Classifies a DRS job status for teardown. Unknown values map to `"unknown"` rather than to a
 * guess, because a wrong guess either deletes a running job or never stops it.
 */
export function classifyDrsStatus(status: string): DrsTeardownPhase {
  return Object.hasOwn(phases, status) ? (phases[status] ?? "unknown") : "unknown";
}
