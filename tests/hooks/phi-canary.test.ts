import { afterEach, describe, expect, it } from "vitest";
import { evaluateBoundary } from "../../src/policy/baa-boundary.js";
import { hookBoundaryParties } from "../../src/hooks/boundary.js";
import { subscribeHook } from "../../src/hooks/subscriptions.js";
import { startHookWorker } from "../../src/hooks/worker.js";
import { sendOutreach } from "../../src/messaging/send-outreach.js";
import { recordConsent } from "../../src/store/consent-ledger.js";
import { upsertContact } from "../../src/store/contacts.js";
import { appendEvent } from "../../src/store/events.js";
import { markPhoneVerified } from "../../src/store/patient-phones.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { LocalSubscriber } from "./subscriber.js";

const CANARY = { name: "Zebediah Canarysson", phone: "+13125550199", appointment: "2026-12-03T15:45:00.000Z" };
const CANARY_FORMS = [CANARY.name, "Zebediah", "Canarysson", CANARY.phone, "3125550199", "555-0199", CANARY.appointment, "2026-12-03", "15:45"];

let services: TestServices;
const subs: LocalSubscriber[] = [];
afterEach(async () => {
  for (const s of subs.splice(0)) await s.stop();
  await services?.dispose();
});

async function subscriber(event: string): Promise<LocalSubscriber> {
  const sub = await new LocalSubscriber().start(`/${event}`);
  sub.now = () => services.clock.now();
  const r = await subscribeHook(services, { event, targetUrl: sub.url, actor: "test" });
  if (!r.ok) throw new Error(r.message);
  sub.secret = r.secret;
  subs.push(sub);
  return sub;
}

/** Events as a careless producer might write them, with the canary where it must never go. */
async function canaryScenario(): Promise<void> {
  const patientRef = "Patient/canary-1";
  await upsertContact(services.store, services.crypto, { patientRef, phone: CANARY.phone, timeZone: "America/Chicago" });
  await recordConsent(services.store, services.crypto, { patientRef, phone: CANARY.phone, scopes: ["appointment"], phiLevel: "minimal", source: "paper", evidence: "form", phoneVerified: true, capturedAt: new Date("2026-01-01T00:00:00Z") });
  await markPhoneVerified(services.store, { patientRef, phoneIdx: services.crypto.index.phone(CANARY.phone), via: "code", evidence: "otp-canary", at: new Date("2026-01-01T00:00:00Z") });
  const sent = await sendOutreach(services, { patientRef, scope: "appointment", templateId: "appointment-reminder", values: { patient: { firstName: "Zebediah" }, appointment: { start: new Date(CANARY.appointment) } }, effectKey: "canary-send", actor: "test", subjectRef: "Appointment/canary-a" });
  expect(sent.outcome).toBe("sent");
  expect(services.sms.sent[0]?.body).toContain("Zebediah"); // the canary really is in play
  const at = services.clock.now();
  await appendEvent(services.store, { id: "evt-c1", type: "appointment.confirmed", occurredAt: at, refs: { appointmentRef: CANARY.appointment, patientRef, inboundId: CANARY.phone, patientName: CANARY.name }, data: { name: CANARY.name, start: CANARY.appointment } });
  await appendEvent(services.store, { id: "evt-c2", type: "message.failed", occurredAt: at, refs: { messageId: "3125550199", patientRef, subjectRef: "contact:zebediah.canarysson@example.test" }, data: { kind: CANARY.name, code: CANARY.phone } });
}

describe("the PHI canary", () => {
  it("never appears in a payload to an outside destination", async () => {
    services = await openTestServices({ config: { hooks: { allowTargetNetworks: ["127.0.0.1/32"] } } });
    const subsByEvent = await Promise.all(["message.sent", "appointment.confirmed", "message.failed"].map(subscriber));
    await canaryScenario();
    const worker = startHookWorker(services, { autoStart: false });
    expect(await worker.runOnce()).toMatchObject({ delivered: 3 });
    const bodies = subsByEvent.flatMap((s) => s.received.map((r) => r.body));
    expect(bodies).toHaveLength(3);
    for (const body of bodies) for (const form of CANARY_FORMS) expect(body).not.toContain(form);
    for (const body of bodies) expect(Object.keys(JSON.parse(body) as object).sort()).toEqual(["id", "occurredAt", "refs", "type"]);
  });

  it("an attested destination gets the event's allowed details, still without the canary", async () => {
    services = await openTestServices({ config: { hooks: { allowTargetNetworks: ["127.0.0.1/32"] } } });
    const sub = await new LocalSubscriber().start("/failed");
    subs.push(sub);
    services.config.hooks.attestedDestinations = [sub.url];
    sub.now = () => services.clock.now();
    const r = await subscribeHook(services, { event: "message.failed", targetUrl: sub.url, actor: "test" });
    if (!r.ok) throw new Error(r.message);
    sub.secret = r.secret;
    await appendEvent(services.store, { id: "evt-f", type: "message.failed", occurredAt: services.clock.now(), refs: { messageId: "msg_1", patientRef: "Patient/p-1", templateId: "appointment-reminder" }, data: { kind: "invalid-number", code: "21211", name: CANARY.name } });
    await startHookWorker(services, { autoStart: false }).runOnce();
    const payload = JSON.parse(sub.received[0]?.body ?? "{}") as { data?: object; refs?: object };
    expect(payload.data).toEqual({ kind: "invalid-number", code: "21211", templateId: "appointment-reminder" });
    expect(payload.refs).toEqual({ messageId: "msg_1", patientRef: "Patient/p-1" });
  });
});

describe("hookBoundaryParties", () => {
  it("lists every active hook as a destination receiving references only", async () => {
    services = await openTestServices({ config: { hooks: { allowTargetNetworks: ["127.0.0.1/32"], attestedDestinations: ["http://127.0.0.1:1/inside"] } } });
    const resolve = async () => [{ address: "93.184.216.34", family: 4 as const }];
    const outside = await subscribeHook(services, { event: "appointment.confirmed", targetUrl: "https://hooks.zapier.test/a", actor: "t" }, resolve);
    const inside = await subscribeHook(services, { event: "patient.opted_out", targetUrl: "http://127.0.0.1:1/inside", actor: "t" });
    if (!outside.ok || !inside.ok) throw new Error("subscribe failed");
    const boundary = await hookBoundaryParties(services);
    expect(boundary.parties.map((p) => p.id).sort()).toEqual([`hook:${inside.hook.id}`, `hook:${outside.hook.id}`].sort());
    expect(boundary.attestations).toEqual({ [`hook:${inside.hook.id}`]: { signed: true, reference: "hooks.attestedDestinations" } });
    const findings = evaluateBoundary(boundary);
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(findings.filter((f) => f.code === "references-only")).toHaveLength(2);
  });
});
