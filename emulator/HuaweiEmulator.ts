import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { defaultEmulatorCredentials, type EmulatorCredentials } from "./defaultEmulatorCredentials";
import { DrsJobStore, type DrsTiming, type EmulatedDrsJob, type SeedDrsJob } from "./DrsJobStore";
import { DrsService } from "./DrsService";
import { DliService } from "./DliService";
import { defaultSubmitFailure, type DliTiming, type SeedDliJob } from "./DliJobStore";
import type { EmulatedService, EmulatorRequest, ServiceContext } from "./EmulatedService";
import { EmulatorAuth, type AuthResult, type AuthScheme } from "./EmulatorAuth";
import { projectMismatch } from "./projectMismatch";
import { seedCrowd } from "./seedCrowd";
import { resolveStrictness, type EmulatorStrictness } from "./emulatorStrictness";
import { BodyNotJsonError, parseBody } from "./emulatorJson";
import { FaultInjector, targetsJob, type ActiveFault, type CallFacts } from "./FaultInjector";
import { IamService, redactTokenRequest } from "./IamService";
import { isSecretKey } from "./DrsJobSetup";
import { parseSdkAuthorization } from "./sdkHmacSha256";

/** One request the emulator answered (or dropped), for tests and the demo to inspect. */
export interface EmulatorCall {
  /** Position in the log, from 1 since the log was last cleared; orders calls of the same millisecond. */
  readonly seq: number;
  /** Milliseconds since the emulator was created. */
  readonly at: number;
  /** HTTP method. */
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  /** The service that owns the path (`iam`, `drs`, `dli`, ...), when one does. */
  readonly service: string | undefined;
  /** How the call authenticated itself. */
  readonly auth: AuthScheme;
  /** The access key id of a signed call; never the secret key, token or signature. */
  readonly accessKeyId: string | undefined;
  /** The parsed body; passwords are replaced by `***`. */
  readonly body: unknown;
  /** HTTP status answered; 0 when the connection was reset without an answer. */
  readonly status: number;
  /** The answer's body as sent; undefined when empty, a note when the connection was reset. */
  readonly answer: unknown;
  /** For calls that name jobs: each job's status at the moment the call arrived. */
  readonly jobStatusBefore: Readonly<Record<string, string>>;
  /** The kinds of injected fault that shaped the call (latency and token expiry included), comma-separated. */
  readonly fault: string | undefined;
  /** Why authentication failed, if it did (safe to print: no secret). */
  readonly authError: string | undefined;
}

/** Options of {@link HuaweiEmulator}. */
export interface HuaweiEmulatorOptions extends Partial<DrsTiming> {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one, which later restarts keep. */
  port?: number;
  /** `verify` (default) checks every service call's credentials; `off` accepts any call. */
  auth?: "verify" | "off";
  /** Accepted credentials (default {@link defaultEmulatorCredentials}). */
  credentials?: EmulatorCredentials;
  /** How long an access key stays locked after five failed signatures in a row (default 5 min). */
  lockMs?: number;
  /** How long an issued IAM token lives (default 24 h). */
  tokenTtlMs?: number;
  /**
   * `huaweicloud` (default) or `otc`: Open Telekom Cloud forgets a deleted DRS job at once (no
   * DELETED status) and has no DRS v5 API.
   */
  cloud?: "huaweicloud" | "otc";
  /** Whether DRS v5 is published (default: true on Huawei Cloud, false on OTC). */
  v5Available?: boolean;
  /** Timing of the built-in DLI service (submit, stop, savepoint). */
  dli?: Partial<DliTiming>;
  /** More services, tried after the built-in IAM, DRS and DLI. */
  services?: readonly EmulatedService[];
  /** Turns on every stricter behaviour the vendor allows ({@link EmulatorStrictness}). */
  pessimistic?: boolean;
  /** Turns single stricter behaviours on or off, over what `pessimistic` chose. */
  strict?: Partial<EmulatorStrictness>;
}

type Answer = { status: number; body?: unknown; headers?: Readonly<Record<string, string>> };

const apigError = (status: number, code: string, msg: string): Answer => ({
  status,
  body: { error_code: code, error_msg: msg },
});
// What a gateway answers when the service behind it acted but its answer did not come back.
const lostAnswerError = (status: number): Answer =>
  apigError(status, "APIG.0203", "Backend timeout: the service's answer was lost (injected fault).");
