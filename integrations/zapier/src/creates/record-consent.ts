/** Records a patient's consent to texts in minnow's ledger, with its source and evidence. */
import zapier, { type Bundle, type ZObject } from "zapier-platform-core";
import { idempotencyKeyField, postAction } from "../minnow-api.js";

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : String(value ?? "").split(",")).map((s) => s.trim()).filter(Boolean);

export const recordConsent = zapier.defineCreate({
  key: "record_consent",
  noun: "Consent",
  display: { label: "Record Consent", description: "Records a patient's consent to texts, with its source and evidence." },
  operation: {
    inputFields: [
      { key: "patientRef", label: "Patient", required: true, helpText: "The patient's reference, e.g. `Patient/123`." },
      { key: "phone", label: "Mobile Phone", required: true, helpText: "In E.164 form, e.g. +13125550100. This number passes through Zapier: see the app's README." },
      { key: "scopes", label: "Scopes", required: true, list: true, choices: { appointment: "Appointments", waitlist: "Waitlist offers", billing: "Billing", broadcast: "Announcements" } },
      { key: "phiLevel", label: "Detail Allowed", required: true, choices: { none: "None (no appointment details)", minimal: "Minimal (first name, date and time)" } },
      { key: "source", label: "Source", required: true, choices: { "web-form": "Web form", paper: "Paper form", verbal: "Verbal" } },
      { key: "evidence", label: "Evidence", required: false, helpText: "Where the consent is documented, e.g. `Intake form v3`." },
      { key: "capturedBy", label: "Captured By", required: false, helpText: "Required for verbal consent: who took it." },
      idempotencyKeyField,
    ],
    perform: async (z: ZObject, bundle: Bundle) => {
      const { patientRef, phone, scopes, phiLevel, source, evidence, capturedBy, idempotencyKey } = bundle.inputData;
      const body = { patientRef, phone, scopes: asList(scopes), phiLevel, source, ...(evidence ? { evidence } : {}), ...(capturedBy ? { capturedBy } : {}) };
      return postAction<{ id: string; warnings: string[] }>(z, bundle, "/actions/record-consent", body, idempotencyKey);
    },
    sample: { id: "cns_01KAW9P0ZR7S4Q2N3M5B8C1D0H", warnings: [] },
    outputFields: [{ key: "id", label: "Consent ID" }, { key: "warnings", label: "Warnings", list: true }],
  },
});
