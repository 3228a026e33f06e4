/**
 * Error codes the emulated DRS answers with. Those marked "emulator's choice" are not documented
 * by the vendor; they were picked so that a client can tell the cases apart.
 */
export const drsErrorCodes = {
  /** v3: the job does not exist (HTTP 400 for a single job, per job inside batches). */
  v3NotFound: "DRS.M00289",
  /** v3: the call is not allowed in the job's current status. */
  v3StatusNotAllowed: "DRS.M00304",
  /** v3 and v5 batch entries: another operation is running on the job; try later. */
  busy: "DRS.M01504",
  /** v3: the request body is malformed (emulator's choice). */
  v3BadRequest: "DRS.M00001",
  /** v3: a yearly/monthly job must be unsubscribed before it can be stopped (emulator's choice). */
  v3Prepaid: "DRS.M05055",
  /** v3: a dual-active DR parent job refuses stop and delete (emulator's choice). */
  v3DualActiveParent: "DRS.M05056",
  /** v5: the job does not exist. */
  v5NotFound: "DRS.10000010",
  /** v5: generic failure: malformed request, wrong status, engine pair not supported by the call. */
  v5Failed: "DRS.10000001",
  /** v5: a yearly/monthly job must be unsubscribed before it can be stopped (emulator's choice). */
  v5Prepaid: "DRS.10010055",
  /** v5: a dual-active DR parent job refuses stop and delete (emulator's choice). */
  v5DualActiveParent: "DRS.10010056",
  /** v3: the connection test of an endpoint failed (emulator's choice). */
  v3ConnectionFailed: "DRS.M05057",
  /** v5: the connection test of an endpoint failed (emulator's choice). */
  v5ConnectionFailed: "DRS.10020003",
  /** v3 precheck result: a precheck that was never run for the job (emulator's choice). */
  v3NoPrecheck: "DRS.M05058",
  /** Gateway: the API is not published here (v5 outside its regions, or an unknown path). */
  apiNotPublished: "APIG.0101",
} as const;
