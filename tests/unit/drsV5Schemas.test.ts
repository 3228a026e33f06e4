import { readFileSync } from "node:fs";
import * as path from "node:path";
import { isBatchSuccess, isDrsNotFound } from "../../provider/drs/drsV5Api";
import {
  drsErrorAnswer,
  drsV5BatchAnswer,
  drsV5BatchDeleteRequest,
  drsV5BatchStopRequest,
  drsV5DetailAnswer,
} from "../../provider/drs/drsV5Schemas";

// Compiled tests run from dist/tests/unit; the fixtures stay in the source tree.
const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(path.join(__dirname, "..", "..", "..", "tests", "fixtures", "seeds", name), "utf8"),
  ) as unknown;

describe("DRS v5 schemas against the vendor's examples", () => {
  it("parses the batch delete example answer, one entry per job with its own result", () => {
    const answer = drsV5BatchAnswer.parse(fixture("v5-batch-delete-answer.json"));
    expect(answer.jobs.map((j) => [j.id, isBatchSuccess(j)])).toEqual([
      ["c7debc9c-8e09-4a5d-8dd6-cc44f78jb20r", true],
      ["dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r", false],
    ]);
    const failed = answer.jobs[1];
    expect(isDrsNotFound(failed?.error_code, failed?.error_msg)).toBe(true);
  });

  it("parses the batch stop example answer and reads DRS.10020102 with 'does not exist' as not found", () => {
    const answer = drsV5BatchAnswer.parse(fixture("v5-batch-stop-answer.json"));
    const failed = answer.jobs.find((j) => !isBatchSuccess(j));
    expect(failed?.error_code).toBe("DRS.10020102");
    expect(isDrsNotFound(failed?.error_code, failed?.error_msg)).toBe(true);
    expect(isDrsNotFound("DRS.10020102", "something else")).toBe(false);
  });

  it("accepts the example requests", () => {
    expect(drsV5BatchStopRequest.parse(fixture("v5-batch-stop-request.json")).jobs).toHaveLength(3);
    expect(drsV5BatchDeleteRequest.parse(fixture("v5-batch-delete-request.json")).jobs).toHaveLength(2);
  });

  it("parses the example error bodies", () => {
    expect(drsErrorAnswer.parse(fixture("v5-error-not-found.json")).error_code).toBe("DRS.10000010");
    expect(drsErrorAnswer.parse(fixture("v5-error-failed.json")).error_code).toBe("DRS.10000001");
  });

  it("rejects a detail answer without a status, naming the field", () => {
    const result = drsV5DetailAnswer.safeParse({ job: { id: "abc" } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["job", "status"]);
  });

  it("rejects a batch answer whose entries have no id", () => {
    expect(drsV5BatchAnswer.safeParse({ jobs: [{ status: "Success" }] }).success).toBe(false);
  });
});
