import { crowdSize } from "./emulatorStrictness";
import type { EmulatedDrsJob, SeedDrsJob } from "./DrsJobStore";
import type { DliJobStatus, EmulatedDliJob, SeedDliJob } from "./DliJobStore";

/** What {@link seedCrowd} needs of an emulator. */
export interface CrowdTarget {
  /** Seeds a DRS job. */
  seed(spec: SeedDrsJob): EmulatedDrsJob;
  /** The DLI service, which seeds DLI jobs. */
  readonly dli: { seed(spec: SeedDliJob): EmulatedDliJob };
}

const dliStatuses: readonly DliJobStatus[] = ["job_running", "job_cancel_success", "job_init", "job_finish"];
const drsStatuses = ["INCRE_TRANSFER_STARTED", "RELEASE_RESOURCE_COMPLETE", "PAUSING"] as const;

/** How many unrelated jobs {@link seedCrowd} adds, by family. */
export interface CrowdCounts {
  /** DLI Flink jobs. */
  readonly dli: number;
  /** DRS jobs of the v5 API. */
  readonly drsV5: number;
  /** DRS jobs of the v3 API. */
  readonly drsV3: number;
}

/**
 * Fills a project with jobs nobody asked about ({@link crowdSize} unless `counts` says otherwise,
 * as the bench's busy project does): a real project holds many, so list reads page, and a client
 * must never touch one of them.
 */
export function seedCrowd(target: CrowdTarget, projectId: string, counts: CrowdCounts = crowdSize): void {
  for (let i = 0; i < counts.dli; i++) {
    target.dli.seed({
      projectId,
      name: `crowd-flink-${i}`,
      status: dliStatuses[i % dliStatuses.length] ?? "job_running",
    });
  }
  const drs = (family: "v3" | "v5", count: number) => {
    for (let i = 0; i < count; i++) {
      target.seed({
        projectId,
        family,
        name: `crowd-${family}-${i}`,
        jobType: i % 3 === 0 ? "migration" : "sync",
        status: drsStatuses[i % drsStatuses.length] ?? "INCRE_TRANSFER_STARTED",
      });
    }
  };
  drs("v5", counts.drsV5);
  drs("v3", counts.drsV3);
}
