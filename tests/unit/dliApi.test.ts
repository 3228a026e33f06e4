import {
  createDliJarJob,
  createDliSqlJob,
  deleteDliJob,
  deleteDliJobs,
  getDliJob,
  listDliJobs,
  runDliJobs,
  stopDliJobs,
  updateDliJarJob,
  updateDliSqlJob,
} from "../../provider/dli/dliApi";
import { DliRefusedError } from "../../provider/dli/DliRefusedError";
import { HuaweiApiError, UnexpectedAnswerError } from "../../provider/http/HuaweiApiError";
import { InvalidRequestError } from "../../provider/http/validateRequest";
import { retryPolicy } from "../../provider/http/requestJson";
import { bodyOf, startRecordingServer, testProjectId, type Responder } from "../helpers/recordingServer";

const bigId = "9223372036854775807";
const justAbove2p53 = "9007199254740993";

async function withServer(
  respond: Responder,
  test: (s: Awaited<ReturnType<typeof startRecordingServer>>) => Promise<void>,
) {
  const server = await startRecordingServer(respond);
  try {
    await test(server);
  } finally {
    await server.close();
  }
}

describe("DLI job detail", () => {
  it("reads a job by id and returns the id exactly even above 2^53", async () => {
    await withServer(
      () => ({
        raw: `{"is_success":"true","message":"","job_detail":{"job_id":${bigId},"name":"n","status":"job_running","queue_name":"q"}}`,
      }),
      async (server) => {
        const job = await getDliJob(server.conn, bigId);
        expect(server.requests[0]?.method).toBe("GET");
        expect(server.requests[0]?.path).toBe(`/v1.0/${testProjectId}/streaming/jobs/${bigId}`);
        expect(job).toMatchObject({ job_id: bigId, status: "job_running", queue_name: "q" });
      },
    );
  });

  it("normalizes a job id sent as a JSON string", async () => {
    await withServer(
      () => ({ json: { is_success: true, job_detail: { job_id: justAbove2p53, status: "job_init" } } }),
      async (server) => expect((await getDliJob(server.conn, justAbove2p53))?.job_id).toBe(justAbove2p53),
    );
  });

  it.each([
    [400, "DLI.16001"],
    [400, "DLI.0002"],
    [404, "DLI.0023"],
  ])("answers undefined when the service says HTTP %d %s", async (status, code) => {
    await withServer(
      () => ({ status, json: { error_code: code, error_msg: "The job does not exist." } }),
      async (server) => expect(await getDliJob(server.conn, "12")).toBeUndefined(),
    );
  });

  it("does not read other errors as not found", async () => {
    await withServer(
      () => ({ status: 400, json: { error_code: "DLI.0001", error_msg: "Parameter error." } }),
      async (server) => await expect(getDliJob(server.conn, "12")).rejects.toThrow(HuaweiApiError),
    );
  });

  it("refuses an answer about another job", async () => {
    await withServer(
      () => ({ json: { is_success: "true", job_detail: { job_id: 13, status: "job_running" } } }),
      async (server) => await expect(getDliJob(server.conn, "12")).rejects.toThrow(/job_detail\.job_id/),
    );
  });

  it("rejects a detail without a status, naming the field", async () => {
    await withServer(
      () => ({ json: { is_success: true, job_detail: { job_id: 12 } } }),
      async (server) => {
        const error: unknown = await getDliJob(server.conn, "12").catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UnexpectedAnswerError);
        expect((error as Error).message).toMatch(/DLI job detail.*job_detail\.status/);
      },
    );
  });

  it("is retried after an HTTP 500, being a read", async () => {
    const saved = { ...retryPolicy };
    retryPolicy.baseDelayMs = 1;
    try {
      await withServer(
        (_req, i) =>
          i === 0
            ? { status: 500, json: { error_code: "DLI.0999", error_msg: "Internal error." } }
            : { json: { is_success: true, job_detail: { job_id: 12, status: "job_running" } } },
        async (server) => {
          expect((await getDliJob(server.conn, "12"))?.status).toBe("job_running");
          expect(server.requests).toHaveLength(2);
        },
      );
    } finally {
      Object.assign(retryPolicy, saved);
    }
  });
});

