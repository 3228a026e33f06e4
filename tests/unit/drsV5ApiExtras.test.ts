import {
  chooseDrsDeleteApi,
  deleteDrsV5Job,
  getDrsV5JobActions,
  listDrsV5Jobs,
  stopDrsV5Job,
} from "../../provider/drs/drsV5Api";
import { isDrsNotFound } from "../../provider/drs/drsErrors";
import { HuaweiApiError } from "../../provider/http/HuaweiApiError";
import { bodyOf, startRecordingServer, testProjectId, type Responder } from "../helpers/recordingServer";

async function withServer(
  respond: Responder,
  test: (s: Awaited<ReturnType<typeof startRecordingServer>>) => Promise<void>,
): Promise<void> {
  const server = await startRecordingServer(respond);
  try {
    await test(server);
  } finally {
    await server.close();
  }
}

const notFound = {
  status: 400,
  json: { error_code: "DRS.10000010", error_msg: "Job does not exist, please check job ID." },
};

describe("chooseDrsDeleteApi", () => {
  it.each([
    ["mysql", "v5-delete-many"],
    ["redis-to-gaussredis", "v5-delete-many"],
    ["rediscluster-to-gaussredis", "v5-delete-many"],
    ["oracle-to-gaussdbv5", "v5-delete-many"],
    ["taurus-to-kafka", "v5-delete-one"],
    ["mysql-to-kafka", "v5-delete-one"],
    ["mongodb", "v3"],
    ["gaussdbv5ha-to-kafka", "v3"],
    [undefined, "v3"],
  ] as const)("sends a %s job through %s", (engine, api) => expect(chooseDrsDeleteApi(engine)).toBe(api));
});

describe("DRS v5 job actions", () => {
  it("reads available and unavailable actions from GET .../jobs/{id}/actions", async () => {
    await withServer(
      () => ({
        json: {
          job_action: {
            available_actions: ["DELETE", "CLONE"],
            unavailable_actions: ["START"],
            current_action: "",
          },
        },
      }),
      async (server) => {
        const actions = await getDrsV5JobActions(server.conn, "job-1");
        expect(server.requests[0]?.method).toBe("GET");
        expect(server.requests[0]?.path).toBe(`/v5/${testProjectId}/jobs/job-1/actions`);
        expect(actions).toEqual({
          available_actions: ["DELETE", "CLONE"],
          unavailable_actions: ["START"],
          current_action: "",
        });
      },
    );
  });

  it("answers undefined for a job that does not exist", async () => {
    await withServer(
      () => notFound,
      async (server) => expect(await getDrsV5JobActions(server.conn, "gone")).toBeUndefined(),
    );
  });
});

describe("DRS v5 stop one and delete one", () => {
  it("stops with POST .../jobs/{id}/stop, sending is_force_stop only when asked", async () => {
    await withServer(
      () => ({ json: { id: "job-1", name: "n", status: "RELEASE_RESOURCE_STARTED" } }),
      async (server) => {
        await stopDrsV5Job(server.conn, "job-1");
        const answer = await stopDrsV5Job(server.conn, "job-1", { force: true });
        expect(server.requests.map((r) => [r.method, r.path, bodyOf(r)])).toEqual([
          ["POST", `/v5/${testProjectId}/jobs/job-1/stop`, {}],
          ["POST", `/v5/${testProjectId}/jobs/job-1/stop`, { is_force_stop: true }],
        ]);
        expect(answer.status).toBe("RELEASE_RESOURCE_STARTED");
      },
    );
  });

  it("deletes with DELETE .../jobs/{id} and accepts the documented {} answer", async () => {
    await withServer(
      () => ({ json: {} }),
      async (server) => {
        await deleteDrsV5Job(server.conn, "job-1");
        expect(server.requests[0]?.method).toBe("DELETE");
        expect(server.requests[0]?.path).toBe(`/v5/${testProjectId}/jobs/job-1`);
        expect(server.requests[0]?.body).toBe("");
      },
    );
  });

  it("lets a delete of a missing job fail with an error the not-found check recognises", async () => {
    await withServer(
      () => notFound,
      async (server) => {
        const error: unknown = await deleteDrsV5Job(server.conn, "gone").catch((e: unknown) => e);
        expect(error).toBeInstanceOf(HuaweiApiError);
        const e = error as HuaweiApiError;
        expect(isDrsNotFound(e.errorCode, e.errorMessage)).toBe(true);
      },
    );
  });

  it("escapes a job id in the path", async () => {
    await withServer(
      () => ({ json: {} }),
      async (server) => {
        await deleteDrsV5Job(server.conn, "a/../b");
        expect(server.requests[0]?.path).toBe(`/v5/${testProjectId}/jobs/a%2F..%2Fb`);
      },
    );
  });
});

describe("DRS v5 list by ids", () => {
  it("asks for at most 10 ids per call and keeps only the requested jobs", async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `id-${i}`);
    await withServer(
      (req) => {
        const asked = (req.query.get("name") ?? "").split(",");
        const jobs = [
          ...asked.map((id) => ({ id, name: id, status: "PAUSING" })),
          { id: "other", name: asked[0] },
        ];
        return { json: { total_count: jobs.length, jobs } };
      },
      async (server) => {
        const result = await listDrsV5Jobs(server.conn, "sync", ids);
        expect([...result.keys()].sort()).toEqual([...ids].sort());
        expect(server.requests.map((r) => (r.query.get("name") ?? "").split(",").length)).toEqual([
          10, 10, 3,
        ]);
        expect(server.requests.every((r) => r.query.get("job_type") === "sync")).toBe(true);
        expect(server.requests[0]?.path).toBe(`/v5/${testProjectId}/jobs`);
      },
    );
  });
});
