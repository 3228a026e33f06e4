import { readFileSync } from "node:fs";
import path from "node:path";
import { DliService, dliMessages } from "../../emulator/DliService";
import { parseJson } from "../../provider/http/losslessJson";
import type { EmulatorAnswer, EmulatorRequest, ServiceContext } from "../../emulator/EmulatedService";

const project = "330e068af1334c9782f4226acc00a2e2";
const base = `/v1.0/${project}/streaming`;
const nearMaxLong = "9223372036854775806";

// Compiled tests run from dist/tests/unit; the fixtures stay in the source tree.
const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(path.join(__dirname, "..", "..", "..", "tests", "fixtures", "seeds", name), "utf8"),
  );

const noFaults: ServiceContext = { batchEntryFault: () => undefined };

function faults(rules: Record<string, "busy" | "omit">): ServiceContext {
  return { batchEntryFault: (id) => rules[id] };
}

function request(method: string, route: string, body?: unknown): EmulatorRequest {
  const [pathPart = "", query = ""] = route.split("?");
  return { method, path: `${base}/${pathPart}`, query: new URLSearchParams(query), body };
}

function setup() {
  const clock = { t: 1_700_000_000_000 };
  const service = new DliService({ now: () => clock.t, submitMs: 100, stopMs: 50, savepointMs: 30 });
  const call = (method: string, route: string, body?: unknown, ctx = noFaults): EmulatorAnswer => {
    const answer = service.handle(request(method, route, body), ctx);
    if (answer === undefined) throw new Error(`the service did not answer ${method} ${route}`);
    return answer;
  };
  /** The answer as the client will see it on the wire. */
  const wire = (answer: EmulatorAnswer): string => JSON.stringify(answer.body);
  return { service, clock, call, wire };
}

/** Keys and value types of a JSON object, to compare shapes with the vendor examples. */
const shape = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typeof v]));

describe("DliService routing", () => {
  it("answers only paths under /v1.0/{project_id}/streaming/", () => {
    const { service } = setup();
    const other: EmulatorRequest = {
      method: "GET",
      path: `/v5/${project}/jobs`,
      query: new URLSearchParams(),
      body: undefined,
    };
    expect(service.handle(other, noFaults)).toBeUndefined();
    expect(service.handle(request("PUT", "jobs/12"), noFaults)).toBeUndefined();
    expect(service.name).toBe("dli");
  });
});

describe("DliService job detail", () => {
  it("answers with is_success as a string and the job's fields, its id an exact JSON number", () => {
    const { service, call, wire } = setup();
    service.seed({ projectId: project, id: nearMaxLong, name: "orders", queueName: "flinktest" });
    const answer = call("GET", `jobs/${nearMaxLong}`);
    expect(answer.status).toBe(200);
    const text = wire(answer);
    expect(text).toContain(`"job_id":${nearMaxLong},`);
    expect(text).toMatch(/^\{"is_success":"true","message":"[^"]+","job_detail":\{/);
    const detail = (JSON.parse(text) as { job_detail: Record<string, unknown> }).job_detail;
    expect(detail).toMatchObject({
      name: "orders",
      queue_name: "flinktest",
      project_id: project,
      job_type: "flink_sql_job",
      status: "job_init",
      status_desc: "",
      savepoint_path: null,
    });
  });

  it("answers HTTP 400 DLI.16001 for a job that does not exist", () => {
    const { call } = setup();
    const answer = call("GET", "jobs/9007199254740993");
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error_code: "DLI.16001" });
    expect((answer.body as { error_msg: unknown }).error_msg).toMatch(/9007199254740993.*does not exist/);
  });

  it("answers not found for a job of another project", () => {
    const { service, call } = setup();
    const job = service.seed({ projectId: "another" });
    expect(call("GET", `jobs/${job.id}`).body).toMatchObject({ error_code: "DLI.16001" });
  });

  it("answers HTTP 400 DLI.0001 for a job id that is not a number", () => {
    const { call } = setup();
    expect(call("GET", "jobs/abc")).toMatchObject({ status: 400, body: { error_code: "DLI.0001" } });
  });
});

