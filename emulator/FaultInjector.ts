/**
 * Faults the emulator injects on request, to exercise a client's handling of a misbehaving cloud.
 *
 * - `latency`: adds `latencyMs` before the call is answered.
 * - `error`: answers with `status` (default 503) and a gateway error body, without reaching the service.
 * - `throttle`: answers 429 `APIG.0308`, without reaching the service.
 * - `reset`: destroys the connection without any answer.
 * - `tokenExpiry`: expires every issued IAM token just before the call is checked.
 * - `busy`: in batch answers, the entries of `jobIds` (all jobs when absent) fail with the
 *   service's "another operation is running" error (DRS: `DRS.M01504`).
 * - `omit`: in batch answers, the entries of `jobIds` (all when absent) are left out.
 * - `submitFail`: a DLI run accepts the jobs of `jobIds` (all when absent) but their submission
 *   then fails: the job goes `job_submitting` → `job_submit_fail`, with `reason` (or a default) as
 *   its `status_desc`. Match it to the run call (`/streaming/jobs/run`).
 * - `lostAnswer`: the service carries the call out (a create creates its job), then the answer is
 *   lost: the connection is destroyed, or, with `status`, a gateway error of that status is sent
 *   instead. The client cannot tell whether anything happened. With `jobNames`, only calls naming
 *   one of those jobs (a create body's job name, or a job the call addresses) are affected.
 * - `connectionFails`: a DRS connection test of the matching jobs fails with "connection refused"
 *   (only the `endpointRole` endpoint when given).
 * - `precheckFails`: a DRS precheck of the matching jobs finishes failed, with `items` (or a
 *   default item) as the reasons.
 * - `startFails`: a DRS start of the matching jobs fails: later, as START_JOB_FAILED, or at once
 *   (the call refused) with `refuse: true`.
 *
 * The last three are job steps: `jobIds` / `jobNames` pick the jobs (all when both are absent) and
 * `count` counts affected steps, so `count: 1` means "the next one".
 */
export type FaultKind =
  | "latency"
  | "error"
  | "throttle"
  | "reset"
  | "tokenExpiry"
  | "busy"
  | "omit"
  | "submitFail"
  | "lostAnswer"
  | "connectionFails"
  | "precheckFails"
  | "startFails";

/** The job steps a fault can make fail, by fault kind. */
export type StepFaultKind = "connectionFails" | "precheckFails" | "startFails";

/** One failed precheck item a `precheckFails` rule asks for. */
export interface FailedPrecheckItem {
  /** The check's name, for example `dbConnectionCheck` (emulator's choice of names). */
  readonly item: string;
  /** Why it failed, as the answer's `failed_reason` says. */
  readonly reason: string;
}

/** Which calls a rule applies to; every given criterion must hold. */
export interface FaultMatch {
  /** Service name: `iam`, `drs`, `dli`, ... */
  readonly service?: string;
  /** HTTP method, case-insensitive. */
  readonly method?: string;
  /** A regular expression tested against the path (query excluded). */
  readonly path?: string;
}

/** A fault rule as `POST /__emulator/faults` takes it. */
export interface FaultRule {
  /** What the fault does (see {@link FaultKind}). */
  readonly kind: FaultKind;
  /** Which calls it applies to; every call when absent. */
  readonly match?: FaultMatch;
  /** Affects this many matching calls, then lapses. */
  readonly count?: number;
  /** Lapses this long after it was added. Without `count` and `durationMs` it lasts until cleared. */
  readonly durationMs?: number;
  /** `latency`: milliseconds added. */
  readonly latencyMs?: number;
  /** `error`: the HTTP status (default 503); `lostAnswer`: the gateway error sent instead of the answer. */
  readonly status?: number;
  /** `busy` / `omit` / `submitFail` / job steps: the jobs affected, by id; all jobs when absent (and no `jobNames`). */
  readonly jobIds?: readonly string[];
  /** `lostAnswer` / job steps: the jobs affected, by name (either list may match). */
  readonly jobNames?: readonly string[];
  /** `connectionFails`: only this endpoint's test fails (`so` source, `ta` target); both when absent. */
  readonly endpointRole?: "so" | "ta";
  /** `precheckFails`: the failed items to report; a default item when absent. */
  readonly items?: readonly FailedPrecheckItem[];
  /** `startFails`: refuse the start call itself instead of failing the job afterwards. */
  readonly refuse?: boolean;
  /** `submitFail`: the vendor's reason the job then shows as `status_desc`. */
  readonly reason?: string;
}

/** A rule in force, as `GET /__emulator/faults` lists it. */
export interface ActiveFault extends FaultRule {
  /** Number given when the rule was added, counting from 1. */
  readonly id: number;
  /** Epoch ms after which the rule lapses, when it has a duration. */
  readonly until?: number;
  /** Matching calls it may still affect, when it has a count. */
  remaining?: number;
}

/** What a call is, for matching. */
export interface CallFacts {
  /** The service owning the path (`iam`, `drs`, `dli`, ...), when one does. */
  readonly service: string | undefined;
  /** HTTP method. */
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
}

const kinds: ReadonlySet<string> = new Set([
  "latency",
  "error",
  "throttle",
  "reset",
  "tokenExpiry",
  "busy",
  "omit",
  "submitFail",
  "lostAnswer",
  "connectionFails",
  "precheckFails",
  "startFails",
]);

