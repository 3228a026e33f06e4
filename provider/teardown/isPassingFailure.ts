import { HuaweiApiError } from "../http/HuaweiApiError";
import { isRetryable } from "../http/requestJson";

/**
 * Whether a call that failed after the transport's own retries failed for a passing reason (an
 * outage, a throttle storm, no answer): then the teardown reads again next round instead of
 * ending, until its deadline.
 */
export function isPassingFailure(error: unknown): boolean {
  return error instanceof HuaweiApiError && isRetryable(error);
}
