import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decideSend } from "../../../src/policy/decide-send.js";
import type { ConsentScope } from "../../../src/policy/consent.js";
import { consentHistory, latestConsentForPatient } from "../../../src/store/consent-ledger.js";
import { listEvents } from "../../../src/store/events.js";
import { listStaffInbox } from "../../../src/store/inbound-messages.js";
import { listOpenPrompts } from "../../../src/store/prompts.js";
import type { TestServices } from "../../helpers/test-services.js";
import { PHONE_A, PHONE_B, openWebhookServices, seedPatient, seedPrompt, sendInbound } from "../../server/helpers/twilio-webhooks.js";

let services: TestServices;
let app: Awaited<ReturnType<typeof openWebhookServices>>["app"];

beforeEach(async () => {
  ({ services, app } = await openWebhookServices());
});
afterEach(() => services.dispose());

/** What any workflow would be told if it tried to text this patient now. */
async function sendDecision(patientRef: string, scope: ConsentScope = "appointment") {
  const consent = await latestConsentForPatient(services.store, services.crypto, patientRef);
  return decideSend({ at: services.clock.now(), scope, consent, recipient: { phone: PHONE_A }, practiceTimeZone: services.config.practice.timeZone, history: [] });
}

const bodies = () => services.sms.sent.map((m) => m.body);

describe("STOP in the middle of a flow", () => {
  beforeEach(async () => {
    await seedPatient(services, "Patient/parent", PHONE_A);
    await seedPatient(services, "Patient/child", PHONE_A);
    await seedPrompt(services, "Patient/parent", PHONE_A);
    await seedPrompt(services, "Patient/child", PHONE_A, { kind: "waitlist-offer", subjectRef: "Slot/3" });
  });

  it.each(["STOP", "stop texting me please", "Please remove me from your list", "ALTO", "🛑", "unsubscribe", "yes STOP"])(
    "%j revokes every scope for everyone on the phone and confirms once",
    async (text) => {
      expect((await sendDecision("Patient/parent")).action).toBe("send");
      expect((await sendInbound(app, services, PHONE_A, text)).status).toBe(200);
      for (const patientRef of ["Patient/parent", "Patient/child"]) {
        for (const scope of ["appointment", "waitlist", "billing", "broadcast"] as const) {
          const decision = await sendDecision(patientRef, scope);
          expect(decision.action).toBe("deny");
        }
        expect((await sendDecision(patientRef)).action === "deny" && (await sendDecision(patientRef))).toMatchObject({ reasons: expect.arrayContaining(["revoked"]) });
      }
      const phoneIdx = services.crypto.index.phone(PHONE_A);
      expect(await listOpenPrompts(services.store, phoneIdx, services.sms.sender, services.clock.now())).toHaveLength(0);
      expect(services.engine.signals.map((s) => (s.payload as { intent: string }).intent)).toEqual(["opt_out", "opt_out"]);
      const events = await listEvents(services.store, { type: "patient.opted_out" });
      expect(events.map((e) => e.refs.patientRef).sort()).toEqual(["Patient/child", "Patient/parent"]);
      expect(services.sms.sent).toHaveLength(1);
      const confirmation = services.sms.sent[0]?.body ?? "";
      expect(confirmation).toContain(services.config.practice.name);
      expect(confirmation).toMatch(/no more messages|no recibira mas mensajes/);
      expect(confirmation).toContain("START");
      expect(confirmation).not.toMatch(/cancel/i);
      const audits = await services.store.db.selectFrom("audit_log").select(["action", "subject_ref"]).where("action", "=", "consent.revoked").execute();
      expect(audits.map((a) => a.subject_ref).sort()).toEqual(["Patient/child", "Patient/parent"]);
    },
  );

  it("a second STOP, and any later chatter, sends nothing more", async () => {
    await sendInbound(app, services, PHONE_A, "STOP");
    await sendInbound(app, services, PHONE_A, "stop!!");
    await sendInbound(app, services, PHONE_A, "why do you keep texting");
    await sendInbound(app, services, PHONE_A, "hello?");
    expect(services.sms.sent).toHaveLength(1);
    expect(await listEvents(services.store, { type: "patient.opted_out" })).toHaveLength(2);
    expect(await listStaffInbox(services.store)).toHaveLength(2);
  });

  it("STOP also stops a patient whose consent was captured on an older number", async () => {
    await seedPatient(services, "Patient/moved", PHONE_B);
    // Their contact now points at the shared phone; the consent still names the old number.
    const { upsertContact } = await import("../../../src/store/contacts.js");
    await upsertContact(services.store, services.crypto, { patientRef: "Patient/moved", phone: PHONE_A });
    await sendInbound(app, services, PHONE_A, "STOP");
    expect((await sendDecision("Patient/moved")).action).toBe("deny");
  });
});

