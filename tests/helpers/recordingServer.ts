import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiConnection } from "../../provider/http/ApiConnection";

/** A request as the test server received it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The exact body text, so that tests can check how numbers were written. */
  readonly body: string;
}

/** What the server answers; `raw` is sent as it is, `json` through `JSON.stringify`. */
export interface CannedAnswer {
  readonly status?: number;
  readonly json?: unknown;
  readonly raw?: string;
}

/** Decides the answer to the `index`-th request (0-based). */
export type Responder = (req: RecordedRequest, index: number) => CannedAnswer;

/** A real HTTP server on loopback that records every request and answers from a script. */
export interface RecordingServer {
  readonly requests: RecordedRequest[];
  /** A connection to this server with a do-nothing authenticator. */
  readonly conn: ApiConnection;
  close(): Promise<void>;
}

/** The project id every test connection uses. */
export const testProjectId = "0123456789abcdef0123456789abcdef";

/** Starts a {@link RecordingServer} on a free loopback port. */
export async function startRecordingServer(respond: Responder): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      let answer: CannedAnswer;
      try {
        answer = respond(recorded, requests.length - 1);
      } catch (error) {
        answer = { status: 599, raw: `test responder failed: ${String(error)}` };
      }
      const text = answer.raw ?? (answer.json === undefined ? "" : JSON.stringify(answer.json));
      res.writeHead(answer.status ?? 200, { "content-type": "application/json" });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    conn: {
      endpoint: `http://127.0.0.1:${port}`,
      projectId: testProjectId,
      auth: { description: "test", authorize: () => Promise.resolve({}) },
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The parsed JSON body of a recorded request. */
export function bodyOf(req: RecordedRequest | undefined): unknown {
  if (req === undefined) throw new Error("no such request was recorded");
  return JSON.parse(req.body) as unknown;
}
