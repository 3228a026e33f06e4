/**
 * Which spec changes DRS makes on the existing job and which replace it, and what the DrsJob diff
 * (the preview) answers for them.
 */
import { chooseDrsCreateFamily } from "../../provider/resources/createDrsJob";
import { diffDrsJobSpec } from "../../provider/resources/diffDrsJobSpec";
import { drsJobProvider } from "../../provider/resources/drsJobProvider";
import { drsJobSpec, summarizeDrsJobSpec } from "../../provider/resources/drsJobSpec";
import { mysqlToKafkaSpec, mysqlToMysqlSpec } from "../helpers/drsSpecs";

const spec = (more: Record<string, unknown> = {}) => drsJobSpec.parse(mysqlToMysqlSpec("orders-sync", more));
/** The summary as it comes back from state: keys in another order, through JSON. */
const stored = (more: Record<string, unknown> = {}) =>
  JSON.parse(
    JSON.stringify(Object.fromEntries(Object.entries(summarizeDrsJobSpec(spec(more))).reverse())),
  ) as Record<string, unknown>;

describe("diffDrsJobSpec", () => {
  it("sees no change for the same spec read back from state", () => {
    expect(diffDrsJobSpec(stored(), spec(), "v5")).toEqual({ inPlace: [], recorded: [], replace: [] });
  });

  it("changes name and description in place, start_time only recorded", () => {
    const next = spec({ name: "orders-sync-2", description: "renamed", start_time: "1767225600000" });
    expect(diffDrsJobSpec(stored(), next, "v5")).toEqual({
      inPlace: ["description", "name"],
      recorded: ["start_time"],
      replace: [],
    });
  });

  it("changes a speed limit in place through v3 only", () => {
    const next = spec({ speed_limit: [{ begin: "01:00", end: "02:59", speed: "10" }] });
    expect(diffDrsJobSpec(stored(), next, "v3").inPlace).toEqual(["speed_limit"]);
    expect(diffDrsJobSpec(stored(), next, "v5").replace).toEqual(["speed_limit"]);
  });

  it("replaces for an endpoint, objects or node change, never for a password", () => {
    const base = mysqlToMysqlSpec("orders-sync");
    const moved = drsJobSpec.parse({
      ...base,
      source_endpoint: { ...(base["source_endpoint"] as object), ip: "10.0.0.9" },
    });
    expect(diffDrsJobSpec(stored(), moved, "v5").replace).toEqual(["source_endpoint"]);
    const rotated = drsJobSpec.parse({
      ...base,
      source_endpoint: { ...(base["source_endpoint"] as object), db_password: "another" },
    });
    expect(diffDrsJobSpec(stored(), rotated, "v5")).toEqual({ inPlace: [], recorded: [], replace: [] });
    expect(diffDrsJobSpec(stored(), spec({ node_type: "medium" }), "v5").replace).toEqual(["node_type"]);
    expect(diffDrsJobSpec(stored(), spec({ db_object: { object_scope: "all" } }), "v5").replace).toEqual([
      "db_object",
    ]);
  });
});

describe("chooseDrsCreateFamily", () => {
  const huawei = "https://drs.ap-southeast-1.myhuaweicloud.com";
  const otc = "https://drs.eu-de.otc.t-systems.com";
  it("uses v5 for the pairs v5 creates, v3 for the others and on Open Telekom Cloud", () => {
    expect(chooseDrsCreateFamily(spec(), huawei, undefined)).toBe("v5");
    expect(chooseDrsCreateFamily({ ...spec(), engine_type: "mysql" }, huawei, undefined)).toBe("v5");
    expect(chooseDrsCreateFamily(drsJobSpec.parse(mysqlToKafkaSpec("orders-kafka")), huawei, undefined)).toBe(
      "v3",
    );
    expect(chooseDrsCreateFamily(spec(), otc, undefined)).toBe("v3");
    expect(chooseDrsCreateFamily(spec(), huawei, "v3")).toBe("v3");
    expect(
      chooseDrsCreateFamily(
        spec({ speed_limit: [{ begin: "01:00", end: "01:59", speed: 1 }] }),
        huawei,
        undefined,
      ),
    ).toBe("v3");
  });
  it("refuses a pinned v5 it cannot honour", () => {
    expect(() => chooseDrsCreateFamily(drsJobSpec.parse(mysqlToKafkaSpec("k-job")), huawei, "v5")).toThrow(
      /set apiVersion "v3"/,
    );
    expect(() => chooseDrsCreateFamily(spec(), otc, "v5")).toThrow(/offers only DRS v3/);
  });
});

describe("DrsJob diff of a job created from a spec", () => {
  const outs = {
    schemaVersion: 2,
    resourceName: "orders",
    jobId: "c7debc9c-8e09-4a5d-8dd6-cc44f78jb20r",
    apiVersion: "v5",
    deleteApi: "v5-delete-many",
    projectId: "054ba152d480d55b2f5dc0069e7ddef0",
    endpoint: "https://drs.ap-southeast-1.myhuaweicloud.com",
    deleteTimeoutMs: 1_800_000,
    pollIntervalMs: 10_000,
    forceStop: "onTimeout",
    gracefulStopTimeoutMs: 600_000,
    name: "orders-sync",
    status: "INCRE_TRANSFER_STARTED",
    engineType: "mysql-to-mysql",
    jobType: "sync",
    origin: "spec",
    specSummary: stored(),
    createTimeoutMs: 1_800_000,
  };
  const news = (s: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
    resourceName: "orders",
    spec: s,
    ...more,
  });
  let stderr: jest.SpyInstance<boolean, Parameters<typeof process.stderr.write>>;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());
  const printed = () => stderr.mock.calls.map((c) => String(c[0] as unknown)).join("");

  it("is no change for the same spec", async () => {
    await expect(
      drsJobProvider.diff(outs.jobId, outs, news(mysqlToMysqlSpec("orders-sync"))),
    ).resolves.toMatchObject({
      changes: false,
      replaces: [],
    });
  });

  it("updates in place for a new description", async () => {
    const result = await drsJobProvider.diff(
      outs.jobId,
      outs,
      news(mysqlToMysqlSpec("orders-sync", { description: "x" })),
    );
    expect(result).toMatchObject({ changes: true, replaces: [] });
    expect(printed()).toBe("");
  });

  it("replaces for a new target, and the preview says the old job is stopped and deleted", async () => {
    const base = mysqlToMysqlSpec("orders-sync");
    const next = {
      ...base,
      target_endpoint: { ...(base["target_endpoint"] as object), instance_id: "rds-other" },
    };
    const result = await drsJobProvider.diff(outs.jobId, outs, news(next));
    expect(result).toMatchObject({ changes: true, replaces: ["spec"], deleteBeforeReplace: true });
    expect(printed()).toMatch(/target_endpoint .*STOPPED AND DELETED/);
    expect(printed()).not.toMatch(/Pa55word/);
  });

  it("replaces when switching between spec and jobId", async () => {
    const toJobId = await drsJobProvider.diff(outs.jobId, outs, {
      resourceName: "orders",
      jobId: outs.jobId,
    });
    expect(toJobId).toMatchObject({ replaces: ["jobId"] });
    const { origin: _o, specSummary: _s, ...adopted } = outs;
    const toSpec = await drsJobProvider.diff(outs.jobId, adopted, news(mysqlToMysqlSpec("other-name")));
    expect(toSpec).toMatchObject({ replaces: ["spec"], deleteBeforeReplace: false });
  });
});
