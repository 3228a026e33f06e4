/**
 * The security suite's input checks: `check`, which the dynamic-provider host runs before any
 * create, update or preview, refuses bad inputs of both resources with the property path and a
 * reason that says what is allowed; each rule's good counterpart passes. Table-driven, so every
 * row is one input the provider must not send anywhere.
 */
import { dliFlinkJobProvider } from "../../provider/resources/dliFlinkJobProvider";
import { drsJobProvider } from "../../provider/resources/drsJobProvider";

type Inputs = Record<string, unknown>;
type Check = (
  news: Inputs,
) => Promise<{ inputs?: Inputs; failures?: { property: string; reason: string }[] }>;

const checks: Record<"DrsJob" | "DliFlinkJob", Check> = {
  DrsJob: (news) => drsJobProvider.check({}, news),
  DliFlinkJob: (news) => dliFlinkJobProvider.check({}, news),
};

/** Ids exactly as the DRS API pages print them (tests/fixtures/seeds and the vendor examples). */
const realDrsIds = [
  "140b5236-88ad-43c8-811c-1268453jb101",
  "4c6ac8c0-2f51-426a-97b2-cb2c668jb201",
  "6211d20d-0006-41da-836e-db3301ajb20b",
  "c7debc9c-8e09-4a5d-8dd6-cc44f78jb20r",
  "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20t",
];
const drsBase: Inputs = { resourceName: "r", jobId: realDrsIds[0] };
const dliAdopt: Inputs = { resourceName: "r", jobId: "9007199254740993" };
const dliSql: Inputs = {
  resourceName: "r",
  sql: { name: "clicks", sql_body: "INSERT INTO sink SELECT * FROM src", queue_name: "q1" },
};
const dliJar: Inputs = {
  resourceName: "r",
  jar: { name: "jar-job", entrypoint: "obs://bucket/job.jar", main_class: "com.example.Main" },
};

/** A bad input: the property it must be reported under, and what the reason must say. */
type Bad = [what: string, base: Inputs, change: Inputs, property: string, reason: RegExp];

const durationRule = /must be a duration such as "90s", "30m" or "2h" \(or a number of seconds\) between/;
const drsIdRule = /must be a DRS job id: 8-64 letters, digits and dashes/;
const dliIdRule = /positive decimal integer of at most 9223372036854775807 without leading zeros/;
const regionRule =
  /must be a region name such as ap-southeast-1: lower-case letters and digits in dash-separated parts/;
