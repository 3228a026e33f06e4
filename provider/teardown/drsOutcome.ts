import { isBatchSuccess, isDrsNotFound } from "../drs/drsErrors";
import { HuaweiApiError } from "../http/HuaweiApiError";
import { busyCodes } from "../http/requestJson";
import type { ActionOutcome } from "./JobDriver";
import { mayBeOneJobsFault } from "./mayBeOneJobsFault";

/** One job's entry of a DRS batch answer (v3 or v5). */
interface DrsEntry {
  readonly status: string;
  readonly error_code?: string | undefined;
  readonly error_msg?: string | undefined;
}

/**
 * What one job's entry of a DRS stop or delete batch answer means. A job without an entry is
 * "retry later": the answer said nothing about it, so it is read and asked again, never assumed.
 */
export function drsEntryOutcome(entry: DrsEntry | undefined): ActionOutcome {
  if (entry === undefined) return { kind: "retryLater", detail: "no entry for the job in the batch answer" };
  if (isBatchSuccess(entry)) return { kind: "accepted" };
  if (isDrsNotFound(entry.error_code, entry.error_msg)) return { kind: "gone" };
  const detail = [entry.error_code, entry.error_msg].filter(Boolean).join(": ") || `status ${entry.status}`;
  if (entry.error_code !== undefined && busyCodes.has(entry.error_code))
    return { kind: "retryLater", detail };
  return { kind: "refused", detail };
}

/** What a failed single-job DRS call means for teardown; errors that mean neither are rethrown. */
export function drsErrorOutcome(error: unknown): ActionOutcome {
  if (!(error instanceof HuaweiApiError)) throw error;
  if (isDrsNotFound(error.errorCode, error.errorMessage)) return { kind: "gone" };
  const detail =
    [error.errorCode, error.errorMessage].filter(Boolean).join(": ") || `HTTP ${error.httpStatus}`;
  if (error.errorCode !== undefined && busyCodes.has(error.errorCode)) return { kind: "retryLater", detail };
  if (error.httpStatus === 400) return { kind: "refused", detail };
  throw error;
}

/**
 * Sends a DRS stop or delete batch and maps each job's entry to its outcome (matched by id). A
 * call refused as a whole is, when it carried one job, that job's answer; for several jobs it is
 * rethrown, and the batcher asks for each job on its own.
 */
export async function drsBatchOutcomes(
  jobIds: readonly string[],
  send: () => Promise<ReadonlyMap<string, DrsEntry>>,
): Promise<ActionOutcome[]> {
  try {
    const answer = await send();
    return jobIds.map((id) => drsEntryOutcome(answer.get(id)));
  } catch (error) {
    if (jobIds.length !== 1 || !mayBeOneJobsFault(error)) throw error;
    return [drsErrorOutcome(error)];
  }
}
