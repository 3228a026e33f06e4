import { createHash } from "node:crypto";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import type { ICredential } from "@huaweicloud/huaweicloud-sdk-core/auth/ICredential";
import { defaultEmulatorCredentials, HuaweiEmulator } from "../../emulator";
import { EmulatorTestClient, type TestAnswer } from "./emulatorTestClient";

const { projectId } = defaultEmulatorCredentials;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("emulator faults, control interface and restarts", () => {
  const emulator = new HuaweiEmulator({ stopMs: 100 });
  let client: EmulatorTestClient;
  beforeAll(async () => {
    client = new EmulatorTestClient(await emulator.start());
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  const addFault = async (rule: unknown) => {
    const answer = await client.control("POST", "faults", rule);
    expect(answer.status).toBe(201);
    return answer.body as { id: number };
  };
  const status = (ids: string[]) =>
    client.signed({
      method: "POST",
      path: `/v3/${projectId}/jobs/batch-status`,
      body: { jobs: ids, page_req: { cur_page: 1, per_page: 10 } },
    });
  const stop = (ids: string[]) =>
    client.signed({
      method: "POST",
      path: `/v5/${projectId}/jobs/batch-stop`,
      body: { jobs: ids.map((job_id) => ({ job_id })) },
    });
  const v5Entries = (a: TestAnswer) => (a.body as { jobs: Record<string, unknown>[] }).jobs;

  it("adds latency to matching calls only", async () => {
    await addFault({ kind: "latency", latencyMs: 250, match: { service: "drs", path: "batch-status$" } });
    const job = emulator.seed({ projectId });
    let started = Date.now();
    await status([job.id]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    started = Date.now();
    await stop([job.id]);
    expect(Date.now() - started).toBeLessThan(200);
  });

  it("answers a 5xx a given number of times without reaching the service", async () => {
    await addFault({ kind: "error", status: 502, count: 2, match: { method: "POST" } });
    const job = emulator.seed({ projectId });
    expect((await stop([job.id])).status).toBe(502);
    expect((await stop([job.id])).status).toBe(502);
    expect(job.status).toBe("INCRE_TRANSFER_STARTED");
    expect((await stop([job.id])).status).toBe(200);
    expect(emulator.calls().map((c) => c.fault)).toEqual(["error", "error", undefined]);
  });

  it("throttles with 429 APIG.0308 for a duration", async () => {
    await addFault({ kind: "throttle", durationMs: 200 });
    expect(await status(["x"])).toMatchObject({ status: 429, body: { error_code: "APIG.0308" } });
    expect((await status(["x", "y"])).status).toBe(429);
    await sleep(220);
    expect((await status(["x", "y"])).status).toBe(200);
  });

  it("resets the connection without an answer, and logs it with status 0", async () => {
    await addFault({ kind: "reset", count: 1 });
    await expect(status(["x", "y"])).rejects.toThrow();
    expect(emulator.calls()[0]).toMatchObject({ status: 0, fault: "reset" });
    expect((await status(["x", "y"])).status).toBe(200);
  });

  it("loses the answer after the service acted: a DLI create makes its job, then resets or answers 504", async () => {
    const create = () =>
      client.signed({
        method: "POST",
        path: `/v1.0/${projectId}/streaming/sql-jobs`,
        body: { name: "lost-answer", sql_body: "SELECT 1" },
      });
    await addFault({ kind: "lostAnswer", count: 1, match: { service: "dli", method: "POST" } });
    await expect(create()).rejects.toThrow();
    expect(emulator.dli.store.all().map((j) => j.name)).toEqual(["lost-answer"]);
    await addFault({ kind: "lostAnswer", status: 504, count: 1, match: { service: "dli" } });
    expect((await create()).status).toBe(504);
    expect(emulator.dli.store.all()).toHaveLength(2);
    expect(emulator.calls().map((c) => [c.status, c.fault, c.service])).toEqual([
      [0, "lostAnswer", "dli"],
      [504, "lostAnswer", "dli"],
    ]);
    expect((await create()).status).toBe(200);
  });

  it("loses only the answer to the create of a job named in jobNames (DLI too)", async () => {
    const create = (name: string) =>
      client.signed({
        method: "POST",
        path: `/v1.0/${projectId}/streaming/sql-jobs`,
        body: { name, sql_body: "SELECT 1" },
      });
    await addFault({ kind: "lostAnswer", jobNames: ["lost-one"] });
    expect((await create("kept-one")).status).toBe(200);
    await expect(create("lost-one")).rejects.toThrow();
    expect(emulator.dli.store.all().map((j) => j.name)).toEqual(["kept-one", "lost-one"]);
    expect(emulator.calls().map((c) => c.fault)).toEqual([undefined, "lostAnswer"]);
  });

  it("expires IAM tokens on the matching call", async () => {
    const token = (await client.token()).headers.get("x-subject-token") ?? "";
    await addFault({ kind: "tokenExpiry", count: 1, match: { path: "batch-stop" } });
    const call = { method: "POST", path: `/v3/${projectId}/jobs/batch-status`, body: { jobs: ["a", "b"] } };
    expect((await client.withToken(token, call)).status).toBe(200);
    const stopCall = {
      method: "POST",
      path: `/v5/${projectId}/jobs/batch-stop`,
      body: { jobs: [{ job_id: "a" }] },
    };
    expect(await client.withToken(token, stopCall)).toMatchObject({
      status: 401,
      body: { error_code: "APIG.0301" },
    });
  });

  it("answers busy entries with DRS.M01504 in v3 and v5 batches during a busy window, changing nothing", async () => {
    const busy = emulator.seed({ projectId });
    const free = emulator.seed({ projectId });
    await addFault({ kind: "busy", jobIds: [busy.id], durationMs: 300 });
    expect(v5Entries(await stop([busy.id, free.id]))).toMatchObject([
      { id: busy.id, status: "Failed", error_code: "DRS.M01504" },
      { id: free.id, status: "Success" },
    ]);
    const v3 = await client.signed({
      method: "DELETE",
      path: `/v3/${projectId}/jobs/batch-jobs`,
      body: { jobs: [{ delete_type: "force_terminate", job_id: busy.id }] },
    });
    expect(v3).toMatchObject({
      status: 202,
      body: { results: [{ id: busy.id, status: "failed", error_code: "DRS.M01504" }] },
    });
    expect(busy.status).toBe("INCRE_TRANSFER_STARTED");
    await sleep(320);
    expect(v5Entries(await stop([busy.id]))[0]).toMatchObject({ status: "Success" });
  });

  it("omits entries from batch answers while still acting on them (partial batch failure)", async () => {
    const omitted = emulator.seed({ projectId });
    const kept = emulator.seed({ projectId });
    await addFault({ kind: "omit", jobIds: [omitted.id], count: 1 });
    const answer = v5Entries(await stop([omitted.id, kept.id]));
    expect(answer.map((e) => e.id)).toEqual([kept.id]);
    expect(omitted.status).toBe("RELEASE_RESOURCE_STARTED");
    const statuses = (await status([omitted.id, kept.id])).body as { results: { id: string }[] };
    expect(statuses.results.map((r) => r.id)).toEqual([omitted.id, kept.id]);
  });

  it("offers batch entry faults to the DLI service too, matched by service name", async () => {
    emulator.dli.seed({ projectId, id: "12", status: "job_running" });
    emulator.dli.seed({ projectId, id: "232", status: "job_running" });
    await addFault({ kind: "busy", jobIds: ["12"], match: { service: "dli" } });
    const answer = await client.signed({
      method: "POST",
      path: `/v1.0/${projectId}/streaming/jobs/stop`,
      body: { job_ids: [12, 232] },
    });
    expect(answer.body).toMatchObject([{ is_success: "false" }, { is_success: "true" }]);
    expect(emulator.calls()[0]).toMatchObject({
      service: "dli",
      jobStatusBefore: { "12": "job_running", "232": "job_running" },
    });
  });

  it("fails the submission of the DLI jobs a submitFail rule names, through the control interface", async () => {
    emulator.dli.seed({ projectId, id: "12" });
    emulator.dli.seed({ projectId, id: "232" });
    await addFault({
      kind: "submitFail",
      jobIds: ["12"],
      reason: "Queue q1 has no free CUs",
      count: 1,
      match: { service: "dli", path: "/streaming/jobs/run$" },
    });
    expect(await client.control("POST", "faults", { kind: "submitFail", reason: 7 })).toMatchObject({
      status: 400,
    });
    const run = await client.signed({
      method: "POST",
      path: `/v1.0/${projectId}/streaming/jobs/run`,
      body: { job_ids: [12, 232] },
    });
    // The run is accepted for both; only the named job's submission then fails.
    expect(run.body).toMatchObject([{ is_success: "true" }, { is_success: "true" }]);
    expect(emulator.calls().at(-1)?.fault).toBe("submitFail");
    const detail = async (id: string) =>
      (
        (await client.signed({ method: "GET", path: `/v1.0/${projectId}/streaming/jobs/${id}` })).body as {
          job_detail: Record<string, unknown>;
        }
      ).job_detail;
    await sleep(2_100); // the default submission time
    expect(await detail("12")).toMatchObject({
      status: "job_submit_fail",
      status_desc: "Queue q1 has no free CUs",
    });
    expect(await detail("232")).toMatchObject({ status: "job_running", status_desc: "" });
    expect((await client.control("GET", "faults")).body).toEqual([]);
  });

  it("passes integers beyond 2^53 to services as exact decimal strings", async () => {
    const big = emulator.dli.seed({ projectId, id: "9007199254740993123", status: "job_cancel_success" });
    // Sent by hand: JSON.stringify cannot write such a number exactly. The SDK signs a body it
    // did not serialise itself only through X-Sdk-Content-Sha256.
    const raw = '{"job_ids":[9007199254740993123]}';
    const key = defaultEmulatorCredentials.accessKeys[0];
    const url = `${client.base}/v1.0/${projectId}/streaming/jobs/delete`;
    const headers = AKSKSigner.sign(
      {
        endpoint: url,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "X-Sdk-Content-Sha256": createHash("sha256").update(raw).digest("hex"),
        },
        queryParams: {},
      },
      { getAk: () => key.accessKeyId, getSk: () => key.secretAccessKey } as unknown as ICredential,
    ) as Record<string, string>;
    const answer = await fetch(url, { method: "POST", headers, body: raw });
    expect(answer.status).toBe(200);
    expect(emulator.calls().at(-1)?.body).toEqual({ job_ids: ["9007199254740993123"] });
    expect(big.removed).toBe(true);
  });

  it("lists and clears fault rules, and rejects malformed ones with a clear message", async () => {
    const { id } = await addFault({ kind: "throttle", count: 3, match: { service: "drs" } });
    expect((await client.control("GET", "faults")).body).toMatchObject([
      { id, kind: "throttle", remaining: 3 },
    ]);
    expect(await client.control("POST", "faults", { kind: "meteor" })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/kind/) as unknown },
    });
    expect(await client.control("POST", "faults", { kind: "latency" })).toMatchObject({ status: 400 });
    const malformedSteps = [
      { kind: "connectionFails", endpointRole: "source" },
      { kind: "precheckFails", items: [{ item: "x" }] },
      { kind: "startFails", refuse: "yes" },
      { kind: "startFails", jobNames: "one" },
    ];
    for (const rule of malformedSteps) {
      expect(await client.control("POST", "faults", rule)).toMatchObject({ status: 400 });
    }
    expect((await client.control("DELETE", "faults")).status).toBe(204);
    expect((await client.control("GET", "faults")).body).toEqual([]);
  });

  it("seeds jobs, changes timing and resets through the control interface", async () => {
    const seeded = await client.control("POST", "jobs", [{ projectId, id: "seeded-1", status: "PAUSING" }]);
    expect(seeded).toMatchObject({
      status: 201,
      body: [{ id: "seeded-1", status: "PAUSING", family: "v5" }],
    });
    expect((await client.control("POST", "jobs", { projectId, id: "seeded-1" })).status).toBe(400);
    expect((await client.control("POST", "timing", { stopMs: 20 })).body).toMatchObject({ stopMs: 20 });
    await stop(["seeded-1"]);
    await sleep(40);
    expect((await client.control("GET", "jobs")).body).toMatchObject([
      { id: "seeded-1", status: "RELEASE_RESOURCE_COMPLETE" },
    ]);
    expect(((await client.control("GET", "calls")).body as unknown[]).length).toBe(1);
    expect((await client.control("POST", "reset")).status).toBe(204);
    expect((await client.control("GET", "jobs")).body).toEqual([]);
    expect((await client.control("GET", "calls")).body).toEqual([]);
    await client.control("POST", "timing", { stopMs: 100 });
  });

  it("keeps jobs, their timers and tokens across a stop and start on the same port", async () => {
    const job = emulator.seed({ projectId });
    const token = (await client.token()).headers.get("x-subject-token") ?? "";
    await stop([job.id]);
    const before = emulator.url;
    await emulator.stop();
    await expect(fetch(`${before}/__emulator/jobs`)).rejects.toThrow();
    await sleep(120);
    expect(await emulator.start()).toBe(before);
    const answer = await client.withToken(token, {
      method: "POST",
      path: `/v3/${projectId}/jobs/batch-status`,
      body: { jobs: [job.id, "other"] },
    });
    expect(answer.body).toMatchObject({
      results: [
        { id: job.id, status: "RELEASE_RESOURCE_COMPLETE" },
        { id: "other", error_code: "DRS.M00289" },
      ],
    });
  });
});
