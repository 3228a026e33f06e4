import { stepKinds, type StepKind } from "./ModelStep";

/** Which sequence a run of the model-based test draws. */
export interface ModelRunSettings {
  /** PRNG seed (`HWJOBS_MODEL_SEED`). */
  readonly seed: number;
  /** Number of drawn steps after the first `up` (`HWJOBS_MODEL_STEPS`). */
  readonly steps: number;
  /** Step kinds left out (`HWJOBS_MODEL_EXCLUDE`, comma-separated). */
  readonly excluded: ReadonlySet<StepKind>;
}

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === "") return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number; got ${text}`);
  return value;
}

/** Reads the run's settings from the environment, falling back to the CI defaults; throws on a typo. */
export function readModelRunSettings(
  env: NodeJS.ProcessEnv,
  ci: { seed: number; steps: number },
): ModelRunSettings {
  const excluded = new Set<StepKind>();
  for (const name of (env["HWJOBS_MODEL_EXCLUDE"] ?? "").split(",").map((k) => k.trim())) {
    if (name === "") continue;
    const kind = stepKinds.find((k) => k === name);
    if (kind === undefined)
      throw new Error(`HWJOBS_MODEL_EXCLUDE: unknown step kind ${name}; known: ${stepKinds.join(", ")}`);
    excluded.add(kind);
  }
  return {
    seed: wholeNumber("HWJOBS_MODEL_SEED", env["HWJOBS_MODEL_SEED"], ci.seed),
    steps: wholeNumber("HWJOBS_MODEL_STEPS", env["HWJOBS_MODEL_STEPS"], ci.steps),
    excluded,
  };
}
