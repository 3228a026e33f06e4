import { chooseReadPlan, keepPaging, type ReadPlan } from "../../provider/teardown/chooseReadPlan";

const dli = (waiting: number, projectSize?: number): ReadPlan =>
  chooseReadPlan({ waiting, projectSize, pageSize: 100 });
const v5 = (waiting: number): ReadPlan => chooseReadPlan({ waiting, idsPerListCall: 10 });

describe("chooseReadPlan", () => {
  it("reads a few jobs of a big DLI project by their details, not by listing thousands", () => {
    expect(dli(3, 2000)).toEqual({ kind: "details", calls: 3 });
    expect(dli(19, 2000)).toEqual({ kind: "details", calls: 19 });
  });

  it("pages the list once the jobs outnumber its pages", () => {
    expect(dli(21, 2000)).toEqual({ kind: "pages", calls: 20, probe: false });
    expect(dli(200, 2000)).toEqual({ kind: "pages", calls: 20, probe: false });
    expect(dli(66, 66)).toEqual({ kind: "pages", calls: 1, probe: false });
  });

  it("gives a tie to the details, which answer 'gone' for certain", () => {
    expect(dli(20, 2000)).toEqual({ kind: "details", calls: 20 });
    expect(v5(1)).toEqual({ kind: "details", calls: 1 });
  });

  it("never costs more than min(waiting, ceil(project size / 100)) once the size is known", () => {
    for (const size of [0, 1, 99, 100, 101, 250, 999, 2000, 2001, 10_000]) {
      for (const waiting of [0, 1, 2, 5, 10, 50, 99, 100, 101, 300, 1000]) {
        const bound = Math.min(waiting, Math.max(1, Math.ceil(size / 100)));
        expect(dli(waiting, size).calls).toBeLessThanOrEqual(waiting === 0 ? 0 : bound);
      }
    }
  });

  it("probes with the first page when the project size is unknown and several jobs wait", () => {
    expect(dli(2)).toEqual({ kind: "pages", calls: 1, probe: true });
    expect(dli(500)).toEqual({ kind: "pages", calls: 1, probe: true });
    // One job: its detail is as cheap as any probe and needs no size.
    expect(dli(1)).toEqual({ kind: "details", calls: 1 });
    expect(dli(0)).toEqual({ kind: "details", calls: 0 });
  });

  it("reads DRS v5 jobs ten ids a list call", () => {
    expect(v5(2)).toEqual({ kind: "filteredList", calls: 1 });
    expect(v5(10)).toEqual({ kind: "filteredList", calls: 1 });
    expect(v5(11)).toEqual({ kind: "filteredList", calls: 2 });
    expect(v5(67)).toEqual({ kind: "filteredList", calls: 7 });
  });

  it("prefers the cheaper of an id filter and known pages when a family has both", () => {
    expect(chooseReadPlan({ waiting: 60, projectSize: 80, pageSize: 100, idsPerListCall: 10 })).toEqual({
      kind: "pages",
      calls: 1,
      probe: false,
    });
    expect(chooseReadPlan({ waiting: 60, projectSize: 5000, pageSize: 100, idsPerListCall: 10 })).toEqual({
      kind: "filteredList",
      calls: 6,
    });
    // Unknown size: the known cheaper filtered list wins over a probe.
    expect(chooseReadPlan({ waiting: 60, pageSize: 100, idsPerListCall: 10 })).toEqual({
      kind: "filteredList",
      calls: 6,
    });
  });

  it("refuses counts that are not whole numbers", () => {
    expect(() => dli(-1, 10)).toThrow(RangeError);
    expect(() => dli(2.5, 10)).toThrow(RangeError);
    expect(() => dli(2, -3)).toThrow(RangeError);
    expect(() => chooseReadPlan({ waiting: 2, pageSize: 0 })).toThrow(RangeError);
    expect(() => chooseReadPlan({ waiting: 2, idsPerListCall: 0 })).toThrow(RangeError);
  });
});

describe("keepPaging", () => {
  it("walks on only while fewer pages are left than jobs are missing", () => {
    expect(keepPaging({ pagesLeft: 3, missing: 10 })).toBe(true);
    expect(keepPaging({ pagesLeft: 10, missing: 10 })).toBe(false);
    expect(keepPaging({ pagesLeft: 19, missing: 2 })).toBe(false);
    expect(keepPaging({ pagesLeft: 0, missing: 5 })).toBe(false);
    expect(keepPaging({ pagesLeft: 4, missing: 0 })).toBe(false);
  });

  it("keeps a walk plus the details of its missing jobs within the pages of a whole walk", () => {
    // Worst case: no page holds a wanted job. The walk's cost is the pages read plus one detail
    // per job still missing when it stops, never more than all pages (nor than the details).
    for (const total of [1, 3, 10, 20, 40]) {
      for (const wanted of [1, 2, 5, 20, 50]) {
        let pages = 1;
        while (keepPaging({ pagesLeft: total - pages, missing: wanted })) pages++;
        if (pages < total) expect(pages + wanted).toBeLessThanOrEqual(total);
        else expect(pages).toBeLessThanOrEqual(Math.max(1, wanted));
      }
    }
  });
});
