import { defaultEmulatorCredentials, type HuaweiEmulator } from "../../../emulator";
import type { Prng } from "./createPrng";
import type { ModelResource } from "./ModelResource";

/** The kinds of job the model seeds: DRS v5 (delete-many and delete-one engines), DRS v3, DLI. */
export type SeedKind = "drsV5Many" | "drsV5One" | "drsV3" | "dli";

const drsStatuses = [
  "INCRE_TRANSFER_STARTED",
  "INCRE_TRANSFER_STARTED",
  "FULL_TRANSFER_STARTED",
  "PAUSING",
  "CONFIGURATION",
  "INCRE_TRANSFER_FAILED",
  "RELEASE_RESOURCE_COMPLETE",
] as const;
const dliStatuses = ["job_running", "job_running", "job_running", "job_cancel_success"] as const;
const pollIntervals = ["250ms", "400ms"] as const;
const deleteTimeouts = ["30s", "45s", "60s"] as const;
const forceStops = ["never", "onTimeout", "immediately"] as const;

/**
 * The model's view of the stack: the program it declares, and which kind of job each adopted id
 * is (so a pinned `apiVersion` can name the family detection will find). Jobs are seeded into the
 * home emulator as the model draws them; seeding draws from the PRNG only, so a seed replays the
 * same sequence of programs.
 */
export class StackModel {
  /** The program as the last drawn step leaves it. */
  program: readonly ModelResource[] = [];
  private readonly seeded = new Map<string, SeedKind>();
  private count = 0;

  constructor(
    private readonly emulator: HuaweiEmulator,
    private readonly prng: Prng,
  ) {}

  /** The home emulator's URL: the DRS and DLI endpoint in force (its port changes from run to run). */
  get homeUrl(): string {
    return this.emulator.url;
  }

  /** A fresh resource (or SQL job) name. */
  freshName(prefix: string): string {
    this.count += 1;
    return `${prefix}-${this.count}`;
  }

  /** Seeds a job of `kind` in a drawn starting status; returns its id. */
  seedJob(kind: SeedKind): string {
    const { projectId } = defaultEmulatorCredentials;
    const name = this.freshName(`model-${kind}`);
    const id =
      kind === "dli"
        ? this.emulator.dli.seed({ projectId, name, status: this.prng.pick(dliStatuses) }).id
        : this.emulator.seed({
            projectId,
            name,
            status: this.prng.pick(drsStatuses),
            family: kind === "drsV3" ? "v3" : "v5",
            engineType: kind === "drsV5One" ? "mysql-to-kafka" : "mysql",
          }).id;
    this.seeded.set(id, kind);
    return id;
  }

  /** The DRS API family detection finds for an adopted job. */
  familyOf(jobId: string): "v3" | "v5" {
    return this.seeded.get(jobId) === "drsV3" ? "v3" : "v5";
  }

  /** A new resource of a drawn kind: a DrsJob or DliFlinkJob adopting a new job, or a created SQL job. */
  newResource(): ModelResource {
    const kind = this.prng.pick(["drsV5Many", "drsV5One", "drsV3", "dli", "sql"] as const);
    const settings = {
      deleteTimeout: this.prng.pick(deleteTimeouts),
      pollInterval: this.prng.pick(pollIntervals),
    };
    if (kind === "sql")
      return { kind: "dli", name: this.freshName("sql"), sqlName: this.freshName("model-sql"), ...settings };
    if (kind === "dli")
      return { kind: "dli", name: this.freshName("flink"), jobId: this.seedJob("dli"), ...settings };
    return {
      kind: "drs",
      name: this.freshName("drs"),
      jobId: this.seedJob(kind),
      forceStop: this.prng.pick(forceStops),
      ...settings,
    };
  }

  /** The resource holding a different job of the same kind: a new seed, or a new SQL job name. */
  withNewJob(r: ModelResource): ModelResource {
    if (r.kind === "drs") return { ...r, jobId: this.seedJob(this.seeded.get(r.jobId) ?? "drsV5Many") };
    if (r.jobId !== undefined) return { ...r, jobId: this.seedJob("dli") };
    return { ...r, sqlName: this.freshName("model-sql") };
  }

  /** A teardown setting of `r` changed to another drawn value; returns the resource and a description. */
  tuned(r: ModelResource): { resource: ModelResource; change: string } {
    const field = this.prng.pick(
      r.kind === "drs"
        ? (["pollInterval", "deleteTimeout", "forceStop"] as const)
        : (["pollInterval", "deleteTimeout"] as const),
    );
    const choices: readonly string[] =
      field === "pollInterval" ? pollIntervals : field === "deleteTimeout" ? deleteTimeouts : forceStops;
    const old =
      field === "forceStop" && r.kind === "drs" ? r.forceStop : r[field as "pollInterval" | "deleteTimeout"];
    const value = this.prng.pick(choices.filter((c) => c !== old));
    return {
      resource: { ...r, [field]: value },
      change: `${r.name} ${field} ${old}→${value}`,
    };
  }
}
