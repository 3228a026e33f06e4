import { HuaweiApiError } from "../../provider/http/HuaweiApiError";
import type { ActionOutcome, JobDriver, TeardownPhase } from "../../provider/teardown/JobDriver";
import {
  StopBlockedError,
  StopFailedError,
  TeardownTimeoutError,
} from "../../provider/teardown/TeardownErrors";
import { tearDownJob, type TeardownPolicy } from "../../provider/teardown/tearDownJob";

type Status = "RUNNING" | "STOPPING" | "STOPPED" | "STOP_FAILED" | "MYSTERY";
const phaseOf: Record<Status, TeardownPhase> = {
  RUNNING: "needsStop",
  STOPPING: "stopping",
  STOPPED: "deletable",
  STOP_FAILED: "stopFailed",
  MYSTERY: "unknown",
};

/** An in-memory job whose stop behaviour a test chooses; records every call with the status it met. */
class FakeJob implements JobDriver {
  readonly family = "Fake";
  readonly calls: string[] = [];
  status: Status | "GONE";
  private pending: { status: Status | "GONE"; at: number } | undefined;

  constructor(
    start: Status | "GONE",
    private readonly behaviour: {
      graceful?: "ok" | "fails" | "hangs";
      force?: "ok" | "fails";
      canForceStop?: boolean;
      blocker?: string;
      refuseStop?: string;
      deleteAnswers?: ActionOutcome["kind"][];
      /** Answers of the next stops: "try again later" ones, or `act` for the job's own behaviour. */
      stopAnswers?: ("busy" | "missing" | "act")[];
      /** Reads from this one on (counting from 1) answer only after 1.5 s (a slow or retrying call). */
      readsHangFrom?: number;
      /** Calls that throw this error instead of answering, in the order they are made. */
      throwing?: { call: "read" | "stop" | "delete"; error: Error }[];
    } = {},
  ) {
    this.status = start;
  }

  get canForceStop(): boolean {
    return this.behaviour.canForceStop ?? true;
  }

  private tick(): void {
    if (this.pending && Date.now() >= this.pending.at) {
      this.status = this.pending.status;
      this.pending = undefined;
    }
  }

  /** Throws the next scripted error when it is for this call, after recording the attempt. */
  private maybeThrow(call: "read" | "stop" | "delete"): void {
    const next = this.behaviour.throwing?.[0];
    if (next?.call !== call) return;
    this.behaviour.throwing?.shift();
    this.calls.push(`${call} failed@${this.status}`);
    throw next.error;
  }

  private reads = 0;

  read(): Promise<{ status: string; phase: TeardownPhase } | undefined> {
    this.tick();
    if (this.behaviour.readsHangFrom !== undefined && ++this.reads >= this.behaviour.readsHangFrom) {
      this.calls.push(`read hangs@${this.status}`);
      const view = { status: this.status, phase: phaseOf[this.status as Status] };
      return new Promise((resolve) => setTimeout(() => resolve(view), 1_500));
    }
    this.maybeThrow("read");
    return Promise.resolve(
      this.status === "GONE" ? undefined : { status: this.status, phase: phaseOf[this.status] },
    );
  }

  stop(_id: string, force: boolean): Promise<ActionOutcome> {
    this.tick();
    this.maybeThrow("stop");
    const scripted = this.behaviour.stopAnswers?.shift();
    const tryLater = scripted !== undefined && scripted !== "act" && this.status !== "GONE";
    this.calls.push(`${force ? "force" : "stop"}@${this.status}${tryLater ? ` (${scripted})` : ""}`);
    if (this.status === "GONE") return Promise.resolve({ kind: "gone" });
    if (tryLater) {
      return Promise.resolve({
        kind: "retryLater",
        detail: scripted === "busy" ? "DRS.M01504 busy" : "no entry for the job in the batch answer",
      });
    }
    if (this.behaviour.refuseStop !== undefined)
      return Promise.resolve({ kind: "refused", detail: this.behaviour.refuseStop });
    const outcome = force ? (this.behaviour.force ?? "ok") : (this.behaviour.graceful ?? "ok");
    this.status = "STOPPING";
    if (outcome !== "hangs")
      this.pending = { status: outcome === "ok" ? "STOPPED" : "STOP_FAILED", at: Date.now() + 30 };
    return Promise.resolve({ kind: "accepted" });
  }

  delete(): Promise<ActionOutcome> {
    this.tick();
    this.maybeThrow("delete");
    this.calls.push(`delete@${this.status}`);
    const scripted = this.behaviour.deleteAnswers?.shift();
    if (scripted === "retryLater") return Promise.resolve({ kind: "retryLater", detail: "DRS.M01504 busy" });
    if (this.status !== "STOPPED") return Promise.resolve({ kind: "refused", detail: "not stopped" });
    this.status = "GONE";
    return Promise.resolve({ kind: "accepted" });
  }