describe("DLI job ids in requests", () => {
  it.each([justAbove2p53, bigId])("writes %s into the request JSON as that exact number", async (id) => {
    await withServer(
      () => ({ json: [{ is_success: "true", message: "stopping" }] }),
      async (server) => {
        await stopDliJobs(server.conn, [id]);
        expect(server.requests[0]?.body).toBe(`{"job_ids":[${id}]}`);
      },
    );
  });

  it.each(["9223372036854775808", "12a", "-1", "0", "012", "1e3", " 12", ""])(
    "refuses the id %j before sending anything",
    async (id) => {
      await withServer(
        () => ({ json: [] }),
        async (server) => {
          await expect(stopDliJobs(server.conn, ["12", id])).rejects.toThrow(RangeError);
          await expect(getDliJob(server.conn, id)).rejects.toThrow(RangeError);
          expect(server.requests).toHaveLength(0);
        },
      );
    },
  );
});

describe("DLI stop, run and delete in batches", () => {
  it("stops jobs with trigger_savepoint and matches the answers to the ids by request order", async () => {
    await withServer(
      () => ({
        json: [
          { is_success: "true", message: "The request for stopping the job is delivered." },
          { is_success: false, message: "The job is not running." },
          { is_success: true },
        ],
      }),
      async (server) => {
        const result = await stopDliJobs(server.conn, ["12", bigId, "232"], { triggerSavepoint: true });
        expect(server.requests[0]?.path).toBe(`/v1.0/${testProjectId}/streaming/jobs/stop`);
        expect(server.requests[0]?.body).toBe(`{"job_ids":[12,${bigId},232],"trigger_savepoint":true}`);
        expect([...result.entries()]).toEqual([
          ["12", { isSuccess: true, message: "The request for stopping the job is delivered." }],
          [bigId, { isSuccess: false, message: "The job is not running." }],
          ["232", { isSuccess: true, message: undefined }],
        ]);
      },
    );
  });

  it("treats an answer with a different number of entries as unusable", async () => {
    await withServer(
      () => ({ json: [{ is_success: "true", message: "ok" }] }),
      async (server) => {
        const error: unknown = await stopDliJobs(server.conn, ["12", "13"]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UnexpectedAnswerError);
        expect((error as Error).message).toMatch(/DLI stop jobs.*1 results for 2 job ids/);
      },
    );
  });

  it("rejects an entry whose is_success is neither a boolean nor 'true'/'false', naming the field", async () => {
    await withServer(
      () => ({ json: [{ is_success: "yes" }] }),
      async (server) =>
        await expect(deleteDliJobs(server.conn, ["12"])).rejects.toThrow(/DLI delete jobs.*0\.is_success/),
    );
  });

  it("deletes with POST .../streaming/jobs/delete, splitting more than 100 ids", async () => {
    const ids = Array.from({ length: 150 }, (_, i) => String(1000 + i));
    await withServer(
      (req) => {
        const count = (JSON.parse(req.body) as { job_ids: number[] }).job_ids.length;
        return { json: Array.from({ length: count }, () => ({ is_success: "true", message: "deleted" })) };
      },
      async (server) => {
        const result = await deleteDliJobs(server.conn, ids);
        expect(server.requests.map((r) => (bodyOf(r) as { job_ids: number[] }).job_ids.length)).toEqual([
          100, 50,
        ]);
        expect(server.requests[0]?.path).toBe(`/v1.0/${testProjectId}/streaming/jobs/delete`);
        expect(result.size).toBe(150);
        expect(result.get("1149")?.isSuccess).toBe(true);
      },
    );
  });

  it("runs jobs with resume_savepoint", async () => {
    await withServer(
      () => ({ json: [{ is_success: "true", message: "submitted" }] }),
      async (server) => {
        const result = await runDliJobs(server.conn, ["77"], { resumeSavepoint: false });
        expect(server.requests[0]?.path).toBe(`/v1.0/${testProjectId}/streaming/jobs/run`);
        expect(server.requests[0]?.body).toBe(`{"job_ids":[77],"resume_savepoint":false}`);
        expect(result.get("77")?.isSuccess).toBe(true);
      },
    );
  });
});

