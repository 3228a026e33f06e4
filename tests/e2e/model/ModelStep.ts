import type { FaultRule } from "../../../emulator";
import type { ModelCommand } from "./intendedDeletions";
import type { ModelResource } from "./ModelResource";

/**
 * Where the CLI's environment points the provider: `home` at the emulator holding the jobs;
 * `otherEndpoints` with `HW_DRS_ENDPOINT`/`HW_DLI_ENDPOINT` at a second emulator without jobs;
 * `otherRegion` with `HW_REGION_NAME` naming another region (endpoints unchanged).
 */
export type ModelPlace = "home" | "otherEndpoints" | "otherRegion";

/** One CLI run of a step, with what it should achieve. */
export interface ModelPhase {
  /** The command run. */
  readonly command: ModelCommand;
  /** The program (stack config) in force for the run. */
  readonly program: readonly ModelResource[];
  /** Where the environment points. */
  readonly place: ModelPlace;
  /** Fault rules added to the home emulator just before the run, cleared after it. */
  readonly faults: readonly FaultRule[];
  /** Kill the CLI (SIGKILL) once the first stop call shows in the call log; then `pulumi cancel`. */
  readonly interrupt: boolean;
  /** The run must exit 0 (a plain run in the home environment, or one that must converge). */
  readonly mustSucceed: boolean;
  /** The stack must hold no job afterwards, and every job it held must be gone from the emulator. */
  readonly mustEndEmpty: boolean;
}

/** The kinds of step the model draws (names accepted by `HWJOBS_MODEL_EXCLUDE`). */
export const stepKinds = [
  "tune",
  "pinRegion",
  "pinApiVersion",
  "pinEndpoint",
  "pinProjectId",
  "replaceJob",
  "add",
  "remove",
  "refresh",
  "destroy",
  "interruptedDestroy",
  "faults",
  "elsewhereDestroy",
  "elsewhereUp",
  "elsewhereRefresh",
  "otherRegion",
] as const;

/** One kind of step. */
export type StepKind = (typeof stepKinds)[number];

/** One step of a drawn sequence: a change and the CLI runs that carry it out. */
export interface ModelStep {
  /** What kind of step it is. */
  readonly kind: StepKind;
  /** One line saying what the step does, for the failure report. */
  readonly description: string;
  /** The CLI runs, in order; invariants are checked after each. */
  readonly phases: readonly ModelPhase[];
}

/** A phase with the usual defaults: home environment, no faults, not interrupted, must succeed. */
export function phase(
  command: ModelCommand,
  program: readonly ModelResource[],
  more: Partial<ModelPhase> = {},
): ModelPhase {
  return {
    command,
    program,
    place: "home",
    faults: [],
    interrupt: false,
    mustSucceed: true,
    mustEndEmpty: false,
    ...more,
  };
}
