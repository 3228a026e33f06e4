/*
 * DRS jobs created and driven to running through the vendor's own API, over real HTTP: v5
 * (create, network test, object selection, precheck, start) and v3 (batch-creation, -connection,
 * -modification, -select-objects, -precheck, -precheck-result, -starting, -limit-speed), the order
 * the emulator enforces, each injectable step fault, and a create whose answer is lost. Every
 * answer is also held to the vendor SDK models by the suite's contract hook.
 */
import { defaultEmulatorCredentials, HuaweiEmulator, type HuaweiEmulatorOptions } from "../../emulator";
import { EmulatorTestClient, type TestAnswer } from "./emulatorTestClient";
import {
  endpointPassword,
  v3CreateJob,
  v3SelectObjects,
  v3TestEndpoint,
  v5Action,
  v5CreateBody,
  v5MysqlEndpoint,
  v5SelectAll,
} from "./drsCreateBodies";

const { projectId } = defaultEmulatorCredentials;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const timing = { createMs: 40, connectionTestMs: 40, precheckMs: 40, startMs: 40, fullTransferMs: 60 };

type Body = Record<string, unknown>;
type Results = { count: number; results: Body[] };

/** An emulator and a signing client for one describe block. */
function emulatorFor(options: HuaweiEmulatorOptions = {}) {
  const emulator = new HuaweiEmulator({ ...timing, ...options });
  const ctx = { emulator, client: undefined as unknown as EmulatorTestClient };
  beforeAll(async () => {
    ctx.client = new EmulatorTestClient(await emulator.start());
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());
  return ctx;
}

async function waitFor<T>(read: () => Promise<T> | T, done: (value: T) => boolean, ms = 2_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(10);
  }
}

