import type { DrsCheck, DrsEndpointRole } from "./decideDrsCreateStep";

/**
 * The calls that make, configure and start one DRS job, in one API family (v5 or v3). The
 * create driver is written against this, so the sequence is the same for both families.
 */
export interface DrsCreateApi {
  readonly apiVersion: "v3" | "v5";
  /** The engine pair as this family names it (v5 `mysql-to-mysql` is v3 `mysql`). */
  readonly engineType: string;
  /** Ids of existing jobs (not deleted) whose name equals `name`, ignoring case as DRS does. */
  jobIdsNamed(name: string): Promise<string[]>;
  /** Sends the create once; resolves the new job's id. Never retried by the transport. */
  create(): Promise<string>;
  /** The job's status; `undefined` when DRS does not know the job. */
  readStatus(jobId: string): Promise<string | undefined>;
  /** Starts the connection test of one endpoint. */
  testConnection(jobId: string, role: DrsEndpointRole): Promise<DrsCheck>;
  /** Reads the result of a connection test that was still running. */
  readConnection(jobId: string, role: DrsEndpointRole, queryId: string | undefined): Promise<DrsCheck>;
  /** Chooses what the job replicates. */
  selectObjects(jobId: string): Promise<void>;
  /** Starts the precheck. */
  precheck(jobId: string): Promise<DrsCheck>;
  /** Reads the result of a precheck that was still running. */
  readPrecheck(jobId: string, queryId: string | undefined): Promise<DrsCheck>;
  /** Sets the spec's speed limit (v3 only: v5 has no speed-limit update). */
  limitSpeed(jobId: string): Promise<void>;
  /** Starts the job (at the spec's `start_time`, when given). */
  start(jobId: string): Promise<void>;
}

/** A step DRS refused for one job, with the vendor's reason: ends the create. */
export class DrsStepRefusedError extends Error {
  constructor(
    readonly step: string,
    readonly reasons: readonly string[],
  ) {
    super(`DRS refused to ${step}: ${reasons.join("; ")}`);
    this.name = "DrsStepRefusedError";
  }
}

/** `DRS.xxx: message` for a vendor error, or what is there of it. */
export function vendorReason(code: string | undefined, message: string | undefined): string {
  return [code, message].filter((p) => p !== undefined && p !== "").join(": ") || "no reason given";
}

/** The reasons of a failed precheck: one line per FAILED item (ALARM items do not block a start). */
export function precheckReasons(
  items: readonly {
    item?: string | undefined;
    result?: string | undefined;
    failed_reason?: string | undefined;
    raw_error_msg?: string | undefined;
  }[],
): string[] {
  return items
    .filter((i) => i.result?.toUpperCase() === "FAILED")
    .map((i) => `${i.item ?? "precheck item"}: ${i.failed_reason ?? i.raw_error_msg ?? "failed"}`);
}
