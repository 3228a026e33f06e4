import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { unknownSentinel } from "./inputTypes";

/** Resource properties as the dynamic-provider host hands them over. */
export type Props = Record<string, unknown>;

/** The user's inputs without the serialized provider the host adds to them. */
export function userInputs(news: Props): Props {
  const { __provider, ...rest } = news;
  return rest;
}

/**
 * A progress line writer for one resource. The engine never tells a dynamic provider the
 * resource's name, so it travels as an input; the host's stderr is shown in the `pulumi` output.
 */
export function progress(kind: string, resourceName: string, jobId: string): (message: string) => void {
  return (message) => process.stderr.write(`[${kind} ${resourceName} ${jobId}] ${message}\n`);
}

/**
 * `check` for a zod input schema: every failure is reported with its property path. During
 * preview an input may still be the unknown placeholder; such a field is judged once known.
 */
export function checkInputs(schema: z.ZodType, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const parsed = schema.safeParse(userInputs(news));
  if (parsed.success) return Promise.resolve({ inputs: news });
  const failures = parsed.error.issues
    .filter((issue) => issue.path.length === 0 || !containsUnknown(news[String(issue.path[0])]))
    .map((issue) => ({
      property: issue.path.map(String).join(".") || "(inputs)",
      reason: issue.message,
    }));
  return Promise.resolve(failures.length > 0 ? { failures } : { inputs: news });
}

function containsUnknown(value: unknown): boolean {
  if (value === unknownSentinel) return true;
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

/** Parses inputs that `check` already accepted; a failure here names every bad property. */
export function parseInputs<S extends z.ZodType>(kind: string, schema: S, news: Props): z.infer<S> {
  const parsed = schema.safeParse(userInputs(news));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((i) => `${i.path.join(".") || "(inputs)"}: ${i.message}`)
    .join("; ");
  throw new Error(`Invalid ${kind} inputs: ${problems}`);
}

/** Removes `undefined` values, which the host cannot send to the engine ("Unexpected struct type"). */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `12_345` → `12.3s`, for the final summary line. */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

/** The error for stored outputs of a shape this release does not know (written by a newer one). */
export function unreadableOutputs(kind: string, props: Props, details: string): Error {
  return new Error(
    `These ${kind} outputs (schemaVersion ${JSON.stringify(props["schemaVersion"])}) are not understood by this release of pulumi-huaweicloud-jobs; upgrade the package. Details: ${details}`,
  );
}
