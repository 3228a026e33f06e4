/**
 * The Pulumi CLI that started this provider process is gone (killed, crashed, or terminated before
 * it could stop its plugins), so nobody would record what a stop or delete did. The teardown ends
 * without sending anything more; the next `pulumi destroy` resumes from the job's current status.
 * (In the dynamic-provider host the process itself ends as soon as the CLI is known to be gone, so
 * this error is what a teardown meets where the process lives on, as in tests.)
 */
export class HostGoneError extends Error {
  constructor(
    readonly label: string,
    readonly evidence: string,
  ) {
    super(
      `${label}: the Pulumi CLI that asked for this delete is gone (${evidence}); no further stop or delete is sent. ` +
        "Run `pulumi cancel` if the stack is still locked, then `pulumi destroy` again: it resumes from the job's current status.",
    );
    this.name = "HostGoneError";
  }
}
