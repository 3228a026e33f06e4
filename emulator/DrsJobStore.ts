import { randomUUID } from "node:crypto";
import { emptyDrsJobSetup, type DrsJobSetup } from "./DrsJobSetup";

/** How a graceful stop of a job ends: it completes, it fails, or it never finishes. */
export type GracefulStopBehaviour = "ok" | "fails" | "hangs";

/** A DRS job as the emulator keeps it. */
export interface EmulatedDrsJob {
  /** The job id (a UUID unless seeded otherwise). */
  readonly id: string;
  /** The project that owns the job; other projects' calls do not see it. */
  readonly projectId: string;
  /** Job name (a v5 `name` update or a v3 modification renames it). */
  name: string;
  /** Engine pair, for example `mysql` (MySQL to MySQL). */
  readonly engineType: string;
  /** Kind of job (`job_type` / `db_use_type` in answers): migration, synchronization or disaster recovery. */
  readonly jobType: "migration" | "sync" | "cloudDataGuard";
  /**
   * The API family the job was created through. v3 calls see every job of the project; v5 calls
   * see only `v5` jobs (a `v3` job answers "does not exist" there).
   */
  readonly family: "v3" | "v5";
  /** `period` for yearly/monthly (prepaid) jobs, which refuse to be stopped until unsubscribed. */
  readonly chargingMode: "on_demand" | "period";
  /** The order of a prepaid job. */
  readonly periodOrderId: string | undefined;
  /** A dual-active DR parent job, which refuses stop and delete calls. */
  readonly dualActiveParent: boolean;
  /** How a graceful (not forced) stop of this job ends. */
  readonly gracefulStop: GracefulStopBehaviour;
  /** `job_direction` in details: into the cloud (`up`), out of it (`down`), or neither. */
  readonly jobDirection: "up" | "down" | "non-dbs";
  /** `task_type` in details: full load, incremental, or both. */
  readonly taskType: "FULL_TRANS" | "INCR_TRANS" | "FULL_INCR_TRANS";
  /** Creation time in Unix epoch milliseconds (`create_time` in answers), unlike `history`'s clock. */
  readonly createdAt: number;
  /** Current status, known to the vendor docs or not; read it through the store, which applies due changes first. */
  status: string;
  /** Set once DRS has forgotten the job: every call then answers "does not exist". */
  removed: boolean;
  /** Whether the stop in progress (if any) is a forced one. */
  stopForced: boolean;
  /** A status change that happens by itself at a given time (a stop finishing, say). */
  pending: { status: string; at: number } | undefined;
  /** Changes that follow `pending`, each this long after the one before (a start's phases). */
  then: { status: string; afterMs: number }[];
  /** What the create-to-start calls configured (endpoints without passwords, tests, precheck). */
  readonly setup: DrsJobSetup;
  /** Every status the job had, with when (ms since the emulator's clock started). */
  readonly history: { status: string; at: number }[];
}

/** What a test or the demo may say about a job it seeds. */
export interface SeedDrsJob {
  /** Default a random UUID. */
  id?: string;
  /** The project the job belongs to (required). */
  projectId: string;
  /** Default `DRS-` and the id's first eight characters. */
  name?: string;
  /** Engine pair (default `mysql`); decides which v5 delete call the job accepts. */
  engineType?: string;
  /** Default `sync`. */
  jobType?: EmulatedDrsJob["jobType"];
  /** Any status, known or not (default `INCRE_TRANSFER_STARTED`). */
  status?: string;
  /** Default `v5`. */
  family?: EmulatedDrsJob["family"];
  /** Default `on_demand`. */
  chargingMode?: EmulatedDrsJob["chargingMode"];
  /** Order id of a prepaid job; made up from the id when `chargingMode` is `period` and none is given. */
  periodOrderId?: string;
  /** Makes the job a dual-active DR parent, which refuses stops and deletes (default false). */
  dualActiveParent?: boolean;
  /** Default `ok`. */
  gracefulStop?: GracefulStopBehaviour;
  /** Default `up`. */
  jobDirection?: EmulatedDrsJob["jobDirection"];
  /** Default `FULL_INCR_TRANS`. */
  taskType?: EmulatedDrsJob["taskType"];
}