const projectRule = /must be a project id \(1-64 letters, digits and dashes/;
const endpointRule =
  /must be an https:\/\/ URL \(plain http:\/\/ only to localhost, 127\.0\.0\.0\/8 or \[::1\]\)/;
const blankRule = /must not be empty or only white space/;

/** The inputs both resources share, each tried on both. */
function commonBadInputs(resource: string, base: Inputs): Bad[] {
  const rows: [string, Inputs, string, RegExp][] = [
    ["empty region", { region: "" }, "region", regionRule],
    ["blank region", { region: "   " }, "region", regionRule],
    ["region padded with spaces", { region: " ap-southeast-1 " }, "region", regionRule],
    // A region builds the endpoint's host name: these would send signed calls elsewhere.
    ["region with a host in it", { region: "x.evil.example/#" }, "region", regionRule],
    ["region with a dot", { region: "ap-southeast-1.evil" }, "region", regionRule],
    ["region with userinfo", { region: "a@evil.example" }, "region", regionRule],
    ["upper-case region", { region: "AP-SOUTHEAST-1" }, "region", regionRule],
    ["empty project id", { projectId: "" }, "projectId", projectRule],
    ["blank project id", { projectId: "  " }, "projectId", projectRule],
    ["project id padded", { projectId: " 0123456789abcdef " }, "projectId", projectRule],
    ["project id with a path", { projectId: "p/../../v3/x" }, "projectId", projectRule],
    ["project id too long", { projectId: "a".repeat(65) }, "projectId", projectRule],
    ["empty endpoint", { endpoint: "" }, "endpoint", endpointRule],
    ["blank endpoint", { endpoint: "  " }, "endpoint", endpointRule],
    ["endpoint not a URL", { endpoint: "drs.example.com" }, "endpoint", endpointRule],
    ["ftp endpoint", { endpoint: "ftp://drs.example.com" }, "endpoint", endpointRule],
    ["plain http to a host name", { endpoint: "http://drs.example.com" }, "endpoint", endpointRule],
    ["plain http to a public IP", { endpoint: "http://203.0.113.7:8080" }, "endpoint", endpointRule],
    [
      "plain http to localhost.example.com",
      { endpoint: "http://localhost.example.com" },
      "endpoint",
      endpointRule,
    ],
    ["plain http to 127.0.0.1.nip.io", { endpoint: "http://127.0.0.1.nip.io" }, "endpoint", endpointRule],
    ["plain http to an IPv6 host", { endpoint: "http://[2001:db8::1]:80" }, "endpoint", endpointRule],
    [
      "plain http with a loopback user name",
      { endpoint: "http://127.0.0.1@evil.example" },
      "endpoint",
      endpointRule,
    ],
    // Pulumi stores inputs in plain text: a password inside the URL would land in the state.
    [
      "endpoint with userinfo",
      { endpoint: "https://user:pw@drs.example.com" },
      "endpoint",
      /user name or password/,
    ],
    ["negative deleteTimeout", { deleteTimeout: -5 }, "deleteTimeout", durationRule],
    ["negative deleteTimeout text", { deleteTimeout: "-5m" }, "deleteTimeout", durationRule],
    ["zero deleteTimeout", { deleteTimeout: 0 }, "deleteTimeout", durationRule],
    ["zero deleteTimeout text", { deleteTimeout: "0s" }, "deleteTimeout", durationRule],
    ["unparseable deleteTimeout", { deleteTimeout: "soon" }, "deleteTimeout", durationRule],
    ["deleteTimeout in days", { deleteTimeout: "2d" }, "deleteTimeout", durationRule],
    ["empty deleteTimeout", { deleteTimeout: "" }, "deleteTimeout", durationRule],
    ["blank deleteTimeout", { deleteTimeout: "  " }, "deleteTimeout", durationRule],
    ["deleteTimeout NaN", { deleteTimeout: Number.NaN }, "deleteTimeout", durationRule],
    ["deleteTimeout Infinity", { deleteTimeout: Number.POSITIVE_INFINITY }, "deleteTimeout", durationRule],
    ["deleteTimeout over 48h", { deleteTimeout: "49h" }, "deleteTimeout", durationRule],
    ["deleteTimeout under 1s", { deleteTimeout: "500ms" }, "deleteTimeout", durationRule],
    ["deleteTimeout boolean", { deleteTimeout: true }, "deleteTimeout", durationRule],
    ["negative pollInterval", { pollInterval: "-1s" }, "pollInterval", durationRule],
    ["zero pollInterval", { pollInterval: 0 }, "pollInterval", durationRule],
    ["pollInterval under 100ms", { pollInterval: "50ms" }, "pollInterval", durationRule],
    ["pollInterval over 1h", { pollInterval: "2h" }, "pollInterval", durationRule],
    ["empty pollInterval", { pollInterval: "" }, "pollInterval", durationRule],
    ["unknown input", { delteTimeout: "5m" }, "(inputs)", /delteTimeout/],
  ];
  return rows.map(([what, change, property, reason]) => [
    `${resource}: ${what}`,
    base,
    change,
    property,
    reason,
  ]);
}

const drsBad: Bad[] = [
  ...commonBadInputs("DrsJob", drsBase),
  ...(
    [
      ["empty", ""],
      ["blank", "    "],
      ["padded", ` ${realDrsIds[0] ?? ""} `],
      ["with a trailing newline", `${realDrsIds[0] ?? ""}\n`],
      ["a path", "../../v5/0123/jobs"],
      ["with a slash", "140b5236/88ad-43c8"],
      ["percent-encoded", "140b5236%2F88ad-43c8"],
      ["with a query", `${realDrsIds[0] ?? ""}?type=x`],
      ["too short", "abc1234"],
      ["too long", "a".repeat(65)],
      ["starting with a dash", "-140b5236-88ad-43c8"],
      ["ending with a dash", "140b5236-88ad-43c8-"],
      ["with spaces inside", "140b5236 88ad 43c8"],
      ["with non-ASCII letters", "140b5236-88ad-43c8-é"],
    ] as const
  ).map(([what, jobId]): Bad => [`DrsJob: jobId ${what}`, drsBase, { jobId }, "jobId", drsIdRule]),
  ["DrsJob: jobId a number", drsBase, { jobId: 12345678 }, "jobId", /expected string/],
  ["DrsJob: unknown apiVersion", drsBase, { apiVersion: "v4" }, "apiVersion", /"v3"\|"v5"|"v3" or "v5"/],
  ["DrsJob: apiVersion in capitals", drsBase, { apiVersion: "V5" }, "apiVersion", /"v3"\|"v5"|"v3" or "v5"/],
  ["DrsJob: empty apiVersion", drsBase, { apiVersion: "" }, "apiVersion", /"v3"\|"v5"|"v3" or "v5"/],
  ["DrsJob: apiVersion a number", drsBase, { apiVersion: 5 }, "apiVersion", /"v3"\|"v5"|"v3" or "v5"/],
  [
    "DrsJob: unknown forceStop",
    drsBase,
    { forceStop: "always" },
    "forceStop",
    /"never"\|"onTimeout"\|"immediately"/,
  ],
  ["DrsJob: empty forceStop", drsBase, { forceStop: "" }, "forceStop", /"never"\|"onTimeout"\|"immediately"/],
  [
    "DrsJob: forceStop in capitals",
    drsBase,
    { forceStop: "Never" },
    "forceStop",
    /"never"\|"onTimeout"\|"immediately"/,
  ],
  [
    "DrsJob: forceStop boolean",
    drsBase,
    { forceStop: true },
    "forceStop",
    /"never"\|"onTimeout"\|"immediately"/,
  ],
  [
    "DrsJob: negative gracefulStopTimeout",
    drsBase,
    { gracefulStopTimeout: "-1m" },
    "gracefulStopTimeout",
    durationRule,
  ],
  [
    "DrsJob: zero gracefulStopTimeout",
    drsBase,
    { gracefulStopTimeout: 0 },
    "gracefulStopTimeout",
    durationRule,
  ],
  [
    "DrsJob: unparseable gracefulStopTimeout",
    drsBase,
    { gracefulStopTimeout: "1m30" },
    "gracefulStopTimeout",
    durationRule,
  ],
  [
    "DrsJob: empty gracefulStopTimeout",
    drsBase,
    { gracefulStopTimeout: "" },
    "gracefulStopTimeout",
    durationRule,
  ],
  ["DrsJob: a DLI input", drsBase, { savepoint: true }, "(inputs)", /savepoint/],
];

const dliBad: Bad[] = [
  ...commonBadInputs("DliFlinkJob adopt", dliAdopt),
  ...commonBadInputs("DliFlinkJob sql", dliSql),
  ...(
    [
      ["empty", ""],
      ["blank", "   "],
      ["not decimal", "abc"],
      ["hexadecimal", "0x1f"],
      ["in exponent form", "1e5"],
      ["with a fraction", "12.0"],
      ["negative", "-12"],
      ["with a plus sign", "+12"],
      ["zero", "0"],
      ["with leading zeros", "0012"],
      ["with a leading space", " 12"],
      ["with a trailing space", "12 "],
      ["2^63", "9223372036854775808"],
      ["far above 2^63", "99999999999999999999"],
      ["in non-ASCII digits", "١٢"],
    ] as const
  ).map(([what, jobId]): Bad => [`DliFlinkJob: jobId ${what}`, dliAdopt, { jobId }, "jobId", dliIdRule]),
  // 9007199254740993 written as a JS number is already 9007199254740992 when check sees it.
  [
    "DliFlinkJob: jobId a number that lost precision",
    dliAdopt,
    { jobId: 2 ** 53 + 2 },
    "jobId",
    /must be given as a string/,
  ],
  ["DliFlinkJob: jobId a negative number", dliAdopt, { jobId: -12 }, "jobId", dliIdRule],
  [
    "DliFlinkJob: jobId a fractional number",
    dliAdopt,
    { jobId: 1.5 },
    "jobId",
    /must be given as a string|positive decimal/,
  ],
  ["DliFlinkJob: jobId zero", dliAdopt, { jobId: 0 }, "jobId", dliIdRule],
  ["DliFlinkJob: apiVersion is not a DLI input", dliAdopt, { apiVersion: "v5" }, "(inputs)", /apiVersion/],
  ["DliFlinkJob: forceStop is not a DLI input", dliAdopt, { forceStop: "never" }, "(inputs)", /forceStop/],
  [
    "DliFlinkJob: run on an adopted job",
    dliAdopt,
    { run: true },
    "run",
    /only to a job this resource creates/,
  ],
  ["DliFlinkJob: savepoint not a boolean", dliAdopt, { savepoint: "yes" }, "savepoint", /expected boolean/],
  ["DliFlinkJob: run not a boolean", dliSql, { run: "true" }, "run", /expected boolean/],
  ["DliFlinkJob: jobId and sql together", dliSql, { jobId: "12" }, "sql", /only one of jobId, sql and jar/],
  ["DliFlinkJob: none of jobId, sql, jar", { resourceName: "r" }, {}, "jobId", /exactly one of jobId/],
  ...(
    [
      ["empty name", { name: "" }, "sql.name"],
      ["blank name", { name: "   " }, "sql.name"],
      ["empty SQL body", { sql_body: "" }, "sql.sql_body"],
      ["blank SQL body", { sql_body: " \n\t " }, "sql.sql_body"],
      ["empty queue name", { queue_name: "" }, "sql.queue_name"],
      ["blank queue name", { queue_name: "  " }, "sql.queue_name"],
      ["blank run mode", { run_mode: " " }, "sql.run_mode"],
    ] as const
  ).map(([what, change, property]): Bad => [
    `DliFlinkJob: sql ${what}`,
    dliSql,
    { sql: { ...(dliSql["sql"] as Inputs), ...change } },
    property,
    blankRule,
  ]),
  [
    "DliFlinkJob: sql name too long",
    dliSql,
    { sql: { ...(dliSql["sql"] as Inputs), name: "n".repeat(58) } },
    "sql.name",
    /57/,
  ],
  [
    "DliFlinkJob: sql unknown field",
    dliSql,
    { sql: { ...(dliSql["sql"] as Inputs), sqlBody: "x" } },
    "sql",
    /sqlBody/,
  ],
  [
    "DliFlinkJob: sql unknown job type",
    dliSql,
    { sql: { ...(dliSql["sql"] as Inputs), job_type: "spark" } },
    "sql.job_type",
    /flink_sql_job/,
  ],
  [
    "DliFlinkJob: sql negative CUs",
    dliSql,
    { sql: { ...(dliSql["sql"] as Inputs), cu_number: -2 } },
    "sql.cu_number",
    />=1/,
  ],
  ...(
    [
      ["empty name", { name: "" }, "jar.name"],
      ["blank name", { name: "  " }, "jar.name"],
      ["blank entrypoint", { entrypoint: " " }, "jar.entrypoint"],
      ["empty main class", { main_class: "" }, "jar.main_class"],
      ["blank queue name", { queue_name: "\t" }, "jar.queue_name"],
      ["blank job type", { job_type: "  " }, "jar.job_type"],
    ] as const
  ).map(([what, change, property]): Bad => [
    `DliFlinkJob: jar ${what}`,
    dliJar,
    { jar: { ...(dliJar["jar"] as Inputs), ...change } },
    property,
    blankRule,
  ]),
];

/** Good values for each rule: each must pass, so the rules do not refuse real inputs. */
const good: [what: string, resource: keyof typeof checks, inputs: Inputs][] = [
  ...realDrsIds.map((jobId): [string, "DrsJob", Inputs] => [
    `DRS id ${jobId}`,
    "DrsJob",
    { ...drsBase, jobId },
  ]),
  ["a v4 UUID as a DRS id", "DrsJob", { ...drsBase, jobId: "0f8fad5b-d9cb-469f-a165-70867728950e" }],
  ["DRS ids of 8 and 64 characters", "DrsJob", { ...drsBase, jobId: "A1b2C3d4" }],
  ["a 64-character DRS id", "DrsJob", { ...drsBase, jobId: `a${"-1".repeat(31)}b` }],
  ["apiVersion v3", "DrsJob", { ...drsBase, apiVersion: "v3" }],
  ["apiVersion v5", "DrsJob", { ...drsBase, apiVersion: "v5" }],
  ...(["never", "onTimeout", "immediately"] as const).map((forceStop): [string, "DrsJob", Inputs] => [
    `forceStop ${forceStop}`,
    "DrsJob",
    { ...drsBase, forceStop, gracefulStopTimeout: "3s" },
  ]),
  ...(
    [
      ["DrsJob", drsBase],
      ["DliFlinkJob", dliAdopt],
      ["DliFlinkJob", dliSql],
    ] as const
  ).flatMap(([resource, base]): [string, keyof typeof checks, Inputs][] => [
    ...["ap-southeast-1", "eu-de", "eu-west-101", "cn-north-4", "la-south-2"].map(
      (region): [string, keyof typeof checks, Inputs] => [
        `${resource} region ${region}`,
        resource,
        { ...base, region },
      ],
    ),
    [`${resource} project id`, resource, { ...base, projectId: "0123456789abcdef0123456789abcdef" }],
    ...[
      "https://drs.ap-southeast-1.myhuaweicloud.com",
      "https://drs.example.internal:8443",
      "http://127.0.0.1:8089",
      "http://127.12.34.56",
      "http://localhost:9000",
      "http://[::1]:8080",
    ].map((endpoint): [string, keyof typeof checks, Inputs] => [
      `${resource} endpoint ${endpoint}`,
      resource,
      { ...base, endpoint },
    ]),
    ...["45m", "90s", "2h", "1.5h", "48h", "1s", 90, "500000ms"].map(
      (deleteTimeout): [string, keyof typeof checks, Inputs] => [
        `${resource} deleteTimeout ${String(deleteTimeout)}`,
        resource,
        { ...base, deleteTimeout },
      ],
    ),
    ...["100ms", "250ms", "10s", "1h", 0.5].map((pollInterval): [string, keyof typeof checks, Inputs] => [
      `${resource} pollInterval ${String(pollInterval)}`,
      resource,
      { ...base, pollInterval },
    ]),
  ]),
  ...["1", "12", "9007199254740993", "9223372036854775807"].map((jobId): [string, "DliFlinkJob", Inputs] => [
    `DLI id ${jobId}`,
    "DliFlinkJob",
    { ...dliAdopt, jobId },
  ]),
  ["DLI id as an exact number", "DliFlinkJob", { ...dliAdopt, jobId: 12 }],
  ["a SQL job with every text field set", "DliFlinkJob", { ...dliSql, run: true, savepoint: true }],
  [
    "a SQL job with an empty description",
    "DliFlinkJob",
    { ...dliSql, sql: { ...(dliSql["sql"] as Inputs), desc: "" } },
  ],
  [
    "a 57-character job name",
    "DliFlinkJob",
    { ...dliSql, sql: { ...(dliSql["sql"] as Inputs), name: "n".repeat(57) } },
  ],
  ["a Jar job", "DliFlinkJob", { ...dliJar, run: false }],
];

describe("check refuses bad inputs with the property path and what is allowed", () => {
  it.each([
    ...drsBad.map((row) => ["DrsJob", ...row] as const),
    ...dliBad.map((row) => ["DliFlinkJob", ...row] as const),
  ])("%s %s", async (resource, _what, base, change, property, reason) => {
    const result = await checks[resource]({ ...base, ...change });
    expect(result.inputs).toBeUndefined();
    const failure = result.failures?.find((f) => f.property === property);
    // The whole list is shown when the expected property is missing, to make a failure readable.
    expect({ property: failure?.property, all: result.failures }).toMatchObject({ property });
    expect(failure?.reason).toMatch(reason);
  });

  it.each(good)("accepts %s", async (_what, resource, inputs) => {
    const result = await checks[resource](inputs);
    expect(result).toEqual({ inputs });
  });

  it("refuses what it refuses before any connection is made: check needs no credentials or network", async () => {
    // No emulator, no credentials in the environment of this unit test: check still answers.
    const result = await checks.DrsJob({ ...drsBase, endpoint: "http://drs.example.com" });
    expect(result.failures?.map((f) => f.property)).toEqual(["endpoint"]);
  });
});
