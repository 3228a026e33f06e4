/**
 * `npm run bench`: tears down stacks of N mixed running jobs (DRS v5 with both delete calls, DRS
 * v3, DLI) on the in-process emulator, once through the real Pulumi CLI (`pulumi destroy
 * --parallel N`) and once with a Terraform-like reference strategy, and writes
 * docs/benchmarks.md, docs/benchmarks.svg and docs/benchmarks.json. Exits 1 when any job was
 * left behind or deleted before being stopped. Options: see benchOptions.ts (`--sizes 10,50`).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { HuaweiEmulator } from "../../emulator";
import { repoRoot } from "../pulumiCli";
import { renderBenchmarkChart } from "./renderBenchmarkChart";
import { renderBenchmarkReport } from "./renderBenchmarkReport";
import { parseBenchOptions, scaledMs, type BenchOptions } from "./benchOptions";
import type { BenchRun } from "./BenchRun";
import { benchTimings, emulatorOptionsFor, physicalLimitMs } from "./benchTimings";
import { machineFacts } from "./machineFacts";
import { referenceWaitParams, runReferenceStrategy } from "./runReferenceStrategy";
import { runCliStrategy } from "./runCliStrategy";
import { cliVariants } from "./cliVariants";
import { seedMixedJobs } from "./seedMixedJobs";
import { seedBusyProject, touchedCrowd } from "./seedBusyProject";
import { writeFormatted } from "./writeFormatted";
import type { StrategyResult } from "./StrategyResult";

const benchStarted = performance.now();
const say = (line: string) =>
  console.log(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4)} s] ${line}`);

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  const run = options.fromJson === undefined ? await measure(options) : readRun(options.fromJson);
  const outDir = path.resolve(repoRoot, options.outDir);
  mkdirSync(outDir, { recursive: true });
  await writeFormatted(path.join(outDir, "benchmarks.json"), JSON.stringify(run, null, 2));
  writeFileSync(path.join(outDir, "benchmarks.svg"), renderBenchmarkChart(run));
  await writeFormatted(path.join(outDir, "benchmarks.md"), renderBenchmarkReport(run));
  say(`wrote ${path.relative(repoRoot, outDir)}/benchmarks.{md,svg,json}`);
  const failed = run.results.filter((r) => r.problems.length > 0);
  if (failed.length > 0) {
    say(
      `FAILED: ${failed.map((r) => `${r.strategy} N=${r.jobs}`).join(", ")} left jobs or broke stop-before-delete`,
    );
    return 1;
  }
  return 0;
}

/** An earlier run's raw results, to re-render the report after a change of its wording. */
function readRun(file: string): BenchRun {
  return JSON.parse(readFileSync(path.resolve(repoRoot, file), "utf8")) as BenchRun;
}

/** Measures every size and strategy of `options` on a fresh in-process emulator. */
async function measure(options: BenchOptions): Promise<BenchRun> {
  const timings = benchTimings(options);
  const limitMs = physicalLimitMs(timings);
  const machine = machineFacts();
  const startedAt = new Date().toISOString();
  say(
    `${machine.cores} cores (load ${machine.loadAverageAtStart}), Node ${machine.node}, ${machine.pulumiCli}; ` +
      `sizes ${options.sizes.join(", ")}; clock 1:${options.timeScale}; physical limit ${(limitMs / 1000).toFixed(1)} s`,
  );
  const emulator = new HuaweiEmulator(emulatorOptionsFor(timings));
  await emulator.start();
  const results: StrategyResult[] = [];
  const show = (r: StrategyResult) =>
    say(
      `${r.strategy} N=${r.jobs}: ${(r.wallMs / 1000).toFixed(1)} s = ${(r.wallMs / limitMs).toFixed(2)}× the limit, ` +
        `${r.requests.total} requests, peak ${r.peakMemoryKiB === undefined ? "?" : (r.peakMemoryKiB / 1024).toFixed(0)} MiB` +
        (r.problems.length > 0
          ? `; ${r.problems.length} PROBLEM(S): ${r.problems.slice(0, 5).join("; ")}`
          : ""),
    );
  try {
    for (const n of options.sizes) {
      emulator.reset();
      let crowd = new Set<string>();
      for (const strategy of options.strategies) {
        const jobs = seedMixedJobs(emulator, n, `${strategy}-${n}`);
        if (options.busyDli + options.busyDrs > 0) {
          crowd = seedBusyProject(emulator, options, crowd);
          say(`busy project: ${crowd.size} other jobs, seeded after the stack's, that no strategy may touch`);
        }
        const logFrom = emulator.calls().length;
        let result: StrategyResult;
        if (strategy === "reference") {
          const workers = options.referenceWorkers === "match" ? n : options.referenceWorkers;
          say(`reference N=${n}: ${workers} workers, one job at a time each`);
          result = await runReferenceStrategy(emulator, jobs, options, workers, say);
        } else {
          say(`${strategy} N=${n}: ${n} running jobs seeded; pulumi up, then the measured pulumi destroy`);
          result = await runCliStrategy(emulator, jobs, options, cliVariants[strategy], say);
        }
        const touched = touchedCrowd(emulator.calls().slice(logFrom), crowd);
        if (touched.length > 0) result = { ...result, problems: [...result.problems, ...touched] };
        results.push(result);
        show(result);
      }
    }
  } finally {
    await emulator.stop();
  }

  const wait = referenceWaitParams(options);
  const run: BenchRun = {
    startedAt,
    durationMs: performance.now() - benchStarted,
    machine,
    options,
    timings,
    physicalLimitMs: limitMs,
    reference: { delayMs: wait.delayMs, firstBackoffMs: wait.firstBackoffMs, capMs: wait.capMs },
    providerPollMs: scaledMs(options, options.providerPollS),
    results,
  };
  return run;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