/** Timing and cloud behaviour of the emulated service. */
export interface DrsTiming {
  /** How long a graceful stop stays in RELEASE_RESOURCE_STARTED before it ends. */
  stopMs: number;
  /** How long a forced stop stays in RELEASE_RESOURCE_STARTED before RELEASE_RESOURCE_COMPLETE. */
  forceStopMs: number;
  /** How long a deleted job still answers with status DELETED before it is forgotten. */
  deletedLingerMs: number;
  /** How long a created job stays CREATING before CONFIGURATION. */
  createMs: number;
  /** How long a v5 connection test's result stays pending (v3 tests answer at once). */
  connectionTestMs: number;
  /** How long a precheck's result stays pending. */
  precheckMs: number;
  /** How long a started job stays STARTJOBING. */
  startMs: number;
  /** How long the full transfer of a started job takes (then incremental, or complete). */
  fullTransferMs: number;
  /**
   * Whether deleted jobs pass through status DELETED (Huawei Cloud). When false (Open Telekom
   * Cloud) a deleted job is forgotten at once.
   */
  deletedStatus: boolean;
}

/**
 * Engine pairs whose jobs the v5 delete-many call accepts (vendor docs, "Deleting Tasks in
 * Batches"). MySQL→MySQL is spelled `mysql` in v3 and `mysql-to-mysql` in v5 (vendor SDK models).
 */
export const v5DeleteManyEngines: ReadonlySet<string> = new Set([
  // MySQL->MySQL: the v5 SDK's JobBaseInfo spells it `mysql-to-mysql`, v3 and older pages `mysql`.
  "mysql",
  "mysql-to-mysql",
  "redis-to-gaussredis",
  "rediscluster-to-gaussredis",
  "oracle-to-gaussdbv5",
]);

/** Engine pairs whose jobs the v5 delete-one call accepts (vendor docs, "Deleting a Task with a Specified ID"). */
export const v5DeleteOneEngines: ReadonlySet<string> = new Set([
  "oracle-to-gaussdbv5",
  "taurus-to-kafka",
  "mysql-to-kafka",
]);

// The emulator's own reading of the vendor docs, deliberately not shared with the client code.
/** Statuses from which a job may be deleted. */
export const deletableStatuses: ReadonlySet<string> = new Set([
  "CREATE_FAILED",
  "RELEASE_RESOURCE_COMPLETE",
  "RELEASE_CHILD_TRANSFER_COMPLETE",
]);
/** Statuses of a job whose stop is under way. */
export const stoppingStatuses: ReadonlySet<string> = new Set([
  "RELEASE_RESOURCE_STARTED",
  "RELEASE_CHILD_TRANSFER_STARTED",
]);

/**
 * The emulator's DRS jobs and their state machine. Time is real but scaled by the configured
 * delays; state advances lazily on every access, so no timers are left running and the jobs
 * survive a restart of the HTTP server.
 */
export class DrsJobStore {
  private readonly jobs = new Map<string, EmulatedDrsJob>();
  private readonly epoch = Date.now();
  /** Timing; may be changed at any time (`POST /__emulator/timing`). */
  timing: DrsTiming;

  constructor(timing: Partial<DrsTiming> = {}) {
    this.timing = {
      stopMs: timing.stopMs ?? 3_000,
      forceStopMs: timing.forceStopMs ?? timing.stopMs ?? 3_000,
      deletedLingerMs: timing.deletedLingerMs ?? 1_000,
      deletedStatus: timing.deletedStatus ?? true,
      createMs: timing.createMs ?? 1_000,
      connectionTestMs: timing.connectionTestMs ?? 300,
      precheckMs: timing.precheckMs ?? 500,
      startMs: timing.startMs ?? 500,
      fullTransferMs: timing.fullTransferMs ?? 1_000,
    };
  }