describe("DliService job list", () => {
  function seeded() {
    const s = setup();
    for (const name of ["alpha", "beta", "gamma"]) {
      s.service.seed({ projectId: project, name });
      s.clock.t += 1;
    }
    s.service.seed({ projectId: "another", name: "alpha-elsewhere" });
    return s;
  }

  it("lists the project's jobs newest first with a total count, ids as exact numbers", () => {
    const { call, wire } = seeded();
    const text = wire(call("GET", "jobs"));
    expect(text).toContain('"job_id":9007199254740995,');
    const body = JSON.parse(text) as {
      is_success: string;
      job_list: { total_count: number; jobs: { name: string }[] };
    };
    expect(body.is_success).toBe("true");
    expect(body.job_list.total_count).toBe(3);
    expect(body.job_list.jobs.map((j) => j.name)).toEqual(["gamma", "beta", "alpha"]);
  });

  it("pages with limit and offset, and filters by name", () => {
    const { call } = seeded();
    const page = call("GET", "jobs?limit=1&offset=1&order=asc").body as {
      job_list: { total_count: number; jobs: { name: string }[] };
    };
    expect(page.job_list.total_count).toBe(3);
    expect(page.job_list.jobs.map((j) => j.name)).toEqual(["beta"]);
    const named = call("GET", "jobs?name=amm").body as { job_list: { jobs: { name: string }[] } };
    expect(named.job_list.jobs.map((j) => j.name)).toEqual(["gamma"]);
  });

  it("refuses a limit above 100 and a negative offset with DLI.0001", () => {
    const { call } = seeded();
    expect(call("GET", "jobs?limit=101")).toMatchObject({ status: 400, body: { error_code: "DLI.0001" } });
    expect(call("GET", "jobs?offset=-1")).toMatchObject({ status: 400, body: { error_code: "DLI.0001" } });
    expect(call("GET", "jobs?limit=100").status).toBe(200);
  });
});

describe("DliService job creation", () => {
  it("creates a SQL job in job_init and answers like the vendor example", () => {
    const { service, call, wire } = setup();
    const answer = call("POST", "sql-jobs", {
      name: "orders",
      sql_body: "INSERT INTO s SELECT * FROM t",
      queue_name: "q",
    });
    expect(answer.status).toBe(200);
    expect(wire(answer)).toBe(
      `{"is_success":"true","message":"${dliMessages.sqlJobCreated}","job":{"job_id":9007199254740993,"status_name":"job_init","status_desc":""}}`,
    );
    const job = service.store.find(project, "9007199254740993");
    expect([job?.name, job?.jobType, job?.sqlBody, job?.queueName]).toEqual([
      "orders",
      "flink_sql_job",
      "INSERT INTO s SELECT * FROM t",
      "q",
    ]);
  });

  it("creates a Jar job with its entry point and main class", () => {
    const { service, call } = setup();
    const answer = call("POST", "flink-jobs", { name: "etl", entrypoint: "etl.jar", main_class: "a.Main" });
    expect(answer.body).toMatchObject({ is_success: "true", job: { status_name: "job_init" } });
    const job = service.store.find(project, "9007199254740993");
    expect([job?.jobType, job?.jar?.entrypoint, job?.jar?.mainClass]).toEqual([
      "flink_jar_job",
      "etl.jar",
      "a.Main",
    ]);
  });

  it.each([
    ["sql-jobs", { sql_body: "SELECT 1" }, /name is required/],
    ["sql-jobs", { name: "n".repeat(58), sql_body: "SELECT 1" }, /name must be at most 57/],
    ["sql-jobs", { name: "orders" }, /sql_body is required/],
    ["sql-jobs", { name: "orders", sql_body: "   " }, /sql_body must not be empty/],
    ["sql-jobs", { name: "orders", sql_body: "SELECT 1", job_type: "flink_jar_job" }, /job_type/],
    ["sql-jobs", "not an object", /JSON object/],
    ["flink-jobs", { name: "" }, /name must not be empty/],
    ["flink-jobs", { name: "etl", dependency_jars: "a.jar" }, /dependency_jars must be an array/],
    ["flink-jobs", { name: "etl", cu_number: 0 }, /cu_number must be a positive integer/],
  ])("refuses POST %s with %j as DLI.0001 naming the field", (route, body, message) => {
    const { service, call } = setup();
    const answer = call("POST", route, body);
    expect(answer).toMatchObject({ status: 400, body: { error_code: "DLI.0001" } });
    expect((answer.body as { error_msg: string }).error_msg).toMatch(message);
    expect(service.store.all()).toEqual([]);
  });

  it("accepts a name of exactly 57 characters", () => {
    const { call } = setup();
    expect(call("POST", "sql-jobs", { name: "n".repeat(57), sql_body: "SELECT 1" }).status).toBe(200);
  });
});

