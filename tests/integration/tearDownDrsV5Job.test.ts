import { staticTokenAuthenticator } from "../../provider/auth/staticTokenAuthenticator";
import type { ApiConnection } from "../../provider/http/ApiConnection";
import { tearDownDrsV5Job } from "../../provider/teardown/tearDownDrsV5Job";
import { TeardownTimeoutError } from "../../provider/teardown/TeardownTimeoutError";
import { drsJobProvider } from "../../provider/resources/drsJobProvider";
import { HuaweiEmulator, type EmulatorCall } from "../../emulator";

const projectId = "0123456789abcdef0123456789abcdef";
const fast = { timeoutMs: 20_000, maxPollMs: 100 };
const quiet = () => undefined;

describe("DRS v5 teardown against the emulator over HTTP", () => {
  const emulator = new HuaweiEmulator({ stopMs: 300, deletedLingerMs: 100, auth: "off" });
  let conn: ApiConnection;

  beforeAll(async () => {
    conn = { endpoint: await emulator.start(), projectId, auth: staticTokenAuthenticator("t", "test") };
  });
  afterAll(() => emulator.stop());

  const callsFor = (id: string): EmulatorCall[] =>
    emulator.calls().filter((c) => c.method !== "GET" && Object.hasOwn(c.jobStatusBefore, id));

  it.each([
    "INCRE_TRANSFER_STARTED",
    "PAUSING",
    "CONFIGURATION",
    "INCRE_TRANSFER_FAILED",
    "RELEASE_RESOURCE_FAILED",
  ])("stops a job in %s, deletes it only once stopped, and waits until it is gone", async (status) => {
    const job = emulator.seed({ projectId, status });
    const report = await tearDownDrsV5Job(conn, job.id, "test", fast, quiet);
    expect(report).toMatchObject({ outcome: "deleted", stopsSent: 1, deletesSent: 1 });
    const [stop, del] = callsFor(job.id);
    expect(stop?.path).toMatch(/batch-stop$/);
    expect(del?.method).toBe("DELETE");
    expect(del?.jobStatusBefore[job.id]).toBe("RELEASE_RESOURCE_COMPLETE");
    expect(emulator.store.find(projectId, job.id)).toBeUndefined();
  });

  it("deletes an already stopped job without stopping it again", async () => {
    const job = emulator.seed({ projectId, status: "RELEASE_RESOURCE_COMPLETE" });
    const report = await tearDownDrsV5Job(conn, job.id, "test", fast, quiet);
    expect(report).toMatchObject({ outcome: "deleted", stopsSent: 0, deletesSent: 1 });
  });

  it("waits for a job that is already stopping instead of stopping it twice", async () => {
    const job = emulator.seed({ projectId });
    emulator.store.stop(job);
    const report = await tearDownDrsV5Job(conn, job.id, "test", fast, quiet);
    expect(report).toMatchObject({ outcome: "deleted", stopsSent: 0, deletesSent: 1 });
  });

  it("treats a job that no longer exists as already gone, sending nothing", async () => {
    const report = await tearDownDrsV5Job(conn, "5f0e8b4a-0000-4000-8000-000000000000", "test", fast, quiet);
    expect(report).toMatchObject({ outcome: "alreadyGone", stopsSent: 0, deletesSent: 0 });
  });

  it("gives up at its deadline naming the job and its last status, without deleting a stopping job", async () => {
    emulator.store.timing.stopMs = 60_000;
    try {
      const job = emulator.seed({ projectId });
      const error = await tearDownDrsV5Job(
        conn,
        job.id,
        'DrsJob "slow"',
        { timeoutMs: 800, maxPollMs: 100 },
        quiet,
      )
        .then(() => undefined)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TeardownTimeoutError);
      expect((error as Error).message).toMatch(/DrsJob "slow".*last status RELEASE_RESOURCE_STARTED/);
      expect(callsFor(job.id).filter((c) => c.method === "DELETE")).toHaveLength(0);
    } finally {
      emulator.store.timing.stopMs = 300;
    }
  });

  it("never deletes a job whose status it does not know", async () => {
    const job = emulator.seed({ projectId, status: "SOME_FUTURE_STATUS" });
    await expect(
      tearDownDrsV5Job(conn, job.id, "test", { timeoutMs: 500, maxPollMs: 100 }, quiet),
    ).rejects.toThrow(/last status SOME_FUTURE_STATUS/);
    expect(callsFor(job.id)).toHaveLength(0);
  });

  it("logs one line per step, naming status, action and time waited", async () => {
    const job = emulator.seed({ projectId });
    const lines: string[] = [];
    await tearDownDrsV5Job(conn, job.id, "test", fast, (line) => lines.push(line));
    expect(lines[0]).toMatch(/^status INCRE_TRANSFER_STARTED \(must be stopped first\) after \d+s$/);
    expect(lines).toContain("stop accepted; waiting for it to finish");
    expect(lines).toContain("delete accepted; waiting until the job is gone");
    expect(lines[lines.length - 1]).toMatch(/^gone after \d+s$/);
  });

  describe("adoption (create)", () => {
    const env = { ...process.env };
    beforeAll(() => {
      process.env["HW_DRS_ENDPOINT"] = conn.endpoint;
      process.env["HW_PROJECT_ID"] = projectId;
    });
    afterAll(() => {
      process.env = env;
    });

    it("records what delete needs in the outputs", async () => {
      const job = emulator.seed({ projectId, name: "orders" });
      const result: { id: string; outs?: unknown } = await drsJobProvider.create({
        resourceName: "orders",
        jobId: job.id,
        deleteTimeout: "5m",
      });
      expect(result.id).toBe(job.id);
      expect(result.outs).toMatchObject({
        schemaVersion: 1,
        apiVersion: "v5",
        projectId,
        deleteTimeoutMs: 300_000,
        status: "INCRE_TRANSFER_STARTED",
        engineType: "mysql",
      });
    });

    it("refuses to adopt a job that does not exist", async () => {
      await expect(
        drsJobProvider.create({ resourceName: "x", jobId: "5f0e8b4a-0000-4000-8000-00000000dead" }),
      ).rejects.toThrow(/does not exist .*nothing to adopt/);
    });

    it("refuses to adopt a job whose engine pair it cannot delete through the v5 delete-many call", async () => {
      const job = emulator.seed({ projectId, engineType: "mysql-to-kafka" });
      await expect(drsJobProvider.create({ resourceName: "k", jobId: job.id })).rejects.toThrow(
        /mysql-to-kafka/,
      );
    });
  });
});
