/*
 * A v5 job whose engine pair is in neither v5 delete table is deleted through v3, as the vendor
 * documents ("anything else goes through v3"). v3 may not know a job created through v5: its
 * "does not exist" is then believed only if the v5 detail agrees; otherwise the delete is refused
 * with a message naming the pair, never reported as gone on a guess.
 */
import { drsV5Driver } from "../../provider/teardown/drsV5Driver";
import { startRecordingServer, testProjectId, type CannedAnswer } from "../helpers/recordingServer";

const jobId = "5f1e0c1a-0000-4000-8000-000000000001";
const v3NotFound = {
  status: 202,
  json: {
    count: 1,
    results: [
      { id: jobId, status: "failed", error_code: "DRS.M00289", error_msg: "The job does not exist." },
    ],
  },
};

async function deleteWith(v5Detail: CannedAnswer) {
  const server = await startRecordingServer((req) =>
    req.path.startsWith(`/v3/${testProjectId}/jobs/batch-jobs`) ? v3NotFound : v5Detail,
  );
  try {
    const driver = drsV5Driver(server.conn, { deleteApi: "v3", engineType: "sqlserver-to-mysql" });
    return {
      outcome: await driver.delete(jobId),
      paths: server.requests.map((r) => `${r.method} ${r.path}`),
    };
  } finally {
    await server.close();
  }
}

describe("v5 job with an engine pair in neither v5 delete table", () => {
  it("is refused, naming the pair, when v3 does not know it but v5 still shows it", async () => {
    const { outcome, paths } = await deleteWith({
      status: 200,
      json: {
        job: {
          id: jobId,
          status: "RELEASE_RESOURCE_COMPLETE",
          base_info: { engine_type: "sqlserver-to-mysql" },
        },
      },
    });
    expect(outcome).toMatchObject({
      kind: "refused",
      detail: expect.stringContaining('"sqlserver-to-mysql"') as unknown,
    });
    expect(paths).toEqual([
      `DELETE /v3/${testProjectId}/jobs/batch-jobs`,
      `GET /v5/${testProjectId}/jobs/${jobId}`,
    ]);
  });

  it("is gone when v5 agrees that the job does not exist", async () => {
    const { outcome } = await deleteWith({
      status: 400,
      json: { error_code: "DRS.10000010", error_msg: "Job does not exist, please check job ID." },
    });
    expect(outcome).toEqual({ kind: "gone" });
  });
});
