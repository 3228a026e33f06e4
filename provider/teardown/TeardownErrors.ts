import { formatDuration } from "./formatDuration";

/**
 * The teardown of one job did not finish within its `deleteTimeout`. `unanswered` names the call
 * whose answer was still awaited at the deadline (`stop`, `delete`, `status read`), if any.
 */
export class TeardownTimeoutError extends Error {
  constructor(
    readonly label: string,
    readonly lastStatus: string,
    readonly waitedMs: number,
    readonly unanswered?: string,
    /** What else may help, by stop policy (the default suits a family without forced stops). */
    hangAdvice = "Raise deleteTimeout if the job is just slow to stop.",
  ) {
    super(
      `${label}: not deleted after waiting ${formatDuration(waitedMs)} (deleteTimeout); last status ${lastStatus}. ` +
        (unanswered === undefined
          ? ""
          : `Its ${unanswered} had not been answered by then (the service is slow or failing; a call already sent may still take effect). `) +
        "Nothing was deleted that was not stopped first. Check the job in the console, then run `pulumi destroy` " +
        `again: it resumes from the job's current state. ${hangAdvice}`,
    );
    this.name = "TeardownTimeoutError";
  }
}

/** The job must not be stopped by this provider at all (prepaid order, dual-active child). */
export class StopBlockedError extends Error {
  constructor(
    readonly label: string,
    readonly reason: string,
  ) {
    super(`${label}: not stopped and not deleted. ${reason}`);
    this.name = "StopBlockedError";
  }
}

/** Stopping failed again and again, and the policy does not allow (more) escalation. */
export class StopFailedError extends Error {
  constructor(
    readonly label: string,
    readonly lastStatus: string,
    readonly attempts: number,
    advice: string,
  ) {
    super(
      `${label}: the stop failed ${attempts} time(s) (status ${lastStatus}); nothing was deleted. ${advice}`,
    );
    this.name = "StopFailedError";
  }
}
