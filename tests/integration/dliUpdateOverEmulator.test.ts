/*
 * DliFlinkJob create, diff and update as the host calls them, over the emulator: `run: true`
 * waits until the job runs and a failed submission fails with DLI's reason while keeping the job;
 * a changed spec updates the same job in place (stop with savepoint, PUT, run resuming), and each
 * failure on the way stops before anything more destructive. Judged from the emulator's records.
 */
import { defaultEmulatorCredentials, HuaweiEmulator, type EmulatorCall } from "../../emulator";
import { dliFlinkJobProvider } from "../../provider/resources/dliFlinkJobProvider";
import { useEmulatorEnv } from "../helpers/useEmulatorEnv";

const { projectId } = defaultEmulatorCredentials;
type Props = Record<string, unknown>;

const sql = (name: string, more: Props = {}) => ({
  name,
  sql_body: "INSERT INTO sink SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id",
  queue_name: "q1",
  job_type: "flink_opensource_sql_job",
  ...more,
});
const inputs = (name: string, more: Props = {}): Props => ({
  resourceName: `upd-${name}`,
  sql: sql(name),
  run: true,
  pollInterval: "100ms",
  deleteTimeout: "20s",
  ...more,
});

/** What the engine keeps after a call: the outputs it returned, or the ones a failure carried. */
interface EngineResult {
  readonly id?: string;
  readonly outs?: Props;
  readonly error?: Error;
}
async function asEngine(call: () => Promise<{ id?: string; outs?: unknown }>): Promise<EngineResult> {
  try {
    const result = await call();
    return { ...(result.id === undefined ? {} : { id: result.id }), outs: result.outs as Props };
  } catch (error) {
    const e = error as Error & { id?: string; properties?: Props };
    return { error: e, ...(e.id === undefined ? {} : { id: e.id, outs: e.properties ?? {} }) };
  }
}

