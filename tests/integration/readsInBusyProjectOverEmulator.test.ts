/*
 * Status reads that do not grow with the project: DLI jobs torn down in a project of a thousand
 * other jobs (emulator/seedCrowd), counted from the emulator's call log. A few jobs are read by
 * their details; many are read from list pages, never more pages than the project has per round.
 * DLI's list has no id filter, and jobs deleted between two pages shift the rest across the page
 * boundary: a job the walk missed must be read by its detail, never taken as gone.
 */
import {
  defaultEmulatorCredentials,
  seedCrowd,
  type EmulatorCall,
  type EmulatedDliJob,
} from "../../emulator";
import type { ApiConnection } from "../../provider/http/ApiConnection";
import { connectFromEnv, emulatorEnv } from "../helpers/emulatorConnections";
import {
  adoptedDliOutputs,
  dliEnd,
  dliStoppedStatuses,
  expectStopsBeforeDeletes,
  fastEmulatorTiming,
  tearDownDli,
  testEmulator,
} from "../helpers/teardownOverEmulator";

const { projectId } = defaultEmulatorCredentials;
const crowd = 1000;
const listPath = `/v1.0/${projectId}/streaming/jobs`;

const pathOf = (call: EmulatorCall) => call.path.split("?")[0] ?? "";
const queryOf = (call: EmulatorCall) => new URLSearchParams(call.path.split("?")[1] ?? "");
const isListPage = (call: EmulatorCall) => call.method === "GET" && pathOf(call) === listPath;
const detailOf = (call: EmulatorCall): string | undefined =>
  call.method === "GET" && pathOf(call).startsWith(`${listPath}/`)
    ? pathOf(call).slice(listPath.length + 1)
    : undefined;
const isDliRead = (call: EmulatorCall) => isListPage(call) || detailOf(call) !== undefined;

/**
 * The status reads of a teardown split into poll rounds: the reads of one round go out together
 * (one batch: its pages one after the other, its details at once), and rounds are at least a
 * poll grid step (50 ms) apart.
 */
function readRounds(calls: readonly EmulatorCall[]): EmulatorCall[][] {
  const rounds: EmulatorCall[][] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const call of calls.filter(isDliRead)) {
    if (call.at - last > 30 || rounds.length === 0) rounds.push([]);
    rounds[rounds.length - 1]?.push(call);
    last = call.at;
  }
  return rounds;
}

