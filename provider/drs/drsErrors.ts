/** Vendor codes that mean "this DRS job does not exist (any more)", in v3 and v5. */
export const drsNotFoundCodes: ReadonlySet<string> = new Set([
  "DRS.10000010",
  "DRS.M00289",
  "DRS.M05004",
  "DRS.M05003",
]);

/** Whether a vendor error code/message pair says that the job does not exist. */
export function isDrsNotFound(code: string | undefined, message: string | undefined): boolean {
  if (code === undefined) return false;
  if (drsNotFoundCodes.has(code)) return true;
  // Seen only in one vendor example, next to the text "Job does not exist": trust it only with that text.
  return code === "DRS.10020102" && /does not exist/i.test(message ?? "");
}

/** Whether a batch entry reports success ("Success" in v5, "success" in v3). */
export function isBatchSuccess(entry: { status: string }): boolean {
  return entry.status.toLowerCase() === "success";
}
