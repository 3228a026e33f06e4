import { dliFlinkJobProvider } from "../../provider/resources/dliFlinkJobProvider";
import { movedPlaceFields, placeAfterMove } from "../../provider/resources/jobPlace";

const stored = {
  region: "ap-southeast-1",
  projectId: "054ba152d480d55b2f5dc0069e7ddef0",
  endpoint: "https://dli.ap-southeast-1.myhuaweicloud.com",
};

describe("movedPlaceFields", () => {
  it("sees nothing moved when fields are unset or pinned to the values in force", () => {
    expect(movedPlaceFields({}, stored)).toEqual([]);
    expect(movedPlaceFields({ ...stored, endpoint: `${stored.endpoint}/` }, stored)).toEqual([]);
    expect(movedPlaceFields({ region: stored.region }, stored)).toEqual([]);
  });

  it("names each field pinned to another value", () => {
    expect(
      movedPlaceFields({ region: "eu-west-101", endpoint: "https://dli.example.com:8443" }, stored),
    ).toEqual(["region", "endpoint"]);
  });

  it("treats a pinned endpoint as a move when older outputs never recorded one, so it is checked first", () => {
    expect(movedPlaceFields({ endpoint: stored.endpoint }, { projectId: stored.projectId })).toEqual([
      "endpoint",
    ]);
  });
});

describe("placeAfterMove", () => {
  it("keeps the stored project and endpoint when only the endpoint moves", () => {
    expect(placeAfterMove({ endpoint: "https://dli.example.com" }, stored)).toEqual({
      ...stored,
      endpoint: "https://dli.example.com",
    });
  });

  it("resolves the project and endpoint of a new region again unless they are pinned too", () => {
    expect(placeAfterMove({ region: "eu-west-101" }, stored)).toEqual({
      region: "eu-west-101",
      projectId: undefined,
      endpoint: undefined,
    });
    expect(placeAfterMove({ region: "eu-west-101", projectId: "p2" }, stored)).toMatchObject({
      projectId: "p2",
    });
  });
});

describe("DliFlinkJob diff", () => {
  const outs = {
    schemaVersion: 1,
    resourceName: "flink",
    jobId: "9007199254740993",
    origin: "adopted",
    run: false,
    ...stored,
    deleteTimeoutMs: 1_800_000,
    pollIntervalMs: 10_000,
    savepoint: false,
    name: "clickstream",
    status: "job_running",
  };
  const diff = (news: Record<string, unknown>) =>
    dliFlinkJobProvider.diff(outs.jobId, outs, { resourceName: "flink", jobId: outs.jobId, ...news });

  it("sees no change when region, project and endpoint are pinned to the values in force", async () =>
    expect(await diff({ ...stored, endpoint: `${stored.endpoint}/` })).toMatchObject({
      changes: false,
      replaces: [],
    }));

  it("updates in place (never replaces the adopted job) when the endpoint names another place", async () =>
    expect(await diff({ endpoint: "https://dli.example.com" })).toMatchObject({
      changes: true,
      replaces: [],
    }));

  it("replaces when another job id is adopted, and says the old job will be stopped and deleted", async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await diff({ jobId: "42" })).toMatchObject({ changes: true, replaces: ["jobId"] });
    } finally {
      spy.mockRestore();
    }
    expect(written.join("")).toMatch(/job 9007199254740993 will be STOPPED AND DELETED/);
  });

  it("removes a created job before its replacement when the replacement takes the same name (DLI names are unique)", async () => {
    const created = { ...outs, origin: "sql", specHash: "old", name: "clickstream" };
    const spy = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const same = await dliFlinkJobProvider.diff(outs.jobId, created, {
        resourceName: "flink",
        sql: { name: "clickstream", sql_body: "INSERT INTO b SELECT * FROM a" },
      });
      expect(same).toMatchObject({ replaces: ["sql"], deleteBeforeReplace: true });
      const renamed = await dliFlinkJobProvider.diff(outs.jobId, created, {
        resourceName: "flink",
        sql: { name: "clickstream-v2", sql_body: "INSERT INTO b SELECT * FROM a" },
      });
      expect(renamed).toMatchObject({ replaces: ["sql"], deleteBeforeReplace: false });
    } finally {
      spy.mockRestore();
    }
  });
});
