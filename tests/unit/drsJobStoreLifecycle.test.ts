/*
 * The DRS job store's create-to-running state machine on a fake clock: every phase is applied
 * with the time it was due, even when nobody looks at the job in between, and a stop cancels the
 * phases still to come.
 */
import { DrsJobStore } from "../../emulator/DrsJobStore";

const projectId = "p1";
const timing = { createMs: 100, startMs: 50, fullTransferMs: 200, stopMs: 30 };
const created = { projectId, name: "job-a", engineType: "mysql-to-mysql", family: "v5" as const };

beforeEach(() => {
  jest.useFakeTimers();
  jest.setSystemTime(1_700_000_000_000);
});
afterEach(() => jest.useRealTimers());

const trail = (store: DrsJobStore, id: string) => store.get(id)?.history.map((h) => [h.status, h.at]);

describe("DrsJobStore create and start", () => {
  it("applies every due phase with its own time when read late", () => {
    const store = new DrsJobStore(timing);
    const job = store.create(created, {});
    expect(job.status).toBe("CREATING");
    jest.advanceTimersByTime(100);
    store.start(store.get(job.id) ?? job);
    jest.advanceTimersByTime(10_000);
    expect(trail(store, job.id)).toEqual([
      ["CREATING", 0],
      ["CONFIGURATION", 100],
      ["STARTJOBING", 100],
      ["FULL_TRANSFER_STARTED", 150],
      ["INCRE_TRANSFER_STARTED", 350],
    ]);
  });

  it("waits for a future start time, and an incremental-only job skips the full transfer", () => {
    const store = new DrsJobStore(timing);
    const job = store.create({ ...created, taskType: "INCR_TRANS" }, {});
    jest.advanceTimersByTime(100);
    store.start(store.get(job.id) ?? job, { startAt: Date.now() + 1_000 });
    jest.advanceTimersByTime(999);
    expect(store.get(job.id)?.status).toBe("WAITING_FOR_START");
    jest.advanceTimersByTime(1_000);
    expect(trail(store, job.id)?.map(([status]) => status)).toEqual([
      "CREATING",
      "CONFIGURATION",
      "WAITING_FOR_START",
      "STARTJOBING",
      "INCRE_TRANSFER_STARTED",
    ]);
  });

  it("fails a start on request, and a stop cancels the phases still to come", () => {
    const store = new DrsJobStore(timing);
    const failing = store.create(created, {});
    const stopped = store.create({ ...created, name: "job-b" }, {});
    jest.advanceTimersByTime(100);
    store.start(store.get(failing.id) ?? failing, { fails: true });
    store.start(store.get(stopped.id) ?? stopped);
    jest.advanceTimersByTime(60);
    store.stop(store.get(stopped.id) ?? stopped);
    jest.advanceTimersByTime(1_000);
    expect(store.get(failing.id)?.status).toBe("START_JOB_FAILED");
    expect(trail(store, stopped.id)?.map(([status]) => status)).toEqual([
      "CREATING",
      "CONFIGURATION",
      "STARTJOBING",
      "FULL_TRANSFER_STARTED",
      "RELEASE_RESOURCE_STARTED",
      "RELEASE_RESOURCE_COMPLETE",
    ]);
  });
});
