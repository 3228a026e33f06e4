import { z } from "zod";

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

/** A duration input (`"90s"`, `"30m"`, a number of seconds) between two bounds, as milliseconds. */
export const duration = (what: string, minMs: number, maxMs: number) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined || ms < minMs || ms > maxMs) {
      ctx.addIssue({
        code: "custom",
        message: `${what} must be a duration such as "90s", "30m" or "2h" (or a number of seconds) between ${minMs / 1000}s and ${maxMs / 3_600_000}h; got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    }
    return ms;
  });

/** Inputs every job resource shares: where the job is and how long teardown may take. */
export const commonJobInputs = {
  resourceName: z.string().min(1),
  region: z.string().trim().min(1).optional(),
  projectId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,64}$/, "must be a project id (letters, digits, dashes)")
    .optional(),
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  deleteTimeout: duration("deleteTimeout", 1_000, 48 * 3_600_000).optional(),
  pollInterval: duration("pollInterval", 100, 3_600_000).optional(),
};

/** Default `deleteTimeout`: a DRS stop usually takes minutes; the Terraform provider allows 30. */
export const defaultDeleteTimeoutMs = 30 * 60_000;
/** Default longest pause between two status reads. */
export const defaultPollIntervalMs = 10_000;
