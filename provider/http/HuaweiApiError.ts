/** What an API call failed with, as far as the vendor told us. No credential is ever kept here. */
export interface HuaweiApiErrorDetails {
  /** Short name of the API, for example `DRS v5 batch-stop`. */
  readonly api: string;
  /** HTTP status, or 0 when no answer arrived (network error, timeout). */
  readonly httpStatus: number;
  /** The vendor's `error_code`, for example `DRS.10000010`, when the answer had one. */
  readonly errorCode?: string;
  /** The vendor's `error_msg`, when the answer had one. */
  readonly errorMessage?: string;
  /** The gateway's request id (`X-Request-Id`), to quote to vendor support. */
  readonly requestId?: string;
}

/** A failed call to a Huawei Cloud API: carries the HTTP status, vendor error code and request id. */
export class HuaweiApiError extends Error implements HuaweiApiErrorDetails {
  readonly api: string;
  readonly httpStatus: number;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestId?: string;

  constructor(details: HuaweiApiErrorDetails, options?: { cause?: unknown }) {
    const parts = [
      `${details.api} failed`,
      details.httpStatus > 0 ? `HTTP ${details.httpStatus}` : "no answer",
      details.errorCode,
      details.errorMessage,
      details.requestId === undefined ? undefined : `request id ${details.requestId}`,
    ].filter((p): p is string => p !== undefined && p !== "");
    super(parts.join(": "), options);
    this.name = "HuaweiApiError";
    this.api = details.api;
    this.httpStatus = details.httpStatus;
    if (details.errorCode !== undefined) this.errorCode = details.errorCode;
    if (details.errorMessage !== undefined) this.errorMessage = details.errorMessage;
    if (details.requestId !== undefined) this.requestId = details.requestId;
  }
}

/** An answer that arrived but does not have the documented shape. */
export class UnexpectedAnswerError extends Error {
  constructor(
    readonly api: string,
    readonly problems: string,
  ) {
    super(`${api} answered in an unexpected shape: ${problems}`);
    this.name = "UnexpectedAnswerError";
  }
}
