import { DliJobStore, dliJobStatuses, isDliJobId, type DliJobStoreOptions } from "../../emulator/DliJobStore";

const project = "330e068af1334c9782f4226acc00a2e2";

/** A store on a hand-moved clock, with short, distinct durations. */
function storeAt(options: DliJobStoreOptions = {}) {
  const clock = { t: 1_000 };
  const store = new DliJobStore({
    now: () => clock.t,
    submitMs: 100,
    stopMs: 50,
    savepointMs: 30,
    ...options,
  });
  return { store, clock };
}

describe("DliJobStore ids", () => {
  it("hands out ids from 2^53 + 1 upwards by default, as decimal strings", () => {
    const { store } = storeAt();
    expect(store.seed({ projectId: project }).id).toBe("9007199254740993");
    expect(store.seed({ projectId: project }).id).toBe("9007199254740994");
  });

  it("starts from a configured first id and skips ids already seeded", () => {
    const { store } = storeAt({ firstId: "500" });
    store.seed({ projectId: project, id: "501" });
    expect(store.seed({ projectId: project }).id).toBe("500");
    expect(store.seed({ projectId: project }).id).toBe("502");
  });

  it("keeps an id next to 2^63 - 1 exact", () => {
    const { store } = storeAt();
    const job = store.seed({ projectId: project, id: "9223372036854775807" });
    expect(store.find(project, "9223372036854775807")).toBe(job);
    expect(store.find(project, "9223372036854775806")).toBeUndefined();
  });

  it("refuses ids that are not decimal, beyond 2^63 - 1, or taken", () => {
    const { store } = storeAt();
    store.seed({ projectId: project, id: "12" });
    expect(() => store.seed({ projectId: project, id: "12" })).toThrow(/already exists/);
    expect(() => store.seed({ projectId: project, id: "9223372036854775808" })).toThrow(/2\^63/);
    expect(() => store.seed({ projectId: project, id: "0x1f" })).toThrow(/decimal/);
    expect(() => new DliJobStore({ firstId: "-1" })).toThrow(/firstId/);
  });

  it("recognises canonical decimal ids within a Java long", () => {
    expect(isDliJobId("0")).toBe(true);
    expect(isDliJobId("9223372036854775807")).toBe(true);
    expect(isDliJobId("9223372036854775808")).toBe(false);
    expect(isDliJobId("012")).toBe(false);
    expect(isDliJobId("1e3")).toBe(false);
  });
});

describe("DliJobStore seeding", () => {
  it.each(dliJobStatuses.map((status) => [status]))("accepts the documented status %s", (status) => {
    const { store } = storeAt();
    expect(store.seed({ projectId: project, status }).status).toBe(status);
  });

  it("refuses a status DLI does not document", () => {
    const { store } = storeAt();
    expect(() => store.seed({ projectId: project, status: "RUNNING" as never })).toThrow(
      /not a DLI job status/,
    );
  });

  it("makes SQL jobs by default and Jar jobs when a jar spec is given", () => {
    const { store } = storeAt();
    const sql = store.seed({ projectId: project, sqlBody: "INSERT INTO s SELECT * FROM t" });
    const jar = store.seed({ projectId: project, jar: { entrypoint: "app.jar", mainClass: "a.Main" } });
    expect([sql.jobType, sql.sqlBody, sql.jar]).toEqual([
      "flink_sql_job",
      "INSERT INTO s SELECT * FROM t",
      undefined,
    ]);
    expect([jar.jobType, jar.sqlBody, jar.jar?.mainClass]).toEqual(["flink_jar_job", undefined, "a.Main"]);
  });

  it("lets a seeded job_submitting, job_canceling or job_savepointing finish on its own", () => {
    const { store, clock } = storeAt();
    const submitting = store.seed({ projectId: project, status: "job_submitting" });
    const canceling = store.seed({ projectId: project, status: "job_canceling" });
    const savepointing = store.seed({ projectId: project, status: "job_savepointing" });
    clock.t += 100;
    expect(store.get(submitting.id)?.status).toBe("job_running");
    expect(store.get(canceling.id)?.status).toBe("job_cancel_success");
    expect(store.get(savepointing.id)?.status).toBe("job_cancel_success");
    expect(savepointing.savepointPath).toMatch(/^obs:\/\//);
  });

  it("leaves every other seeded status as it is", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project, status: "job_arrearage_recovering" });
    clock.t += 10_000;
    expect(store.get(job.id)?.status).toBe("job_arrearage_recovering");
  });
});

