import { randomUUID } from "node:crypto";
import type { DrsJobStore, EmulatedDrsJob } from "./DrsJobStore";
import {
  connectionsPassed,
  precheckItems,
  precheckPassed,
  type ConnectionTestResult,
  type PrecheckItemResult,
} from "./DrsJobSetup";
import type { StepFault } from "./EmulatedService";

/** One endpoint a connection test reaches. */
export interface TestedEndpoint {
  readonly role: "so" | "ta";
  readonly ip: string | undefined;
  readonly port: string | undefined;
}

/** The reason an injected `precheckFails` reports when its rule names no items. */
const defaultPrecheckFailure = {
  item: "dstDbDiskSize",
  reason: "The free disk space of the destination database is smaller than the source data.",
};

/**
 * The create-to-start steps both API families share: connection tests, prechecks and starts, with
 * the order the vendor enforces (objects and passed connection tests before a precheck, a passed
 * precheck before a start). Each `whyNot...` says why a step is refused now, or `undefined`.
 */
export class DrsLifecycle {
  constructor(private readonly store: DrsJobStore) {}

  /** Why the job cannot be configured now (tests, objects, endpoints): only in CONFIGURATION. */
  whyNotConfigure(job: EmulatedDrsJob): string | undefined {
    return job.status === "CONFIGURATION"
      ? undefined
      : `Job ${job.id} can be configured only in status CONFIGURATION (status ${job.status}).`;
  }

  /** Why a precheck is refused now. */
  whyNotPrecheck(job: EmulatedDrsJob): string | undefined {
    const status = this.whyNotConfigure(job);
    if (status !== undefined) return status;
    if (!connectionsPassed(job.setup, this.store.now())) {
      return `Job ${job.id}: test the connection of the source and the target database successfully before the precheck.`;
    }
    if (job.setup.objects === undefined) {
      return `Job ${job.id}: select the objects to migrate or synchronize before the precheck.`;
    }
    return undefined;
  }

  /** Why a start is refused now (`resume`: a paused job may be started again). */
  whyNotStart(job: EmulatedDrsJob): string | undefined {
    if (job.status === "PAUSING") return undefined;
    const status = this.whyNotConfigure(job);
    if (status !== undefined) return status.replace("configured", "started");
    if (!precheckPassed(job.setup, this.store.now())) {
      return `Job ${job.id} cannot be started: the precheck has not passed (run it again after any change, and wait for its result).`;
    }
    return undefined;
  }

  /**
   * Tests endpoints now; the results are known after `delayMs`. Records each role's latest test
   * and returns the query id.
   */
  testConnection(
    job: EmulatedDrsJob,
    endpoints: readonly TestedEndpoint[],
    fault: StepFault | undefined,
    delayMs: number,
  ): { queryId: string; results: readonly ConnectionTestResult[] } {
    const readyAt = this.store.now() + delayMs;
    const results = endpoints.map((e): ConnectionTestResult => {
      const fails =
        fault !== undefined && (fault.endpointRole === undefined || fault.endpointRole === e.role);
      return {
        ip: e.ip,
        role: e.role,
        passed: !fails,
        reason: fails
          ? `Connection refused: the ${e.role === "so" ? "source" : "target"} database at ${e.ip ?? "(no address)"}${e.port ? `:${e.port}` : ""} did not accept the connection.`
          : undefined,
      };
    });
    for (const result of results) job.setup.connection[result.role] = { ...result, readyAt };
    job.setup.validPrecheckId = undefined;
    const queryId = randomUUID();
    job.setup.queries[queryId] = { kind: "network", readyAt, results };
    return { queryId, results };
  }

  /** Runs a precheck (refusals checked by the caller); returns its id. */
  precheck(job: EmulatedDrsJob, fault: StepFault | undefined): string {
    const failures = fault === undefined ? [] : (fault.items ?? [defaultPrecheckFailure]);
    const items: PrecheckItemResult[] = precheckItems.map(({ item, group }) => ({
      item,
      group,
      passed: true,
      reason: undefined,
    }));
    for (const failure of failures) {
      const at = items.findIndex((i) => i.item === failure.item);
      const failed = {
        item: failure.item,
        group: items[at]?.group ?? "other",
        passed: false,
        reason: failure.reason,
      };
      if (at >= 0) items[at] = failed;
      else items.push(failed);
    }
    const id = randomUUID();
    job.setup.queries[id] = {
      kind: "precheck",
      readyAt: this.store.now() + this.store.timing.precheckMs,
      items,
    };
    job.setup.validPrecheckId = id;
    job.setup.latestPrecheckId = id;
    return id;
  }

  /** Starts (or resumes) a job whose start {@link whyNotStart} let through. */
  start(job: EmulatedDrsJob, startAt: number | undefined, fault: StepFault | undefined): void {
    if (job.status === "PAUSING") {
      this.store.pause(job, true);
      return;
    }
    this.store.start(job, { ...(startAt !== undefined ? { startAt } : {}), fails: fault !== undefined });
  }
}
