import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { withStatementCache } from "../../src/store/sqlite-statement-cache.js";

describe("withStatementCache", () => {
  it("hands back the same prepared statement for the same SQL", () => {
    const raw = new BetterSqlite3(":memory:");
    const db = withStatementCache(raw);
    expect(db.prepare("select 1 as one")).toBe(db.prepare("select 1 as one"));
    expect(db.prepare("select 2 as two")).not.toBe(db.prepare("select 1 as one"));
    raw.close();
  });

  it("prepares afresh while the cached statement is still being iterated", () => {
    const raw = new BetterSqlite3(":memory:");
    raw.exec("create table t (n integer); insert into t values (1), (2), (3);");
    const db = withStatementCache(raw);
    const first = db.prepare("select n from t order by n");
    const iterator = first.iterate([]);
    iterator.next();
    const second = db.prepare("select n from t order by n");
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    iterator.return?.();
    expect(db.prepare("select n from t order by n")).toBe(first);
    raw.close();
  });
});
