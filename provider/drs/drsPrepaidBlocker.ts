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

function prepaidEvidence(detail: Readonly<Record<string, unknown>>): string | undefined {
  const mode = asRecord(detail["base_info"])?.["charging_mode"];
  // v5 says it outright; an explicit answer wins over anything read from the order.
  if (typeof mode === "string" && mode.trim() !== "") {
    return mode.trim().toLowerCase() === "period" ? `base_info.charging_mode "${mode}"` : undefined;
  }
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
