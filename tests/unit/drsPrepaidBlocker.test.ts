import { drsPrepaidBlocker, drsV5PrepaidBlocker } from "../../provider/drs/drsPrepaidBlocker";

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

describe("drsV5PrepaidBlocker: list entry, then detail, then actions, each only while needed", () => {
  /** Sources answering as given, counting the calls each got. */
  function sources(
    listed: Record<string, unknown> | undefined,
    detail: Record<string, unknown> | undefined,
    actions: readonly string[] = ["PAUSE", "FREE_RESOURCE"],
  ) {
    const asked = { listed: 0, detail: 0, actions: 0 };
    return {
      asked,
      sources: {
        listed: () => {
          asked.listed++;
          return Promise.resolve(listed);
        },
        detail: () => {
          asked.detail++;
          return Promise.resolve(detail);
        },
        availableActions: () => {
          asked.actions++;
          return Promise.resolve(actions);
        },
      },
    };
  }
  const entry = (extra: Record<string, unknown>) => ({
    id: "j1",
    status: "INCRE_TRANSFER_STARTED",
    ...extra,
  });

  it("decides from the list entry's charging_mode alone: period refuses, on_demand passes", async () => {
    const prepaid = sources(entry({ charging_mode: "period" }), v5Job({ charging_mode: "on_demand" }));
    const why = await drsV5PrepaidBlocker(prepaid.sources);
    expect(why).toMatch(/yearly\/monthly/);
    expect(why).toContain(`the job list's charging_mode "period"`);
    expect(prepaid.asked).toEqual({ listed: 1, detail: 0, actions: 0 });

    const onDemand = sources(entry({ charging_mode: "on_demand" }), v5Job({ charging_mode: "period" }));
    expect(await drsV5PrepaidBlocker(onDemand.sources)).toBeUndefined();
    expect(onDemand.asked).toEqual({ listed: 1, detail: 0, actions: 0 });
  });

  it.each([
    ["no list entry", undefined],
    ["an entry without charging_mode", entry({})],
    ["an entry with an undocumented charging_mode", entry({ charging_mode: "prepaid-ish" })],
  ])("reads the detail after %s, and no actions when the detail names the mode", async (_what, listed) => {
    const prepaid = sources(listed, v5Job({ charging_mode: "period" }));
    expect(await drsV5PrepaidBlocker(prepaid.sources)).toContain('base_info.charging_mode "period"');
    expect(prepaid.asked).toEqual({ listed: 1, detail: 1, actions: 0 });

    const onDemand = sources(listed, v5Job({ charging_mode: "on_demand" }), ["PAUSE", "UNSUBSCRIBE"]);
    expect(await drsV5PrepaidBlocker(onDemand.sources)).toBeUndefined();
    expect(onDemand.asked).toEqual({ listed: 1, detail: 1, actions: 0 });
  });

  it("asks the actions only when neither the list nor the detail names the mode", async () => {
    const prepaid = sources(entry({}), v5Job({}), ["PAUSE", "UNSUBSCRIBE"]);
    expect(await drsV5PrepaidBlocker(prepaid.sources)).toContain("UNSUBSCRIBE instead of FREE_RESOURCE");
    expect(prepaid.asked).toEqual({ listed: 1, detail: 1, actions: 1 });

    const onDemand = sources(entry({}), v5Job({ charging_mode: "  " }));
    expect(await drsV5PrepaidBlocker(onDemand.sources)).toBeUndefined();
    expect(onDemand.asked).toEqual({ listed: 1, detail: 1, actions: 1 });
  });

  it("refuses on an order in a detail without a mode, and takes a job the detail no longer finds as no blocker", async () => {
    const ordered = sources(
      entry({}),
      v5Job({}, { period_order: { period_type: 3, period_num: 1, is_auto_renew: 0 } }),
    );
    expect(await drsV5PrepaidBlocker(ordered.sources)).toContain("period_order with period_type 3");
    expect(ordered.asked).toEqual({ listed: 1, detail: 1, actions: 0 });

    const gone = sources(undefined, undefined);
    expect(await drsV5PrepaidBlocker(gone.sources)).toBeUndefined();
    expect(gone.asked).toEqual({ listed: 1, detail: 1, actions: 0 });
  });
});