describe("DLI delete one", () => {
  it("sends DELETE for the job and accepts is_success 'true'", async () => {
    await withServer(
      () => ({ json: { is_success: "true", message: "The job is deleted successfully." } }),
      async (server) => {
        await deleteDliJob(server.conn, bigId);
        expect(server.requests[0]?.method).toBe("DELETE");
        expect(server.requests[0]?.path).toBe(`/v1.0/${testProjectId}/streaming/jobs/${bigId}`);
      },
    );
  });

  it("turns is_success false into an error naming the API and the message", async () => {
    await withServer(
      () => ({ json: { is_success: "false", message: "The job is being submitted." } }),
      async (server) => {
        const error: unknown = await deleteDliJob(server.conn, "12").catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DliRefusedError);
        expect((error as Error).message).toBe(
          "DLI delete job was refused (is_success false): The job is being submitted.",
        );
      },
    );
  });
});

describe("DLI create", () => {
  const sqlJob = {
    name: "orders-etl",
    sql_body: "select 1",
    queue_name: "q1",
    job_type: "flink_opensource_sql_job",
  } as const;

  it("posts a SQL job and returns the new id exactly, as a string", async () => {
    await withServer(
      () => ({
        raw: `{"is_success":"true","message":"ok","job":{"job_id":${justAbove2p53},"status_name":"job_init","status_desc":""}}`,
      }),
      async (server) => {
        expect(await createDliSqlJob(server.conn, sqlJob)).toBe(justAbove2p53);
        expect(server.requests[0]?.method).toBe("POST");
        expect(server.requests[0]?.path).toBe(`/v1.0/${testProjectId}/streaming/sql-jobs`);
        expect(bodyOf(server.requests[0])).toEqual(sqlJob);
      },
    );
  });

  it("posts a Jar job to .../streaming/flink-jobs", async () => {
    await withServer(
      () => ({ json: { is_success: true, job: { job_id: 5 } } }),
      async (server) => {
        const spec = { name: "jar", queue_name: "q1", entrypoint: "obs://b/app.jar", main_class: "a.Main" };
        expect(await createDliJarJob(server.conn, spec)).toBe("5");
        expect(server.requests[0]?.path).toBe(`/v1.0/${testProjectId}/streaming/flink-jobs`);
        expect(bodyOf(server.requests[0])).toEqual(spec);
      },
    );
  });

  it("is not retried after an HTTP 500: a second attempt could create a second job", async () => {
    const saved = { ...retryPolicy };
    retryPolicy.baseDelayMs = 1;
    try {
      await withServer(
        (_req, i) =>
          i === 0
            ? { status: 500, json: { error_code: "DLI.0999", error_msg: "Internal error." } }
            : { json: { is_success: true, job: { job_id: 6 } } },
        async (server) => {
          await expect(createDliSqlJob(server.conn, sqlJob)).rejects.toThrow(HuaweiApiError);
          expect(server.requests).toHaveLength(1);
        },
      );
    } finally {
      Object.assign(retryPolicy, saved);
    }
  });

  it("refuses a name longer than 57 characters before sending anything", async () => {
    await withServer(
      () => ({ json: { is_success: true, job: { job_id: 6 } } }),
      async (server) => {
        const error: unknown = await createDliSqlJob(server.conn, { ...sqlJob, name: "n".repeat(58) }).catch(
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InvalidRequestError);
        expect((error as Error).message).toMatch(/DLI create SQL job.*name/);
        expect(server.requests).toHaveLength(0);
      },
    );
  });

  it("refuses a misspelt field rather than dropping it", async () => {
    await withServer(
      () => ({ json: { is_success: true, job: { job_id: 6 } } }),
      async (server) => {
        const spec = { ...sqlJob, queue: "q1" } as unknown as Parameters<typeof createDliSqlJob>[1];
        await expect(createDliSqlJob(server.conn, spec)).rejects.toThrow(/queue/);
        expect(server.requests).toHaveLength(0);
      },
    );
  });

  it("turns is_success false into an error naming the API and the message", async () => {
    await withServer(
      () => ({ json: { is_success: "false", message: "The queue does not exist." } }),
      async (server) =>
        await expect(createDliSqlJob(server.conn, sqlJob)).rejects.toThrow(
          "DLI create SQL job was refused (is_success false): The queue does not exist.",
        ),
    );
  });
});

