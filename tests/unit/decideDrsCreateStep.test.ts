/**
 * The create sequence of a DRS job as one pure decision: from what is known, the next step. Walks
 * the whole console sequence and each way it ends.
 */
import { decideDrsCreateStep, type DrsCreateProgress } from "../../provider/drs/decideDrsCreateStep";

const start: DrsCreateProgress = { objectsSelected: false, started: false, delayedStart: false };
const configured: DrsCreateProgress = { ...start, status: "CONFIGURATION" };
const passed = { state: "passed" } as const;
const ready: DrsCreateProgress = {
  ...configured,
  source: passed,
  target: passed,
  objectsSelected: true,
  precheck: passed,
};

describe("decideDrsCreateStep", () => {
  it("walks the console sequence in order", () => {
    expect(decideDrsCreateStep(start)).toEqual({ kind: "readStatus" });
    expect(decideDrsCreateStep({ ...start, status: "CREATING" })).toEqual({ kind: "readStatus" });
    expect(decideDrsCreateStep(configured)).toEqual({ kind: "testConnection", role: "source" });
    expect(decideDrsCreateStep({ ...configured, source: { state: "pending", queryId: "q1" } })).toEqual({
      kind: "readConnection",
      role: "source",
      queryId: "q1",
    });
    expect(decideDrsCreateStep({ ...configured, source: passed })).toEqual({
      kind: "testConnection",
      role: "target",
    });
    expect(decideDrsCreateStep({ ...configured, source: passed, target: passed })).toEqual({
      kind: "selectObjects",
    });
    expect(
      decideDrsCreateStep({ ...configured, source: passed, target: passed, objectsSelected: true }),
    ).toEqual({
      kind: "precheck",
    });
    expect(decideDrsCreateStep({ ...ready, precheck: { state: "pending", queryId: "p1" } })).toEqual({
      kind: "readPrecheck",
      queryId: "p1",
    });
    expect(decideDrsCreateStep({ ...ready, speedLimitPending: true })).toEqual({ kind: "limitSpeed" });
    expect(decideDrsCreateStep(ready)).toEqual({ kind: "start" });
    // Right after the start the job may still read CONFIGURATION: wait, never start twice.
    expect(decideDrsCreateStep({ ...ready, started: true })).toEqual({ kind: "readStatus" });
    expect(decideDrsCreateStep({ ...ready, started: true, status: "STARTJOBING" })).toEqual({
      kind: "readStatus",
    });
    expect(decideDrsCreateStep({ ...ready, started: true, status: "FULL_TRANSFER_STARTED" })).toEqual({
      kind: "done",
      status: "FULL_TRANSFER_STARTED",
    });
    expect(decideDrsCreateStep({ ...ready, started: true, status: "INCRE_TRANSFER_STARTED" })).toEqual({
      kind: "done",
      status: "INCRE_TRANSFER_STARTED",
    });
  });

  it("ends at WAITING_FOR_START only when a start time was asked for", () => {
    const waiting = { ...ready, started: true, status: "WAITING_FOR_START" };
    expect(decideDrsCreateStep({ ...waiting, delayedStart: true })).toEqual({
      kind: "done",
      status: "WAITING_FOR_START",
    });
    expect(decideDrsCreateStep(waiting)).toEqual({ kind: "readStatus" });
  });

  it("fails with the vendor's reasons when a connection test or the precheck fails", () => {
    const refused = { state: "failed", reasons: ["DRS.10020003: Connection refused"] } as const;
    expect(decideDrsCreateStep({ ...configured, source: passed, target: refused })).toEqual({
      kind: "fail",
      message: "the connection test of the target database failed",
      reasons: ["DRS.10020003: Connection refused"],
    });
    const precheck = { state: "failed", reasons: ["dbConnectionCheck: no privilege"] } as const;
    expect(decideDrsCreateStep({ ...ready, precheck })).toEqual({
      kind: "fail",
      message: "the precheck failed",
      reasons: ["dbConnectionCheck: no privilege"],
    });
  });

  it.each(["CREATE_FAILED", "START_JOB_FAILED", "FULL_TRANSFER_FAILED", "RELEASE_RESOURCE_COMPLETE"])(
    "fails on status %s",
    (status) => {
      expect(decideDrsCreateStep({ ...ready, started: true, status })).toMatchObject({ kind: "fail" });
    },
  );

  it("resumes a job found already started without starting it again", () => {
    expect(decideDrsCreateStep({ ...start, status: "STARTJOBING" })).toEqual({ kind: "readStatus" });
    expect(decideDrsCreateStep({ ...start, status: "INCRE_TRANSFER_STARTED" })).toMatchObject({
      kind: "done",
    });
  });

  it("waits on an unknown status instead of acting", () => {
    expect(decideDrsCreateStep({ ...start, status: "SOMETHING_NEW" })).toEqual({ kind: "readStatus" });
  });
});
