import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/store/db.js";
import { lockKey, tryProcessLock, withProcessLock } from "../../src/store/process-lock.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";

const opened: Array<{ close?(): Promise<void>; dispose?(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await (o.dispose ?? o.close)?.();
});

describe("lock keys", () => {
  it("are stable, positive 31-bit numbers that differ by name", () => {
    expect(lockKey("hook-deliveries")).toBe(lockKey("hook-deliveries"));
    expect(lockKey("hook-deliveries")).not.toBe(lockKey("inbound-phone:x"));
    for (const name of ["", "a", "inbound-phone:abc"]) {
      expect(lockKey(name)).toBeGreaterThanOrEqual(0);
      expect(lockKey(name)).toBeLessThan(2 ** 31);
    }
  });
});

for (const dialect of testDialects().filter((d) => d === "postgres")) {
  describe(`process locks on ${dialect}`, () => {
    async function twoProcesses(): Promise<[TestStore, Store]> {
      const first = await openTestStore(dialect);
      opened.push(first);
      const second = await openStore({ databaseUrl: first.databaseUrl ?? "", dataDir: first.dataDir });
      opened.push(second);
      return [first, second];
    }

    it("makes the second process wait until the first is done", async () => {
      const [a, b] = await twoProcesses();
      const order: string[] = [];
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => (release = r));
      const first = withProcessLock(a, "part", async () => {
        order.push("a-in");
        await held;
        order.push("a-out");
      });
      await new Promise((r) => setTimeout(r, 50));
      const second = withProcessLock(b, "part", async () => void order.push("b-in"));
      await new Promise((r) => setTimeout(r, 100));
      expect(order).toEqual(["a-in"]);
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(["a-in", "a-out", "b-in"]);
    });

    it("lets another process skip a pass while the lock is held, and releases it when the work throws", async () => {
      const [a, b] = await twoProcesses();
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => (release = r));
      const first = tryProcessLock(a, "pass", () => held);
      await new Promise((r) => setTimeout(r, 50));
      expect(await tryProcessLock(b, "pass", async () => "ran")).toEqual({ ran: false });
      expect(await tryProcessLock(b, "another part", async () => "ran")).toEqual({ ran: true, value: "ran" });
      release();
      await first;
      await expect(withProcessLock(a, "pass", async () => Promise.reject(new Error("work failed")))).rejects.toThrow("work failed");
      expect(await tryProcessLock(b, "pass", async () => "ran")).toEqual({ ran: true, value: "ran" });
    });
  });
}
