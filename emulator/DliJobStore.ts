/** Every Flink job status the DLI API documents (api-facts §2), in the vendor's spelling. */
export const dliJobStatuses = [
  "job_init",
  "job_submitting",
  "job_submit_fail",
  "job_running",
  "job_running_exception",
  "job_downloading",
  "job_idle",
  "job_canceling",
  "job_cancel_success",
  "job_cancel_fail",
  "job_savepointing",
  "job_finish",
  "job_arrearage_stopped",
  "job_arrearage_recovering",
] as const;

/** A DLI Flink job status. */
export type DliJobStatus = (typeof dliJobStatuses)[number];

/** The Flink job types the emulator knows. */
export type DliJobType = "flink_sql_job" | "flink_opensource_sql_job" | "flink_jar_job";

/** What a Jar job runs (fields of `POST streaming/flink-jobs`). */
export interface DliJarSpec {
  readonly entrypoint?: string;
  readonly mainClass?: string;
  readonly entrypointArgs?: string;
  readonly dependencyJars?: readonly string[];
  readonly dependencyFiles?: readonly string[];
}

/** How a job's next run goes: `submitFails` ends the submission in `job_submit_fail`. */
export type DliRunOutcome = "ok" | "submitFails";

/** A status change due at a given time; `savepoint` records a savepoint when it applies. */
interface PendingStep {
  readonly status: DliJobStatus;
  readonly at: number;
  readonly savepoint?: true;
  /** Why the job reached this status, shown as `status_desc` (a failed submission's reason). */
  readonly reason?: string;
}

/**
 * The fields an in-place update may change, as `PUT streaming/sql-jobs/{job_id}` and
 * `PUT streaming/flink-jobs/{job_id}` carry them (SDK models UpdateFlinkSqlJobRequestBody,
 * UpdateFlinkJarJobRequestBody); absent fields keep their value.
 */
export interface DliJobChanges {
  /** New job name (`name`). */
  readonly name?: string;
  /** New description (`desc`). */
  readonly desc?: string;
  /** New queue (`queue_name`). */
  readonly queueName?: string;
  /** New run mode (`run_mode`). */
  readonly runMode?: string;
  /** New compute units (`cu_number`). */
  readonly cuNumber?: number;
  /** New parallelism (`parallel_number`). */
  readonly parallelNumber?: number;
  /** New SQL of a SQL job (`sql_body`). */
  readonly sqlBody?: string;
  /** Jar fields to change (`entrypoint`, `main_class`, ...); those absent keep their value. */
  readonly jar?: DliJarSpec;
}

/** One in-place update the job received, for tests to read. */
export interface DliJobUpdateRecord {
  /** When, on the store's clock. */
  readonly at: number;
  /** The job's status when the update was accepted. */
  readonly status: DliJobStatus;
  /** What changed, as the request gave it. */
  readonly changes: DliJobChanges;
}

/** One run the job received, for tests to read. */
export interface DliJobRunRecord {
  /** When, on the store's clock. */
  readonly at: number;
  /** Whether the run asked to resume from the latest savepoint. */
  readonly resumeSavepoint: boolean;
  /** The savepoint it resumed from: one taken by an earlier stop, or undefined when none. */
  readonly resumedFrom: string | undefined;
}

