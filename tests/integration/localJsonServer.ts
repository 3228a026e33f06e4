import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the test server received it. */
export interface ReceivedRequest {
  readonly method: string;
  /** Raw request target: path and query exactly as sent. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What the test server answers. */
export interface CannedAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Wait this long before answering, so that concurrent callers overlap. */
  readonly delayMs?: number;
}

/** A loopback HTTP server answering with a handler, recording every request. */
export class LocalJsonServer {
  readonly received: ReceivedRequest[] = [];
  private readonly server: Server;

  constructor(private readonly handler: (req: ReceivedRequest) => CannedAnswer) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const received: ReceivedRequest = {
          method: req.method ?? "",
          target: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        };
        this.received.push(received);
        const answer = this.handler(received);
        setTimeout(() => {
          res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
          res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
        }, answer.delayMs ?? 0);
      });
    });
  }

  /** Starts listening on a free loopback port; resolves the base URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Requests received whose path (without query) is `path`. */
  to(path: string): ReceivedRequest[] {
    return this.received.filter((r) => r.target.split("?")[0] === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
