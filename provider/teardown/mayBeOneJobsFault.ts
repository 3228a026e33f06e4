import { isAuthFailure } from "../http/authFailure";
import { HuaweiApiError } from "../http/HuaweiApiError";

// Throttling says nothing about any job: the whole call was too early.
const throttleCodes: ReadonlySet<string> = new Set(["APIG.0308", "APIGW.0308", "DRS.M01503"]);

/**
 * Whether a batch call the service refused as a whole may have been refused because of one of
 * its jobs (a job gone, busy, or in a status the call does not accept), so that asking for each
 * job on its own gives every other job its own answer. Not for auth failures (fail fast, never
 * repeat), throttling, gateway errors (`APIG.*`: the API, not a job), 5xx or lost answers (the
 * transport already retried those, and the next read retries again).
 */
export function mayBeOneJobsFault(error: unknown): boolean {
  if (!(error instanceof HuaweiApiError)) return false;
  if (error.httpStatus < 400 || error.httpStatus >= 500 || error.httpStatus === 429) return false;
  if (isAuthFailure(error)) return false;
  const code = error.errorCode ?? "";
  return !throttleCodes.has(code) && !/^APIGW?\./.test(code);
}
