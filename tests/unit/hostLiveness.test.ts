import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo, type Server } from "node:net";
import { z } from "zod";
import { callApi } from "../../provider/http/callApi";
import { HostGoneError } from "../../provider/teardown/HostGoneError";
import { currentHostLiveness, engineLiveness, type HostLiveness } from "../../provider/teardown/hostLiveness";
import type { ActionOutcome, JobDriver, JobView } from "../../provider/teardown/JobDriver";
import { tearDownJob } from "../../provider/teardown/tearDownJob";
import { withHostLiveness, withLiveConnection } from "../../provider/teardown/withHostLiveness";

/** A stand-in for the CLI's engine server: listens on loopback and counts connections. */
async function fakeEngine(): Promise<{
  address: string;
  connections: () => number;
  close: () => Promise<void>;
}> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    connections: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A job that is stopping until `stopsAfter` reads, then deletable; records what reached it. */
function recordingDriver(stopsAfter = Infinity): JobDriver & { calls: string[] } {
  const calls: string[] = [];
  let reads = 0;
  return {
    family: "Fake",
    canForceStop: false,
    calls,
    read: (): Promise<JobView> => {
      calls.push("read");
      return Promise.resolve(
        ++reads > stopsAfter
          ? { status: "STOPPED", phase: "deletable" }
          : { status: "RUNNING", phase: "needsStop" },
      );
    },
    stop: (): Promise<ActionOutcome> => {
      calls.push("stop");
      return Promise.resolve({ kind: "accepted" });
    },
    delete: (): Promise<ActionOutcome> => {
      calls.push("delete");
      return Promise.resolve({ kind: "accepted" });
    },
  };
}

describe("engineLiveness", () => {
  it("says alive while the engine listens, gone once it refuses connections, and stays gone", async () => {
    const engine = await fakeEngine();
    const liveness = engineLiveness(engine.address);
    expect(await liveness.goneEvidence(0)).toBeUndefined();
    await engine.close();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const evidence = await liveness.goneEvidence(0);
    expect(evidence).toMatch(/refuses connections/);
    expect(evidence).toContain(engine.address);
    expect(await liveness.goneEvidence(10_000)).toBe(evidence);
  });

  it("shares one probe among concurrent callers and reuses answers younger than asked", async () => {
    const engine = await fakeEngine();
    const liveness = engineLiveness(engine.address);
    await Promise.all(Array.from({ length: 50 }, () => liveness.goneEvidence(1_000)));
    await liveness.goneEvidence(1_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(engine.connections()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await liveness.goneEvidence(5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(engine.connections()).toBe(2);
    await engine.close();
  });

  it("counts any failure but a refused connection as alive (never a false alarm)", async () => {
    // The .invalid top-level domain never resolves: the probe fails without a refusal.
    const liveness = engineLiveness("engine.invalid:9");
    expect(await liveness.goneEvidence(0)).toBeUndefined();
  }, 10_000);
});

describe("currentHostLiveness", () => {
  it("watches nothing outside Pulumi's dynamic-provider host (tests, scripts, the program)", () => {
    expect(currentHostLiveness()).toBeUndefined();
  });
});

describe("withHostLiveness", () => {
  const gone = (after: number): HostLiveness => {
    let asked = 0;
    return { goneEvidence: () => Promise.resolve(++asked > after ? "the test says so" : undefined) };
  };

  it("passes the driver through untouched when there is no host to watch", () => {
    const driver = recordingDriver();
    expect(withHostLiveness(driver, "Fake j1", undefined)).toBe(driver);
  });

  it("lets no call reach the service once the CLI is gone", async () => {
    const driver = recordingDriver();
    const guarded = withHostLiveness(driver, "Fake j1", gone(0));
    await expect(guarded.read("j1")).rejects.toBeInstanceOf(HostGoneError);
    await expect(guarded.stop("j1", false)).rejects.toThrow(
      /Fake j1: the Pulumi CLI .* is gone \(the test says so\)/,
    );
    await expect(guarded.delete("j1")).rejects.toBeInstanceOf(HostGoneError);
    expect(driver.calls).toEqual([]);
  });

  it("ends a teardown at the next call once the CLI is gone, before its delete", async () => {
    // Reads 1 and 2 find the job running and stopping; the CLI dies before the delete.
    const driver = recordingDriver(1);
    const guarded = withHostLiveness(driver, "Fake j1", gone(2));
    const policy = {
      timeoutMs: 5_000,
      maxPollMs: 5,
      forceStop: "never",
      gracefulStopTimeoutMs: 5_000,
      maxStopAttempts: 3,
      pollGridMs: 1,
    } as const;
    await expect(tearDownJob(guarded, "j1", "Fake j1", policy, () => undefined)).rejects.toBeInstanceOf(
      HostGoneError,
    );
    expect(driver.calls).toEqual(["read", "stop"]);
  });
});

describe("withLiveConnection", () => {
  /** A local HTTP server that counts what reaches it and answers `{}`. */
  async function countingServer(): Promise<{ url: string; hits: string[]; close: () => void }> {
    const hits: string[] = [];
    const server = createHttpServer((req, res) => {
      hits.push(`${req.method ?? "?"} ${req.url ?? "?"}`);
      res.setHeader("content-type", "application/json");
      res.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, hits, close: () => server.close() };
  }
  const liveness = (gone: string | undefined): HostLiveness & { asked: number[] } => {
    const asked: number[] = [];
    return {
      asked,
      goneEvidence: (maxAgeMs) => {
        asked.push(maxAgeMs);
        return Promise.resolve(gone);
      },
    };
  };
  const anything = z.unknown();

  it("sends nothing but plain reads once the CLI is gone, asking for a fresh answer right before each call", async () => {
    const server = await countingServer();
    try {
      const gone = liveness("its engine address refuses connections");
      const conn = withLiveConnection(
        {
          endpoint: server.url,
          projectId: "p",
          auth: { description: "none", authorize: () => Promise.resolve({}) },
        },
        "Fake j1",
        gone,
      );
      const post = callApi(
        conn,
        { api: "stop", method: "POST", path: "/stop", body: {}, idempotent: true },
        anything,
      );
      await expect(post).rejects.toBeInstanceOf(HostGoneError);
      const del = callApi(
        conn,
        { api: "delete", method: "DELETE", path: "/jobs/1", idempotent: true },
        anything,
      );
      await expect(del).rejects.toBeInstanceOf(HostGoneError);
      expect(server.hits).toEqual([]);
      expect(gone.asked).toEqual([0, 0]);
      // A read is left to the driver's own (cheaper) check.
      await callApi(conn, { api: "read", method: "GET", path: "/jobs/1", idempotent: true }, anything);
      expect(server.hits).toEqual(["GET /jobs/1"]);
    } finally {
      server.close();
    }
  });

  it("lets every call through while the CLI is alive, and leaves a connection untouched outside a provider host", async () => {
    const server = await countingServer();
    try {
      const conn = {
        endpoint: server.url,
        projectId: "p",
        auth: { description: "none", authorize: () => Promise.resolve({}) },
      };
      expect(withLiveConnection(conn, "Fake j1", undefined)).toBe(conn);
      const live = withLiveConnection(conn, "Fake j1", liveness(undefined));
      await callApi(
        live,
        { api: "stop", method: "POST", path: "/stop", body: {}, idempotent: true },
        anything,
      );
      expect(server.hits).toEqual(["POST /stop"]);
    } finally {
      server.close();
    }
  });
});
