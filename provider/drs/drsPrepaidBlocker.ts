/**
 * Why a DRS job described by its detail (v3 batch-detail or v5 detail) must not be stopped by
 * this provider, or `undefined`. A yearly/monthly job's order must be unsubscribed first
 * (billing), which is outside what a teardown may decide.
 */
export function drsPrepaidBlocker(detail: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (detail === undefined) return undefined;
  const mode = detail["charging_mode"];
  const order = detail["period_order"];
  const prepaid =
    (typeof mode === "string" && /period|prepaid|pre_paid|yearly|monthly/i.test(mode)) ||
    (order !== undefined &&
      order !== null &&
      order !== "" &&
      !(typeof order === "object" && Object.keys(order).length === 0));
  if (!prepaid) return undefined;
  return (
    `It is a yearly/monthly (prepaid) job (charging_mode ${JSON.stringify(mode ?? null)}): DRS does not stop such ` +
    "a job before its order is unsubscribed. Unsubscribe it in the Billing Center (or let it expire), then run " +
    "`pulumi destroy` again; this provider never cancels orders itself."
  );
}
