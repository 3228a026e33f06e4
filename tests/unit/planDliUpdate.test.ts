import {
  describeDliUpdate,
  planDliUpdate,
  type DliUpdateFacts,
} from "../../provider/resources/planDliUpdate";

const running: DliUpdateFacts = {
  status: "job_running",
  specChanged: false,
  run: true,
  wasRun: true,
  savepoint: false,
  hasSavepoint: false,
};
const steps = (facts: Partial<DliUpdateFacts>) => {
  const plan = planDliUpdate({ ...running, ...facts });
  if (plan.kind !== "steps") throw new Error(`refused: ${plan.reason}`);
  return plan.steps;
};

describe("planDliUpdate: a changed spec", () => {
  it("stops a running job with a savepoint, waits, updates, and runs it resuming from that savepoint", () => {
    expect(steps({ specChanged: true })).toEqual([
      { kind: "stop", triggerSavepoint: true },
      { kind: "waitStopped" },
      { kind: "put" },
      { kind: "run", resumeSavepoint: true },
      { kind: "waitRunning" },
    ]);
  });

  it("takes a savepoint for the spec change even when `savepoint` is off", () => {
    expect(steps({ specChanged: true, savepoint: false })[0]).toEqual({
      kind: "stop",
      triggerSavepoint: true,
    });
  });

  it("only updates a stopped job when it is not to run", () => {
    expect(steps({ specChanged: true, status: "job_cancel_success", run: false, wasRun: false })).toEqual([
      { kind: "put" },
    ]);
    expect(steps({ specChanged: true, status: "job_init", run: false, wasRun: false })).toEqual([
      { kind: "put" },
    ]);
  });

  it("updates a stopped job and runs it when it is to run, resuming only when a savepoint exists", () => {
    expect(steps({ specChanged: true, status: "job_cancel_success", wasRun: false })).toEqual([
      { kind: "put" },
      { kind: "run", resumeSavepoint: false },
      { kind: "waitRunning" },
    ]);
    expect(
      steps({ specChanged: true, status: "job_submit_fail", wasRun: false, hasSavepoint: true }),
    ).toEqual([{ kind: "put" }, { kind: "run", resumeSavepoint: true }, { kind: "waitRunning" }]);
  });

  it("stops, updates and leaves stopped when spec and run: false change together", () => {
    expect(steps({ specChanged: true, run: false })).toEqual([
      { kind: "stop", triggerSavepoint: true },
      { kind: "waitStopped" },
      { kind: "put" },
    ]);
  });

  it("waits for a stop already under way instead of sending another, then updates", () => {
    expect(steps({ specChanged: true, status: "job_savepointing" })).toEqual([
      { kind: "waitStopped" },
      { kind: "put" },
      { kind: "run", resumeSavepoint: true },
      { kind: "waitRunning" },
    ]);
  });

  it("stops again a job whose last stop failed before updating it", () => {
    expect(steps({ specChanged: true, status: "job_cancel_fail" }).slice(0, 3)).toEqual([
      { kind: "stop", triggerSavepoint: true },
      { kind: "waitStopped" },
      { kind: "put" },
    ]);
  });

  it("stops a job still being submitted before updating it", () => {
    expect(steps({ specChanged: true, status: "job_submitting" })[0]?.kind).toBe("stop");
  });

  it("refuses, doing nothing, when the job's status is unknown", () => {
    const plan = planDliUpdate({ ...running, specChanged: true, status: "job_rebalancing" });
    expect(plan).toEqual({ kind: "refuse", reason: expect.stringContaining("job_rebalancing") as unknown });
  });
});

describe("planDliUpdate: a changed `run`", () => {
  it("stops a running job on true → false, with a savepoint only when `savepoint` is set", () => {
    expect(steps({ run: false })).toEqual([
      { kind: "stop", triggerSavepoint: false },
      { kind: "waitStopped" },
    ]);
    expect(steps({ run: false, savepoint: true })).toEqual([
      { kind: "stop", triggerSavepoint: true },
      { kind: "waitStopped" },
    ]);
  });

  it("does nothing on true → false when the job is not running", () => {
    expect(steps({ run: false, status: "job_cancel_success" })).toEqual([]);
    expect(steps({ run: false, status: "job_submit_fail" })).toEqual([]);
  });

  it("runs a stopped job on false → true, resuming when a savepoint was taken", () => {
    expect(steps({ wasRun: false, status: "job_cancel_success", hasSavepoint: true })).toEqual([
      { kind: "run", resumeSavepoint: true },
      { kind: "waitRunning" },
    ]);
    expect(steps({ wasRun: false, status: "job_init" })).toEqual([
      { kind: "run", resumeSavepoint: false },
      { kind: "waitRunning" },
    ]);
  });

  it("re-runs a job whose earlier run failed (stored run false) on the next update", () => {
    expect(steps({ wasRun: false, status: "job_submit_fail" })).toEqual([
      { kind: "run", resumeSavepoint: false },
      { kind: "waitRunning" },
    ]);
  });

  it("only waits for a job that is already starting, and does nothing for one already running", () => {
    expect(steps({ wasRun: false, status: "job_submitting" })).toEqual([{ kind: "waitRunning" }]);
    expect(steps({ wasRun: false, status: "job_running" })).toEqual([]);
  });

  it("does nothing when neither spec nor run changed, whatever the status", () => {
    expect(steps({ status: "job_cancel_success" })).toEqual([]);
    expect(steps({ status: "job_rebalancing" })).toEqual([]);
  });
});

describe("describeDliUpdate", () => {
  it("writes the steps as one progress line", () => {
    expect(describeDliUpdate(steps({ specChanged: true }), "sql")).toBe(
      "stop with savepoint → wait until stopped → update the SQL job in place → run resuming from the savepoint → wait until running",
    );
  });
});
