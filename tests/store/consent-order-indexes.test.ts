import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openTestStore, type TestStore } from "../helpers/test-store.js";

let store: TestStore | undefined;
afterEach(async () => {
  await store?.dispose();
  store = undefined;
});

async function plan(query: string): Promise<string> {
  if (!store) throw new Error("no store");
  const { rows } = await sql<{ detail: string }>`${sql.raw(`explain query plan ${query}`)}`.execute(store.db);
  return rows.map((r) => r.detail).join(" | ");
}

// The latest consent is read on every send and every reply; a phone that opted out and in many
// times has many rows, and sorting them all for each read was the inbound path's costliest query.
describe("the latest consent is read from an index in order, not sorted", () => {
  it("by patient, newest first", async () => {
    store = await openTestStore("sqlite");
    const detail = await plan(`select * from consents where patient_ref = 'Patient/1' order by captured_at desc, created_at desc, id desc limit 1`);
    expect(detail).toContain("consents_patient_latest_idx");
    expect(detail).not.toContain("TEMP B-TREE");
  });

  it("by phone, newest first", async () => {
    store = await openTestStore("sqlite");
    const detail = await plan(`select * from consents where phone_idx = 'x' order by captured_at desc, id desc`);
    expect(detail).toContain("consents_phone_latest_idx");
    expect(detail).not.toContain("TEMP B-TREE");
  });
});
