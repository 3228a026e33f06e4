import { readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import type { StateSize } from "./StrategyResult";

interface StateResource {
  readonly type: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** Finds `<stack>.json` below the file backend's `.pulumi/stacks`. */
function findStateFile(dir: string, stack: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findStateFile(full, stack);
      if (found !== undefined) return found;
    } else if (entry.name === `${stack}.json`) return full;
  }
  return undefined;
}

/**
 * The size of a stack's state on the file backend in `stateDir`, and what one job resource of it
 * costs: the CLI rewrites the whole file before and after every resource operation, so this is
 * the number that grows a destroy's time with N. `undefined` when no state file is found.
 */
export function measureStateSize(stateDir: string, stack: string): StateSize | undefined {
  const file = findStateFile(path.join(stateDir, ".pulumi", "stacks"), stack);
  if (file === undefined) return undefined;
  const state = JSON.parse(readFileSync(file, "utf8")) as {
    checkpoint?: { latest?: { resources?: StateResource[] } };
  };
  const resources = state.checkpoint?.latest?.resources ?? [];
  const jobs = resources.filter((r) => /:(DrsJob|DliFlinkJob)(:Resource)?$/.test(r.type));
  const bytes = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));
  const mean = (values: number[]) =>
    values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
  return {
    fileBytes: statSync(file).size,
    resources: resources.length,
    bytesPerJobResource: Math.round(mean(jobs.map(bytes))),
    providerBytesPerJobResource: Math.round(
      mean(jobs.map((r) => bytes(r.inputs?.["__provider"]) + bytes(r.outputs?.["__provider"]))),
    ),
  };
}
