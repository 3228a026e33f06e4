import { summarizeDrsJobSpec, type DrsJobSpec } from "./drsJobSpec";

/** How a changed spec is applied to the job it made. */
export interface DrsJobSpecDiff {
  /** Fields DRS changes on the existing job (name, description; speed limit for v3 jobs). */
  readonly inPlace: readonly string[];
  /** Fields only used while the job is made (start_time): recorded, not acted on. */
  readonly recorded: readonly string[];
  /** Fields DRS cannot change on an existing job: the resource is replaced. */
  readonly replace: readonly string[];
}

/** JSON with object keys sorted, so that a value read back from state compares equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Compares the stored summary of the spec a job was made from with a new spec, field by field
 * (top-level fields; an endpoint or `db_object` counts as one field). Passwords are compared
 * nowhere: they are not stored, and a rotated password must not replace a running job.
 * `name` and `description` change in place in both API families; `speed_limit` only through v3
 * (v5 `UpdateJobReq` has no speed-limit type); `start_time` only matters before the start.
 */
export function diffDrsJobSpec(
  stored: Record<string, unknown> | undefined,
  next: DrsJobSpec,
  apiVersion: "v3" | "v5",
): DrsJobSpecDiff {
  const wanted = summarizeDrsJobSpec(next) as unknown as Record<string, unknown>;
  const before = stored ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(wanted)])].sort();
  const changed = keys.filter((k) => canonical(before[k]) !== canonical(wanted[k]));
  const inPlaceFields = new Set(
    apiVersion === "v3" ? ["name", "description", "speed_limit"] : ["name", "description"],
  );
  return {
    inPlace: changed.filter((k) => inPlaceFields.has(k)),
    recorded: changed.filter((k) => k === "start_time"),
    replace: changed.filter((k) => !inPlaceFields.has(k) && k !== "start_time"),
  };
}
