import type { BenchOptions } from "./benchOptions";
import type { BenchTimings } from "./benchTimings";
import type { MachineFacts } from "./machineFacts";
import type { StrategyResult } from "./StrategyResult";

/** Everything one `npm run bench` measured, as written to docs/benchmarks.json. */
export interface BenchRun {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly machine: MachineFacts;
  readonly options: BenchOptions;
  readonly timings: BenchTimings;
  /** See {@link physicalLimitMs}. */
  readonly physicalLimitMs: number;
  /** The reference's waiting on the emulator's clock. */
  readonly reference: { readonly delayMs: number; readonly firstBackoffMs: number; readonly capMs: number };
  /** The provider's pollInterval on the emulator's clock. */
  readonly providerPollMs: number;
  readonly results: readonly StrategyResult[];
}
