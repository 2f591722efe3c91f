import { Hl7Client } from "@medplum/hl7";
import { afterEach, describe, expect, it } from "vitest";
import { ackCode, readHl7Text, sendHl7 } from "../../connectors/hl7/send-message.js";
import { loadEnv } from "../../src/config/env.js";
import { metricsRegistry } from "../../src/metrics/registry.js";
import { startHl7Feed, type Hl7Feed } from "../../src/runtime/hl7-feed.js";
import { recordConsent } from "../../src/store/consent-ledger.js";
import { upsertContact } from "../../src/store/contacts.js";
import { addToWaitlist } from "../../src/store/waitlist.js";
import { siuText, type SiuSpec } from "../connectors/hl7/siu-builder.js";
import { at, BASE, hours, openScenario, type Scenario } from "../workflows/helpers/scenario.js";
import { openStack, type Stack } from "./helpers/e2e-stack.js";

let s: Scenario | undefined;
let feed: Hl7Feed | null = null;
let stack: Stack | undefined;
afterEach(async () => {
  await feed?.stop();
  feed = null;
  await stack?.dispose();
  stack = undefined;
  await s?.dispose();
  s = undefined;
});

const CELL = "+13125550142";
const WAITLISTER = { patientRef: "hl7-patient:waitlister", phone: "+13125550177" };

async function open(): Promise<{ s: Scenario; feed: Hl7Feed }> {
  s = await openScenario({ reminders: { touches: ["24h"], replyTouch: "24h" }, waitlist: { batchSize: 2, holdMinutes: 15 } });
  feed = await startHl7Feed(loadEnv({ HL7_MLLP_PORT: "0" }), s.services, s.workflows, { sandbox: false });
  if (!feed) throw new Error("no feed");
  return { s, feed };
}

async function send(f: Hl7Feed, spec: SiuSpec) {
  return sendHl7({ host: "127.0.0.1", port: f.listener.port }, readHl7Text(siuText(spec)));
}

async function settle(scenario: Scenario, f: Hl7Feed): Promise<void> {
  await f.drain();
  await scenario.drain();
}

const booked = (controlId: string, sent: Date, start: Date, event: SiuSpec["event"] = "S12"): SiuSpec => ({ event, controlId, sent, appointmentId: "FL-1", start });

/** The no-show counter's HL7 value, as /metrics would serve it. */
async function hl7NoShows(): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric("minnow_appointment_no_shows_total")?.get();
  return metric?.values.find((v) => v.labels.source === "hl7")?.value ?? 0;
}

