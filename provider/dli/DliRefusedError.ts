/**
 * A DLI call answered HTTP 200 with `is_success: false`: the request arrived but the service did
 * not do it. Carries the API name and the vendor's message.
 */
export class DliRefusedError extends Error {
  constructor(
    readonly api: string,
    readonly vendorMessage: string | undefined,
  ) {
    super(`${api} was refused (is_success false): ${vendorMessage ?? "no message given"}`);
    this.name = "DliRefusedError";
  }
}
