import { performance } from "node:perf_hooks";
import { defaultEmulatorCredentials, type HuaweiEmulator } from "../../emulator";
import { akskAuthenticator } from "../../provider/auth/akskAuthenticator";
import type { ApiConnection } from "../../provider/http/ApiConnection";
import { scaledMs, type BenchOptions } from "./benchOptions";
import { countRequests, readsPerRound } from "./countRequests";
import type { MixedJobs } from "./seedMixedJobs";
import type { StrategyResult } from "./StrategyResult";
import { teardownMilestones } from "./teardownMilestones";
import { terraformLikeTeardown, type ReferenceJob, type TerraformWaitParams } from "./terraformLikeTeardown";
import { teardownProblems } from "./verifyTeardown";

/** Terraform's waiting parameters (api-facts §6) on the emulator's clock. */
export function referenceWaitParams(options: BenchOptions): TerraformWaitParams {
  return {
    delayMs: scaledMs(options, options.referenceDelayS),
    firstBackoffMs: scaledMs(options, 0.2),
    capMs: scaledMs(options, options.referencePollCapS),
    timeoutMs: scaledMs(options, 30 * 60),
  };
}

/**
 * Tears `jobs` down with the reference strategy: `workers` workers, each taking the next job from
 * a shared queue and tearing it down alone (as Terraform's `-parallelism` walks resources), and
 * measures it like the CLI path: wall time, requests from the emulator's log, milestones, and the
 * peak resident memory of this process (which also holds the emulator).
 */
export async function runReferenceStrategy(
  emulator: HuaweiEmulator,
  jobs: MixedJobs,
  options: BenchOptions,
  workers: number,
  progress: (line: string) => void,
): Promise<StrategyResult> {
  const { projectId } = defaultEmulatorCredentials;
  const key = defaultEmulatorCredentials.accessKeys[0];
  const auth = akskAuthenticator({
    accessKey: key.accessKeyId,
    secretKey: key.secretAccessKey,
    projectId,
    source: "the bench (emulator's default key)",
  });
  const conn: ApiConnection = { endpoint: emulator.url, projectId, auth };
  const queue: ReferenceJob[] = [
    ...jobs.drsV5.map((job) => ({ family: "v5" as const, id: job.id, engineType: job.engineType })),
    ...jobs.drsV3.map((job) => ({ family: "v3" as const, id: job.id })),
    ...jobs.dli.map((job) => ({ family: "dli" as const, id: job.id })),
  ];
  const params = referenceWaitParams(options);
  const total = queue.length;
  let done = 0;
  const failures: string[] = [];

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const logFrom = emulator.calls().length;
  const startAt = emulator.store.now();
  const started = performance.now();
  const worker = async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      try {
        await terraformLikeTeardown(conn, job, params);
      } catch (error) {
        failures.push(`${job.family} ${job.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
      done++;
      if (done % Math.max(1, Math.floor(total / 5)) === 0 || done === total)
        progress(
          `reference: ${done}/${total} jobs torn down after ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, total) }, worker));
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const calls = emulator.calls().slice(logFrom);
  return {
    strategy: "reference",
    jobs: total,
    wallMs,
    requests: countRequests(calls),
    readsPerRound: readsPerRound(calls, scaledMs(options, options.providerPollS)),
    milestones: teardownMilestones(emulator, jobs, calls, startAt),
    peakMemoryKiB: Math.round(peakRss / 1024),
    memoryOf: "bench process (reference code + in-process emulator)",
    parallelism: workers,
    problems: [...failures, ...teardownProblems(emulator, jobs, calls)],
  };
}
