import { afterEach, describe, expect, it } from "vitest";
import { getInbound, listStaffInbox } from "../../../src/store/inbound-messages.js";
import type { TestServices } from "../../helpers/test-services.js";
import { openWebhookServices, PHONE_A, PHONE_B, seedPatient, seedPrompt, sendInbound, webhookApp } from "../../server/helpers/twilio-webhooks.js";

/** Every reply gets an answer or a person: an acknowledgement that staff will follow up, and an inbox item. */
let services: TestServices;
let app: Awaited<ReturnType<typeof openWebhookServices>>["app"];
afterEach(() => services.dispose());

async function open(config?: Record<string, unknown>) {
  ({ services, app } = await openWebhookServices());
  if (config) {
    const { parsePracticeConfig } = await import("../../../src/config/practice.js");
    services.config = parsePracticeConfig(config);
    app = webhookApp(services);
  }
}

/** Inbox items' kinds, sorted: messages in one test share a timestamp, so their order is the ids' random part. */
async function inboxKinds(): Promise<string[]> {
  return (await listStaffInbox(services.store)).map((m) => m.intent ?? "").sort();
}
const bodies = () => services.sms.sent.map((m) => m.body);

describe("'Cancel my appointment'", () => {
  it.each(["Cancel my appointment", "I need to cancel my appointment", "please cancel it", "cancelar mi cita"])(
    "%j to a reminder is recorded as a decline, acknowledged once, and opens a cancel_request inbox item",
    async (text) => {
      await open();
      await seedPatient(services, "Patient/a", PHONE_A);
      const key = await seedPrompt(services, "Patient/a", PHONE_A);
      await sendInbound(app, services, PHONE_A, text);
      expect(services.engine.signals).toEqual([{ key, payload: expect.objectContaining({ intent: "decline", patientRef: "Patient/a" }) }]);
      expect(await inboxKinds()).toEqual(["cancel_request"]);
      expect(bodies()).toHaveLength(1);
      expect(bodies()[0]).toMatch(/Our staff will follow up|Nuestro personal le dara seguimiento/);
      expect(bodies()[0]).not.toMatch(/reply (cancel|stop)|responda cancelar/i);
      const inbox = await listStaffInbox(services.store);
      expect(await getInbound(services.store, inbox[0]?.id ?? "")).toMatchObject({ routedTo: key, needsStaff: true });
    },
  );

  it("with nothing open still reaches staff as a cancel request, with its own acknowledgement", async () => {
    await open();
    await seedPatient(services, "Patient/a", PHONE_A);
    await sendInbound(app, services, PHONE_A, "Cancel my appointment please");
    expect(await inboxKinds()).toEqual(["cancel_request"]);
    expect(bodies()).toEqual([expect.stringMatching(/We got your request to cancel\. Our staff will follow up/)]);
  });

  it("with reminders.allowCancelByText, minnow cancels by itself: no acknowledgement, no inbox item", async () => {
    await open({ reminders: { allowCancelByText: true } });
    await seedPatient(services, "Patient/a", PHONE_A);
    await seedPrompt(services, "Patient/a", PHONE_A);
    await sendInbound(app, services, PHONE_A, "Cancel my appointment");
    expect(services.engine.signals[0]?.payload).toMatchObject({ intent: "decline" });
    expect(await inboxKinds()).toEqual([]);
    expect(bodies()).toEqual([]);
  });

  it("after STOP reaches staff but is never answered", async () => {
    await open();
    await seedPatient(services, "Patient/a", PHONE_A);
    await sendInbound(app, services, PHONE_A, "STOP");
    await sendInbound(app, services, PHONE_A, "cancel my appointment");
    expect(bodies()).toHaveLength(1); // the STOP confirmation only
    expect(await inboxKinds()).toEqual(["cancel_request"]);
  });
});

describe("an unknown or ambiguous reply", () => {
  it("an unknown reply is told that staff will follow up, once a day", async () => {
    await open();
    await seedPatient(services, "Patient/a", PHONE_A);
    await sendInbound(app, services, PHONE_A, "what should I bring?");
    await sendInbound(app, services, PHONE_A, "hello?");
    expect(bodies()).toEqual([expect.stringMatching(/our staff will follow up/)]);
    expect(await inboxKinds()).toEqual(["unknown", "unknown"]);
  });

  it("an ambiguous reply on a shared phone is told that staff will follow up", async () => {
    await open();
    await seedPatient(services, "Patient/parent", PHONE_A);
    await seedPatient(services, "Patient/child", PHONE_A);
    await seedPrompt(services, "Patient/parent", PHONE_A);
    await seedPrompt(services, "Patient/child", PHONE_A);
    await sendInbound(app, services, PHONE_A, "yes");
    expect(bodies()).toEqual([expect.stringMatching(/Our staff will follow up, or call \(312\) 555-0100/)]);
    expect(await inboxKinds()).toEqual(["ambiguous"]);
  });

  it("from a number reported as the wrong number gets no acknowledgement, and staff still see it", async () => {
    await open();
    await seedPatient(services, "Patient/a", PHONE_B);
    await sendInbound(app, services, PHONE_B, "wrong number");
    await sendInbound(app, services, PHONE_B, "why are you texting me");
    expect(bodies()).toHaveLength(1); // the thank-you for the report only
    expect(await inboxKinds()).toEqual(["unknown", "wrong_number"]);
  });
});
