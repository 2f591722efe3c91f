import { afterEach, describe, expect, it } from "vitest";
import { at, BASE, CONSENT_FROM_EHR, createAppointment, createPatient, hours } from "../workflows/helpers/scenario.js";
import { API_KEY, openStack, type Stack } from "./helpers/e2e-stack.js";

/**
 * Verification belongs to one number: a code proved on one phone never unlocks detail on
 * another, and a reply to a prompt proves the number it came from.
 */
let stack: Stack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

const ONE_TOUCH = { reminders: { touches: ["24h"], replyTouch: "24h" } };
const GENERIC = "You have an upcoming appointment";

async function api(s: Stack, path: string, body: unknown): Promise<Response> {
  return fetch(`${s.serverUrl}${path}`, { method: "POST", headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** Records a minimal-detail consent on `phone` and verifies it with the code texted there. */
async function consentVerifiedOn(s: Stack, patientRef: string, phone: string): Promise<void> {
  const created = await api(s, "/api/consents", { patientRef, phone, scopes: ["appointment"], phiLevel: "minimal", source: "web-form", evidence: "form-77" });
  expect(created.status).toBe(201);
  const { consent } = (await created.json()) as { consent: { id: string } };
  expect((await api(s, `/api/consents/${consent.id}/verify`, {})).status).toBe(202);
  const code = /\d{6}/.exec(s.sentTo(phone).at(-1)?.body ?? "")?.[0];
  const verified = await api(s, `/api/consents/${consent.id}/verify`, { code });
  expect(verified.status).toBe(200);
}

async function sentAuditReasons(s: Stack): Promise<string[][]> {
  const rows = await s.scenario.services.store.db.selectFrom("audit_log").select("reasons").where("action", "=", "message.sent").orderBy("seq").execute();
  return rows.map((r) => JSON.parse(r.reasons) as string[]);
}

describe("e2e: a verification applies to the exact number it proved", () => {
  it("a code verified on phone A does not unlock detail in a reminder to the EHR mobile B", async () => {
    stack = await openStack(ONE_TOUCH);
    const s = stack;
    const patient = await createPatient(s.scenario.fhir); // the EHR's mobile: B
    const phoneA = "+13125550199";
    await consentVerifiedOn(s, patient.ref, phoneA);

    await createAppointment(s.scenario.fhir, patient.ref, at(BASE, hours(20)));
    await s.scenario.sync();
    const toB = s.sentTo(patient.phone);
    expect(toB).toHaveLength(1);
    expect(toB[0]?.body).toContain(GENERIC);
    expect(toB[0]?.body).not.toContain("Testa");
    expect(await sentAuditReasons(s)).toEqual([["phi-lowered-unverified-phone"]]);
  });

  it("the same code verified on the number the reminder goes to does unlock the detail", async () => {
    stack = await openStack(ONE_TOUCH);
    const s = stack;
    const patient = await createPatient(s.scenario.fhir);
    await consentVerifiedOn(s, patient.ref, patient.phone);

    await createAppointment(s.scenario.fhir, patient.ref, at(BASE, hours(20)));
    await s.scenario.sync();
    const reminder = s.sentTo(patient.phone).find((m) => m.body.includes("Reply C"));
    expect(reminder?.body).toContain("Hi Testa");
    expect(await sentAuditReasons(s)).toEqual([[]]);
  });
});

describe("e2e: a reply to a prompt proves the number (consent.verifyByReply)", () => {
  const TWO_TOUCHES = { consent: { fromEhr: { ...CONSENT_FROM_EHR, phiLevel: "minimal" } }, reminders: { touches: ["72h", "24h"], replyTouch: "72h" } };

  /** The 72h touch asks for C; the patient answers C; the 24h touch goes. Returns every text the phone got. */
  async function confirmThenNextTouch(s: Stack, checkFirst: (bodies: string[]) => Promise<void> = async () => undefined): Promise<{ patientRef: string; bodies: string[] }> {
    const patient = await createPatient(s.scenario.fhir);
    const start = at(BASE, hours(80));
    await createAppointment(s.scenario.fhir, patient.ref, start);
    await s.scenario.sync();
    s.scenario.setNow(at(start, -hours(72)));
    await s.scenario.drain();
    await checkFirst(s.sentTo(patient.phone).map((m) => m.body));
    await s.reply(patient.phone, "C");
    s.scenario.setNow(at(start, -hours(24)));
    await s.scenario.drain();
    return { patientRef: patient.ref, bodies: s.sentTo(patient.phone).map((m) => m.body) };
  }

  it("an EHR consent gets the generic text first, and after C the next touch carries the day and time", async () => {
    stack = await openStack(TWO_TOUCHES);
    const { patientRef, bodies } = await confirmThenNextTouch(stack, async (first) => {
      expect(first).toHaveLength(1);
      expect(first[0]).toContain(GENERIC);
      expect(first[0]).toContain("Reply C");
    });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toContain("Hi Testa");
    expect(bodies[1]).not.toContain(GENERIC);
    const proof = await stack.scenario.services.store.db.selectFrom("audit_log").selectAll().where("action", "=", "consent.phone_verified").execute();
    expect(proof).toHaveLength(1);
    expect(proof[0]).toMatchObject({ actor: "patient:sms", subject_ref: patientRef, decision: "reply" });
  });

  it("with consent.verifyByReply: false, a C proves nothing and the next touch stays generic", async () => {
    stack = await openStack({ ...TWO_TOUCHES, consent: { ...TWO_TOUCHES.consent, verifyByReply: false } });
    const { bodies } = await confirmThenNextTouch(stack);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toContain(GENERIC);
  });
});