/** A DLI Flink job as the emulator keeps it. */
export interface EmulatedDliJob {
  /** The 64-bit job id as a decimal string: it may not fit a JS number exactly. */
  readonly id: string;
  /** The project that owns the job; other projects' calls do not see it. */
  readonly projectId: string;
  /** Job name (`name` in answers). */
  name: string;
  /** Free-text description (`desc`); empty when none was given. */
  desc: string;
  /** SQL (`flink_sql_job`, `flink_opensource_sql_job`) or Jar (`flink_jar_job`) job. */
  readonly jobType: DliJobType;
  /** Queue the job runs on; undefined when none was given. */
  queueName: string | undefined;
  /** Where the job runs (`run_mode`): `shared_cluster`, `exclusive_cluster` or `edge_node`. */
  runMode: string;
  /** Compute units the job asked for (`cu_number`). */
  cuNumber: number;
  /** Flink parallelism (`parallel_number`). */
  parallelNumber: number;
  /** The SQL of a SQL job; undefined for Jar jobs. */
  sqlBody: string | undefined;
  /** What a Jar job runs; undefined for SQL jobs. */
  jar: DliJarSpec | undefined;
  /** When the job was created, on the store's clock. */
  readonly createTime: number;
  /** When the job last reached `job_running`, on the store's clock. */
  startTime: number | undefined;
  /** Current status; read it through the store, which first applies the changes that are due. */
  status: DliJobStatus;
  /** The latest savepoint taken by a stop with `trigger_savepoint`. */
  savepointPath: string | undefined;
  /** The savepoint the latest run resumed from, when it asked to. */
  resumedFrom: string | undefined;
  /** How the job's next run goes; tests change it to make a submission fail. */
  runOutcome: DliRunOutcome;
  /** Why the job is in its status, when the vendor would say (`status_desc`): a submit failure's reason. */
  statusReason: string | undefined;
  /** Every in-place update (PUT) the job received, oldest first. */
  readonly updates: DliJobUpdateRecord[];
  /** Every run the job received, oldest first, with whether it resumed from a savepoint. */
  readonly runs: DliJobRunRecord[];
  /** How many of the coming stops still end in `job_cancel_fail`. */
  stopFailuresLeft: number;
  /** Set once the job is deleted: every call then answers "does not exist". */
  removed: boolean;
  /** Status changes still to come, earliest first. */
  readonly pending: PendingStep[];
  /** Every status the job had, with when (store clock); a delete shows as `(deleted)`. */
  readonly history: { status: string; at: number }[];
}

/** What a test or the demo may say about a job it seeds; everything but the project is optional. */
export interface SeedDliJob {
  /** The project the job belongs to (required). */
  projectId: string;
  /** Decimal id up to 2^63-1; by default the next free one from the store's `firstId`. */
  id?: string;
  /** Default `flink_job_` and the id's last six digits. */
  name?: string;
  /** Default empty. */
  desc?: string;
  /** Defaults to `flink_jar_job` when `jar` is given, else `flink_sql_job`. */
  jobType?: DliJobType;
  /** Queue the job runs on; default none (DLI answers `queue_name: null`). */
  queueName?: string;
  /** Default `exclusive_cluster` for Jar jobs, else `shared_cluster`. */
  runMode?: string;
  /** Default 2. */
  cuNumber?: number;
  /** Default 1. */
  parallelNumber?: number;
  /** SQL of a SQL job; default `SELECT 1`. Ignored for Jar jobs. */
  sqlBody?: string;
  /** What a Jar job runs; giving it makes the job a Jar job unless `jobType` says otherwise. */
  jar?: DliJarSpec;
  /**
   * Starting status (default `job_init`). `job_submitting`, `job_canceling` and `job_savepointing`
   * carry on as if a run, a stop, or a stop with savepoint were under way; every other status stays.
   */
  status?: DliJobStatus;
  /** A savepoint the job already has, as if an earlier stop had taken it. */
  savepointPath?: string;
  /** How the job's runs go (default `ok`). */
  runOutcome?: DliRunOutcome;
  /** The first this many stops end in `job_cancel_fail` (default 0). */
  stopFailsTimes?: number;
}

/** Durations of the emulated transitions, in milliseconds of the store's clock. */
export interface DliTiming {
  /** `job_submitting` before `job_running` (or `job_submit_fail`). */
  submitMs: number;
  /** `job_canceling` before `job_cancel_success` (or `job_cancel_fail`). */
  stopMs: number;
  /** `job_savepointing` before the savepoint is recorded and canceling starts. */
  savepointMs: number;
}

/** Options of {@link DliJobStore}. */
export interface DliJobStoreOptions extends Partial<DliTiming> {
  /** The clock, in milliseconds; `Date.now` by default. Tests pass a fake one. */
  now?: () => number;
  /** First id handed out to jobs without one; default 2^53 + 1, so precision bugs show at once. */
  firstId?: string;
}

/** `status_desc` of a submission seeded to fail without a reason of its own. */
export const defaultSubmitFailure = "The job failed to be submitted (emulated).";

