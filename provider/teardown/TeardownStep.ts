/**
 * What a teardown does next, as {@link decideTeardownStep} decides it. The first four are calls
 * to the service; `wait` pauses until the next read; `finish` and `fail` end the teardown.
 */
export type TeardownStep =
  /** Read the job's status. */
  | { readonly kind: "read" }
  /** Ask whether the job may be stopped at all (prepaid order, dual-active child); once, before the first stop. */
  | { readonly kind: "checkStopBlocker" }
  /** Send a stop, forced or not; `reason` says why, for the progress line. */
  | { readonly kind: "stop"; readonly force: boolean; readonly reason: string }
  /** Send the delete: only ever right after a reading that said the job is deletable. */
  | { readonly kind: "delete" }
  /** Pause until `until` (epoch ms, never past the deadline), then read again. */
  | { readonly kind: "wait"; readonly until: number }
  /** The job is gone: the teardown succeeded. */
  | { readonly kind: "finish"; readonly outcome: "deleted" | "alreadyGone" }
  /** The teardown ends with this error. */
  | { readonly kind: "fail"; readonly error: unknown };

/** The steps that call the service. */
export type TeardownCallStep = Extract<
  TeardownStep,
  { kind: "read" | "checkStopBlocker" | "stop" | "delete" }
>;

/** How messages name the call of a step: `status read`, `detail read`, `stop`, `delete`. */
export function callName(step: TeardownCallStep): string {
  return { read: "status read", checkStopBlocker: "detail read", stop: "stop", delete: "delete" }[step.kind];
}
