import { afterEach, describe, expect, it } from "vitest";
import { at, BASE, CONSENT_FROM_EHR, createAppointment, createPatient, hours, openScenario, type Scenario } from "../helpers/scenario.js";

/** `consent.fromEhr.phonesVerified`: the practice attests that its front desk confirms EHR mobiles. */
let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

const ONE_TOUCH = { reminders: { touches: ["24h"], replyTouch: "24h" } };
const STATEMENT = "Front desk confirms each mobile number at check-in (policy FD-12)";

describe("the practice's attestation that EHR mobiles are verified", () => {
  it("lets the first reminder carry the day and time, and audits the attestation as the practice's statement", async () => {
    scenario = await openScenario({ ...ONE_TOUCH, consent: { fromEhr: { ...CONSENT_FROM_EHR, phiLevel: "minimal", phonesVerified: { evidence: STATEMENT } } } });
    const s = scenario;
    const patient = await createPatient(s.fhir);
    await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
    await s.sync();
    expect(s.sms.sent).toHaveLength(1);
    expect(s.sms.sent[0]?.body).toContain("Hi Testa");

    const rows = await s.services.store.db.selectFrom("audit_log").selectAll().where("action", "=", "consent.phone_verified").execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: "practice:config", subject_ref: patient.ref, decision: "attestation" });
    expect(JSON.parse(rows[0]?.details ?? "{}")).toMatchObject({ evidence: STATEMENT });

    await s.sync(); // the same number again is attested once
    expect(await s.services.store.db.selectFrom("audit_log").select("seq").where("action", "=", "consent.phone_verified").execute()).toHaveLength(1);
  });

  it("without the attestation, an EHR consent stays at the no-detail variant", async () => {
    scenario = await openScenario({ ...ONE_TOUCH, consent: { fromEhr: { ...CONSENT_FROM_EHR, phiLevel: "minimal" } } });
    const s = scenario;
    const patient = await createPatient(s.fhir);
    await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
    await s.sync();
    expect(s.sms.sent[0]?.body).toContain("You have an upcoming appointment");
  });
});
