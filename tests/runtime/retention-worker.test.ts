import { subDays } from "date-fns";
import { afterEach, describe, expect, it } from "vitest";
import { setLogSink, type LogRecord } from "../../src/log.js";
import { parsePracticeConfig } from "../../src/config/practice.js";
import { startRetentionWorker } from "../../src/runtime/retention-worker.js";
import { appendAudit } from "../../src/store/audit-log.js";
import { verifyAudit } from "../../src/store/audit-verify.js";
import { readOutboundContent, recordOutbound } from "../../src/store/outbound-messages.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";

const NOW = new Date("2026-11-24T16:00:00Z");

describe("retention worker", () => {
  let s: TestServices | undefined;
  afterEach(async () => {
    await s?.dispose();
    s = undefined;
  });

  it("at start drops old message bodies and purges audit rows past retention.auditDays, auditing the purge", async () => {
    s = await openTestServices({ now: NOW, config: { retention: { messageBodyDays: 30, auditDays: 2190 } } });
    const old = subDays(NOW, 2200);
    for (let i = 0; i < 3; i++) await appendAudit(s.store, { actor: "system", action: "message.sent", at: old });
    await appendAudit(s.store, { actor: "system", action: "message.sent", at: subDays(NOW, 10) });
    const { message } = await recordOutbound(s.store, s.crypto, { effectKey: "k1", patientRef: "Patient/p1", phone: "+13125550142", body: "old body", purpose: "appointment-reminder" }, subDays(NOW, 40));

    const logs: LogRecord[] = [];
    setLogSink((r) => logs.push(r));
    try {
      const worker = startRetentionWorker(s);
      await worker.stop();
      expect(await worker.runOnce()).toEqual({ outbound: 0, inbound: 0, auditRows: 0 });
    } finally {
      setLogSink(null);
    }
    expect(logs.map((l) => [l.event, l.fields])).toEqual([["retention.purged", { outbound: 1, inbound: 0, auditRows: 3 }]]);

    expect((await readOutboundContent(s.store, s.crypto, message.id))?.body).toBeNull();
    const rows = await s.store.db.selectFrom("audit_log").select(["seq", "action"]).orderBy("seq").execute();
    expect(rows.map((r) => [Number(r.seq), r.action])).toEqual([[4, "message.sent"], [5, "audit.purged"]]);
    expect(await verifyAudit(s.store)).toMatchObject({ ok: true, checked: 2 });
  });

  it("refuses an audit retention shorter than HIPAA's six years", async () => {
    expect(() => parsePracticeConfig({ retention: { auditDays: 365 } })).toThrow(/retention.auditDays: must be at least 2190/);
  });
});