describe("a bare CANCEL", () => {
  it("with an appointment prompt open is an opt-out whose confirmation says how to cancel by phone", async () => {
    await seedPatient(services, "Patient/a", PHONE_A);
    await seedPrompt(services, "Patient/a", PHONE_A);
    await sendInbound(app, services, PHONE_A, "Cancel");
    expect((await sendDecision("Patient/a")).action).toBe("deny");
    expect(services.engine.signals).toEqual([expect.objectContaining({ payload: expect.objectContaining({ intent: "opt_out" }) })]);
    const confirmation = services.sms.sent[0]?.body ?? "";
    expect(confirmation).toMatch(/To cancel your appointment, call \(312\) 555-0100/);
    expect(confirmation).toContain("START");
    expect(confirmation).not.toMatch(/reply cancel/i);
    expect(await listStaffInbox(services.store)).toHaveLength(1);
  });

  it("in Spanish gets the Spanish confirmation, which never uses the word CANCELAR", async () => {
    await seedPatient(services, "Patient/a", PHONE_A);
    await seedPrompt(services, "Patient/a", PHONE_A);
    await sendInbound(app, services, PHONE_A, "CANCELAR");
    expect(bodies()[0]).toMatch(/Para anular su cita, llame al \(312\) 555-0100/);
    expect(bodies()[0]).not.toMatch(/cancelar/i);
  });

  it("with nothing open gets the plain confirmation", async () => {
    await seedPatient(services, "Patient/a", PHONE_A);
    await sendInbound(app, services, PHONE_A, "CANCEL");
    expect(bodies()[0]).not.toMatch(/appointment/);
    expect((await sendDecision("Patient/a")).action).toBe("deny");
  });

  it("'cancel my appointment' is a decline for the workflow, not an opt-out", async () => {
    await seedPatient(services, "Patient/a", PHONE_A);
    await seedPrompt(services, "Patient/a", PHONE_A);
    await sendInbound(app, services, PHONE_A, "cancel my appointment");
    expect(services.engine.signals[0]?.payload).toMatchObject({ intent: "decline" });
    expect((await sendDecision("Patient/a")).action).toBe("send");
  });
});

