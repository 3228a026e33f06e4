/*
 * Acceptance test: every API module function (DRS v3, DRS v5, DLI) driven against the emulator
 * over real HTTP, with connections built the way the provider builds them (resolveConnection with
 * the real authenticators, from an HW_* environment), under both authentication schemes and with
 * each kind of injected fault.
 */
import {
  defaultEmulatorCredentials,
  dliMessages,
  HuaweiEmulator,
  type EmulatorCall,
  type SeedDliJob,
  type SeedDrsJob,
} from "../../emulator";
import { clearConnectionCache } from "../../provider/config/resolveConnection";
import {
  createDliJarJob,
  createDliSqlJob,
  deleteDliJob,
  deleteDliJobs,
  getDliJob,
  isDliNotFound,
  listDliJobs,
  runDliJobs,
  stopDliJobs,
} from "../../provider/dli/dliApi";
import {
  batchGetDrsV3JobDetail,
  batchGetDrsV3JobStatus,
  batchStopOrDeleteDrsV3Jobs,
  listAllDrsV3Jobs,
  listDrsV3Jobs,
} from "../../provider/drs/drsV3Api";
import {
  batchDeleteDrsV5Jobs,
  batchStopDrsV5Jobs,
  deleteDrsV5Job,
  getDrsV5Job,
  getDrsV5JobActions,
  isDrsNotFound,
  listDrsV5Jobs,
  stopDrsV5Job,
} from "../../provider/drs/drsV5Api";
import type { ApiConnection } from "../../provider/http/ApiConnection";
import { HuaweiApiError, UnexpectedAnswerError } from "../../provider/http/HuaweiApiError";
import { retryPolicy } from "../../provider/http/requestJson";
import {
  clearEmulatorCalls,
  connectFromEnv,
  emulatorEnv,
  issueEmulatorToken,
  recordingAuth,
} from "../helpers/emulatorConnections";

const { projectId, regionName } = defaultEmulatorCredentials;
const [accessKey] = defaultEmulatorCredentials.accessKeys;
const [user] = defaultEmulatorCredentials.users;
const missingDliId = "424242";

const emulator = new HuaweiEmulator({
  auth: "verify",
  stopMs: 40,
  forceStopMs: 20,
  deletedLingerMs: 40,
  dli: { submitMs: 20, stopMs: 40, savepointMs: 20 },
});
let url = "";

// Every token the emulator hands out, so that the log and errors can be searched for it.
const issueToken = jest.spyOn(emulator.auth, "issueToken");
const issuedTokens = (): string[] =>
  issueToken.mock.results.flatMap((r) =>
    r.type === "return" && typeof r.value === "object" ? [r.value.token] : [],
  );
/** Secret values a test adds (a wrong secret key, say) besides the defaults and issued tokens. */
const extraSecrets: string[] = [];
const secrets = (): string[] => [
  accessKey.secretAccessKey,
  user.password,
  ...issuedTokens(),
  ...extraSecrets,
];

const thrown: unknown[] = [];
/** Awaits a call that must fail and returns what it threw (kept for the secret check). */
async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    thrown.push(error);
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** The message, stack and fields of an error and its causes: all a user could ever see. */
function everythingShownBy(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (!(current instanceof Error)) {
      parts.push(typeof current === "string" ? current : JSON.stringify(current));
      break;
    }
    parts.push(current.message, current.stack ?? "", JSON.stringify(Object.entries(current)));
    current = current.cause;
  }
  return parts.join("\n");
}

const pathOf = (call: EmulatorCall): string => new URL(call.path, "http://emulator").pathname;
const queryOf = (call: EmulatorCall): URLSearchParams => new URL(call.path, "http://emulator").searchParams;
/** DRS and DLI calls, IAM left out. */
const serviceCalls = (): EmulatorCall[] => emulator.calls().filter((c) => c.service !== "iam");
const line = (c: EmulatorCall): string => `${c.method} ${pathOf(c)} ${c.status} ${c.auth}`;

const seedDrs = (spec: Omit<SeedDrsJob, "projectId"> = {}) => emulator.seed({ projectId, ...spec });
const seedDli = (spec: Omit<SeedDliJob, "projectId"> = {}) => emulator.dli.seed({ projectId, ...spec });
const jobIdsSent = (call: EmulatorCall | undefined): string[] =>
  ((call?.body as { job_ids?: unknown[] } | undefined)?.job_ids ?? []).map(String);

/** Reads until `ok` holds (emulated stops and runs take a few tens of milliseconds). */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Forgets jobs, faults and the call log, but keeps issued tokens so warm connections stay warm. */
async function freshEmulatorState(): Promise<void> {
  emulator.faults.clear();
  emulator.store.clear();
  emulator.dli.store.clear();
  await clearEmulatorCalls(url);
}

const savedRetryPolicy = { ...retryPolicy };
beforeAll(async () => {
  url = await emulator.start();
  // Real backoff would make the fault tests slow; the retry logic itself is unchanged.
  retryPolicy.baseDelayMs = 2;
  retryPolicy.maxDelayMs = 10;
});
afterAll(async () => {
  Object.assign(retryPolicy, savedRetryPolicy);
  clearConnectionCache();
  await emulator.stop();
});

