import { CallBatcher } from "../../provider/teardown/CallBatcher";

describe("CallBatcher", () => {
  it("sends calls made within the window as one batch and gives each caller its own result", async () => {
    const batches: number[][] = [];
    const batcher = new CallBatcher<number, string>({
      windowMs: 20,
      maxBatch: 100,
      send: (items) => {
        batches.push([...items]);
        return Promise.resolve(items.map((n) => `r${n}`));
      },
    });
    const results = await Promise.all([1, 2, 3].map((n) => batcher.submit("k", n)));
    expect(results).toEqual(["r1", "r2", "r3"]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("never mixes keys and never exceeds the largest batch", async () => {
    const batches: string[][] = [];
    const batcher = new CallBatcher<string, string>({
      windowMs: 20,
      maxBatch: 2,
      send: (items) => {
        batches.push([...items]);
        return Promise.resolve(items);
      },
    });
    await Promise.all([
      batcher.submit("a", "a1"),
      batcher.submit("b", "b1"),
      batcher.submit("a", "a2"),
      batcher.submit("a", "a3"),
    ]);
    expect(batches).toEqual([["a1", "a2"], ["b1"], ["a3"]]);
  });

  it("fails every caller of a batch whose call failed, and later batches still work", async () => {
    let fail = true;
    const batcher = new CallBatcher<number, number>({
      windowMs: 5,
      maxBatch: 10,
      send: (items) => (fail ? Promise.reject(new Error("HTTP 500")) : Promise.resolve(items)),
    });
    const failed = await Promise.allSettled([batcher.submit("k", 1), batcher.submit("k", 2)]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    await expect(batcher.submit("k", 3)).resolves.toBe(3);
  });

  it("rejects rather than guesses when a sender returns the wrong number of results", async () => {
    const batcher = new CallBatcher<number, number>({
      windowMs: 5,
      maxBatch: 10,
      send: () => Promise.resolve([]),
    });
    await expect(batcher.submit("k", 1)).rejects.toThrow(/batch of 1 calls got 0 results/);
  });
});
