import { drsPrepaidBlocker } from "../../provider/drs/drsPrepaidBlocker";

// Detail answers shaped after the vendor SDK models (huaweicloudsdkdrs 3.1.219): v5
// `JobDetailResp` (no top-level name or charging_mode; `base_info.charging_mode` is "period" or
// "on_demand"; `period_order` is {period_type, period_num, is_auto_renew}) and v3 `QueryJobResp`
// (engine under `inst_info`, billing only under `period_order`, whose `charging_mode` is an int).
const v5Job = (baseInfo: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: "7d3c1f0e-5b9a-4c38-9e51-0f3a2b6cjb01",
  status: "INCRE_TRANSFER_STARTED",
  create_time: "1700000000000",
  base_info: { name: "orders-sync", job_type: "sync", engine_type: "mysql-to-mysql", ...baseInfo },
  ...extra,
});
const v3Job = (extra: Record<string, unknown> = {}) => ({
  id: "1a2b3c4d-0000-4c38-9e51-0f3a2b6cjb02",
  name: "orders-dr",
  status: "INCRE_TRANSFER_STARTED",
  db_use_type: "cloudDataGuard",
  job_direction: "up",
  task_type: "FULL_INCR_TRANS",
  inst_info: { engine_type: "cloudDataGuard-mysql", inst_type: "high", status: "ACTIVE" },
  ...extra,
});

describe("drsPrepaidBlocker with SDK-shaped detail answers", () => {
  it("recognises a prepaid v5 job by base_info.charging_mode, with or without period_order", () => {
    const withOrder = v5Job(
      { charging_mode: "period" },
      { period_order: { period_type: 2, period_num: 1, is_auto_renew: 0 } },
    );
    const withoutOrder = v5Job({ charging_mode: "period" });
    expect(drsPrepaidBlocker(withoutOrder)).toBeDefined();
    for (const job of [withOrder, withoutOrder]) {
      const why = drsPrepaidBlocker(job);
      expect(why).toMatch(/yearly\/monthly/);
      expect(why).toContain('base_info.charging_mode "period"');
    }
  });

  it("lets an on-demand v5 job through", () => {
    expect(drsPrepaidBlocker(v5Job({ charging_mode: "on_demand" }))).toBeUndefined();
  });

  it("recognises a prepaid v3 job by its period_order and names the order", () => {
    const job = v3Job({
      period_order: {
        status: "COMPLETED",
        order_id: "CS2405300934ADBGS",
        charging_mode: 1,
        period_type: 3,
        period_num: 1,
        is_auto_renew: 0,
        eff_time: "2024-05-30T01:34:00Z",
        exp_time: "2025-05-30T15:59:59Z",
      },
    });
    const why = drsPrepaidBlocker(job);
    expect(why).toMatch(/yearly\/monthly/);
    expect(why).toContain("CS2405300934ADBGS");
  });

  it("lets an on-demand v3 job through: no period_order, null, or one holding only empty values", () => {
    expect(drsPrepaidBlocker(v3Job())).toBeUndefined();
    expect(drsPrepaidBlocker(v3Job({ period_order: null }))).toBeUndefined();
    const empty = {
      status: "",
      order_id: "",
      charging_mode: 0,
      period_type: 0,
      period_num: 0,
      is_auto_renew: 0,
    };
    expect(drsPrepaidBlocker(v3Job({ period_order: empty }))).toBeUndefined();
  });
});
