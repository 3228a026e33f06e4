import type { FaultRule, StepFaultKind } from "./FaultInjector";

/**
 * The contract between the emulator's HTTP server and the services mounted on it (DRS, DLI,
 * IAM). The server parses the request, checks authentication and injects faults; a service only
 * answers requests it owns.
 */

/** A request as a service sees it, after authentication and fault checks passed. */
export interface EmulatorRequest {
  /** HTTP method in upper case. */
  readonly method: string;
  /** URL path without the query, for example `/v1.0/{project_id}/streaming/jobs/123`. */
  readonly path: string;
  /** The query parameters, decoded. */
  readonly query: URLSearchParams;
  /** The body parsed as JSON (integers beyond 2^53 arrive as decimal strings); undefined when empty. */
  readonly body: unknown;
}

/** A service's answer. */
export interface EmulatorAnswer {
  /** HTTP status code. */
  readonly status: number;
  /** Written with `JSON.stringify`; wrap 64-bit integers with `JSON.rawJSON` to keep them exact. */
  readonly body?: unknown;
}

/** How an injected fault wants a job step to fail (see `FaultRule`). */
export type StepFault = Pick<FaultRule, "endpointRole" | "items" | "refuse">;

/** What the server offers a service while it answers. */
export interface ServiceContext {
  /**
   * Asks the fault injector about one job's entry in a batch answer: `busy` means answer that
   * entry with the service's "another operation is running, try later" error, `omit` means
   * leave the entry out of the answer, `undefined` means answer normally.
   */
  batchEntryFault(jobId: string): "busy" | "omit" | undefined;
  /**
   * Asks the fault injector whether a job's submission (a run) is to fail: the reason the job
   * then shows, or `undefined` for a normal run. Optional: contexts made by tests may omit it.
   */
  submitFault?(jobId: string): string | undefined;
  /**
   * Asks the fault injector whether a job step of this call (a connection test, a precheck, a
   * start) must fail, consuming the rule once. Absent or `undefined`: the step goes well.
   */
  stepFault?(kind: StepFaultKind, job: { readonly id: string; readonly name: string }): StepFault | undefined;
}

/** One emulated vendor service. */
export interface EmulatedService {
  /** Short name used in the call log and fault rules, for example `drs` or `dli`. */
  readonly name: string;
  /** Answers a request this service owns, or returns `undefined` so the server tries the next one. */
  handle(req: EmulatorRequest, ctx: ServiceContext): EmulatorAnswer | undefined;
  /** Ids of the jobs a request names (path and body), for the call log. */
  jobIdsOf(req: EmulatorRequest): readonly string[];
  /**
   * Names of the jobs a request names or creates, for fault rules with `jobNames`; optional
   * (services without it are matched by `jobIds` only).
   */
  jobNamesOf?(req: EmulatorRequest): readonly string[];
  /** A job's current status for the call log, or `undefined` when the service does not know it. */
  jobStatus(jobId: string): string | undefined;
}