describe("DliService run, stop and delete in batches", () => {
  it("answers the seed page's delete request with entries shaped like its example", () => {
    const { service, call } = setup();
    service.seed({ projectId: project, id: "12", status: "job_running" });
    service.seed({ projectId: project, id: "232" });
    const answer = call("POST", "jobs/delete", fixture("dli-batch-delete-request.json"));
    expect(answer.status).toBe(200);
    const [example] = fixture("dli-batch-delete-answer.json") as unknown[];
    const entries = answer.body as unknown[];
    expect(entries).toHaveLength(2);
    for (const entry of entries) expect(shape(entry)).toEqual(shape(example));
    expect(entries[0]).toEqual(example);
    expect(service.store.list(project)).toEqual([]);
  });

  it("answers one entry per id in request order, without ids, is_success as strings", () => {
    const { service, call, wire } = setup();
    const running = service.seed({ projectId: project, status: "job_running" });
    const draft = service.seed({ projectId: project });
    const answer = call("POST", "jobs/stop", { job_ids: [draft.id, "404", running.id] });
    expect(answer.body).toEqual([
      { is_success: "false", message: dliMessages.cannotStop("job_init") },
      { is_success: "false", message: dliMessages.notFound },
      { is_success: "true", message: dliMessages.stopDelivered },
    ]);
    expect(wire(answer)).not.toContain(running.id);
  });

  it("runs a draft through job_submitting to job_running", () => {
    const { service, clock, call } = setup();
    const job = service.seed({ projectId: project });
    expect(call("POST", "jobs/run", { job_ids: [job.id], resume_savepoint: false }).body).toEqual([
      { is_success: "true", message: dliMessages.runDelivered },
    ]);
    expect(service.jobStatus(job.id)).toBe("job_submitting");
    clock.t += 100;
    expect((call("GET", `jobs/${job.id}`).body as { job_detail: { status: string } }).job_detail.status).toBe(
      "job_running",
    );
  });

  it("refuses to run a job that is already running, in that job's entry", () => {
    const { service, call } = setup();
    const job = service.seed({ projectId: project, status: "job_running" });
    expect(call("POST", "jobs/run", { job_ids: [job.id] }).body).toEqual([
      { is_success: "false", message: dliMessages.cannotRun("job_running") },
    ]);
  });

  it("stops with a savepoint and shows its path in the detail", () => {
    const { service, clock, call } = setup();
    const job = service.seed({ projectId: project, status: "job_running" });
    call("POST", "jobs/stop", { job_ids: [job.id], trigger_savepoint: true });
    expect(service.jobStatus(job.id)).toBe("job_savepointing");
    clock.t += 80;
    const detail = (call("GET", `jobs/${job.id}`).body as { job_detail: Record<string, unknown> }).job_detail;
    expect(detail["status"]).toBe("job_cancel_success");
    expect(detail["savepoint_path"]).toMatch(new RegExp(`^obs://.*/${job.id}/`));
    const listed = call("GET", "jobs").body as { job_list: { jobs: { has_savepoint: boolean }[] } };
    expect(listed.job_list.jobs[0]?.has_savepoint).toBe(true);
  });

  it("fails seeded stops with job_cancel_fail, then lets a later stop succeed", () => {
    const { service, clock, call } = setup();
    const job = service.seed({ projectId: project, status: "job_running", stopFailsTimes: 1 });
    expect(call("POST", "jobs/stop", { job_ids: [job.id] }).body).toEqual([
      { is_success: "true", message: dliMessages.stopDelivered },
    ]);
    clock.t += 50;
    expect(service.jobStatus(job.id)).toBe("job_cancel_fail");
    expect(call("POST", "jobs/stop", { job_ids: [job.id] }).body).toEqual([
      { is_success: "true", message: dliMessages.stopDelivered },
    ]);
    clock.t += 50;
    expect(service.jobStatus(job.id)).toBe("job_cancel_success");
  });

  it("refuses a second stop while the first is under way", () => {
    const { service, call } = setup();
    const job = service.seed({ projectId: project, status: "job_running" });
    call("POST", "jobs/stop", { job_ids: [job.id] });
    expect(call("POST", "jobs/stop", { job_ids: [job.id] }).body).toEqual([
      { is_success: "false", message: dliMessages.alreadyStopping("job_canceling") },
    ]);
  });

  it("deletes a running job in a batch, after which the detail answers not found", () => {
    const { service, call } = setup();
    const job = service.seed({ projectId: project, status: "job_running" });
    expect(call("POST", "jobs/delete", { job_ids: [job.id] }).body).toEqual([
      { is_success: "true", message: dliMessages.deleted },
    ]);
    expect(call("GET", `jobs/${job.id}`)).toMatchObject({ status: 400, body: { error_code: "DLI.16001" } });
    expect(service.jobStatus(job.id)).toBe("(deleted)");
  });

  it("keeps ids above 2^53 and near 2^63 - 1 exact from request to answer", () => {
    const { service, call } = setup();
    const big = service.seed({ projectId: project, id: "9007199254740993", status: "job_running" });
    const huge = service.seed({ projectId: project, id: nearMaxLong, status: "job_running" });
    // The neighbour that a rounded id would hit must stay untouched.
    const neighbour = service.seed({ projectId: project, id: "9007199254740992", status: "job_running" });
    call("POST", "jobs/stop", { job_ids: [big.id, huge.id] });
    expect([big.status, huge.status, neighbour.status]).toEqual([
      "job_canceling",
      "job_canceling",
      "job_running",
    ]);
  });

  it("round-trips a 2^63 - 1 id through lossless JSON text both ways", () => {
    const { service, call, wire } = setup();
    service.seed({ projectId: project, id: "9223372036854775807", status: "job_running" });
    const body = parseJson('{"job_ids":[9223372036854775807],"trigger_savepoint":false}');
    expect(call("POST", "jobs/stop", body).body).toEqual([
      { is_success: "true", message: dliMessages.stopDelivered },
    ]);
    const detail = parseJson(wire(call("GET", "jobs/9223372036854775807"))) as {
      job_detail: { job_id: unknown };
    };
    expect(detail.job_detail.job_id).toBe("9223372036854775807");
  });

  it("accepts ids as safe numbers and as numeric strings", () => {
    const { service, call } = setup();
    service.seed({ projectId: project, id: "12" });
    service.seed({ projectId: project, id: "13" });
    const answer = call("POST", "jobs/delete", { job_ids: [12, "13"] });
    expect((answer.body as { is_success: string }[]).map((e) => e.is_success)).toEqual(["true", "true"]);
  });

  it.each([
    [{ job_ids: [1.5] }, /job_ids\[0\]/],
    [{ job_ids: [12, 2 ** 60] }, /job_ids\[1\].*2\^53/],
    [{ job_ids: ["9223372036854775808"] }, /64-bit/],
    [{ job_ids: [-3] }, /job_ids\[0\]/],
    [{ job_ids: [true] }, /job_ids\[0\]/],
    [{ job_ids: [] }, /at least one/],
    [{}, /job_ids is required/],
    [{ job_ids: [12], trigger_savepoint: "yes" }, /trigger_savepoint must be a boolean/],
  ])("refuses a stop body %j with DLI.0001", (body, message) => {
    const { service, call } = setup();
    const job = service.seed({ projectId: project, id: "12", status: "job_running" });
    const answer = call("POST", "jobs/stop", body);
    expect(answer).toMatchObject({ status: 400, body: { error_code: "DLI.0001" } });
    expect((answer.body as { error_msg: string }).error_msg).toMatch(message);
    expect(job.status).toBe("job_running");
  });

  it("answers a busy fault in that entry only and leaves that job alone", () => {
    const { service, call } = setup();
    const a = service.seed({ projectId: project, status: "job_running" });
    const b = service.seed({ projectId: project, status: "job_running" });
    const answer = call("POST", "jobs/stop", { job_ids: [a.id, b.id] }, faults({ [a.id]: "busy" }));
    expect(answer.body).toEqual([
      { is_success: "false", message: dliMessages.busy },
      { is_success: "true", message: dliMessages.stopDelivered },
    ]);
    expect([a.status, b.status]).toEqual(["job_running", "job_canceling"]);
  });

  it("drops an omitted entry, so the array is shorter, but still carries out the action", () => {
    const { service, call } = setup();
    const a = service.seed({ projectId: project });
    const b = service.seed({ projectId: project });
    const answer = call("POST", "jobs/delete", { job_ids: [a.id, b.id] }, faults({ [a.id]: "omit" }));
    expect(answer.body).toEqual([{ is_success: "true", message: dliMessages.deleted }]);
    expect(service.store.list(project)).toEqual([]);
  });

  it("honours faults in run answers too", () => {
    const { service, call } = setup();
    const a = service.seed({ projectId: project });
    const answer = call("POST", "jobs/run", { job_ids: [a.id] }, faults({ [a.id]: "busy" }));
    expect(answer.body).toEqual([{ is_success: "false", message: dliMessages.busy }]);
    expect(a.status).toBe("job_init");
  });
});