/** The default first id: 2^53 + 1, the smallest integer a JS number cannot hold. */
export const defaultFirstDliJobId = "9007199254740993";

const maxLong = 2n ** 63n - 1n;
const decimalId = /^(0|[1-9]\d*)$/;

/** Whether `text` is a canonical decimal job id within a Java long's positive range. */
export function isDliJobId(text: string): boolean {
  return decimalId.test(text) && BigInt(text) <= maxLong;
}

// Statuses from which the stop call is accepted: the job is (or may be) holding resources.
// `job_cancel_fail` is here because the way out of a failed stop is another stop.
const stoppableStatuses: ReadonlySet<DliJobStatus> = new Set<DliJobStatus>([
  "job_submitting",
  "job_running",
  "job_running_exception",
  "job_downloading",
  "job_idle",
  "job_cancel_fail",
  "job_arrearage_recovering",
]);
// Statuses from which a run is accepted: the job holds nothing and is not on its way anywhere.
const runnableStatuses: ReadonlySet<DliJobStatus> = new Set<DliJobStatus>([
  "job_init",
  "job_submit_fail",
  "job_running_exception",
  "job_cancel_success",
  "job_finish",
]);
// Statuses in which an in-place update (PUT) is accepted: the job holds no running Flink
// cluster, so its spec can change under it (the vendor's docs ask to stop a job before editing
// anything but runtime details; the emulator refuses every update of a live job).
const updatableStatuses: ReadonlySet<DliJobStatus> = new Set<DliJobStatus>([
  "job_init",
  "job_submit_fail",
  "job_cancel_success",
  "job_finish",
  "job_arrearage_stopped",
]);
const stoppingStatuses: ReadonlySet<DliJobStatus> = new Set<DliJobStatus>([
  "job_canceling",
  "job_savepointing",
]);

/**
 * The emulator's DLI Flink jobs and their state machine. State advances lazily, on every read,
 * from the injected clock, so no timers are left running and tests can move time by hand.
 */
export class DliJobStore {
  /** The durations of the transitions; may be changed at any time. */
  timing: DliTiming;
  /** The store's clock in milliseconds. */
  readonly now: () => number;
  private readonly jobs = new Map<string, EmulatedDliJob>();
  private nextId: bigint;
  private savepoints = 0;

  constructor(options: DliJobStoreOptions = {}) {
    this.timing = {
      submitMs: options.submitMs ?? 2_000,
      stopMs: options.stopMs ?? 2_000,
      savepointMs: options.savepointMs ?? 1_000,
    };
    this.now = options.now ?? (() => Date.now());
    const firstId = options.firstId ?? defaultFirstDliJobId;
    if (!isDliJobId(firstId)) throw new RangeError(`firstId "${firstId}" is not a decimal id up to 2^63-1`);
    this.nextId = BigInt(firstId);
  }

  /** Forgets every job (the emulator's reset). Ids keep counting up, so none is ever reused. */
  clear(): void {
    this.jobs.clear();
  }

  /** Adds a job as a test or the demo describes it. Throws on a bad or duplicate id or status. */
  seed(spec: SeedDliJob): EmulatedDliJob {
    const id = spec.id ?? this.allocateId();
    if (!isDliJobId(id)) throw new RangeError(`job id "${id}" is not a decimal id up to 2^63-1`);
    if (this.jobs.has(id)) throw new Error(`DLI job ${id} already exists`);
    const status = spec.status ?? "job_init";
    if (!(dliJobStatuses as readonly string[]).includes(status)) {
      throw new RangeError(`"${status}" is not a DLI job status`);
    }
    const stopFailsTimes = spec.stopFailsTimes ?? 0;
    if (!Number.isSafeInteger(stopFailsTimes) || stopFailsTimes < 0) {
      throw new RangeError(`stopFailsTimes must be a whole number >= 0, not ${stopFailsTimes}`);
    }
    const at = this.now();
    const jobType = spec.jobType ?? (spec.jar === undefined ? "flink_sql_job" : "flink_jar_job");
    const isJar = jobType === "flink_jar_job";
    const job: EmulatedDliJob = {
      id,
      projectId: spec.projectId,
      name: spec.name ?? `flink_job_${id.slice(-6)}`,
      desc: spec.desc ?? "",
      jobType,
      queueName: spec.queueName,
      runMode: spec.runMode ?? (isJar ? "exclusive_cluster" : "shared_cluster"),
      cuNumber: spec.cuNumber ?? 2,
      parallelNumber: spec.parallelNumber ?? 1,
      sqlBody: isJar ? undefined : (spec.sqlBody ?? "SELECT 1"),
      jar: isJar ? (spec.jar ?? {}) : undefined,
      createTime: at,
      startTime: status === "job_running" ? at : undefined,
      status,
      savepointPath: spec.savepointPath,
      resumedFrom: undefined,
      runOutcome: spec.runOutcome ?? "ok",
      statusReason: undefined,
      updates: [],
      runs: [],
      stopFailuresLeft: stopFailsTimes,
      removed: false,
      pending: [],
      history: [{ status, at }],
    };
    // Seeded transitional statuses finish the way the call that causes them would.
    if (status === "job_submitting") this.scheduleSubmit(job, at);
    if (status === "job_canceling") this.scheduleCancel(job, at);
    if (status === "job_savepointing") this.scheduleSavepointThenCancel(job, at);
    this.jobs.set(id, job);
    return job;
  }

