import type { z } from "zod";

/** A request our own code was about to send does not have the documented shape; nothing was sent. */
export class InvalidRequestError extends Error {
  constructor(
    readonly api: string,
    readonly problems: string,
  ) {
    super(`${api} request is invalid (nothing was sent): ${problems}`);
    this.name = "InvalidRequestError";
  }
}

/**
 * Checks a request body against its schema before it is sent, so that a vendor limit (a name
 * length, a page size) fails here with the field named rather than as a vague HTTP 400.
 */
export function validateRequest<S extends z.ZodType>(api: string, schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join(".") : "(body)"}: ${i.message}`)
    .join("; ");
  throw new InvalidRequestError(api, problems);
}
