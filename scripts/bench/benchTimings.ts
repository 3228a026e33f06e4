import type { HuaweiEmulatorOptions } from "../../emulator";
import { scaledMs, type BenchOptions } from "./benchOptions";

/** The emulator's fixed timings for a bench run, in emulator milliseconds. */
export interface BenchTimings {
  /** DRS graceful stop; a forced stop takes exactly as long, so both strategies face the same job. */
  readonly drsStopMs: number;
  readonly drsDeletedLingerMs: number;
  readonly dliSavepointMs: number;
  readonly dliStopMs: number;
}

/** Scales the real-cloud durations of `options` onto the emulator's clock. */
export function benchTimings(options: BenchOptions): BenchTimings {
  return {
    drsStopMs: scaledMs(options, options.drsStopS),
    drsDeletedLingerMs: scaledMs(options, options.drsDeletedLingerS),
    dliSavepointMs: scaledMs(options, options.dliSavepointS),
    dliStopMs: scaledMs(options, options.dliStopS),
  };
}

/** The emulator options that give those timings. */
export function emulatorOptionsFor(t: BenchTimings): HuaweiEmulatorOptions {
  return {
    stopMs: t.drsStopMs,
    forceStopMs: t.drsStopMs,
    deletedLingerMs: t.drsDeletedLingerMs,
    // No job is submitted during the bench; the submit time only matters for created jobs.
    dli: { submitMs: 0, stopMs: t.dliStopMs, savepointMs: t.dliSavepointMs },
  };
}

/**
 * The physical limit of tearing the mixed stack down: no strategy can finish before the slowest
 * single job has been stopped and deleted, even with every call sent at the ideal instant and no
 * time spent anywhere else. Per job, that is its stop time plus its delete-until-gone time:
 *
 * - DRS (v3 and v5): `stopMs`, plus 0 for the delete, because a deleted job reads `DELETED` at
 *   once and `DELETED` is "gone" for the provider, the README and this bench alike (the later
 *   forgetting after `deletedLingerMs` is DRS's own housekeeping, waited for by nobody);
 * - DLI with a savepoint (as the stack asks): `savepointMs + stopMs`, plus 0 (a deleted DLI job is
 *   not found from the moment of the delete).
 *
 * The limit is the largest of these; the requests' own round trips (milliseconds on loopback) are
 * left out, which makes the limit slightly stricter than reality.
 */
export function physicalLimitMs(t: BenchTimings): number {
  return Math.max(t.drsStopMs, t.dliSavepointMs + t.dliStopMs);
}