describe("DRS v5: create and drive a job to running", () => {
  const ctx = emulatorFor();
  const v5 = (method: string, path: string, body?: unknown, query?: Record<string, string>) =>
    ctx.client.signed({
      method,
      path: `/v5/${projectId}/jobs${path}`,
      ...(body !== undefined ? { body } : {}),
      ...(query ? { query } : {}),
    });
  const create = async (name: string, base: Body = {}) => {
    const answer = await v5("POST", "", v5CreateBody(name, base));
    expect(answer.status).toBe(200);
    return (answer.body as Body)["id"] as string;
  };
  const statusOf = async (id: string) =>
    ((await v5("GET", `/${id}`, undefined, { type: "detail" })).body as { job: Body }).job["status"];
  const untilStatus = (id: string, status: string) =>
    waitFor(
      () => statusOf(id),
      (s) => s === status,
    );
  const action = (id: string, name: string, params?: Body) =>
    v5("POST", `/${id}/action`, v5Action(name, params));
  const result = (id: string, type: string, queryId: string) =>
    v5("GET", `/${id}`, undefined, { type, query_id: queryId });
  const queryIdOf = (answer: TestAnswer) => {
    expect(answer.status).toBe(200);
    return (answer.body as Body)["query_id"] as string;
  };
  const networkOk = async (id: string) => {
    const q = queryIdOf(
      await action(id, "network", {
        endpoints: [v5MysqlEndpoint("so", "10.0.0.5"), v5MysqlEndpoint("ta", "192.168.0.7")],
      }),
    );
    return waitFor(
      async () => ((await result(id, "network", q)).body as { job: Body }).job["network_results"] as Body[],
      (r) => r.length > 0,
    );
  };
  const precheck = async (id: string) => {
    const q = queryIdOf(await action(id, "precheck", { precheck_mode: "forStartJob" }));
    const read = async () =>
      ((await result(id, "precheck", q)).body as { job: { precheck_result: Body } }).job;
    return waitFor(read, (job) => job.precheck_result["process"] === "100%");
  };
  const configured = async (name: string, base: Body = {}) => {
    const id = await create(name, base);
    expect(await untilStatus(id, "CONFIGURATION")).toBe("CONFIGURATION");
    await networkOk(id);
    expect((await v5("PUT", `/${id}`, v5SelectAll)).status).toBe(200);
    return id;
  };
  const errorOf = (answer: TestAnswer) => ({
    status: answer.status,
    code: (answer.body as Body)["error_code"],
  });

  it("creates a job (CREATING, then CONFIGURATION), tests, selects, prechecks and starts it to incremental", async () => {
    const answer = await v5("POST", "", v5CreateBody("orders-sync"));
    expect(answer.status).toBe(200);
    const created = answer.body as Body;
    expect(created).toMatchObject({ name: "orders-sync", status: "CREATING" });
    const id = created["id"] as string;
    const listed = await v5("GET", "", undefined, { job_type: "sync", name: "orders-sync" });
    expect((listed.body as { jobs: Body[] }).jobs.map((j) => j["id"])).toEqual([id]);
    expect(await untilStatus(id, "CONFIGURATION")).toBe("CONFIGURATION");

    const detail = ((await v5("GET", `/${id}`, undefined, { type: "detail" })).body as { job: Body }).job;
    expect(detail).toMatchObject({ base_info: { name: "orders-sync", description: "orders replication" } });
    expect(JSON.stringify(detail)).not.toContain(endpointPassword);

    const q = queryIdOf(await action(id, "network"));
    expect(((await result(id, "network", q)).body as { job: Body }).job["network_results"]).toEqual([]);
    const tested = await waitFor(
      async () => ((await result(id, "network", q)).body as { job: Body }).job["network_results"] as Body[],
      (r) => r.length > 0,
    );
    expect(tested).toEqual([
      { ip: "10.0.0.5", success: true, status: "success" },
      { ip: "192.168.0.7", success: true, status: "success" },
    ]);
    expect((await v5("PUT", `/${id}`, v5SelectAll)).body).toEqual({
      id,
      name: "orders-sync",
      status: "success",
    });
    const checked = await precheck(id);
    expect(checked.precheck_result).toMatchObject({
      result: true,
      process: "100%",
      total_passed_rate: "100%",
    });
    expect((await action(id, "start")).status).toBe(200);
    expect(await untilStatus(id, "INCRE_TRANSFER_STARTED")).toBe("INCRE_TRANSFER_STARTED");
    const history = ctx.emulator.store.get(id)?.history.map((h) => h.status);
    expect(history).toEqual([
      "CREATING",
      "CONFIGURATION",
      "STARTJOBING",
      "FULL_TRANSFER_STARTED",
      "INCRE_TRANSFER_STARTED",
    ]);
    // No password in the request log or the job store.
    expect(JSON.stringify(ctx.emulator.calls())).not.toContain(endpointPassword);
    expect(JSON.stringify(ctx.emulator.store.all())).not.toContain(endpointPassword);
    expect(ctx.emulator.calls()[0]?.body).toMatchObject({
      job: { source_endpoint: [{ endpoint: { db_password: "***" } }] },
    });
  });

  it("waits for a start_time in the future in WAITING_FOR_START; a FULL_TRANS job ends FULL_TRANSFER_COMPLETE", async () => {
    const id = await configured("later-job", { task_type: "FULL_TRANS" });
    expect((await precheck(id)).precheck_result["result"]).toBe(true);
    expect((await action(id, "start", { start_time: String(Date.now() + 150) })).status).toBe(200);
    expect(await statusOf(id)).toBe("WAITING_FOR_START");
    expect(await untilStatus(id, "FULL_TRANSFER_COMPLETE")).toBe("FULL_TRANSFER_COMPLETE");
    expect(ctx.emulator.store.get(id)?.history.map((h) => h.status)).toEqual([
      "CREATING",
      "CONFIGURATION",
      "WAITING_FOR_START",
      "STARTJOBING",
      "FULL_TRANSFER_STARTED",
      "FULL_TRANSFER_COMPLETE",
    ]);
  });

  it("refuses what v5 does not serve or what is malformed", async () => {
    const kafka = await v5("POST", "", v5CreateBody("kafka-job", { engine_type: "mysql-to-kafka" }));
    expect(errorOf(kafka)).toEqual({ status: 400, code: "DRS.10000001" });
    expect((kafka.body as Body)["error_msg"]).toContain("engine_type");
    const body = v5CreateBody("no-node");
    delete (body["job"] as Body)["node_info"];
    expect(errorOf(await v5("POST", "", body))).toEqual({ status: 400, code: "DRS.10000001" });
    expect(errorOf(await v5("POST", "", v5CreateBody("x")))).toEqual({ status: 400, code: "DRS.10000001" });
    const wrongDb = v5CreateBody("wrong-db");
    ((wrongDb["job"] as Body)["target_endpoint"] as Body[])[0] = {
      ...v5MysqlEndpoint("ta", "1.2.3.4"),
      db_type: "kafka",
    };
    expect(errorOf(await v5("POST", "", wrongDb))).toEqual({ status: 400, code: "DRS.10000001" });
    expect(ctx.emulator.store.all()).toEqual([]);
    expect(errorOf(await action("no-such-job", "precheck"))).toEqual({ status: 400, code: "DRS.10000010" });
  });

  it("refuses steps in the wrong order or status, and a change voids the precheck", async () => {
    const id = await create("ordered-job");
    // CREATING: nothing can be configured yet.
    expect(errorOf(await action(id, "network"))).toEqual({ status: 400, code: "DRS.10000001" });
    expect(errorOf(await v5("PUT", `/${id}`, v5SelectAll))).toEqual({ status: 400, code: "DRS.10000001" });
    await untilStatus(id, "CONFIGURATION");
    // No connection test, no objects: no precheck; no precheck: no start.
    expect(errorOf(await action(id, "precheck"))).toEqual({ status: 400, code: "DRS.10000001" });
    expect(errorOf(await action(id, "start"))).toEqual({ status: 400, code: "DRS.10000001" });
    await networkOk(id);
    expect((await action(id, "precheck")).body).toMatchObject({ error_code: "DRS.10000001" });
    expect((await v5("PUT", `/${id}`, v5SelectAll)).status).toBe(200);
    // A precheck still running is not passed yet.
    expect((await action(id, "precheck")).status).toBe(200);
    expect(errorOf(await action(id, "start"))).toEqual({ status: 400, code: "DRS.10000001" });
    await precheck(id);
    // Selecting objects again voids the passed precheck.
    expect((await v5("PUT", `/${id}`, v5SelectAll)).status).toBe(200);
    expect(errorOf(await action(id, "start"))).toEqual({ status: 400, code: "DRS.10000001" });
    await precheck(id);
    expect((await action(id, "start")).status).toBe(200);
    await untilStatus(id, "INCRE_TRANSFER_STARTED");
    // Running: renaming and describing are allowed, configuring is not.
    const renamed = await v5("PUT", `/${id}`, {
      job: { type: "name", params: { base_info: { name: "renamed-job" } } },
    });
    expect(renamed.body).toEqual({ id, name: "renamed-job", status: "success" });
    const described = { job: { type: "description", params: { base_info: { description: "now running" } } } };
    expect((await v5("PUT", `/${id}`, described)).status).toBe(200);
    expect(errorOf(await v5("PUT", `/${id}`, v5SelectAll))).toEqual({ status: 400, code: "DRS.10000001" });
    expect(errorOf(await action(id, "start"))).toEqual({ status: 400, code: "DRS.10000001" });
    const listed = await v5("GET", "", undefined, { job_type: "sync", name: "renamed-job" });
    expect((listed.body as { jobs: Body[] }).jobs.map((j) => j["id"])).toEqual([id]);
    // network and precheck results need their query_id.
    expect(errorOf(await v5("GET", `/${id}`, undefined, { type: "network" }))).toEqual({
      status: 400,
      code: "DRS.10000001",
    });
    expect(errorOf(await result(id, "precheck", "not-a-query"))).toEqual({
      status: 400,
      code: "DRS.10000001",
    });
  });

  it("fails the connection test of the named job's target only, with a connection refused reason", async () => {
    await ctx.client.control("POST", "faults", {
      kind: "connectionFails",
      jobNames: ["refused-job"],
      endpointRole: "ta",
    });
    const other = await create("other-job");
    const id = await create("refused-job");
    await untilStatus(id, "CONFIGURATION");
    await untilStatus(other, "CONFIGURATION");
    expect((await networkOk(other)).every((r) => r["success"] === true)).toBe(true);
    const results = await networkOk(id);
    expect(results[0]).toEqual({ ip: "10.0.0.5", success: true, status: "success" });
    expect(results[1]).toMatchObject({ ip: "192.168.0.7", success: false, status: "failed" });
    expect(results[1]?.["error_msg"]).toMatch(/Connection refused/);
    expect((await v5("PUT", `/${id}`, v5SelectAll)).status).toBe(200);
    expect(errorOf(await action(id, "precheck"))).toEqual({ status: 400, code: "DRS.10000001" });
    expect(ctx.emulator.calls().some((c) => c.fault === "connectionFails")).toBe(true);
  });

  it("fails the next precheck with the items a rule names, and a failed precheck does not allow a start", async () => {
    const id = await configured("precheck-job");
    const reason = "The source binlog format is not ROW.";
    await ctx.client.control("POST", "faults", {
      kind: "precheckFails",
      count: 1,
      items: [{ item: "dbParamConsistency", reason }],
    });
    const failed = (await precheck(id)).precheck_result;
    expect(failed).toMatchObject({ result: false, process: "100%", total_passed_rate: "75%" });
    expect(failed["precheck_results"]).toContainEqual(
      expect.objectContaining({ item: "dbParamConsistency", result: "FAILED", failed_reason: reason }),
    );
    expect(errorOf(await action(id, "start"))).toEqual({ status: 400, code: "DRS.10000001" });
    // The rule was for the next precheck only.
    expect((await precheck(id)).precheck_result["result"]).toBe(true);
    expect((await action(id, "start")).status).toBe(200);
  });

  it("fails a start later (START_JOB_FAILED) or at the call (refuse)", async () => {
    const later = await configured("start-later");
    const now = await configured("start-now");
    await precheck(later);
    await precheck(now);
    await ctx.client.control("POST", "faults", { kind: "startFails", jobNames: ["start-later"] });
    await ctx.client.control("POST", "faults", { kind: "startFails", jobNames: ["start-now"], refuse: true });
    expect((await action(later, "start")).status).toBe(200);
    expect(await untilStatus(later, "START_JOB_FAILED")).toBe("START_JOB_FAILED");
    expect(errorOf(await action(now, "start"))).toEqual({ status: 400, code: "DRS.10000001" });
    expect(await statusOf(now)).toBe("CONFIGURATION");
  });

  it("loses a create's answer: the job exists once and a lookup by name finds it", async () => {
    await ctx.client.control("POST", "faults", { kind: "lostAnswer", jobNames: ["lost-job"], count: 1 });
    await expect(v5("POST", "", v5CreateBody("other-name"))).resolves.toMatchObject({ status: 200 });
    await expect(v5("POST", "", v5CreateBody("lost-job"))).rejects.toThrow();
    const jobs = ctx.emulator.store.all().filter((j) => j.name === "lost-job");
    expect(jobs).toHaveLength(1);
    const listed = await v5("GET", "", undefined, { job_type: "sync", name: "lost-job" });
    expect((listed.body as { jobs: Body[] }).jobs.map((j) => j["id"])).toEqual([jobs[0]?.id]);
    expect(ctx.emulator.calls().find((c) => c.fault === "lostAnswer")).toMatchObject({ status: 0 });
    // With a status, a gateway error replaces the answer; the job is created all the same.
    await ctx.client.control("POST", "faults", {
      kind: "lostAnswer",
      jobNames: ["lost-504"],
      status: 504,
      count: 1,
    });
    expect(errorOf(await v5("POST", "", v5CreateBody("lost-504")))).toEqual({
      status: 504,
      code: "APIG.0203",
    });
    expect(ctx.emulator.store.all().filter((j) => j.name === "lost-504")).toHaveLength(1);
  });

  it("lets a job being created or configured be stopped and deleted as before", async () => {
    const id = await create("short-lived");
    const stop = await v5("POST", "/batch-stop", { jobs: [{ job_id: id }] });
    expect((stop.body as { jobs: Body[] }).jobs[0]).toMatchObject({ id, status: "Success" });
    expect(await statusOf(id)).toBe("RELEASE_RESOURCE_STARTED");
  });
});

