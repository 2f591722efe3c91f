import { afterEach, describe, expect, it } from "vitest";
import { getInbound, listStaffInbox, markInboundRouted, readInboundContent, recordInbound } from "../../src/store/inbound-messages.js";
import {
  getOutboundByEffectKey, markFailed, markSubmitted, readOutboundContent, recordOutbound, sentHistory, updateStatusBySid,
} from "../../src/store/outbound-messages.js";
import { purgeMessageBodies } from "../../src/store/retention.js";
import { createStaffReply, readStaffReplyText } from "../../src/store/staff-replies.js";
import { testDialects } from "../helpers/test-store.js";
import { openFixture, type Fixture } from "./fixture.js";

const PHONE = "+13125550142";
const msg = (effectKey: string, extra: Partial<Parameters<typeof recordOutbound>[2]> = {}) => ({
  effectKey, patientRef: "Patient/a", phone: PHONE, body: `body ${effectKey}`, purpose: "reminder", ...extra,
});
const t = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 12, minutes));

describe.each(testDialects())("messages on %s", (dialect) => {
  let fx: Fixture | undefined;
  afterEach(async () => {
    await fx?.store.dispose();
    fx = undefined;
  });

  it("records an outbound message once per effect key, even under concurrent retries", async () => {
    fx = await openFixture(dialect);
    const results = await Promise.all(Array.from({ length: 20 }, () => recordOutbound(fx!.store, fx!.crypto, msg("appt-1:24h"))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect(results[0]?.message).toMatchObject({ status: "pending", providerSid: null, isReply: false, phoneIdx: fx.crypto.index.phone(PHONE) });
    expect(await readOutboundContent(fx.store, fx.crypto, results[0]?.message.id ?? "")).toEqual({ phone: PHONE, body: "body appt-1:24h" });
  });

  it("moves status only forward, whatever order callbacks arrive in", async () => {
    fx = await openFixture(dialect);
    const { message } = await recordOutbound(fx.store, fx.crypto, msg("k"));
    await markSubmitted(fx.store, message.id, "SM1", "queued");
    expect(await updateStatusBySid(fx.store, "SM1", "delivered")).toBe("updated");
    expect(await updateStatusBySid(fx.store, "SM1", "sent")).toBe("unchanged");
    expect(await updateStatusBySid(fx.store, "SM1", "delivered")).toBe("unchanged");
    expect(await updateStatusBySid(fx.store, "SM-unknown", "sent")).toBe("unknown-sid");
    expect((await getOutboundByEffectKey(fx.store, "k"))?.status).toBe("delivered");
  });

  it("keeps a callback's status when the submit response arrives after it", async () => {
    fx = await openFixture(dialect);
    const { message } = await recordOutbound(fx.store, fx.crypto, msg("k"));
    await markSubmitted(fx.store, message.id, "SM1", "sent");
    await markSubmitted(fx.store, message.id, "SM1", "queued");
    const stored = await getOutboundByEffectKey(fx.store, "k");
    expect(stored).toMatchObject({ providerSid: "SM1", status: "sent" });
  });

  it("records an error code on a failed send and leaves it out of the cap history", async () => {
    fx = await openFixture(dialect);
    const a = await recordOutbound(fx.store, fx.crypto, msg("a"), t(0));
    await recordOutbound(fx.store, fx.crypto, msg("b", { isReply: true }), t(5));
    await recordOutbound(fx.store, fx.crypto, msg("c", { patientRef: "Patient/b" }), t(10));
    await recordOutbound(fx.store, fx.crypto, msg("old"), t(-600));
    await markFailed(fx.store, a.message.id, "21610");
    expect((await getOutboundByEffectKey(fx.store, "a"))).toMatchObject({ status: "failed", errorCode: "21610" });

    const byPatient = await sentHistory(fx.store, { patientRef: "Patient/a" }, t(-60));
    expect(byPatient).toEqual([{ at: t(5), isReply: true, purpose: "reminder" }]);
    const byPhone = await sentHistory(fx.store, { phoneIdx: fx.crypto.index.phone("312-555-0142") }, t(-60));
    expect(byPhone.map((s) => s.at)).toEqual([t(5), t(10)]);
  });

  it("reads a patient's cap history and their phone's in one query, each message once, oldest first", async () => {
    fx = await openFixture(dialect);
    const OTHER = "+13125550143";
    await recordOutbound(fx.store, fx.crypto, msg("own", { phone: OTHER }), t(20));
    await recordOutbound(fx.store, fx.crypto, msg("both"), t(10));
    await recordOutbound(fx.store, fx.crypto, msg("sibling", { patientRef: "Patient/b" }), t(15));
    await recordOutbound(fx.store, fx.crypto, msg("stranger", { patientRef: "Patient/c", phone: OTHER }), t(5));
    const refused = await recordOutbound(fx.store, fx.crypto, msg("refused", { patientRef: "Patient/b" }), t(25));
    await markFailed(fx.store, refused.message.id, "21610");
    await recordOutbound(fx.store, fx.crypto, msg("old", { patientRef: "Patient/b" }), t(-600));

    const history = await sentHistory(fx.store, { patientRef: "Patient/a", phoneIdx: fx.crypto.index.phone(PHONE) }, t(-60));
    expect(history.map((s) => s.at)).toEqual([t(10), t(15), t(20)]);
    const withoutPhone = await sentHistory(fx.store, { patientRef: "Patient/a", phoneIdx: null }, t(-60));
    expect(withoutPhone.map((s) => s.at)).toEqual([t(10), t(20)]);
  });

  it("records an inbound message once per provider sid, even when Twilio retries concurrently", async () => {
    fx = await openFixture(dialect);
    const input = { providerSid: "SMin1", phone: PHONE, sender: "+13125550100", body: "C" };
    const results = await Promise.all(Array.from({ length: 10 }, () => recordInbound(fx!.store, fx!.crypto, input)));
    expect(results.filter((r) => r.isNew)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const rows = await fx.store.db.selectFrom("inbound_messages").select("id").execute();
    expect(rows).toHaveLength(1);
    expect(await recordInbound(fx.store, fx.crypto, input)).toEqual({ id: results[0]?.id, isNew: false });
  });

  it("routes inbound messages and lists those needing staff, newest first", async () => {
    fx = await openFixture(dialect);
    const a = await recordInbound(fx.store, fx.crypto, { providerSid: "SM1", phone: PHONE, sender: "s", body: "huh?", receivedAt: t(0) });
    const b = await recordInbound(fx.store, fx.crypto, { providerSid: "SM2", phone: PHONE, sender: "s", body: "what", receivedAt: t(1) });
    await recordInbound(fx.store, fx.crypto, { providerSid: "SM3", phone: PHONE, sender: "s", body: "C", receivedAt: t(2) });
    await markInboundRouted(fx.store, a.id, { intent: "unknown", routedTo: "staff", needsStaff: true });
    await markInboundRouted(fx.store, b.id, { intent: "unknown", routedTo: "staff", needsStaff: true });
    expect((await listStaffInbox(fx.store)).map((m) => m.id)).toEqual([b.id, a.id]);
    expect(await getInbound(fx.store, a.id)).toMatchObject({ intent: "unknown", needsStaff: true, receivedAt: t(0) });
  });

  it("purges bodies older than the window, keeps the rows, phones and audit", async () => {
    fx = await openFixture(dialect);
    const old = await recordOutbound(fx.store, fx.crypto, msg("old"), t(0));
    const fresh = await recordOutbound(fx.store, fx.crypto, msg("new"), t(100));
    const oldIn = await recordInbound(fx.store, fx.crypto, { providerSid: "SM1", phone: PHONE, sender: "s", body: "hi", receivedAt: t(0) });
    const staffReply = { inboundId: oldIn.id, phoneIdx: fx.crypto.index.phone(PHONE), patientRef: "Patient/a", staffId: "stf_1", templateId: null };
    const oldReply = await createStaffReply(fx.store, fx.crypto, { ...staffReply, text: "old words" }, t(0));
    const freshReply = await createStaffReply(fx.store, fx.crypto, { ...staffReply, text: "new words" }, t(100));
    const counts = await purgeMessageBodies(fx.store, t(50), t(200));
    expect(counts).toEqual({ outbound: 1, inbound: 1, staffReplies: 1 });
    expect(await readStaffReplyText(fx.store, fx.crypto, oldReply)).toBeNull();
    expect(await readStaffReplyText(fx.store, fx.crypto, freshReply)).toBe("new words");
    expect(await readOutboundContent(fx.store, fx.crypto, old.message.id)).toEqual({ phone: PHONE, body: null });
    expect((await readOutboundContent(fx.store, fx.crypto, fresh.message.id))?.body).toBe("body new");
    expect(await readInboundContent(fx.store, fx.crypto, oldIn.id)).toEqual({ phone: PHONE, body: null });
    expect((await getOutboundByEffectKey(fx.store, "old"))?.bodyPurgedAt).toEqual(t(200));
    expect(await purgeMessageBodies(fx.store, t(50), t(300))).toEqual({ outbound: 0, inbound: 0, staffReplies: 0 });
  });
});