  /** Milliseconds since the emulator started: the clock of `history` and the call log. */
  now(): number {
    return Date.now() - this.epoch;
  }

  /**
   * Adds a job as a test, the demo or `POST /__emulator/jobs` describes it, and returns the live
   * record (it changes as the job moves on). Throws without a project or on a duplicate id.
   */
  seed(spec: SeedDrsJob): EmulatedDrsJob {
    // Seeds also arrive as JSON through the control interface, unchecked by the compiler.
    const untyped: unknown = spec;
    if (typeof untyped !== "object" || untyped === null || typeof spec.projectId !== "string") {
      throw new Error("a seeded DRS job needs a projectId");
    }
    const id = spec.id ?? randomUUID();
    if (this.jobs.has(id)) throw new Error(`job ${id} already exists`);
    const status = spec.status ?? "INCRE_TRANSFER_STARTED";
    const chargingMode = spec.chargingMode ?? "on_demand";
    const job: EmulatedDrsJob = {
      id,
      projectId: spec.projectId,
      name: spec.name ?? `DRS-${id.slice(0, 8)}`,
      engineType: spec.engineType ?? "mysql",
      jobType: spec.jobType ?? "sync",
      family: spec.family ?? "v5",
      chargingMode,
      periodOrderId:
        chargingMode === "period"
          ? (spec.periodOrderId ?? `CS${id.replace(/-/g, "").slice(0, 16)}`)
          : undefined,
      dualActiveParent: spec.dualActiveParent ?? false,
      gracefulStop: spec.gracefulStop ?? "ok",
      jobDirection: spec.jobDirection ?? "up",
      taskType: spec.taskType ?? "FULL_INCR_TRANS",
      createdAt: Date.now(),
      status,
      removed: false,
      stopForced: false,
      pending: undefined,
      then: [],
      setup: emptyDrsJobSetup(),
      history: [{ status, at: this.now() }],
    };
    this.jobs.set(id, job);
    return job;
  }

  /**
   * Adds a job a create call asked for: CREATING now, CONFIGURATION after `createMs`. The
   * setup's endpoints must already be stripped of passwords.
   */
  create(spec: Omit<SeedDrsJob, "status" | "id">, setup: Partial<DrsJobSetup>): EmulatedDrsJob {
    const job = this.seed({ ...spec, status: "CREATING" });
    Object.assign(job.setup, setup);
    job.pending = { status: "CONFIGURATION", at: this.now() + this.timing.createMs };
    return job;
  }

  /**
   * Starts a job: WAITING_FOR_START until `startAt` (epoch ms) when that is later than now, then
   * STARTJOBING, then the transfer phases of its task type; START_JOB_FAILED instead when `fails`.
   */
  start(job: EmulatedDrsJob, options: { startAt?: number; fails?: boolean } = {}): void {
    const { startMs, fullTransferMs } = this.timing;
    const phases: { status: string; afterMs: number }[] = options.fails
      ? [{ status: "START_JOB_FAILED", afterMs: startMs }]
      : job.taskType === "INCR_TRANS"
        ? [{ status: "INCRE_TRANSFER_STARTED", afterMs: startMs }]
        : [
            { status: "FULL_TRANSFER_STARTED", afterMs: startMs },
            {
              status: job.taskType === "FULL_TRANS" ? "FULL_TRANSFER_COMPLETE" : "INCRE_TRANSFER_STARTED",
              afterMs: fullTransferMs,
            },
          ];
    const wait = options.startAt === undefined ? 0 : options.startAt - Date.now();
    if (wait > 0) {
      this.setStatus(job, "WAITING_FOR_START");
      job.pending = { status: "STARTJOBING", at: this.now() + wait };
    } else {
      this.setStatus(job, "STARTJOBING");
      const [first, ...rest] = phases;
      job.pending = first && { status: first.status, at: this.now() + first.afterMs };
      job.then = rest;
      return;
    }
    job.then = phases;
  }

