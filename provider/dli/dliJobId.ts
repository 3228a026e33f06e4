import { jsonInteger } from "../http/losslessJson";

/** The largest DLI job id: a Java `long`, 2^63 - 1. */
export const maxDliJobId = 9223372036854775807n;

// No sign, no leading zero: one canonical spelling per id, so that ids compare as strings.
const canonicalPositive = /^[1-9]\d*$/;

/** Whether `value` is a DLI job id in our canonical form: positive decimal digits, at most 2^63 - 1. */
export function isDliJobId(value: unknown): value is string {
  return typeof value === "string" && canonicalPositive.test(value) && BigInt(value) <= maxDliJobId;
}

/** Returns `value` when it is a valid DLI job id (see {@link isDliJobId}); throws a `RangeError` otherwise. */
export function checkDliJobId(value: unknown): string {
  if (isDliJobId(value)) return value;
  const shown = typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value;
  throw new RangeError(
    `DLI job id ${shown} is not a positive decimal integer of at most ${maxDliJobId} without leading zeros`,
  );
}

/**
 * The JSON number to put in a request body for a DLI job id, exact beyond 2^53 (written by
 * `stringifyJson`). Throws a `RangeError` for an invalid id.
 */
export function dliJobIdToJson(id: string): unknown {
  return jsonInteger(checkDliJobId(id));
}
