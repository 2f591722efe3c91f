import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sendOutreach } from "../../../src/messaging/send-outreach.js";
import { latestConsentForPatient } from "../../../src/store/consent-ledger.js";
import { listEvents } from "../../../src/store/events.js";
import { listStaffInbox } from "../../../src/store/inbound-messages.js";
import { listOpenPrompts } from "../../../src/store/prompts.js";
import type { TestServices } from "../../helpers/test-services.js";
import { PHONE_A, openWebhookServices, seedPatient, seedPrompt, sendInbound } from "../../server/helpers/twilio-webhooks.js";

let services: TestServices;
let app: Awaited<ReturnType<typeof openWebhookServices>>["app"];

beforeEach(async () => {
  ({ services, app } = await openWebhookServices());
  await seedPatient(services, "Patient/a", PHONE_A);
});
afterEach(() => services.dispose());

const reminder = (effectKey: string) =>
  sendOutreach(services, { patientRef: "Patient/a", scope: "appointment", templateId: "appointment-reminder", values: { patient: { firstName: "Rowan" }, appointment: { start: new Date("2026-11-27T15:30:00Z") } }, effectKey, actor: "workflow:appointment-reminder", subjectRef: "Appointment/a1" });

describe("a 'wrong number' reply", () => {
  it.each(["wrong number", "You have the wrong number", "Número equivocado", "no es mi numero", "wrong person, sorry"])(
    "%j stops texting the patient at that number, opens a staff item and emits patient.wrong_number",
    async (text) => {
      const key = await seedPrompt(services, "Patient/a", PHONE_A);
      expect((await reminder("before")).outcome).toBe("sent");

      await sendInbound(app, services, PHONE_A, text);
      const inbox = await listStaffInbox(services.store);
      expect(inbox.map((m) => [m.intent, m.needsStaff])).toEqual([["wrong_number", true]]);
      const events = await listEvents(services.store, { type: "patient.wrong_number" });
      expect(events.map((e) => e.refs)).toEqual([{ patientRef: "Patient/a", inboundId: inbox[0]?.id }]);
      expect(services.engine.signals).toEqual([{ key, payload: { intent: "wrong_number", inboundId: inbox[0]?.id, patientRef: "Patient/a" } }]);
      expect(await listOpenPrompts(services.store, services.crypto.index.phone(PHONE_A), services.sms.sender, services.clock.now())).toHaveLength(0);
      const audit = await services.store.db.selectFrom("audit_log").selectAll().where("action", "=", "contact.wrong_number").execute();
      expect(audit.map((a) => a.subject_ref)).toEqual(["Patient/a"]);

      const thanks = services.sms.sent.at(-1)?.body ?? "";
      expect(thanks).toMatch(/will not text this number|No volveremos a escribir a este numero/);
      expect(thanks).not.toMatch(/Rowan|appointment|cita/i);

      const after = await reminder("after");
      expect(after).toEqual({ outcome: "denied", reasons: ["wrong-number"] });
      expect(services.sms.sent).toHaveLength(2);
      // The consent is the patient's, for the right number: it stands.
      expect((await latestConsentForPatient(services.store, services.crypto, "Patient/a"))?.revokedAt).toBeNull();
    },
  );

  it("said twice thanks once and records one event", async () => {
    await sendInbound(app, services, PHONE_A, "wrong number");
    await sendInbound(app, services, PHONE_A, "WRONG NUMBER!!");
    expect(services.sms.sent).toHaveLength(1);
    expect(await listEvents(services.store, { type: "patient.wrong_number" })).toHaveLength(1);
    expect(await listStaffInbox(services.store)).toHaveLength(2);
  });

  it("with STOP in it is an opt-out first: consent is revoked", async () => {
    await sendInbound(app, services, PHONE_A, "wrong number, stop texting me");
    expect((await latestConsentForPatient(services.store, services.crypto, "Patient/a"))?.revokedAt).not.toBeNull();
  });
});
