import { readFileSync } from "node:fs";
import * as path from "node:path";
import { isBatchSuccess, isDrsNotFound } from "../../provider/drs/drsErrors";
import {
  drsV3BatchJobsAnswer,
  drsV3BatchJobsRequest,
  drsV3BatchStatusAnswer,
  drsV3ListAnswer,
} from "../../provider/drs/drsV3Schemas";
import { drsV5ActionsAnswer, drsV5DeleteOneAnswer, drsV5ListAnswer } from "../../provider/drs/drsV5Schemas";
import {
  dliBatchAnswer,
  dliCreateJobAnswer,
  dliDeleteJobsRequest,
  dliErrorAnswer,
  dliJobDetailAnswer,
  dliJobListAnswer,
  dliSqlJobRequest,
} from "../../provider/dli/dliSchemas";
import { parseJson } from "../../provider/http/losslessJson";

// Compiled tests run from dist/tests/unit; the fixtures stay in the source tree.
const fixture = (name: string): unknown =>
  parseJson(readFileSync(path.join(__dirname, "..", "..", "..", "tests", "fixtures", "seeds", name), "utf8"));

const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } }): string[] =>
  (result.error?.issues ?? []).map((i) => i.path.join("."));

describe("DRS v3 stop-or-delete schemas against the vendor's examples", () => {
  it.each([
    ["v3-batch-jobs-terminate-request.json", ["terminate", "terminate"]],
    ["v3-batch-jobs-delete-request.json", ["delete"]],
    ["v3-batch-jobs-breakpoint-request.json", ["terminate"]],
  ])("accepts the example request %s", (name, types) => {
    expect(drsV3BatchJobsRequest.parse(fixture(name)).jobs.map((j) => j.delete_type)).toEqual(types);
  });

  it("parses the stop example answer: one success, one busy failure with error_msg", () => {
    const answer = drsV3BatchJobsAnswer.parse(fixture("v3-batch-jobs-terminate-answer.json"));
    expect(answer.count).toBe(2);
    expect(answer.results.map((r) => [r.id, isBatchSuccess(r), r.error_code])).toEqual([
      ["4c6ac8c0-2f51-426a-97b2-cb2c668jb201", true, undefined],
      ["6211d20d-0006-41da-836e-db3301ajb20b", false, "DRS.M01504"],
    ]);
    expect(answer.results[1]?.error_msg).toMatch(/Try again later/);
  });

  it("parses the delete example answer", () => {
    const answer = drsV3BatchJobsAnswer.parse(fixture("v3-batch-jobs-delete-answer.json"));
    expect(answer.results.every(isBatchSuccess)).toBe(true);
  });

  it("rejects a stop-or-delete request with an unknown delete_type, naming the field", () => {
    const result = drsV3BatchJobsRequest.safeParse({ jobs: [{ delete_type: "pause", job_id: "x" }] });
    expect(issuePaths(result)).toEqual(["jobs.0.delete_type"]);
  });

  it("rejects a stop-or-delete answer whose entry has no status, naming the field", () => {
    const result = drsV3BatchJobsAnswer.safeParse({ count: 1, results: [{ id: "x" }] });
    expect(issuePaths(result)).toEqual(["results.0.status"]);
  });

  it("rejects a status answer without results, and one with a numeric id, naming the field", () => {
    expect(issuePaths(drsV3BatchStatusAnswer.safeParse({ count: 0 }))).toEqual(["results"]);
    expect(issuePaths(drsV3BatchStatusAnswer.safeParse({ results: [{ id: 5, status: "PAUSING" }] }))).toEqual(
      ["results.0.id"],
    );
  });

  it("rejects a list answer without total_record", () => {
    expect(issuePaths(drsV3ListAnswer.safeParse({ jobs: [] }))).toEqual(["total_record"]);
  });
});

