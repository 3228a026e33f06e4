/**
 * DrsJob `spec`: `check` accepts the vendor-shaped specs and refuses bad ones with the property
 * path and a reason that says what is allowed; no reason repeats a password.
 */
import { drsJobProvider } from "../../provider/resources/drsJobProvider";
import { drsJobSpec, summarizeDrsJobSpec } from "../../provider/resources/drsJobSpec";
import { mysqlToKafkaSpec, mysqlToMysqlSpec, sourcePassword } from "../helpers/drsSpecs";

type Inputs = Record<string, unknown>;
const check = (news: Inputs) => drsJobProvider.check({}, news);
const withSpec = (spec: Inputs, more: Inputs = {}) => ({ resourceName: "r", spec, ...more });

/** A copy of the MySQL→MySQL spec with `path` (dot-separated) set to `value` (undefined removes). */
function changed(path: string, value: unknown): Inputs {
  const spec = structuredClone(mysqlToMysqlSpec("orders-sync"));
  const keys = path.split(".");
  let at: Record<string, unknown> = spec;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  const last = keys[keys.length - 1] ?? "";
  if (value === undefined) at = Object.assign(at, { [last]: undefined });
  else at[last] = value;
  return spec;
}

describe("DrsJob spec check", () => {
  it.each([
    ["v5 MySQL->MySQL", mysqlToMysqlSpec("orders-sync")],
    ["v3 MySQL->Kafka", mysqlToKafkaSpec("orders-kafka")],
    ["whole instance", changed("db_object", { object_scope: "all" })],
    ["a start time", changed("start_time", "1767225600000")],
    ["a speed limit", changed("speed_limit", [{ begin: "01:00", end: "05:59", speed: 20 }])],
  ])("accepts %s", async (_what, spec) => {
    const result = await check(withSpec(spec));
    expect(result.failures).toBeUndefined();
  });

  it.each<[string, Inputs, string, RegExp]>([
    ["neither jobId nor spec", { resourceName: "r" }, "jobId", /give jobId .* or spec/],
    [
      "both jobId and spec",
      withSpec(mysqlToMysqlSpec("orders-sync"), { jobId: "140b5236-88ad-43c8-811c-1268453jb101" }),
      "spec",
      /not both/,
    ],
    [
      "createTimeout without spec",
      { resourceName: "r", jobId: "140b5236-88ad-43c8-811c-1268453jb101", createTimeout: "5m" },
      "createTimeout",
      /only with spec/,
    ],
    ["short name", withSpec(changed("name", "ab")), "spec.name", /4-50 letters/],
    ["name with a space", withSpec(changed("name", "orders sync")), "spec.name", /4-50 letters/],
    [
      "name starting with a digit",
      withSpec(changed("name", "1orders")),
      "spec.name",
      /starting with a letter/,
    ],
    ["unknown job_type", withSpec(changed("job_type", "replay")), "spec.job_type", /migration|sync/],
    ["missing engine_type", withSpec(changed("engine_type", undefined)), "spec.engine_type", /string/],
    ["unknown direction", withSpec(changed("job_direction", "sideways")), "spec.job_direction", /up/],
    ["unknown net_type", withSpec(changed("net_type", "wifi")), "spec.net_type", /eip/],
    ["unknown node_type", withSpec(changed("node_type", "huge")), "spec.node_type", /micro/],
    ["missing subnet", withSpec(changed("subnet_id", undefined)), "spec.subnet_id", /string/],
    ["blank vpc", withSpec(changed("vpc_id", " vpc ")), "spec.vpc_id", /white space/],
    [
      "endpoint without address",
      withSpec(changed("source_endpoint.ip", undefined)),
      "spec.source_endpoint",
      /instance_id .* or ip/,
    ],
    [
      "endpoint without user",
      withSpec(changed("source_endpoint.db_user", undefined)),
      "spec.source_endpoint.db_user",
      /required/,
    ],
    [
      "endpoint without password",
      withSpec(changed("source_endpoint.db_password", undefined)),
      "spec.source_endpoint.db_password",
      /required/,
    ],
    [
      "port out of range",
      withSpec(changed("source_endpoint.db_port", 70000)),
      "spec.source_endpoint.db_port",
      /65535/,
    ],
    [
      "cloud endpoint without region",
      withSpec(changed("target_endpoint.region", undefined)),
      "spec.target_endpoint",
      /region and project_id/,
    ],
    [
      "unknown endpoint field",
      withSpec(changed("source_endpoint.password", "x")),
      "spec.source_endpoint",
      /password/,
    ],
    [
      "unknown object_scope",
      withSpec(changed("db_object.object_scope", "schema")),
      "spec.db_object.object_scope",
      /all/,
    ],
    [
      "database scope without databases",
      withSpec(changed("db_object", { object_scope: "database" })),
      "spec.db_object.object_info",
      /at least one database/,
    ],
    [
      "all with object_info",
      withSpec(changed("db_object", { object_scope: "all", object_info: { a: {} } })),
      "spec.db_object.object_info",
      /absent/,
    ],
    [
      "table scope without tables",
      withSpec(changed("db_object", { object_scope: "table", object_info: { a: {} } })),
      "spec.db_object.object_info.a.tables",
      /list the tables/,
    ],
    [
      "tables with database scope",
      withSpec(changed("db_object", { object_scope: "database", object_info: { a: { tables: ["t"] } } })),
      "spec.db_object.object_info.a.tables",
      /only with object_scope "table"/,
    ],
    ["description with <", withSpec(changed("description", "a <b>")), "spec.description", /must not contain/],
    ["description too long", withSpec(changed("description", "d".repeat(257))), "spec.description", /256/],
    [
      "start_time as a date",
      withSpec(changed("start_time", "2026-01-01")),
      "spec.start_time",
      /epoch milliseconds/,
    ],
    [
      "speed limit begin not on the hour",
      withSpec(changed("speed_limit", [{ begin: "01:30", end: "02:59", speed: "5" }])),
      "spec.speed_limit.0.begin",
      /hh:00/,
    ],
    [
      "speed limit end not at :59",
      withSpec(changed("speed_limit", [{ begin: "01:00", end: "02:00", speed: "5" }])),
      "spec.speed_limit.0.end",
      /hh:59/,
    ],
    [
      "speed 0",
      withSpec(changed("speed_limit", [{ begin: "01:00", end: "02:59", speed: 0 }])),
      "spec.speed_limit.0.speed",
      /1 to 9999/,
    ],
    [
      "disaster recovery without multi_write",
      withSpec(changed("job_type", "cloudDataGuard")),
      "spec.multi_write",
      /required/,
    ],
    [
      "arch without availability zone",
      withSpec(changed("arch", "arm")),
      "spec.availability_zone",
      /required/,
    ],
  ])("refuses %s", async (_what, news, property, reason) => {
    const result = await check(news);
    const failure = result.failures?.find((f) => f.property === property);
    expect(failure?.reason).toMatch(reason);
    expect(JSON.stringify(result.failures)).not.toContain(sourcePassword);
  });

  it("keeps no password in the summary stored in outputs", () => {
    const spec = drsJobSpec.parse(mysqlToMysqlSpec("orders-sync"));
    const summary = summarizeDrsJobSpec(spec);
    expect(JSON.stringify(summary)).not.toMatch(/db_password|Pa55word/);
    expect(summary.source_endpoint).toMatchObject({ db_user: "repl", ip: "192.168.0.10" });
  });
});
