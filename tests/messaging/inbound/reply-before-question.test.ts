import { afterEach, describe, expect, it } from "vitest";
import { routeInbound } from "../../../src/messaging/inbound/handle-inbound.js";
import { recordInbound } from "../../../src/store/inbound-messages.js";
import { openPrompt } from "../../../src/store/prompts.js";
import { openTestServices, type TestServices } from "../../helpers/test-services.js";
import { ACCOUNT_SID, AUTH_TOKEN, PHONE_A, nextSid, seedPatient } from "../../server/helpers/twilio-webhooks.js";

/**
 * A reply answers only a question asked before it arrived. A message routed late (its process died
 * before routing it, and the re-router picks it up a minute later) must not answer a question that
 * was opened after it came in: the patient could not have meant it as that answer.
 */
let services: TestServices | undefined;
afterEach(async () => {
  await services?.dispose();
  services = undefined;
});

async function record(s: TestServices, body: string, offsetMs: number): Promise<string> {
  const receivedAt = new Date(s.clock.now().getTime() + offsetMs);
  return (await recordInbound(s.store, s.crypto, { providerSid: nextSid(), phone: PHONE_A, sender: s.sms.sender, body, receivedAt })).id;
}

async function askToConfirm(s: TestServices, offsetMs: number): Promise<void> {
  const opened = new Date(s.clock.now().getTime() + offsetMs);
  const expiresAt = new Date(opened.getTime() + 86_400_000);
  await openPrompt(s.store, { phoneIdx: s.crypto.index.phone(PHONE_A), sender: s.sms.sender, patientRef: "Patient/a", kind: "reminder", subjectRef: "Appointment/a1", expecting: ["confirm", "reschedule", "decline"], signalKey: `reminder:test:${offsetMs}`, expiresAt }, opened);
}

describe("a reply and the questions open when it arrived", () => {
  it("a C recorded before the question was asked, routed after, does not confirm", async () => {
    services = await openTestServices({ env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
    await seedPatient(services, "Patient/a", PHONE_A);
    const early = await record(services, "C", 0);
    await askToConfirm(services, 1_000);
    services.setNow(new Date(services.clock.now().getTime() + 60_000));

    expect((await routeInbound(services, early))?.intent).not.toBe("confirm");
  });

  it("the same C recorded after the question confirms", async () => {
    services = await openTestServices({ env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
    await seedPatient(services, "Patient/a", PHONE_A);
    await askToConfirm(services, 0);
    const reply = await record(services, "C", 1_000);

    expect((await routeInbound(services, reply))?.intent).toBe("confirm");
  });
});
