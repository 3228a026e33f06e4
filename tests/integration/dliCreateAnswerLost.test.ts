/*
 * A DLI create whose answer is lost after the service made the job (connection reset, gateway
 * 5xx): DliFlinkJob's create, called as the host calls it, must never make a second job, neither
 * in the same run nor when `pulumi up` runs again, and must hand the engine the job it made.
 */
import { defaultEmulatorCredentials, HuaweiEmulator } from "../../emulator";
import { dliFlinkJobProvider } from "../../provider/resources/dliFlinkJobProvider";
import { useEmulatorEnv } from "../helpers/useEmulatorEnv";

const { projectId } = defaultEmulatorCredentials;
const createPath = `^/v1\\.0/${projectId}/streaming/sql-jobs$`;

describe("DliFlinkJob create when the create answer is lost", () => {
  const emulator = new HuaweiEmulator({ dli: { submitMs: 50, stopMs: 50, savepointMs: 50 } });
  useEmulatorEnv(emulator);
  beforeEach(() => emulator.reset());

  const inputs = (name: string, more: Record<string, unknown> = {}) => ({
    resourceName: `lost-${name}`,
    sql: { name, sql_body: "INSERT INTO sink SELECT * FROM source" },
    pollInterval: "100ms",
    ...more,
  });
  const jobsNamed = (name: string) => emulator.dli.store.all().filter((j) => !j.removed && j.name === name);
  const createCalls = () =>
    emulator.calls().filter((c) => c.method === "POST" && c.path.endsWith("/sql-jobs"));
  /** Runs create as the engine would and returns the id it records: from the result or the error. */
  async function createAsEngine(props: Record<string, unknown>): Promise<string | Error> {
    try {
      return (await dliFlinkJobProvider.create(props)).id;
    } catch (error) {
      const id = (error as { id?: unknown }).id;
      return typeof id === "string" ? id : (error as Error);
    }
  }

  it.each([
    ["the connection is reset", {}],
    ["the gateway answers 504", { status: 504 }],
  ])("keeps the one job made when %s, and a second run makes no other", async (_how, fault) => {
    const name = `lost-${String((fault as { status?: number }).status ?? "reset")}`;
    emulator.faults.add({
      kind: "lostAnswer",
      match: { method: "POST", path: createPath },
      count: 1,
      ...fault,
    });
    const first = await createAsEngine(inputs(name));
    // The transport never sends a create twice.
    expect(createCalls()).toHaveLength(1);
    expect(jobsNamed(name)).toHaveLength(1);
    const [job] = jobsNamed(name);
    expect(first).toBe(job?.id);

    // `pulumi up` again: the engine has the job, but even a create run again makes none.
    const second = await createAsEngine(inputs(name));
    expect(jobsNamed(name)).toHaveLength(1);
    expect(second).toBeInstanceOf(Error);
    expect((second as Error).message).toContain(job?.id);
  });

  it("runs the job it found by name when run is set, and stores it as created", async () => {
    emulator.faults.add({ kind: "lostAnswer", match: { method: "POST", path: createPath }, count: 1 });
    const result: { id: string; outs?: unknown } = await dliFlinkJobProvider.create(
      inputs("lost-run", { run: true }),
    );
    const [job] = jobsNamed("lost-run");
    expect(result.id).toBe(job?.id);
    expect(result.outs).toMatchObject({ jobId: job?.id, origin: "sql", name: "lost-run", run: true });
    expect(emulator.calls().filter((c) => c.path.endsWith("/streaming/jobs/run"))).toHaveLength(1);
  });

  it("says nothing was made when the create never reached DLI, sends it once, and a later run creates it", async () => {
    emulator.faults.add({
      kind: "error",
      status: 503,
      match: { method: "POST", path: createPath },
      count: 1,
    });
    const first = await createAsEngine(inputs("never-made"));
    expect(first).toBeInstanceOf(Error);
    expect((first as Error).message).toMatch(/DLI did not make it.*Run `pulumi up` again/);
    expect(createCalls()).toHaveLength(1);
    expect(jobsNamed("never-made")).toHaveLength(0);
    expect(typeof (await createAsEngine(inputs("never-made")))).toBe("string");
    expect(jobsNamed("never-made")).toHaveLength(1);
  });

  it("refuses a name already taken, on any page of the list, naming the job to adopt, and sends no create", async () => {
    const older = emulator.dli.seed({ projectId, name: "taken", status: "job_running" });
    // Names that only contain the name match DLI's filter but are other jobs; they fill page one.
    for (let i = 0; i < 120; i++) emulator.dli.seed({ projectId, name: `taken-${i}` });
    const result = await createAsEngine(inputs("taken"));
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toContain(`already has a DLI job named "taken" (job id ${older.id})`);
    expect((result as Error).message).toContain(`jobId: "${older.id}"`);
    expect(createCalls()).toHaveLength(0);
    const lists = emulator.calls().filter((c) => c.method === "GET" && /streaming\/jobs\?/.test(c.path));
    expect(lists.length).toBeGreaterThan(1);
  });

  it("is not confused by jobs whose names merely contain the name", async () => {
    emulator.dli.seed({ projectId, name: "etl-old" });
    emulator.faults.add({ kind: "lostAnswer", match: { method: "POST", path: createPath }, count: 1 });
    const id = await createAsEngine(inputs("etl"));
    expect(id).toBe(jobsNamed("etl")[0]?.id);
  });
});
