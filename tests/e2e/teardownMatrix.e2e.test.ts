/**
 * End to end with the real Pulumi CLI: a stack of 30 jobs covering every family (DRS v5 with
 * both delete calls, DRS v3, DLI) in every starting state (running, paused, failed, stopping,
 * stopped, deleted outside Pulumi, a stop that fails) destroyed with `--parallel 30`; and a
 * destroy that runs out of its deadline, then converges once the job can be stopped.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  crowdSize,
  defaultEmulatorCredentials,
  emulatorEnv,
  emulatorModes,
  type EmulatedDliJob,
  type EmulatedDrsJob,
  type EmulatorCall,
} from "../../emulator";
import { callKind, teardownCallsFor } from "../../scripts/describeJobTeardown";
import { testEmulator } from "../helpers/teardownOverEmulator";
import { forgetStackConfig, pulumiEnv, repoRoot, runPulumi, runPulumiOk } from "../../scripts/pulumiCli";

jest.setTimeout(10 * 60_000);

const { projectId } = defaultEmulatorCredentials;

/** Statuses in which a delete is allowed, per family. */
const stoppedStatuses = new Set([
  "RELEASE_RESOURCE_COMPLETE",
  "CREATE_FAILED",
  "job_cancel_success",
  "job_submit_fail",
  "job_finish",
]);

/** The status reads that cover many jobs in one call (one per family). */
function batchedStatusRead(call: EmulatorCall): "drs-v3" | "drs-v5" | "dli" | undefined {
  const p = call.path.split("?")[0] ?? "";
  if (p.endsWith("/jobs/batch-status")) return "drs-v3";
  if (call.method === "GET" && /^\/v5\/[^/]+\/jobs$/.test(p)) return "drs-v5";
  if (call.method === "GET" && /^\/v1\.0\/[^/]+\/streaming\/jobs$/.test(p)) return "dli";
  return undefined;
}

/** Status reads grouped into rounds: reads less than 100 ms apart belong to one round. */
function readRounds(reads: readonly EmulatorCall[]): { at: number; calls: number }[] {
  const rounds: { at: number; calls: number }[] = [];
  for (const read of reads) {
    const last = rounds.at(-1);
    if (last !== undefined && read.at - last.at < 100) last.calls++;
    else rounds.push({ at: read.at, calls: 1 });
  }
  return rounds;
}

