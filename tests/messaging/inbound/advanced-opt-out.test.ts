import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseInboundSms } from "../../../src/messaging/inbound/inbound-sms.js";
import { decideConsent } from "../../../src/policy/consent.js";
import { latestConsentForPatient } from "../../../src/store/consent-ledger.js";
import { listEvents } from "../../../src/store/events.js";
import type { TestServices } from "../../helpers/test-services.js";
import { inboundParams, openWebhookServices, PHONE_A, postSigned, seedPatient, seedPrompt } from "../../server/helpers/twilio-webhooks.js";

/**
 * Twilio Advanced Opt-Out answers STOP, START and HELP itself and marks the inbound webhook with
 * OptOutType. minnow records the consent change and sends no second confirmation, which Twilio
 * would refuse with 21610 after a STOP.
 */
let services: TestServices;
let app: Awaited<ReturnType<typeof openWebhookServices>>["app"];

beforeEach(async () => {
  ({ services, app } = await openWebhookServices());
  await seedPatient(services, "Patient/a", PHONE_A);
});
afterEach(() => services.dispose());

function send(body: string, optOutType?: string) {
  const params = inboundParams(services, PHONE_A, body);
  return postSigned(app, "/webhooks/twilio/inbound", optOutType ? { ...params, OptOutType: optOutType } : params);
}
const allowed = async () => decideConsent(await latestConsentForPatient(services.store, services.crypto, "Patient/a"), { scope: "appointment", at: services.clock.now() }).allowed;
async function lastRoute() {
  return services.store.db.selectFrom("inbound_messages").select(["intent", "routed_to", "opt_out_type"]).orderBy("provider_sid", "desc").executeTakeFirstOrThrow();
}

describe("Twilio Advanced Opt-Out (OptOutType)", () => {
  it("STOP already confirmed by Twilio revokes consent and sends no second confirmation", async () => {
    expect((await send("STOP", "STOP")).status).toBe(200);
    expect(await allowed()).toBe(false);
    expect(await listEvents(services.store, { type: "patient.opted_out" })).toHaveLength(1);
    expect(services.sms.sent).toHaveLength(0);
    expect(await lastRoute()).toEqual({ intent: "opt_out", routed_to: "opt-out:carrier-answered", opt_out_type: "STOP" });
  });

  it("a practice's own Twilio keyword (\"ARRET\") that minnow does not know is still an opt-out when Twilio says STOP", async () => {
    await send("ARRET", "stop");
    expect(await allowed()).toBe(false);
    expect(services.sms.sent).toHaveLength(0);
  });

  it("START already confirmed by Twilio restores consent silently", async () => {
    await send("STOP", "STOP");
    services.setNow(new Date(services.clock.now().getTime() + 60_000));
    await send("START", "START");
    expect(await allowed()).toBe(true);
    expect(await listEvents(services.store, { type: "patient.opted_in" })).toHaveLength(1);
    expect(services.sms.sent).toHaveLength(0);
  });

  it("HELP already answered by Twilio gets no second answer", async () => {
    await send("HELP", "HELP");
    expect(services.sms.sent).toHaveLength(0);
    expect(await lastRoute()).toMatchObject({ intent: "help", routed_to: "help:carrier-answered" });
  });

  it("a subscribed patient's YES to an open offer is still the answer, even marked START", async () => {
    const key = await seedPrompt(services, "Patient/a", PHONE_A, { kind: "waitlist-offer", subjectRef: "Slot/1" });
    await send("YES", "START");
    expect(services.engine.signals).toEqual([{ key, payload: expect.objectContaining({ intent: "accept" }) }]);
  });

  it("without OptOutType, minnow confirms STOP itself, once", async () => {
    await send("STOP");
    expect(services.sms.sent).toHaveLength(1);
    expect(services.sms.sent[0]?.body).toMatch(/unsubscribed/);
  });

  it.each([["STOP", "STOP"], ["start", "START"], ["Help", "HELP"], ["", undefined], ["UNSUBSCRIBE", undefined], ["STOP ", "STOP"]])(
    "parses OptOutType %j as %s",
    (value, expected) => {
      const parsed = parseInboundSms({ ...inboundParams(services, PHONE_A, "x"), OptOutType: value });
      expect(parsed.ok ? parsed.sms.optOutType : "refused").toBe(expected);
    },
  );
});
