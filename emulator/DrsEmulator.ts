import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  DrsJobStore,
  v5DeleteManyEngines,
  type DrsTiming,
  type EmulatedDrsJob,
  type SeedDrsJob,
} from "./DrsJobStore";

/** One request the emulator answered, for tests and the demo to inspect. */
export interface EmulatorCall {
  readonly seq: number;
  /** Milliseconds since the emulator started. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly status: number;
  readonly answer: unknown;
  /** For calls that name jobs: each job's status at the moment the call arrived. */
  readonly jobStatusBefore: Readonly<Record<string, string>>;
}

/** Options of {@link DrsEmulator}. */
export interface DrsEmulatorOptions extends Partial<DrsTiming> {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
}

type Answer = { status: number; body: unknown };

const notFound = (id: string) => ({
  error_code: "DRS.10000010",
  error_msg: `Job does not exist, please check job ID. (${id})`,
});
const failed = (msg: string) => ({ error_code: "DRS.10000001", error_msg: msg });

/**
 * A local stand-in for the Huawei Cloud DRS v5 API on loopback, answering like the vendor docs.
 * Control interface under `/__emulator/`: `GET calls`, `GET jobs`, `POST jobs` (seed), `POST reset`.
 * Authentication is not checked yet (see the README's emulator section).
 */
export class DrsEmulator {
  readonly store: DrsJobStore;
  private readonly log: EmulatorCall[] = [];
  private server: Server | undefined;
  private readonly port: number;

  constructor(options: DrsEmulatorOptions = {}) {
    this.store = new DrsJobStore({
      stopMs: options.stopMs ?? 3_000,
      deletedLingerMs: options.deletedLingerMs ?? 1_000,
    });
    this.port = options.port ?? 0;
  }

  /** Starts listening; resolves with the base URL, for example `http://127.0.0.1:41234`. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    // Keep-alive sockets from clients must not hold `stop()` open.
    server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    return this.url;
  }

  /** The base URL; only valid after {@link start}. */
  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error("the emulator is not listening");
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  seed(spec: SeedDrsJob): EmulatedDrsJob {
    return this.store.seed(spec);
  }

  /** The call log, oldest first (control calls excluded). */
  calls(): readonly EmulatorCall[] {
    return this.log;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text === "" ? undefined : (JSON.parse(text) as unknown);
    } catch {
      this.reply(res, { status: 400, body: failed("The request body is not valid JSON.") });
      return;
    }
    if (url.pathname.startsWith("/__emulator/")) {
      this.reply(res, this.control(req.method ?? "GET", url.pathname.slice("/__emulator/".length), body));
      return;
    }
    const jobStatusBefore: Record<string, string> = {};
    const answer = this.route(req.method ?? "GET", url, body, jobStatusBefore);
    this.log.push({
      seq: this.log.length + 1,
      at: this.store.now(),
      method: req.method ?? "GET",
      path: url.pathname + url.search,
      body,
      status: answer.status,
      answer: answer.body,
      jobStatusBefore,
    });
    this.reply(res, answer);
  }

  private reply(res: ServerResponse, answer: Answer): void {
    res.writeHead(answer.status, { "content-type": "application/json", "x-request-id": randomUUID() });
    res.end(JSON.stringify(answer.body));
  }

  private route(method: string, url: URL, body: unknown, before: Record<string, string>): Answer {
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== "v5" || parts[2] !== "jobs" || parts[1] === undefined) {
      return {
        status: 404,
        body: {
          error_code: "APIG.0101",
          error_msg: "The API does not exist or has not been published in the environment.",
        },
      };
    }
    const projectId = parts[1];
    const rest = parts.slice(3);
    const look = (id: string) => {
      const job = this.store.find(projectId, id);
      before[id] = job?.status ?? "(does not exist)";
      return job;
    };

    if (method === "GET" && rest.length === 1 && rest[0] !== undefined) {
      if (url.searchParams.get("type") === null)
        return { status: 400, body: failed("The parameter type is required.") };
      const job = look(rest[0]);
      if (!job) return { status: 400, body: notFound(rest[0]) };
      return { status: 200, body: { job: detailOf(job) } };
    }
    if (method === "POST" && rest.length === 1 && rest[0] === "batch-stop") {
      const jobs = arrayField(body, "jobs");
      if (
        !jobs?.every(
          (j) =>
            typeof j === "object" && j !== null && typeof (j as { job_id?: unknown }).job_id === "string",
        )
      ) {
        return { status: 400, body: failed("jobs must be a non-empty array of {job_id, is_force_stop?}.") };
      }
      const entries = jobs.map((j) => {
        const id = (j as { job_id: string }).job_id;
        const job = look(id);
        if (!job) return { id, status: "Failed", ...notFound(id) };
        if (!this.store.canStop(job)) {
          return {
            id,
            name: job.name,
            status: "Failed",
            ...failed(`The job cannot be stopped in status ${job.status}.`),
          };
        }
        this.store.stop(job);
        return { id, name: job.name, status: "Success" };
      });
      return { status: 200, body: { jobs: entries } };
    }
    if (method === "DELETE" && rest.length === 0) {
      const ids = arrayField(body, "jobs");
      if (!ids?.every((id) => typeof id === "string")) {
        return { status: 400, body: failed("jobs must be a non-empty array of job ids.") };
      }
      const entries = ids.map((id) => {
        const job = look(id);
        if (!job) return { id, status: "Failed", ...notFound(id) };
        if (!v5DeleteManyEngines.has(job.engineType)) {
          return {
            id,
            name: job.name,
            status: "Failed",
            ...failed(`Batch deletion is not supported for engine type ${job.engineType}.`),
          };
        }
        if (!this.store.canDelete(job)) {
          return {
            id,
            name: job.name,
            status: "Failed",
            ...failed(`The job must be stopped before deletion; status is ${job.status}.`),
          };
        }
        this.store.delete(job);
        return { id, name: job.name, status: "Success" };
      });
      return { status: 200, body: { jobs: entries } };
    }
    return {
      status: 404,
      body: {
        error_code: "APIG.0101",
        error_msg: "The API does not exist or has not been published in the environment.",
      },
    };
  }

  private control(method: string, what: string, body: unknown): Answer {
    if (method === "GET" && what === "calls") return { status: 200, body: this.log };
    if (method === "GET" && what === "jobs") return { status: 200, body: this.store.all() };
    if (method === "POST" && what === "jobs") {
      const specs = Array.isArray(body) ? (body as SeedDrsJob[]) : [body as SeedDrsJob];
      try {
        return { status: 201, body: specs.map((spec) => this.store.seed(spec)) };
      } catch (error) {
        return { status: 409, body: { error: error instanceof Error ? error.message : String(error) } };
      }
    }
    if (method === "POST" && what === "timing") {
      Object.assign(this.store.timing, body);
      return { status: 200, body: this.store.timing };
    }
    return { status: 404, body: { error: `unknown control call ${method} /__emulator/${what}` } };
  }
}

function detailOf(job: EmulatedDrsJob): Record<string, unknown> {
  return {
    id: job.id,
    name: job.name,
    status: job.status,
    base_info: { name: job.name, engine_type: job.engineType, job_type: job.jobType },
  };
}

function arrayField(body: unknown, field: string): unknown[] | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const value = (body as Record<string, unknown>)[field];
  return Array.isArray(value) && value.length > 0 ? value : undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
