/*
 * The prepaid check before a DRS v5 stop, over real HTTP against the emulator and judged from its
 * call log: the job list (read ten ids a call) carries each job's `charging_mode`, so a teardown
 * of many on-demand jobs needs no detail or actions call per job before their stops. Only a job
 * whose list entry leaves the mode out (the pessimistic emulator does so for some jobs) is read
 * by its detail, and the actions call is never needed while the detail names the mode.
 */
import { randomUUID } from "node:crypto";
import { defaultEmulatorCredentials, emulatorModes, type EmulatorCall } from "../../emulator";
import type { ApiConnection } from "../../provider/http/ApiConnection";
import { StopBlockedError } from "../../provider/teardown/TeardownErrors";
import { connectFromEnv, emulatorEnv } from "../helpers/emulatorConnections";
import {
  adoptedDrsOutputs,
  drsEnd,
  fastEmulatorTiming,
  tearDownDrs,
  testEmulator,
} from "../helpers/teardownOverEmulator";

const { projectId } = defaultEmulatorCredentials;

const pathOnly = (call: EmulatorCall) => call.path.split("?")[0] ?? "";
const isDetail = (call: EmulatorCall, id: string) =>
  call.method === "GET" && pathOnly(call) === `/v5/${projectId}/jobs/${id}`;
const isActions = (call: EmulatorCall) =>
  call.method === "GET" && /\/v5\/[^/]+\/jobs\/[^/]+\/actions$/.test(pathOnly(call));
const isStopOf = (call: EmulatorCall, id: string) =>
  call.method === "POST" && pathOnly(call).endsWith("/batch-stop") && JSON.stringify(call.body).includes(id);
const isList = (call: EmulatorCall) => call.method === "GET" && pathOnly(call) === `/v5/${projectId}/jobs`;

/** The list entries of `id` in the list answers among `calls`. */
function listEntries(calls: readonly EmulatorCall[], id: string): Record<string, unknown>[] {
  return calls
    .filter(isList)
    .flatMap((c) => {
      const jobs = (c.answer as { jobs?: unknown } | undefined)?.jobs;
      return Array.isArray(jobs) ? (jobs as Record<string, unknown>[]) : [];
    })
    .filter((entry) => entry["id"] === id);
}

/**
 * `count` job ids, half of which the pessimistic emulator's list shows without `charging_mode`
 * (it picks by the parity of the id's character codes); the tests read the list answers rather
 * than trust this, and fail if both kinds do not show up.
 */
function idsOfBothKinds(count: number): string[] {
  const parity = (id: string) => {
    let sum = 0;
    for (const char of id) sum += char.charCodeAt(0);
    return sum % 2;
  };
  const out: string[] = [];
  while (out.length < count) {
    const id = randomUUID();
    if (parity(id) === out.length % 2) out.push(id);
  }
  return out;
}

describe.each(emulatorModes)("DRS v5 prepaid check from the job list, %s emulator", (mode) => {
  const emulator = testEmulator(fastEmulatorTiming, mode);
  let conn: ApiConnection;
  beforeAll(async () => {
    conn = await connectFromEnv("drs", emulatorEnv(await emulator.start(), "aksk"));
  });
  afterAll(() => emulator.stop());

  it("tears down 20 on-demand jobs with no detail or actions call per job before their stops", async () => {
    const jobs = Array.from({ length: 20 }, () => emulator.seed({ projectId, engineType: "mysql" }));
    const outs = await Promise.all(jobs.map((job) => adoptedDrsOutputs(conn, job.id)));
    const since = emulator.calls().length;
    const runs = await Promise.all(outs.map((o) => tearDownDrs(conn, o)));
    expect(runs.map((r) => r.error)).toEqual(jobs.map(() => undefined));
    const calls = emulator.calls().slice(since);

    // The detail names the mode whenever the list did not: the actions call is never needed.
    expect(calls.filter(isActions).map(pathOnly)).toEqual([]);
    const fellBack: string[] = [];
    for (const job of jobs) {
      const stopAt = calls.findIndex((c) => isStopOf(c, job.id));
      expect(stopAt).toBeGreaterThanOrEqual(0);
      const before = calls.slice(0, stopAt);
      const listed = listEntries(before, job.id);
      expect(listed.length).toBeGreaterThan(0);
      const details = before.filter((c) => isDetail(c, job.id)).length;
      if (listed.every((entry) => entry["charging_mode"] === undefined)) {
        // Only a list that left the mode out sends the job's own detail read, once.
        fellBack.push(job.id);
        expect(details).toBe(1);
      } else {
        expect(details).toBe(0);
      }
      expect(drsEnd(emulator, job.id)).toMatch(/^(DELETED|removed)$/);
    }
    if (emulator.strictness.v5ListWithoutChargingMode) {
      // Some entries leave the mode out and some keep it: both ways were taken.
      expect(fellBack.length).toBeGreaterThan(0);
      expect(fellBack.length).toBeLessThan(jobs.length);
    } else {
      expect(fellBack).toEqual([]);
    }
    // Before the stops, reading 20 jobs costs list calls of ten ids, not a call or two per job.
    const firstStop = calls.findIndex((c) => pathOnly(c).endsWith("/batch-stop"));
    const reads = calls.slice(0, firstStop + 1).filter((c) => c.method === "GET").length;
    expect(reads).toBeLessThanOrEqual(4 + 2 * fellBack.length);
  });

  it("still refuses every prepaid job among on-demand ones, sending it no stop", async () => {
    const prepaid = idsOfBothKinds(4).map((id) => emulator.seed({ id, projectId, chargingMode: "period" }));
    const onDemand = Array.from({ length: 6 }, () => emulator.seed({ projectId }));
    const all = [...prepaid, ...onDemand];
    const outs = await Promise.all(all.map((job) => adoptedDrsOutputs(conn, job.id)));
    const since = emulator.calls().length;
    const runs = await Promise.all(outs.map((o) => tearDownDrs(conn, o)));
    const calls = emulator.calls().slice(since);
    const fellBack: string[] = [];
    for (const [i, job] of prepaid.entries()) {
      const error = runs[i]?.error;
      expect(error).toBeInstanceOf(StopBlockedError);
      const message = (error as Error).message;
      expect(message).toContain(job.id);
      // From the list entry, or from the detail's base_info (one detail call) when the list left the mode out.
      const listed = listEntries(calls, job.id);
      expect(listed.length).toBeGreaterThan(0);
      const details = calls.filter((c) => isDetail(c, job.id)).length;
      if (listed.every((entry) => entry["charging_mode"] === undefined)) {
        fellBack.push(job.id);
        expect(message).toContain('(base_info.charging_mode "period")');
        expect(details).toBe(1);
      } else {
        expect(message).toContain(`(the job list's charging_mode "period")`);
        expect(details).toBe(0);
      }
      expect(calls.some((c) => c.method !== "GET" && JSON.stringify(c.body).includes(job.id))).toBe(false);
      expect(drsEnd(emulator, job.id)).toBe("INCRE_TRANSFER_STARTED");
    }
    for (const [i, job] of onDemand.entries()) {
      expect(runs[prepaid.length + i]?.error).toBeUndefined();
      expect(drsEnd(emulator, job.id)).toMatch(/^(DELETED|removed)$/);
    }
    expect(fellBack.length).toBe(emulator.strictness.v5ListWithoutChargingMode ? 2 : 0);
    expect(calls.filter(isActions).map(pathOnly)).toEqual([]);
  });
});
