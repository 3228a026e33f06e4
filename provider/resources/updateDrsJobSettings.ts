import { updateDrsV3JobSettings } from "../drs/drsV3CreateApi";
import { updateDrsV5JobSettings } from "../drs/drsV5CreateApi";
import type { ApiConnection } from "../http/ApiConnection";
import type { DrsSpeedLimitWindow } from "./drsJobSpec";

/** A change DRS makes on an existing job. */
export type DrsJobSettingsChange =
  | { readonly name: string }
  | { readonly description: string }
  | { readonly speed_limit: readonly DrsSpeedLimitWindow[] };

/**
 * Changes a job's name, description or speed limit in place, through its API family: v5
 * `PUT /v5/{project_id}/jobs/{job_id}` (types `name`, `description`); v3 `batch-modification`
 * and `batch-limit-speed`. v5 has no speed-limit type, so diff replaces such a job instead.
 */
export async function updateDrsJobSettings(
  conn: ApiConnection,
  apiVersion: "v3" | "v5",
  jobId: string,
  change: DrsJobSettingsChange,
): Promise<void> {
  if (apiVersion === "v3") return updateDrsV3JobSettings(conn, jobId, change);
  if ("speed_limit" in change) throw new Error("DRS v5 has no speed-limit update (v5 UpdateJobReq types)");
  return updateDrsV5JobSettings(conn, jobId, change);
}