describe("e2e: HL7 SIU over MLLP", () => {
  it("S12, S13 and S15 from a real MLLP client get AA; the reminder follows the moved time and the cancellation offers the slot to the waitlist", async () => {
    const { s, feed } = await open();
    const first = await send(feed, booked("CTL-1", at(BASE, -hours(2)), at(BASE, hours(50))));
    expect(ackCode(first)).toBe("AA");
    expect(first.getSegment("MSA")?.getField(2)?.toString()).toBe("CTL-1");
    await settle(s, feed);
    expect((await s.engine.listRuns({ workflowId: "appointment-reminder" })).length).toBe(1);

    const moved = await send(feed, booked("CTL-2", at(BASE, -hours(1)), at(BASE, hours(74)), "S13"));
    expect(ackCode(moved)).toBe("AA");
    await settle(s, feed);

    s.setNow(at(BASE, hours(26))); // the old time's 24h touch: nothing
    await s.drain();
    expect(s.sms.sent.filter((m) => m.to === CELL)).toHaveLength(0);
    s.setNow(at(BASE, hours(50))); // the moved time's 24h touch
    await s.drain();
    expect(s.sms.sent.filter((m) => m.to === CELL)).toHaveLength(1);

    await upsertContact(s.services.store, s.services.crypto, { patientRef: WAITLISTER.patientRef, phone: WAITLISTER.phone, language: null, timeZone: null, state: null }, s.services.clock.now());
    await recordConsent(s.services.store, s.services.crypto, { patientRef: WAITLISTER.patientRef, phone: WAITLISTER.phone, source: "verbal", capturedBy: "staff:test", capturedAt: BASE, scopes: ["waitlist"], phiLevel: "none", evidence: "test" }, BASE);
    await addToWaitlist(s.services.store, { patientRef: WAITLISTER.patientRef, requestedStart: at(BASE, hours(60)), requestedEnd: at(BASE, hours(90)) }, BASE);
    const cancelled = await send(feed, booked("CTL-3", at(BASE, hours(49)), at(BASE, hours(74)), "S15"));
    expect(ackCode(cancelled)).toBe("AA");
    await settle(s, feed);
    expect((await s.engine.listRuns({ workflowId: "waitlist-fill" })).length).toBe(1);
    expect(s.sms.sent.filter((m) => m.to === WAITLISTER.phone)).toHaveLength(1);
    expect(s.sms.sent.filter((m) => m.to === CELL)).toHaveLength(1); // the patient who cancelled is not offered their own slot
    const events = await s.services.store.db.selectFrom("events").select("type").where("type", "=", "appointment.cancelled").execute();
    expect(events).toHaveLength(1);
  });

  it("S13 back to a time the appointment had before: that time is reminded again, once, after its first plan stood down", async () => {
    const { s, feed } = await open();
    expect(ackCode(await send(feed, booked("CTL-A", at(BASE, -hours(3)), at(BASE, hours(50)))))).toBe("AA");
    expect(ackCode(await send(feed, booked("CTL-B", at(BASE, -hours(2)), at(BASE, hours(74)), "S13")))).toBe("AA");
    await settle(s, feed);
    s.setNow(at(BASE, hours(26))); // the first time's 24h touch: its plan finds the appointment moved
    await s.drain();
    expect(s.sms.sent).toHaveLength(0);

    expect(ackCode(await send(feed, booked("CTL-BACK", at(BASE, hours(25)), at(BASE, hours(50)), "S13")))).toBe("AA");
    await settle(s, feed);
    expect(s.sms.sent.filter((m) => m.to === CELL)).toHaveLength(1);
    s.setNow(at(BASE, hours(50))); // the other time's 24h touch: nothing about it
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
  });

  it("a duplicate control id is acknowledged again and never applied twice", async () => {
    const { s, feed } = await open();
    const spec = booked("CTL-DUP", at(BASE, -hours(1)), at(BASE, hours(50)));
    expect(ackCode(await send(feed, spec))).toBe("AA");
    await settle(s, feed);
    expect(ackCode(await send(feed, spec))).toBe("AA");
    await settle(s, feed);
    const rows = await s.services.store.db.selectFrom("hl7_messages").select(["control_id", "status"]).execute();
    expect(rows).toEqual([{ control_id: "CTL-DUP", status: "applied" }]);
    expect(s.logs.filter((l) => l.event === "hl7.message_applied")).toHaveLength(1);
    expect(s.logs.filter((l) => l.event === "hl7.message_duplicate")).toHaveLength(1);
  });

  it("an older message (by MSH-7) arriving after a newer one is stale and never overwrites it", async () => {
    const { s, feed } = await open();
    expect(ackCode(await send(feed, booked("CTL-NEW", at(BASE, -hours(1)), at(BASE, hours(74)), "S13")))).toBe("AA");
    await settle(s, feed);
    expect(ackCode(await send(feed, booked("CTL-OLD", at(BASE, -hours(2)), at(BASE, hours(50)))))).toBe("AA");
    await settle(s, feed);
    const rows = await s.services.store.db.selectFrom("hl7_messages").select(["control_id", "status"]).orderBy("control_id").execute();
    expect(rows).toEqual([{ control_id: "CTL-NEW", status: "applied" }, { control_id: "CTL-OLD", status: "stale" }]);
    s.setNow(at(BASE, hours(26))); // the stale time's touch sends nothing
    await s.drain();
    expect(s.sms.sent).toHaveLength(0);
  });

  it("bad input gets AE or AR with an ERR naming segment and field, on a connection that stays up, and nothing of the body is logged", async () => {
    const { s, feed } = await open();
    const client = new Hl7Client({ host: "127.0.0.1", port: feed.listener.port });
    try {
      const good = siuText(booked("CTL-OK", at(BASE, -hours(1)), at(BASE, hours(50))));
      const cases: Array<{ text: string; ack: string; location: string; code: string }> = [
        { text: good.replace(/\^\^30\^\d{14}\+0000/, "^^30^2027-01-12 3pm").replace("CTL-OK", "CTL-BADDATE"), ack: "AE", location: "SCH^1^11", code: "102" },
        { text: good.split("\r").filter((seg) => !seg.startsWith("PID")).join("\r").replace("CTL-OK", "CTL-NOPID"), ack: "AE", location: "PID^1", code: "100" },
        { text: good.replace(/\|\d{14}\+0000\|\|SIU/, "|yesterday||SIU").replace("CTL-OK", "CTL-BADMSH7"), ack: "AE", location: "MSH^1^7", code: "102" },
        { text: good.replace("SIU^S12^SIU_S12", "ADT^A01^ADT_A01").replace("CTL-OK", "CTL-ADT"), ack: "AR", location: "MSH^1^9", code: "200" },
        { text: good.replace("SIU^S12^SIU_S12", "SIU^S99").replace("CTL-OK", "CTL-S99"), ack: "AR", location: "MSH^1^9", code: "201" },
        { text: good.replace(/^SCH\|PL-FL-1\|FL-1\|/m, "SCH|||").replace("CTL-OK", "CTL-NOID"), ack: "AE", location: "SCH^1^2", code: "101" },
      ];
      for (const c of cases) {
        const ack = await client.sendAndWait(readHl7Text(c.text), { timeoutMs: 5_000 });
        expect(ackCode(ack), c.location).toBe(c.ack);
        expect(ack.getSegment("ERR")?.getField(2)?.toString(), c.location).toBe(c.location);
        expect(ack.getSegment("ERR")?.getField(3)?.getComponent(1), c.location).toBe(c.code);
      }
      const ok = await client.sendAndWait(readHl7Text(good), { timeoutMs: 5_000 });
      expect(ackCode(ok)).toBe("AA");
    } finally {
      await client.close();
    }
    await settle(s, feed);
    expect(await s.services.store.db.selectFrom("hl7_messages").select("control_id").execute()).toEqual([{ control_id: "CTL-OK" }]);
    const logged = JSON.stringify(s.logs);
    for (const phi of ["AVA", "SAMPLE", "MRN20001", "5550142", "19800101", "yesterday", "3pm"]) expect(logged).not.toContain(phi);
    expect(s.logs.filter((l) => l.event === "hl7.message_refused")).toHaveLength(6);
  });

  it("S26 records the no-show event for the no-show trigger, and counts it in /metrics", async () => {
    const { s, feed } = await open();
    const noShowsBefore = await hl7NoShows();
    expect(ackCode(await send(feed, booked("CTL-A", at(BASE, -hours(3)), at(BASE, -hours(2)))))).toBe("AA");
    expect(ackCode(await send(feed, booked("CTL-B", at(BASE, -hours(1)), at(BASE, -hours(2)), "S26")))).toBe("AA");
    await settle(s, feed);
    const events = await s.services.store.db.selectFrom("events").select(["type", "refs"]).where("type", "=", "appointment.no_show").execute();
    expect(events).toHaveLength(1);
    expect(String(events[0]?.refs)).toContain("hl7:FL-1");
    expect(await hl7NoShows()).toBe(noShowsBefore + 1);
  });

  it("a patient's confirmation of an HL7 appointment cannot be written back: it goes to the staff inbox and to events", async () => {
    stack = await openStack({ reminders: { touches: ["24h"], replyTouch: "24h" } });
    const sc = stack.scenario;
    feed = await startHl7Feed(loadEnv({ HL7_MLLP_PORT: "0" }), sc.services, sc.workflows, { sandbox: false });
    if (!feed) throw new Error("no feed");
    expect(ackCode(await send(feed, booked("CTL-C", at(BASE, -hours(1)), at(BASE, hours(25)))))).toBe("AA");
    await settle(sc, feed);
    sc.setNow(at(BASE, hours(1)));
    await sc.drain();
    expect(stack.sentTo(CELL)).toHaveLength(1);
    await stack.reply(CELL, "C");
    const inbound = await sc.services.store.db.selectFrom("inbound_messages").select(["needs_staff", "routed_to"]).execute();
    expect(inbound).toEqual([{ needs_staff: 1, routed_to: "staff:hl7-no-write-back" }]);
    expect(await sc.services.store.db.selectFrom("events").select("type").where("type", "=", "appointment.confirmed").execute()).toHaveLength(1);
    expect(await sc.services.store.db.selectFrom("audit_log").select("action").where("action", "=", "ehr.written_back").execute()).toHaveLength(0);
  });
});
