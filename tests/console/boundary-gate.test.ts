import { afterEach, describe, expect, it } from "vitest";
import { sendOutreach } from "../../src/messaging/send-outreach.js";
import { BOUNDARY_REASON, smsBoundaryHold } from "../../src/runtime/boundary-gate.js";
import { listAudit } from "../../src/store/audit-log.js";
import { savePracticeConfigVersion } from "../../src/store/practice-config-versions.js";
import { PATIENT_PHONE, REMINDER_REQUEST, seedConsentedPatient } from "../helpers/outreach-fixture.js";
import { openConsoleRig, pageText, type ConsoleRig } from "./helpers/console-rig.js";

/**
 * The BAA boundary at run time: with Twilio flagged (no BAA, no acknowledgement), texts are held
 * with a reason in words; the acknowledgement recorded in the compliance center lets them go.
 */
const TWILIO = { TWILIO_ACCOUNT_SID: `AC${"4".repeat(32)}`, TWILIO_AUTH_TOKEN: "gate-token", TWILIO_FROM: "+13125550100" };
const PHONE = PATIENT_PHONE;
const request = REMINDER_REQUEST;

let rig: ConsoleRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

async function openWithPatient(env: Record<string, string>): Promise<ConsoleRig> {
  const opened = await openConsoleRig({ env });
  opened.services.setNow(new Date("2026-11-24T16:00:00Z"));
  await savePracticeConfigVersion(opened.services.store, { raw: {}, by: "config-file", at: opened.services.clock.now() });
  await seedConsentedPatient(opened.services);
  return opened;
}

describe("the BAA boundary at run time", () => {
  it("holds a text to Twilio without a BAA, audits why in words, says so on Today, and sends it once the acknowledgement is recorded", async () => {
    rig = await openWithPatient(TWILIO);
    const { services } = rig;
    const held = await sendOutreach(services, request);
    expect(held).toEqual({ outcome: "deferred", until: new Date("2026-11-24T17:00:00Z"), reasons: [BOUNDARY_REASON] });
    expect(services.sms.sent).toHaveLength(0);
    const [entry] = await listAudit(services.store, "Appointment/a1");
    expect(entry?.action).toBe("message.deferred");
    expect(JSON.parse(entry?.reasons ?? "[]")).toEqual([BOUNDARY_REASON]);
    const details = JSON.parse(entry?.details ?? "{}") as Record<string, string>;
    expect(details.why).toBe(
      "Held: Twilio Programmable Messaging would receive phone numbers, message text, first names and appointment times without a signed Business Associate Agreement or the practice's written acknowledgement. Record one in the compliance center; held texts are tried again every hour.",
    );
    expect(entry?.details).not.toContain(PHONE);
    expect(entry?.details).not.toContain("Rowan");

    const manager = await rig.signIn("manager");
    const today = await pageText(await manager.get("/today"));
    expect(today).toContain("Texts to patients are held until then");
    await manager.get("/compliance");
    const ack = await manager.post("/compliance/baa/twilio", { kind: "acknowledgement", "reason-twilio": "Pilot month while the BAA is countersigned", "by-twilio": "Dana Lee", "ackdate-twilio": "2026-02-01" });
    expect(ack.status).toBe(303);
    expect(smsBoundaryHold(services)).toBeNull();

    services.setNow(new Date("2026-11-24T17:00:00Z"));
    const sent = await sendOutreach(services, request);
    expect(sent.outcome).toBe("sent");
    expect(services.sms.sent).toHaveLength(1);
    expect((await listAudit(services.store, "Appointment/a1")).map((a) => a.action)).toEqual(["message.deferred", "message.sent"]);
    expect(await pageText(await manager.get("/today"))).not.toContain("Texts to patients are held");
  });

  it("holds nothing when a signed BAA is on file, or when texts go to the sandbox outbox", async () => {
    rig = await openWithPatient(TWILIO);
    rig.services.config = { ...rig.services.config, baa: { twilio: { signed: true, date: "2026-01-15", reference: "Twilio BAA, contract 2026-114" } } };
    expect((await sendOutreach(rig.services, request)).outcome).toBe("sent");
    await rig.dispose();
    rig = await openWithPatient({});
    expect(smsBoundaryHold(rig.services)).toBeNull();
    expect((await sendOutreach(rig.services, request)).outcome).toBe("sent");
  });

  it("still holds when the acknowledgement is incomplete (no date), as the boundary itself does", async () => {
    rig = await openWithPatient(TWILIO);
    rig.services.config = { ...rig.services.config, baa: { twilio: { signed: false, acknowledgement: { reason: "Pilot month while the BAA is countersigned", by: "Dana Lee", date: "" } } } };
    expect(smsBoundaryHold(rig.services)?.partyId).toBe("twilio");
    expect((await sendOutreach(rig.services, request)).outcome).toBe("deferred");
  });
});