describe("DliService delete one", () => {
  it("deletes a job in any state and answers is_success as a string", () => {
    const { service, call } = setup();
    const job = service.seed({ projectId: project, status: "job_savepointing" });
    expect(call("DELETE", `jobs/${job.id}`)).toEqual({
      status: 200,
      body: { is_success: "true", message: dliMessages.deleted },
    });
    expect(service.store.find(project, job.id)).toBeUndefined();
  });

  it("answers HTTP 400 DLI.16001 the second time", () => {
    const { service, call } = setup();
    const job = service.seed({ projectId: project });
    call("DELETE", `jobs/${job.id}`);
    expect(call("DELETE", `jobs/${job.id}`)).toMatchObject({
      status: 400,
      body: { error_code: "DLI.16001" },
    });
  });
});

describe("DliService call-log helpers", () => {
  it("names the jobs of path and body requests as canonical decimal strings", () => {
    const { service } = setup();
    expect(service.jobIdsOf(request("GET", `jobs/${nearMaxLong}`))).toEqual([nearMaxLong]);
    expect(service.jobIdsOf(request("DELETE", "jobs/12"))).toEqual(["12"]);
    expect(
      service.jobIdsOf(request("POST", "jobs/stop", { job_ids: [12, "9007199254740993", 1.5] })),
    ).toEqual(["12", "9007199254740993"]);
    expect(service.jobIdsOf(request("GET", "jobs?limit=5"))).toEqual([]);
    expect(service.jobIdsOf(request("POST", "sql-jobs", { name: "x" }))).toEqual([]);
  });

  it("reports a job's current status, and undefined for a job never known", () => {
    const { service, clock } = setup();
    const job = service.seed({ projectId: project, status: "job_submitting" });
    expect(service.jobStatus(job.id)).toBe("job_submitting");
    clock.t += 100;
    expect(service.jobStatus(job.id)).toBe("job_running");
    expect(service.jobStatus("1")).toBeUndefined();
  });
});

