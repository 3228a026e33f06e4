import type { z } from "zod";
import type { ApiConnection } from "./ApiConnection";
import { UnexpectedAnswerError } from "./HuaweiApiError";
import { requestJson, type JsonRequest } from "./requestJson";

/** One call of a vendor API, relative to a connection. */
export interface ApiCall {
  /** Short name for errors and logs, for example `DRS v3 batch-status`. */
  readonly api: string;
  readonly method: JsonRequest["method"];
  /** Path after the endpoint, starting with `/`; segments already escaped. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Whether sending it twice is harmless; only such calls are retried. */
  readonly idempotent: boolean;
  readonly timeoutMs?: number;
}

/**
 * Sends `call` over `conn` and validates the 2xx answer with `schema`. A vendor error becomes a
 * {@link HuaweiApiError}; an answer of the wrong shape an {@link UnexpectedAnswerError} naming the
 * API and the fields.
 */
export async function callApi<S extends z.ZodType>(
  conn: ApiConnection,
  call: ApiCall,
  schema: S,
): Promise<z.infer<S>> {
  const res = await requestJson({
    ...call,
    endpoint: conn.endpoint,
    auth: conn.auth,
    deadline: conn.deadline,
    beforeAttempt: call.method === "GET" ? undefined : conn.beforeSend,
  });
  return parseAnswer(call.api, schema, res.body);
}

/** Validates an answer body; throws {@link UnexpectedAnswerError} listing every bad field. */
export function parseAnswer<S extends z.ZodType>(api: string, schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join(".") : "(answer)"}: ${i.message}`)
    .join("; ");
  throw new UnexpectedAnswerError(api, problems);
}

/** Escapes one path segment (a project or job id) for a URL path. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
