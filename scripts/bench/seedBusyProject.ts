import {
  defaultEmulatorCredentials,
  seedCrowd,
  type EmulatorCall,
  type HuaweiEmulator,
} from "../../emulator";
import { requestKind } from "./countRequests";
import type { BenchOptions } from "./benchOptions";

/**
 * Fills the project with the busy-project jobs of `options` (`--busy-dli`, `--busy-drs`; the DRS
 * ones split between v5 and v3) and returns their ids. Seeded after the stack's jobs: DLI lists
 * the newest first, so the stack's jobs sit behind all the others, the worst case for a walk of
 * the list (a stack adopting older jobs). The DLI crowd of an earlier strategy (`earlier`) is
 * deleted first, so that every strategy faces a project of the same size.
 */
export function seedBusyProject(
  emulator: HuaweiEmulator,
  options: BenchOptions,
  earlier: ReadonlySet<string>,
): Set<string> {
  const { projectId } = defaultEmulatorCredentials;
  for (const id of earlier) {
    const job = emulator.dli.store.find(projectId, id);
    if (job !== undefined) emulator.dli.store.delete(job);
  }
  const before = new Set([...allDrs(emulator), ...allDli(emulator)]);
  const drsV5 = Math.ceil(options.busyDrs / 2);
  seedCrowd(emulator, projectId, { dli: options.busyDli, drsV5, drsV3: options.busyDrs - drsV5 });
  return new Set([...allDrs(emulator), ...allDli(emulator)].filter((id) => !before.has(id)));
}

function allDrs(emulator: HuaweiEmulator): string[] {
  return emulator.store.all().map((job) => job.id);
}

function allDli(emulator: HuaweiEmulator): string[] {
  return emulator.dli.store.all().map((job) => job.id);
}

/** Problems: a stop or delete call that named a job of the busy project's crowd. */
export function touchedCrowd(calls: readonly EmulatorCall[], crowd: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const call of calls) {
    const kind = requestKind(call);
    if (kind !== "stops" && kind !== "deletes") continue;
    for (const id of Object.keys(call.jobStatusBefore))
      if (crowd.has(id)) problems.push(`a ${kind.slice(0, -1)} call named ${id} of the busy project`);
  }
  return problems;
}
