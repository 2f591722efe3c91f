import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withEffect } from "../../src/engine/effects.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";

/** A fake provider that remembers which keys it acted on, and counts every send. */
function provider() {
  const seen = new Map<string, string>();
  const counter = { sends: 0 };
  return {
    seen,
    counter,
    send: async (key: string) => {
      counter.sends++;
      const id = `SM${seen.size + 1}`;
      seen.set(key, id);
      return { providerId: id };
    },
    lookup: async (key: string) => {
      const id = seen.get(key);
      return id ? { providerId: id } : undefined;
    },
  };
}

async function withStore(dialect: "sqlite" | "postgres", fn: (store: TestStore) => Promise<void>): Promise<void> {
  const store = await openTestStore(dialect);
  try {
    await fn(store);
  } finally {
    await store.dispose();
  }
}

const markPending = (store: TestStore, key: string) =>
  store.db.insertInto("effects").values({ key, status: "pending", result: null, error: null, created_at: 0, updated_at: 0 }).execute();

describe.each(testDialects())("withEffect (%s)", (dialect) => {
  it("calls once, records the result, and returns it without calling again", () =>
    withStore(dialect, async (store) => {
      const p = provider();
      const first = await withEffect(store, "sms:a1", () => p.send("sms:a1"));
      const again = await withEffect(store, "sms:a1", () => p.send("sms:a1"));
      expect(first).toEqual({ providerId: "SM1" });
      expect(again).toEqual(first);
      expect(p.counter.sends).toBe(1);
      const row = await store.db.selectFrom("effects").selectAll().where("key", "=", "sms:a1").executeTakeFirst();
      expect(row).toMatchObject({ status: "done", result: '{"providerId":"SM1"}' });
    }));

  it("on a pending key (crash mid-call) trusts reconcile when the provider saw it", () =>
    withStore(dialect, async (store) => {
      const p = provider();
      await p.send("sms:a2");
      await markPending(store, "sms:a2");
      const result = await withEffect(store, "sms:a2", () => p.send("sms:a2"), { reconcile: () => p.lookup("sms:a2") });
      expect(result).toEqual({ providerId: "SM1" });
      expect(p.counter.sends).toBe(1);
      expect((await store.db.selectFrom("effects").select("status").where("key", "=", "sms:a2").executeTakeFirst())?.status).toBe("done");
    }));

  it("on a pending key calls again only when reconcile says it did not happen", () =>
    withStore(dialect, async (store) => {
      const p = provider();
      await markPending(store, "sms:a3");
      let calls = 0;
      const result = await withEffect(store, "sms:a3", () => (calls++, p.send("sms:a3")), { reconcile: () => p.lookup("sms:a3") });
      expect(result).toEqual({ providerId: "SM1" });
      expect(calls).toBe(1);
    }));

  it("records a failed call, rethrows it, and retries it later", () =>
    withStore(dialect, async (store) => {
      const boom = new Error("provider 500");
      await expect(withEffect(store, "sms:a4", () => Promise.reject(boom))).rejects.toBe(boom);
      const row = await store.db.selectFrom("effects").selectAll().where("key", "=", "sms:a4").executeTakeFirst();
      expect(row).toMatchObject({ status: "failed", error: "Error: provider 500" });
      expect(await withEffect(store, "sms:a4", async () => "sent")).toBe("sent");
    }));

  it("does not call when reconcile itself fails, and keeps the cause", () =>
    withStore(dialect, async (store) => {
      await markPending(store, "sms:a5");
      let calls = 0;
      const cause = new Error("lookup down");
      const err = await withEffect(store, "sms:a5", async () => ++calls, { reconcile: () => Promise.reject(cause) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/still unknown/);
      expect((err as Error).cause).toBe(cause);
      expect(calls).toBe(0);
    }));

  it.each([[""], ["k".repeat(401)]])("refuses a bad key %#", (key) =>
    withStore(dialect, async (store) => {
      await expect(withEffect(store, key, async () => 1)).rejects.toThrow(/effect key/);
    }));

  it("never acts twice at the provider, whatever mix of failures before and after the call (property)", () =>
    withStore(dialect, async (store) => {
      let round = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.constantFrom("ok", "fail-before", "fail-after"), { minLength: 1, maxLength: 6 }), async (attempts) => {
          const key = `prop:${round++}`;
          const p = provider();
          let done: unknown;
          for (const attempt of attempts) {
            const result = await withEffect(
              store,
              key,
              async () => {
                if (attempt === "fail-before") throw new Error("refused");
                const sent = await p.send(key);
                if (attempt === "fail-after") throw new Error("timeout after the provider accepted");
                return sent;
              },
              { reconcile: () => p.lookup(key) },
            ).catch(() => undefined);
            if (done !== undefined) expect(result).toEqual(done);
            done ??= result;
          }
          expect(p.counter.sends).toBeLessThanOrEqual(1);
        }),
        { numRuns: 40 },
      );
    }));
});
