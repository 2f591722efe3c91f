import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setLogSink } from "../../src/log.js";
import { sql } from "kysely";
import { createBlindIndex, loadIndexKey } from "../../src/store/blind-index.js";
import { contactsByPhoneIdx, getContact, upsertContact } from "../../src/store/contacts.js";
import { createCipher } from "../../src/store/crypto.js";
import { createHook, readHookSecret } from "../../src/store/hooks.js";
import { recordInbound, readInboundContent } from "../../src/store/inbound-messages.js";
import { runKeyRotateCommand } from "../../src/store/key-rotate-command.js";
import { ENCRYPTED_COLUMNS, formatRotationReport, rotateDataKey } from "../../src/store/key-rotation.js";
import { parseKeyMaterial } from "../../src/store/keyring.js";
import { recordOutbound, readOutboundContent } from "../../src/store/outbound-messages.js";
import { recordConsent, latestConsentForPatient } from "../../src/store/consent-ledger.js";
import { openStoreCrypto } from "../../src/store/store-crypto.js";
import { testDialects } from "../helpers/test-store.js";
import { KEY_A, KEY_B, openFixture, type Fixture } from "./fixture.js";

const PHONE = "+13125550142";

async function seed(fx: Fixture): Promise<{ outId: string; inId: string; hookId: string }> {
  await upsertContact(fx.store, fx.crypto, { patientRef: "Patient/a", phone: PHONE });
  await upsertContact(fx.store, fx.crypto, { patientRef: "Patient/b", phone: null });
  await recordConsent(fx.store, fx.crypto, { patientRef: "Patient/a", phone: PHONE, scopes: ["appointment"], phiLevel: "none", source: "paper", evidence: "scan-1" });
  const out = await recordOutbound(fx.store, fx.crypto, { effectKey: "e1", patientRef: "Patient/a", phone: PHONE, body: "See you Tuesday", purpose: "reminder" });
  const inb = await recordInbound(fx.store, fx.crypto, { providerSid: "SM1", phone: PHONE, sender: "+13125550100", body: "C" });
  const hookId = await createHook(fx.store, fx.crypto, { event: "appointment.confirmed", targetUrl: "http://127.0.0.1:9/hook", secret: "whsec" });
  return { outId: out.message.id, inId: inb.id, hookId };
}

async function kidsIn(fx: Fixture): Promise<Set<string>> {
  const kids = new Set<string>();
  for (const spec of ENCRYPTED_COLUMNS) {
    const { rows } = await sql<{ v: string | null }>`select ${sql.ref(spec.column)} as v from ${sql.table(spec.table)}`.execute(fx.store.db);
    for (const r of rows) if (r.v != null) kids.add(r.v.split(".")[1] ?? "");
  }
  return kids;
}

