import { classifyDrsStatus, knownDrsStatuses } from "../../provider/drs/classifyDrsStatus";

describe("classifyDrsStatus", () => {
  it.each(["CREATE_FAILED", "RELEASE_RESOURCE_COMPLETE", "RELEASE_CHILD_TRANSFER_COMPLETE"])(
    "treats %s as deletable",
    (status) => expect(classifyDrsStatus(status)).toBe("deletable"),
  );

  it.each(["RELEASE_RESOURCE_STARTED", "RELEASE_CHILD_TRANSFER_STARTED"])("treats %s as stopping", (status) =>
    expect(classifyDrsStatus(status)).toBe("stopping"),
  );

  it.each([
    "CREATING",
    "INCRE_TRANSFER_STARTED",
    "FULL_TRANSFER_STARTED",
    "CONFIGURATION",
    "PAUSING",
    "INCRE_TRANSFER_FAILED",
    "START_JOB_FAILED",
  ])("requires a stop before deleting a job in %s (running, idle, paused or failed)", (status) =>
    expect(classifyDrsStatus(status)).toBe("needsStop"),
  );

  it("treats RELEASE_RESOURCE_FAILED as a failed stop", () =>
    expect(classifyDrsStatus("RELEASE_RESOURCE_FAILED")).toBe("stopFailed"));

  it("treats DELETED as gone", () => expect(classifyDrsStatus("DELETED")).toBe("gone"));

  it.each(["SOMETHING_NEW", "", "deleted", "constructor", "__proto__"])(
    "never guesses about an unknown status %j",
    (status) => expect(classifyDrsStatus(status)).toBe("unknown"),
  );

  it("knows every documented status exactly once", () => {
    expect(new Set(knownDrsStatuses).size).toBe(knownDrsStatuses.length);
    expect(knownDrsStatuses).toHaveLength(29);
  });
});
