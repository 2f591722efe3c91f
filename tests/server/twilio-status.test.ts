import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decideConsent } from "../../src/policy/consent.js";
import { latestConsentForPatient } from "../../src/store/consent-ledger.js";
import { getContact } from "../../src/store/contacts.js";
import { listEvents } from "../../src/store/events.js";
import { getOutbound, markSubmitted, recordOutbound } from "../../src/store/outbound-messages.js";
import type { TestServices } from "../helpers/test-services.js";
import { ACCOUNT_SID, PHONE_A, openWebhookServices, postSigned, seedPatient, sendInbound, storeSnapshot } from "./helpers/twilio-webhooks.js";

const STATUS = "/webhooks/twilio/status";
let services: TestServices;
let app: Awaited<ReturnType<typeof openWebhookServices>>["app"];
let messageId: string;
let seq = 0;
let sid: string;

beforeEach(async () => {
  ({ services, app } = await openWebhookServices());
  await seedPatient(services, "Patient/a", PHONE_A);
  seq += 1;
  sid = `SM${"f".repeat(28)}${seq.toString(16).padStart(4, "0")}`;
  const { message } = await recordOutbound(services.store, services.crypto, { effectKey: `test:${seq}`, patientRef: "Patient/a", phone: PHONE_A, body: "Reminder", purpose: "appointment-reminder", templateId: "reminder.v1" });
  messageId = message.id;
  await markSubmitted(services.store, message.id, sid);
});
afterEach(() => services.dispose());

function callback(status: string, errorCode?: number, overrides: Record<string, string> = {}) {
  const params: Record<string, string> = { AccountSid: ACCOUNT_SID, MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status, To: PHONE_A, MessagingServiceSid: services.sms.sender, ...overrides };
  if (errorCode !== undefined) params.ErrorCode = String(errorCode);
  return postSigned(app, STATUS, params);
}

const consentAllowed = async () => decideConsent(await latestConsentForPatient(services.store, services.crypto, "Patient/a"), { scope: "appointment", at: services.clock.now() }).allowed;

describe("POST /webhooks/twilio/status", () => {
  it("moves the status forward and never back", async () => {
    expect((await callback("sent")).status).toBe(200);
    expect((await getOutbound(services.store, messageId))?.status).toBe("sent");
    await callback("delivered");
    await callback("sent");
    await callback("queued");
    expect((await getOutbound(services.store, messageId))?.status).toBe("delivered");
  });

  it("refuses a forged callback and changes nothing", async () => {
    const before = await storeSnapshot(services);
    const res = await postSigned(app, STATUS, { MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "21610" }, { token: "wrong" });
    expect(res.status).toBe(403);
    expect(await storeSnapshot(services)).toBe(before);
    expect(await consentAllowed()).toBe(true);
  });

  it.each([
    ["no MessageSid", { MessageSid: "", SmsSid: "" }, /MessageSid/],
    ["an inbound status", { MessageStatus: "received", SmsStatus: "received" }, /MessageStatus/],
    ["a non-numeric ErrorCode", { ErrorCode: "abc" }, /ErrorCode/],
  ])("refuses a signed callback with %s with 400 naming the field", async (_name, overrides, field) => {
    const before = await storeSnapshot(services);
    const res = await callback("failed", undefined, overrides);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(field);
    expect(await storeSnapshot(services)).toBe(before);
  });

  it("answers 200 for a message minnow never sent and records nothing", async () => {
    const before = await storeSnapshot(services);
    const res = await callback("delivered", undefined, { MessageSid: `SM${"0".repeat(31)}9`, SmsSid: `SM${"0".repeat(31)}9` });
    expect(res.status).toBe(200);
    expect(await storeSnapshot(services)).toBe(before);
  });

  it("21610 revokes consent for the phone, with one opted-out event and no text", async () => {
    await callback("sent");
    await callback("undelivered", 21610);
    expect(await consentAllowed()).toBe(false);
    expect(await getOutbound(services.store, messageId)).toMatchObject({ status: "undelivered", errorCode: "21610" });
    expect(await listEvents(services.store, { type: "patient.opted_out" })).toHaveLength(1);
    expect(await listEvents(services.store, { type: "message.failed" })).toHaveLength(1);
    expect(services.sms.sent).toHaveLength(0);
    const audit = await services.store.db.selectFrom("audit_log").selectAll().where("action", "=", "consent.revoked").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: "carrier:twilio", subject_ref: "Patient/a" });
  });

  it("a repeated 21610 after the patient texted START does not revoke the new consent", async () => {
    await callback("undelivered", 21610);
    services.setNow(new Date(services.clock.now().getTime() + 60_000));
    await sendInbound(app, services, PHONE_A, "START");
    expect(await consentAllowed()).toBe(true);
    await callback("undelivered", 21610);
    await callback("failed", 21610);
    expect(await consentAllowed()).toBe(true);
  });

  it.each([21211, 21614])("%i flags the contact invalid", async (code) => {
    await callback("failed", code);
    expect((await getContact(services.store, services.crypto, "Patient/a"))?.invalidAt).toEqual(services.clock.now());
    expect(await consentAllowed()).toBe(true);
  });

  it.each([
    [30005, "invalid-number"],
    [30006, "landline"],
  ])("%i (unknown number, landline) flags the contact invalid: nothing is texted there until the number changes", async (code, kind) => {
    await callback("undelivered", code);
    expect((await getContact(services.store, services.crypto, "Patient/a"))?.invalidAt).toEqual(services.clock.now());
    const [event] = await listEvents(services.store, { type: "message.failed" });
    expect(event).toMatchObject({ data: { kind, code } });
    expect(await consentAllowed()).toBe(true);
  });

  it("30003 (handset off or out of coverage) keeps the contact: the next text tries again", async () => {
    await callback("undelivered", 30003);
    expect((await getContact(services.store, services.crypto, "Patient/a"))?.invalidAt).toBeNull();
    const [event] = await listEvents(services.store, { type: "message.failed" });
    expect(event).toMatchObject({ data: { kind: "unreachable", code: 30003 } });
    expect(await consentAllowed()).toBe(true);
  });

  it("30007 flags the template for carrier filtering", async () => {
    await callback("undelivered", 30007);
    const audit = await services.store.db.selectFrom("audit_log").selectAll().where("action", "=", "template.flagged").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject_ref: "reminder.v1", decision: "carrier-filtered" });
    const [event] = await listEvents(services.store, { type: "message.failed" });
    expect(event).toMatchObject({ refs: { messageId, templateId: "reminder.v1" }, data: { kind: "filtered", code: 30007 } });
    expect(await consentAllowed()).toBe(true);
  });
});
