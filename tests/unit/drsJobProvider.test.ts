import { drsJobProvider, readDrsJobOutputs } from "../../provider/resources/drsJobProvider";
import { unknownSentinel } from "../../provider/resources/drsJobSchemas";

const outs = {
  schemaVersion: 1,
  resourceName: "orders",
  jobId: "c7debc9c-8e09-4a5d-8dd6-cc44f78jb20r",
  apiVersion: "v5",
  projectId: "054ba152d480d55b2f5dc0069e7ddef0",
  deleteTimeoutMs: 1_800_000,
  pollIntervalMs: 10_000,
  name: "DRS-1234",
  status: "INCRE_TRANSFER_STARTED",
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
  it("replaces the resource when the job id changes", async () => {
    const diff = await drsJobProvider.diff(outs.jobId, outs, {
      resourceName: "orders",
      jobId: "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r",
    });
    expect(diff).toMatchObject({ changes: true, replaces: ["jobId"] });
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
  it("reads version 1", () => expect(readDrsJobOutputs(outs).jobId).toBe(outs.jobId));

  it("refuses a shape from a future release with advice to upgrade", () =>
    expect(() => readDrsJobOutputs({ ...outs, schemaVersion: 99 })).toThrow(/upgrade the package/));
});
