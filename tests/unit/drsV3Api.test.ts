import {
  batchGetDrsV3JobDetail,
  batchGetDrsV3JobStatus,
  batchStopOrDeleteDrsV3Jobs,
  listAllDrsV3Jobs,
  listDrsV3Jobs,
} from "../../provider/drs/drsV3Api";
import { isBatchSuccess, isDrsNotFound } from "../../provider/drs/drsErrors";
import { InvalidRequestError } from "../../provider/http/validateRequest";
import { UnexpectedAnswerError } from "../../provider/http/HuaweiApiError";
import { bodyOf, startRecordingServer, testProjectId, type Responder } from "../helpers/recordingServer";

const ids = (n: number, prefix = "job"): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

interface QueryBody {
  jobs: string[];
  page_req: { cur_page: number; per_page: number };
}

/** A batch-status service that pages honestly, but never serves more than `cap` per page. */
const pagingStatusService =
  (cap: number): Responder =>
  (req) => {
    const body = JSON.parse(req.body) as QueryBody;
    const size = Math.min(cap, body.page_req.per_page);
    const start = (body.page_req.cur_page - 1) * size;
    return {
      json: {
        count: body.jobs.length,
        results: body.jobs.slice(start, start + size).map((id) => ({ id, status: "INCRE_TRANSFER_STARTED" })),
      },
    };
  };

