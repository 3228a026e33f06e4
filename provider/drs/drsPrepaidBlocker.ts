/**
 * Why a DRS job described by its detail (v3 batch-detail entry or v5 detail `job`) must not be
 * stopped by this provider, or `undefined`. A yearly/monthly job's order must be unsubscribed
 * first (billing), which is outside what a teardown may decide.
 *
 * Field names follow the vendor SDK models: v5 puts the billing mode in `base_info.charging_mode`
 * (`period` or `on_demand`) and its `period_order` holds only `period_type`, `period_num` and
 * `is_auto_renew`; v3 has no charging mode of its own, only a `period_order` with an `order_id`
 * (its integer `charging_mode` has no documented values, so it is not relied on).
 */
export function drsPrepaidBlocker(detail: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (detail === undefined) return undefined;
  const evidence = prepaidEvidence(detail);
  return evidence === undefined ? undefined : prepaidRefusal(evidence);
}

/** The refusal for a prepaid job; `evidence` says what showed it (a field, or the offered actions). */
export function prepaidRefusal(evidence: string): string {
  return (
    `It is a yearly/monthly (prepaid) job (${evidence}): DRS does not stop such a job before its order ` +
    "is unsubscribed. Unsubscribe it in the Billing Center (or let it expire), then run `pulumi destroy` " +
    "again; this provider never cancels orders itself."
  );
}

/**
 * What an explicit v5 `charging_mode` (`field` names where it was read) says: `{ evidence }` for
 * `period` (prepaid), `{ evidence: undefined }` for `on_demand`, and `undefined` when the value is
 * absent or one the SDK does not document, so that the caller looks further. Only a documented
 * value is taken as the answer: an unknown one must never let a prepaid job be stopped.
 */
function chargingModeVerdict(mode: unknown, field: string): { evidence: string | undefined } | undefined {
  if (typeof mode !== "string") return undefined;
  const value = mode.trim().toLowerCase();
  if (value === "period") return { evidence: `${field} "${mode}"` };
  if (value === "on_demand") return { evidence: undefined };
  return undefined;
}

/** Where {@link drsV5PrepaidBlocker} may learn a v5 job's billing mode, cheapest first. */
export interface DrsV5BillingSources {
  /**
   * The job's entry in the v5 list (`JobListResp`), read in batches of ten ids; `undefined` when
   * the list cannot be asked (job type unknown) or did not show the job.
   */
  readonly listed: () => Promise<Readonly<Record<string, unknown>> | undefined>;
  /** The job's v5 detail (`JobDetailResp`); `undefined` when the job no longer exists. */
  readonly detail: () => Promise<Readonly<Record<string, unknown>> | undefined>;
  /** The job's `available_actions`. */
  readonly availableActions: () => Promise<readonly string[]>;
}

/**
 * Why a DRS v5 job must not be stopped because it is prepaid, or `undefined`. The one rule for
 * v5, asking each source only while those before it left the answer open:
 *
 * 1. the list entry's explicit `charging_mode` (no call of the job's own; the list is batched);
 * 2. the detail: its explicit `base_info.charging_mode`, else any sign of an order;
 * 3. only when the detail named no mode either: the actions, where a prepaid job offers
 *    UNSUBSCRIBE instead of FREE_RESOURCE.
 *
 * A job the detail no longer finds has nothing left to refuse (teardown then sees it gone).
 */
export async function drsV5PrepaidBlocker(sources: DrsV5BillingSources): Promise<string | undefined> {
  const listed = await sources.listed();
  const fromList = chargingModeVerdict(listed?.["charging_mode"], "the job list's charging_mode");
  if (fromList !== undefined)
    return fromList.evidence === undefined ? undefined : prepaidRefusal(fromList.evidence);
  const detail = await sources.detail();
  if (detail === undefined) return undefined;
  const blocker = drsPrepaidBlocker(detail);
  if (blocker !== undefined || detailNamesChargingMode(detail)) return blocker;
  const available = await sources.availableActions();
  return available.includes("UNSUBSCRIBE") && !available.includes("FREE_RESOURCE")
    ? prepaidRefusal("the job offers UNSUBSCRIBE instead of FREE_RESOURCE")
    : undefined;
}

function prepaidEvidence(detail: Readonly<Record<string, unknown>>): string | undefined {
  // v5 says it outright; an explicit answer wins over anything read from the order.
  const verdict = chargingModeVerdict(detailChargingMode(detail), "base_info.charging_mode");
  if (verdict !== undefined) return verdict.evidence;
  const order = asRecord(detail["period_order"]);
  if (order === undefined) return undefined;
  const orderId = order["order_id"];
  if (typeof orderId === "string" && orderId.trim() !== "") return `period_order.order_id "${orderId}"`;
  // Period type 2 is monthly, 3 yearly; an order holding only zeros and empty strings is no order.
  const periodType = asNumber(order["period_type"]);
  const periodNum = asNumber(order["period_num"]);
  if (periodType === 2 || periodType === 3 || (periodNum !== undefined && periodNum > 0)) {
    return `period_order with period_type ${String(order["period_type"])} and period_num ${String(order["period_num"])}`;
  }
  return undefined;
}

const detailChargingMode = (detail: Readonly<Record<string, unknown>>): unknown =>
  asRecord(detail["base_info"])?.["charging_mode"];

/** Whether a v5 detail names a documented billing mode, which then is the whole answer. */
function detailNamesChargingMode(detail: Readonly<Record<string, unknown>>): boolean {
  return chargingModeVerdict(detailChargingMode(detail), "base_info.charging_mode") !== undefined;
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

// The models say integer; a string of digits is read too rather than missing a prepaid job.
function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
