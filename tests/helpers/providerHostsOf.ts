import { readdirSync, readFileSync } from "node:fs";
import { isDynamicProviderCommand } from "../../scripts/bench/watchPeakMemory";

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    // Gone between listing and reading, or not ours to read.
    return undefined;
  }
}

/**
 * Pids of the dynamic-provider host processes started for the stack whose local backend lives in
 * `stateDir` (found in their environment, which only this test's CLI runs carry); with `anyKind`,
 * every such process (the language host a killed CLI leaves behind too). Linux only (reads
 * /proc); elsewhere the list is empty.
 */
export function providerHostsOf(stateDir: string, anyKind = false): number[] {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return pids
    .filter((pid) => {
      const argv = (readText(`/proc/${pid}/cmdline`) ?? "").split("\0").filter(Boolean);
      return (
        (anyKind || isDynamicProviderCommand(argv)) &&
        (readText(`/proc/${pid}/environ`) ?? "").split("\0").includes(`PULUMI_BACKEND_URL=file://${stateDir}`)
      );
    })
    .map(Number);
}
