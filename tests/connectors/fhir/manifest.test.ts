import { describe, expect, it } from "vitest";
import { fhirConnector } from "../../../connectors/fhir/index.js";
import { DATA_CLASS_PHI } from "../../../src/policy/baa-boundary.js";
import { phiFieldNames, phiProblems } from "../../helpers/phi-sample.js";

/** The manifest is what the boundary report and the UI read, so it is tested like code. */
describe("fhir connector manifest", () => {
  it("declares id, BAA stance, data classes and four triggers and four actions", () => {
    expect(fhirConnector.id).toBe("fhir");
    expect(fhirConnector.baa.offered).toBe(true);
    expect(fhirConnector.baa.mustAttest).toMatch(/BAA/);
    expect(fhirConnector.receives).toEqual(expect.arrayContaining(["reference", "contact", "schedule", "clinical", "financial"]));
    expect(fhirConnector.triggers.map((t) => `${t.id}:${t.strategy}`)).toEqual(["appointments-window:polling", "subscription-notification:webhook", "waitlist-entries:polling", "unpaid-balances:polling"]);
    expect(fhirConnector.actions.map((a) => `${a.id}:${a.idempotent}`)).toEqual(["set-participant-status:true", "cancel-appointment:true", "book-waitlisted:true", "record-communication:true"]);
  });

  it("refs, the only values samples carry, are a data class the BAA boundary rates never-PHI", () => {
    expect(DATA_CLASS_PHI.reference).toBe("never");
  });

  it.each(fhirConnector.triggers.map((t) => [t.id, t] as const))("trigger %s says why and ships a PHI-free sample", (_id, trigger) => {
    expect(trigger.why.length).toBeGreaterThan(40);
    expect(trigger.sample).toBeTruthy();
    expect(phiProblems(trigger.sample)).toEqual([]);
  });

  it("the PHI check itself catches names, phones, dates and free text", () => {
    expect(phiFieldNames()).toEqual(expect.arrayContaining(["start", "phone", "firstname", "dob", "amount"]));
    expect(phiProblems({ ref: "Appointment/example-1", start: new Date() })).toEqual(['start: names the PHI variable "start"']);
    expect(phiProblems({ requestedStart: "x" })).toEqual(['requestedStart: names the PHI variable "start"']);
    expect(phiProblems({ contact: { phone: "ok" } })).toHaveLength(1);
    expect(phiProblems({ contact: { value: "+13125550101" } })).toHaveLength(1);
    expect(phiProblems({ note: "Testy Example" })).toHaveLength(1);
    expect(phiProblems({ when: new Date("2030-01-01") })).toEqual(["when: a date"]);
    expect(phiProblems({ mrn: 123456789 })).toHaveLength(1);
  });

  it.each<[string, unknown, boolean]>([
    ["no auth", { baseUrl: "http://localhost:8103/fhir" }, true],
    ["a bearer token", { baseUrl: "https://ehr.test/fhir", auth: { type: "bearer", token: "t" } }, true],
    ["SMART with a PEM key", { baseUrl: "https://ehr.test/fhir", auth: { type: "smart", clientId: "c", keyId: "k", privateKey: "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----" } }, true],
    ["SMART without a key", { baseUrl: "https://ehr.test/fhir", auth: { type: "smart", clientId: "c", keyId: "k" } }, false],
    ["SMART with a public key", { baseUrl: "https://ehr.test/fhir", auth: { type: "smart", clientId: "c", keyId: "k", privateKey: "-----BEGIN PUBLIC KEY-----" } }, false],
    ["an unknown auth type", { baseUrl: "https://ehr.test/fhir", auth: { type: "basic" } }, false],
    ["no base URL", { auth: { type: "none" } }, false],
  ])("auth schema with %s: valid=%s", (_name, config, valid) => {
    expect(fhirConnector.auth.safeParse(config).success).toBe(valid);
  });
});
