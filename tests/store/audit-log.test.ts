import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { appendAudit, AUDIT_GENESIS_HASH, listAudit } from "../../src/store/audit-log.js";
import { verifyAudit } from "../../src/store/audit-verify.js";
import { openStore, type Store } from "../../src/store/db.js";
import { parseKeyMaterial } from "../../src/store/keyring.js";
import { openStoreCrypto } from "../../src/store/store-crypto.js";
import { dropAuditGuards } from "./audit-attacker.js";
import { spawnAppender } from "./audit-appender-process.js";
import { KEY_A, openFixture } from "./fixture.js";
import { testDialects, type TestStore } from "../helpers/test-store.js";

async function openTestStore(dialect: "sqlite" | "postgres"): Promise<TestStore> {
  return (await openFixture(dialect)).store;
}

async function appendMany(store: TestStore, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await appendAudit(store, {
      actor: "workflow:appointment-reminder",
      action: i % 2 ? "message.sent" : "message.deferred",
      subjectRef: `Appointment/${i}`,
      decision: i % 2 ? "allow" : "defer",
      reasons: i % 2 ? [] : ["quiet-hours"],
      details: { messageId: `out_${i}`, touch: "24h" },
      at: new Date(Date.UTC(2026, 0, 1, 12, i)),
    });
  }
}

