import { afterEach, describe, expect, it } from "vitest";
import { fixedLimit, prepared } from "../../src/store/prepared-query.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";

let store: TestStore | undefined;
afterEach(async () => {
  await store?.dispose();
  store = undefined;
});

const insertSignal = prepared((db, v: { key: string; payload: string | null; at: number }) =>
  db.insertInto("signals").values({ key: v.key, payload: v.payload, received_at: v.at, consumed_by_run: "nobody" }).onConflict((oc) => oc.column("key").doNothing()).returning("key"),
);
const firstSignals = prepared((db, v: { at: number }) => db.selectFrom("signals").select("key").where("received_at", ">", v.at).orderBy("key").limit(fixedLimit(2)));
const signalsAfter = prepared((db, v: { at: number }) => db.selectFrom("signals").select(["key", "payload"]).where("received_at", ">", v.at).orderBy("key"));

for (const dialect of testDialects()) {
  describe(`a query compiled once and run with new values (${dialect})`, () => {
    it("binds each call's own values in place of the stand-ins, keeps the constants it was built with, and binds undefined as null", async () => {
      store = await openTestStore(dialect);
      const db = store.db;
      expect((await insertSignal.execute(db, { key: "k1", payload: "one", at: 10 })).rows).toEqual([{ key: "k1" }]);
      expect((await insertSignal.execute(db, { key: "k2", payload: undefined as unknown as null, at: 20 })).rows).toEqual([{ key: "k2" }]);
      // The same key again: the conflict clause holds, nothing returned.
      expect((await insertSignal.execute(db, { key: "k1", payload: "again", at: 30 })).rows).toEqual([]);

      const rows = await db.selectFrom("signals").select(["key", "payload", "received_at", "consumed_by_run"]).orderBy("key").execute();
      expect(rows.map((r) => ({ ...r, received_at: Number(r.received_at) }))).toEqual([
        { key: "k1", payload: "one", received_at: 10, consumed_by_run: "nobody" },
        { key: "k2", payload: null, received_at: 20, consumed_by_run: "nobody" },
      ]);
      expect((await signalsAfter.execute(db, { at: 15 })).rows).toEqual([{ key: "k2", payload: null }]);
      expect((await signalsAfter.execute(db, { at: 5 })).rows).toHaveLength(2);
    });

    it("runs on a held connection (db.connection()) on that hold, not waiting for the connection it holds", async () => {
      store = await openTestStore(dialect);
      const keys = await store.db.connection().execute(async (conn) => {
        await insertSignal.execute(conn, { key: "held", payload: null, at: 5 });
        return (await signalsAfter.execute(conn, { at: 0 })).rows.map((r) => r.key);
      });
      expect(keys).toEqual(["held"]);
    });

    it("fails on a closed store instead of waiting for it", async () => {
      const closing = await openTestStore(dialect);
      await closing.dispose();
      await expect(signalsAfter.execute(closing.db, { at: 0 })).rejects.toThrow();
    });

    it("runs inside a transaction on that transaction", async () => {
      store = await openTestStore(dialect);
      const db = store.db;
      await expect(
        db.transaction().execute(async (trx) => {
          await insertSignal.execute(trx, { key: "k9", payload: "nine", at: 1 });
          expect((await signalsAfter.execute(trx, { at: 0 })).rows).toHaveLength(1);
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      expect((await signalsAfter.execute(db, { at: 0 })).rows).toEqual([]);
    });
  });
}

describe("fixedLimit", () => {
  it("writes the row count into the SQL, so binding values never makes SQLite plan the statement again", async () => {
    store = await openTestStore("sqlite");
    const compiled = store.db.selectFrom("signals").select("key").where("received_at", ">", 0).limit(fixedLimit(2)).compile();
    expect(compiled.sql).toMatch(/limit 2$/);
    expect(compiled.parameters).toEqual([0]);
    for (const [key, at] of [["a", 1], ["b", 2], ["c", 3]] as const) await insertSignal.execute(store.db, { key, payload: null, at });
    expect((await firstSignals.execute(store.db, { at: 0 })).rows).toEqual([{ key: "a" }, { key: "b" }]);
    expect((await firstSignals.execute(store.db, { at: 2 })).rows).toEqual([{ key: "c" }]);
  });

  it("refuses a count that is not a whole number of rows", () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => fixedLimit(bad)).toThrow(RangeError);
    expect(() => fixedLimit(0)).not.toThrow();
  });
});
