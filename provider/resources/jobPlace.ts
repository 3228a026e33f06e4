import type { PinnedSettings } from "../config/resolveConnection";
import type { ApiConnection } from "../http/ApiConnection";

/**
 * Where a job lives: the region, project and service endpoint it was adopted (or created) at.
 * Stored in the outputs, so that every later read, stop and delete goes there whatever the
 * environment of the day says: a shell whose `HW_*` variables name another place must never
 * hear "not found" for a job that runs elsewhere and drop it from the stack.
 */
export interface JobPlace {
  readonly region?: string | undefined;
  readonly projectId: string;
  /** Absent only in outputs written before 0.1.0-rc.2, which followed the environment. */
  readonly endpoint?: string | undefined;
}

/** The place fields a user can pin, in the order messages name them. */
export const placeFields = ["region", "projectId", "endpoint"] as const;

/** A place field. */
export type PlaceField = (typeof placeFields)[number];

/**
 * The place a connection was resolved to, as stored in outputs. Without a known region the key is
 * left out (the host cannot store `undefined`).
 */
export function placeOf(conn: ApiConnection): JobPlace & { readonly endpoint: string } {
  const place = { projectId: conn.projectId, endpoint: conn.endpoint };
  return conn.region === undefined ? place : { ...place, region: conn.region };
}

/** An endpoint as its origin, so that `http://h:1/` and `http://h:1` are the same place. */
function origin(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return endpoint;
  }
}

/**
 * Place fields the user pins to a value other than the one in force. A field left unset, or set
 * to the value in force, is no change: pinning what already holds must never look like a move.
 * In outputs without a stored endpoint (older releases), a pinned endpoint counts as a move, so
 * that it is checked before it is recorded.
 */
export function movedPlaceFields(inputs: PinnedSettings, stored: JobPlace): PlaceField[] {
  return placeFields.filter((field) => {
    const wanted = inputs[field];
    if (wanted === undefined) return false;
    const current = stored[field];
    if (current === undefined) return true;
    return field === "endpoint" ? origin(wanted) !== origin(current) : wanted !== current;
  });
}

/**
 * Where an update looks for the job after the user moved it: the pinned values, and for the rest
 * the stored ones, except that a new region also means its own endpoint and project unless those
 * are pinned too (a project id belongs to one region).
 */
export function placeAfterMove(inputs: PinnedSettings, stored: JobPlace): PinnedSettings {
  const regionMoved = inputs.region !== undefined && inputs.region !== stored.region;
  return {
    region: inputs.region ?? stored.region,
    projectId: inputs.projectId ?? (regionMoved ? undefined : stored.projectId),
    endpoint: inputs.endpoint ?? (regionMoved ? undefined : stored.endpoint),
  };
}

/**
 * The error of an update that moved a job to a place where it does not answer. Nothing was
 * stopped or deleted, and the resource keeps pointing where the job was.
 */
export function jobNotAtNewPlace(
  kind: string,
  resourceName: string,
  jobId: string,
  moved: readonly string[],
  stored: JobPlace,
  tried: ApiConnection,
): Error {
  if (moved.length === 0) {
    return new Error(
      `${kind} "${resourceName}": job ${jobId} does not answer at ${tried.endpoint} (project ${tried.projectId}), the place this shell's settings name. These outputs come from a release that did not record where the job lives, so the update is refused rather than guessed. Nothing was stopped or deleted. Run \`pulumi up\` with the settings (region, endpoint, project) the job was adopted with, or pin them as inputs.`,
    );
  }
  const fields = moved.join(", ");
  const inForce = moved
    .map((field) => `${field} ${JSON.stringify(stored[field as PlaceField] ?? "(from the environment)")}`)
    .join(", ");
  return new Error(
    `${kind} "${resourceName}": job ${jobId} does not answer at the new ${fields} (project ${tried.projectId} at ${tried.endpoint}), so the change is refused and the resource still points where the job was adopted (${inForce}). Nothing was stopped or deleted. If the job really moved, check the new value; otherwise set ${fields} back to the value in force or remove it. To manage a different job, change jobId instead: that replaces the resource, and the replaced job ${jobId} is then stopped and deleted.`,
  );
}

/**
 * The progress line a diff prints when a replacement will tear down the job the resource holds,
 * so that the preview says it plainly next to the "replace" it shows.
 */
export function replacementWarning(what: string, oldJobId: string): string {
  return `${what}: this replaces the resource, and after the replacement is in place job ${oldJobId} will be STOPPED AND DELETED. To keep job ${oldJobId} running, leave the resource as it is and add another resource for the other job.`;
}