describe("DLI update in place", () => {
  it("PUTs a SQL job's changed fields to .../streaming/sql-jobs/{job_id}, the id exact", async () => {
    await withServer(
      () => ({ json: { is_success: "true", message: "ok", job: { update_time: 1516952770835 } } }),
      async (server) => {
        await updateDliSqlJob(server.conn, bigId, { sql_body: "select 2", queue_name: "q2" });
        expect(server.requests[0]?.method).toBe("PUT");
        expect(server.requests[0]?.path).toBe(`/v1.0/${testProjectId}/streaming/sql-jobs/${bigId}`);
        expect(bodyOf(server.requests[0])).toEqual({ sql_body: "select 2", queue_name: "q2" });
      },
    );
  });

  it("PUTs a Jar job to .../streaming/flink-jobs/{job_id}", async () => {
    await withServer(
      () => ({ json: { is_success: true, job: { update_time: 1 } } }),
      async (server) => {
        await updateDliJarJob(server.conn, "5", { entrypoint: "obs://b/v2.jar" });
        expect(server.requests[0]?.path).toBe(`/v1.0/${testProjectId}/streaming/flink-jobs/5`);
      },
    );
  });

  it("refuses, before sending anything, fields the SQL update model lacks (job_type, tags)", async () => {
    await withServer(
      () => ({ json: { is_success: true } }),
      async (server) => {
        const changes = { sql_body: "x", job_type: "flink_sql_job" } as unknown as Parameters<
          typeof updateDliSqlJob
        >[2];
        await expect(updateDliSqlJob(server.conn, "5", changes)).rejects.toThrow(InvalidRequestError);
        expect(server.requests).toHaveLength(0);
      },
    );
  });

  it("turns a refusal into an error, and is not resent after an HTTP 500", async () => {
    const saved = { ...retryPolicy };
    retryPolicy.baseDelayMs = 1;
    try {
      await withServer(
        () => ({ json: { is_success: "false", message: "The job is running." } }),
        async (server) =>
          await expect(updateDliSqlJob(server.conn, "5", { sql_body: "x" })).rejects.toThrow(DliRefusedError),
      );
      await withServer(
        () => ({ status: 500, json: { error_code: "DLI.0999", error_msg: "Internal error." } }),
        async (server) => {
          await expect(updateDliSqlJob(server.conn, "5", { sql_body: "x" })).rejects.toThrow(HuaweiApiError);
          expect(server.requests).toHaveLength(1);
        },
      );
    } finally {
      Object.assign(retryPolicy, saved);
    }
  });
});

describe("DLI list", () => {
  it("walks pages of at most 100 with limit and offset, passing the filters", async () => {
    const all = Array.from({ length: 130 }, (_, i) => ({
      job_id: 500 + i,
      name: `j${i}`,
      status: "job_running",
    }));
    await withServer(
      (req) => {
        const offset = Number(req.query.get("offset"));
        const limit = Number(req.query.get("limit"));
        return {
          json: {
            is_success: "true",
            job_list: { total_count: all.length, jobs: all.slice(offset, offset + limit) },
          },
        };
      },
      async (server) => {
        const jobs = await listDliJobs(server.conn, { name: "j", queueName: "q1" });
        expect(jobs.map((j) => j.job_id)).toEqual(all.map((j) => String(j.job_id)));
        expect(
          server.requests.map((r) => [
            r.path,
            r.query.get("limit"),
            r.query.get("offset"),
            r.query.get("name"),
            r.query.get("queue_name"),
          ]),
        ).toEqual([
          [`/v1.0/${testProjectId}/streaming/jobs`, "100", "0", "j", "q1"],
          [`/v1.0/${testProjectId}/streaming/jobs`, "100", "100", "j", "q1"],
        ]);
      },
    );
  });
});
