/*
 * The teardown's decisions, checked without timers or I/O: a history of events is recorded with
 * recordTeardownEvent at written-down instants, then decideTeardownStep is asked what to do after
 * one more event, exactly as tearDownJob's loop does.
 */
import { HuaweiApiError } from "../../provider/http/HuaweiApiError";
import { decideTeardownStep, type TeardownSubject } from "../../provider/teardown/decideTeardownStep";
import type { ActionOutcome, JobView, TeardownPhase } from "../../provider/teardown/JobDriver";
import { recordTeardownEvent } from "../../provider/teardown/recordTeardownEvent";
import {
  StopBlockedError,
  StopFailedError,
  TeardownTimeoutError,
} from "../../provider/teardown/TeardownErrors";
import type { TeardownEvent } from "../../provider/teardown/TeardownEvent";
import { startTeardownMemory, type TeardownMemory } from "../../provider/teardown/TeardownMemory";
import type { TeardownPolicy } from "../../provider/teardown/TeardownPolicy";
import type { TeardownStep } from "../../provider/teardown/TeardownStep";

const t0 = 1_000_000;
const policy: TeardownPolicy = {
  timeoutMs: 600_000,
  maxPollMs: 10_000,
  forceStop: "onTimeout",
  gracefulStopTimeoutMs: 60_000,
  maxStopAttempts: 3,
  pollGridMs: 1,
};
const subject = (overrides: Partial<TeardownSubject> = {}): TeardownSubject => ({
  label: "Fake j1",
  family: "Fake",
  canForceStop: true,
  hasStopBlocker: false,
  policy,
  ...overrides,
});

const statusOf: Record<TeardownPhase, string> = {
  deletable: "STOPPED",
  stopping: "STOPPING",
  needsStop: "RUNNING",
  stopFailed: "STOP_FAILED",
  unknown: "MYSTERY",
  gone: "DELETED",
};
const read = (phase: TeardownPhase | "absent"): TeardownEvent => ({
  kind: "read",
  view: phase === "absent" ? undefined : ({ status: statusOf[phase], phase } satisfies JobView),
});
const accepted: ActionOutcome = { kind: "accepted" };
const busy: ActionOutcome = { kind: "retryLater", detail: "DRS.M01504" };
const stop = (force: boolean, outcome: ActionOutcome = accepted): TeardownEvent => ({
  kind: "stop",
  force,
  outcome,
});
const del = (outcome: ActionOutcome = accepted): TeardownEvent => ({ kind: "delete", outcome });

/** A history: events at instants (ms after t0), recorded in order. */
type History = readonly (readonly [number, TeardownEvent])[];

function remember(history: History, p: TeardownPolicy = policy): TeardownMemory {
  return history.reduce(
    (m, [at, event]) => recordTeardownEvent(m, event, p, t0 + at),
    startTeardownMemory(p, t0),
  );
}

/** What tearDownJob's loop does with one more event at `at`: record it, then decide. */
function next(history: History, event: TeardownEvent, at: number, s: TeardownSubject = subject()) {
  const memory = recordTeardownEvent(remember(history, s.policy), event, s.policy, t0 + at);
  return { memory, step: decideTeardownStep(memory, event, s, t0 + at) };
}

/** A step in a few words, for the tables. */
function brief(step: TeardownStep): string {
  switch (step.kind) {
    case "stop":
      return step.force ? "force" : "stop";
    case "finish":
      return step.outcome;
    case "fail":
      return (step.error as Error).name;
    default:
      return step.kind;
  }
}

const phases = ["deletable", "stopping", "needsStop", "stopFailed", "unknown", "gone", "absent"] as const;

