import { randomUUID } from "node:crypto";

/** A DRS job as the emulator keeps it. */
export interface EmulatedDrsJob {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  /** Engine pair, for example `mysql` (MySQL to MySQL). */
  readonly engineType: string;
  readonly jobType: "migration" | "sync" | "cloudDataGuard";
  status: string;
  /** Set once DRS has forgotten the job: every call then answers "does not exist". */
  removed: boolean;
  /** A status change that happens by itself at a given time (a stop finishing, say). */
  pending: { status: string; at: number } | undefined;
  /** Every status the job had, with when (ms since the emulator's clock started). */
  readonly history: { status: string; at: number }[];
}

/** What a test or the demo may say about a job it seeds. */
export interface SeedDrsJob {
  id?: string;
  projectId: string;
  name?: string;
  engineType?: string;
  jobType?: EmulatedDrsJob["jobType"];
  status?: string;
}

/** Timing of the emulated service. */
export interface DrsTiming {
  /** How long a stop stays in RELEASE_RESOURCE_STARTED before RELEASE_RESOURCE_COMPLETE. */
  stopMs: number;
  /** How long a deleted job still answers with status DELETED before it is forgotten. */
  deletedLingerMs: number;
}

/** Engine pairs whose jobs the v5 delete-many call accepts (vendor docs, "Deleting Tasks in Batches"). */
export const v5DeleteManyEngines: ReadonlySet<string> = new Set([
  "mysql",
  "redis-to-gaussredis",
  "rediscluster-to-gaussredis",
  "oracle-to-gaussdbv5",
]);

// The emulator's own reading of the vendor docs, deliberately not shared with the client code:
// "only tasks in CREATE_FAILED, RELEASE_RESOURCE_COMPLETE or RELEASE_CHILD_TRANSFER_COMPLETE can be deleted".
const deletableStatuses = new Set([
  "CREATE_FAILED",
  "RELEASE_RESOURCE_COMPLETE",
  "RELEASE_CHILD_TRANSFER_COMPLETE",
]);
const stoppingStatuses = new Set(["RELEASE_RESOURCE_STARTED", "RELEASE_CHILD_TRANSFER_STARTED"]);

/**
 * The emulator's DRS jobs and their state machine. Time is real but scaled by the configured
 * delays; state advances lazily on every access, so no timers are left running.
 */
export class DrsJobStore {
  private readonly jobs = new Map<string, EmulatedDrsJob>();
  private readonly epoch = Date.now();

  constructor(public timing: DrsTiming) {}

  /** Milliseconds since the emulator started: the clock of `history` and the call log. */
  now(): number {
    return Date.now() - this.epoch;
  }

  seed(spec: SeedDrsJob): EmulatedDrsJob {
    const id = spec.id ?? randomUUID();
    if (this.jobs.has(id)) throw new Error(`job ${id} already exists`);
    const status = spec.status ?? "INCRE_TRANSFER_STARTED";
    const job: EmulatedDrsJob = {
      id,
      projectId: spec.projectId,
      name: spec.name ?? `DRS-${id.slice(0, 8)}`,
      engineType: spec.engineType ?? "mysql",
      jobType: spec.jobType ?? "sync",
      status,
      removed: false,
      pending: undefined,
      history: [{ status, at: this.now() }],
    };
    this.jobs.set(id, job);
    return job;
  }

  /** A job that DRS still knows in that project, after applying due status changes. */
  find(projectId: string, id: string): EmulatedDrsJob | undefined {
    const job = this.jobs.get(id);
    if (job === undefined || job.projectId !== projectId) return undefined;
    this.advance(job);
    return job.removed ? undefined : job;
  }

  /** Every job ever seeded, including forgotten ones, after applying due status changes. */
  all(): EmulatedDrsJob[] {
    return [...this.jobs.values()].map((job) => {
      this.advance(job);
      return job;
    });
  }

  /** Ends a job: RELEASE_RESOURCE_STARTED now, RELEASE_RESOURCE_COMPLETE after `stopMs`. */
  stop(job: EmulatedDrsJob): void {
    this.setStatus(job, "RELEASE_RESOURCE_STARTED");
    job.pending = { status: "RELEASE_RESOURCE_COMPLETE", at: this.now() + this.timing.stopMs };
  }

  /** Deletes a stopped job: DELETED for `deletedLingerMs`, then forgotten. */
  delete(job: EmulatedDrsJob): void {
    this.setStatus(job, "DELETED");
    job.pending = { status: "(forgotten)", at: this.now() + this.timing.deletedLingerMs };
  }

  /** Whether the job's status allows the stop call: anything not ended, ending or deleted. */
  canStop(job: EmulatedDrsJob): boolean {
    return (
      !deletableStatuses.has(job.status) && !stoppingStatuses.has(job.status) && job.status !== "DELETED"
    );
  }

  /** Whether the job's status allows a delete call. */
  canDelete(job: EmulatedDrsJob): boolean {
    return deletableStatuses.has(job.status);
  }

  private setStatus(job: EmulatedDrsJob, status: string): void {
    job.status = status;
    job.history.push({ status, at: this.now() });
  }

  private advance(job: EmulatedDrsJob): void {
    const pending = job.pending;
    if (pending === undefined || this.now() < pending.at) return;
    job.pending = undefined;
    if (pending.status === "(forgotten)") {
      job.removed = true;
      job.history.push({ status: "(forgotten)", at: pending.at });
    } else {
      job.status = pending.status;
      job.history.push({ status: pending.status, at: pending.at });
    }
  }
}