describe("DliJobStore running", () => {
  it("submits for submitMs, then runs, recording both steps with their times", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project });
    store.run(job);
    expect(job.status).toBe("job_submitting");
    clock.t += 99;
    expect(store.get(job.id)?.status).toBe("job_submitting");
    clock.t += 1;
    expect(store.get(job.id)?.status).toBe("job_running");
    expect(job.startTime).toBe(1_100);
    expect(job.history).toEqual([
      { status: "job_init", at: 1_000 },
      { status: "job_submitting", at: 1_000 },
      { status: "job_running", at: 1_100 },
    ]);
  });

  it("ends the submission in job_submit_fail when seeded with runOutcome submitFails", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project, runOutcome: "submitFails" });
    store.run(job);
    clock.t += 100;
    expect(store.get(job.id)?.status).toBe("job_submit_fail");
    expect(store.canRun(job)).toBe(true);
  });

  it("refuses to run a job that is running or on its way somewhere", () => {
    const { store } = storeAt();
    for (const status of ["job_running", "job_submitting", "job_canceling", "job_savepointing"] as const) {
      const job = store.seed({ projectId: project, status });
      expect(store.canRun(job)).toBe(false);
      expect(() => store.run(job)).toThrow(/cannot run/);
    }
  });

  it("remembers the savepoint a run resumed from only when asked to resume", () => {
    const { store } = storeAt();
    const job = store.seed({
      projectId: project,
      status: "job_cancel_success",
      savepointPath: "obs://b/sp-1",
    });
    store.run(job, { resumeSavepoint: true });
    expect(job.resumedFrom).toBe("obs://b/sp-1");
    const other = store.seed({
      projectId: project,
      status: "job_cancel_success",
      savepointPath: "obs://b/sp-2",
    });
    store.run(other);
    expect(other.resumedFrom).toBeUndefined();
  });
});

describe("DliJobStore stopping", () => {
  it("cancels for stopMs, then reports job_cancel_success", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project, status: "job_running" });
    store.stop(job);
    expect(job.status).toBe("job_canceling");
    clock.t += 49;
    expect(store.get(job.id)?.status).toBe("job_canceling");
    clock.t += 1;
    expect(store.get(job.id)?.status).toBe("job_cancel_success");
    expect(job.savepointPath).toBeUndefined();
  });

  it("takes a savepoint first when asked, then cancels", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project, status: "job_running" });
    store.stop(job, { triggerSavepoint: true });
    expect(job.status).toBe("job_savepointing");
    clock.t += 30;
    expect(store.get(job.id)?.status).toBe("job_canceling");
    expect(job.savepointPath).toBe(`obs://dli-emulator/savepoints/${project}/${job.id}/savepoint-1`);
    clock.t += 50;
    expect(store.get(job.id)?.status).toBe("job_cancel_success");
    expect(job.history.map((h) => [h.status, h.at])).toEqual([
      ["job_running", 1_000],
      ["job_savepointing", 1_000],
      ["job_canceling", 1_030],
      ["job_cancel_success", 1_080],
    ]);
  });

  it("applies every step that fell due while nobody looked, in order", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project, status: "job_running" });
    store.stop(job, { triggerSavepoint: true });
    clock.t += 10_000;
    expect(store.get(job.id)?.history.map((h) => h.status)).toEqual([
      "job_running",
      "job_savepointing",
      "job_canceling",
      "job_cancel_success",
    ]);
  });

  it("ignores the savepoint flag for a job that is not running, having no state to save", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project, status: "job_running_exception" });
    store.stop(job, { triggerSavepoint: true });
    expect(job.status).toBe("job_canceling");
    clock.t += 50;
    expect(store.get(job.id)?.status).toBe("job_cancel_success");
    expect(job.savepointPath).toBeUndefined();
  });

  it("fails the first stopFailsTimes stops with job_cancel_fail, then stops", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project, status: "job_running", stopFailsTimes: 2 });
    for (const expected of ["job_cancel_fail", "job_cancel_fail", "job_cancel_success"]) {
      expect(store.canStop(job)).toBe(true);
      store.stop(job);
      clock.t += 50;
      expect(store.get(job.id)?.status).toBe(expected);
    }
  });

  it("stops a job that is still submitting, so it never reaches job_running", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project });
    store.run(job);
    store.stop(job);
    clock.t += 1_000;
    expect(store.get(job.id)?.status).toBe("job_cancel_success");
    expect(job.history.map((h) => h.status)).not.toContain("job_running");
  });

  it("refuses to stop a job that holds nothing or is already stopping", () => {
    const { store } = storeAt();
    const idle = [
      "job_init",
      "job_submit_fail",
      "job_cancel_success",
      "job_finish",
      "job_arrearage_stopped",
    ] as const;
    for (const status of idle) {
      const job = store.seed({ projectId: project, status });
      expect([status, store.canStop(job)]).toEqual([status, false]);
    }
    const stopping = store.seed({ projectId: project, status: "job_canceling" });
    expect(store.canStop(stopping)).toBe(false);
    expect(store.isStopping(stopping)).toBe(true);
    expect(() => store.stop(stopping)).toThrow(/cannot stop/);
  });
});