/** Histories, the instant of the next reading, and the step expected after it for each phase. */
const table: readonly {
  history: string;
  events: History;
  at: number;
  /** The expected steps, in the order of `phases`. */
  expect: string;
}[] = [
  {
    history: "nothing sent yet",
    events: [],
    at: 1_000,
    expect: "delete wait stop force wait alreadyGone alreadyGone",
  },
  {
    // A stop that fails within one poll is acted on at once.
    history: "graceful stop accepted 1 s ago",
    events: [
      [0, read("needsStop")],
      [0, stop(false)],
    ],
    at: 1_000,
    expect: "delete wait wait force wait alreadyGone alreadyGone",
  },
  {
    history: "graceful stop accepted 31 s ago, old status lingering",
    events: [
      [0, read("needsStop")],
      [0, stop(false)],
    ],
    at: 31_000,
    expect: "delete wait stop force wait alreadyGone alreadyGone",
  },
  {
    history: "graceful stop accepted 61 s ago (past gracefulStopTimeout)",
    events: [
      [0, read("needsStop")],
      [0, stop(false)],
      [30_000, read("stopping")],
    ],
    at: 61_000,
    expect: "delete force stop force wait alreadyGone alreadyGone",
  },
  {
    history: "forced stop accepted 61 s ago after a hanging graceful one",
    events: [
      [0, read("needsStop")],
      [0, stop(false)],
      [60_000, read("stopping")],
      [60_000, stop(true)],
    ],
    at: 121_000,
    expect: "delete wait stop force wait alreadyGone alreadyGone",
  },
  {
    history: "graceful stop failed; the forced stop answered busy",
    events: [
      [0, read("needsStop")],
      [0, stop(false)],
      [5_000, read("stopFailed")],
      [5_000, stop(true, busy)],
    ],
    at: 6_000,
    expect: "delete wait wait force wait alreadyGone alreadyGone",
  },
  {
    history: "forced stop sent on a failure accepted 1 s ago (the failure may be stale)",
    events: [
      [0, read("needsStop")],
      [0, stop(false)],
      [5_000, read("stopFailed")],
      [5_000, stop(true)],
    ],
    at: 6_000,
    expect: "delete wait wait wait wait alreadyGone alreadyGone",
  },
  {
    history: "forced stop sent on a failure accepted 31 s ago, failure still showing",
    events: [
      [0, read("needsStop")],
      [0, stop(false)],
      [5_000, read("stopFailed")],
      [5_000, stop(true)],
    ],
    at: 36_000,
    expect: "delete wait stop force wait alreadyGone alreadyGone",
  },
  {
    history: "four accepted stops failed, busy answers in between",
    events: [
      [0, read("needsStop")],
      [0, stop(false)],
      [1_000, read("stopFailed")],
      [1_000, stop(true, busy)],
      [2_000, read("stopFailed")],
      [2_000, stop(true)],
      [3_000, read("stopping")],
      [4_000, read("stopFailed")],
      [4_000, stop(true, { kind: "retryLater", detail: "no entry" })],
      [5_000, read("stopFailed")],
      [5_000, stop(true)],
      [6_000, read("stopping")],
      [7_000, read("stopFailed")],
      [7_000, stop(true)],
      [8_000, read("stopping")],
    ],
    at: 9_000,
    expect: "delete wait wait StopFailedError wait alreadyGone alreadyGone",
  },
  {
    history: "delete accepted 1 s ago",
    events: [
      [0, read("deletable")],
      [0, del()],
    ],
    at: 1_000,
    expect: "wait wait stop force wait deleted deleted",
  },
  {
    history: "delete accepted 31 s ago, old status lingering",
    events: [
      [0, read("deletable")],
      [0, del()],
    ],
    at: 31_000,
    expect: "delete wait stop force wait deleted deleted",
  },
  {
    history: "delete answered without the job's entry",
    events: [
      [0, read("deletable")],
      [0, del({ kind: "retryLater", detail: "no entry" })],
    ],
    at: 1_000,
    expect: "delete wait stop force wait deleted deleted",
  },
  {
    history: "delete refused",
    events: [
      [0, read("deletable")],
      [0, del({ kind: "refused", detail: "DRS.M00304" })],
    ],
    at: 1_000,
    expect: "delete wait stop force wait alreadyGone alreadyGone",
  },
];

describe("decideTeardownStep after a reading, for every phase and history", () => {
  const cases = table.flatMap((row) =>
    phases.map((phase, i) => [row.history, phase, row.expect.split(" ")[i]!, row] as const),
  );
  it.each(cases)("%s, then %s: %s", (_history, phase, expected, row) => {
    expect(brief(next(row.events, read(phase), row.at).step)).toBe(expected);
  });
});