  /** Pauses a transferring job (v5 action `stop`), or resumes a paused one into incremental. */
  pause(job: EmulatedDrsJob, resume = false): void {
    job.pending = undefined;
    job.then = [];
    this.setStatus(job, resume ? "INCRE_TRANSFER_STARTED" : "PAUSING");
  }

  /** A job that DRS still knows in that project, after applying due status changes. */
  find(projectId: string, id: string): EmulatedDrsJob | undefined {
    const job = this.jobs.get(id);
    if (job === undefined || job.projectId !== projectId) return undefined;
    this.advance(job);
    return job.removed ? undefined : job;
  }

  /** Any job by id, in any project, forgotten or not, after applying due status changes. */
  get(id: string): EmulatedDrsJob | undefined {
    const job = this.jobs.get(id);
    if (job !== undefined) this.advance(job);
    return job;
  }

  /** Every job ever seeded, including forgotten ones, after applying due status changes. */
  all(): EmulatedDrsJob[] {
    return [...this.jobs.values()].map((job) => {
      this.advance(job);
      return job;
    });
  }

  /** Forgets every job. */
  clear(): void {
    this.jobs.clear();
  }

  /**
   * Ends a job: RELEASE_RESOURCE_STARTED now, then after `stopMs` RELEASE_RESOURCE_COMPLETE (or
   * RELEASE_RESOURCE_FAILED, or nothing, as the job's `gracefulStop` says). A forced stop always
   * completes, after `forceStopMs`.
   */
  stop(job: EmulatedDrsJob, force = false): void {
    this.setStatus(job, "RELEASE_RESOURCE_STARTED");
    job.then = [];
    job.stopForced = force;
    const behaviour = force ? "ok" : job.gracefulStop;
    const at = this.now() + (force ? this.timing.forceStopMs : this.timing.stopMs);
    job.pending =
      behaviour === "ok"
        ? { status: "RELEASE_RESOURCE_COMPLETE", at }
        : behaviour === "fails"
          ? { status: "RELEASE_RESOURCE_FAILED", at }
          : undefined;
  }

  /** Deletes a stopped job: DELETED for `deletedLingerMs`, then forgotten (at once without DELETED). */
  delete(job: EmulatedDrsJob): void {
    if (!this.timing.deletedStatus) {
      job.pending = undefined;
      job.removed = true;
      job.history.push({ status: "(forgotten)", at: this.now() });
      return;
    }
    this.setStatus(job, "DELETED");
    job.pending = { status: "(forgotten)", at: this.now() + this.timing.deletedLingerMs };
  }

  /** Whether the job's status allows a stop: anything not ended, ending or deleted. */
  canStop(job: EmulatedDrsJob): boolean {
    return (
      !deletableStatuses.has(job.status) && !stoppingStatuses.has(job.status) && job.status !== "DELETED"
    );
  }

  /**
   * Whether a forced stop may take over a graceful stop still in progress: ending a stop that
   * hangs is what the forced stop is for. A forced stop in progress is not forced again.
   */
  canForceStop(job: EmulatedDrsJob): boolean {
    return this.canStop(job) || (job.status === "RELEASE_RESOURCE_STARTED" && !job.stopForced);
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
    for (;;) {
      const pending = job.pending;
      if (pending === undefined || this.now() < pending.at) return;
      const next = job.then.shift();
      job.pending = next && { status: next.status, at: pending.at + next.afterMs };
      if (pending.status === "(forgotten)") {
        job.removed = true;
        job.history.push({ status: "(forgotten)", at: pending.at });
      } else {
        job.status = pending.status;
        job.history.push({ status: pending.status, at: pending.at });
      }
    }
  }
}
