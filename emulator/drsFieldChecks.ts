/**
 * Small checks of DRS request fields, shared by the v5 and v3 create-to-start calls. Each returns
 * a message naming the field, or `undefined` when the value is acceptable.
 */

/** A JSON object's field, or `undefined` when the value is not an object. */
export function field(value: unknown, name: string): unknown {
  return isObject(value) ? value[name] : undefined;
}

/** Whether a value is a JSON object (not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A mandatory string field, optionally one of `values`. */
export function requireString(value: unknown, where: string, values?: readonly string[]): string | undefined {
  if (typeof value !== "string" || value === "") return `${where} is mandatory and must be a string.`;
  if (values !== undefined && !values.includes(value)) {
    return `${where} must be one of ${values.join(", ")}; "${value}" is not supported.`;
  }
  return undefined;
}

/** An optional string field, optionally one of `values`. */
export function optionalString(
  value: unknown,
  where: string,
  values?: readonly string[],
): string | undefined {
  return value === undefined ? undefined : requireString(value, where, values);
}

/**
 * A job name. Both families: 4 to 50 letters, digits, `-` or `_` (SDK `JobBaseInfo.name`,
 * `CreateJobReq.name`); v3 also wants a letter first.
 */
export function checkJobName(value: unknown, where: string, letterFirst: boolean): string | undefined {
  const missing = requireString(value, where);
  if (missing !== undefined) return missing;
  const name = value as string;
  if (!/^[A-Za-z0-9_-]{4,50}$/.test(name) || (letterFirst && !/^[A-Za-z]/.test(name))) {
    return `${where} must be 4-50 letters, digits, hyphens or underscores${letterFirst ? ", starting with a letter" : ""}.`;
  }
  return undefined;
}

/** A job description: at most 256 characters, none of `!<>&'"\` (SDK `JobBaseInfo.description`). */
export function checkDescription(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length > 256 || /[!<>&'"\\]/.test(value)) {
    return `${where} must be at most 256 characters without !<>&'"\\.`;
  }
  return undefined;
}

/** The first message of several checks, or `undefined` when all passed. */
export function firstProblem(...problems: (string | undefined)[]): string | undefined {
  return problems.find((p) => p !== undefined);
}

/**
 * A start time: epoch milliseconds (a number or digits, as v3 `StartInfo.start_time` says) or an
 * ISO 8601 date. Returns epoch ms, `undefined` when absent, or a message.
 */
export function parseStartTime(value: unknown, where: string): number | undefined | { problem: string } {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    if (/^\d+$/.test(value)) return Number(value);
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return { problem: `${where} must be epoch milliseconds or an ISO 8601 date.` };
}

/** `task_type` values of both families (SDK `JobBaseInfo.task_type`, `CreateJobReq.task_type`). */
export const taskTypes = ["FULL_TRANS", "FULL_INCR_TRANS", "INCR_TRANS"] as const;
/** `job_direction` values of both families. */
export const jobDirections = ["up", "down", "non-dbs"] as const;
/** `net_type` values of both families. */
export const netTypes = ["eip", "vpc", "vpn"] as const;
