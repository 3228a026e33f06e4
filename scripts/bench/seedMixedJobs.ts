import {
  defaultEmulatorCredentials,
  type EmulatedDliJob,
  type EmulatedDrsJob,
  type HuaweiEmulator,
} from "../../emulator";

/** One mixed set of running jobs, by family. */
export interface MixedJobs {
  /** DRS v5 jobs, alternating between the delete-many (`mysql`) and delete-one (`mysql-to-kafka`) engine pairs. */
  readonly drsV5: readonly EmulatedDrsJob[];
  readonly drsV3: readonly EmulatedDrsJob[];
  readonly dli: readonly EmulatedDliJob[];
}

/**
 * Seeds `n` running jobs, a third of each family in turn (v5, v3, DLI, v5, ...), named after
 * `prefix` so that the two strategies' sets are told apart in the emulator's records.
 */
export function seedMixedJobs(emulator: HuaweiEmulator, n: number, prefix: string): MixedJobs {
  const { projectId } = defaultEmulatorCredentials;
  const drsV5: EmulatedDrsJob[] = [];
  const drsV3: EmulatedDrsJob[] = [];
  const dli: EmulatedDliJob[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${prefix}-${i + 1}`;
    if (i % 3 === 0) {
      const engineType = drsV5.length % 2 === 0 ? "mysql" : "mysql-to-kafka";
      drsV5.push(emulator.seed({ projectId, name, status: "INCRE_TRANSFER_STARTED", engineType }));
    } else if (i % 3 === 1) {
      drsV3.push(emulator.seed({ projectId, name, status: "INCRE_TRANSFER_STARTED", family: "v3" }));
    } else {
      dli.push(emulator.dli.seed({ projectId, name, status: "job_running" }));
    }
  }
  return { drsV5, drsV3, dli };
}

/** Every job id of the set. */
export function allJobIds(jobs: MixedJobs): string[] {
  return [...jobs.drsV5, ...jobs.drsV3, ...jobs.dli].map((job) => job.id);
}
