import type { Props } from "./providerCommon";

/**
 * An error that tells the engine the job exists although the create or update failed after
 * making or changing it: the engine records `properties` as the outputs (with the failure), so
 * the job stays in state, a later destroy cleans it up (instead of an orphan), and the next
 * `pulumi up` starts from what is true of the job. The dynamic-provider host turns an error with
 * an `id` into a partial create or update (`ErrorResourceInitFailed` with these `properties` as
 * the outputs and `reasons`).
 */
export class CreatedButFailedError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Props,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "CreatedButFailedError";
  }
}