describe("DliJobStore deleting", () => {
  it("forgets a running job at once and cancels what was pending", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project });
    store.run(job);
    store.delete(job);
    clock.t += 1_000;
    expect(store.find(project, job.id)).toBeUndefined();
    expect(store.get(job.id)?.removed).toBe(true);
    expect(job.history.map((h) => h.status)).toEqual(["job_init", "job_submitting", "(deleted)"]);
    expect(store.list(project)).toEqual([]);
  });

  it("keeps projects apart", () => {
    const { store } = storeAt();
    const job = store.seed({ projectId: project });
    expect(store.find("another-project", job.id)).toBeUndefined();
    expect(store.list("another-project")).toEqual([]);
  });
});

describe("DliJobStore in-place updates and runs that resume", () => {
  it("updates a stopped job's spec and records the update, refusing a running one", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project, sqlBody: "SELECT 1" });
    expect(store.canUpdate(job)).toBe(true);
    store.update(job, { sqlBody: "SELECT 2", parallelNumber: 3 });
    expect(job).toMatchObject({ sqlBody: "SELECT 2", parallelNumber: 3 });
    expect(job.updates).toEqual([
      { at: 1_000, status: "job_init", changes: { sqlBody: "SELECT 2", parallelNumber: 3 } },
    ]);
    expect(job.history.at(-1)?.status).toBe("(updated)");
    store.run(job);
    clock.t += 100;
    expect(store.get(job.id)?.status).toBe("job_running");
    expect(store.canUpdate(job)).toBe(false);
    expect(() => store.update(job, { sqlBody: "SELECT 3" })).toThrow(/cannot be updated in job_running/);
    expect(job.sqlBody).toBe("SELECT 2");
  });

  it("never turns a Jar job's spec into SQL, and merges Jar fields", () => {
    const { store } = storeAt();
    const job = store.seed({ projectId: project, jar: { entrypoint: "obs://b/a.jar", mainClass: "a.Main" } });
    store.update(job, { sqlBody: "SELECT 1", jar: { entrypoint: "obs://b/b.jar" } });
    expect(job.sqlBody).toBeUndefined();
    expect(job.jar).toEqual({ entrypoint: "obs://b/b.jar", mainClass: "a.Main" });
  });

  it("records whether a run resumed from the savepoint an earlier stop took", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project, status: "job_running" });
    store.stop(job, { triggerSavepoint: true });
    clock.t += 100;
    expect(store.get(job.id)?.status).toBe("job_cancel_success");
    const taken = job.savepointPath;
    expect(taken).toMatch(/savepoint-/);
    store.run(job, { resumeSavepoint: true });
    expect(job.runs.at(-1)).toEqual({ at: clock.t, resumeSavepoint: true, resumedFrom: taken });
    clock.t += 100;
    store.stop(store.get(job.id) ?? job);
    clock.t += 100;
    store.run(store.get(job.id) ?? job);
    expect(job.runs.at(-1)).toMatchObject({ resumeSavepoint: false, resumedFrom: undefined });
  });

  it("ends a run given a submit failure in job_submit_fail with that reason, cleared by the next run", () => {
    const { store, clock } = storeAt();
    const job = store.seed({ projectId: project });
    store.run(job, { submitFailure: "Queue q1 has no free CUs" });
    clock.t += 100;
    expect(store.get(job.id)).toMatchObject({
      status: "job_submit_fail",
      statusReason: "Queue q1 has no free CUs",
    });
    store.run(job);
    expect(job.statusReason).toBeUndefined();
    clock.t += 100;
    expect(store.get(job.id)?.status).toBe("job_running");
  });
});
