import { afterEach, describe, expect, it } from "vitest";
import { routeInbound } from "../../../src/messaging/inbound/handle-inbound.js";
import { decideConsent } from "../../../src/policy/consent.js";
import { latestConsentForPatient } from "../../../src/store/consent-ledger.js";
import { recordInbound } from "../../../src/store/inbound-messages.js";
import { openTestServices, type TestServices } from "../../helpers/test-services.js";
import { testDialects } from "../../helpers/test-store.js";
import { openTwinServices } from "../../helpers/twin-services.js";
import { ACCOUNT_SID, AUTH_TOKEN, PHONE_A, nextSid, seedPatient } from "../../server/helpers/twilio-webhooks.js";

const opened: TestServices[] = [];
afterEach(async () => {
  for (const s of opened.splice(0).reverse()) await s.dispose();
});

const env = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN };

async function record(services: TestServices, body: string, offsetMs: number): Promise<string> {
  const receivedAt = new Date(services.clock.now().getTime() + offsetMs);
  return (await recordInbound(services.store, services.crypto, { providerSid: nextSid(), phone: PHONE_A, sender: services.sms.sender, body, receivedAt })).id;
}

const intentOf = async (services: TestServices, id: string) => (await services.store.db.selectFrom("inbound_messages").select("intent").where("id", "=", id).executeTakeFirstOrThrow()).intent;

for (const dialect of testDialects()) {
  describe(`routing replies from one phone (${dialect})`, () => {
    it("routes an earlier unrouted message first, so STOP then START ends subscribed, whatever was routed first", async () => {
      const a = await openTestServices({ dialect, env });
      opened.push(a);
      await seedPatient(a, "Patient/a", PHONE_A);
      const stop = await record(a, "STOP", 0);
      const start = await record(a, "START", 1);
      // START's turn comes first (its process was faster, or STOP's process died before routing it).
      expect((await routeInbound(a, start))?.intent).toBe("opt_in");
      expect(await intentOf(a, stop)).toBe("opt_out");
      expect(await routeInbound(a, stop)).toBeNull();
      const consent = await latestConsentForPatient(a.store, a.crypto, "Patient/a");
      expect(decideConsent(consent, { scope: "appointment", at: a.clock.now() }).allowed).toBe(true);
      expect(a.sms.sent.map((m) => /resubscribed/.test(m.body))).toEqual([false, true]);
    });
  });
}

for (const dialect of testDialects().filter((d) => d === "postgres")) {
  describe(`two processes routing on one ${dialect} database`, () => {
    it("route each message once, in arrival order, when each has taken one of a phone's webhooks", async () => {
      const a = await openTestServices({ dialect, env });
      opened.push(a);
      const b = await openTwinServices(a, { env });
      opened.push(b);
      await seedPatient(a, "Patient/a", PHONE_A);
      const stop = await record(a, "STOP", 0);
      const start = await record(b, "START", 1);
      const again = await record(b, "HELP", 2);
      // Each process routes what it received, and both also run recovery over everything at once.
      await Promise.all([routeInbound(b, start), routeInbound(a, stop), routeInbound(b, again), routeInbound(a, again), routeInbound(b, stop)]);
      expect([await intentOf(a, stop), await intentOf(a, start), await intentOf(a, again)]).toEqual(["opt_out", "opt_in", "help"]);
      const replies = [...a.sms.sent, ...b.sms.sent];
      // One reply per message: nothing was routed twice.
      expect(replies).toHaveLength(3);
      const consent = await latestConsentForPatient(a.store, a.crypto, "Patient/a");
      expect(decideConsent(consent, { scope: "appointment", at: a.clock.now() }).allowed).toBe(true);
    });
  });
}
