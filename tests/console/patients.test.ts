import type { Patient } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { consentHistory, recordConsent } from "../../src/store/consent-ledger.js";
import { upsertContact } from "../../src/store/contacts.js";
import { recordPhoneOptOut } from "../../src/store/phone-opt-outs.js";
import { openConsoleRigWithEhr, pageText, type ConsoleRig } from "./helpers/console-rig.js";

let rig: (ConsoleRig & { fhir: import("../../connectors/fhir/client.js").FhirClient }) | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const PHONE = "+13125550188";

async function quinby(r: NonNullable<typeof rig>): Promise<string> {
  const patient: Patient = { resourceType: "Patient", name: [{ given: ["Quinby"], family: "Marchetti" }], birthDate: "1980-04-02", telecom: [{ system: "phone", value: PHONE, use: "mobile" }] };
  const ref = `Patient/${(await r.fhir.create(patient)).id ?? ""}`;
  await upsertContact(r.services.store, r.services.crypto, { patientRef: ref, phone: PHONE });
  return ref;
}

describe("console patient lookup", () => {
  it("finds a patient by mobile number in any format and by name, and audits the search without what was typed", async () => {
    rig = await openConsoleRigWithEhr();
    const ref = await quinby(rig);
    const desk = await rig.signIn("front-desk");
    await desk.get("/patients");
    const byPhone = await pageText(await desk.post("/patients/search", { q: "(312) 555-0188" }));
    expect(byPhone).toContain("1 patient found by mobile number");
    expect(byPhone).toContain("Quinby Marchetti");
    const byName = await desk.post("/patients/search", { q: "Marchetti" });
    expect(await byName.text()).toContain(`href="/patients/${encodeURIComponent(ref)}"`);
    const tooShort = await desk.post("/patients/search", { q: "M" });
    expect(tooShort.status).toBe(422);
    const audit = await rig.services.store.db.selectFrom("audit_log").select("details").where("action", "=", "console.patient_search").execute();
    expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([{ by: "phone", results: 1 }, { by: "name", results: 1 }]);
  });

  it("shows consent scope by scope with its history, and audits the view", async () => {
    rig = await openConsoleRigWithEhr();
    const ref = await quinby(rig);
    await recordConsent(rig.services.store, rig.services.crypto, { patientRef: ref, phone: PHONE, scopes: ["appointment", "waitlist"], phiLevel: "minimal", source: "paper", evidence: "Intake DOC-77", phoneVerified: true, capturedAt: new Date("2026-11-01T12:00:00Z") });
    const desk = await rig.signIn("front-desk");
    const page = await pageText(await desk.get(`/patients/${encodeURIComponent(ref)}`));
    expect(page).toContain("Quinby Marchetti");
    expect(page).toMatch(/Appointment texts Yes first name and appointment time/);
    expect(page).toMatch(/Billing texts No: the consent does not cover these texts/);
    expect(page).toContain("Intake DOC-77");
    expect(page).toContain("Paper form");
    const audit = await rig.services.store.db.selectFrom("audit_log").select(["actor", "subject_ref"]).where("action", "=", "console.patient_viewed").execute();
    expect(audit).toEqual([{ actor: `staff:${desk.staff.id}`, subject_ref: ref }]);
  });

  it("records a consent with its evidence; a refused form keeps every choice and puts the error beside the field", async () => {
    rig = await openConsoleRigWithEhr();
    const ref = await quinby(rig);
    const desk = await rig.signIn("front-desk");
    const path = `/patients/${encodeURIComponent(ref)}`;
    await desk.get(path);
    const refused = await desk.post(`${path}/consents`, { scopes: ["appointment", "billing"], phiLevel: "minimal", source: "verbal", evidence: "" });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toMatch(/id="f-evidence-error"[^>]*>.*Say where this consent can be proven/s);
    expect(html).toMatch(/value="billing" checked/);
    expect(html).toMatch(/value="minimal" checked/);
    expect(html).toMatch(/value="verbal" selected/);
    expect(await consentHistory(rig.services.store, rig.services.crypto, ref)).toEqual([]);

    const ok = await desk.post(`${path}/consents`, { scopes: ["appointment", "billing"], phiLevel: "minimal", source: "verbal", evidence: "Call on Dec 1, patient agreed" });
    expect(ok.status).toBe(303);
    const [row] = await consentHistory(rig.services.store, rig.services.crypto, ref);
    expect(row).toMatchObject({ scopes: ["appointment", "billing"], phiLevel: "minimal", source: "verbal", evidence: "Call on Dec 1, patient agreed", capturedBy: desk.staff.email, phone: PHONE });
    const audit = await rig.services.store.db.selectFrom("audit_log").select(["actor", "subject_ref", "decision"]).where("action", "=", "consent.recorded").execute();
    expect(audit).toEqual([{ actor: `staff:${desk.staff.id}`, subject_ref: ref, decision: "granted" }]);
  });

  it("takes no new consent for a number that texted STOP, and says the patient opts back in with START", async () => {
    rig = await openConsoleRigWithEhr();
    const ref = await quinby(rig);
    await recordPhoneOptOut(rig.services.store, rig.services.crypto.index.phone(PHONE), { at: new Date("2026-11-20T15:00:00Z"), reason: "stop-keyword", sourceRef: "in_stop" });
    const desk = await rig.signIn("front-desk");
    const path = `/patients/${encodeURIComponent(ref)}`;
    await desk.get(path);
    const refused = await desk.post(`${path}/consents`, { scopes: ["appointment"], phiLevel: "none", source: "verbal", evidence: "Call on Dec 1, patient agreed" });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toMatch(/id="f-scopes-error"[^>]*>.*opted out of texts on Fri, Nov 20.*texts START/s);
    expect(html).toContain("Call on Dec 1, patient agreed");
    expect(await consentHistory(rig.services.store, rig.services.crypto, ref)).toEqual([]);
  });

  it("revokes some scopes and keeps the rest; nothing chosen is refused", async () => {
    rig = await openConsoleRigWithEhr();
    const ref = await quinby(rig);
    await recordConsent(rig.services.store, rig.services.crypto, { patientRef: ref, phone: PHONE, scopes: ["appointment", "waitlist"], phiLevel: "none", source: "paper", evidence: "Form 9", capturedAt: new Date("2026-11-01T12:00:00Z") });
    const desk = await rig.signIn("manager");
    const path = `/patients/${encodeURIComponent(ref)}`;
    await desk.get(path);
    expect((await desk.post(`${path}/consents/revoke`, { reason: "patient-request" })).status).toBe(422);
    expect((await desk.post(`${path}/consents/revoke`, { scopes: "waitlist", reason: "patient-request" })).status).toBe(303);
    const page = await pageText(await desk.get(path));
    expect(page).toMatch(/Waitlist offers No: the patient turned these texts off/);
    expect(page).toMatch(/Appointment texts Yes/);
    expect(page).toContain("Turned off: Waitlist offers");
  });

  it("answers 404 for a patient nobody knows", async () => {
    rig = await openConsoleRigWithEhr();
    const desk = await rig.signIn("front-desk");
    expect((await desk.get("/patients/Patient%2Fnope")).status).toBe(404);
  });
});
