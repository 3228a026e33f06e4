import { Agent, request } from "undici";
import type { Authenticator } from "./ApiConnection";
import { isAuthFailure } from "./authFailure";
import { HuaweiApiError } from "./HuaweiApiError";
import { parseJson, stringifyJson } from "./losslessJson";

/** One JSON call to a vendor API. */
export interface JsonRequest {
  /** Short name of the API for errors and logs, for example `DRS v5 job detail`. */
  readonly api: string;
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** Base URL such as `https://drs.ap-southeast-1.myhuaweicloud.com`. */
  readonly endpoint: string;
  /** Path starting with `/`, already escaped. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as JSON; see {@link jsonInteger} for 64-bit ids. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Adds credentials to each attempt. */
  readonly auth?: Authenticator | undefined;
  /** Whether sending the request twice is harmless; only such requests are retried. */
  readonly idempotent: boolean;
  /** Awaited right before every attempt; a throw ends the request unsent. */
  readonly beforeAttempt?: (() => Promise<void>) | undefined;
  /** Per-attempt timeout (default 30 s). */
  readonly timeoutMs?: number | undefined;
  /** Give up retrying after this instant (epoch ms). */
  readonly deadline?: number | undefined;
}

/** A 2xx answer. */
export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId?: string;
}

// One keep-alive pool for the whole provider process: every delete of a `pulumi destroy` runs in
// the same process, so they share connections.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 32 });

/** How often and how patiently failed calls are sent again. */
export const retryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  /** A server's `Retry-After` is honoured up to this long. */
  maxRetryAfterMs: 30_000,
};

/** Vendor codes meaning "too busy / too often, try again later", for a call or one job's entry. */
export const busyCodes: ReadonlySet<string> = new Set([
  "APIG.0308",
  "APIGW.0308",
  "DRS.M01503",
  "DRS.M01504",
]);

/**
 * Sends a JSON request and returns the parsed 2xx answer. Throws {@link HuaweiApiError} for
 * any other answer. Idempotent requests are retried on 429, 5xx, throttle codes and network
 * errors, with exponential backoff and full jitter, never past `deadline`. An HTTP 401 gets one
 * more attempt only when the authenticator could refresh its token; other auth failures are
 * never retried (five bad signatures in a row lock an access key).
 */
export async function requestJson(req: JsonRequest): Promise<JsonResponse> {
  const url = buildUrl(req);
  const payload = req.body === undefined ? "" : stringifyJson(req.body);
  const baseHeaders: Record<string, string> = { accept: "application/json" };
  for (const [name, value] of Object.entries(req.headers ?? {})) baseHeaders[name.toLowerCase()] = value;
  if (payload !== "") baseHeaders["content-type"] = "application/json";
  let refreshed = false;

  for (let attempt = 1; ; attempt++) {
    let error: HuaweiApiError;
    let retryAfterMs: number | undefined;
    await req.beforeAttempt?.();
    try {
      const authHeaders = req.auth
        ? await req.auth.authorize({ method: req.method, url, headers: baseHeaders, body: payload })
        : {};
      const res = await request(url, {
        method: req.method,
        headers: { ...baseHeaders, ...authHeaders },
        body: payload === "" ? null : payload,
        dispatcher: agent,
        headersTimeout: req.timeoutMs ?? 30_000,
        bodyTimeout: req.timeoutMs ?? 30_000,
      });
      const text = await res.body.text();
      const headers = flatHeaders(res.headers);
      const requestId = headers["x-request-id"];
      const parsed = parseJson(text);
      if (res.statusCode >= 200 && res.statusCode < 300) {
        return requestId === undefined
          ? { status: res.statusCode, body: parsed, headers }
          : { status: res.statusCode, body: parsed, headers, requestId };
      }
      error = new HuaweiApiError({
        api: req.api,
        httpStatus: res.statusCode,
        ...vendorError(parsed),
        ...(requestId === undefined ? {} : { requestId }),
      });
      retryAfterMs = parseRetryAfter(headers["retry-after"]);
    } catch (cause) {
      if (cause instanceof HuaweiApiError) throw cause;
      error = new HuaweiApiError(
        { api: req.api, httpStatus: 0, errorMessage: cause instanceof Error ? cause.message : String(cause) },
        { cause },
      );
    }
    const deadline = req.deadline ?? Number.POSITIVE_INFINITY;
    if (error.httpStatus === 401 && !refreshed && req.auth?.refresh) {
      // The gateway rejected the credential before the service saw the request, so sending it
      // again is safe even for a create.
      refreshed = true;
      if (await req.auth.refresh()) continue;
    }
    const delay =
      retryAfterMs ??
      Math.random() * Math.min(retryPolicy.maxDelayMs, retryPolicy.baseDelayMs * 2 ** (attempt - 1));
    if (
      !req.idempotent ||
      !isRetryable(error) ||
      attempt >= retryPolicy.maxAttempts ||
      Date.now() + delay > deadline
    ) {
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Whether a failed call is worth sending again. */
export function isRetryable(error: HuaweiApiError): boolean {
  if (isAuthFailure(error)) return false;
  if (error.errorCode !== undefined && busyCodes.has(error.errorCode)) return true;
  return error.httpStatus === 0 || error.httpStatus === 429 || error.httpStatus >= 500;
}

function buildUrl(req: JsonRequest): URL {
  const url = new URL(req.path, req.endpoint);
  for (const [key, value] of Object.entries(req.query ?? {})) url.searchParams.set(key, value);
  return url;
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1_000 : Date.parse(value) - Date.now();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), retryPolicy.maxRetryAfterMs);
}

function vendorError(body: unknown): { errorCode?: string; errorMessage?: string } {
  if (typeof body !== "object" || body === null) return {};
  const record = body as Record<string, unknown>;
  const out: { errorCode?: string; errorMessage?: string } = {};
  if (typeof record["error_code"] === "string") out.errorCode = record["error_code"];
  const msg = record["error_msg"] ?? record["error_message"];
  if (typeof msg === "string") out.errorMessage = msg;
  return out;
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
