import {
  DliWaitError,
  waitUntilDliJobRuns,
  waitUntilDliJobStops,
} from "../../provider/resources/waitForDliJob";
import { startRecordingServer } from "../helpers/recordingServer";

/** A server whose detail answers walk through `statuses`, repeating the last one. */
async function jobWalking(statuses: readonly (string | [string, string])[]) {
  return startRecordingServer((_req, i) => {
    const entry = statuses[Math.min(i, statuses.length - 1)] ?? "job_init";
    const [status, desc] = typeof entry === "string" ? [entry, ""] : entry;
    return { json: { is_success: "true", job_detail: { job_id: 7, status, status_desc: desc } } };
  });
}

const lines: string[] = [];
const settings = (more: { before?: string; timeoutMs?: number } = {}) => ({
  timeoutMs: 5_000,
  pollIntervalMs: 1,
  log: (line: string) => lines.push(line),
  ...more,
});
beforeEach(() => (lines.length = 0));

describe("waitUntilDliJobRuns", () => {
  it("waits through the starting statuses until job_running, reporting each status once", async () => {
    const server = await jobWalking(["job_submitting", "job_submitting", "job_downloading", "job_running"]);
    try {
      expect((await waitUntilDliJobRuns(server.conn, "7", settings())).status).toBe("job_running");
      expect(lines.filter((l) => l.startsWith("status "))).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it("does not take a read still showing the status from before the run as its outcome", async () => {
    const server = await jobWalking([
      "job_cancel_success",
      "job_cancel_success",
      "job_submitting",
      "job_running",
    ]);
    try {
      const job = await waitUntilDliJobRuns(server.conn, "7", settings({ before: "job_cancel_success" }));
      expect(job.status).toBe("job_running");
    } finally {
      await server.close();
    }
  });

  it("believes the old status after a few reads: a run that failed again fails with DLI's reason", async () => {
    const server = await jobWalking([["job_submit_fail", "Not enough CUs in queue q1"]]);
    try {
      const error: unknown = await waitUntilDliJobRuns(
        server.conn,
        "7",
        settings({ before: "job_submit_fail" }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DliWaitError);
      expect((error as Error).message).toBe(
        "the job did not start: it is job_submit_fail. DLI says: Not enough CUs in queue q1",
      );
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it.each(["job_cancel_success", "job_arrearage_stopped", "job_cancel_fail"])(
    "fails when the job settles in %s instead, saying when DLI gave no reason",
    async (status) => {
      const server = await jobWalking(["job_submitting", status]);
      try {
        await expect(waitUntilDliJobRuns(server.conn, "7", settings())).rejects.toThrow(
          `it is ${status}. DLI gave no reason`,
        );
      } finally {
        await server.close();
      }
    },
  );

  it("ends at its timeout, naming the status it is still in", async () => {
    const server = await jobWalking(["job_submitting"]);
    try {
      await expect(waitUntilDliJobRuns(server.conn, "7", settings({ timeoutMs: 50 }))).rejects.toThrow(
        /not running within 0.1s \(deleteTimeout\): it is still job_submitting/,
      );
    } finally {
      await server.close();
    }
  });
});

describe("waitUntilDliJobStops", () => {
  it("waits through savepointing and canceling until stopped", async () => {
    const server = await jobWalking([
      "job_running",
      "job_savepointing",
      "job_canceling",
      "job_cancel_success",
    ]);
    try {
      const job = await waitUntilDliJobStops(server.conn, "7", settings({ before: "job_running" }));
      expect(job.status).toBe("job_cancel_success");
    } finally {
      await server.close();
    }
  });

  it("fails on job_cancel_fail with DLI's reason", async () => {
    const server = await jobWalking(["job_canceling", ["job_cancel_fail", "TaskManager lost"]]);
    try {
      await expect(waitUntilDliJobStops(server.conn, "7", settings())).rejects.toThrow(
        "the job's stop failed: it is job_cancel_fail. DLI says: TaskManager lost",
      );
    } finally {
      await server.close();
    }
  });
});