describe("DliFlinkJob runs and changes safely, over the emulator", () => {
  const emulator = new HuaweiEmulator({ dli: { submitMs: 150, stopMs: 150, savepointMs: 100 } });
  let stderr: string[] = [];
  let spy: jest.SpyInstance;
  useEmulatorEnv(emulator);
  beforeEach(() => {
    emulator.reset();
    from = 0;
    stderr = [];
    spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
      stderr.push(String(chunk));
      return true;
    });
  });
  afterEach(() => spy.mockRestore());

  // Calls before the mark (the create) are not what a test judges.
  let from = 0;
  const mark = () => {
    from = emulator.calls().length;
  };
  const dliCalls = (): EmulatorCall[] =>
    emulator
      .calls()
      .slice(from)
      .filter((c) => c.service === "dli");
  const actions = () =>
    dliCalls()
      .filter((c) => c.method !== "GET")
      .map((c) => `${c.method} ${c.path.replace(`/v1.0/${projectId}/streaming/`, "")}`);
  const job = (id: string) => {
    const found = emulator.dli.store.get(id);
    if (found === undefined) throw new Error(`no job ${id}`);
    return found;
  };
  async function createRunning(name: string, more: Props = {}): Promise<{ id: string; outs: Props }> {
    const created = await dliFlinkJobProvider.create(inputs(name, more));
    return { id: created.id, outs: created.outs as Props };
  }

  describe("create with run: true", () => {
    it("waits until the job is really running, printing progress", async () => {
      const { id, outs } = await createRunning("waits");
      expect(job(id).status).toBe("job_running");
      expect(outs).toMatchObject({ status: "job_running", run: true });
      expect(stderr.join("")).toMatch(/waiting until the job runs/);
      expect(stderr.join("")).toMatch(/running/);
    });

    it("fails with DLI's reason when the submission fails, and keeps the job in the stack as not run", async () => {
      emulator.faults.add({
        kind: "submitFail",
        match: { service: "dli", path: "/streaming/jobs/run$" },
        reason: "Queue q1 has no free CUs (DLI.0999)",
        count: 1,
      });
      const result = await asEngine(() => dliFlinkJobProvider.create(inputs("subfail")));
      expect(result.error?.message).toContain("Queue q1 has no free CUs (DLI.0999)");
      expect(result.error?.message).toContain("job_submit_fail");
      const made = emulator.dli.store.all().find((j) => j.name === "subfail");
      expect(result.id).toBe(made?.id);
      expect(made?.status).toBe("job_submit_fail");
      // Stored as not run, so that the next `pulumi up` sees run false → true and runs it again.
      expect(result.outs).toMatchObject({ run: false, status: "job_submit_fail", jobId: made?.id });
      expect(result.outs?.["__provider"]).toBeUndefined();

      // The next `up`: the engine diffs the stored outputs against the same inputs and updates.
      const diff = await dliFlinkJobProvider.diff(result.id ?? "", result.outs ?? {}, inputs("subfail"));
      expect(diff).toMatchObject({ changes: true, replaces: [] });
      const again = await dliFlinkJobProvider.update(result.id ?? "", result.outs ?? {}, inputs("subfail"));
      expect(made?.status).toBe("job_running");
      expect(again.outs).toMatchObject({ run: true, status: "job_running" });
    });
  });

  describe("diff", () => {
    it("updates in place for a changed SQL body, queue, name or parallelism, and says so", async () => {
      const { id, outs } = await createRunning("diff-sql");
      for (const change of [
        { sql_body: "INSERT INTO sink SELECT 2" },
        { queue_name: "q2" },
        { name: "diff-sql-renamed" },
        { parallel_number: 4 },
      ]) {
        const diff = await dliFlinkJobProvider.diff(
          id,
          outs,
          inputs("diff-sql", { sql: sql("diff-sql", change) }),
        );
        expect(diff).toMatchObject({ changes: true, replaces: [] });
      }
      expect(stderr.join("")).toMatch(/in place/);
    });

    it("replaces for a field DLI cannot change in place, and for a switch to Jar, with the warning", async () => {
      const { id, outs } = await createRunning("diff-fixed");
      const typeChange = await dliFlinkJobProvider.diff(
        id,
        outs,
        inputs("diff-fixed", { sql: sql("diff-fixed", { job_type: "flink_sql_job" }) }),
      );
      expect(typeChange.replaces).toEqual(["sql"]);
      expect(stderr.join("")).toMatch(/sql\.job_type changed[^\n]*STOPPED AND DELETED/);
      const tags = await dliFlinkJobProvider.diff(
        id,
        outs,
        inputs("diff-fixed", { sql: sql("diff-fixed", { tags: [{ key: "k", value: "v" }] }) }),
      );
      expect(tags.replaces).toEqual(["sql"]);
      const toJar = await dliFlinkJobProvider.diff(id, outs, {
        ...inputs("diff-fixed"),
        sql: undefined,
        jar: { name: "diff-fixed", entrypoint: "obs://b/x.jar" },
      });
      expect(toJar.replaces).toEqual(["jar"]);
    });

    it("replaces, as before, when outputs of an earlier release hold no field hashes", async () => {
      const { id, outs } = await createRunning("diff-legacy");
      const { fixedSpecHashes: _dropped, ...legacy } = outs;
      const diff = await dliFlinkJobProvider.diff(
        id,
        legacy,
        inputs("diff-legacy", { sql: sql("diff-legacy", { sql_body: "SELECT 9" }) }),
      );
      expect(diff.replaces).toEqual(["sql"]);
      expect(stderr.join("")).toMatch(/earlier release do not record which field/);
      // Any update with the spec unchanged records the hashes, so later changes go in place.
      const updated = await dliFlinkJobProvider.update(
        id,
        legacy,
        inputs("diff-legacy", { pollInterval: "200ms" }),
      );
      expect((updated.outs as Props)["fixedSpecHashes"]).toEqual(outs["fixedSpecHashes"]);
    });

    it("sees a changed run as an in-place change", async () => {
      const { id, outs } = await createRunning("diff-run");
      const diff = await dliFlinkJobProvider.diff(id, outs, inputs("diff-run", { run: false }));
      expect(diff).toMatchObject({ changes: true, replaces: [] });
      const same = await dliFlinkJobProvider.diff(id, outs, inputs("diff-run"));
      expect(same.changes).toBe(false);
    });
  });

  describe("update of a changed spec", () => {
    it("stops the running job with a savepoint, PUTs the new SQL, runs it resuming, same job", async () => {
      const { id, outs } = await createRunning("upd-sql");
      mark();
      const next = inputs("upd-sql", { sql: sql("upd-sql", { sql_body: "INSERT INTO sink SELECT 42" }) });
      const result = await dliFlinkJobProvider.update(id, outs, next);
      expect(actions()).toEqual(["POST jobs/stop", `PUT sql-jobs/${id}`, "POST jobs/run"]);
      const [stop, put, run] = dliCalls().filter((c) => c.method !== "GET");
      expect(stop?.body).toMatchObject({ trigger_savepoint: true });
      expect(put?.body).toMatchObject({ sql_body: "INSERT INTO sink SELECT 42", queue_name: "q1" });
      // Fields DLI cannot change in place are not sent.
      expect(put?.body).not.toHaveProperty("job_type");
      expect(run?.body).toMatchObject({ resume_savepoint: true });
      const updated = job(id);
      expect(updated.status).toBe("job_running");
      expect(updated.sqlBody).toBe("INSERT INTO sink SELECT 42");
      expect(updated.updates).toHaveLength(1);
      expect(updated.updates[0]?.status).toBe("job_cancel_success");
      expect(updated.runs.at(-1)?.resumedFrom).toMatch(/savepoint/);
      expect(result.outs).toMatchObject({ jobId: id, status: "job_running", run: true, hasSavepoint: true });
      expect((result.outs as Props)["specHash"]).not.toBe(outs["specHash"]);
      // Nothing left to do: the same inputs are no change now.
      expect((await dliFlinkJobProvider.diff(id, result.outs as Props, next)).changes).toBe(false);
      expect(stderr.join("")).toMatch(
        /stop with savepoint → wait until stopped → update the SQL job in place/,
      );
      // The SQL never reaches a progress line.
      expect(stderr.join("")).not.toContain("SELECT 42");
    });

    it("only PUTs a job that is not running when run is false", async () => {
      const created = await dliFlinkJobProvider.create(inputs("upd-idle", { run: false }));
      mark();
      const result = await dliFlinkJobProvider.update(
        created.id,
        created.outs as Props,
        inputs("upd-idle", { run: false, sql: sql("upd-idle", { sql_body: "SELECT 7" }) }),
      );
      expect(actions()).toEqual([`PUT sql-jobs/${created.id}`]);
      expect(job(created.id).status).toBe("job_init");
      expect(result.outs).toMatchObject({ run: false, status: "job_init" });
    });

    it("updates a Jar job through flink-jobs", async () => {
      const jar = { name: "upd-jar", entrypoint: "obs://b/v1.jar", main_class: "a.Main" };
      const created = await dliFlinkJobProvider.create({ ...inputs("upd-jar"), sql: undefined, jar });
      mark();
      await dliFlinkJobProvider.update(created.id, created.outs as Props, {
        ...inputs("upd-jar"),
        sql: undefined,
        jar: { ...jar, entrypoint: "obs://b/v2.jar" },
      });
      expect(actions()).toEqual(["POST jobs/stop", `PUT flink-jobs/${created.id}`, "POST jobs/run"]);
      expect(job(created.id).jar?.entrypoint).toBe("obs://b/v2.jar");
      expect(job(created.id).status).toBe("job_running");
    });

    it("does not PUT when the stop fails, and fails keeping the old spec in state", async () => {
      const { id, outs } = await createRunning("upd-stopfail");
      job(id).stopFailuresLeft = 1;
      mark();
      const result = await asEngine(() =>
        dliFlinkJobProvider.update(
          id,
          outs,
          inputs("upd-stopfail", { sql: sql("upd-stopfail", { sql_body: "SELECT 3" }) }),
        ),
      );
      expect(result.error?.message).toMatch(/stop/i);
      expect(result.error?.message).toMatch(/nothing was updated/i);
      // The engine keeps the job with the old spec hash and run as it was: the next `up` plans again.
      expect(result.outs).toMatchObject({ specHash: outs["specHash"], run: true, status: "job_cancel_fail" });
      expect(actions()).toEqual(["POST jobs/stop"]);
      expect(job(id).sqlBody).not.toBe("SELECT 3");
    });

    it("does not PUT when the stop times out", async () => {
      const { id, outs } = await createRunning("upd-stopslow");
      emulator.dli.store.timing.stopMs = 60_000;
      try {
        mark();
        const result = await asEngine(() =>
          dliFlinkJobProvider.update(
            id,
            outs,
            inputs("upd-stopslow", {
              deleteTimeout: "1s",
              sql: sql("upd-stopslow", { sql_body: "SELECT 4" }),
            }),
          ),
        );
        expect(result.error?.message).toMatch(/not stopped within 1s/);
        expect(actions()).toEqual(["POST jobs/stop"]);
      } finally {
        emulator.dli.store.timing.stopMs = 150;
      }
    });

    it("tries nothing more when the PUT fails, keeps the old spec in state, and the next update completes", async () => {
      const { id, outs } = await createRunning("upd-putfail");
      emulator.faults.add({
        kind: "error",
        status: 500,
        match: { method: "PUT", path: "/streaming/sql-jobs/" },
        count: 1,
      });
      mark();
      const next = inputs("upd-putfail", { sql: sql("upd-putfail", { sql_body: "SELECT 5" }) });
      const result = await asEngine(() => dliFlinkJobProvider.update(id, outs, next));
      expect(result.error?.message).toMatch(/update/);
      expect(actions()).toEqual(["POST jobs/stop", `PUT sql-jobs/${id}`]);
      expect(job(id).status).toBe("job_cancel_success");
      // The job is stopped with a savepoint; the state says so and keeps the old spec hash.
      expect(result.id).toBe(id);
      expect(result.outs).toMatchObject({ specHash: outs["specHash"], run: false, hasSavepoint: true });

      mark();
      const retry = await dliFlinkJobProvider.update(id, result.outs ?? {}, next);
      expect(actions()).toEqual([`PUT sql-jobs/${id}`, "POST jobs/run"]);
      expect(dliCalls().find((c) => c.path.endsWith("/jobs/run"))?.body).toMatchObject({
        resume_savepoint: true,
      });
      expect(job(id).sqlBody).toBe("SELECT 5");
      expect(retry.outs).toMatchObject({ status: "job_running", run: true });
    });

    it("fails with DLI's reason when the run after the PUT fails, keeping the new spec and run false", async () => {
      const { id, outs } = await createRunning("upd-runfail");
      emulator.faults.add({
        kind: "submitFail",
        match: { path: "/streaming/jobs/run$" },
        reason: "Flink SQL syntax error at line 1",
        count: 1,
      });
      const next = inputs("upd-runfail", { sql: sql("upd-runfail", { sql_body: "SELEC 6" }) });
      const result = await asEngine(() => dliFlinkJobProvider.update(id, outs, next));
      expect(result.error?.message).toContain("Flink SQL syntax error at line 1");
      expect(result.id).toBe(id);
      expect(job(id).sqlBody).toBe("SELEC 6");
      expect(result.outs).toMatchObject({ run: false, status: "job_submit_fail" });
      expect(result.outs?.["specHash"]).not.toBe(outs["specHash"]);
      // Next `up` with the same inputs: only the run is retried, resuming from the savepoint.
      const diff = await dliFlinkJobProvider.diff(id, result.outs ?? {}, next);
      expect(diff).toMatchObject({ changes: true, replaces: [] });
      mark();
      await dliFlinkJobProvider.update(id, result.outs ?? {}, next);
      expect(actions()).toEqual(["POST jobs/run"]);
      expect(job(id).status).toBe("job_running");
    });
  });

  describe("update of run", () => {
    it("stops without a savepoint when `savepoint` is off, and then runs without resuming an older one", async () => {
      const { id, outs } = await createRunning("upd-run-plain");
      // An earlier stop with a savepoint, then a run: the latest state is no longer in it.
      const first = await dliFlinkJobProvider.update(
        id,
        outs,
        inputs("upd-run-plain", { run: false, savepoint: true }),
      );
      const again = await dliFlinkJobProvider.update(id, first.outs as Props, inputs("upd-run-plain"));
      mark();
      const stopped = await dliFlinkJobProvider.update(
        id,
        again.outs as Props,
        inputs("upd-run-plain", { run: false }),
      );
      expect(dliCalls().find((c) => c.method === "POST")?.body).toMatchObject({ trigger_savepoint: false });
      expect(stopped.outs).toMatchObject({ run: false, hasSavepoint: false });
      mark();
      await dliFlinkJobProvider.update(id, stopped.outs as Props, inputs("upd-run-plain"));
      expect(dliCalls().find((c) => c.method === "POST")?.body).toMatchObject({ resume_savepoint: false });
      expect(job(id).status).toBe("job_running");
    });

    it("stops with a savepoint on true → false (savepoint set), and resumes from it on false → true", async () => {
      const { id, outs } = await createRunning("upd-run", { savepoint: true });
      mark();
      const stopped = await dliFlinkJobProvider.update(
        id,
        outs,
        inputs("upd-run", { savepoint: true, run: false }),
      );
      expect(actions()).toEqual(["POST jobs/stop"]);
      expect(dliCalls().find((c) => c.method === "POST")?.body).toMatchObject({ trigger_savepoint: true });
      expect(job(id).status).toBe("job_cancel_success");
      expect(stopped.outs).toMatchObject({ run: false, hasSavepoint: true, status: "job_cancel_success" });

      mark();
      const started = await dliFlinkJobProvider.update(
        id,
        stopped.outs as Props,
        inputs("upd-run", { savepoint: true }),
      );
      expect(actions()).toEqual(["POST jobs/run"]);
      expect(dliCalls().find((c) => c.method === "POST")?.body).toMatchObject({ resume_savepoint: true });
      expect(job(id).runs.at(-1)?.resumedFrom).toMatch(/savepoint/);
      expect(started.outs).toMatchObject({ run: true, status: "job_running" });
    });
  });
});