describe("DliService in-place update (PUT sql-jobs/{id}, flink-jobs/{id})", () => {
  it("changes a stopped SQL job and answers is_success with the update time", () => {
    const { service, call } = setup();
    const job = service.seed({ projectId: project, status: "job_cancel_success", sqlBody: "SELECT 1" });
    const answer = call("PUT", `sql-jobs/${job.id}`, {
      sql_body: "SELECT 2",
      queue_name: "q2",
      parallel_number: 2,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      is_success: "true",
      message: dliMessages.updated,
      job: { update_time: expect.any(Number) as unknown },
    });
    expect(job).toMatchObject({ sqlBody: "SELECT 2", queueName: "q2", parallelNumber: 2 });
    expect(job.updates).toHaveLength(1);
  });

  it("refuses to change a running job with a DLI-style 400 and leaves it alone", () => {
    const { service, call } = setup();
    const job = service.seed({ projectId: project, status: "job_running", sqlBody: "SELECT 1" });
    const answer = call("PUT", `sql-jobs/${job.id}`, { sql_body: "SELECT 2" });
    expect(answer).toEqual({
      status: 400,
      body: { error_code: "DLI.0001", error_msg: dliMessages.cannotUpdate("job_running") },
    });
    expect(job.sqlBody).toBe("SELECT 1");
    expect(job.updates).toEqual([]);
  });

  it("changes a Jar job through flink-jobs, and refuses the path of the other job type", () => {
    const { service, call } = setup();
    const jar = service.seed({ projectId: project, jar: { entrypoint: "obs://b/a.jar" } });
    const sql = service.seed({ projectId: project });
    expect(
      call("PUT", `flink-jobs/${jar.id}`, { entrypoint: "obs://b/b.jar", main_class: "b.Main" }).status,
    ).toBe(200);
    expect(jar.jar).toMatchObject({ entrypoint: "obs://b/b.jar", mainClass: "b.Main" });
    expect(call("PUT", `sql-jobs/${jar.id}`, { sql_body: "SELECT 1" })).toMatchObject({ status: 400 });
    expect(call("PUT", `flink-jobs/${sql.id}`, { entrypoint: "obs://b/c.jar" })).toMatchObject({
      status: 400,
    });
  });

  it("answers not found, and refuses malformed fields", () => {
    const { service, call } = setup();
    expect(call("PUT", "sql-jobs/424242", { sql_body: "x" })).toMatchObject({
      status: 400,
      body: { error_code: "DLI.16001" },
    });
    const job = service.seed({ projectId: project });
    expect(call("PUT", `sql-jobs/${job.id}`, { parallel_number: 0 })).toMatchObject({ status: 400 });
    expect(call("PUT", `sql-jobs/${job.id}`, "not an object")).toMatchObject({ status: 400 });
  });

  it("names the job of an update in the call log", () => {
    const { service } = setup();
    expect(service.jobIdsOf(request("PUT", `sql-jobs/${nearMaxLong}`, {}))).toEqual([nearMaxLong]);
  });
});

