/**
 * What the create-to-start calls of DRS configure on a job. Only what the emulator needs to
 * answer and to enforce the order of the steps; endpoints are kept without their passwords, so
 * the control interface's job list never shows a secret.
 */

/** The outcome of one endpoint's connection test. */
export interface ConnectionTestResult {
  /** The endpoint's address as the request gave it (`ip`). */
  readonly ip: string | undefined;
  /** `so` (source) or `ta` (target). */
  readonly role: "so" | "ta";
  /** Whether the test passed. */
  readonly passed: boolean;
  /** Why it failed (a connection refused), when it did. */
  readonly reason: string | undefined;
}

/** A connection test (v5 `network` action, v3 batch-connection) and when its result is known. */
export interface ConnectionTest {
  readonly kind: "network";
  /** Emulator clock (ms) from which the result is known. */
  readonly readyAt: number;
  /** One result per tested endpoint, in request order. */
  readonly results: readonly ConnectionTestResult[];
}

/** One item of a precheck's result. */
export interface PrecheckItemResult {
  /** The check's name (emulator's choice of names). */
  readonly item: string;
  /** The group the check belongs to (emulator's choice). */
  readonly group: string;
  /** Whether it passed. */
  readonly passed: boolean;
  /** Why it failed, when it did. */
  readonly reason: string | undefined;
}

/** A precheck (v5 `precheck` action, v3 batch-precheck) and when its result is known. */
export interface Precheck {
  readonly kind: "precheck";
  /** Emulator clock (ms) from which the result is known. */
  readonly readyAt: number;
  /** The items, all known at `readyAt`. */
  readonly items: readonly PrecheckItemResult[];
}

/** A DRS job's configuration as the create-to-start calls left it. */
export interface DrsJobSetup {
  /** `base_info.description` (v5) or `description` (v3). */
  description: string | undefined;
  /** Source endpoints as the client described them, passwords removed. */
  sourceEndpoints: unknown[];
  /** Target endpoints as the client described them, passwords removed. */
  targetEndpoints: unknown[];
  /** v5 `node_info` as given at creation. */
  nodeInfo: unknown;
  /** The latest connection test of each endpoint role. */
  connection: {
    so?: ConnectionTestResult & { readyAt: number };
    ta?: ConnectionTestResult & { readyAt: number };
  };
  /** The object selection (v5 `DbObject`, v3 `UpdateDatabaseObjectReq`), once made. */
  objects: unknown;
  /** Id of the precheck a start may rely on; cleared when endpoints or objects change afterwards. */
  validPrecheckId: string | undefined;
  /** Id of the latest precheck (v3 batch-precheck-result answers for it). */
  latestPrecheckId: string | undefined;
  /** Async results by query id (v5 `query_id`, v3 `precheck_id`). */
  readonly queries: Record<string, ConnectionTest | Precheck>;
  /** Speed limits (v3 batch-limit-speed), once set. */
  speedLimit: unknown[] | undefined;
}

/** A setup with nothing configured (seeded jobs start so). */
export function emptyDrsJobSetup(): DrsJobSetup {
  return {
    description: undefined,
    sourceEndpoints: [],
    targetEndpoints: [],
    nodeInfo: undefined,
    connection: {},
    objects: undefined,
    validPrecheckId: undefined,
    latestPrecheckId: undefined,
    queries: {},
    speedLimit: undefined,
  };
}

/**
 * A deep copy of a request value without any field whose name contains `password` (or a
 * certificate/key store secret): what the emulator keeps and shows back.
 */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (isSecretKey(key)) continue;
    out[key] = withoutSecrets(v);
  }
  return out;
}

/** Whether a request field holds a secret (database passwords, Kafka key store passwords). */
export function isSecretKey(key: string): boolean {
  return /password/i.test(key);
}

/** Whether the connection tests of both endpoints are known and passed at `now`. */
export function connectionsPassed(setup: DrsJobSetup, now: number): boolean {
  const ok = (r: DrsJobSetup["connection"]["so"]) => r !== undefined && r.passed && r.readyAt <= now;
  return ok(setup.connection.so) && ok(setup.connection.ta);
}

/** Whether the precheck a start may rely on is finished and passed at `now`. */
export function precheckPassed(setup: DrsJobSetup, now: number): boolean {
  const id = setup.validPrecheckId;
  const check = id === undefined ? undefined : setup.queries[id];
  return check?.kind === "precheck" && check.readyAt <= now && check.items.every((i) => i.passed);
}

/**
 * Voids what depended on an endpoint after it was described again: the precheck always, the
 * role's connection test when the address differs from the one tested (saving the endpoint that
 * was just tested, as the v3 flow does, keeps the test).
 */
export function endpointReplaced(setup: DrsJobSetup, role: "so" | "ta", ip: unknown): void {
  if (setup.connection[role]?.ip !== ip) {
    setup.connection =
      role === "so" ? { ...pick(setup.connection, "ta") } : { ...pick(setup.connection, "so") };
  }
  setup.validPrecheckId = undefined;
}

function pick(connection: DrsJobSetup["connection"], role: "so" | "ta"): DrsJobSetup["connection"] {
  const kept = connection[role];
  return kept === undefined ? {} : { [role]: kept };
}

/** The items every precheck runs (names after the vendor's skippable precheck items). */
export const precheckItems: readonly { item: string; group: string }[] = [
  { item: "dbConnectionCheck", group: "connection" },
  { item: "checkJobDbObjectInfo", group: "object" },
  { item: "dbParamConsistency", group: "parameter" },
  { item: "dstDbDiskSize", group: "resource" },
];