  /** A job that exists (not deleted) in that project, after applying due status changes. */
  find(projectId: string, id: string): EmulatedDliJob | undefined {
    const job = this.get(id);
    return job === undefined || job.removed || job.projectId !== projectId ? undefined : job;
  }

  /** Any job ever seeded or created, deleted ones included, after applying due status changes. */
  get(id: string): EmulatedDliJob | undefined {
    const job = this.jobs.get(id);
    if (job !== undefined) this.advance(job);
    return job;
  }

  /** The project's existing jobs, oldest first, after applying due status changes. */
  list(projectId: string): EmulatedDliJob[] {
    return this.all().filter((job) => !job.removed && job.projectId === projectId);
  }

  /** Every job ever seeded or created, deleted ones included, oldest first. */
  all(): EmulatedDliJob[] {
    return [...this.jobs.values()].map((job) => {
      this.advance(job);
      return job;
    });
  }

  /** Whether a run is accepted now: the job is a draft, stopped, finished or failed. */
  canRun(job: EmulatedDliJob): boolean {
    return runnableStatuses.has(job.status);
  }

  /** Whether a stop is accepted now: the job is running, starting, or its last stop failed. */
  canStop(job: EmulatedDliJob): boolean {
    return stoppableStatuses.has(job.status);
  }

  /** Whether an in-place update is accepted now: the job is a draft, stopped, finished or failed. */
  canUpdate(job: EmulatedDliJob): boolean {
    return updatableStatuses.has(job.status);
  }

  /**
   * Changes a job's spec in place (the PUT calls) and records the update. The job type never
   * changes. Throws when {@link canUpdate} says no.
   */
  update(job: EmulatedDliJob, changes: DliJobChanges): void {
    if (!this.canUpdate(job)) throw new Error(`DLI job ${job.id} cannot be updated in ${job.status}`);
    if (changes.name !== undefined) job.name = changes.name;
    if (changes.desc !== undefined) job.desc = changes.desc;
    if (changes.queueName !== undefined) job.queueName = changes.queueName;
    if (changes.runMode !== undefined) job.runMode = changes.runMode;
    if (changes.cuNumber !== undefined) job.cuNumber = changes.cuNumber;
    if (changes.parallelNumber !== undefined) job.parallelNumber = changes.parallelNumber;
    if (changes.sqlBody !== undefined && job.jobType !== "flink_jar_job") job.sqlBody = changes.sqlBody;
    if (changes.jar !== undefined && job.jobType === "flink_jar_job")
      job.jar = { ...job.jar, ...changes.jar };
    const at = this.now();
    job.updates.push({ at, status: job.status, changes });
    job.history.push({ status: "(updated)", at });
  }

  /** Whether a stop is already under way (canceling or taking the savepoint first). */
  isStopping(job: EmulatedDliJob): boolean {
    return stoppingStatuses.has(job.status);
  }

