/*
 * DrsJob created from a spec over the emulator, called as the dynamic-provider host calls it:
 * v5 MySQL->MySQL and v3 MySQL->Kafka to running and torn down again, a failing connection test
 * and precheck (the vendor's reasons, the job kept), a lost create answer (exactly one job),
 * in-place updates, a create carried on by the next update, and no password anywhere.
 * Judged from the emulator's call log and job store, not from the provider's words.
 */
import { defaultEmulatorCredentials, HuaweiEmulator } from "../../emulator";
import { drsJobProvider } from "../../provider/resources/drsJobProvider";
import { mysqlToKafkaSpec, mysqlToMysqlSpec, sourcePassword, targetPassword } from "../helpers/drsSpecs";
import { useEmulatorEnv } from "../helpers/useEmulatorEnv";

const { projectId } = defaultEmulatorCredentials;
type Props = Record<string, unknown>;

describe("DrsJob created from a spec, over the emulator", () => {
  const emulator = new HuaweiEmulator({
    createMs: 50,
    connectionTestMs: 50,
    precheckMs: 50,
    startMs: 50,
    fullTransferMs: 100,
  });
  let stderr: jest.SpyInstance<boolean, Parameters<typeof process.stderr.write>>;
  useEmulatorEnv(emulator);
  beforeEach(() => {
    emulator.reset();
    stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());
  const printed = () => stderr.mock.calls.map((c) => String(c[0] as unknown)).join("");

  const inputs = (spec: Props, more: Props = {}): Props => ({
    resourceName: `r-${String(spec["name"])}`,
    spec,
    pollInterval: "100ms",
    deleteTimeout: "30s",
    createTimeout: "30s",
    __provider: "serialized-provider",
    ...more,
  });
  const jobsNamed = (name: string) => emulator.store.all().filter((j) => !j.removed && j.name === name);
  /** The DRS calls sent, as `METHOD path` without the project and query, in order. */
  const drsCalls = () =>
    emulator
      .calls()
      .filter((c) => c.service === "drs")
      .map((c) => `${c.method} ${c.path.split("?")[0]?.replace(`/${projectId}`, "") ?? ""}`);
  const actions = () =>
    emulator
      .calls()
      .filter((c) => c.path.endsWith("/action"))
      .map((c) => (c.body as { job?: { action_name?: string } } | undefined)?.job?.action_name);
  /** Runs create as the engine would: the id it records, from the result or from the error. */
  async function createAsEngine(props: Props): Promise<{ id?: string; outs?: Props; error?: Error & Props }> {
    try {
      const result = await drsJobProvider.create(props);
      return { id: result.id, outs: result.outs as Props };
    } catch (error) {
      const e = error as Error & Props;
      return typeof e["id"] === "string" ? { id: e["id"], error: e } : { error: e };
    }
  }
  /** Deleted: DELETED for a while, then forgotten. */
  const gone = (id: string | undefined) => {
    const job = emulator.store.get(id ?? "");
    return job !== undefined && (job.removed || job.status === "DELETED");
  };
  const noSecretIn = (text: string) => {
    expect(text).not.toContain(sourcePassword);
    expect(text).not.toContain(targetPassword);
  };

  it("creates a v5 MySQL->MySQL job, takes it to running, then tears it down", async () => {
    const created = await createAsEngine(inputs(mysqlToMysqlSpec("orders-v5")));
    expect(created.error).toBeUndefined();
    const [job] = jobsNamed("orders-v5");
    expect(created.id).toBe(job?.id);
    expect(job?.family).toBe("v5");
    expect(["FULL_TRANSFER_STARTED", "INCRE_TRANSFER_STARTED"]).toContain(
      emulator.store.get(job?.id ?? "")?.status,
    );
    expect(created.outs).toMatchObject({
      origin: "spec",
      apiVersion: "v5",
      deleteApi: "v5-delete-many",
      engineType: "mysql-to-mysql",
      name: "orders-v5",
    });
    expect(drsCalls().filter((c) => c === "POST /v5/jobs")).toHaveLength(1);
    expect(actions()).toEqual(["network", "network", "precheck", "start"]);
    const selected = emulator.calls().filter((c) => c.method === "PUT" && c.path.includes("/v5/"));
    expect(selected.map((c) => (c.body as { job: { type: string } }).job.type)).toEqual(["db_object"]);
    expect(printed()).toMatch(
      /testing the connection to the source database[\s\S]*precheck passed[\s\S]*running/,
    );
    noSecretIn(printed());
    noSecretIn(JSON.stringify(created.outs));

    await drsJobProvider.delete(created.id ?? "", created.outs ?? {});
    expect(gone(job?.id)).toBe(true);
    expect(drsCalls()).toContain("DELETE /v5/jobs");
  });

  it("creates a v3 MySQL->Kafka job, takes it to running, then tears it down", async () => {
    const created = await createAsEngine(inputs(mysqlToKafkaSpec("orders-kafka")));
    expect(created.error).toBeUndefined();
    const [job] = jobsNamed("orders-kafka");
    expect(created.id).toBe(job?.id);
    expect(job?.family).toBe("v3");
    expect(created.outs).toMatchObject({ apiVersion: "v3", deleteApi: "v3", engineType: "mysql-to-kafka" });
    const calls = drsCalls();
    expect(calls.filter((c) => c === "POST /v3/jobs/batch-creation")).toHaveLength(1);
    expect(calls.filter((c) => c === "POST /v3/jobs/batch-connection")).toHaveLength(2);
    const order = [
      "POST /v3/jobs/batch-creation",
      "POST /v3/jobs/batch-connection",
      "PUT /v3/jobs/batch-select-objects",
      "POST /v3/jobs/batch-precheck",
      "POST /v3/jobs/batch-precheck-result",
      "POST /v3/jobs/batch-starting",
    ];
    expect(order.map((c) => calls.indexOf(c))).toEqual(
      [...order.map((c) => calls.indexOf(c))].sort((a, b) => a - b),
    );
    expect(order.every((c) => calls.includes(c))).toBe(true);
    // No v5 call creates a pair v5 does not create.
    expect(calls.some((c) => c === "POST /v5/jobs")).toBe(false);
    noSecretIn(printed());

    await drsJobProvider.delete(created.id ?? "", created.outs ?? {});
    expect(gone(job?.id)).toBe(true);
  });

  it.each([
    ["v5", mysqlToMysqlSpec("pre-fail-v5")],
    ["v3", mysqlToKafkaSpec("pre-fail-v3")],
  ])(
    "fails on a failing %s precheck with the vendor's reasons, keeps the job, and destroy removes it",
    async (_f, spec) => {
      const name = String(spec["name"]);
      emulator.faults.add({
        kind: "precheckFails",
        jobNames: [name],
        items: [{ item: "dbPrivilegeCheck", reason: "the source user lacks REPLICATION CLIENT" }],
      });
      const created = await createAsEngine(inputs(spec));
      const [job] = jobsNamed(name);
      expect(created.id).toBe(job?.id);
      expect(created.error?.message).toMatch(
        /was created but the precheck failed.*dbPrivilegeCheck.*REPLICATION CLIENT/,
      );
      expect(created.error?.message).toContain(job?.id);
      expect(created.error?.["reasons"]).toEqual([
        expect.stringMatching(/dbPrivilegeCheck: the source user lacks/),
      ]);
      const properties = created.error?.["properties"] as Props;
      expect(properties).toMatchObject({ jobId: job?.id, origin: "spec", __provider: "serialized-provider" });
      expect(actions()).not.toContain("start");
      noSecretIn(JSON.stringify({ m: created.error?.message, p: properties, r: created.error?.["reasons"] }));

      await drsJobProvider.delete(job?.id ?? "", properties);
      expect(gone(job?.id)).toBe(true);
    },
  );

  it("fails on a refused connection with the vendor's reason and never a password", async () => {
    emulator.faults.add({ kind: "connectionFails", jobNames: ["conn-fail"], endpointRole: "ta" });
    const created = await createAsEngine(inputs(mysqlToMysqlSpec("conn-fail")));
    expect(created.id).toBe(jobsNamed("conn-fail")[0]?.id);
    expect(created.error?.message).toMatch(
      /connection test of the target database failed: .*[Cc]onnection refused/,
    );
    noSecretIn(
      `${created.error?.message ?? ""} ${printed()} ${JSON.stringify(created.error?.["properties"])}`,
    );
    noSecretIn(JSON.stringify(emulator.store.all().map((j) => j.setup)));
  });

  it("carries a failed create on in the next update once the cause is fixed", async () => {
    emulator.faults.add({ kind: "precheckFails", jobNames: ["resumed"], count: 1 });
    const created = await createAsEngine(inputs(mysqlToMysqlSpec("resumed")));
    expect(created.error).toBeDefined();
    const properties = created.error?.["properties"] as Props;
    const updated = await drsJobProvider.update(
      created.id ?? "",
      properties,
      inputs(mysqlToMysqlSpec("resumed")),
    );
    expect(["FULL_TRANSFER_STARTED", "INCRE_TRANSFER_STARTED"]).toContain((updated.outs as Props)["status"]);
    expect(jobsNamed("resumed")).toHaveLength(1);
    expect(actions().filter((a) => a === "start")).toHaveLength(1);
  });

  it("fails on a failed start with the job kept, and the next update asks for a replace", async () => {
    emulator.faults.add({ kind: "startFails", jobNames: ["start-fail"] });
    const created = await createAsEngine(inputs(mysqlToKafkaSpec("start-fail")));
    const [job] = jobsNamed("start-fail");
    expect(created.id).toBe(job?.id);
    expect(created.error?.message).toMatch(/was created but the job went to status START_JOB_FAILED/);
    const properties = created.error?.["properties"] as Props;
    expect(properties["status"]).toBe("START_JOB_FAILED");
    await expect(
      drsJobProvider.update(created.id ?? "", properties, inputs(mysqlToKafkaSpec("start-fail"))),
    ).rejects.toThrow(/never ran \(status START_JOB_FAILED\).*--replace/);
    expect(actions().length + emulator.calls().filter((c) => c.path.endsWith("/batch-starting")).length).toBe(
      1,
    );
  });

  it.each([
    ["v5", mysqlToMysqlSpec("lost-v5"), "^/v5/[^/]+/jobs$"],
    ["v3", mysqlToKafkaSpec("lost-v3"), "^/v3/[^/]+/jobs/batch-creation$"],
  ])("makes exactly one %s job when the create answer is lost", async (_f, spec, path) => {
    const name = String(spec["name"]);
    emulator.faults.add({ kind: "lostAnswer", match: { method: "POST", path }, jobNames: [name], count: 1 });
    const first = await createAsEngine(inputs(spec));
    expect(jobsNamed(name)).toHaveLength(1);
    expect(first.id).toBe(jobsNamed(name)[0]?.id);
    expect(first.error).toBeUndefined();
    expect(printed()).toMatch(/create answer was lost/);
    // A create run again (a new `pulumi up` with the job lost from state) makes none.
    const second = await createAsEngine(inputs(spec));
    expect(jobsNamed(name)).toHaveLength(1);
    expect(second.error?.message).toContain(first.id);
  });

  it("changes name and description of a v5 job in place, and a v3 job's speed limit", async () => {
    const v5 = await createAsEngine(inputs(mysqlToMysqlSpec("inplace-v5")));
    const updated = await drsJobProvider.update(
      v5.id ?? "",
      v5.outs ?? {},
      inputs(mysqlToMysqlSpec("inplace-v5b", { description: "renamed" }), { resourceName: "r-inplace-v5" }),
    );
    expect(emulator.store.get(v5.id ?? "")?.name).toBe("inplace-v5b");
    expect((updated.outs as Props)["name"]).toBe("inplace-v5b");
    const types = emulator
      .calls()
      .filter((c) => c.method === "PUT")
      .map((c) => (c.body as { job: { type: string } }).job.type);
    expect(types).toEqual(["db_object", "description", "name"]);

    const v3 = await createAsEngine(inputs(mysqlToKafkaSpec("inplace-v3")));
    const limit = [{ begin: "01:00", end: "05:59", speed: "20" }];
    await drsJobProvider.update(
      v3.id ?? "",
      v3.outs ?? {},
      inputs(mysqlToKafkaSpec("inplace-v3", { speed_limit: limit })),
    );
    const speed = emulator.calls().filter((c) => c.path.endsWith("/batch-limit-speed"));
    expect(speed).toHaveLength(1);
    expect(speed[0]?.body).toMatchObject({
      speed_limits: [{ job_id: v3.id, speed_limit: [{ begin: "01:00", speed: "20" }] }],
    });
  });

  it("stops at WAITING_FOR_START when a start time is given", async () => {
    const startTime = String(Date.now() + 3_600_000);
    const created = await createAsEngine(inputs(mysqlToMysqlSpec("later", { start_time: startTime })));
    expect(created.outs?.["status"]).toBe("WAITING_FOR_START");
    const start = emulator
      .calls()
      .find((c) => (c.body as { job?: { action_name?: string } } | undefined)?.job?.action_name === "start");
    expect(start?.body).toMatchObject({ job: { action_params: { start_time: startTime } } });
  });
});
