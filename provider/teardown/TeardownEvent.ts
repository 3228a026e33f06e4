import type { ActionOutcome, JobView } from "./JobDriver";
import type { TeardownCallStep } from "./TeardownStep";

/**
 * What happened last in a teardown: the answer to the step just taken, its failure, or the end
 * of a pause. {@link recordTeardownEvent} folds it into the memory; {@link decideTeardownStep}
 * decides from both what comes next.
 */
export type TeardownEvent =
  /** The teardown has just begun. */
  | { readonly kind: "started" }
  /** A pause ended. */
  | { readonly kind: "woke" }
  /** A status reading; `undefined` when the service does not know the job (any more). */
  | { readonly kind: "read"; readonly view: JobView | undefined }
  /** Why the job must not be stopped, or `undefined` when it may. */
  | { readonly kind: "stopBlocker"; readonly blocker: string | undefined }
  /** The service's answer to a stop. */
  | { readonly kind: "stop"; readonly force: boolean; readonly outcome: ActionOutcome }
  /** The service's answer to a delete. */
  | { readonly kind: "delete"; readonly outcome: ActionOutcome }
  /** The call of `step` failed (after the transport's own retries) with `error`. */
  | { readonly kind: "failed"; readonly step: TeardownCallStep; readonly error: unknown }
  /** The call of `step` had not answered by the deadline; the teardown stopped waiting for it. */
  | { readonly kind: "unanswered"; readonly step: TeardownCallStep };