  stopBlocker(): Promise<string | undefined> {
    return Promise.resolve(this.behaviour.blocker);
  }
}

const policy = (overrides: Partial<TeardownPolicy> = {}): TeardownPolicy => ({
  timeoutMs: 2_000,
  maxPollMs: 10,
  forceStop: "onTimeout",
  gracefulStopTimeoutMs: 200,
  maxStopAttempts: 3,
  pollGridMs: 1,
  ...overrides,
});

const run = (job: FakeJob, p: Partial<TeardownPolicy> = {}, lines: string[] = []) =>
  tearDownJob(job, "j1", "FakeJob j1", policy(p), (l) => lines.push(l));

describe("tearDownJob", () => {
  it("stops a running job gracefully, deletes it only once stopped, and waits until it is gone", async () => {
    const job = new FakeJob("RUNNING");
    const report = await run(job);
    expect(job.calls).toEqual(["stop@RUNNING", "delete@STOPPED"]);
    expect(report).toMatchObject({ outcome: "deleted", stopsSent: 1, forcedStopsSent: 0, deletesSent: 1 });
  });

  it("treats a job that is already gone as success without sending anything", async () => {
    const job = new FakeJob("GONE");
    await expect(run(job)).resolves.toMatchObject({ outcome: "alreadyGone", stopsSent: 0, deletesSent: 0 });
    expect(job.calls).toEqual([]);
  });

  it("does not stop a job that is already stopping or stopped again", async () => {
    const stopped = new FakeJob("STOPPED");
    await run(stopped);
    expect(stopped.calls).toEqual(["delete@STOPPED"]);
  });

  it('forces the first stop when forceStop is "immediately"', async () => {
    const job = new FakeJob("RUNNING");
    await expect(run(job, { forceStop: "immediately" })).resolves.toMatchObject({ forcedStopsSent: 1 });
    expect(job.calls).toEqual(["force@RUNNING", "delete@STOPPED"]);
  });

  it('forces a graceful stop that hangs past gracefulStopTimeout when forceStop is "onTimeout"', async () => {
    const job = new FakeJob("RUNNING", { graceful: "hangs" });
    const lines: string[] = [];
    await run(job, {}, lines);
    expect(job.calls).toEqual(["stop@RUNNING", "force@STOPPING", "delete@STOPPED"]);
    expect(lines.join("\n")).toMatch(/forced stop sent \(graceful stop still running after/);
  });

  it("escalates a failed graceful stop to a forced one", async () => {
    const job = new FakeJob("RUNNING", { graceful: "fails" });
    await run(job);
    expect(job.calls).toEqual(["stop@RUNNING", "force@STOP_FAILED", "delete@STOPPED"]);
  });

  it('never forces when forceStop is "never": retries the graceful stop, then fails with advice', async () => {
    const job = new FakeJob("RUNNING", { graceful: "fails" });
    const error = await run(job, { forceStop: "never", maxStopAttempts: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StopFailedError);
    expect((error as Error).message).toMatch(/stop failed 3 time\(s\).*forceStop: "onTimeout"/);
    expect(job.calls).toEqual(["stop@RUNNING", "stop@STOP_FAILED", "stop@STOP_FAILED"]);
    expect(job.calls.some((c) => c.startsWith("delete"))).toBe(false);
  });

  it("waits out a hanging graceful stop under forceStop never, then reports the deadline with the last status", async () => {
    const job = new FakeJob("RUNNING", { graceful: "hangs" });
    const error = await run(job, { forceStop: "never", timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeardownTimeoutError);
    expect((error as Error).message).toMatch(/FakeJob j1: not deleted after waiting .* last status STOPPING/);
    expect(job.calls).toEqual(["stop@RUNNING"]);
  });

  it("retries a family without forced stop (DLI) and escalates nothing", async () => {
    const job = new FakeJob("STOP_FAILED", { canForceStop: false, graceful: "ok" });
    await run(job, { forceStop: "immediately" });
    expect(job.calls).toEqual(["stop@STOP_FAILED", "delete@STOPPED"]);
  });

  it("refuses to stop a job with a blocker (a prepaid order) and says why", async () => {
    const job = new FakeJob("RUNNING", {
      blocker: "It is a yearly/monthly job: unsubscribe its order first.",
    });
    await expect(run(job)).rejects.toThrow(StopBlockedError);
    await expect(run(job)).rejects.toThrow(/not stopped and not deleted. It is a yearly\/monthly job/);
    expect(job.calls).toEqual([]);
  });

  it("reports a stop the service keeps refusing instead of looping until the deadline", async () => {
    const job = new FakeJob("RUNNING", { refuseStop: "DRS.10010056: a dual-active parent job" });
    const error = await run(job, { maxStopAttempts: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StopFailedError);
    expect((error as Error).message).toMatch(
      /Fake refused the stop each time: DRS.10010056: a dual-active parent job/,
    );
    expect(job.calls).toEqual(["stop@RUNNING", "stop@RUNNING", "stop@RUNNING"]);
  });

  it("waits on a status it does not know, never deleting or stopping on a guess", async () => {
    const job = new FakeJob("MYSTERY");
    await expect(run(job, { timeoutMs: 100 })).rejects.toThrow(/last status MYSTERY/);
    expect(job.calls).toEqual([]);
  });

  it("reads again after a busy or refused delete before deleting again", async () => {
    const job = new FakeJob("STOPPED", { deleteAnswers: ["retryLater"] });
    const lines: string[] = [];
    await run(job, {}, lines);
    expect(job.calls).toEqual(["delete@STOPPED", "delete@STOPPED"]);
    expect(lines.join("\n")).toMatch(/delete not accepted \(DRS.M01504 busy\)/);
  });

  it("lets jobs that poll at the full interval read in the same rounds, whenever each started", async () => {
    const reads: number[][] = [[], []];
    const goneAt = Date.now() + 1_600;
    // A job that is stopping until it disappears; only its reads matter here.
    const stopping = (log: number[]): JobDriver => ({
      family: "Fake",
      canForceStop: false,
      read: () => {
        log.push(Date.now());
        return Promise.resolve(Date.now() >= goneAt ? undefined : { status: "STOPPING", phase: "stopping" });
      },
      stop: () => Promise.resolve({ kind: "accepted" }),
      delete: () => Promise.resolve({ kind: "accepted" }),
    });
    const p = policy({ maxPollMs: 300, pollGridMs: 20, timeoutMs: 5_000 });
    const first = tearDownJob(stopping(reads[0]!), "a", "a", p, () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 130));
    const second = tearDownJob(stopping(reads[1]!), "b", "b", p, () => undefined);
    await Promise.all([first, second]);
    // Started 130 ms apart, both end up reading on the multiples of 300 ms: once settled, every
    // read of one job has a read of the other within a few ms (one batch call per round).
    const settledA = reads[0]!.filter((t) => t >= goneAt - 900);
    expect(settledA.length).toBeGreaterThanOrEqual(2);
    for (const t of settledA) expect(Math.min(...reads[1]!.map((u) => Math.abs(u - t)))).toBeLessThan(40);
    // The gap between two reads stays within half to one and a half intervals.
    for (const log of reads) {
      const gaps = log.slice(1).map((t, i) => t - log[i]!);
      expect(Math.max(...gaps)).toBeLessThan(1.5 * 300 + 40);
    }
  });

  it("acts at once on a stop that failed before any read saw it stopping", async () => {
    let status: Status | "GONE" = "RUNNING";
    const calls: string[] = [];
    const job: JobDriver = {
      family: "Fake",
      canForceStop: true,
      read: () => Promise.resolve(status === "GONE" ? undefined : { status, phase: phaseOf[status] }),
      stop: (_id, force) => {
        calls.push(`${force ? "force" : "stop"}@${status}`);
        // The graceful stop fails within one poll; the forced one completes.
        status = force ? "STOPPED" : "STOP_FAILED";
        return Promise.resolve({ kind: "accepted" });
      },
      delete: () => {
        calls.push(`delete@${status}`);
        status = "GONE";
        return Promise.resolve({ kind: "accepted" });
      },
    };
    // Well inside the 30 s that guard against a stale failure right after a stop sent on one.
    await expect(
      tearDownJob(job, "j1", "FakeJob j1", policy({ timeoutMs: 3_000 }), () => undefined),
    ).resolves.toMatchObject({
      outcome: "deleted",
      forcedStopsSent: 1,
    });
    expect(calls).toEqual(["stop@RUNNING", "force@STOP_FAILED", "delete@STOPPED"]);
  });

  it("rides out calls that still fail for a passing reason after the transport's retries, reading again each time", async () => {
    const outage = (api: string, httpStatus: number) =>
      new HuaweiApiError({ api, httpStatus, ...(httpStatus === 429 ? { errorCode: "APIG.0308" } : {}) });
    const job = new FakeJob("RUNNING", {
      throwing: [
        { call: "read", error: outage("Fake status", 0) },
        { call: "stop", error: outage("Fake stop", 503) },
        { call: "read", error: outage("Fake status", 429) },
        { call: "delete", error: outage("Fake delete", 502) },
      ],
    });
    const lines: string[] = [];
    await expect(run(job, {}, lines)).resolves.toMatchObject({ outcome: "deleted" });
    // Each failure is followed by a fresh read; the delete comes only after a stopped reading.
    expect(job.calls).toEqual([
      "read failed@RUNNING",
      "stop failed@RUNNING",
      "read failed@RUNNING",
      "stop@RUNNING",
      "delete failed@STOPPED",
      "delete@STOPPED",
    ]);
    expect(lines.join("\n")).toMatch(/Fake stop failed: HTTP 503; reading the status again/);
  });

  it("ends at once on an error that is not passing, and at the deadline on a passing one", async () => {
    const denied = new FakeJob("RUNNING", {
      throwing: [{ call: "read", error: new HuaweiApiError({ api: "Fake status", httpStatus: 403 }) }],
    });
    await expect(run(denied)).rejects.toThrow(/HTTP 403/);
    const down = new FakeJob("RUNNING", {
      throwing: Array.from({ length: 1_000 }, () => ({
        call: "read" as const,
        error: new HuaweiApiError({ api: "Fake status", httpStatus: 0 }),
      })),
    });
    await expect(run(down, { timeoutMs: 100 })).rejects.toThrow(/Fake status failed: no answer/);
    expect(down.calls.every((c) => c === "read failed@RUNNING")).toBe(true);
  });

  it("never counts busy answers, missing entries or outages while escalating a failed stop as failed stops", async () => {
    // Case 3 of issue 10: only a stop that was accepted and then seen to fail is a failed stop.
    const job = new FakeJob("RUNNING", {
      graceful: "fails",
      // The graceful stop is accepted and fails; the next four (forced) stops are "try again later".
      stopAnswers: ["act", "busy", "busy", "missing", "busy"],
    });
    const outcome = await run(job, { maxStopAttempts: 3 }).catch((e: unknown) => e);
    expect(outcome).toMatchObject({ outcome: "deleted", forcedStopsSent: 5 });
    expect(job.calls).toEqual([
      "stop@RUNNING",
      "force@STOP_FAILED (busy)",
      "force@STOP_FAILED (busy)",
      "force@STOP_FAILED (missing)",
      "force@STOP_FAILED (busy)",
      "force@STOP_FAILED",
      "delete@STOPPED",
    ]);
  });

  it("never counts an outage while escalating a failed stop as a failed stop", async () => {
    const outage = () => new HuaweiApiError({ api: "Fake stop", httpStatus: 503 });
    // A job whose stop (from an earlier destroy) failed: that failure counts once, the outages not.
    const job = new FakeJob("STOP_FAILED", {
      throwing: [
        { call: "stop", error: outage() },
        { call: "stop", error: outage() },
        { call: "stop", error: outage() },
      ],
    });
    const outcome = await run(job, { maxStopAttempts: 2 }).catch((e: unknown) => e);
    expect(outcome).toMatchObject({ outcome: "deleted" });
    expect(job.calls).toEqual([
      "stop failed@STOP_FAILED",
      "stop failed@STOP_FAILED",
      "stop failed@STOP_FAILED",
      "force@STOP_FAILED",
      "delete@STOPPED",
    ]);
  });

  it("still counts stops that were accepted and then failed, busy answers in between or not", async () => {
    const job = new FakeJob("RUNNING", {
      graceful: "fails",
      force: "fails",
      stopAnswers: ["act", "busy", "act", "missing", "act"],
    });
    const error = await run(job, { maxStopAttempts: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StopFailedError);
    expect((error as Error).message).toMatch(/the stop failed 3 time\(s\)/);
    expect(job.calls).toEqual([
      "stop@RUNNING",
      "force@STOP_FAILED (busy)",
      "force@STOP_FAILED",
      "force@STOP_FAILED (missing)",
      "force@STOP_FAILED",
    ]);
  });

  it("ends at its deadline when a call does not answer, with the job, its last status and advice", async () => {
    // Case 5 of issue 10: a read that hangs (a slow attempt, a batch retrying for other jobs).
    const job = new FakeJob("RUNNING", { graceful: "hangs", readsHangFrom: 3 });
    const started = Date.now();
    const error = await run(job, { timeoutMs: 300, forceStop: "never" }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TeardownTimeoutError);
    expect((error as Error).message).toMatch(/FakeJob j1: not deleted after waiting .* last status STOPPING/);
    expect(elapsed).toBeLessThan(300 + 100);
  });
});
