import { drsJobProvider } from "../../provider/resources/drsJobProvider";
import { unknownSentinel } from "../../provider/resources/drsJobSchemas";
import { readDrsJobOutputs } from "../../provider/resources/readDrsJobOutputs";

/** Outputs as release 0.1 wrote them. */
const outsV1 = {
  schemaVersion: 1,
  resourceName: "orders",
  jobId: "c7debc9c-8e09-4a5d-8dd6-cc44f78jb20r",
  apiVersion: "v5",
  projectId: "054ba152d480d55b2f5dc0069e7ddef0",
  deleteTimeoutMs: 1_800_000,
  pollIntervalMs: 10_000,
  name: "DRS-1234",
  status: "INCRE_TRANSFER_STARTED",
  engineType: "mysql",
};

const outs = {
  ...outsV1,
  schemaVersion: 2,
  apiVersion: "v5",
  deleteApi: "v5-delete-many",
  forceStop: "onTimeout",
  gracefulStopTimeoutMs: 600_000,
  jobType: "sync",
  region: "ap-southeast-1",
  endpoint: "https://drs.ap-southeast-1.myhuaweicloud.com",
};

describe("DrsJob check", () => {
  it("reports each bad input with its property path", async () => {
    const result = await drsJobProvider.check(
      {},
      { resourceName: "r", jobId: "", deleteTimeout: "-5m", pollInterval: "soon", endpoint: "ftp://x" },
    );
    expect(result.failures?.map((f) => f.property).sort()).toEqual([
      "deleteTimeout",
      "endpoint",
      "jobId",
      "pollInterval",
    ]);
  });

  it("rejects properties it does not know, so typos do not pass silently", async () => {
    const result = await drsJobProvider.check(
      {},
      { resourceName: "r", jobId: outs.jobId, delteTimeout: "5m" },
    );
    expect(result.failures?.[0]?.reason).toMatch(/delteTimeout/);
  });

  it("defers judgement on inputs not known yet during preview", async () => {
    const result = await drsJobProvider.check({}, { resourceName: "r", jobId: unknownSentinel });
    expect(result.failures).toBeUndefined();
  });

  it("accepts good inputs, including the serialized provider the host adds", async () => {
    const news = {
      resourceName: "r",
      jobId: outs.jobId,
      deleteTimeout: 90,
      __provider: "exports.handler=...",
    };
    expect(await drsJobProvider.check({}, news)).toEqual({ inputs: news });
  });
});

describe("DrsJob diff", () => {
  it("never replaces (which would delete the adopted job) when the API family is pinned to another one: update checks it", async () => {
    const diff = await drsJobProvider.diff(outs.jobId, outs, {
      resourceName: "orders",
      jobId: outs.jobId,
      apiVersion: "v3",
    });
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  it.each([
    ["region", { region: "ap-southeast-1" }],
    ["apiVersion", { apiVersion: "v5" }],
    ["projectId", { projectId: "054ba152d480d55b2f5dc0069e7ddef0" }],
    ["endpoint", { endpoint: "https://drs.ap-southeast-1.myhuaweicloud.com/" }],
    ["all of them", { region: "ap-southeast-1", apiVersion: "v5", endpoint: outs.endpoint }],
  ])("sees no change when %s is pinned to the value in force", async (_what, pinned) => {
    const diff = await drsJobProvider.diff(outs.jobId, outs, {
      resourceName: "orders",
      jobId: outs.jobId,
      ...pinned,
    });
    expect(diff).toMatchObject({ changes: false, replaces: [] });
  });

  it.each([
    ["region", { region: "eu-west-101" }],
    ["projectId", { projectId: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }],
    ["endpoint", { endpoint: "https://drs-private.example.com" }],
  ])("updates in place (never replaces) when %s names another place", async (_what, pinned) => {
    const diff = await drsJobProvider.diff(outs.jobId, outs, {
      resourceName: "orders",
      jobId: outs.jobId,
      ...pinned,
    });
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  it("updates in place when only the force-stop policy changes", async () => {
    const diff = await drsJobProvider.diff(outs.jobId, outs, {
      resourceName: "orders",
      jobId: outs.jobId,
      forceStop: "never",
    });
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  it("replaces the resource when the job id changes, and says that the old job will be stopped and deleted", async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const diff = await drsJobProvider.diff(outs.jobId, outs, {
        resourceName: "orders",
        jobId: "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r",
      });
      expect(diff).toMatchObject({ changes: true, replaces: ["jobId"] });
    } finally {
      spy.mockRestore();
    }
    expect(written.join("")).toMatch(
      new RegExp(`\\[DrsJob orders ${outs.jobId}\\].*job ${outs.jobId} will be STOPPED AND DELETED`),
    );
  });

  it("updates in place when only teardown settings change", async () => {
    const diff = await drsJobProvider.diff(outs.jobId, outs, {
      resourceName: "orders",
      jobId: outs.jobId,
      deleteTimeout: "45m",
    });
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  it("sees no change when the settings are equal to the stored defaults", async () => {
    const diff = await drsJobProvider.diff(outs.jobId, outs, { resourceName: "orders", jobId: outs.jobId });
    expect(diff).toMatchObject({ changes: false, replaces: [] });
  });
});

describe("stored outputs", () => {
  it("reads version 2 as stored", () => expect(readDrsJobOutputs(outs)).toEqual(outs));

  it("reads version 1 with the behaviour it was adopted with: v5 delete-many, never a forced stop", () =>
    expect(readDrsJobOutputs(outsV1)).toMatchObject({
      schemaVersion: 2,
      jobId: outsV1.jobId,
      apiVersion: "v5",
      deleteApi: "v5-delete-many",
      forceStop: "never",
    }));

  it("shows the move from a version 1 default to today's default as an in-place update", async () => {
    const diff = await drsJobProvider.diff(outsV1.jobId, outsV1, {
      resourceName: "orders",
      jobId: outsV1.jobId,
    });
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  it("refuses a shape from a future release with advice to upgrade", () =>
    expect(() => readDrsJobOutputs({ ...outs, schemaVersion: 99 })).toThrow(/upgrade the package/));
});
