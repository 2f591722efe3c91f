import type { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { latestConsentForPatient } from "../../src/store/consent-ledger.js";
import { STATUS_CALLBACK_PATH } from "../../src/server/routes/twilio-webhooks.js";
import { TEST_MASTER_KEY } from "../helpers/test-services.js";
import { postSigned } from "../server/helpers/twilio-webhooks.js";
import { at, BASE, createFamily, hours, syncedBooking, type Scenario } from "./helpers/scenario.js";
import { signedInboundPerTest, textFrom } from "./helpers/signed-inbound.js";
import { listeningRuns, recipeTextsTo, runCounts, saveTriggerRecipes } from "./helpers/trigger-recipes.js";

/**
 * The triggers that come from outside sync, each through its real door: a patient's text through
 * the signed Twilio webhook and the inbound router (a reply with an intent is reply.received; STOP
 * and START are consent.changed), the carrier's unsubscribe (21610), a staff revocation and a
 * waitlist entry through the API. Twilio or a client retrying (the same MessageSid, the same
 * Idempotency-Key) starts nothing more, and a revocation never becomes a text to the patient,
 * beyond the one opt-out confirmation carriers allow.
 */
let s: Scenario | undefined;
let app: Hono;
const openSignedInbound = signedInboundPerTest();

async function openInbound(): Promise<Scenario> {
  const opened = await openSignedInbound();
  app = opened.app;
  return opened.scenario;
}

const text = (scenario: Scenario, from: string, body: string, sid?: string): Promise<string> => textFrom(scenario, app, from, body, sid);

describe("reply.received, through the signed webhook", () => {
  it("an R to a reminder starts the reschedule recipe once; odd wording, a Twilio retry and a confirm recipe start nothing", async () => {
    s = await openInbound();
    const patient = await syncedBooking(s, at(BASE, hours(3)));
    // Sync sent the reminder, which waits for C or R.
    expect(recipeTextsTo(s.sms.sent, patient.phone)).toEqual(["other"]);
    await saveTriggerRecipes(s.services, { on: "reply.received", intent: "reschedule" }, { on: "reply.received", intent: "confirm" }, "reply");

    await text(s, patient.phone, "R u open saturday?");
    await text(s, patient.phone, "no need to reschedule, see you then");
    expect(await runCounts(s.services)).toEqual({ listening: 0, inactive: 0, neighbour: 0 });

    const sid = await text(s, patient.phone, "R");
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(await listeningRuns(s.services)).toEqual([expect.objectContaining({ subjectRef: patient.patientRef, sends: 1, outcome: "completed" })]);
    expect(recipeTextsTo(s.sms.sent, patient.phone).filter((t) => t !== "other")).toEqual(["listening"]);

    const sentBefore = s.sms.sent.length;
    await text(s, patient.phone, "R", sid); // Twilio retries the webhook
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(s.sms.sent).toHaveLength(sentBefore);
  });
});

describe("consent.changed, through the signed webhook", () => {
  it("STOP starts the consent recipe once, and it texts nothing; START starts it again, and it may text", async () => {
    s = await openInbound();
    const patient = await syncedBooking(s);
    // A STOP is not an unrecognized reply: a recipe for those must not start.
    await saveTriggerRecipes(s.services, { on: "consent.changed" }, { on: "reply.received", intent: "unknown" });

    const stop = await text(s, patient.phone, "STOP");
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(await listeningRuns(s.services)).toEqual([expect.objectContaining({ subjectRef: patient.patientRef, sends: 0, outcome: "completed" })]);
    expect(recipeTextsTo(s.sms.sent, patient.phone)).toEqual(["other"]); // the one opt-out confirmation

    await text(s, patient.phone, "STOP", stop); // Twilio retries the webhook
    s.setNow(at(BASE, 60_000));
    await text(s, patient.phone, "stop"); // the patient says it again: nothing changes
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(recipeTextsTo(s.sms.sent, patient.phone)).toEqual(["other"]);

    s.setNow(at(BASE, 120_000));
    await text(s, patient.phone, "START");
    expect(await runCounts(s.services)).toEqual({ listening: 2, inactive: 0, neighbour: 0 });
    expect(recipeTextsTo(s.sms.sent, patient.phone)).toEqual(["other", "other", "listening"]);
  });

  it("STOP from a family's shared phone starts the consent recipe for each patient on it, and none of them is texted", async () => {
    s = await openInbound();
    const phone = "+13125550188";
    const refs = await createFamily(s.fhir, phone, [at(BASE, hours(48)), at(BASE, hours(49))]);
    await s.sync();
    await saveTriggerRecipes(s.services, { on: "consent.changed" }, { on: "reply.received", intent: "unknown" });

    await text(s, phone, "STOP");

    const runs = await listeningRuns(s.services);
    expect(runs.map((r) => r.subjectRef).sort()).toEqual([...refs].sort());
    expect(runs.every((r) => r.sends === 0 && r.outcome === "completed")).toBe(true);
    expect(recipeTextsTo(s.sms.sent, phone)).toEqual(["other"]);
  });
});

describe("consent.changed, through the API", () => {
  it("a revocation taken by staff starts the consent recipe once, and it texts nothing; the same revocation again starts nothing", async () => {
    s = await openInbound();
    const patient = await syncedBooking(s);
    await saveTriggerRecipes(s.services, { on: "consent.changed" }, { on: "waitlist.joined" });
    const consent = await latestConsentForPatient(s.services.store, s.services.crypto, patient.patientRef);
    const revoke = () =>
      app.request(`/api/consents/${consent?.id ?? "none"}/revoke`, { method: "POST", headers: { "x-api-key": TEST_MASTER_KEY, "content-type": "application/json" }, body: JSON.stringify({ reason: "patient-request" }) });

    expect((await revoke()).status).toBe(200);
    await s.drain();
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(await listeningRuns(s.services)).toEqual([expect.objectContaining({ subjectRef: patient.patientRef, sends: 0, outcome: "completed" })]);

    s.setNow(at(BASE, 60_000));
    expect((await revoke()).status).toBe(409);
    await s.drain();
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(s.sms.sent.filter((m) => m.to === patient.phone)).toHaveLength(0);
  });
});

describe("consent.changed, when the carrier reports the phone unsubscribed (21610)", () => {
  /** A booking three hours out: sync sends its reminder at once (refused by the carrier if `refused`). */
  async function remindedPatient(scenario: Scenario, refused = false) {
    await saveTriggerRecipes(scenario.services, { on: "consent.changed" }, { on: "reply.received", intent: "unknown" });
    if (refused) scenario.sms.nextResults = [{ ok: false, kind: "unsubscribed", code: 21610 }];
    return syncedBooking(scenario, at(BASE, hours(3)));
  }

  it("a reminder the carrier refuses as unsubscribed starts the consent recipe once, and it texts nothing", async () => {
    s = await openInbound();
    const patient = await remindedPatient(s, true);
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(await listeningRuns(s.services)).toEqual([expect.objectContaining({ subjectRef: patient.patientRef, sends: 0, outcome: "completed" })]);
    expect(s.sms.sent).toHaveLength(0);
  });

  it("a refused reminder to a family's shared phone opts out the phone for everyone on it, as a STOP would: each patient's consent is revoked and starts the consent recipe", async () => {
    s = await openInbound();
    const phone = "+13125550189";
    const refs = await createFamily(s.fhir, phone, [at(BASE, hours(3)), at(BASE, hours(48))]);
    await saveTriggerRecipes(s.services, { on: "consent.changed" }, { on: "reply.received", intent: "unknown" });
    s.sms.nextResults = [{ ok: false, kind: "unsubscribed", code: 21610 }]; // Ana's reminder, due now
    await s.sync();
    await s.drain();

    for (const ref of refs) expect((await latestConsentForPatient(s.services.store, s.services.crypto, ref))?.revokedAt, ref).toBeInstanceOf(Date);
    const runs = await listeningRuns(s.services);
    expect(runs.map((r) => r.subjectRef).sort()).toEqual([...refs].sort());
    expect(runs.every((r) => r.sends === 0 && r.outcome === "completed")).toBe(true);
    expect(s.sms.sent).toHaveLength(0);
  });

  it("a status callback saying so starts the consent recipe once; Twilio repeating it starts nothing", async () => {
    s = await openInbound();
    const patient = await remindedPatient(s);
    const [reminder] = s.sms.sent;
    const callback = { MessageSid: reminder?.sid ?? "", MessageStatus: "undelivered", ErrorCode: "21610" };
    for (let i = 0; i < 2; i++) {
      expect((await postSigned(app, STATUS_CALLBACK_PATH, callback)).status).toBe(200);
      await s.drain();
    }
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(await listeningRuns(s.services)).toEqual([expect.objectContaining({ subjectRef: patient.patientRef, sends: 0, outcome: "completed" })]);
    expect(s.sms.sent).toHaveLength(1);
  });
});

describe("waitlist.joined, through the API action", () => {
  const addToWaitlist = (patientRef: string, key: string, body: Record<string, unknown> = {}) =>
    app.request("/api/actions/add-to-waitlist", {
      method: "POST",
      headers: { "x-api-key": TEST_MASTER_KEY, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify({ patientRef, requestedStart: BASE.toISOString(), requestedEnd: at(BASE, hours(24 * 5)).toISOString(), ...body }),
    });

  it("adding a patient starts the waitlist recipe once, which texts them; the same request again starts nothing", async () => {
    s = await openInbound();
    const patient = await syncedBooking(s);
    await saveTriggerRecipes(s.services, { on: "waitlist.joined" }, { on: "consent.changed" }, "waitlist-offer");

    const added = await addToWaitlist(patient.patientRef, "wl-1");
    expect(added.status).toBe(201);
    await s.drain();
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    const { id } = (await added.json()) as { id: string };
    expect(await listeningRuns(s.services)).toEqual([expect.objectContaining({ subjectRef: id, sends: 1, outcome: "completed" })]);
    expect(recipeTextsTo(s.sms.sent, patient.phone)).toEqual(["listening"]);

    expect((await addToWaitlist(patient.patientRef, "wl-1")).status).toBe(201); // a client retrying with its key
    await s.drain();
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(s.sms.sent).toHaveLength(1);
  });

  it("a request the API refuses starts nothing", async () => {
    s = await openInbound();
    const patient = await syncedBooking(s);
    await saveTriggerRecipes(s.services, { on: "waitlist.joined" }, { on: "consent.changed" }, "waitlist-offer");

    const refused = await addToWaitlist(patient.patientRef, "wl-2", { requestedEnd: at(BASE, -hours(1)).toISOString() });
    expect(refused.status).toBe(422);
    await s.drain();
    expect(await runCounts(s.services)).toEqual({ listening: 0, inactive: 0, neighbour: 0 });
    expect(s.sms.sent).toHaveLength(0);
  });
});