describe("DliService runs that fail to submit, and runs that resume", () => {
  it("ends a run the fault injector fails in job_submit_fail with the reason as status_desc", () => {
    const { service, clock, call } = setup();
    const job = service.seed({ projectId: project });
    const failing: ServiceContext = { ...noFaults, submitFault: () => "Queue q1 has no free CUs" };
    const answer = call("POST", "jobs/run", { job_ids: [job.id] }, failing);
    expect(answer.body).toEqual([{ is_success: "true", message: dliMessages.runDelivered }]);
    clock.t += 100;
    const detail = (call("GET", `jobs/${job.id}`).body as { job_detail: Record<string, unknown> }).job_detail;
    expect(detail).toMatchObject({ status: "job_submit_fail", status_desc: "Queue q1 has no free CUs" });
  });

  it("resumes a run with resume_savepoint from the savepoint a stop with trigger_savepoint took", () => {
    const { service, clock, call } = setup();
    const job = service.seed({ projectId: project, status: "job_running" });
    call("POST", "jobs/stop", { job_ids: [job.id], trigger_savepoint: true });
    clock.t += 100;
    call("POST", "jobs/run", { job_ids: [job.id], resume_savepoint: true });
    expect(job.runs.at(-1)).toMatchObject({ resumeSavepoint: true, resumedFrom: job.savepointPath });
    expect(job.savepointPath).toMatch(/savepoint-/);
  });
});