describe.each(testDialects())("audit log on %s", (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it("verifies an empty chain and a chain of appends, linking each row to the one before", async () => {
    store = await openTestStore(dialect);
    expect(await verifyAudit(store)).toEqual({ ok: true, checked: 0, lastSeq: 0, head: AUDIT_GENESIS_HASH });
    await appendMany(store, 5);
    const result = await verifyAudit(store, 2);
    expect(result).toMatchObject({ ok: true, checked: 5 });
    const rows = await store.db.selectFrom("audit_log").selectAll().orderBy("seq").execute();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prev_hash).toBe(AUDIT_GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    if (result.ok) expect(result.head).toBe(rows[4]?.hash);
  });

  it.each([
    ["decision", sql`update audit_log set decision = 'deny' where seq = 3`],
    ["reasons", sql`update audit_log set reasons = '["quiet-hours"]' where seq = 3`],
    ["details", sql`update audit_log set details = '{"messageId":"out_9"}' where seq = 3`],
    ["time", sql`update audit_log set at = at + 1 where seq = 3`],
    ["subject", sql`update audit_log set subject_ref = 'Appointment/99' where seq = 3`],
  ])("fails verification naming row 3 when its %s is edited directly", async (_field, edit) => {
    store = await openTestStore(dialect);
    await appendMany(store, 5);
    await dropAuditGuards(store);
    await edit.execute(store.db);
    const result = await verifyAudit(store);
    expect(result).toMatchObject({ ok: false, checked: 2, badSeq: 3 });
    if (!result.ok) expect(result.reason).toMatch(/row 3 .*altered/);
  });

  it("fails naming the row when an edited row's hash is recomputed (the next row no longer links)", async () => {
    store = await openTestStore(dialect);
    await appendMany(store, 4);
    await dropAuditGuards(store);
    await sql`update audit_log set hash = ${"f".repeat(64)} where seq = 2`.execute(store.db);
    const result = await verifyAudit(store);
    expect(result).toMatchObject({ ok: false, badSeq: 2 });
  });

  it("fails naming the missing row when a row is deleted", async () => {
    store = await openTestStore(dialect);
    await appendMany(store, 5);
    await dropAuditGuards(store);
    await sql`delete from audit_log where seq = 4`.execute(store.db);
    const result = await verifyAudit(store);
    expect(result).toMatchObject({ ok: false, checked: 3, badSeq: 4 });
    if (!result.ok) expect(result.reason).toMatch(/row 4 is missing/);
  });

  it("keeps one unbroken chain under 50 concurrent appends", async () => {
    store = await openTestStore(dialect);
    await Promise.all(Array.from({ length: 50 }, (_, i) => appendAudit(store!, { actor: "test", action: "message.sent", subjectRef: `Appointment/${i}` })));
    expect(await verifyAudit(store)).toMatchObject({ ok: true, checked: 50 });
    const subjects = await store.db.selectFrom("audit_log").select("subject_ref").execute();
    expect(new Set(subjects.map((s) => s.subject_ref)).size).toBe(50);
  });

  it("answers each of many concurrent appends with its own committed row", async () => {
    store = await openTestStore(dialect);
    const appended = await Promise.all(Array.from({ length: 20 }, (_, i) => appendAudit(store!, { actor: "test", action: "message.sent", subjectRef: `Appointment/${i}` })));
    const rows = await store.db.selectFrom("audit_log").select(["seq", "hash", "subject_ref"]).orderBy("seq").execute();
    for (const [i, { seq, hash }] of appended.entries()) {
      expect(rows.find((r) => Number(r.seq) === seq)).toMatchObject({ hash, subject_ref: `Appointment/${i}` });
    }
    expect(new Set(appended.map((a) => a.seq)).size).toBe(20);
    expect(await verifyAudit(store)).toMatchObject({ ok: true, checked: 20 });
  });

  it("fails only the bad entry among concurrent appends; the others land and the chain verifies", async () => {
    store = await openTestStore(dialect);
    const entries = Array.from({ length: 9 }, (_, i) => ({ actor: i === 4 ? (null as unknown as string) : "test", action: "message.sent", subjectRef: `Appointment/${i}` }));
    const results = await Promise.allSettled(entries.map((e) => appendAudit(store!, e)));
    expect(results.map((r) => r.status)).toEqual([...Array(4).fill("fulfilled"), "rejected", ...Array(4).fill("fulfilled")]);
    const subjects = (await store.db.selectFrom("audit_log").select("subject_ref").orderBy("seq").execute()).map((r) => r.subject_ref);
    expect(subjects.sort()).toEqual(entries.filter((_, i) => i !== 4).map((e) => e.subjectRef).sort());
    expect(await verifyAudit(store)).toMatchObject({ ok: true, checked: 8 });
    await appendAudit(store, { actor: "test", action: "message.sent" });
    expect(await verifyAudit(store)).toMatchObject({ ok: true, checked: 9 });
  });

  it("keeps one chain when another process appends at the same time", async () => {
    store = await openTestStore(dialect);
    const target = dialect === "sqlite" ? { dataDir: store.dataDir } : { databaseUrl: store.databaseUrl ?? "" };
    let childDone = false;
    const child = spawnAppender({ ...target, dataKey: KEY_A }, 40).finally(() => {
      childDone = true;
    });
    // Keep appending for as long as the child runs, so the two really contend. The pause
    // leaves SQLite's busy handler (which is not fair) a gap, as real traffic does.
    for (let i = 0; !childDone && i < 2000; i++) {
      await appendAudit(store, { actor: "parent", action: "message.sent" });
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(await child).toBe(0);
    const rows = await store.db.selectFrom("audit_log").select(["seq", "actor"]).orderBy("seq").execute();
    const childSeqs = rows.filter((r) => r.actor === "child").map((r) => Number(r.seq));
    const parentSeqs = rows.filter((r) => r.actor === "parent").map((r) => Number(r.seq));
    expect(childSeqs).toHaveLength(40);
    // Interleaved, not one after the other.
    expect(Math.min(...parentSeqs)).toBeLessThan(Math.max(...childSeqs));
    expect(Math.min(...childSeqs)).toBeLessThan(Math.max(...parentSeqs));
    expect(await verifyAudit(store)).toMatchObject({ ok: true, checked: rows.length });
  });

  it("redacts PHI-looking detail fields and lists a subject's entries in order", async () => {
    store = await openTestStore(dialect);
    await appendAudit(store, { actor: "api", action: "consent.recorded", subjectRef: "Patient/7", details: { phone: "+13125550142", consentId: "cns_1" } });
    await appendAudit(store, { actor: "api", action: "consent.revoked", subjectRef: "Patient/7", reasons: ["sms-keyword"] });
    const rows = await listAudit(store, "Patient/7");
    expect(rows.map((r) => r.action)).toEqual(["consent.recorded", "consent.revoked"]);
    expect(rows[0]?.details).toBe('{"consentId":"cns_1","phone":"[redacted]"}');
    expect(rows[1]?.reasons).toBe('["sms-keyword"]');
  });

  it("refuses an invalid time", async () => {
    store = await openTestStore(dialect);
    await expect(appendAudit(store, { actor: "x", action: "y", at: new Date(Number.NaN) })).rejects.toThrow(/invalid date/);
  });
});

// Two stores in one process stand for two servers; SQLite's lock is only taken across processes (above).
if (testDialects().includes("postgres")) {
  describe("audit log on postgres, two stores", () => {
    it("keeps one chain when two stores on one database append at the same time", async () => {
      const store = await openTestStore("postgres");
      const other = await openStore({ databaseUrl: store.databaseUrl ?? "" });
      try {
        await openStoreCrypto(other, parseKeyMaterial(KEY_A));
        const append = (s: Store, actor: string) => Array.from({ length: 30 }, (_, i) => appendAudit(s, { actor, action: "message.sent", subjectRef: `Appointment/${i}` }));
        const appended = await Promise.all([...append(store, "one"), ...append(other, "two")]);
        expect(new Set(appended.map((a) => a.seq)).size).toBe(60);
        const actors = (await store.db.selectFrom("audit_log").select("actor").orderBy("seq").execute()).map((r) => r.actor);
        expect(actors.filter((a) => a === "one")).toHaveLength(30);
        expect(actors.filter((a) => a === "two")).toHaveLength(30);
        expect(await verifyAudit(store)).toMatchObject({ ok: true, checked: 60 });
      } finally {
        await other.close();
        await store.dispose();
      }
    });
  });
}
