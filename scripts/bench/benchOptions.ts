/**
 * Command-line options of `npm run bench`. Durations are given as they would be on the real cloud
 * (seconds) and divided by `timeScale` before they reach the emulator and both strategies, so that
 * a stop of minutes becomes one of seconds while every ratio between durations is kept.
 */
import type { StrategyId } from "./StrategyResult";

const strategyIds: readonly StrategyId[] = ["cli", "cli-skip-checkpoints", "reference"];

/** Everything a bench run is parameterised by. */
export interface BenchOptions {
  /** Stack sizes (number of jobs) to measure, in order. */
  readonly sizes: readonly number[];
  /** Real seconds per emulator second. */
  readonly timeScale: number;
  /** A DRS job's stop (graceful or forced) on the real cloud, in seconds. */
  readonly drsStopS: number;
  /** How long a deleted DRS job shows `DELETED` before DRS forgets it, in real seconds. */
  readonly drsDeletedLingerS: number;
  /** A DLI job's savepoint, then its cancel, in real seconds. */
  readonly dliSavepointS: number;
  readonly dliStopS: number;
  /** The provider's `pollInterval` on the real cloud (its default, 10 s). */
  readonly providerPollS: number;
  /** Terraform's fixed delay before the first status read, and its cap between reads (api-facts §6). */
  readonly referenceDelayS: number;
  readonly referencePollCapS: number;
  /** Workers of the reference strategy: `match` (= N, as `--parallel N`) or a fixed number. */
  readonly referenceWorkers: "match" | number;
  /** Where the report, chart and raw JSON are written (relative to the repository root). */
  readonly outDir: string;
  /** Re-render the report and chart from this earlier benchmarks.json instead of measuring. */
  readonly fromJson: string | undefined;
  /** Strategies to run, in order, for each size. */
  readonly strategies: readonly StrategyId[];
  /**
   * A busy project: this many other DLI jobs, and other DRS jobs (split between v5 and v3), in
   * the project beside the stack's, which no strategy may touch. DLI's list has no id filter, so
   * they are what its status reads must not grow with.
   */
  readonly busyDli: number;
  readonly busyDrs: number;
}

/** The defaults: the sizes of the issue, a 1:10 clock, a five-minute DRS stop. */
export const defaultBenchOptions: BenchOptions = {
  sizes: [10, 50, 200],
  timeScale: 10,
  drsStopS: 300,
  drsDeletedLingerS: 60,
  dliSavepointS: 60,
  dliStopS: 120,
  providerPollS: 10,
  referenceDelayS: 20,
  referencePollCapS: 10,
  referenceWorkers: "match",
  outDir: "docs",
  fromJson: undefined,
  strategies: strategyIds,
  busyDli: 0,
  busyDrs: 0,
};

const usage = `usage: npm run bench -- [--sizes 10,50,200] [--time-scale 10] [--drs-stop-s 300]
  [--drs-deleted-linger-s 60] [--dli-savepoint-s 60] [--dli-stop-s 120] [--provider-poll-s 10]
  [--reference-delay-s 20] [--reference-poll-cap-s 10] [--reference-workers match|10]
  [--out-dir docs] [--strategies cli,cli-skip-checkpoints,reference] [--from-json docs/benchmarks.json]
  [--busy-dli 2000] [--busy-drs 500]`;

function positive(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || !Number.isFinite(value) || value <= 0)
    throw new Error(`${flag} needs a positive number, got ${text ?? "nothing"}\n${usage}`);
  return value;
}

/** Parses `process.argv.slice(2)`; unknown flags are refused with the usage text. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const o: { -readonly [K in keyof BenchOptions]: BenchOptions[K] } = { ...defaultBenchOptions };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? "";
    const value = argv[i + 1];
    i++;
    switch (flag) {
      case "--sizes":
        o.sizes = (value ?? "").split(",").map((s) => {
          const n = positive(flag, s);
          if (!Number.isInteger(n)) throw new Error(`--sizes takes whole numbers, got ${s}`);
          return n;
        });
        break;
      case "--time-scale":
        o.timeScale = positive(flag, value);
        break;
      case "--drs-stop-s":
        o.drsStopS = positive(flag, value);
        break;
      case "--drs-deleted-linger-s":
        o.drsDeletedLingerS = positive(flag, value);
        break;
      case "--dli-savepoint-s":
        o.dliSavepointS = positive(flag, value);
        break;
      case "--dli-stop-s":
        o.dliStopS = positive(flag, value);
        break;
      case "--provider-poll-s":
        o.providerPollS = positive(flag, value);
        break;
      case "--reference-delay-s":
        o.referenceDelayS = positive(flag, value);
        break;
      case "--reference-poll-cap-s":
        o.referencePollCapS = positive(flag, value);
        break;
      case "--reference-workers":
        o.referenceWorkers = value === "match" ? "match" : Math.round(positive(flag, value));
        break;
      case "--out-dir":
        if (value === undefined) throw new Error(`--out-dir needs a folder\n${usage}`);
        o.outDir = value;
        break;
      case "--from-json":
        if (value === undefined) throw new Error(`--from-json needs a file\n${usage}`);
        o.fromJson = value;
        break;
      case "--strategies":
        o.strategies = (value ?? "").split(",").map((id) => {
          const known = strategyIds.find((s) => s === id);
          if (known === undefined) throw new Error(`unknown strategy ${id}\n${usage}`);
          return known;
        });
        break;
      case "--busy-dli":
      case "--busy-drs": {
        const n = Number(value);
        if (value === undefined || !Number.isInteger(n) || n < 0)
          throw new Error(`${flag} needs a whole number of jobs, got ${value ?? "nothing"}\n${usage}`);
        if (flag === "--busy-dli") o.busyDli = n;
        else o.busyDrs = n;
        break;
      }
      default:
        throw new Error(`unknown option ${flag}\n${usage}`);
    }
  }
  return o;
}

/** A real-cloud duration in seconds, on the emulator's clock, in milliseconds. */
export function scaledMs(options: BenchOptions, realSeconds: number): number {
  return Math.round((realSeconds * 1000) / options.timeScale);
}
