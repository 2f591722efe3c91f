import { afterEach, describe, expect, it } from "vitest";
import { currentTemplateVersion, latestTemplateVersions, listTemplateVersions, recordTemplateVersions } from "../../src/store/template-versions.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";

const AT = new Date("2026-03-02T10:00:00Z");

describe.each(testDialects())("template versions on %s", (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it("records version 1 at the first save, adds a version only when the text changes, and keeps who and when", async () => {
    store = await openTestStore(dialect);
    expect(await currentTemplateVersion(store, "payment-reminder", "en")).toBeUndefined();
    const first = await recordTemplateVersions(store, [{ templateId: "payment-reminder", language: "en", body: null }, { templateId: "payment-reminder", language: "es", body: "Hola" }], { by: "config-file", at: AT, configVersion: 1 });
    expect(first.map((v) => v.version)).toEqual([1, 1]);
    expect(await recordTemplateVersions(store, [{ templateId: "payment-reminder", language: "en", body: null }], { by: "config-file", at: AT })).toEqual([]);
    const later = new Date(AT.getTime() + 60_000);
    await recordTemplateVersions(store, [{ templateId: "payment-reminder", language: "en", body: "Pay at the portal" }], { by: "staff:mgr-1", at: later, configVersion: 2 });
    expect(await listTemplateVersions(store, "payment-reminder", "en")).toEqual([
      { templateId: "payment-reminder", language: "en", version: 2, body: "Pay at the portal", configVersion: 2, createdAt: later, createdBy: "staff:mgr-1" },
      { templateId: "payment-reminder", language: "en", version: 1, body: null, configVersion: 1, createdAt: AT, createdBy: "config-file" },
    ]);
    expect(await currentTemplateVersion(store, "payment-reminder", "en")).toBe(2);
    expect((await latestTemplateVersions(store)).get("payment-reminder.es")?.body).toBe("Hola");
  });

  it("gives two processes saving different texts at once distinct numbers and loses neither", async () => {
    store = await openTestStore(dialect);
    const s = store;
    await Promise.all(["A", "B"].map((body) => recordTemplateVersions(s, [{ templateId: "staff-noted", language: "en", body }], { by: "staff:x", at: AT })));
    const versions = await listTemplateVersions(s, "staff-noted", "en");
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions.map((v) => v.body).sort()).toEqual(["A", "B"]);
  });
});
