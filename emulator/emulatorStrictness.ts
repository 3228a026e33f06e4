/**
 * Ways in which the real service may be stricter than the emulator's default reading of the
 * vendor docs. Each is something the docs or the vendor SDK models allow; a client must cope with
 * all of them. `pessimistic: true` (or `HWJOBS_EMULATOR_MODE=pessimistic` for the test helpers)
 * turns every one on.
 */
export interface EmulatorStrictness {
  /**
   * The DRS v5 list's `name` filter also matches jobs whose *name* contains a term (the vendor
   * SDK documents the parameter as "job id or name"), so the client must keep exact id matches.
   */
  readonly fuzzyV5NameFilter: boolean;
  /**
   * A batch call in which one entry would fail is refused as a whole with HTTP 400 and that
   * entry's error body (DRS v5 batch-stop and delete-many, v3 batch-jobs, DLI run, stop and
   * delete-many), instead of a 2xx answer with one failed entry.
   */
  readonly refuseWholeBatches: boolean;
  /**
   * The project id in the path must be the one the credentials are for (the `X-Project-Id` of a
   * signed call, the scope of a token); a mismatch is refused (DRS 403 `DRS.M00261`, DLI 403
   * `DLI.0013`).
   */
  readonly checkProject: boolean;
  /**
   * The project is crowded: {@link crowdSize} unrelated DLI jobs and some DRS jobs exist beside
   * the ones a test seeds, so that list reads page (DLI list limit default 10, max 100).
   */
  readonly crowdedProject: boolean;
  /**
   * A forced stop of a DRS job whose graceful stop is still running is refused for that job
   * (`DRS.M01504`, "another operation is running on the job").
   */
  readonly noForcedStopDuringGracefulStop: boolean;
  /**
   * The DRS v5 list leaves `charging_mode` out of the entries of some jobs (about half, chosen by
   * job id so that a job's entry is always the same). The SDK model `JobListResp` documents the
   * field but marks none of its fields required, so a client must not count on it and must read
   * the job's detail when it is missing.
   */
  readonly v5ListWithoutChargingMode: boolean;
}

/** How many unrelated jobs a crowded project holds. */
export const crowdSize = { dli: 250, drsV5: 15, drsV3: 10 } as const;

/** The emulator's default: none of the stricter behaviours. */
export const lenientStrictness: EmulatorStrictness = {
  fuzzyV5NameFilter: false,
  refuseWholeBatches: false,
  checkProject: false,
  crowdedProject: false,
  noForcedStopDuringGracefulStop: false,
  v5ListWithoutChargingMode: false,
};

/** Every stricter behaviour on. */
export const pessimisticStrictness: EmulatorStrictness = {
  fuzzyV5NameFilter: true,
  refuseWholeBatches: true,
  checkProject: true,
  crowdedProject: true,
  noForcedStopDuringGracefulStop: true,
  v5ListWithoutChargingMode: true,
};

/** The two modes the test suites run the emulator in. */
export type EmulatorMode = "lenient" | "pessimistic";

/** Every mode, for `describe.each`. */
export const emulatorModes: readonly EmulatorMode[] = ["lenient", "pessimistic"];

/**
 * The strictness of an emulator: all on with `pessimistic`, then each behaviour as `strict` says
 * (so `{ pessimistic: true, strict: { crowdedProject: false } }` leaves one out).
 */
export function resolveStrictness(
  pessimistic: boolean | undefined,
  strict: Partial<EmulatorStrictness> | undefined,
): EmulatorStrictness {
  return { ...(pessimistic === true ? pessimisticStrictness : lenientStrictness), ...strict };
}

/**
 * The mode named by `HWJOBS_EMULATOR_MODE` (`lenient`, the default, or `pessimistic`), which the
 * test helpers pass on to the emulators they start. Anything else is an error, not a silent default.
 */
export function emulatorModeFromEnv(env: NodeJS.ProcessEnv = process.env): EmulatorMode {
  const mode = env["HWJOBS_EMULATOR_MODE"];
  if (mode === undefined || mode === "" || mode === "lenient") return "lenient";
  if (mode === "pessimistic") return "pessimistic";
  throw new Error(`HWJOBS_EMULATOR_MODE must be "lenient" or "pessimistic", not "${mode}"`);
}