describe("decideTeardownStep under each stop policy and family", () => {
  // After: nothing sent / a graceful stop hanging past its timeout / the first failure of a stop.
  const situations: readonly [string, History, TeardownPhase, number][] = [
    ["running", [], "needsStop", 1_000],
    [
      "graceful stop hanging for 61 s",
      [
        [0, read("needsStop")],
        [0, stop(false)],
      ],
      "stopping",
      61_000,
    ],
    [
      "graceful stop failed",
      [
        [0, read("needsStop")],
        [0, stop(false)],
      ],
      "stopFailed",
      5_000,
    ],
  ];
  const variants: readonly [string, Partial<TeardownSubject>, readonly string[]][] = [
    ["onTimeout", {}, ["stop", "force", "force"]],
    ["immediately", { policy: { ...policy, forceStop: "immediately" } }, ["force", "wait", "force"]],
    ["never", { policy: { ...policy, forceStop: "never" } }, ["stop", "wait", "stop"]],
    ["a family without forced stop", { canForceStop: false }, ["stop", "wait", "stop"]],
    ["a family with a blocker not asked yet", { hasStopBlocker: true }, Array(3).fill("checkStopBlocker")],
  ];
  const cases = variants.flatMap(([name, overrides, expected]) =>
    situations.map(
      ([what, history, phase, at], i) => [name, what, expected[i]!, overrides, history, phase, at] as const,
    ),
  );
  it.each(cases)("%s, %s: %s", (_name, _what, expected, overrides, history, phase, at) => {
    expect(brief(next(history, read(phase), at, subject(overrides)).step)).toBe(expected);
  });
});

describe("decideTeardownStep after answers, failures and pauses", () => {
  const outage = new HuaweiApiError({ api: "Fake status", httpStatus: 503 });
  const denied = new HuaweiApiError({ api: "Fake status", httpStatus: 403 });
  const running: History = [[0, read("needsStop")]];
  const cases: readonly [string, History, TeardownEvent, number, string][] = [
    ["the start", [], { kind: "started" }, 0, "read"],
    ["a pause before the deadline", running, { kind: "woke" }, 5_000, "read"],
    ["a pause that ends at the deadline", running, { kind: "woke" }, 600_000, "TeardownTimeoutError"],
    ["a stop accepted", running, stop(false), 0, "wait"],
    ["a stop answered busy", running, stop(false, busy), 0, "wait"],
    ["a stop answered: no such job", running, stop(false, { kind: "gone" }), 0, "alreadyGone"],
    ["a first refused stop", running, stop(false, { kind: "refused", detail: "no" }), 0, "wait"],
    [
      "a third refused stop in a row",
      [
        ...running,
        [0, stop(false, { kind: "refused", detail: "no" })],
        [1_000, stop(false, { kind: "refused", detail: "no" })],
      ],
      stop(false, { kind: "refused", detail: "no" }),
      2_000,
      "StopFailedError",
    ],
    ["a delete answered: no such job", running, del({ kind: "gone" }), 0, "alreadyGone"],
    [
      "a call failing for a passing reason",
      running,
      { kind: "failed", step: { kind: "read" }, error: outage },
      0,
      "wait",
    ],
    [
      "a call failing for good",
      running,
      { kind: "failed", step: { kind: "read" }, error: denied },
      0,
      "HuaweiApiError",
    ],
    [
      "a call failing for a passing reason at the deadline",
      running,
      { kind: "failed", step: { kind: "read" }, error: outage },
      600_000,
      "HuaweiApiError",
    ],
    [
      "a call unanswered at the deadline",
      running,
      { kind: "unanswered", step: { kind: "read" } },
      600_000,
      "TeardownTimeoutError",
    ],
    ["a blocker", running, { kind: "stopBlocker", blocker: "prepaid" }, 0, "StopBlockedError"],
    ["no blocker", running, { kind: "stopBlocker", blocker: undefined }, 0, "stop"],
  ];
  it.each(cases)("after %s: %s", (_what, history, event, at, expected) => {
    expect(brief(next(history, event, at).step)).toBe(expected);
  });

  it("ends an outage that outlasts the deadline with the outage's own error", () => {
    const { step } = next(
      [[0, { kind: "failed", step: { kind: "read" }, error: outage }]],
      { kind: "woke" },
      600_000,
    );
    expect(step).toEqual({ kind: "fail", error: outage });
  });

  it("names the unanswered call, the job and its last status in the timeout", () => {
    const { step } = next(
      running,
      { kind: "unanswered", step: { kind: "stop", force: true, reason: "x" } },
      600_000,
    );
    const error = (step as { error: unknown }).error;
    expect(error).toBeInstanceOf(TeardownTimeoutError);
    expect((error as Error).message).toMatch(
      /^Fake j1: not deleted after waiting 10m00s \(deleteTimeout\); last status RUNNING\. Its stop had not been answered by then/,
    );
  });

  it.each<[string, Partial<TeardownSubject>, RegExp]>([
    ["never (DRS)", { policy: { ...policy, forceStop: "never" } }, /set forceStop: "onTimeout"/],
    [
      "onTimeout with a graceful timeout past the deadline",
      { policy: { ...policy, gracefulStopTimeoutMs: 3_600_000 } },
      /set gracefulStopTimeout \(now 60m00s\) below deleteTimeout/,
    ],
    ["onTimeout in time", {}, /refuses to force it while it runs, end the job in the console/],
    ["a family without forced stops", { canForceStop: false }, /slow to stop\.$/],
  ])("gives the advice that fits the stop policy on timeout: %s", (_what, overrides, advice) => {
    const s = subject(overrides);
    const { step } = next([[0, read("stopping")]], { kind: "woke" }, 600_000, s);
    const message = (step as { error: Error }).error.message;
    expect(message).toMatch(advice);
    if (overrides.canForceStop === false) expect(message).not.toMatch(/forceStop/);
  });

  it("never waits past the deadline", () => {
    const { step } = next(
      [
        [0, read("needsStop")],
        [0, stop(true)],
      ],
      read("stopping"),
      599_990,
    );
    expect(step).toEqual({ kind: "wait", until: t0 + 600_000 });
  });

  it("reports the errors of StopFailed and StopBlocked with the job's label", () => {
    const refused = next(
      [
        [0, stop(false, { kind: "refused", detail: "x" })],
        [0, stop(false, { kind: "refused", detail: "x" })],
      ],
      stop(false, { kind: "refused", detail: "DRS.10010056" }),
      0,
    ).step as { error: unknown };
    expect(refused.error).toBeInstanceOf(StopFailedError);
    expect((refused.error as Error).message).toMatch(
      /^Fake j1: .*Fake refused the stop each time: DRS.10010056/,
    );
    const blocked = next([], { kind: "stopBlocker", blocker: "Unsubscribe first." }, 0).step as {
      error: unknown;
    };
    expect(blocked.error).toBeInstanceOf(StopBlockedError);
  });
});