describe("DRS v3 batch-status", () => {
  it("always sends page_req and posts to /v3/{project_id}/jobs/batch-status", async () => {
    const server = await startRecordingServer(pagingStatusService(100));
    try {
      const result = await batchGetDrsV3JobStatus(server.conn, ["a", "b"]);
      expect([...result.keys()]).toEqual(["a", "b"]);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]?.method).toBe("POST");
      expect(server.requests[0]?.path).toBe(`/v3/${testProjectId}/jobs/batch-status`);
      expect(bodyOf(server.requests[0])).toEqual({
        jobs: ["a", "b"],
        page_req: { cur_page: 1, per_page: 2 },
      });
    } finally {
      await server.close();
    }
  });

  it("follows further pages while count says more results exist", async () => {
    const server = await startRecordingServer(pagingStatusService(2));
    try {
      const result = await batchGetDrsV3JobStatus(server.conn, ids(5));
      expect([...result.keys()].sort()).toEqual(ids(5).sort());
      expect(server.requests.map((r) => (bodyOf(r) as QueryBody).page_req)).toEqual([
        { cur_page: 1, per_page: 5 },
        { cur_page: 2, per_page: 5 },
        { cur_page: 3, per_page: 5 },
      ]);
    } finally {
      await server.close();
    }
  });

  it("splits more than 100 ids into calls of at most 100, each with its own paging", async () => {
    const server = await startRecordingServer(pagingStatusService(100));
    try {
      const result = await batchGetDrsV3JobStatus(server.conn, ids(250));
      expect(result.size).toBe(250);
      expect(server.requests.map((r) => (bodyOf(r) as QueryBody).jobs.length)).toEqual([100, 100, 50]);
      for (const r of server.requests) {
        const body = bodyOf(r) as QueryBody;
        expect(body.page_req).toEqual({ cur_page: 1, per_page: body.jobs.length });
      }
    } finally {
      await server.close();
    }
  });

  it("matches entries by id when they come back out of order, with their errors", async () => {
    const server = await startRecordingServer(() => ({
      json: {
        count: 3,
        results: [
          { id: "c", status: "RELEASE_RESOURCE_COMPLETE" },
          { id: "a", status: "", error_code: "DRS.M05004", error_message: "The job does not exist." },
          { id: "b", status: "PAUSING" },
        ],
      },
    }));
    try {
      const result = await batchGetDrsV3JobStatus(server.conn, ["a", "b", "c"]);
      expect(result.get("b")?.status).toBe("PAUSING");
      expect(result.get("c")?.status).toBe("RELEASE_RESOURCE_COMPLETE");
      expect(isDrsNotFound(result.get("a")?.error_code, result.get("a")?.error_message)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("leaves ids the answer does not mention out of the map, and ignores ids nobody asked about", async () => {
    const server = await startRecordingServer(() => ({
      json: {
        count: 2,
        results: [
          { id: "a", status: "PAUSING" },
          { id: "someone-else", status: "RELEASE_RESOURCE_COMPLETE" },
        ],
      },
    }));
    try {
      const result = await batchGetDrsV3JobStatus(server.conn, ["a", "b"]);
      expect([...result.keys()]).toEqual(["a"]);
    } finally {
      await server.close();
    }
  });

  it("stops paging when a page brings nothing new, even if count promises more", async () => {
    const server = await startRecordingServer(() => ({
      json: { count: 10, results: [{ id: "a", status: "PAUSING" }] },
    }));
    try {
      const result = await batchGetDrsV3JobStatus(server.conn, ["a", "b"]);
      expect([...result.keys()]).toEqual(["a"]);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("finds the missing job by halving when the whole batch is refused as not found", async () => {
    const server = await startRecordingServer((req) => {
      const body = JSON.parse(req.body) as QueryBody;
      if (body.jobs.includes("gone"))
        return { status: 400, json: { error_code: "DRS.M00289", error_msg: "The job does not exist." } };
      return {
        json: { count: body.jobs.length, results: body.jobs.map((id) => ({ id, status: "PAUSING" })) },
      };
    });
    try {
      const result = await batchGetDrsV3JobStatus(server.conn, ["a", "b", "gone", "c"]);
      expect(result.get("gone")).toEqual({
        id: "gone",
        error_code: "DRS.M00289",
        error_message: "The job does not exist.",
      });
      expect(["a", "b", "c"].map((id) => result.get(id)?.status)).toEqual(["PAUSING", "PAUSING", "PAUSING"]);
    } finally {
      await server.close();
    }
  });

  it("rejects an answer whose entry has neither status nor error_code, naming the field", async () => {
    const server = await startRecordingServer(() => ({ json: { count: 1, results: [{ id: "a" }] } }));
    try {
      const error: unknown = await batchGetDrsV3JobStatus(server.conn, ["a"]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedAnswerError);
      expect((error as Error).message).toMatch(/DRS v3 batch-status.*results\.0\.status/);
    } finally {
      await server.close();
    }
  });
});

describe("DRS v3 batch-detail", () => {
  it("pages like batch-status and keeps unknown fields next to the named ones", async () => {
    const server = await startRecordingServer((req) => {
      const body = JSON.parse(req.body) as QueryBody;
      const all = [
        { id: "b", name: "orders", status: "INCRE_TRANSFER_STARTED", engine_type: "mysql", node_role: "x" },
        {
          id: "a",
          name: "billing",
          status: "CONFIGURATION",
          db_use_type: "sync",
          job_direction: "up",
          task_type: "FULL_INCR_TRANS",
          charging_mode: "period",
          period_order: { order_id: "CS123" },
        },
      ];
      return { json: { count: 2, results: all.slice(body.page_req.cur_page - 1, body.page_req.cur_page) } };
    });
    try {
      const result = await batchGetDrsV3JobDetail(server.conn, ["a", "b"]);
      expect(server.requests.map((r) => r.path)).toEqual([
        `/v3/${testProjectId}/jobs/batch-detail`,
        `/v3/${testProjectId}/jobs/batch-detail`,
      ]);
      expect(result.get("a")).toMatchObject({ charging_mode: "period", period_order: { order_id: "CS123" } });
      expect(result.get("b")).toMatchObject({ engine_type: "mysql", node_role: "x" });
    } finally {
      await server.close();
    }
  });
});

describe("DRS v3 batch-jobs (stop or delete)", () => {
  it("sends DELETE with one entry per job and matches the 202 results by id", async () => {
    const server = await startRecordingServer(() => ({
      status: 202,
      json: {
        count: 2,
        results: [
          { id: "b", status: "failed", error_code: "DRS.M01504", error_msg: "Another operation is running." },
          { id: "a", status: "success" },
        ],
      },
    }));
    try {
      const result = await batchStopOrDeleteDrsV3Jobs(server.conn, [
        { jobId: "a", deleteType: "terminate" },
        { jobId: "b", deleteType: "force_terminate", showBreakpointPosition: true },
      ]);
      expect(server.requests[0]?.method).toBe("DELETE");
      expect(server.requests[0]?.path).toBe(`/v3/${testProjectId}/jobs/batch-jobs`);
      expect(bodyOf(server.requests[0])).toEqual({
        jobs: [
          { delete_type: "terminate", job_id: "a" },
          { delete_type: "force_terminate", job_id: "b", is_show_breakpoint_position: true },
        ],
      });
      expect(isBatchSuccess(result.get("a")!)).toBe(true);
      expect(isBatchSuccess(result.get("b")!)).toBe(false);
      expect(result.get("b")?.error_msg).toBe("Another operation is running.");
    } finally {
      await server.close();
    }
  });

  it("refuses an unknown delete type before sending anything", async () => {
    const server = await startRecordingServer(() => ({ status: 202, json: { count: 0, results: [] } }));
    try {
      const jobs = [{ jobId: "a", deleteType: "pause" }] as unknown as Parameters<
        typeof batchStopOrDeleteDrsV3Jobs
      >[1];
      await expect(batchStopOrDeleteDrsV3Jobs(server.conn, jobs)).rejects.toThrow(InvalidRequestError);
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

describe("DRS v3 list", () => {
  it("posts the filter with explicit paging and walks every page up to total_record", async () => {
    const all = ids(230).map((id) => ({ id, name: id, status: "PAUSING" }));
    const server = await startRecordingServer((req) => {
      const body = JSON.parse(req.body) as { cur_page: number; per_page: number };
      const start = (body.cur_page - 1) * body.per_page;
      return { json: { total_record: all.length, jobs: all.slice(start, start + body.per_page) } };
    });
    try {
      const jobs = await listAllDrsV3Jobs(server.conn, { dbUseType: "sync", status: "PAUSING" });
      expect(jobs.map((j) => j.id)).toEqual(all.map((j) => j.id));
      expect(server.requests.map((r) => bodyOf(r))).toEqual(
        [1, 2, 3].map((cur_page) => ({
          cur_page,
          per_page: 100,
          db_use_type: "sync",
          status: "PAUSING",
        })),
      );
      expect(server.requests[0]?.path).toBe(`/v3/${testProjectId}/jobs`);
    } finally {
      await server.close();
    }
  });

  it("refuses a page size above 100 before sending anything", async () => {
    const server = await startRecordingServer(() => ({ json: { total_record: 0, jobs: [] } }));
    try {
      await expect(
        listDrsV3Jobs(server.conn, { dbUseType: "migration" }, { curPage: 1, perPage: 101 }),
      ).rejects.toThrow(/per_page/);
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});