describe("DLI status reads in a project of a thousand other jobs", () => {
  // Lenient, so that the crowd is exactly what this file seeds.
  const emulator = testEmulator(fastEmulatorTiming, "lenient");
  let env: Record<string, string>;
  beforeAll(async () => {
    env = emulatorEnv(await emulator.start(), "aksk");
  });
  // One project for every case, as in one provider process (which remembers the project's size
  // between rounds); each case empties it afterwards. (No emulator reset: it would hand out the
  // same job ids again, which DLI never does.)
  afterEach(() => {
    for (const job of emulator.dli.store.list(projectId)) emulator.dli.store.delete(job);
  });
  afterAll(() => emulator.stop());

  async function tearDownAll(jobs: readonly EmulatedDliJob[]) {
    const conns: ApiConnection[] = await Promise.all(jobs.map(() => connectFromEnv("dli", env)));
    const since = emulator.calls().length;
    const results = await Promise.all(
      jobs.map((job, i) => tearDownDli(conns[i]!, adoptedDliOutputs(conns[i]!, job.id))),
    );
    const during = emulator.calls().slice(since);
    expect(results.map((r) => (r.error instanceof Error ? r.error.message : r.error))).toEqual(
      jobs.map(() => undefined),
    );
    for (const [i, job] of jobs.entries()) {
      // Deleted by this teardown, never "already gone" on a list's word.
      expect(results[i]?.report).toMatchObject({ outcome: "deleted", stopsSent: 1, deletesSent: 1 });
      expect(dliEnd(emulator, job.id)).toBe("removed");
      expect(
        expectStopsBeforeDeletes(emulator.calls(), projectId, job.id, dliStoppedStatuses).map((s) => s.kind),
      ).toEqual(["stop", "delete"]);
    }
    return during;
  }

  /**
   * `n` running jobs, then the crowd: DLI lists the newest first, so the jobs to read sit behind
   * ten pages of others, where a walk must go to find them.
   */
  const running = (n: number) => {
    const jobs = Array.from({ length: n }, () => emulator.dli.seed({ projectId, status: "job_running" }));
    seedCrowd(emulator, projectId, { dli: crowd, drsV5: 0, drsV3: 0 });
    return jobs;
  };

  it("reads three jobs by their details, not by listing the project each round", async () => {
    const jobs = running(3);
    const during = await tearDownAll(jobs);
    const rounds = readRounds(during);
    const pages = during.filter(isListPage);
    // The first round's first page tells the project's size (1,003 jobs, eleven pages); after that
    // no round lists anything, as three details are cheaper than eleven pages.
    expect(pages.length).toBeLessThanOrEqual(1);
    expect(rounds.length).toBeGreaterThanOrEqual(3);
    rounds.forEach((round, i) => expect(round.length).toBeLessThanOrEqual(i === 0 ? 4 : 3));
    // Every detail read was one of the three.
    const ids = new Set(jobs.map((j) => j.id));
    for (const call of during) {
      const id = detailOf(call);
      if (id !== undefined) expect(ids.has(id)).toBe(true);
    }
  });

  it("reads thirty jobs from at most the project's eleven pages a round, and the deleted by detail", async () => {
    const jobs = running(30);
    const during = await tearDownAll(jobs);
    const pageSize = Math.ceil((crowd + jobs.length) / 100);
    const rounds = readRounds(during);
    for (const round of rounds) expect(round.filter(isListPage).length).toBeLessThanOrEqual(pageSize);
    // A walk starts at offset 0; each walk has at most the project's pages.
    const walks = during.filter((c) => isListPage(c) && queryOf(c).get("offset") === "0").length;
    expect(walks).toBeGreaterThanOrEqual(2);
    expect(during.filter(isListPage).length).toBeLessThanOrEqual(walks * pageSize);
    // While a job lived, its status came from the pages: its detail was read only after its
    // delete (to confirm it gone), never once per job per round.
    for (const job of jobs) {
      const deletedAt = during.find(
        (c) => pathOf(c).endsWith("/streaming/jobs/delete") && job.id in c.jobStatusBefore,
      )?.seq;
      expect(deletedAt).toBeDefined();
      const detailsBefore = during.filter((c) => detailOf(c) === job.id && c.seq < (deletedAt ?? 0));
      expect(detailsBefore).toEqual([]);
    }
    // Thirty jobs read one detail each per round would have cost far more.
    const reads = during.filter(isDliRead).length;
    expect(reads).toBeLessThan(rounds.length * 30);
  });

  it("reads by detail a job that shifted out of the walk, and never takes it as gone", async () => {
    const jobs = running(30);
    // DLI forgets other jobs while the walk goes on: after every page the job at the front of the
    // list (the newest) is deleted, so the jobs behind slide forward across page boundaries the
    // walk has passed.
    const front = emulator.dli.store
      .list(projectId)
      .filter((j) => !jobs.includes(j))
      .reverse();
    const stopShifting = emulator.onCall((call) => {
      if (!isListPage(call)) return;
      const victim = front.shift();
      if (victim !== undefined) emulator.dli.store.delete(victim);
    });
    let during: readonly EmulatorCall[];
    try {
      during = await tearDownAll(jobs);
    } finally {
      stopShifting();
    }
    // Some living job was missed by a walk and read by its detail instead (a confirmation).
    const confirmed = jobs.filter((job) => {
      const deletedAt = during.find(
        (c) => pathOf(c).endsWith("/streaming/jobs/delete") && job.id in c.jobStatusBefore,
      )?.seq;
      return during.some((c) => detailOf(c) === job.id && c.seq < (deletedAt ?? 0));
    });
    expect(confirmed.length).toBeGreaterThan(0);
  });
});