describe("recordTeardownEvent", () => {
  it("counts every stop and delete sent, answered, failed or abandoned", () => {
    const m = remember([
      [0, stop(false)],
      [0, stop(true, busy)],
      [0, { kind: "failed", step: { kind: "stop", force: true, reason: "x" }, error: new Error("x") }],
      [0, { kind: "unanswered", step: { kind: "stop", force: false, reason: "x" } }],
      [0, del({ kind: "refused", detail: "x" })],
      [0, { kind: "unanswered", step: { kind: "delete" } }],
    ]);
    expect(m).toMatchObject({ stopsSent: 4, forcedStopsSent: 2, deletesSent: 2, deleteMayHaveActed: true });
  });

  it("counts a failure once, however many stops meet it before one is accepted", () => {
    const failing: History = [
      [0, read("stopFailed")],
      [0, stop(true, busy)],
      [1_000, read("stopFailed")],
      [1_000, { kind: "failed", step: { kind: "stop", force: true, reason: "x" }, error: new Error("x") }],
      [2_000, read("stopFailed")],
      [2_000, stop(true, { kind: "refused", detail: "x" })],
      [3_000, read("stopFailed")],
    ];
    expect(remember(failing)).toMatchObject({ failedStops: 1, failureCounted: true, stopRefusals: 1 });
    // A stop the service acted on without saying so (entry missing) that then fails is a new failure.
    expect(remember([...failing, [4_000, read("stopping")], [5_000, read("stopFailed")]])).toMatchObject({
      failedStops: 2,
    });
  });

  it("grows the pause between reads by half up to the policy's maximum", () => {
    const pauses = [0, 1, 2, 3, 4, 5, 6, 7].map(
      (n) => remember(Array.from({ length: n }, () => [0, { kind: "woke" }] as const)).pollMs,
    );
    expect(pauses).toEqual([1_000, 1_500, 2_250, 3_375, 5_062.5, 7_593.75, 10_000, 10_000]);
  });

  it("leaves the memory it was given unchanged", () => {
    const before = remember([[0, read("needsStop")]]);
    const copy = structuredClone(before);
    recordTeardownEvent(before, stop(false), policy, t0);
    expect(before).toEqual(copy);
  });
});
