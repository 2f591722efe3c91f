import type { Consent } from "@medplum/fhirtypes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFhirClient, type FhirClient } from "../../connectors/fhir/client.js";
import { SMS_SCOPE_SYSTEM } from "../../connectors/fhir/import-consents.js";
import { setLogLevel } from "../../src/log.js";
import { startSandboxEhr, type SandboxEhr } from "../../src/sandbox/ehr-server.js";
import { consentHistory, revokeAllByPhoneIdx } from "../../src/store/consent-ledger.js";
import { runSync } from "../../workflows/sync.js";
import { noopWorkflows } from "../connectors/fhir/helpers/noop-workflows.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { createAppointment, createPatient } from "./helpers/scenario.js";

/** The sync imports the EHR's Consent resources for the patients it brought, when present. */
const NOW = new Date("2030-03-04T14:00:00Z");
let ehr: SandboxEhr;
let fhir: FhirClient;
const opened: TestServices[] = [];

beforeAll(async () => {
  setLogLevel("silent");
  ehr = await startSandboxEhr({ now: NOW, size: { patients: 12, appointments: 20 } });
  fhir = createFhirClient({ baseUrl: ehr.baseUrl });
}, 60_000);
afterAll(async () => {
  for (const s of opened) await s.dispose();
  await ehr.close();
  setLogLevel("info");
});

async function services(config: unknown = {}): Promise<TestServices> {
  const s = await openTestServices({ config, now: NOW });
  s.sources.fhir = fhir;
  opened.push(s);
  return s;
}

function smsConsent(patientRef: string, overrides: Partial<Consent> = {}): Consent {
  return {
    resourceType: "Consent",
    status: "active",
    scope: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/consentscope", code: "patient-privacy" }] },
    category: [{ coding: [{ system: SMS_SCOPE_SYSTEM, code: "appointment" }] }],
    patient: { reference: patientRef },
    dateTime: "2030-03-01T09:00:00Z",
    provision: { type: "permit" },
    ...overrides,
  };
}

describe("importing the EHR's Consents during a sync", { timeout: 60_000 }, () => {
  it("records a grant once, then revokes it when the EHR withdraws the Consent", async () => {
    const patient = await createPatient(fhir);
    await createAppointment(fhir, patient.ref, new Date("2030-03-06T15:00:00Z"));
    const created = await fhir.create(smsConsent(patient.ref));
    const s = await services();

    const first = await runSync(s, noopWorkflows());
    expect(first.consentsImported).toBeGreaterThanOrEqual(1);
    let history = await consentHistory(s.store, s.crypto, patient.ref);
    expect(history.map((c) => [c.source, c.evidence, c.scopes, c.revokedAt])).toEqual([["ehr-import", `fhir:Consent/${created.id}/_history/${created.meta?.versionId}`, ["appointment"], null]]);

    await runSync(s, noopWorkflows());
    expect(await consentHistory(s.store, s.crypto, patient.ref)).toHaveLength(1);

    await fhir.update({ ...created, status: "inactive" });
    await runSync(s, noopWorkflows());
    history = await consentHistory(s.store, s.crypto, patient.ref);
    expect(history).toHaveLength(1);
    expect(history[0]?.revokedAt).not.toBeNull();
  });

  it("never lets an EHR Consent undo a STOP recorded after it", async () => {
    const patient = await createPatient(fhir);
    await createAppointment(fhir, patient.ref, new Date("2030-03-07T15:00:00Z"));
    const s = await services({ consent: { fromEhr: { scopes: ["appointment"], evidence: "intake form" } } });
    await runSync(s, noopWorkflows());
    await revokeAllByPhoneIdx(s.store, s.crypto.index.phone(patient.phone), { reason: "STOP", at: NOW });
    await fhir.create(smsConsent(patient.ref, { dateTime: "2030-03-02T09:00:00Z" }));
    await runSync(s, noopWorkflows());
    const history = await consentHistory(s.store, s.crypto, patient.ref);
    expect(history.every((c) => c.revokedAt !== null)).toBe(true);
    expect(history.some((c) => c.evidence?.startsWith("fhir:Consent/"))).toBe(false);
  });

  it("imports nothing when fhir.importConsents is false", async () => {
    const patient = await createPatient(fhir);
    await createAppointment(fhir, patient.ref, new Date("2030-03-08T15:00:00Z"));
    await fhir.create(smsConsent(patient.ref));
    const s = await services({ fhir: { importConsents: false } });
    await runSync(s, noopWorkflows());
    expect(await consentHistory(s.store, s.crypto, patient.ref)).toEqual([]);
  });
});
