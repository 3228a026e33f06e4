import { Agent, request } from "undici";
import { HuaweiApiError } from "./HuaweiApiError";

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
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Whether sending the request twice is harmless; only such requests are retried. */
  readonly idempotent: boolean;
  /** Per-attempt timeout (default 30 s). */
  readonly timeoutMs?: number | undefined;
  /** Give up retrying after this instant (epoch ms). */
  readonly deadline?: number | undefined;
}

/** A 2xx answer. */
export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
  readonly requestId?: string;
}

// One keep-alive pool for the whole provider process: every delete of a `pulumi destroy` runs in
// the same process, so they share connections.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 32 });

const maxAttempts = 6;
const baseDelayMs = 250;
const maxDelayMs = 8_000;

/** Vendor codes meaning "too busy / too often, try again later". */
const retryableCodes = new Set(["APIG.0308", "APIGW.0308", "DRS.M01503"]);

/**
 * Sends a JSON request and returns the parsed 2xx answer. Throws {@link HuaweiApiError} for
 * any other answer. Idempotent requests are retried on 429, 5xx, throttle codes and network
 * errors, with exponential backoff and full jitter, never past `deadline`; auth failures are
 * never retried (five bad signatures in a row lock an access key).
 */
export async function requestJson(req: JsonRequest): Promise<JsonResponse> {
  const url = buildUrl(req);
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const headers: Record<string, string> = { accept: "application/json", ...req.headers };
  if (payload !== undefined) headers["content-type"] = "application/json";

  for (let attempt = 1; ; attempt++) {
    let error: HuaweiApiError;
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body: payload ?? null,
        dispatcher: agent,
        headersTimeout: req.timeoutMs ?? 30_000,
        bodyTimeout: req.timeoutMs ?? 30_000,
      });
      const text = await res.body.text();
      const requestId = headerValue(res.headers["x-request-id"]);
      const parsed = parseJson(text);
      if (res.statusCode >= 200 && res.statusCode < 300) {
        return requestId === undefined
          ? { status: res.statusCode, body: parsed }
          : { status: res.statusCode, body: parsed, requestId };
      }
      error = new HuaweiApiError({
        api: req.api,
        httpStatus: res.statusCode,
        ...vendorError(parsed),
        ...(requestId === undefined ? {} : { requestId }),
      });
    } catch (cause) {
      error = new HuaweiApiError(
        { api: req.api, httpStatus: 0, errorMessage: cause instanceof Error ? cause.message : String(cause) },
        { cause },
      );
    }
    const delay = Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    const deadline = req.deadline ?? Number.POSITIVE_INFINITY;
    if (!req.idempotent || !isRetryable(error) || attempt >= maxAttempts || Date.now() + delay > deadline) {
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Whether a failed call is worth sending again. */
export function isRetryable(error: HuaweiApiError): boolean {
  if (error.httpStatus === 401 || error.httpStatus === 403) return false;
  if (error.errorCode !== undefined && retryableCodes.has(error.errorCode)) return true;
  return error.httpStatus === 0 || error.httpStatus === 429 || error.httpStatus >= 500;
}

function buildUrl(req: JsonRequest): URL {
  const url = new URL(req.path, req.endpoint);
  for (const [key, value] of Object.entries(req.query ?? {})) url.searchParams.set(key, value);
  return url;
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
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

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
