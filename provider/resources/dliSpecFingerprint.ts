import { createHash } from "node:crypto";
import { dliJarJobFixedFields, dliSqlJobFixedFields } from "../dli/dliSchemas";
import type { DliFlinkJobInputs } from "./dliFlinkJobSchemas";

/** How a DliFlinkJob came to be: adopted by id, or created from a SQL or Jar spec. */
export type DliOrigin = "adopted" | "sql" | "jar";

/** The origin the inputs ask for. */
export function dliOrigin(inputs: DliFlinkJobInputs): DliOrigin {
  return inputs.sql !== undefined ? "sql" : inputs.jar !== undefined ? "jar" : "adopted";
}

const sha256 = (value: unknown): string =>
  createHash("sha256")
    .update(JSON.stringify(value ?? null))
    .digest("hex");

/** sha256 of the whole create spec: tells that something in it changed. */
export function dliSpecHash(inputs: DliFlinkJobInputs): string | undefined {
  const spec = inputs.sql ?? inputs.jar;
  return spec === undefined ? undefined : sha256(spec);
}

/**
 * One sha256 per spec field that DLI cannot change in place (see `dliSqlJobFixedFields`), so
 * that a diff can tell an in-place change from one that needs a new job and name the field. Only
 * these fields get a hash of their own: a hash of a single short field such as a password-bearing
 * `runtime_config` would be easy to guess, while job types and tags are no secrets.
 */
export function dliFixedSpecHashes(inputs: DliFlinkJobInputs): Record<string, string> | undefined {
  const spec: Record<string, unknown> | undefined = inputs.sql ?? inputs.jar;
  if (spec === undefined) return undefined;
  const fields: readonly string[] = inputs.sql !== undefined ? dliSqlJobFixedFields : dliJarJobFixedFields;
  return Object.fromEntries(fields.map((field) => [field, sha256(spec[field])]));
}

/** The fixed fields whose hash differs, as `sql.job_type`; every one when the old hashes are unknown. */
export function changedFixedFields(
  origin: "sql" | "jar",
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): string[] {
  return Object.keys(after)
    .filter((field) => before[field] !== after[field])
    .map((field) => `${origin}.${field}`);
}
