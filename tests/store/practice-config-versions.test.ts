import { afterEach, describe, expect, it } from "vitest";
import { listPracticeConfigVersions, loadLatestPracticeConfig, savePracticeConfigVersion } from "../../src/store/practice-config-versions.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";

const AT = new Date("2026-03-02T10:00:00Z");

describe.each(testDialects())("stored practice config versions on %s", (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it("holds nothing until a first save, then numbers versions from 1 and loads the newest", async () => {
    store = await openTestStore(dialect);
    expect(await loadLatestPracticeConfig(store)).toBeUndefined();
    const first = await savePracticeConfigVersion(store, { raw: { practice: { name: "Lakeside Clinic" } }, by: "config-file", at: AT });
    const second = await savePracticeConfigVersion(store, { raw: { practice: { name: "Lakeside Clinic" }, sync: { intervalMinutes: 15 } }, by: "staff:mgr-1", at: new Date(AT.getTime() + 60_000) });
    expect([first.version, second.version]).toEqual([1, 2]);
    const latest = await loadLatestPracticeConfig(store);
    expect(latest).toMatchObject({ version: 2, createdBy: "staff:mgr-1", createdAt: new Date(AT.getTime() + 60_000) });
    expect(latest?.raw).toEqual({ practice: { name: "Lakeside Clinic" }, sync: { intervalMinutes: 15 } });
    // The effective config fills what the stored version leaves out with today's defaults.
    expect(latest?.config.sync).toEqual({ intervalMinutes: 15, horizonDays: 14 });
    expect(latest?.config.practice.name).toBe("Lakeside Clinic");
    expect((await listPracticeConfigVersions(store)).map((v) => [v.version, v.createdBy])).toEqual([[2, "staff:mgr-1"], [1, "config-file"]]);
  });

  it("refuses an invalid config or a save without an author, and stores nothing", async () => {
    store = await openTestStore(dialect);
    await expect(savePracticeConfigVersion(store, { raw: { waitlist: { batchSize: 0 } }, by: "staff:mgr-1", at: AT })).rejects.toThrow(/waitlist\.batchSize/);
    await expect(savePracticeConfigVersion(store, { raw: {}, by: "  ", at: AT })).rejects.toThrow(/who saved it/);
    expect(await listPracticeConfigVersions(store)).toEqual([]);
  });

  it("gives concurrent saves distinct, gapless version numbers and loses none", async () => {
    store = await openTestStore(dialect);
    const s = store;
    const saved = await Promise.all([1, 2, 3, 4].map((n) => savePracticeConfigVersion(s, { raw: { sync: { intervalMinutes: n } }, by: `staff:${n}`, at: AT })));
    expect(saved.map((v) => v.version).sort()).toEqual([1, 2, 3, 4]);
    const stored = await listPracticeConfigVersions(s);
    expect(stored.map((v) => v.createdBy).sort()).toEqual(["staff:1", "staff:2", "staff:3", "staff:4"]);
  });
});