  /**
   * Runs a job: `job_submitting` now, then `job_running` after `submitMs`, or `job_submit_fail`
   * when seeded so or when `submitFailure` gives a reason (a fault rule's). With
   * `resumeSavepoint`, the run resumes from the latest savepoint an earlier stop took, if any.
   * Throws when {@link canRun} says no.
   */
  run(job: EmulatedDliJob, options: { resumeSavepoint?: boolean; submitFailure?: string } = {}): void {
    if (!this.canRun(job)) throw new Error(`DLI job ${job.id} cannot run from ${job.status}`);
    const resumeSavepoint = options.resumeSavepoint === true;
    job.resumedFrom = resumeSavepoint ? job.savepointPath : undefined;
    const at = this.now();
    job.runs.push({ at, resumeSavepoint, resumedFrom: job.resumedFrom });
    job.statusReason = undefined;
    this.setStatus(job, "job_submitting", at);
    this.scheduleSubmit(job, at, options.submitFailure);
  }

  /**
   * Stops a job: `job_canceling` now, `job_cancel_success` after `stopMs` (or `job_cancel_fail`
   * while seeded stop failures remain). With `triggerSavepoint` on a `job_running` job,
   * `job_savepointing` comes first for `savepointMs` and records a savepoint path; other states
   * have no running state to save, so the flag is ignored. Throws when {@link canStop} says no.
   */
  stop(job: EmulatedDliJob, options: { triggerSavepoint?: boolean } = {}): void {
    if (!this.canStop(job)) throw new Error(`DLI job ${job.id} cannot stop from ${job.status}`);
    const at = this.now();
    job.pending.length = 0;
    if (options.triggerSavepoint === true && job.status === "job_running") {
      this.setStatus(job, "job_savepointing", at);
      this.scheduleSavepointThenCancel(job, at);
    } else {
      this.setStatus(job, "job_canceling", at);
      this.scheduleCancel(job, at);
    }
  }

  /** Deletes a job in any state; it is forgotten at once, as DLI has no "deleted" status. */
  delete(job: EmulatedDliJob): void {
    job.pending.length = 0;
    job.removed = true;
    job.history.push({ status: "(deleted)", at: this.now() });
  }

  private allocateId(): string {
    while (this.jobs.has(this.nextId.toString())) this.nextId += 1n;
    const id = this.nextId;
    if (id > maxLong) throw new RangeError("the emulator ran out of 64-bit job ids");
    this.nextId += 1n;
    return id.toString();
  }

  private scheduleSubmit(job: EmulatedDliJob, from: number, failure?: string): void {
    const at = from + this.timing.submitMs;
    if (failure !== undefined || job.runOutcome === "submitFails") {
      job.pending.push({ status: "job_submit_fail", at, reason: failure ?? defaultSubmitFailure });
    } else {
      job.pending.push({ status: "job_running", at });
    }
  }

  private scheduleCancel(job: EmulatedDliJob, from: number): void {
    // The outcome is fixed when the stop starts, so a seeded failure count is used up once per stop.
    const fails = job.stopFailuresLeft > 0;
    if (fails) job.stopFailuresLeft -= 1;
    job.pending.push({
      status: fails ? "job_cancel_fail" : "job_cancel_success",
      at: from + this.timing.stopMs,
    });
  }

  private scheduleSavepointThenCancel(job: EmulatedDliJob, from: number): void {
    const savepointDone = from + this.timing.savepointMs;
    job.pending.push({ status: "job_canceling", at: savepointDone, savepoint: true });
    this.scheduleCancel(job, savepointDone);
  }

  private setStatus(job: EmulatedDliJob, status: DliJobStatus, at: number): void {
    job.status = status;
    if (status === "job_running") job.startTime = at;
    job.history.push({ status, at });
  }

  private advance(job: EmulatedDliJob): void {
    const now = this.now();
    for (let step = job.pending[0]; step !== undefined && step.at <= now; step = job.pending[0]) {
      job.pending.shift();
      if (step.savepoint === true) {
        this.savepoints += 1;
        job.savepointPath = `obs://dli-emulator/savepoints/${job.projectId}/${job.id}/savepoint-${this.savepoints}`;
      }
      if (step.reason !== undefined) job.statusReason = step.reason;
      this.setStatus(job, step.status, step.at);
    }
  }
}