describe("START", () => {
  it("restores the revoked scopes as a new sms-keyword consent, confirms once, and records the evidence", async () => {
    const original = await seedPatient(services, "Patient/a", PHONE_A, { scopes: ["appointment", "billing"] });
    await sendInbound(app, services, PHONE_A, "STOP");
    services.setNow(new Date(services.clock.now().getTime() + 60_000));
    await sendInbound(app, services, PHONE_A, "START");
    await sendInbound(app, services, PHONE_A, "unstop");
    expect((await sendDecision("Patient/a")).action).toBe("send");
    expect((await sendDecision("Patient/a", "billing")).action).toBe("send");
    const [restored] = await consentHistory(services.store, services.crypto, "Patient/a");
    expect(restored).toMatchObject({ source: "sms-keyword", scopes: ["appointment", "billing"], phiLevel: "minimal", phoneVerified: true, revokedAt: null, capturedBy: "patient:sms" });
    expect(restored?.evidence).toMatch(new RegExp(`^twilio:SM[0-9a-f]{32} START from the phone restores ${original}$`));
    expect(bodies()).toHaveLength(2);
    expect(bodies()[1]).toMatch(/resubscribed/);
    expect(await listEvents(services.store, { type: "patient.opted_in" })).toHaveLength(1);
    // Opted in again, a new STOP gets its one confirmation.
    await sendInbound(app, services, PHONE_A, "STOP");
    expect(bodies()).toHaveLength(3);
  });

  it("does not turn a verbal consent into the written consent broadcasts need", async () => {
    await seedPatient(services, "Patient/a", PHONE_A, { scopes: ["appointment", "broadcast"], source: "verbal", capturedBy: "staff:ann" });
    await sendInbound(app, services, PHONE_A, "STOP");
    await sendInbound(app, services, PHONE_A, "START");
    const latest = await latestConsentForPatient(services.store, services.crypto, "Patient/a");
    expect(latest).toMatchObject({ source: "sms-keyword", scopes: ["appointment"] });
    expect((await sendDecision("Patient/a", "broadcast")).action).toBe("deny");
    expect((await sendDecision("Patient/a")).action).toBe("send");
  });

  it("does not give back a scope the patient revoked on its own", async () => {
    const id = await seedPatient(services, "Patient/a", PHONE_A, { scopes: ["appointment", "billing"] });
    const { revokeScopes } = await import("../../../src/store/consent-ledger.js");
    await revokeScopes(services.store, services.crypto, id ?? "", ["billing"], { reason: "patient asked", at: new Date(services.clock.now().getTime() - 1000) });
    await sendInbound(app, services, PHONE_A, "START");
    const latest = await latestConsentForPatient(services.store, services.crypto, "Patient/a");
    expect(latest).toMatchObject({ source: "sms-keyword", scopes: ["appointment"] });
    expect((await sendDecision("Patient/a", "billing")).action).toBe("deny");
  });

  it("does not give back a scope revoked on its own when a STOP came after it", async () => {
    const id = await seedPatient(services, "Patient/a", PHONE_A, { scopes: ["appointment", "billing"] });
    const { revokeScopes } = await import("../../../src/store/consent-ledger.js");
    await revokeScopes(services.store, services.crypto, id ?? "", ["billing"], { reason: "patient asked", at: new Date(services.clock.now().getTime() - 1000) });
    await sendInbound(app, services, PHONE_A, "STOP");
    expect((await sendDecision("Patient/a")).action).toBe("deny");
    await sendInbound(app, services, PHONE_A, "START");
    const latest = await latestConsentForPatient(services.store, services.crypto, "Patient/a");
    expect(latest).toMatchObject({ source: "sms-keyword", scopes: ["appointment"] });
    expect((await sendDecision("Patient/a", "billing")).action).toBe("deny");
    expect((await sendDecision("Patient/a")).action).toBe("send");
  });

  it("invents no consent for a number that never gave one", async () => {
    await seedPatient(services, "Patient/a", PHONE_A, null);
    await sendInbound(app, services, PHONE_A, "START");
    await sendInbound(app, services, PHONE_A, "start");
    expect(await consentHistory(services.store, services.crypto, "Patient/a")).toHaveLength(0);
    expect(bodies()).toHaveLength(1);
    expect(bodies()[0]).toMatch(/no text consent on file/);
    expect((await sendDecision("Patient/a")).action).toBe("deny");
  });

  it("does not mark a restored grant verified when the old one was verified on another number", async () => {
    await seedPatient(services, "Patient/a", PHONE_B);
    const { upsertContact } = await import("../../../src/store/contacts.js");
    await upsertContact(services.store, services.crypto, { patientRef: "Patient/a", phone: PHONE_A });
    await sendInbound(app, services, PHONE_A, "STOP");
    await sendInbound(app, services, PHONE_A, "START");
    const latest = await latestConsentForPatient(services.store, services.crypto, "Patient/a");
    expect(latest).toMatchObject({ source: "sms-keyword", phoneVerified: false, phone: PHONE_A });
    expect(await sendDecision("Patient/a")).toMatchObject({ action: "send", phiLevel: "none" });
  });
});
