import { defaultEmulatorCredentials, drsErrorCodes, HuaweiEmulator } from "../../emulator";
import { EmulatorTestClient, type TestAnswer } from "./emulatorTestClient";

const { projectId } = defaultEmulatorCredentials;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const timing = { stopMs: 150, forceStopMs: 50, deletedLingerMs: 100 };

type Results = { count: number; results: Record<string, unknown>[] };
type V5Jobs = { jobs: Record<string, unknown>[] };

describe("emulated DRS", () => {
  const emulator = new HuaweiEmulator(timing);
  let client: EmulatorTestClient;
  beforeAll(async () => {
    client = new EmulatorTestClient(await emulator.start());
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  const v3 = (path: string, body: unknown, method = "POST") =>
    client.signed({ method, path: `/v3/${projectId}/jobs${path}`, body });
  const status = (ids: string[], page?: { cur_page: number; per_page: number }) =>
    v3("/batch-status", page ? { jobs: ids, page_req: page } : { jobs: ids });
  const statusOf = async (id: string) =>
    ((await status([id, "filler"], { cur_page: 1, per_page: 10 })).body as Results).results.find(
      (r) => r.id === id,
    )?.status;
  const batchJobs = (jobs: { delete_type: string; job_id: string }[]) =>
    v3("/batch-jobs", { jobs }, "DELETE");
  const v5 = (method: string, path: string, body?: unknown, query?: Record<string, string>) =>
    client.signed({
      method,
      path: `/v5/${projectId}/jobs${path}`,
      ...(body !== undefined ? { body } : {}),
      ...(query ? { query } : {}),
    });
  const entries = (answer: TestAnswer) => (answer.body as Results).results;

  describe("v3", () => {
    it("answers batch-status for only the first five jobs without page_req, with count the total", async () => {
      const ids = Array.from({ length: 7 }, () => emulator.seed({ projectId }).id);
      const answer = await status(ids);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ count: 7 });
      expect(entries(answer).map((r) => r.id)).toEqual(ids.slice(0, 5));
      expect(entries(await status(ids, { cur_page: 1, per_page: 10 }))).toHaveLength(7);
      expect(entries(await status(ids, { cur_page: 2, per_page: 5 })).map((r) => r.id)).toEqual(ids.slice(5));
    });

    it("answers HTTP 400 DRS.M00289 for a single unknown job, and per job with error_message inside a batch", async () => {
      const single = await status(["nope"], { cur_page: 1, per_page: 10 });
      expect(single).toMatchObject({
        status: 400,
        body: { error_code: "DRS.M00289", error_msg: expect.any(String) as unknown },
      });
      const job = emulator.seed({ projectId, status: "PAUSING" });
      const batch = await status([job.id, "nope"], { cur_page: 1, per_page: 10 });
      expect(entries(batch)).toEqual([
        { id: job.id, status: "PAUSING" },
        { id: "nope", error_code: "DRS.M00289", error_message: expect.any(String) as unknown },
      ]);
    });

    it("answers batch-detail in the SDK's QueryJobResp shape: engine in inst_info, billing in period_order only", async () => {
      const prepaid = emulator.seed({ projectId, chargingMode: "period", periodOrderId: "CS1234" });
      const onDemand = emulator.seed({ projectId, engineType: "mysql-to-kafka", jobType: "migration" });
      const detail = entries(
        await v3("/batch-detail", {
          jobs: [prepaid.id, onDemand.id],
          page_req: { cur_page: 1, per_page: 10 },
        }),
      );
      expect(detail[0]).toMatchObject({
        id: prepaid.id,
        period_order: { order_id: "CS1234", period_type: 2, period_num: 1, charging_mode: 1 },
      });
      expect(detail[1]).toMatchObject({
        id: onDemand.id,
        inst_info: { engine_type: "mysql-to-kafka" },
        db_use_type: "migration",
        status: "INCRE_TRANSFER_STARTED",
      });
      expect(detail[1]).not.toHaveProperty("period_order");
      for (const entry of detail) {
        expect(entry).not.toHaveProperty("engine_type");
        expect(entry).not.toHaveProperty("charging_mode");
      }
    });

    it("terminates with 202, passes through RELEASE_RESOURCE_STARTED, and completes after stopMs", async () => {
      const job = emulator.seed({ projectId });
      const answer = await batchJobs([{ delete_type: "terminate", job_id: job.id }]);
      expect(answer).toMatchObject({
        status: 202,
        body: { count: 1, results: [{ id: job.id, status: "success" }] },
      });
      expect(await statusOf(job.id)).toBe("RELEASE_RESOURCE_STARTED");
      await sleep(timing.stopMs + 30);
      expect(await statusOf(job.id)).toBe("RELEASE_RESOURCE_COMPLETE");
    });

    it("answers 202 with per-job failures named error_msg: delete of a running job, stop of a stopping one, unknown job", async () => {
      const running = emulator.seed({ projectId });
      const stopping = emulator.seed({ projectId, status: "RELEASE_RESOURCE_STARTED" });
      const answer = await batchJobs([
        { delete_type: "delete", job_id: running.id },
        { delete_type: "terminate", job_id: stopping.id },
        { delete_type: "force_terminate", job_id: "nope" },
      ]);
      expect(answer.status).toBe(202);
      expect(entries(answer)).toEqual([
        {
          id: running.id,
          status: "failed",
          error_code: "DRS.M00304",
          error_msg: expect.stringMatching(/stopped before deletion/) as unknown,
        },
        {
          id: stopping.id,
          status: "failed",
          error_code: "DRS.M00304",
          error_msg: expect.stringMatching(/already being stopped/) as unknown,
        },
        { id: "nope", status: "failed", error_code: "DRS.M00289", error_msg: expect.any(String) as unknown },
      ]);
      expect(await statusOf(running.id)).toBe("INCRE_TRANSFER_STARTED");
    });

    it("deletes a stopped job: DELETED for a while, then not found", async () => {
      const job = emulator.seed({ projectId, status: "CREATE_FAILED" });
      expect(entries(await batchJobs([{ delete_type: "delete", job_id: job.id }]))[0]).toMatchObject({
        status: "success",
      });
      expect(await statusOf(job.id)).toBe("DELETED");
      await sleep(timing.deletedLingerMs + 30);
      expect((await status([job.id], { cur_page: 1, per_page: 10 })).body).toMatchObject({
        error_code: "DRS.M00289",
      });
    });

    it("refuses to stop prepaid jobs and dual-active parent jobs with their own codes", async () => {
      const prepaid = emulator.seed({ projectId, chargingMode: "period" });
      const parent = emulator.seed({ projectId, dualActiveParent: true, jobType: "cloudDataGuard" });
      const answer = await batchJobs([
        { delete_type: "force_terminate", job_id: prepaid.id },
        { delete_type: "terminate", job_id: parent.id },
      ]);
      expect(entries(answer)).toMatchObject([
        {
          status: "failed",
          error_code: drsErrorCodes.v3Prepaid,
          error_msg: expect.stringMatching(/unsubscribe/) as unknown,
        },
        {
          status: "failed",
          error_code: drsErrorCodes.v3DualActiveParent,
          error_msg: expect.stringMatching(/dual-active/) as unknown,
        },
      ]);
      expect(await statusOf(prepaid.id)).toBe("INCRE_TRANSFER_STARTED");
    });

    it("lets a graceful stop fail or hang as seeded, while a forced stop always completes after forceStopMs", async () => {
      const failing = emulator.seed({ projectId, gracefulStop: "fails" });
      const hanging = emulator.seed({ projectId, gracefulStop: "hangs" });
      const forced = emulator.seed({ projectId, gracefulStop: "hangs" });
      await batchJobs([
        { delete_type: "terminate", job_id: failing.id },
        { delete_type: "terminate", job_id: hanging.id },
        { delete_type: "force_terminate", job_id: forced.id },
      ]);
      await sleep(timing.forceStopMs + 30);
      expect(await statusOf(forced.id)).toBe("RELEASE_RESOURCE_COMPLETE");
      await sleep(timing.stopMs);
      expect(await statusOf(failing.id)).toBe("RELEASE_RESOURCE_FAILED");
      expect(await statusOf(hanging.id)).toBe("RELEASE_RESOURCE_STARTED");
      expect(
        entries(await batchJobs([{ delete_type: "force_terminate", job_id: failing.id }]))[0],
      ).toMatchObject({ status: "success" });
      await sleep(timing.forceStopMs + 30);
      expect(await statusOf(failing.id)).toBe("RELEASE_RESOURCE_COMPLETE");
    });

    it("lists jobs of a db_use_type with paging and total_record", async () => {
      for (let i = 0; i < 3; i++) emulator.seed({ projectId, jobType: "migration" });
      emulator.seed({ projectId, jobType: "sync" });
      const answer = await v3("", { cur_page: 1, per_page: 2, db_use_type: "migration" });
      expect(answer).toMatchObject({ status: 200, body: { total_record: 3 } });
      expect((answer.body as { jobs: unknown[] }).jobs).toHaveLength(2);
      expect((await v3("", { cur_page: 1, per_page: 2 })).status).toBe(400);
    });

    it("sees v5 jobs as well as v3 jobs", async () => {
      const v5Job = emulator.seed({ projectId, family: "v5" });
      const v3Job = emulator.seed({ projectId, family: "v3" });
      expect(
        entries(await status([v5Job.id, v3Job.id], { cur_page: 1, per_page: 10 })).map((r) => r.status),
      ).toEqual(["INCRE_TRANSFER_STARTED", "INCRE_TRANSFER_STARTED"]);
    });

    it.each([
      ["deletable", ["CREATE_FAILED", "RELEASE_RESOURCE_COMPLETE", "RELEASE_CHILD_TRANSFER_COMPLETE"]],
      ["stopping", ["RELEASE_RESOURCE_STARTED", "RELEASE_CHILD_TRANSFER_STARTED"]],
      [
        "running",
        [
          "CREATING",
          "STARTJOBING",
          "WAITING_FOR_START",
          "FULL_TRANSFER_STARTED",
          "FULL_TRANSFER_COMPLETE",
          "INCRE_TRANSFER_STARTED",
          "CHILD_TRANSFER_STARTING",
          "CHILD_TRANSFER_STARTED",
          "CHILD_TRANSFER_COMPLETE",
          "CHANGE_JOB_STARTED",
          "REBUILD_NODE_STARTED",
          "NODE_UPGRADE_START",
          "NODE_UPGRADE_COMPLETE",
        ],
      ],
      ["idle", ["CONFIGURATION", "PAUSING"]],
      [
        "failed",
        [
          "START_JOB_FAILED",
          "FULL_TRANSFER_FAILED",
          "INCRE_TRANSFER_FAILED",
          "CHANGE_JOB_FAILED",
          "CHILD_TRANSFER_FAILED",
          "REBUILD_NODE_FAILED",
          "NODE_UPGRADE_FAILED",
        ],
      ],
      ["stop failed", ["RELEASE_RESOURCE_FAILED"]],
      ["gone and unknown", ["DELETED", "SOME_FUTURE_STATUS"]],
    ])("seeds and reports every %s status", async (_group, statuses) => {
      const ids = statuses.map((s) => emulator.seed({ projectId, status: s }).id);
      const answer = await status(ids, { cur_page: 1, per_page: 100 });
      expect(entries(answer).map((r) => r.status)).toEqual(statuses);
    });
  });

  describe("v5", () => {
    it("requires type on the detail call and answers DRS.10000010 for unknown and v3-family jobs", async () => {
      const job = emulator.seed({ projectId, name: "orders" });
      expect((await v5("GET", `/${job.id}`)).body).toMatchObject({ error_code: "DRS.10000001" });
      const detail = await v5("GET", `/${job.id}`, undefined, { type: "detail" });
      expect(detail).toMatchObject({
        status: 200,
        body: {
          job: {
            id: job.id,
            status: "INCRE_TRANSFER_STARTED",
            base_info: { name: "orders", engine_type: "mysql" },
          },
        },
      });
      expect(await v5("GET", "/nope", undefined, { type: "detail" })).toMatchObject({
        status: 400,
        body: { error_code: "DRS.10000010" },
      });
      const v3Job = emulator.seed({ projectId, family: "v3" });
      expect((await v5("GET", `/${v3Job.id}`, undefined, { type: "detail" })).status).toBe(400);
    });

    it.each([
      ["INCRE_TRANSFER_STARTED", {}, ["PAUSE", "FREE_RESOURCE"]],
      ["PAUSING", {}, ["START", "FREE_RESOURCE"]],
      ["INCRE_TRANSFER_FAILED", {}, ["RETRY", "FREE_RESOURCE"]],
      ["RELEASE_RESOURCE_FAILED", {}, ["FREE_RESOURCE"]],
      ["RELEASE_RESOURCE_STARTED", {}, []],
      ["RELEASE_RESOURCE_COMPLETE", {}, ["DELETE"]],
      ["INCRE_TRANSFER_STARTED", { chargingMode: "period" as const }, ["PAUSE", "UNSUBSCRIBE"]],
      ["RELEASE_RESOURCE_COMPLETE", { dualActiveParent: true }, []],
    ])("offers actions consistent with status %s %j", async (jobStatus, extra, expected) => {
      const job = emulator.seed({ projectId, status: jobStatus, ...extra });
      const answer = await v5("GET", `/${job.id}/actions`);
      const actions = (
        answer.body as { job_action: { available_actions: string[]; unavailable_actions: string[] } }
      ).job_action;
      expect(actions.available_actions).toEqual(expected);
      for (const a of expected) expect(actions.unavailable_actions).not.toContain(a);
    });

    it("lists jobs by job_type and up to ten names", async () => {
      const jobs = [
        emulator.seed({ projectId }),
        emulator.seed({ projectId }),
        emulator.seed({ projectId, jobType: "migration" }),
      ];
      const answer = await v5("GET", "", undefined, {
        job_type: "sync",
        name: jobs.map((j) => j.id).join(","),
      });
      expect(answer).toMatchObject({ status: 200, body: { total_count: 2 } });
      const eleven = Array.from({ length: 11 }, (_, i) => `id${i}`).join(",");
      expect((await v5("GET", "", undefined, { job_type: "sync", name: eleven })).status).toBe(400);
      expect((await v5("GET", "")).status).toBe(400);
    });

    it("batch-stops with capitalised Success and Failed entries", async () => {
      const job = emulator.seed({ projectId, name: "DRS-1234" });
      const answer = await v5("POST", "/batch-stop", {
        jobs: [{ job_id: job.id }, { job_id: "nope", is_force_stop: false }],
      });
      expect(answer).toMatchObject({
        status: 200,
        body: {
          jobs: [
            { id: job.id, name: "DRS-1234", status: "Success" },
            { id: "nope", status: "Failed", error_code: "DRS.10000010" },
          ],
        },
      });
      expect(job.status).toBe("RELEASE_RESOURCE_STARTED");
      const again = await v5("POST", "/batch-stop", { jobs: [{ job_id: job.id }] });
      expect((again.body as V5Jobs).jobs[0]).toMatchObject({ status: "Failed", error_code: "DRS.10000001" });
    });

    it("stops one job, forced stops completing after forceStopMs; refusals in a 200 body (SDK StopJobActionResponse)", async () => {
      const job = emulator.seed({ projectId, gracefulStop: "hangs" });
      expect(await v5("POST", `/${job.id}/stop`, { is_force_stop: true })).toMatchObject({
        status: 200,
        body: { id: job.id, status: "success" },
      });
      await sleep(timing.forceStopMs + 30);
      expect(emulator.store.get(job.id)?.status).toBe("RELEASE_RESOURCE_COMPLETE");
      expect(await v5("POST", `/${job.id}/stop`, {})).toMatchObject({
        status: 200,
        body: { id: job.id, status: "failed", error_code: "DRS.10000001" },
      });
      const prepaid = emulator.seed({ projectId, chargingMode: "period" });
      expect(await v5("POST", `/${prepaid.id}/stop`, {})).toMatchObject({
        status: 200,
        body: { id: prepaid.id, status: "failed", error_code: drsErrorCodes.v5Prepaid },
      });
    });

    it("batch-deletes only stopped jobs of the delete-many engine pairs", async () => {
      const stopped = emulator.seed({
        projectId,
        status: "RELEASE_RESOURCE_COMPLETE",
        engineType: "redis-to-gaussredis",
      });
      const kafka = emulator.seed({
        projectId,
        status: "RELEASE_RESOURCE_COMPLETE",
        engineType: "mysql-to-kafka",
      });
      const running = emulator.seed({ projectId });
      const answer = await v5("DELETE", "", { jobs: [stopped.id, kafka.id, running.id] });
      expect((answer.body as V5Jobs).jobs).toMatchObject([
        { id: stopped.id, status: "Success" },
        { id: kafka.id, status: "Failed", error_msg: expect.stringMatching(/mysql-to-kafka/) as unknown },
        { id: running.id, status: "Failed", error_code: "DRS.10000001" },
      ]);
      expect(emulator.store.get(stopped.id)?.status).toBe("DELETED");
    });

    it("deletes one job only for the delete-one engine pairs, answering {}", async () => {
      const kafka = emulator.seed({
        projectId,
        status: "RELEASE_RESOURCE_COMPLETE",
        engineType: "taurus-to-kafka",
      });
      const mysql = emulator.seed({ projectId, status: "RELEASE_RESOURCE_COMPLETE", engineType: "mysql" });
      expect(await v5("DELETE", `/${kafka.id}`)).toMatchObject({ status: 200, body: {} });
      expect(await v5("DELETE", `/${mysql.id}`)).toMatchObject({
        status: 400,
        body: { error_code: "DRS.10000001" },
      });
      expect(await v5("DELETE", "/nope")).toMatchObject({
        status: 400,
        body: { error_code: "DRS.10000010" },
      });
    });
  });

  describe("clouds and regions", () => {
    it("answers every v5 path with 404 APIG.0101 when v5 is not published, while v3 works", async () => {
      const otc = new HuaweiEmulator({ ...timing, cloud: "otc" });
      const otcClient = new EmulatorTestClient(await otc.start());
      try {
        const job = otc.seed({ projectId, status: "RELEASE_RESOURCE_COMPLETE" });
        for (const [method, path] of [
          ["GET", `/${job.id}`],
          ["POST", "/batch-stop"],
          ["DELETE", ""],
        ] as const) {
          const answer = await otcClient.signed({
            method,
            path: `/v5/${projectId}/jobs${path}`,
            query: { type: "detail" },
          });
          expect(answer).toMatchObject({ status: 404, body: { error_code: "APIG.0101" } });
        }
        const del = await otcClient.signed({
          method: "DELETE",
          path: `/v3/${projectId}/jobs/batch-jobs`,
          body: { jobs: [{ delete_type: "delete", job_id: job.id }] },
        });
        expect(del.status).toBe(202);
        // Open Telekom Cloud does not use DELETED: the job is gone at once.
        const after = await otcClient.signed({
          method: "POST",
          path: `/v3/${projectId}/jobs/batch-status`,
          body: { jobs: [job.id] },
        });
        expect(after).toMatchObject({ status: 400, body: { error_code: "DRS.M00289" } });
      } finally {
        await otc.stop();
      }
    });
  });
});
