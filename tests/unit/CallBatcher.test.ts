import { CallBatcher, ItemFailure } from "../../provider/teardown/CallBatcher";

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

  it("fails only the item whose part of the batch failed (ItemFailure)", async () => {
    const batcher = new CallBatcher<number, number>({
      windowMs: 5,
      maxBatch: 10,
      send: (items) => Promise.resolve(items.map((n) => (n === 2 ? new ItemFailure(new Error("two")) : n))),
    });
    const settled = await Promise.allSettled([1, 2, 3].map((n) => batcher.submit("k", n)));
    expect(settled.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([
      1,
      "two",
      3,
    ]);
  });

  it("asks item by item after a batch refused as a whole, so each caller gets its own answer", async () => {
    const batches: number[][] = [];
    const batcher = new CallBatcher<number, number>({
      windowMs: 5,
      maxBatch: 10,
      retryAlone: (error) => (error as Error).message === "refused",
      send: (items) => {
        batches.push([...items]);
        return items.includes(2) ? Promise.reject(new Error("refused")) : Promise.resolve(items);
      },
    });
    const settled = await Promise.allSettled([1, 2, 3].map((n) => batcher.submit("k", n)));
    expect(settled.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(batches[0]).toEqual([1, 2, 3]);
    expect(batches.slice(1).sort()).toEqual([[1], [2], [3]]);
  });

  it("never asks item by item after an error it must not repeat, and stops asking at the first", async () => {
    let calls = 0;
    const authFailure = new Error("HTTP 401");
    const batcher = new CallBatcher<number, number>({
      windowMs: 5,
      maxBatch: 20,
      retryAlone: (error) => error !== authFailure,
      send: (items) => {
        calls++;
        // The batch is refused for one item; alone, the first item's call hits an auth failure.
        return Promise.reject(items.length > 1 ? new Error("refused") : authFailure);
      },
    });
    const settled = await Promise.allSettled(Array.from({ length: 12 }, (_, n) => batcher.submit("k", n)));
    expect(settled.every((r) => r.status === "rejected" && r.reason === authFailure)).toBe(true);
    // One batch call, then at most one call per worker before the auth failure stopped the rest.
    expect(calls).toBeLessThanOrEqual(5);

    calls = 0;
    const plain = new CallBatcher<number, number>({
      windowMs: 5,
      maxBatch: 10,
      retryAlone: () => false,
      send: () => {
        calls++;
        return Promise.reject(authFailure);
      },
    });
    await Promise.allSettled([1, 2, 3].map((n) => plain.submit("k", n)));
    expect(calls).toBe(1);
  });
});

describe("CallBatcher with a quiet window (maxWaitMs)", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("gathers calls that trickle in closer than the window into one batch", async () => {
    const batches: number[][] = [];
    const batcher = new CallBatcher<number, number>({
      windowMs: 40,
      maxWaitMs: 2000,
      maxBatch: 100,
      send: (items) => {
        batches.push([...items]);
        return Promise.resolve(items);
      },
    });
    // Ten calls 15 ms apart: a fixed 40 ms window would have sent about four batches.
    const pending: Promise<number>[] = [];
    for (let n = 0; n < 10; n++) {
      pending.push(batcher.submit("k", n));
      await sleep(15);
    }
    expect(await Promise.all(pending)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batches).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  });

  it("never holds a call longer than maxWaitMs while others keep joining", async () => {
    const sentAt: number[] = [];
    const batcher = new CallBatcher<number, number>({
      windowMs: 50,
      maxWaitMs: 120,
      maxBatch: 100,
      send: (items) => {
        sentAt.push(Date.now());
        return Promise.resolve(items);
      },
    });
    const started = Date.now();
    const pending: Promise<number>[] = [];
    for (let n = 0; n < 20; n++) {
      pending.push(batcher.submit("k", n));
      await sleep(20);
    }
    await Promise.all(pending);
    expect(sentAt.length).toBeGreaterThanOrEqual(2);
    // The first batch left by its deadline (timer slack allowed), not when the calls stopped.
    expect((sentAt[0] ?? 0) - started).toBeLessThan(120 + 60);
  });
});
