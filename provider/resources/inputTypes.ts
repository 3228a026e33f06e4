import { z } from "zod";
import { isLoopbackUrl, isRegionName, regionRule } from "../config/resolveConnection";

/** The engine's placeholder for "not known until apply" (preview of a computed input). */
export const unknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const durationText = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** `"90s"`, `"30m"`, `"1.5h"`, `"500ms"` or a number of seconds → milliseconds. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? value * 1_000 : undefined;
  const match = durationText.exec(value.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * unitMs[(match[2] ?? "s") as keyof typeof unitMs];
  return ms > 0 ? ms : undefined;
}

/**
 * A duration input (`"90s"`, `"30m"`, a number of seconds) between two bounds, as milliseconds.
 * Any other value (a boolean, NaN, Infinity) gets the same message, which says what is allowed.
 */
export const duration = (what: string, minMs: number, maxMs: number) =>
  z.unknown().transform((value, ctx) => {
    const ms = typeof value === "string" || typeof value === "number" ? parseDuration(value) : undefined;
    if (ms === undefined || ms < minMs || ms > maxMs) {
      ctx.addIssue({
        code: "custom",
        message: `${what} must be a duration such as "90s", "30m" or "2h" (or a number of seconds) between ${minMs / 1000}s and ${maxMs / 3_600_000}h; got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    }
    return ms;
  });

const endpointRule = "must be an https:// URL (plain http:// only to localhost, 127.0.0.0/8 or [::1])";

/**
 * A service endpoint input: https, or plain http to this machine only, refused here already so
 * that `pulumi preview` names the property. No user name or password in the URL: inputs are
 * stored in the state as plain text, and credentials have their own (secret) settings.
 */
const endpointInput = z.string().superRefine((text, ctx) => {
  let url: URL | undefined;
  try {
    url = text === text.trim() ? new URL(text) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || !(url.protocol === "https:" || (url.protocol === "http:" && isLoopbackUrl(url)))) {
    // The value is not repeated: it may hold a user name and password (the engine shows a failing
    // property's value itself, but the provider's own messages stay clean).
    ctx.addIssue({ code: "custom", message: endpointRule });
  } else if (url.username !== "" || url.password !== "") {
    ctx.addIssue({
      code: "custom",
      message:
        "must not contain a user name or password: set credentials in the stack config or the environment",
    });
  }
});

/** Inputs every job resource shares: where the job is and how long teardown may take. */
export const commonJobInputs = {
  resourceName: z.string().min(1),
  region: z.string().refine(isRegionName, `must be ${regionRule}`).optional(),
  projectId: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, "must be a project id (1-64 letters, digits and dashes, no spaces)")
    .optional(),
  endpoint: endpointInput.optional(),
  deleteTimeout: duration("deleteTimeout", 1_000, 48 * 3_600_000).optional(),
  pollInterval: duration("pollInterval", 100, 3_600_000).optional(),
};

/** Default `deleteTimeout`: a DRS stop usually takes minutes; the Terraform provider allows 30. */
export const defaultDeleteTimeoutMs = 30 * 60_000;
/** Default longest pause between two status reads. */
export const defaultPollIntervalMs = 10_000;
