import { HuaweiApiError } from "./HuaweiApiError";

/**
 * Vendor codes of failed authentication or authorisation: the gateway's bad credentials, DRS's
 * bad token, missing permission and bad project, DLI's auth failures. Such a call is never sent
 * again by itself: five bad AK/SK signatures in a row lock the key for five minutes.
 */
export const authFailureCodes: ReadonlySet<string> = new Set([
  "APIG.0301",
  "APIGW.0301",
  "DRS.M00100",
  "DRS.M00102",
  "DRS.M00103",
  "DRS.M00261",
  "DLI.0013",
  "DLI.0014",
  "DLI.0015",
]);

/** Whether a failed call was refused for its credentials (HTTP 401/403 or an auth code). */
export function isAuthFailure(error: unknown): boolean {
  if (!(error instanceof HuaweiApiError)) return false;
  if (error.httpStatus === 401 || error.httpStatus === 403) return true;
  return error.errorCode !== undefined && authFailureCodes.has(error.errorCode);
}
