import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { latestConsentForPatient } from "../../../src/store/consent-ledger.js";
import { listStaffInbox } from "../../../src/store/inbound-messages.js";
import type { TestServices } from "../../helpers/test-services.js";
import { PHONE_A, openWebhookServices, seedPatient, sendInbound } from "../../server/helpers/twilio-webhooks.js";

/** After STOP only an explicit opt-in re-subscribes; a reaction to the confirmation is recorded and left alone. */
let services: TestServices;
let app: Awaited<ReturnType<typeof openWebhookServices>>["app"];

beforeEach(async () => {
  ({ services, app } = await openWebhookServices());
  await seedPatient(services, "Patient/a", PHONE_A);
  await sendInbound(app, services, PHONE_A, "STOP");
  services.setNow(new Date(services.clock.now().getTime() + 60_000));
});
afterEach(() => services.dispose());

const subscribed = async () => (await latestConsentForPatient(services.store, services.crypto, "Patient/a"))?.revokedAt === null;

async function lastIntent() {
  const row = await services.store.db.selectFrom("inbound_messages").select(["intent", "needs_staff"]).orderBy("provider_sid", "desc").executeTakeFirstOrThrow();
  return { intent: row.intent, needsStaff: Number(row.needs_staff) === 1 };
}

describe("after STOP", () => {
  it.each(["Y", "y", "Sí", "si", "👍", "👍🏼", "yeah"])("a bare %j reacting to the confirmation re-subscribes no one and is answered with nothing", async (text) => {
    expect(services.sms.sent).toHaveLength(1); // the STOP confirmation
    await sendInbound(app, services, PHONE_A, text);
    expect(await subscribed()).toBe(false);
    expect(services.sms.sent).toHaveLength(1);
    expect(await lastIntent()).toEqual({ intent: "acknowledgement", needsStaff: false });
    expect(await listStaffInbox(services.store)).toHaveLength(0);
  });

  it.each(["START", "unstop", "YES", "Start again", "start texting me again", "opt me back in", "ALTA", "COMENZAR", "reanudar", "quiero volver a recibir mensajes"])(
    "%j re-subscribes and confirms once",
    async (text) => {
      await sendInbound(app, services, PHONE_A, text);
      expect(await subscribed()).toBe(true);
      expect(services.sms.sent).toHaveLength(2);
      expect(services.sms.sent[1]?.body).toMatch(/resubscribed|Volvio a suscribirse/);
      expect(await lastIntent()).toEqual({ intent: "opt_in", needsStaff: false });
    },
  );
});