afterEach(() => {
  const log = JSON.stringify(emulator.calls());
  expect(log).not.toMatch(/Signature=/);
  for (const secret of secrets()) {
    expect(log).not.toContain(secret);
    for (const error of thrown) expect(everythingShownBy(error)).not.toContain(secret);
  }
  thrown.length = 0;
});

describe.each([
  { scheme: "aksk", logged: "aksk" },
  { scheme: "password", logged: "token" },
] as const)("API modules over real HTTP with $scheme credentials", ({ scheme, logged }) => {
  let drs: ApiConnection;
  let dli: ApiConnection;

  beforeAll(async () => {
    clearConnectionCache();
    const env = emulatorEnv(url, scheme);
    drs = await connectFromEnv("drs", env);
    dli = await connectFromEnv("dli", env);
    // Log in once, so that each test's call log starts with its own calls.
    await listDliJobs(dli);
  });
  beforeEach(freshEmulatorState);
  afterEach(() => {
    for (const call of serviceCalls()) expect(call.auth).toBe(logged);
  });

  it("resolves the endpoint and project from the environment and authenticates every call", async () => {
    expect(drs).toMatchObject({ endpoint: url, projectId });
    expect(dli).toMatchObject({ endpoint: url, projectId });
    await listDliJobs(dli);
    expect(emulator.calls().map(line)).toEqual([`GET /v1.0/${projectId}/streaming/jobs 200 ${logged}`]);
  });

  it("looks the project id up through IAM when HW_PROJECT_ID is absent", async () => {
    clearConnectionCache();
    const conn = await connectFromEnv("drs", emulatorEnv(url, scheme, { withProjectId: false }));
    expect(conn.projectId).toBe(projectId);
    const job = seedDrs({ family: "v3" });
    expect((await batchGetDrsV3JobStatus(conn, [job.id])).get(job.id)?.status).toBe(job.status);
    const statusCall = `POST /v3/${projectId}/jobs/batch-status 200 ${logged}`;
    expect(emulator.calls().map(line)).toEqual(
      scheme === "aksk"
        ? ["GET /v3/projects 200 aksk", statusCall]
        : [
            "POST /v3/auth/tokens 201 none",
            "GET /v3/projects 200 token",
            "POST /v3/auth/tokens 201 none",
            statusCall,
          ],
    );
    const lookup = emulator.calls().find((c) => pathOf(c) === "/v3/projects");
    expect(queryOf(lookup!).get("name")).toBe(regionName);
    if (scheme === "password") {
      // The lookup logs in scoped by region name (no project id yet); the service calls by id.
      const logins = emulator.calls().filter((c) => pathOf(c) === "/v3/auth/tokens");
      expect(logins.map((c) => (c.body as { auth: { scope: unknown } }).auth.scope)).toEqual([
        { project: { name: regionName } },
        { project: { id: projectId } },
      ]);
    }
  });

  describe("DRS v3", () => {
    it("reads the status of more than five jobs in a single call, sending page_req", async () => {
      const jobs = Array.from({ length: 7 }, (_, i) =>
        seedDrs({ family: "v3", status: i % 2 === 0 ? "INCRE_TRANSFER_STARTED" : "FULL_TRANSFER_STARTED" }),
      );
      const ids = [...jobs.map((j) => j.id), "no-such-job"];
      const statuses = await batchGetDrsV3JobStatus(drs, ids);
      expect(statuses.size).toBe(8);
      for (const job of jobs) expect(statuses.get(job.id)).toMatchObject({ id: job.id, status: job.status });
      expect(statuses.get("no-such-job")).toMatchObject({ error_code: "DRS.M00289" });
      expect(serviceCalls()).toHaveLength(1);
      expect(serviceCalls()[0]).toMatchObject({
        method: "POST",
        path: `/v3/${projectId}/jobs/batch-status`,
        status: 200,
        body: { jobs: ids, page_req: { cur_page: 1, per_page: 8 } },
      });
    });

    it("reports a lone missing job as its not-found entry although the vendor refuses the call", async () => {
      const statuses = await batchGetDrsV3JobStatus(drs, ["no-such-job"]);
      expect(statuses.get("no-such-job")).toMatchObject({ id: "no-such-job", error_code: "DRS.M00289" });
      expect(serviceCalls().map((c) => c.status)).toEqual([400]);
    });

    it("reads job details, keeping the engine pair and the prepaid order", async () => {
      const plain = seedDrs({ family: "v3", engineType: "mysql", jobType: "migration" });
      const prepaid = seedDrs({ family: "v3", engineType: "oracle-to-gaussdbv5", chargingMode: "period" });
      const details = await batchGetDrsV3JobDetail(drs, [plain.id, prepaid.id, "no-such-job"]);
      expect(details.get(plain.id)).toMatchObject({
        inst_info: { engine_type: "mysql" },
        db_use_type: "migration",
        status: "INCRE_TRANSFER_STARTED",
      });
      expect(details.get(plain.id)).not.toHaveProperty("period_order");
      expect(details.get(prepaid.id)).toMatchObject({
        inst_info: { engine_type: "oracle-to-gaussdbv5" },
        period_order: { order_id: prepaid.periodOrderId },
      });
      expect(details.get("no-such-job")).toMatchObject({ error_code: "DRS.M00289" });
      expect(serviceCalls().map(line)).toEqual([`POST /v3/${projectId}/jobs/batch-detail 200 ${logged}`]);
    });

    it("terminates, force-terminates and deletes in one call, matching each job's failure by id", async () => {
      const graceful = seedDrs({ family: "v3" });
      const forced = seedDrs({ family: "v3", gracefulStop: "hangs" });
      const stopped = seedDrs({ family: "v3", status: "RELEASE_RESOURCE_COMPLETE" });
      const running = seedDrs({ family: "v3" });
      const prepaid = seedDrs({ family: "v3", chargingMode: "period" });
      const results = await batchStopOrDeleteDrsV3Jobs(drs, [
        { jobId: stopped.id, deleteType: "delete" },
        { jobId: "no-such-job", deleteType: "terminate" },
        { jobId: graceful.id, deleteType: "terminate", showBreakpointPosition: true },
        { jobId: running.id, deleteType: "delete" },
        { jobId: forced.id, deleteType: "force_terminate" },
        { jobId: prepaid.id, deleteType: "terminate" },
      ]);
      expect(results.get(graceful.id)).toMatchObject({ status: "success" });
      expect(results.get(forced.id)).toMatchObject({ status: "success" });
      expect(results.get(stopped.id)).toMatchObject({ status: "success" });
      expect(results.get(running.id)).toMatchObject({ status: "failed", error_code: "DRS.M00304" });
      expect(results.get(prepaid.id)).toMatchObject({ status: "failed", error_code: "DRS.M05055" });
      expect(results.get("no-such-job")).toMatchObject({ status: "failed", error_code: "DRS.M00289" });
      expect(serviceCalls()).toMatchObject([
        { method: "DELETE", path: `/v3/${projectId}/jobs/batch-jobs`, status: 202 },
      ]);
      expect((serviceCalls()[0]?.body as { jobs: unknown[] }).jobs).toContainEqual({
        delete_type: "terminate",
        job_id: graceful.id,
        is_show_breakpoint_position: true,
      });
      expect(stopped.status).toBe("DELETED");
      expect(running.status).toBe("INCRE_TRANSFER_STARTED");
      const ended = await until(
        () => batchGetDrsV3JobStatus(drs, [graceful.id, forced.id]),
        (m) => [graceful.id, forced.id].every((id) => m.get(id)?.status === "RELEASE_RESOURCE_COMPLETE"),
        "both stops to complete",
      );
      expect(ended.size).toBe(2);
    });

    it("lists one page with filters, and every page of a scenario 100 jobs per call", async () => {
      const sync = Array.from({ length: 103 }, (_, i) => seedDrs({ family: "v3", name: `sync-${i}` }));
      seedDrs({ family: "v3", jobType: "migration", name: "sync-migration" });
      const page = await listDrsV3Jobs(
        drs,
        { dbUseType: "sync", name: "sync-10" },
        { curPage: 1, perPage: 2 },
      );
      // Names contain the filter: sync-10 and sync-100 to sync-102.
      expect(page.total_record).toBe(4);
      expect(page.jobs).toHaveLength(2);
      const all = await listAllDrsV3Jobs(drs, { dbUseType: "sync" });
      expect(all.map((j) => j.id).sort()).toEqual(sync.map((j) => j.id).sort());
      expect(serviceCalls().map((c) => c.body)).toEqual([
        { cur_page: 1, per_page: 2, db_use_type: "sync", name: "sync-10" },
        { cur_page: 1, per_page: 100, db_use_type: "sync" },
        { cur_page: 2, per_page: 100, db_use_type: "sync" },
      ]);
    });
  });

  describe("DRS v5", () => {
    it("reads one job and what may be done to it; a missing or v3-only job reads as undefined", async () => {
      const job = seedDrs({ engineType: "mysql-to-kafka" });
      const v3Only = seedDrs({ family: "v3" });
      expect(await getDrsV5Job(drs, job.id)).toMatchObject({
        id: job.id,
        status: "INCRE_TRANSFER_STARTED",
        base_info: { engine_type: "mysql-to-kafka", job_type: "sync" },
      });
      expect(await getDrsV5Job(drs, "no-such-job")).toBeUndefined();
      expect(await getDrsV5Job(drs, v3Only.id)).toBeUndefined();
      const actions = await getDrsV5JobActions(drs, job.id);
      expect(actions?.available_actions).toEqual(expect.arrayContaining(["PAUSE", "FREE_RESOURCE"]));
      expect(actions?.available_actions).not.toContain("DELETE");
      expect(await getDrsV5JobActions(drs, "no-such-job")).toBeUndefined();
      expect(serviceCalls().map((c) => `${c.method} ${c.status}`)).toEqual([
        "GET 200",
        "GET 400",
        "GET 400",
        "GET 200",
        "GET 400",
      ]);
      expect(serviceCalls()[0]?.path).toBe(`/v5/${projectId}/jobs/${job.id}?type=detail`);
      expect(pathOf(serviceCalls()[3]!)).toBe(`/v5/${projectId}/jobs/${job.id}/actions`);
    });

    it("stops many jobs in one call, matching each entry by id", async () => {
      const graceful = seedDrs();
      const forced = seedDrs({ gracefulStop: "hangs" });
      const prepaid = seedDrs({ chargingMode: "period" });
      const stopped = seedDrs({ status: "RELEASE_RESOURCE_COMPLETE" });
      const results = await batchStopDrsV5Jobs(drs, [
        { jobId: prepaid.id },
        { jobId: graceful.id },
        { jobId: "no-such-job" },
        { jobId: forced.id, force: true },
        { jobId: stopped.id },
      ]);
      expect(results.get(graceful.id)).toMatchObject({ status: "Success" });
      expect(results.get(forced.id)).toMatchObject({ status: "Success" });
      expect(results.get(prepaid.id)).toMatchObject({ status: "Failed", error_code: "DRS.10010055" });
      expect(results.get(stopped.id)).toMatchObject({ status: "Failed", error_code: "DRS.10000001" });
      expect(results.get("no-such-job")).toMatchObject({ status: "Failed", error_code: "DRS.10000010" });
      expect(serviceCalls()).toMatchObject([
        { method: "POST", path: `/v5/${projectId}/jobs/batch-stop`, status: 200 },
      ]);
      expect((serviceCalls()[0]?.body as { jobs: unknown[] }).jobs).toContainEqual({
        job_id: forced.id,
        is_force_stop: true,
      });
      await until(
        () => getDrsV5Job(drs, forced.id),
        (j) => j?.status === "RELEASE_RESOURCE_COMPLETE",
        "the forced stop to complete",
      );
    });

    it("stops one job; stopping it again is refused (in a 200 body, as the SDK models it) and not resent", async () => {
      const job = seedDrs();
      expect(await stopDrsV5Job(drs, job.id, { force: true })).toMatchObject({
        id: job.id,
        status: "success",
      });
      const again = await failureOf(stopDrsV5Job(drs, job.id));
      expect(again).toBeInstanceOf(HuaweiApiError);
      expect(again).toMatchObject({ httpStatus: 200, errorCode: "DRS.10000001" });
      expect(serviceCalls().map((c) => [pathOf(c), c.status, c.body])).toEqual([
        [`/v5/${projectId}/jobs/${job.id}/stop`, 200, { is_force_stop: true }],
        [`/v5/${projectId}/jobs/${job.id}/stop`, 200, {}],
      ]);
    });

    it("deletes many stopped jobs in one call; running, unsupported and missing jobs fail by id", async () => {
      const stopped = seedDrs({ status: "RELEASE_RESOURCE_COMPLETE", engineType: "mysql" });
      const running = seedDrs({ engineType: "mysql" });
      const kafka = seedDrs({ status: "RELEASE_RESOURCE_COMPLETE", engineType: "mysql-to-kafka" });
      const results = await batchDeleteDrsV5Jobs(drs, [running.id, stopped.id, "no-such-job", kafka.id]);
      expect(results.get(stopped.id)).toMatchObject({ status: "Success" });
      expect(results.get(running.id)).toMatchObject({ status: "Failed", error_code: "DRS.10000001" });
      expect(results.get(kafka.id)).toMatchObject({
        status: "Failed",
        error_code: "DRS.10000001",
        error_msg: expect.stringMatching(/not supported/) as unknown,
      });
      expect(results.get("no-such-job")).toMatchObject({ status: "Failed", error_code: "DRS.10000010" });
      expect(stopped.status).toBe("DELETED");
      expect(serviceCalls()).toMatchObject([
        {
          method: "DELETE",
          path: `/v5/${projectId}/jobs`,
          status: 200,
          body: { jobs: [running.id, stopped.id, "no-such-job", kafka.id] },
        },
      ]);
    });

    it("deletes one stopped MySQL-to-Kafka job; a missing job fails with a not-found error", async () => {
      const kafka = seedDrs({ status: "RELEASE_RESOURCE_COMPLETE", engineType: "mysql-to-kafka" });
      await expect(deleteDrsV5Job(drs, kafka.id)).resolves.toBeUndefined();
      expect(kafka.status).toBe("DELETED");
      const missing = await failureOf(deleteDrsV5Job(drs, "no-such-job"));
      expect(missing).toBeInstanceOf(HuaweiApiError);
      const { errorCode, errorMessage } = missing as HuaweiApiError;
      expect(isDrsNotFound(errorCode, errorMessage)).toBe(true);
      expect(serviceCalls().map(line)).toEqual([
        `DELETE /v5/${projectId}/jobs/${kafka.id} 200 ${logged}`,
        `DELETE /v5/${projectId}/jobs/no-such-job 400 ${logged}`,
      ]);
    });

    it("finds jobs by id, at most ten ids per call, keeping only v5 jobs of the scenario", async () => {
      const wanted = Array.from({ length: 12 }, () => seedDrs({ jobType: "migration" }));
      const v3Only = seedDrs({ family: "v3", jobType: "migration" });
      const otherScenario = seedDrs({ jobType: "sync" });
      const found = await listDrsV5Jobs(drs, "migration", [
        ...wanted.map((j) => j.id),
        v3Only.id,
        otherScenario.id,
        "no-such-job",
      ]);
      expect([...found.keys()].sort()).toEqual(wanted.map((j) => j.id).sort());
      expect(found.get(wanted[0]!.id)).toMatchObject({
        status: "INCRE_TRANSFER_STARTED",
        engine_type: "mysql",
      });
      expect(serviceCalls().map((c) => queryOf(c).get("name")?.split(",").length)).toEqual([10, 5]);
      expect(serviceCalls().every((c) => queryOf(c).get("job_type") === "migration")).toBe(true);
    });
  });

  describe("DLI", () => {
    it("creates SQL and Jar jobs and reads them back by their exact 64-bit ids", async () => {
      const sqlId = await createDliSqlJob(dli, {
        name: "orders_sql",
        sql_body: "INSERT INTO sink SELECT * FROM source",
        queue_name: "q1",
        cu_number: 2,
      });
      const jarId = await createDliJarJob(dli, {
        name: "orders_jar",
        queue_name: "q1",
        entrypoint: "obs://bucket/app.jar",
        main_class: "com.example.Main",
      });
      // Beyond 2^53: a JS number would have lost the last digit.
      expect(BigInt(sqlId)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
      expect(await getDliJob(dli, sqlId)).toMatchObject({
        job_id: sqlId,
        name: "orders_sql",
        status: "job_init",
        job_type: "flink_sql_job",
        queue_name: "q1",
      });
      expect(await getDliJob(dli, jarId)).toMatchObject({
        job_id: jarId,
        job_type: "flink_jar_job",
        main_class: "com.example.Main",
      });
      expect(serviceCalls().map(line)).toEqual([
        `POST /v1.0/${projectId}/streaming/sql-jobs 200 ${logged}`,
        `POST /v1.0/${projectId}/streaming/flink-jobs 200 ${logged}`,
        `GET /v1.0/${projectId}/streaming/jobs/${sqlId} 200 ${logged}`,
        `GET /v1.0/${projectId}/streaming/jobs/${jarId} 200 ${logged}`,
      ]);
      expect(serviceCalls()[0]?.body).toMatchObject({ name: "orders_sql", queue_name: "q1", cu_number: 2 });
    });

    it("reads a job that has no queue (queue_name null in the answer)", async () => {
      const job = seedDli({ status: "job_running" });
      expect(await getDliJob(dli, job.id)).toMatchObject({ job_id: job.id, status: "job_running" });
    });

    it("reads a missing job as undefined", async () => {
      expect(await getDliJob(dli, missingDliId)).toBeUndefined();
      expect(serviceCalls().map((c) => c.status)).toEqual([400]);
    });

    it("lists every job, and jobs matching name and status filters", async () => {
      const etl = seedDli({ name: "etl_orders", status: "job_running" });
      seedDli({ name: "etl_refunds" });
      seedDli({ name: "report", status: "job_running" });
      expect(await listDliJobs(dli)).toHaveLength(3);
      const matching = await listDliJobs(dli, { name: "etl", status: "job_running" });
      expect(matching.map((j) => j.job_id)).toEqual([etl.id]);
      expect(serviceCalls().map((c) => Object.fromEntries(queryOf(c)))).toEqual([
        { limit: "100", offset: "0" },
        { limit: "100", offset: "0", name: "etl", status: "job_running" },
      ]);
    });

    it("runs jobs, then stops them with a savepoint; answers are matched by request order", async () => {
      const sql = seedDli();
      const jar = seedDli({ jar: { entrypoint: "obs://bucket/app.jar" } });
      const running = seedDli({ status: "job_running" });
      const ran = await runDliJobs(dli, [sql.id, running.id, jar.id], { resumeSavepoint: false });
      expect(ran.get(sql.id)).toEqual({ isSuccess: true, message: dliMessages.runDelivered });
      expect(ran.get(running.id)).toEqual({
        isSuccess: false,
        message: dliMessages.cannotRun("job_running"),
      });
      expect(ran.get(jar.id)?.isSuccess).toBe(true);
      await until(
        () => getDliJob(dli, sql.id),
        (j) => j?.status === "job_running",
        "the SQL job to run",
      );

      const stopped = await stopDliJobs(dli, [sql.id, missingDliId], { triggerSavepoint: true });
      expect(stopped.get(sql.id)).toEqual({ isSuccess: true, message: dliMessages.stopDelivered });
      expect(stopped.get(missingDliId)).toEqual({ isSuccess: false, message: dliMessages.notFound });
      const done = await until(
        () => getDliJob(dli, sql.id),
        (j) => j?.status === "job_cancel_success",
        "the stop to complete",
      );
      expect(done?.["savepoint_path"]).toMatch(/^obs:\/\/dli-emulator\/savepoints\//);

      const run = serviceCalls().find((c) => pathOf(c).endsWith("/jobs/run"));
      const stop = serviceCalls().find((c) => pathOf(c).endsWith("/jobs/stop"));
      expect(jobIdsSent(run)).toEqual([sql.id, running.id, jar.id]);
      expect(run?.body).toMatchObject({ resume_savepoint: false });
      expect(jobIdsSent(stop)).toEqual([sql.id, missingDliId]);
      expect(stop?.body).toMatchObject({ trigger_savepoint: true });
    });

    it("deletes jobs in any state in one call; a missing job's entry fails, and deleted jobs read as undefined", async () => {
      const running = seedDli({ status: "job_running" });
      const draft = seedDli();
      const results = await deleteDliJobs(dli, [running.id, missingDliId, draft.id]);
      expect(results.get(running.id)).toEqual({ isSuccess: true, message: dliMessages.deleted });
      expect(results.get(missingDliId)).toEqual({ isSuccess: false, message: dliMessages.notFound });
      expect(results.get(draft.id)?.isSuccess).toBe(true);
      expect(await getDliJob(dli, running.id)).toBeUndefined();
      expect(serviceCalls().map((c) => `${c.method} ${c.status}`)).toEqual(["POST 200", "GET 400"]);
    });

    it("deletes one job; deleting it again fails once with a not-found error", async () => {
      const job = seedDli({ status: "job_cancel_success" });
      await expect(deleteDliJob(dli, job.id)).resolves.toBeUndefined();
      const again = await failureOf(deleteDliJob(dli, job.id));
      expect(isDliNotFound(again)).toBe(true);
      expect(again).toMatchObject({ httpStatus: 400, errorCode: "DLI.16001" });
      expect(serviceCalls().map(line)).toEqual([
        `DELETE /v1.0/${projectId}/streaming/jobs/${job.id} 200 ${logged}`,
        `DELETE /v1.0/${projectId}/streaming/jobs/${job.id} 400 ${logged}`,
      ]);
    });
  });

  describe("injected faults", () => {
    it("retries an idempotent call through a burst of two 5xx answers", async () => {
      const job = seedDrs({ family: "v3" });
      emulator.faults.add({
        kind: "error",
        status: 503,
        count: 2,
        match: { service: "drs", path: "batch-status$" },
      });
      const statuses = await batchGetDrsV3JobStatus(drs, [job.id]);
      expect(statuses.get(job.id)?.status).toBe(job.status);
      expect(serviceCalls().map((c) => [c.status, c.fault])).toEqual([
        [503, "error"],
        [503, "error"],
        [200, undefined],
      ]);
    });

    it("retries an idempotent call through two 429 APIG.0308 answers (rule set over HTTP)", async () => {
      const job = seedDli({ status: "job_running" });
      const added = await fetch(`${url}/__emulator/faults`, {
        method: "POST",
        body: JSON.stringify({ kind: "throttle", count: 2, match: { service: "dli", method: "GET" } }),
      });
      expect(added.status).toBe(201);
      expect(await getDliJob(dli, job.id)).toMatchObject({ job_id: job.id });
      expect(serviceCalls().map((c) => [c.status, (c.answer as { error_code?: string }).error_code])).toEqual(
        [
          [429, "APIG.0308"],
          [429, "APIG.0308"],
          [200, undefined],
        ],
      );
    });

    it("retries an idempotent call after the connection is reset without an answer", async () => {
      const job = seedDrs();
      emulator.faults.add({ kind: "reset", count: 1, match: { service: "drs", method: "GET" } });
      expect(await getDrsV5Job(drs, job.id)).toMatchObject({ id: job.id });
      expect(serviceCalls().map((c) => [c.status, c.fault])).toEqual([
        [0, "reset"],
        [200, undefined],
      ]);
    });

    it("waits out added latency and answers normally", async () => {
      seedDli();
      emulator.faults.add({ kind: "latency", latencyMs: 150, count: 1, match: { service: "dli" } });
      const started = Date.now();
      expect(await listDliJobs(dli)).toHaveLength(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(serviceCalls().map((c) => [c.status, c.fault])).toEqual([[200, "latency"]]);
    });

    it("does not resend a create after a 5xx: one create call, and a HuaweiApiError with HTTP 503", async () => {
      emulator.faults.add({
        kind: "error",
        status: 503,
        count: 1,
        match: { service: "dli", path: "sql-jobs$" },
      });
      const error = await failureOf(createDliSqlJob(dli, { name: "created_once", sql_body: "SELECT 1" }));
      expect(error).toBeInstanceOf(HuaweiApiError);
      expect(error).toMatchObject({ httpStatus: 503, errorCode: "APIG.0202" });
      expect(serviceCalls().map(line)).toEqual([`POST /v1.0/${projectId}/streaming/sql-jobs 503 ${logged}`]);
      expect(emulator.dli.store.all()).toEqual([]);
    });

    it("does not resend a run after a 5xx either", async () => {
      const job = seedDli();
      emulator.faults.add({
        kind: "error",
        status: 502,
        count: 1,
        match: { service: "dli", path: "jobs/run$" },
      });
      const error = await failureOf(runDliJobs(dli, [job.id]));
      expect(error).toMatchObject({ httpStatus: 502 });
      expect(serviceCalls()).toHaveLength(1);
      expect(job.status).toBe("job_init");
    });

    it("gives up on a persistent 5xx with the HTTP status, error code and request id", async () => {
      emulator.faults.add({ kind: "error", status: 502, match: { service: "drs", path: "batch-detail$" } });
      const error = await failureOf(batchGetDrsV3JobDetail(drs, ["job-a", "job-b"]));
      expect(error).toBeInstanceOf(HuaweiApiError);
      const { httpStatus, errorCode, requestId, message } = error as HuaweiApiError;
      expect({ httpStatus, errorCode }).toEqual({ httpStatus: 502, errorCode: "APIG.0202" });
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(message).toContain(requestId);
      expect(serviceCalls()).toHaveLength(retryPolicy.maxAttempts);
      expect(serviceCalls().every((c) => c.status === 502)).toBe(true);
    });

    it("reports a busy job's entry as DRS.M01504 in v3 and v5 batches while the others succeed", async () => {
      const busyV3 = seedDrs({ family: "v3" });
      const freeV3 = seedDrs({ family: "v3" });
      const busyV5 = seedDrs();
      const freeV5 = seedDrs();
      emulator.faults.add({ kind: "busy", jobIds: [busyV3.id, busyV5.id], match: { service: "drs" } });
      const v3 = await batchStopOrDeleteDrsV3Jobs(drs, [
        { jobId: busyV3.id, deleteType: "terminate" },
        { jobId: freeV3.id, deleteType: "terminate" },
      ]);
      expect(v3.get(busyV3.id)).toMatchObject({ status: "failed", error_code: "DRS.M01504" });
      expect(v3.get(freeV3.id)).toMatchObject({ status: "success" });
      const v5 = await batchStopDrsV5Jobs(drs, [{ jobId: busyV5.id }, { jobId: freeV5.id }]);
      expect(v5.get(busyV5.id)).toMatchObject({ status: "Failed", error_code: "DRS.M01504" });
      expect(v5.get(freeV5.id)).toMatchObject({ status: "Success" });
      expect(busyV3.status).toBe("INCRE_TRANSFER_STARTED");
      expect(busyV5.status).toBe("INCRE_TRANSFER_STARTED");
      expect(serviceCalls().map((c) => [c.status, c.fault])).toEqual([
        [202, "busy"],
        [200, "busy"],
      ]);
    });

    it("reports a busy DLI job's entry as refused while the others succeed", async () => {
      const busy = seedDli({ status: "job_running" });
      const free = seedDli({ status: "job_running" });
      emulator.faults.add({ kind: "busy", jobIds: [busy.id], match: { service: "dli" } });
      const results = await stopDliJobs(dli, [busy.id, free.id]);
      expect(results.get(busy.id)).toEqual({ isSuccess: false, message: dliMessages.busy });
      expect(results.get(free.id)).toEqual({ isSuccess: true, message: dliMessages.stopDelivered });
      expect(busy.status).toBe("job_running");
    });

    it("leaves a job whose entry the answer omits out of the v3 and v5 result maps", async () => {
      const omittedV3 = seedDrs({ family: "v3" });
      const keptV3 = seedDrs({ family: "v3" });
      const omittedV5 = seedDrs();
      const keptV5 = seedDrs();
      emulator.faults.add({ kind: "omit", jobIds: [omittedV3.id, omittedV5.id], match: { service: "drs" } });
      const v3 = await batchStopOrDeleteDrsV3Jobs(drs, [
        { jobId: omittedV3.id, deleteType: "terminate" },
        { jobId: keptV3.id, deleteType: "terminate" },
      ]);
      expect([...v3.keys()]).toEqual([keptV3.id]);
      const statuses = await batchGetDrsV3JobStatus(drs, [omittedV3.id, keptV3.id]);
      expect([...statuses.keys()]).toEqual([keptV3.id]);
      const v5 = await batchStopDrsV5Jobs(drs, [{ jobId: omittedV5.id }, { jobId: keptV5.id }]);
      expect([...v5.keys()]).toEqual([keptV5.id]);
      // batch-status asked for a second page once count promised more than the first one brought.
      expect(serviceCalls().map((c) => `${pathOf(c).split("/").pop() ?? ""} ${c.fault ?? "-"}`)).toEqual([
        "batch-jobs omit",
        "batch-status omit",
        "batch-status -",
        "batch-stop omit",
      ]);
    });

    it("refuses a DLI batch answer that lacks an entry as an UnexpectedAnswerError", async () => {
      const omitted = seedDli({ status: "job_running" });
      const kept = seedDli({ status: "job_running" });
      emulator.faults.add({ kind: "omit", jobIds: [omitted.id], match: { service: "dli" } });
      const stop = await failureOf(stopDliJobs(dli, [omitted.id, kept.id]));
      expect(stop).toBeInstanceOf(UnexpectedAnswerError);
      expect((stop as Error).message).toMatch(/1 results for 2 job ids/);
      const remove = await failureOf(deleteDliJobs(dli, [omitted.id, kept.id]));
      expect(remove).toBeInstanceOf(UnexpectedAnswerError);
    });
  });
});

describe("password login: tokens that expire", () => {
  let drs: ApiConnection;
  let dli: ApiConnection;
  beforeAll(async () => {
    clearConnectionCache();
    const env = emulatorEnv(url, "password");
    drs = await connectFromEnv("drs", env);
    dli = await connectFromEnv("dli", env);
    await listDliJobs(dli);
  });
  beforeEach(freshEmulatorState);

  it("logs in exactly once more after the emulator expires every token, and the call succeeds", async () => {
    const expired = await fetch(`${url}/__emulator/tokens/expire`, { method: "POST" });
    expect(expired.status).toBe(204);
    const job = seedDli();
    expect(await getDliJob(dli, job.id)).toMatchObject({ job_id: job.id });
    expect(emulator.calls().map(line)).toEqual([
      `GET /v1.0/${projectId}/streaming/jobs/${job.id} 401 token`,
      "POST /v3/auth/tokens 201 none",
      `GET /v1.0/${projectId}/streaming/jobs/${job.id} 200 token`,
    ]);
    expect(emulator.calls()[0]?.authError).toMatch(/expired/);
  });

  it("does the same when a tokenExpiry fault strikes a DRS call, even a non-idempotent-looking one", async () => {
    const job = seedDrs();
    emulator.faults.add({ kind: "tokenExpiry", count: 1, match: { service: "drs" } });
    expect((await batchStopDrsV5Jobs(drs, [{ jobId: job.id }])).get(job.id)).toMatchObject({
      status: "Success",
    });
    expect(emulator.calls().map(line)).toEqual([
      `POST /v5/${projectId}/jobs/batch-stop 401 token`,
      "POST /v3/auth/tokens 201 none",
      `POST /v5/${projectId}/jobs/batch-stop 200 token`,
    ]);
    expect(emulator.calls().map((c) => c.fault)).toEqual(["tokenExpiry", undefined, undefined]);
  });
});

describe("AK/SK signing with a wrong secret key", () => {
  it("is refused once with 401 APIG.0301, never resent, and the error shows neither secret nor signature", async () => {
    clearConnectionCache();
    const wrongSecret = "wrong-secret-key-00000000000000000000000099";
    extraSecrets.push(wrongSecret);
    await freshEmulatorState();
    const seen: Record<string, string>[] = [];
    const env = emulatorEnv(url, "aksk", { secretKey: wrongSecret });
    const drs = recordingAuth(await connectFromEnv("drs", env), seen);
    const error = await failureOf(batchGetDrsV3JobStatus(drs, ["job-a", "job-b"]));
    expect(error).toBeInstanceOf(HuaweiApiError);
    expect(error).toMatchObject({ httpStatus: 401, errorCode: "APIG.0301" });
    expect(emulator.calls()).toHaveLength(1);
    expect(emulator.calls()[0]).toMatchObject({
      status: 401,
      auth: "aksk",
      accessKeyId: accessKey.accessKeyId,
    });
    expect(emulator.calls()[0]?.authError).toMatch(/signature does not match/);
    expect(seen).toHaveLength(1);
    const signature = /Signature=([0-9a-f]+)/.exec(seen[0]?.["authorization"] ?? "")?.[1];
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    const shown = everythingShownBy(error);
    expect(shown).not.toContain(wrongSecret);
    expect(shown).not.toContain(signature);
    expect(shown).not.toMatch(/Signature=/);
  });
});

describe("a given IAM token (HW_AUTH_TOKEN)", () => {
  it("is sent as X-Auth-Token, and once expired the 401 is final: there is nothing to refresh with", async () => {
    clearConnectionCache();
    const token = await issueEmulatorToken(url);
    await freshEmulatorState();
    const dli = await connectFromEnv("dli", emulatorEnv(url, "token", { token }));
    const job = seedDli();
    expect(await getDliJob(dli, job.id)).toMatchObject({ job_id: job.id });
    await fetch(`${url}/__emulator/tokens/expire`, { method: "POST" });
    const error = await failureOf(getDliJob(dli, job.id));
    expect(error).toMatchObject({ httpStatus: 401, errorCode: "APIG.0301" });
    expect(emulator.calls().map(line)).toEqual([
      `GET /v1.0/${projectId}/streaming/jobs/${job.id} 200 token`,
      `GET /v1.0/${projectId}/streaming/jobs/${job.id} 401 token`,
    ]);
  });
});
