import { Migrator, sql, type Migration } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setLogSink } from "../../src/log.js";
import { appendAudit, AUDIT_GENESIS_HASH, auditHash } from "../../src/store/audit-log.js";
import { purgeAudit, RETENTION_ACTOR } from "../../src/store/audit-retention.js";
import { AuditTamperedError } from "../../src/store/audit-seal.js";
import { verifyAudit } from "../../src/store/audit-verify.js";
import { migrateToLatest } from "../../src/store/db.js";
import { rotateDataKey } from "../../src/store/key-rotation.js";
import { parseKeyMaterial } from "../../src/store/keyring.js";
import { migrations } from "../../src/store/migrations/index.js";
import { openStoreCrypto } from "../../src/store/store-crypto.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";
import { dropAuditGuards, rebuildChainFrom } from "./audit-attacker.js";
import { KEY_A, KEY_B, openFixture, type Fixture } from "./fixture.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);

async function appendDays(fx: Fixture, days: number[]): Promise<void> {
  for (const d of days) await appendAudit(fx.store, { actor: "system", action: "message.sent", subjectRef: `Appointment/${d}`, at: new Date(T0 + d * DAY) });
}

const rowCount = async (store: TestStore) => Number((await store.db.selectFrom("audit_log").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

describe.each(testDialects())("append-only audit log on %s", (dialect) => {
  beforeAll(() => setLogSink(() => undefined));
  afterAll(() => setLogSink(null));
  let fx: Fixture | undefined;
  let bare: TestStore | undefined;
  afterEach(async () => {
    await fx?.store.dispose();
    await bare?.dispose();
    fx = undefined;
    bare = undefined;
  });

  it("refuses UPDATE, DELETE and a wholesale delete of audit rows, and keeps them unchanged", async () => {
    fx = await openFixture(dialect);
    await appendDays(fx, [1, 2, 3]);
    await expect(sql`update audit_log set decision = 'deny' where seq = 2`.execute(fx.store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 3`.execute(fx.store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(fx.store.db)).rejects.toThrow(/append-only/);
    if (dialect === "postgres") await expect(sql`truncate audit_log`.execute(fx.store.db)).rejects.toThrow(/append-only/);
    expect(await rowCount(fx.store)).toBe(3);
    expect(await verifyAudit(fx.store)).toMatchObject({ ok: true, checked: 3 });
  });

  it("refuses deleting the head checkpoint, unsealing it or moving it back", async () => {
    fx = await openFixture(dialect);
    await appendDays(fx, [1, 2]);
    await expect(sql`delete from audit_head`.execute(fx.store.db)).rejects.toThrow(/audit_head/);
    await expect(sql`update audit_head set mac = null`.execute(fx.store.db)).rejects.toThrow(/audit_head/);
    await expect(sql`update audit_head set last_seq = 1`.execute(fx.store.db)).rejects.toThrow(/audit_head/);
    expect(await verifyAudit(fx.store)).toMatchObject({ ok: true, checked: 2 });
  });

  it("reports an edited head checkpoint, and refuses to append onto it rather than re-seal it", async () => {
    fx = await openFixture(dialect);
    await appendDays(fx, [1, 2, 3, 4]);
    await sql`drop trigger if exists audit_head_forward_only ${dialect === "postgres" ? sql`on audit_head` : sql``}`.execute(fx.store.db);
    await dropAuditGuards(fx.store);
    await sql`delete from audit_log where seq = 4`.execute(fx.store.db);
    await sql`update audit_head set last_seq = 3, last_hash = (select hash from audit_log where seq = 3)`.execute(fx.store.db);
    expect(await verifyAudit(fx.store)).toMatchObject({ ok: false, problem: "head", badSeq: 1 });
    await expect(appendAudit(fx.store, { actor: "system", action: "message.sent" })).rejects.toThrow(AuditTamperedError);
  });

  it("purges only the oldest rows past retention, records the purge, and still verifies", async () => {
    fx = await openFixture(dialect);
    await appendDays(fx, [1, 2, 3, 10, 11]);
    const purge = await purgeAudit(fx.store, new Date(T0 + 5 * DAY), new Date(T0 + 12 * DAY));
    expect(purge).toEqual({ purged: 3, throughSeq: 3 });
    const rows = await fx.store.db.selectFrom("audit_log").select(["seq", "actor", "action", "details"]).orderBy("seq").execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([4, 5, 6]);
    expect(rows[2]).toMatchObject({ actor: RETENTION_ACTOR, action: "audit.purged" });
    expect(JSON.parse(rows[2]?.details ?? "{}")).toMatchObject({ rows: 3, firstSeq: 1, throughSeq: 3 });
    expect(await verifyAudit(fx.store)).toMatchObject({ ok: true, checked: 3 });
    // The purge moved the start past rows 1-3 only: a later row is still protected.
    await expect(sql`delete from audit_log where seq = 4`.execute(fx.store.db)).rejects.toThrow(/append-only/);
    expect(await purgeAudit(fx.store, new Date(T0 + 5 * DAY))).toEqual({ purged: 0 });
    expect(await rowCount(fx.store)).toBe(3);
  });

  it("still detects a truncated tail after a purge", async () => {
    fx = await openFixture(dialect);
    await appendDays(fx, [1, 2, 10, 11, 12]);
    await purgeAudit(fx.store, new Date(T0 + 5 * DAY), new Date(T0 + 13 * DAY));
    await dropAuditGuards(fx.store);
    await sql`delete from audit_log where seq >= 5`.execute(fx.store.db);
    expect(await verifyAudit(fx.store)).toMatchObject({ ok: false, problem: "truncated", badSeq: 5, checked: 2 });
  });

  it("keeps the seal across a data-key rotation: verifies and appends under the new key alone", async () => {
    fx = await openFixture(dialect);
    await appendDays(fx, [1, 2]);
    await rotateDataKey(fx.store, parseKeyMaterial(`${KEY_B},${KEY_A}`));
    await openStoreCrypto(fx.store, parseKeyMaterial(KEY_B));
    await appendDays(fx, [3]);
    expect(await verifyAudit(fx.store)).toMatchObject({ ok: true, checked: 3 });
  });

  it("refuses to append or verify without the store's keys, saying how to get them", async () => {
    bare = await openTestStore(dialect);
    await expect(appendAudit(bare, { actor: "system", action: "x" })).rejects.toThrow(/MINNOW_DATA_KEY.*openStoreCrypto/);
    await expect(verifyAudit(bare)).rejects.toThrow(/MINNOW_DATA_KEY/);
  });

  it("seals a log written before the upgrade: its rows verify, and a rebuild of them shows", async () => {
    bare = await openTestStore(dialect);
    // Back to the schema before the seal (its down migration), where rows carried only the plain chain.
    const migrator = new Migrator({ db: bare.db, provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations } });
    expect((await migrator.migrateTo("005-consent-scope-history")).error).toBeUndefined();
    let prev = AUDIT_GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const row = { seq, at: T0 + seq, actor: "legacy", action: "message.sent", subject_ref: null, decision: null, reasons: "[]", details: "{}", prev_hash: prev };
      prev = auditHash(row);
      await sql`insert into audit_log (seq, at, actor, action, subject_ref, decision, reasons, details, prev_hash, hash)
        values (${seq}, ${row.at}, 'legacy', 'message.sent', null, null, '[]', '{}', ${row.prev_hash}, ${prev})`.execute(bare.db);
    }
    await migrateToLatest(bare.db);
    await openStoreCrypto(bare, parseKeyMaterial(KEY_A));
    await appendAudit(bare, { actor: "system", action: "message.sent" });
    expect(await verifyAudit(bare)).toMatchObject({ ok: true, checked: 4 });
    await rebuildChainFrom(bare, 2, { decision: "deny" });
    expect(await verifyAudit(bare)).toMatchObject({ ok: false, badSeq: 4, problem: "rebuilt" });
  });
});