const notPublished = apigError(
  404,
  "APIG.0101",
  "The API does not exist or has not been published in the environment.",
);

// Paths of well-known services, so that fault rules can match a call by service before any
// service has looked at it. Mounted services outside this table are matched by path only.
const servicePaths: readonly (readonly [string, RegExp])[] = [
  ["iam", /^\/v3\/(auth\/tokens|projects)\/?$/],
  ["drs", /^\/v3\/[^/]+\/jobs(\/|$)|^\/v5\//],
  ["dli", /^\/v1\.0\/[^/]+\/streaming(\/|$)/],
];

/**
 * A local stand-in for Huawei Cloud on loopback: IAM tokens, DRS v3 and v5, and any mounted
 * {@link EmulatedService} (DLI), answering like the vendor docs. Every service call's credentials
 * are verified (AK/SK signature or IAM token). Faults can be injected, and jobs survive
 * {@link stop} and {@link start}. Control interface under `/__emulator/` (no credentials needed):
 * see the README's emulator section.
 */
export class HuaweiEmulator {
  /** The DRS jobs and their state machine. */
  readonly store: DrsJobStore;
  /** The built-in DRS service. */
  readonly drs: DrsService;
  /** The built-in DLI Flink job service. */
  readonly dli: DliService;
  /** Fault rules in force. */
  readonly faults = new FaultInjector();
  /** Credential checks, issued tokens and access key locks. */
  readonly auth: EmulatorAuth;
  /** Which stricter behaviours are on. */
  readonly strictness: EmulatorStrictness;
  private readonly iam: IamService;
  private readonly services: readonly EmulatedService[];
  private readonly authMode: "verify" | "off";
  private log: EmulatorCall[] = [];
  private readonly callListeners = new Set<(call: EmulatorCall) => void>();
  private server: Server | undefined;
  private port: number;

  constructor(options: HuaweiEmulatorOptions = {}) {
    const otc = options.cloud === "otc";
    this.strictness = resolveStrictness(options.pessimistic, options.strict);
    this.store = new DrsJobStore({
      ...(options.stopMs !== undefined ? { stopMs: options.stopMs } : {}),
      ...(options.forceStopMs !== undefined ? { forceStopMs: options.forceStopMs } : {}),
      ...(options.deletedLingerMs !== undefined ? { deletedLingerMs: options.deletedLingerMs } : {}),
      ...(options.createMs !== undefined ? { createMs: options.createMs } : {}),
      ...(options.connectionTestMs !== undefined ? { connectionTestMs: options.connectionTestMs } : {}),
      ...(options.precheckMs !== undefined ? { precheckMs: options.precheckMs } : {}),
      ...(options.startMs !== undefined ? { startMs: options.startMs } : {}),
      ...(options.fullTransferMs !== undefined ? { fullTransferMs: options.fullTransferMs } : {}),
      deletedStatus: options.deletedStatus ?? !otc,
    });
    this.drs = new DrsService(this.store, {
      v5Available: options.v5Available ?? !otc,
      strict: this.strictness,
    });
    this.auth = new EmulatorAuth(options.credentials ?? defaultEmulatorCredentials, {
      lockMs: options.lockMs ?? 5 * 60_000,
      tokenTtlMs: options.tokenTtlMs ?? 24 * 3_600_000,
    });
    this.iam = new IamService(this.auth);
    // One clock for the call log and both stores, so that times in the records line up.
    this.dli = new DliService({ ...options.dli, now: () => this.store.now(), strict: this.strictness });
    this.services = [this.drs, this.dli, ...(options.services ?? [])];
    this.authMode = options.auth ?? "verify";
    this.port = options.port ?? 0;
    this.seedCrowdIfAsked();
  }

  private seedCrowdIfAsked(): void {
    if (this.strictness.crowdedProject) seedCrowd(this, this.auth.credentials.projectId);
  }

  /**
   * Starts listening; resolves with the base URL, for example `http://127.0.0.1:41234`. After
   * {@link stop}, starts again on the same port with every job, token and fault rule kept.
   */
  async start(): Promise<string> {
    if (this.server) return this.url;
    const server = createServer((req, res) => void this.handle(req, res));
    // Keep-alive sockets from clients must not hold `stop()` open.
    server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.url;
  }

  /** The base URL of every service (IAM, DRS, DLI); only valid after {@link start}. */
  get url(): string {
    if (!this.server) throw new Error("the emulator is not listening");
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops listening and drops open connections; state is kept for a later {@link start}. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Adds a DRS job. */
  seed(spec: SeedDrsJob): EmulatedDrsJob {
    return this.store.seed(spec);
  }

  /** The call log, oldest first (control calls excluded). */
  calls(): readonly EmulatorCall[] {
    return this.log;
  }

  /**
   * Hands every call to `listener` as it is logged, even if the log is cleared later (the SDK
   * contract check of the test suites uses this). Returns a function that stops the listening.
   */
  onCall(listener: (call: EmulatorCall) => void): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  /**
   * Forgets jobs, calls, fault rules, tokens and access key locks; keeps timing and credentials
   * (a crowded project gets its unrelated jobs back).
   */
  reset(): void {
    this.store.clear();
    this.dli.store.clear();
    this.log = [];
    this.faults.clear();
    this.auth.reset();
    this.seedCrowdIfAsked();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const target = req.url ?? "/";
    const url = new URL(target, "http://emulator");
    const method = (req.method ?? "GET").toUpperCase();
    let body: unknown;
    let bodyError: string | undefined;
    try {
      body = parseBody(raw.toString("utf8"));
    } catch (error) {
      if (!(error instanceof BodyNotJsonError)) throw error;
      bodyError = error.message;
    }
    if (url.pathname.startsWith("/__emulator/")) {
      const answer =
        bodyError !== undefined
          ? { status: 400, body: { error: `the body is not JSON: ${bodyError}` } }
          : this.control(method, url.pathname.slice("/__emulator/".length), body);
      this.reply(res, answer);
      return;
    }

    const path = url.pathname;
    const service = servicePaths.find(([, pattern]) => pattern.test(path))?.[0];
    const facts: CallFacts = { service, method, path };
    const headers = flattenHeaders(req);
    // Faults that shaped the call without answering it (expired tokens, latency) are logged too.
    const applied: string[] = [];
    const record = (answer: Answer | "reset", authResult: AuthResult, extra: Partial<EmulatorCall> = {}) => {
      const kinds = [...applied, ...(extra.fault === undefined ? [] : [extra.fault])];
      const entry: EmulatorCall = {
        seq: this.log.length + 1,
        at: this.store.now(),
        method,
        path: target,
        service,
        auth: authResult.scheme,
        accessKeyId: authResult.accessKeyId,
        body: redactPasswords(IamService.isTokenIssue(method, path) ? redactTokenRequest(body) : body),
        status: answer === "reset" ? 0 : answer.status,
        answer: answer === "reset" ? "(connection reset without an answer)" : answer.body,
        jobStatusBefore: {},
        authError: authResult.ok ? undefined : authResult.reason,
        ...extra,
        fault: kinds.length > 0 ? [...new Set(kinds)].join(",") : undefined,
      };
      this.log.push(entry);
      this.callListeners.forEach((listener) => listener(entry));
    };

    for (const rule of this.faults.matching(facts, ["tokenExpiry"])) {
      this.auth.expireAllTokens();
      this.faults.consume(rule);
      applied.push("tokenExpiry");
    }
    const authResult = this.authenticate(method, path, target, headers, raw);
    if (!authResult.ok) {
      const answer = apigError(
        401,
        "APIG.0301",
        `Incorrect IAM authentication information: ${authResult.reason}.`,
      );
      record(answer, authResult);
      this.reply(res, answer);
      return;
    }
    const foreign =
      this.strictness.checkProject && this.authMode === "verify"
        ? projectMismatch(service, path, headers, authResult, this.auth.credentials.projectId)
        : undefined;
    if (foreign !== undefined) {
      record(foreign, authResult);
      this.reply(res, foreign);
      return;
    }

    const latency = this.faults.matching(facts, ["latency"]);
    if (latency.length > 0) {
      latency.forEach((rule) => this.faults.consume(rule));
      applied.push("latency");
      await sleep(latency.reduce((sum, rule) => sum + (rule.latencyMs ?? 0), 0));
    }
    const [gatewayFault] = this.faults.matching(facts, ["reset", "error", "throttle"]);
    if (gatewayFault) {
      this.faults.consume(gatewayFault);
      if (gatewayFault.kind === "reset") {
        record("reset", authResult, { fault: "reset" });
        req.socket.destroy();
        return;
      }
      const answer =
        gatewayFault.kind === "throttle"
          ? apigError(
              429,
              "APIG.0308",
              "The throttling threshold has been reached: policy user over ratelimit.",
            )
          : apigError(gatewayFault.status ?? 503, "APIG.0202", "Backend unavailable (injected fault).");
      record(answer, authResult, { fault: gatewayFault.kind });
      this.reply(res, answer);
      return;
    }

    if (bodyError !== undefined) {
      const answer = apigError(400, "APIG.0201", `The request body is not valid JSON: ${bodyError}`);
      record(answer, authResult);
      this.reply(res, answer);
      return;
    }
    if (service === "iam") {
      const answer = this.iam.handle(method, path, url.searchParams, body);
      record(answer, authResult);
      this.reply(res, answer);
      return;
    }

    const request: EmulatorRequest = { method, path, query: url.searchParams, body };
    const jobStatusBefore = this.jobStatuses(request, service);
    const entryRules = this.faults.matching(facts, ["busy", "omit"]);
    const submitRules = this.faults.matching(facts, ["submitFail"]);
    const used = new Set<ActiveFault>();
    const steps: string[] = [];
    const ctx: ServiceContext = {
      batchEntryFault: (jobId) => {
        const rule = entryRules.find((r) => r.jobIds === undefined || r.jobIds.includes(jobId));
        if (rule === undefined) return undefined;
        used.add(rule);
        return rule.kind === "busy" ? "busy" : "omit";
      },
      submitFault: (jobId) => {
        const rule = submitRules.find((r) => r.jobIds === undefined || r.jobIds.includes(jobId));
        if (rule === undefined) return undefined;
        used.add(rule);
        return rule.reason ?? defaultSubmitFailure;
      },
      stepFault: (kind, job) => {
        const rule = this.faults.takeStepFault(kind, facts, job);
        if (rule !== undefined) steps.push(kind);
        return rule;
      },
    };
    let answer: Answer | undefined;
    let answeredBy = service;
    for (const svc of this.services) {
      answer = svc.handle(request, ctx);
      if (answer !== undefined) {
        answeredBy = svc.name;
        break;
      }
    }
    used.forEach((rule) => this.faults.consume(rule));
    answer ??= notPublished;
    // The service has acted; only the answer goes missing on its way back.
    const owner = this.services.find((svc) => svc.name === answeredBy);
    const named = {
      ids: owner?.jobIdsOf(request) ?? [],
      names: owner?.jobNamesOf?.(request) ?? [],
    };
    const lost = this.faults
      .matching(facts, ["lostAnswer"])
      .find(
        (rule) =>
          targetsJob(rule, {}) ||
          named.ids.some((id) => targetsJob(rule, { id })) ||
          named.names.some((name) => targetsJob(rule, { name })),
      );
    if (lost) {
      this.faults.consume(lost);
      const shown = lost.status === undefined ? "reset" : lostAnswerError(lost.status);
      record(shown, authResult, { service: answeredBy, jobStatusBefore, fault: "lostAnswer" });
      if (shown === "reset") req.socket.destroy();
      else this.reply(res, shown);
      return;
    }
    const shaped = [...[...used].map((r) => r.kind), ...steps];
    record(answer, authResult, {
      service: answeredBy,
      jobStatusBefore,
      fault: shaped.length > 0 ? shaped.join(",") : undefined,
    });
    this.reply(res, answer);
  }

  private authenticate(
    method: string,
    path: string,
    target: string,
    headers: Record<string, string>,
    raw: Buffer,
  ): AuthResult {
    if (IamService.isTokenIssue(method, path)) return { ok: true, scheme: "none" };
    if (this.authMode === "verify") return this.auth.verify({ method, target, headers, body: raw });
    if (headers["x-auth-token"] !== undefined) return { ok: true, scheme: "token" };
    const signed = headers["authorization"] && parseSdkAuthorization(headers["authorization"]);
    return signed
      ? { ok: true, scheme: "aksk", accessKeyId: signed.accessKeyId }
      : { ok: true, scheme: "none" };
  }

  /** Each named job's status before the call, from the service that owns the path. */
  private jobStatuses(request: EmulatorRequest, service: string | undefined): Record<string, string> {
    const before: Record<string, string> = {};
    const owner = this.services.find((s) => s.name === service);
    for (const svc of owner ? [owner] : this.services) {
      for (const id of svc.jobIdsOf(request)) {
        const status = svc.jobStatus(id);
        if (status !== undefined) before[id] = status;
        else if (owner) before[id] = "(does not exist)";
      }
    }
    return before;
  }

  private reply(res: ServerResponse, answer: Answer): void {
    res.writeHead(answer.status, {
      "content-type": "application/json",
      "x-request-id": randomUUID(),
      ...answer.headers,
    });
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }

  private control(method: string, what: string, body: unknown): Answer {
    const route = `${method} ${what.replace(/\/+$/, "")}`;
    try {
      switch (route) {
        case "GET calls":
          return { status: 200, body: this.log };
        case "DELETE calls":
          this.log = [];
          return { status: 204 };
        case "GET jobs":
          return { status: 200, body: this.store.all() };
        case "POST jobs": {
          const specs = Array.isArray(body) ? (body as SeedDrsJob[]) : [body as SeedDrsJob];
          return { status: 201, body: specs.map((spec) => this.store.seed(spec)) };
        }
        case "GET dli/jobs":
          return { status: 200, body: this.dli.store.all() };
        case "POST dli/jobs": {
          const specs = Array.isArray(body) ? (body as SeedDliJob[]) : [body as SeedDliJob];
          return { status: 201, body: specs.map((spec) => this.dli.seed(spec)) };
        }
        case "POST timing":
          return { status: 200, body: this.setTiming(body) };
        case "POST reset":
          this.reset();
          return { status: 204 };
        case "GET faults":
          return { status: 200, body: this.faults.list() };
        case "POST faults":
          return { status: 201, body: this.faults.add(body) };
        case "DELETE faults":
          this.faults.clear();
          return { status: 204 };
        case "POST tokens/expire":
          this.auth.expireAllTokens();
          return { status: 204 };
        default:
          return { status: 404, body: { error: `unknown control call ${method} /__emulator/${what}` } };
      }
    } catch (error) {
      return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
    }
  }

  private setTiming(body: unknown): Record<string, unknown> {
    if (typeof body !== "object" || body === null) throw new Error("timing must be a JSON object");
    const t = body as Record<string, unknown>;
    const drsKeys = [
      "stopMs",
      "forceStopMs",
      "deletedLingerMs",
      "createMs",
      "connectionTestMs",
      "precheckMs",
      "startMs",
      "fullTransferMs",
    ] as const;
    for (const key of [...drsKeys, "lockMs", "tokenTtlMs"]) {
      if (t[key] !== undefined && (typeof t[key] !== "number" || t[key] < 0)) {
        throw new Error(`timing "${key}" must be a non-negative number of milliseconds`);
      }
    }
    for (const key of drsKeys) if (typeof t[key] === "number") this.store.timing[key] = t[key];
    if (typeof t["deletedStatus"] === "boolean") this.store.timing.deletedStatus = t["deletedStatus"];
    if (typeof t["lockMs"] === "number") this.auth.timing.lockMs = t["lockMs"];
    if (typeof t["tokenTtlMs"] === "number") this.auth.timing.tokenTtlMs = t["tokenTtlMs"];
    const dli = t["dli"];
    if (typeof dli === "object" && dli !== null) {
      for (const key of ["submitMs", "stopMs", "savepointMs"] as const) {
        const value = (dli as Record<string, unknown>)[key];
        if (value === undefined) continue;
        if (typeof value !== "number" || value < 0)
          throw new Error(`timing "dli.${key}" must be a non-negative number of milliseconds`);
        this.dli.store.timing[key] = value;
      }
    }
    return { ...this.store.timing, ...this.auth.timing, dli: this.dli.store.timing };
  }
}

/** A logged copy of a request body with every password-like field shown as `***`. */
function redactPasswords(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPasswords);
  if (typeof value !== "object" || value === null || isRawJson(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      isSecretKey(key) && v !== undefined && v !== null ? "***" : redactPasswords(v),
    ]),
  );
}

function isRawJson(value: unknown): boolean {
  return (JSON as unknown as { isRawJSON?: (v: unknown) => boolean }).isRawJSON?.(value) === true;
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
