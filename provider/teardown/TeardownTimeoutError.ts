/** The teardown of one job did not finish within its `deleteTimeout`. */
export class TeardownTimeoutError extends Error {
  constructor(
    readonly label: string,
    readonly lastStatus: string,
    readonly waitedMs: number,
  ) {
    super(
      `${label}: not deleted after waiting ${formatDuration(waitedMs)} (deleteTimeout); last status ${lastStatus}. ` +
        "Nothing was deleted that was not stopped first. Check the job in the DRS console, then run `pulumi destroy` " +
        "again: it resumes from the job's current state. Raise deleteTimeout if the job is just slow to stop.",
    );
    this.name = "TeardownTimeoutError";
  }
}

/** `95_000` → `1m35s`. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? `${m}m${String(s).padStart(2, "0")}s` : `${s}s`;
}
