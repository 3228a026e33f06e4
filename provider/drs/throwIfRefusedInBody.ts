import { HuaweiApiError } from "../http/HuaweiApiError";

/** The part of a DRS v5 single-job answer that says whether the call was refused. */
export interface V5OutcomeInBody {
  readonly status?: string | undefined;
  readonly error_code?: string | undefined;
  readonly error_msg?: string | undefined;
}

/**
 * Throws the refusal that some DRS v5 single-job calls (stop-one, update) return inside an HTTP
 * 200 body, as the SDK models them: status `failed` (any case), or an `error_code` without a
 * status. Treating that 200 as success would report a stop or an update that never happened.
 */
export function throwIfRefusedInBody(api: string, answer: V5OutcomeInBody): void {
  if (answer.status?.toLowerCase() === "failed" || answer.error_code !== undefined) {
    throw new HuaweiApiError({
      api,
      httpStatus: 200,
      ...(answer.error_code === undefined ? {} : { errorCode: answer.error_code }),
      ...(answer.error_msg === undefined ? {} : { errorMessage: answer.error_msg }),
    });
  }
}
