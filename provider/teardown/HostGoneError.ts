/**
 * The Pulumi CLI that started this provider process is gone (killed, crashed, or terminated by a
 * second Ctrl-C before it could stop its plugins), so nobody would record what a stop or delete
 * did. The teardown ends without sending anything more; the next `pulumi destroy` resumes from the
 * job's current status.
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