/** Holds the fault rules and decides which apply to a call. */
export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;

  /** Adds a rule after checking its shape; throws a message naming the bad field. */
  add(input: unknown, now = Date.now()): ActiveFault {
    const rule = validateRule(input);
    const active: ActiveFault = {
      ...rule,
      id: this.nextId++,
      ...(rule.durationMs !== undefined ? { until: now + rule.durationMs } : {}),
      ...(rule.count !== undefined ? { remaining: rule.count } : {}),
    };
    this.rules.push(active);
    return active;
  }

  /** Rules still in force. */
  list(now = Date.now()): readonly ActiveFault[] {
    this.rules = this.rules.filter((r) => !lapsed(r, now));
    return this.rules;
  }

  /** Removes every rule (`DELETE /__emulator/faults`, and the emulator's reset). */
  clear(): void {
    this.rules = [];
  }

  /** Rules of these kinds that match the call, oldest first; nothing is consumed. */
  matching(call: CallFacts, only: readonly FaultKind[], now = Date.now()): ActiveFault[] {
    return this.list(now).filter((r) => only.includes(r.kind) && matches(r.match, call));
  }

  /**
   * The oldest step rule of `kind` matching the call and the job (by id or name), consumed once;
   * `undefined` when none applies.
   */
  takeStepFault(
    kind: StepFaultKind,
    call: CallFacts,
    job: { readonly id: string; readonly name: string },
    now = Date.now(),
  ): ActiveFault | undefined {
    const rule = this.matching(call, [kind], now).find((r) => targetsJob(r, job));
    if (rule !== undefined) this.consume(rule);
    return rule;
  }

  /** Counts one affected call against a rule with a count. */
  consume(rule: ActiveFault): void {
    if (rule.remaining !== undefined) rule.remaining -= 1;
  }
}

/** Whether a rule's `jobIds` / `jobNames` pick a job (a rule naming neither picks every job). */
export function targetsJob(
  rule: Pick<FaultRule, "jobIds" | "jobNames">,
  job: { readonly id?: string | undefined; readonly name?: string | undefined },
): boolean {
  if (rule.jobIds === undefined && rule.jobNames === undefined) return true;
  return (
    (job.id !== undefined && rule.jobIds?.includes(job.id) === true) ||
    (job.name !== undefined && rule.jobNames?.includes(job.name) === true)
  );
}

function lapsed(rule: ActiveFault, now: number): boolean {
  return (
    (rule.remaining !== undefined && rule.remaining <= 0) || (rule.until !== undefined && now >= rule.until)
  );
}

function matches(match: FaultMatch | undefined, call: CallFacts): boolean {
  if (match === undefined) return true;
  if (match.service !== undefined && match.service !== call.service) return false;
  if (match.method !== undefined && match.method.toUpperCase() !== call.method.toUpperCase()) return false;
  if (match.path !== undefined && !new RegExp(match.path).test(call.path)) return false;
  return true;
}

function validateRule(input: unknown): FaultRule {
  if (typeof input !== "object" || input === null) throw new Error("a fault rule must be a JSON object");
  const r = input as Record<string, unknown>;
  if (typeof r["kind"] !== "string" || !kinds.has(r["kind"])) {
    throw new Error(`fault rule "kind" must be one of ${[...kinds].join(", ")}`);
  }
  const positive = (field: string) => {
    const v = r[field];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0))) {
      throw new Error(`fault rule "${field}" must be a non-negative number`);
    }
  };
  ["count", "durationMs", "latencyMs", "status"].forEach(positive);
  if (r["kind"] === "latency" && r["latencyMs"] === undefined)
    throw new Error('a latency rule needs "latencyMs"');
  const status = r["status"];
  if (status !== undefined && (typeof status !== "number" || status < 400 || status > 599)) {
    throw new Error('fault rule "status" must be an HTTP error status (400-599)');
  }
  for (const list of ["jobIds", "jobNames"]) {
    const v = r[list];
    if (v !== undefined && (!Array.isArray(v) || !v.every((id) => typeof id === "string"))) {
      throw new Error(`fault rule "${list}" must be an array of strings`);
    }
  }
  const role = r["endpointRole"];
  if (role !== undefined && role !== "so" && role !== "ta") {
    throw new Error('fault rule "endpointRole" must be "so" or "ta"');
  }
  if (r["refuse"] !== undefined && typeof r["refuse"] !== "boolean") {
    throw new Error('fault rule "refuse" must be a boolean');
  }
  const items = r["items"];
  if (
    items !== undefined &&
    (!Array.isArray(items) ||
      !items.every(
        (i) =>
          typeof i === "object" &&
          i !== null &&
          typeof (i as Record<string, unknown>)["item"] === "string" &&
          typeof (i as Record<string, unknown>)["reason"] === "string",
      ))
  ) {
    throw new Error('fault rule "items" must be an array of {"item", "reason"} strings');
  }
  if (r["reason"] !== undefined && typeof r["reason"] !== "string") {
    throw new Error('fault rule "reason" must be a string');
  }
  const match = r["match"];
  if (match !== undefined) {
    if (typeof match !== "object" || match === null) throw new Error('fault rule "match" must be an object');
    const m = match as Record<string, unknown>;
    for (const field of ["service", "method", "path"]) {
      if (m[field] !== undefined && typeof m[field] !== "string") {
        throw new Error(`fault rule "match.${field}" must be a string`);
      }
    }
    if (typeof m["path"] === "string") new RegExp(m["path"]); // throws a clear SyntaxError
  }
  return r as unknown as FaultRule;
}