describe("DRS v5 delete-one, actions and list schemas", () => {
  it("accepts the delete-one example answer {} (and an empty body)", () => {
    expect(drsV5DeleteOneAnswer.parse(fixture("v5-delete-one-answer.json"))).toEqual({});
    expect(drsV5DeleteOneAnswer.parse(undefined)).toBeUndefined();
  });

  it("the delete-one example error is a not-found", () => {
    expect(isDrsNotFound("DRS.10000010", "Job does not exist, please check job ID.")).toBe(true);
  });

  it("rejects an actions answer whose available_actions is not a list of names", () => {
    expect(issuePaths(drsV5ActionsAnswer.safeParse({ job_action: { available_actions: "DELETE" } }))).toEqual(
      ["job_action.available_actions"],
    );
  });

  it("rejects a list answer whose job has no id", () => {
    expect(issuePaths(drsV5ListAnswer.safeParse({ total_count: 1, jobs: [{ name: "x" }] }))).toEqual([
      "jobs.0.id",
    ]);
  });
});

describe("DLI schemas against the vendor's examples", () => {
  it("accepts the batch delete example request, with ids normalized to decimal strings", () => {
    expect(dliDeleteJobsRequest.parse(fixture("dli-batch-delete-request.json"))).toEqual({
      job_ids: ["12", "232"],
    });
  });

  it("parses the batch delete example answer, reading is_success 'true' as true", () => {
    expect(dliBatchAnswer.parse(fixture("dli-batch-delete-answer.json"))).toEqual([
      { is_success: true, message: "The job is deleted successfully." },
    ]);
  });

  it("reads is_success from a boolean or from the strings 'true'/'false', and nothing else", () => {
    expect(
      dliBatchAnswer.parse([{ is_success: false }, { is_success: "false" }, { is_success: true }]),
    ).toEqual([{ is_success: false }, { is_success: false }, { is_success: true }]);
    expect(issuePaths(dliBatchAnswer.safeParse([{ is_success: "TRUE" }]))).toEqual(["0.is_success"]);
    expect(issuePaths(dliBatchAnswer.safeParse([{ message: "x" }]))).toEqual(["0.is_success"]);
  });

  it("keeps a job id beyond 2^53 exact from answer text to decimal string", () => {
    const text = '{"is_success":true,"job_detail":{"job_id":9223372036854775807,"status":"job_running"}}';
    expect(dliJobDetailAnswer.parse(parseJson(text)).job_detail?.job_id).toBe("9223372036854775807");
  });

  it("refuses job ids that are unsafe numbers, beyond 2^63 - 1, or not decimal, naming the field", () => {
    const detail = (job_id: unknown) =>
      issuePaths(dliJobDetailAnswer.safeParse({ job_detail: { job_id, status: "s" } }));
    expect(detail(2 ** 60)).toEqual(["job_detail.job_id"]);
    expect(detail("9223372036854775808")).toEqual(["job_detail.job_id"]);
    expect(detail("abc")).toEqual(["job_detail.job_id"]);
    expect(detail(-3)).toEqual(["job_detail.job_id"]);
  });

  it("rejects a list answer whose total_count is missing, naming the field", () => {
    expect(issuePaths(dliJobListAnswer.safeParse({ is_success: true, job_list: { jobs: [] } }))).toEqual([
      "job_list.total_count",
    ]);
  });

  it("parses a create answer and an error body", () => {
    expect(
      dliCreateJobAnswer.parse({ is_success: "true", job: { job_id: 148, status_name: "job_init" } }).job
        ?.job_id,
    ).toBe("148");
    expect(dliErrorAnswer.parse({ error_code: "DLI.16001", error_msg: "no such job" }).error_code).toBe(
      "DLI.16001",
    );
  });

  it("rejects a SQL job name over 57 characters, naming the field", () => {
    expect(issuePaths(dliSqlJobRequest.safeParse({ name: "x".repeat(58), sql_body: "select 1" }))).toEqual([
      "name",
    ]);
    expect(dliSqlJobRequest.safeParse({ name: "x".repeat(57), sql_body: "select 1" }).success).toBe(true);
  });
});