describe.each(testDialects())("data key rotation on %s", (dialect) => {
  let fx: Fixture | undefined;
  beforeAll(() => setLogSink(() => undefined));
  afterAll(() => setLogSink(null));
  afterEach(async () => {
    await fx?.store.dispose();
    fx = undefined;
  });

  it("re-encrypts every column under the new key; the new key alone then reads everything", async () => {
    fx = await openFixture(dialect, KEY_A);
    const { outId, inId, hookId } = await seed(fx);
    const idxBefore = fx.crypto.index.phone(PHONE);
    const ring = parseKeyMaterial(`${KEY_B},${KEY_A}`);

    const report = await rotateDataKey(fx.store, ring, { batchSize: 2 });
    expect(report.failed).toEqual([]);
    expect(report.rotated).toEqual({
      "contacts.phone_ct": 1,
      "consents.phone_ct": 1,
      "outbound_messages.phone_ct": 1,
      "outbound_messages.body_ct": 1,
      "inbound_messages.phone_ct": 1,
      "inbound_messages.body_ct": 1,
      "hook_subscriptions.secret_ct": 1,
      "store_keys.key_ct": 2, // the blind-index key and the audit key
    });
    expect([...(await kidsIn(fx))]).toEqual([ring.activeKid]);
    expect(formatRotationReport(report)).toMatch(/may now be removed/);

    const onlyB = await openStoreCrypto(fx.store, parseKeyMaterial(KEY_B));
    expect((await getContact(fx.store, onlyB, "Patient/a"))?.phone).toBe(PHONE);
    expect((await latestConsentForPatient(fx.store, onlyB, "Patient/a"))?.phone).toBe(PHONE);
    expect(await readOutboundContent(fx.store, onlyB, outId)).toEqual({ phone: PHONE, body: "See you Tuesday" });
    expect(await readInboundContent(fx.store, onlyB, inId)).toEqual({ phone: PHONE, body: "C" });
    expect(await readHookSecret(fx.store, onlyB, hookId)).toBe("whsec");

    // The blind index did not move: lookups by any spelling still find the rows.
    expect(onlyB.index.phone("(312) 555-0142")).toBe(idxBefore);
    expect((await contactsByPhoneIdx(fx.store, onlyB, idxBefore)).map((c) => c.patientRef)).toEqual(["Patient/a"]);

    // The old key alone can no longer read anything.
    await expect(loadIndexKey(fx.store, createCipher(parseKeyMaterial(KEY_A)))).rejects.toThrow();
  });

  it("is a no-op the second time, and the old+new ring still reads values written before", async () => {
    fx = await openFixture(dialect, KEY_A);
    const { outId } = await seed(fx);
    const ring = parseKeyMaterial(`${KEY_B},${KEY_A}`);
    await rotateDataKey(fx.store, ring);
    const again = await rotateDataKey(fx.store, ring);
    expect(Object.values(again.rotated).every((n) => n === 0)).toBe(true);
    const both = await openStoreCrypto(fx.store, ring);
    expect((await readOutboundContent(fx.store, both, outId))?.body).toBe("See you Tuesday");
  });

  it("reports a tampered value by row id, rotates the rest, and leaves the bad value for inspection", async () => {
    fx = await openFixture(dialect, KEY_A);
    const { outId } = await seed(fx);
    const row = await fx.store.db.selectFrom("outbound_messages").select("body_ct").where("id", "=", outId).executeTakeFirstOrThrow();
    const tampered = (row.body_ct ?? "").slice(0, -2) + "AA";
    await fx.store.db.updateTable("outbound_messages").set({ body_ct: tampered }).where("id", "=", outId).execute();

    const report = await rotateDataKey(fx.store, parseKeyMaterial(`${KEY_B},${KEY_A}`));
    expect(report.failed).toEqual([{ column: "outbound_messages.body_ct", rowKey: outId, reason: expect.stringMatching(/altered/) }]);
    expect(report.rotated["outbound_messages.phone_ct"]).toBe(1);
    expect(formatRotationReport(report)).toMatch(/Keep the old key/);
  });

  it("keeps the blind index equal to one computed from the index key before rotation", async () => {
    fx = await openFixture(dialect, KEY_A);
    const keyBefore = await loadIndexKey(fx.store, fx.crypto.cipher);
    await rotateDataKey(fx.store, parseKeyMaterial(`${KEY_B},${KEY_A}`));
    const keyAfter = await loadIndexKey(fx.store, createCipher(parseKeyMaterial(KEY_B)));
    expect(keyAfter.equals(keyBefore)).toBe(true);
    expect(createBlindIndex(keyAfter).phone(PHONE)).toBe(createBlindIndex(keyBefore).phone(PHONE));
  });

  it("runs as a command against the configured database, printing counts and exiting 0", async () => {
    fx = await openFixture(dialect, KEY_A);
    await seed(fx);
    const lines: string[] = [];
    const code = await runKeyRotateCommand({
      dataDir: fx.store.dataDir,
      ...(fx.store.databaseUrl ? { databaseUrl: fx.store.databaseUrl } : {}),
      dataKey: `${KEY_B},${KEY_A}`,
      print: (l) => lines.push(l),
    });
    expect(code).toBe(0);
    expect(lines.join("\n")).toMatch(/outbound_messages\.body_ct +1/);
    expect([...(await kidsIn(fx))]).toEqual([parseKeyMaterial(KEY_B).activeKid]);
  });

  it("as a command, refuses to run without a key rather than generate one", async () => {
    fx = await openFixture(dialect, KEY_A);
    await expect(runKeyRotateCommand({ dataDir: fx.store.dataDir, print: () => undefined })).rejects.toThrow(/MINNOW_DATA_KEY is not set/);
  });
});
