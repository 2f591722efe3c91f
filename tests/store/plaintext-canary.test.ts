/**
 * PHI at rest: after writing a canary phone and body through every repository that
 * stores them, the raw database (SQLite file bytes, or every Postgres column read as
 * text) must not contain them in any spelling. A marker written to a plaintext
 * column proves each scan actually sees the data.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { appendAudit } from "../../src/store/audit-log.js";
import { recordConsent } from "../../src/store/consent-ledger.js";
import { upsertContact } from "../../src/store/contacts.js";
import { createHook } from "../../src/store/hooks.js";
import { recordInbound } from "../../src/store/inbound-messages.js";
import { recordOutbound } from "../../src/store/outbound-messages.js";
import { testDialects } from "../helpers/test-store.js";
import { openFixture, type Fixture } from "./fixture.js";

const CANARY_PHONE = "+13125550187";
const CANARY_SPELLINGS = ["3125550187", "555-0187", "5550187", "(312) 555"];
const CANARY_BODY = "CANARY-BODY-Zq7 your colonoscopy prep";
const CANARY_REPLY = "CANARY-REPLY-Wk3 is this about my biopsy";
const CANARY_SECRET = "CANARY-HOOK-SECRET-Pv9";
const MARKER = "plaintext-marker-Hx4";
const CANARIES = [CANARY_PHONE, ...CANARY_SPELLINGS, CANARY_BODY, "colonoscopy", CANARY_REPLY, "biopsy", CANARY_SECRET];

async function writeCanaries(fx: Fixture): Promise<void> {
  await upsertContact(fx.store, fx.crypto, { patientRef: "Patient/canary", phone: "(312) 555-0187", language: "en" });
  await recordConsent(fx.store, fx.crypto, { patientRef: "Patient/canary", phone: CANARY_PHONE, scopes: ["appointment"], phiLevel: "minimal", source: "web-form", evidence: "form-1" });
  await recordOutbound(fx.store, fx.crypto, { effectKey: "canary-1", patientRef: "Patient/canary", phone: CANARY_PHONE, body: CANARY_BODY, purpose: MARKER });
  await recordInbound(fx.store, fx.crypto, { providerSid: "SMcanary", phone: CANARY_PHONE, sender: "+13125550100", body: CANARY_REPLY });
  await createHook(fx.store, fx.crypto, { event: "message.sent", targetUrl: "http://127.0.0.1:9/h", secret: CANARY_SECRET });
  await appendAudit(fx.store, { actor: "test", action: "message.sent", subjectRef: "Patient/canary", details: { phone: CANARY_PHONE, body: CANARY_BODY } });
}

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.store.dispose();
  fx = undefined;
});

// Each dialect has its own raw view of the data, so each gets its own scan.
describe("no plaintext PHI at rest on sqlite", () => {
  it("the SQLite main file and WAL hold no canary phone, body, reply or secret", async () => {
    fx = await openFixture("sqlite");
    await writeCanaries(fx);
    const base = join(fx.store.dataDir, "minnow.sqlite");
    const files = [base, `${base}-wal`].filter((f) => existsSync(f));
    expect(files).toContain(`${base}-wal`);
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(bytes.includes(MARKER)).toBe(true);
    for (const canary of CANARIES) expect(bytes.includes(canary), canary).toBe(false);

    // Also after a checkpoint moves the pages into the main file.
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(fx.store.db);
    const main = readFileSync(base);
    expect(main.includes(MARKER)).toBe(true);
    for (const canary of CANARIES) expect(main.includes(canary), canary).toBe(false);
  });
});

describe.each(testDialects().filter((d) => d === "postgres"))("no plaintext PHI at rest on %s", (dialect) => {
  it("every Postgres column, read as text, holds no canary", async () => {
    fx = await openFixture(dialect);
    await writeCanaries(fx);
    const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns where table_schema = 'public'`.execute(fx.store.db);
    expect(columns.length).toBeGreaterThan(50);
    const texts: string[] = [];
    for (const c of columns) {
      const { rows } = await sql<{ v: string | null }>`select ${sql.ref(c.column_name)}::text as v from ${sql.table(c.table_name)}`.execute(fx.store.db);
      for (const r of rows) if (r.v != null) texts.push(r.v);
    }
    const all = texts.join("\n");
    expect(all).toContain(MARKER);
    for (const canary of CANARIES) expect(all.includes(canary), canary).toBe(false);
  });
});
