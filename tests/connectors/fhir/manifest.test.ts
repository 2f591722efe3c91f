import { describe, expect, it } from "vitest";
import { fhirConnector } from "../../../connectors/fhir/index.js";
import { DATA_CLASS_PHI } from "../../../src/policy/baa-boundary.js";
import { knownVariables, phiClassOf } from "../../../src/policy/phi-dictionary.js";

/**
 * The manifest is what the boundary report and the UI read, so it is tested like code.
 * Samples must be PHI-free, checked two ways against the PHI dictionary (src/policy/phi-dictionary.ts):
 * - by field: no sample key may name a dictionary variable that is PHI ("sometimes" or "always"),
 *   e.g. start, end, phone, firstName, dob, amount, whatever entity it is attached to;
 * - by value: every value is an opaque ref ("Patient/example-1") or a short code, the data class
 *   "reference" that the BAA boundary rates as never PHI.
 */
const PHI_FIELD_NAMES = new Set(
  knownVariables()
    .filter((v) => phiClassOf(v.path) !== "never")
    .map((v) => (v.path.split(".").pop() ?? v.path).toLowerCase()),
);
const REF = /^[A-Z][A-Za-z]+\/example-\d+$/;
const CODE = /^[a-z][a-z0-9-]{0,23}$/;

function namesPhiField(path: string): string | undefined {
  const key = (path.split(".").pop() ?? path).replace(/\[\d+\]$/, "").toLowerCase();
  return [...PHI_FIELD_NAMES].find((name) => key === name || key.endsWith(name));
}

function leaves(value: unknown, path = ""): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}

function phiProblems(sample: unknown): string[] {
  return leaves(sample).flatMap(([path, value]) => {
    const phiField = namesPhiField(path);
    if (phiField) return [`${path}: names the PHI variable "${phiField}"`];
    if (value instanceof Date) return [`${path}: a date`];
    if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 100 ? [] : [`${path}: a number that could identify`];
    if (typeof value === "boolean") return [];
    if (typeof value === "string" && (REF.test(value) || CODE.test(value) || /^\d{1,3}$/.test(value))) return [];
    return [`${path}: ${JSON.stringify(value)} is neither a ref nor a code`];
  });
}

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
    expect([...PHI_FIELD_NAMES]).toEqual(expect.arrayContaining(["start", "phone", "firstname", "dob", "amount"]));
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
