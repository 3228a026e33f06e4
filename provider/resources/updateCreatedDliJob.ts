import type { DliJobDetail } from "../dli/dliSchemas";
import type { ApiConnection } from "../http/ApiConnection";
import { applyDliUpdate, DliUpdateStepError, type DliSpec } from "./applyDliUpdate";
import { CreatedButFailedError } from "./CreatedButFailedError";
import type { DliFlinkJobInputs, DliFlinkJobOutputsV1 } from "./dliFlinkJobSchemas";
import { dliFixedSpecHashes, dliSpecHash } from "./dliSpecFingerprint";
import { describeDliUpdate, planDliUpdate } from "./planDliUpdate";
import { definedOnly, progress } from "./providerCommon";

const kind = "DliFlinkJob";

/** What {@link updateCreatedDliJob} works on. */
export interface CreatedDliJobUpdate {
  readonly conn: ApiConnection;
  readonly id: string;
  readonly inputs: DliFlinkJobInputs;
  /** The stored outputs with the new settings and place already applied. */
  readonly outs: DliFlinkJobOutputsV1;
  /** The job as read just now; undefined when DLI no longer knows it. */
  readonly job: DliJobDetail | undefined;
  /** The serialized provider, which must be among the outputs a failure hands the engine. */
  readonly provider: unknown;
}

/**
 * Brings a job this resource created to the new spec and `run` in place: plans with
 * {@link planDliUpdate}, carries the plan out, and returns the outputs to store.
 *
 * What the state says after a failure (the engine stores the outputs the error carries):
 * - the spec hash is the new one only when DLI took the PUT, so a failed or skipped PUT is
 *   tried again by the next `pulumi up` (a repeated PUT of the same spec is harmless);
 * - `run` is false whenever the job is known not to run (this update stopped it, or its run
 *   failed), so the next `pulumi up` sees run false → true and runs it, resuming from the
 *   savepoint recorded in `hasSavepoint`; after a failed stop it keeps its old value, so the
 *   next `up` plans the same stop again from the job's then status.
 */
export async function updateCreatedDliJob(
  update: CreatedDliJobUpdate,
): Promise<{ outs: DliFlinkJobOutputsV1 }> {
  const { conn, id, inputs, outs, job } = update;
  const log = progress(kind, outs.resourceName, id);
  const spec: DliSpec | undefined =
    inputs.sql !== undefined
      ? { kind: "sql", spec: inputs.sql }
      : inputs.jar !== undefined
        ? { kind: "jar", spec: inputs.jar }
        : undefined;
  const newHash = dliSpecHash(inputs);
  const specChanged = newHash !== outs.specHash;
  const run = inputs.run ?? false;
  // The outputs once everything went through.
  const target: DliFlinkJobOutputsV1 = definedOnly({
    ...outs,
    specHash: newHash,
    fixedSpecHashes: dliFixedSpecHashes(inputs),
    name: spec?.spec.name ?? outs.name,
    run,
  });
  const label = `${kind} "${outs.resourceName}"`;
  if (job === undefined) {
    if (!specChanged && run === outs.run) return { outs: target };
    throw new Error(
      `${label}: job ${id} no longer exists in DLI, so it cannot be updated. Run \`pulumi refresh\` to drop it from the stack; the next \`pulumi up\` then creates a new one.`,
    );
  }
  const plan = planDliUpdate({
    status: job.status,
    specChanged,
    run,
    wasRun: outs.run,
    savepoint: inputs.savepoint ?? false,
    hasSavepoint: outs.hasSavepoint ?? false,
  });
  if (plan.kind === "refuse") throw new Error(`${label}: job ${id} was not updated: ${plan.reason}`);
  if (plan.steps.length === 0) return { outs: target };
  log(`updating in place: ${describeDliUpdate(plan.steps, spec?.kind ?? "sql")}`);
  try {
    const done = await applyDliUpdate(
      {
        conn,
        jobId: id,
        spec,
        status: job.status,
        hasSavepoint: outs.hasSavepoint ?? false,
        timeoutMs: outs.deleteTimeoutMs,
        pollIntervalMs: outs.pollIntervalMs,
        log,
      },
      plan.steps,
    );
    log(`updated: the job is ${done.status}`);
    return { outs: { ...target, status: done.status, hasSavepoint: done.hasSavepoint } };
  } catch (error) {
    if (!(error instanceof DliUpdateStepError)) throw error;
    const { step, progress: got } = error;
    const notRunning = got.stopped || step === "run" || step === "waitRunning";
    const kept: DliFlinkJobOutputsV1 = {
      ...(got.putLanded || !specChanged ? target : outs),
      run: notRunning ? false : outs.run,
      status: got.status,
      hasSavepoint: got.hasSavepoint,
    };
    const consequence =
      step === "stop" || step === "waitStopped"
        ? "Nothing was updated: no PUT was sent, and the job was left as DLI has it. Fix the cause and run `pulumi up` again."
        : step === "put"
          ? `Nothing else was tried: the job ${got.stopped ? "is stopped" + (got.hasSavepoint ? " (with its savepoint)" : "") + " and " : ""}still holds its previous spec. Run \`pulumi up\` again to retry the update.`
          : got.putLanded
            ? "The job holds the new spec but is not running. Fix the cause (for a spec error, change the spec) and run `pulumi up` again: it runs the job again" +
              (got.hasSavepoint ? ", resuming from the savepoint." : ".")
            : "The job is not running. Run `pulumi up` again to run it again.";
    const text = `${label}: updating job ${id} failed (${step}): ${error.message.replace(/\.+$/, "")}. ${consequence}`;
    // The CLI shows the reasons, not the message: give the whole text, advice included.
    throw new CreatedButFailedError(text, id, { ...kept, __provider: update.provider }, [text]);
  }
}