describe("DRS v3: create and drive a MySQL->Kafka job to running", () => {
  describe.each([
    ["Huawei Cloud", {}],
    ["Open Telekom Cloud", { cloud: "otc" as const }],
  ])("on %s", (_, options) => {
    const ctx = emulatorFor(options);
    const v3 = (path: string, body: unknown, method = "POST") =>
      ctx.client.signed({ method, path: `/v3/${projectId}/jobs/${path}`, body });
    const results = (answer: TestAnswer) => (answer.body as Results).results;
    const statusOf = async (id: string) =>
      results(await v3("batch-status", { jobs: [id], page_req: { cur_page: 1, per_page: 10 } }))[0]?.[
        "status"
      ];
    const untilStatus = (id: string, status: string) =>
      waitFor(
        () => statusOf(id),
        (s) => s === status,
      );
    const create = async (...names: string[]) => {
      const answer = await v3("batch-creation", { jobs: names.map((n) => v3CreateJob(n)) });
      expect(answer.status).toBe(202);
      return results(answer).map((r) => r["id"] as string);
    };
    const testBoth = (id: string) =>
      v3("batch-connection", {
        jobs: [v3TestEndpoint(id, "so", "10.0.0.5"), v3TestEndpoint(id, "ta", "10.0.0.9")],
      });
    const precheckResult = (id: string) =>
      waitFor(
        async () => results(await v3("batch-precheck-result", { jobs: [id] }))[0] ?? {},
        (r) => r["process"] === "100%",
      );
    const configured = async (name: string) => {
      const [id = ""] = await create(name);
      await untilStatus(id, "CONFIGURATION");
      expect(results(await testBoth(id)).map((r) => r["success"])).toEqual([true, true]);
      expect(results(await v3("batch-select-objects", { jobs: [v3SelectObjects(id)] }, "PUT"))[0]).toEqual({
        job_id: id,
        status: true,
      });
      return id;
    };

    it("creates, tests, saves, selects, prechecks and starts it; v5 is published only on Huawei Cloud", async () => {
      const answer = await v3("batch-creation", { jobs: [v3CreateJob("kafka-sync")] });
      expect(answer.status).toBe(202);
      const [created] = results(answer);
      expect(created).toMatchObject({ name: "kafka-sync", status: "CREATING" });
      const id = created?.["id"] as string;
      expect(await untilStatus(id, "CONFIGURATION")).toBe("CONFIGURATION");
      expect(results(await testBoth(id))).toEqual([
        { id, status: "true", success: true },
        { id, status: "true", success: true },
      ]);
      // Saving the endpoints just tested keeps the tests.
      const saved = await v3(
        "batch-modification",
        {
          jobs: [
            {
              job_id: id,
              source_endpoint: {
                db_type: "mysql",
                ip: "10.0.0.5",
                db_port: 3306,
                db_user: "drs",
                db_password: endpointPassword,
              },
              target_endpoint: { db_type: "kafka", ip: "10.0.0.9", db_port: 9092, topic: "orders" },
              store_db_info: true,
            },
          ],
        },
        "PUT",
      );
      expect(results(saved)).toEqual([{ id, status: "success" }]);
      expect((await v3("batch-select-objects", { jobs: [v3SelectObjects(id)] }, "PUT")).body).toEqual({
        all_counts: 1,
        results: [{ job_id: id, status: true }],
      });
      const prechecked = results(
        await v3("batch-precheck", { jobs: [{ job_id: id, precheck_mode: "forStartJob" }] }),
      );
      expect(prechecked[0]).toMatchObject({ id, status: "success" });
      const checked = await precheckResult(id);
      expect(checked).toMatchObject({
        precheck_id: prechecked[0]?.["precheck_id"],
        result: true,
        total_passed_rate: "100%",
      });
      const started = await v3("batch-starting", { jobs: [{ job_id: id }] });
      expect(started.status).toBe(202);
      expect(results(started)).toEqual([{ id, status: "success" }]);
      expect(await untilStatus(id, "INCRE_TRANSFER_STARTED")).toBe("INCRE_TRANSFER_STARTED");
      const speed = await v3(
        "batch-limit-speed",
        { speed_limits: [{ job_id: id, speed_limit: [{ begin: "01:00", end: "05:59", speed: "20" }] }] },
        "PUT",
      );
      expect(results(speed)).toEqual([{ id, status: "success" }]);
      expect(JSON.stringify(ctx.emulator.calls())).not.toContain(endpointPassword);
      expect(JSON.stringify(ctx.emulator.store.all())).not.toContain(endpointPassword);
      const v5 = await ctx.client.signed({
        method: "GET",
        path: `/v5/${projectId}/jobs/${id}`,
        query: { type: "detail" },
      });
      expect(v5.status).toBe("cloud" in options ? 404 : 400);
    });

    it("answers per entry: a malformed create entry fails, the other is created", async () => {
      const answer = await v3("batch-creation", {
        jobs: [
          v3CreateJob("good-job"),
          { ...v3CreateJob("bad-job"), target_endpoint: { db_type: "mysql" } },
          { ...v3CreateJob("9starts-digit") },
        ],
      });
      expect(answer.status).toBe(202);
      const [good, bad, digit] = results(answer);
      expect(good).toMatchObject({ name: "good-job", status: "CREATING" });
      expect(bad).toMatchObject({ error_code: "DRS.M00001" });
      expect(bad?.["error_msg"]).toContain("target_endpoint.db_type");
      expect(digit).toMatchObject({ error_code: "DRS.M00001" });
      expect(ctx.emulator.store.all().map((j) => j.name)).toEqual(["good-job"]);
      expect((await v3("batch-creation", { jobs: [] })).status).toBe(400);
    });

    it("refuses steps in the wrong status or order, per job", async () => {
      const [creating = ""] = await create("early-job");
      const early = results(await testBoth(creating));
      expect(early[0]).toMatchObject({ status: "false", success: false, error_code: "DRS.M00304" });
      await untilStatus(creating, "CONFIGURATION");
      const noObjects = results(
        await v3("batch-precheck", { jobs: [{ job_id: creating, precheck_mode: "forStartJob" }] }),
      );
      expect(noObjects[0]).toMatchObject({ id: creating, status: "failed", error_code: "DRS.M00304" });
      const notPrechecked = results(
        await v3("batch-starting", { jobs: [{ job_id: creating }, { job_id: "no-such-job" }] }),
      );
      expect(notPrechecked).toEqual([
        expect.objectContaining({ id: creating, status: "failed", error_code: "DRS.M00304" }),
        expect.objectContaining({ id: "no-such-job", status: "failed", error_code: "DRS.M00289" }),
      ]);
      expect(results(await v3("batch-precheck-result", { jobs: [creating] }))[0]).toMatchObject({
        error_code: "DRS.M05058",
      });
      const badSpeed = await v3(
        "batch-limit-speed",
        {
          speed_limits: [{ job_id: creating, speed_limit: [{ begin: "01:30", end: "05:59", speed: "20" }] }],
        },
        "PUT",
      );
      expect(results(badSpeed)[0]).toMatchObject({ status: "failed", error_code: "DRS.M00001" });
      // A new target address voids the target's connection test.
      const id = await configured("moved-target");
      const moved = { job_id: id, target_endpoint: { db_type: "kafka", ip: "10.9.9.9", topic: "orders" } };
      expect(results(await v3("batch-modification", { jobs: [moved] }, "PUT"))[0]).toEqual({
        id,
        status: "success",
      });
      const afterMove = results(
        await v3("batch-precheck", { jobs: [{ job_id: id, precheck_mode: "forStartJob" }] }),
      );
      expect(afterMove[0]).toMatchObject({ status: "failed", error_code: "DRS.M00304" });
    });

    it("injects a refused connection, a failed precheck and a failed start per job name", async () => {
      await ctx.client.control("POST", "faults", {
        kind: "connectionFails",
        jobNames: ["refused-v3"],
        endpointRole: "so",
      });
      await ctx.client.control("POST", "faults", { kind: "precheckFails", jobNames: ["failing-v3"] });
      await ctx.client.control("POST", "faults", { kind: "startFails", jobNames: ["stuck-v3"] });
      const [refused = ""] = await create("refused-v3");
      await untilStatus(refused, "CONFIGURATION");
      const [source, target] = results(await testBoth(refused));
      expect(source).toMatchObject({
        id: refused,
        status: "false",
        success: false,
        error_code: "DRS.M05057",
      });
      expect(source?.["error_msg"]).toMatch(/Connection refused/);
      expect(target).toEqual({ id: refused, status: "true", success: true });

      const failing = await configured("failing-v3");
      await v3("batch-precheck", { jobs: [{ job_id: failing, precheck_mode: "forStartJob" }] });
      const failed = await precheckResult(failing);
      expect(failed).toMatchObject({ result: false, total_passed_rate: "75%" });
      expect(failed["precheck_result"]).toContainEqual(
        expect.objectContaining({ result: "FAILED", item: "dstDbDiskSize" }),
      );
      expect(results(await v3("batch-starting", { jobs: [{ job_id: failing }] }))[0]).toMatchObject({
        status: "failed",
      });

      const stuck = await configured("stuck-v3");
      await v3("batch-precheck", { jobs: [{ job_id: stuck, precheck_mode: "forStartJob" }] });
      await precheckResult(stuck);
      expect(results(await v3("batch-starting", { jobs: [{ job_id: stuck }] }))[0]).toEqual({
        id: stuck,
        status: "success",
      });
      expect(await untilStatus(stuck, "START_JOB_FAILED")).toBe("START_JOB_FAILED");
    });

    it("loses a batch-creation answer: the job exists once", async () => {
      await ctx.client.control("POST", "faults", { kind: "lostAnswer", jobNames: ["lost-v3"], count: 1 });
      await expect(v3("batch-creation", { jobs: [v3CreateJob("lost-v3")] })).rejects.toThrow();
      expect(ctx.emulator.store.all().filter((j) => j.name === "lost-v3")).toHaveLength(1);
      const listed = await v3("", { cur_page: 1, per_page: 10, db_use_type: "sync", name: "lost-v3" });
      expect((listed.body as { jobs: Body[] }).jobs.map((j) => j["name"])).toEqual(["lost-v3"]);
    });
  });

  describe("pessimistic: a refused entry refuses the whole batch", () => {
    const ctx = emulatorFor({ pessimistic: true, strict: { crowdedProject: false, checkProject: false } });
    it("refuses batch-creation and batch-starting as a whole, doing nothing", async () => {
      const create = await ctx.client.signed({
        method: "POST",
        path: `/v3/${projectId}/jobs/batch-creation`,
        body: { jobs: [v3CreateJob("fine-job"), v3CreateJob("x")] },
      });
      expect(create.status).toBe(400);
      expect(create.body).toMatchObject({ error_code: "DRS.M00001" });
      expect(ctx.emulator.store.all()).toEqual([]);
    });
  });
});