describe.each(emulatorModes)(
  "teardown of every job family and state with the real Pulumi CLI (%s emulator)",
  (mode) => {
    const emulator = testEmulator(
      {
        stopMs: 2_000,
        forceStopMs: 500,
        deletedLingerMs: 500,
        dli: { submitMs: 500, stopMs: 1_500, savepointMs: 500 },
      },
      mode,
    );
    let stateDir: string;
    let env: NodeJS.ProcessEnv;
    const pulumi = (...args: string[]) => runPulumiOk(args, { cwd: repoRoot, env });

    beforeAll(async () => {
      const url = await emulator.start();
      stateDir = mkdtempSync(path.join(tmpdir(), "hwjobs-matrix-"));
      env = pulumiEnv(stateDir, emulatorEnv(url, "aksk"));
    });
    afterAll(async () => {
      await emulator.stop();
      rmSync(stateDir, { recursive: true, force: true });
    });

    it("destroys 30 mixed jobs with --parallel 30, stopping each first and batching the calls", async () => {
      const v5 = (name: string, status: string, extra: Partial<Parameters<typeof emulator.seed>[0]> = {}) =>
        emulator.seed({ projectId, name, status, engineType: "mysql", ...extra });
      const kafka = { engineType: "mysql-to-kafka" } as const;
      const v3 = (name: string, status: string, extra: Partial<Parameters<typeof emulator.seed>[0]> = {}) =>
        emulator.seed({ projectId, name, status, family: "v3", ...extra });
      const dli = (name: string, status: EmulatedDliJob["status"], stopFailsTimes = 0) =>
        emulator.dli.seed({ projectId, name, status, stopFailsTimes });

      const drsV5: EmulatedDrsJob[] = [
        v5("v5-running-1", "INCRE_TRANSFER_STARTED"),
        v5("v5-running-2", "FULL_TRANSFER_STARTED"),
        v5("v5-running-3", "INCRE_TRANSFER_STARTED"),
        v5("v5-paused", "PAUSING"),
        v5("v5-failed", "INCRE_TRANSFER_FAILED"),
        v5("v5-stopping", "RELEASE_RESOURCE_STARTED"),
        v5("v5-stopped", "RELEASE_RESOURCE_COMPLETE"),
        v5("v5-stop-fails", "INCRE_TRANSFER_STARTED", { gracefulStop: "fails" }),
        v5("v5-one-running", "INCRE_TRANSFER_STARTED", kafka),
        v5("v5-one-paused", "PAUSING", kafka),
        v5("v5-one-failed", "INCRE_TRANSFER_FAILED", kafka),
        v5("v5-one-deleted", "RELEASE_RESOURCE_COMPLETE", kafka),
      ];
      const drsV3: EmulatedDrsJob[] = [
        v3("v3-running-1", "INCRE_TRANSFER_STARTED"),
        v3("v3-running-2", "FULL_TRANSFER_STARTED"),
        v3("v3-configuring", "CONFIGURATION"),
        v3("v3-paused", "PAUSING"),
        v3("v3-failed", "INCRE_TRANSFER_FAILED"),
        v3("v3-stopping", "RELEASE_RESOURCE_STARTED"),
        v3("v3-stopped", "RELEASE_RESOURCE_COMPLETE"),
        v3("v3-deleted", "RELEASE_RESOURCE_COMPLETE"),
        v3("v3-stop-fails", "INCRE_TRANSFER_STARTED", { gracefulStop: "fails" }),
      ];
      const dliJobs: EmulatedDliJob[] = [
        dli("dli-running-1", "job_running"),
        dli("dli-running-2", "job_running"),
        dli("dli-running-3", "job_running"),
        dli("dli-submitting", "job_submitting"),
        dli("dli-failed", "job_submit_fail"),
        dli("dli-stopping", "job_canceling"),
        dli("dli-stopped", "job_cancel_success"),
        dli("dli-deleted", "job_cancel_success"),
        dli("dli-stop-fails-twice", "job_running", 2),
      ];
      const everyJob = [...drsV5, ...drsV3, ...dliJobs];
      expect(everyJob).toHaveLength(30);

      forgetStackConfig("thirty");
      await pulumi("stack", "init", "thirty");
      await pulumi("config", "set", "drsV5JobIds", JSON.stringify(drsV5.map((j) => j.id)));
      await pulumi("config", "set", "drsV3JobIds", JSON.stringify(drsV3.map((j) => j.id)));
      await pulumi("config", "set", "dliJobIds", JSON.stringify(dliJobs.map((j) => j.id)));
      await pulumi("config", "set", "pollInterval", "1s");
      await pulumi("config", "set", "gracefulStopTimeout", "30s");
      expect(await pulumi("up", "--yes", "--skip-preview", "--parallel", "30")).toMatch(/\+ 31 created/);

      // Three jobs are deleted outside Pulumi between up and destroy; destroy must not fail on them.
      const deletedOutside = ["v5-one-deleted", "v3-deleted", "dli-deleted"];
      for (const job of drsV5.concat(drsV3))
        if (deletedOutside.includes(job.name)) emulator.store.delete(job);
      emulator.dli.store.delete(dliJobs.find((j) => j.name === "dli-deleted")!);
      // Jobs stopped outside Pulumi shortly before are still stopping when destroy starts.
      for (const name of ["v5-stopping", "v3-stopping"])
        emulator.store.stop(drsV5.concat(drsV3).find((j) => j.name === name)!);
      const destroyFrom = emulator.calls().length;

      const destroy = await pulumi("destroy", "--yes", "--skip-preview", "--parallel", "30");
      expect(destroy).toMatch(/- 31 deleted/);
      const calls = emulator.calls().slice(destroyFrom);

      // Every job is gone, and every delete came after every stop, sent while the job was stopped.
      for (const job of everyJob) {
        expect({ job: job.name, gone: job.removed || job.status === "DELETED" }).toEqual({
          job: job.name,
          gone: true,
        });
        const steps = teardownCallsFor(job.id, calls);
        const deletes = steps.filter((c) => callKind(c, job.id) === "delete");
        if (deletedOutside.includes(job.name)) {
          expect({ job: job.name, steps: steps.length }).toEqual({ job: job.name, steps: 0 });
          continue;
        }
        expect({ job: job.name, deletes: deletes.length > 0 }).toEqual({ job: job.name, deletes: true });
        for (const del of deletes) {
          expect({ job: job.name, before: stoppedStatuses.has(del.jobStatusBefore[job.id] ?? "") }).toEqual({
            job: job.name,
            before: true,
          });
        }
        for (const stop of steps.filter((c) => callKind(c, job.id) !== "delete"))
          expect(stop.seq).toBeLessThan(deletes[0]!.seq);
      }

      // Jobs already stopped or stopping got no stop; failed DRS jobs still hold resources and were
      // stopped first (api-facts §1); the v5 and v3 stops that failed were escalated to forced
      // stops; the DLI stop that failed twice was sent again until it held.
      const kinds = (job: { id: string }) => teardownCallsFor(job.id, calls).map((c) => callKind(c, job.id));
      const byName = (name: string) => everyJob.find((j) => j.name === name)!;
      for (const name of ["v5-stopped", "v5-stopping", "v3-stopped", "v3-stopping"])
        expect({ name, kinds: kinds(byName(name)) }).toEqual({ name, kinds: ["delete"] });
      for (const name of [
        "v5-failed",
        "v5-one-failed",
        "v3-failed",
        "v5-paused",
        "v3-paused",
        "v3-configuring",
      ])
        expect({ name, kinds: kinds(byName(name)) }).toEqual({ name, kinds: ["stop", "delete"] });
      for (const name of ["dli-failed", "dli-stopped", "dli-stopping"])
        expect({ name, kinds: kinds(byName(name)) }).toEqual({ name, kinds: ["delete"] });
      expect(kinds(byName("v5-stop-fails"))).toEqual(["stop", "forced stop", "delete"]);
      expect(kinds(byName("v3-stop-fails"))).toEqual(["stop", "forced stop", "delete"]);
      expect(kinds(byName("dli-stop-fails-twice"))).toEqual(["stop", "stop", "stop", "delete"]);
      expect(destroy).toMatch(/\[DliFlinkJob flink-9 \d+\] stop sent \(stop failed \(job_cancel_fail\)/);

      // Batching: each batch endpoint carried fewer calls than job entries, and at least one call
      // carried several jobs. (First stops go out as each job's first read comes back, spread over
      // the time the CLI takes to hand over 30 deletes, so how many share a call varies; deletes,
      // due when stops complete together, share more.)
      const jobsNamed = (c: EmulatorCall) => Object.keys(c.jobStatusBefore).length;
      const batchEndpoints: Record<string, (c: EmulatorCall) => boolean> = {
        "DRS v5 batch-stop": (c) => c.path.endsWith("/jobs/batch-stop"),
        "DRS v5 delete-many": (c) => c.method === "DELETE" && /^\/v5\/[^/]+\/jobs$/.test(c.path),
        "DRS v3 batch-jobs": (c) => c.path.endsWith("/jobs/batch-jobs"),
        "DLI stop": (c) => c.path.endsWith("/streaming/jobs/stop"),
        "DLI delete": (c) => c.path.endsWith("/streaming/jobs/delete"),
      };
      for (const [endpoint, matches] of Object.entries(batchEndpoints)) {
        const sent = calls.filter(matches);
        const entries = sent.reduce((n, c) => n + jobsNamed(c), 0);
        expect({ endpoint, fewerCallsThanJobs: sent.length > 0 && sent.length < entries }).toEqual({
          endpoint,
          fewerCallsThanJobs: true,
        });
        expect({ endpoint, most: Math.max(...sent.map(jobsNamed)) >= 2 }).toEqual({ endpoint, most: true });
      }

      // Status: polling many jobs costs one read per family per poll round, not one per job. Once
      // the jobs are polling at pollInterval (1 s) they read together, so after the first seconds
      // (while the CLI is still handing over deletes) a family's reads come a round apart, never in
      // several groups a grid step apart.
      for (const family of ["drs-v3", "drs-v5", "dli"] as const) {
        const rounds = readRounds(calls.filter((c) => batchedStatusRead(c) === family));
        expect({ family, rounds: rounds.length >= 3 }).toEqual({ family, rounds: true });
        const settled = rounds.filter((r) => r.at >= rounds[0]!.at + 2_000);
        const gaps = settled.slice(1).map((r, i) => r.at - settled[i]!.at);
        // One exception allowed: a job whose stop failed restarts its short waits once.
        expect({ family, gaps, offRhythm: gaps.filter((g) => g < 500).length <= 1 }).toMatchObject({
          family,
          offRhythm: true,
        });
        // v5 lists take ten ids a call; the others take every job in one call, except that a
        // crowded project's DLI list pages (100 jobs a page) while that is cheaper than detail reads.
        const dliPages = emulator.strictness.crowdedProject
          ? Math.ceil((crowdSize.dli + dliJobs.length) / 100)
          : 1;
        const most = family === "drs-v5" ? 2 : family === "dli" ? dliPages : 1;
        expect({ family, withinOneRound: Math.max(...settled.map((r) => r.calls)) <= most }).toEqual({
          family,
          withinOneRound: true,
        });
      }
      // Per-job detail reads remain where a list cannot be certain (a job gone, the check for a
      // prepaid order before a first stop); they are a few per job, not one per job per round.
      const details = calls.filter((c) => c.method === "GET" && batchedStatusRead(c) === undefined).length;
      expect(details).toBeLessThanOrEqual(2 * everyJob.length);

      await pulumi("stack", "rm", "thirty", "--yes");
    });

    it("fails with a clear error when a job outlives deleteTimeout, and converges once it can stop", async () => {
      const hangs = emulator.seed({
        projectId,
        name: "hangs",
        status: "INCRE_TRANSFER_STARTED",
        engineType: "mysql",
        gracefulStop: "hangs",
      });
      const fine = emulator.seed({
        projectId,
        name: "fine",
        status: "INCRE_TRANSFER_STARTED",
        engineType: "mysql",
      });
      forgetStackConfig("deadline");
      await pulumi("stack", "init", "deadline");
      await pulumi("config", "set", "drsV5JobIds", JSON.stringify([hangs.id, fine.id]));
      await pulumi("config", "set", "pollInterval", "500ms");
      await pulumi("config", "set", "deleteTimeout", "6s");
      // The graceful stop would be forced only after an hour: the deadline comes first.
      await pulumi("config", "set", "gracefulStopTimeout", "1h");
      await pulumi("up", "--yes", "--skip-preview");

      const started = Date.now();
      const failed = await runPulumi(["destroy", "--yes", "--skip-preview"], { cwd: repoRoot, env });
      expect(failed.code).not.toBe(0);
      // The error names the job, its last status, the time waited and what to do.
      expect(failed.output).toContain(`DrsJob drs-v5-1 ${hangs.id}`);
      expect(failed.output).toMatch(
        /not deleted after waiting [67](\.\d)?s \(deleteTimeout\); last status RELEASE_RESOURCE_STARTED/,
      );
      expect(failed.output).toMatch(/run `pulumi destroy` again/);
      // The graceful stop would have been forced only after the deadline: the advice says so.
      expect(failed.output).toMatch(/set gracefulStopTimeout \(now 60m00s\) below deleteTimeout/);
      // It gave up near its deadline rather than waiting on.
      expect(Date.now() - started).toBeLessThan(60_000);
      // The job was not deleted; the other job was torn down normally.
      expect(hangs.removed || hangs.status === "DELETED").toBe(false);
      expect(teardownCallsFor(hangs.id, emulator.calls()).map((c) => callKind(c, hangs.id))).toEqual([
        "stop",
      ]);
      expect(fine.removed || fine.status === "DELETED").toBe(true);

      // The operator ends the stop in the console; destroy again resumes and deletes it.
      emulator.store.stop(hangs, true);
      expect(await pulumi("destroy", "--yes", "--skip-preview")).toMatch(/- 2 deleted/);
      expect(hangs.removed || hangs.status === "DELETED").toBe(true);
      const steps = teardownCallsFor(hangs.id, emulator.calls());
      expect(steps.map((c) => callKind(c, hangs.id))).toEqual(["stop", "delete"]);
      expect(steps[1]!.jobStatusBefore[hangs.id]).toBe("RELEASE_RESOURCE_COMPLETE");
      await pulumi("stack", "rm", "deadline", "--yes");
    });
  },
);
