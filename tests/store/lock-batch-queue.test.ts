import { describe, expect, it } from "vitest";
import { LockBatchQueue } from "../../src/store/lock-batch-queue.js";

/** A lock that is free on the next turn; it records what each batch took, and refuses items marked bad. */
function doubling(batches: number[][]) {
  return new LockBatchQueue<number, number>(async (take) => {
    await new Promise((r) => setImmediate(r));
    const items = take();
    batches.push(items);
    if (items.some((n) => n < 0)) throw new Error(`bad item in ${items.join(",")}`);
    return items.map((n) => n * 2);
  });
}

describe("LockBatchQueue", () => {
  it("runs items that arrive together as one batch, and each caller gets its own result", async () => {
    const batches: number[][] = [];
    const queue = doubling(batches);
    expect(await Promise.all([1, 2, 3].map((n) => queue.push(n)))).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("puts items that arrive while a batch runs in the next batch", async () => {
    const batches: number[][] = [];
    const queue = doubling(batches);
    const first = queue.push(1);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const later = [queue.push(2), queue.push(3)];
    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it("fails only the bad item when a batch fails, running the others again one at a time", async () => {
    const batches: number[][] = [];
    const queue = doubling(batches);
    const results = await Promise.allSettled([1, -1, 3].map((n) => queue.push(n)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(results[0]).toMatchObject({ value: 2 });
    expect(results[2]).toMatchObject({ value: 6 });
    expect(results[1]).toMatchObject({ reason: new Error("bad item in -1") });
    expect(batches).toEqual([[1, -1, 3], [1], [-1], [3]]);
  });

  it("runs each waiting item alone when the lock fails before the batch is taken, then keeps going", async () => {
    let failLock = true;
    const batches: number[][] = [];
    const queue = new LockBatchQueue<number, number>(async (take) => {
      await Promise.resolve();
      if (failLock) {
        failLock = false;
        throw new Error("lock unavailable");
      }
      const items = take();
      batches.push(items);
      return items;
    });
    expect(await Promise.all([queue.push(1), queue.push(2)])).toEqual([1, 2]);
    expect(batches).toEqual([[1], [2]]);
    expect(await queue.push(3)).toBe(3);
  });

  it("rejects a lone item with its own error and serves the next push", async () => {
    const queue = doubling([]);
    await expect(queue.push(-5)).rejects.toThrow("bad item in -5");
    expect(await queue.push(5)).toBe(10);
  });
});
