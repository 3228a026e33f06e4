import type { Props } from "./providerCommon";

/**
 * An error that tells the engine the job exists although create failed after making it, so
 * that the job stays in state and a later destroy cleans it up (instead of an orphan). The
 * dynamic-provider host turns an error with an `id` into a partial create
 * (`ErrorResourceInitFailed` with these `properties` as the outputs and `reasons`).
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
