import { describe, expect, it } from "vitest";
import { parsePracticeConfig } from "../../src/config/practice.js";
import { buildBoundaryReport, formatBoundaryReport, TRIGGER_PARTY_ID } from "../../src/runtime/boundary-report.js";
import { ACUITY_ACK, testEnv } from "./helpers.js";

const TWILIO = { TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}`, TWILIO_AUTH_TOKEN: "t", TWILIO_FROM: "+13125550100", PUBLIC_URL: "https://minnow.example.test" };
const ACUITY = { ACUITY_USER_ID: "12345", ACUITY_API_KEY: "k" };
const TWILIO_BAA = { signed: true, date: "2026-01-15", reference: "Twilio BAA #123" };

function report(vars: Record<string, string>, config: unknown = {}, hooks: Array<{ id: string; targetUrl: string; event: string }> = []) {
  return buildBoundaryReport(testEnv(vars), parsePracticeConfig(config), hooks);
}

const codes = (r: ReturnType<typeof report>, party: string) => r.rows.find((row) => row.party.id === party)?.findings.map((f) => `${f.severity}:${f.code}`);

describe("buildBoundaryReport", () => {
  it("lists the sandbox parts as local and finds nothing to flag", () => {
    const r = report({});
    expect(r.rows).toEqual([]);
    expect(r.local).toHaveLength(3);
    expect(r.local).toContain("sandbox HL7 listener (MLLP on a free loopback port, for `minnow sandbox hl7`)");
    expect([r.errors, r.warnings]).toEqual([0, 0]);
  });

  it.each([
    ["Acuity without acknowledgement", ACUITY, {}, 1, "error:phi-outside-baa"],
    ["Acuity with an acknowledgement", ACUITY, { baa: { acuity: ACUITY_ACK } }, 0, "warning:phi-outside-baa-acknowledged"],
    ["Acuity claimed signed (Acuity offers no BAA)", ACUITY, { baa: { acuity: { signed: true, date: "2026-01-01", reference: "x" } } }, 2, "error:baa-not-offered"],
  ])("%s", (_name, vars, config, errors, code) => {
    const r = report(vars, config);
    expect(r.errors).toBe(errors);
    expect(codes(r, "acuity")).toContain(code);
  });

  it.each([
    ["without a BAA", {}, 1, "error:phi-outside-baa"],
    ["with a signed, documented BAA", { baa: { twilio: TWILIO_BAA } }, 0, "info:inside-baa"],
    ["signed but undated", { baa: { twilio: { signed: true } } }, 0, "warning:attestation-undocumented"],
  ])("real Twilio %s", (_name, config, errors, code) => {
    const r = report(TWILIO, config);
    expect(r.errors).toBe(errors);
    expect(codes(r, "twilio")).toContain(code);
  });

  it.each([
    ["a single site", {}, false],
    ["locations on the practice's sender, with built-in texts", { locations: [{ id: "a", name: "A" }, { id: "b", name: "B" }] }, false],
    ["a location with its own sender", { locations: [{ id: "a", name: "A", sender: "+16025550100" }] }, true],
    ["a practice template naming the location", { templates: { "waitlist-booked": { en: "{{practice.name}}: booked at {{ location.name }}." } } }, true],
    ["a location's own template naming it", { locations: [{ id: "a", name: "A", templates: { "waitlist-booked": { en: "{{practice.name}}: booked at {{location.name}}." } } }] }, true],
  ])("lists location among what Twilio receives only when texts say where: %s", (_case, config, listed) => {
    const row = report(TWILIO, { baa: { twilio: TWILIO_BAA }, ...config }).rows.find((x) => x.party.id === "twilio");
    expect(row?.classes.includes("location")).toBe(listed);
    expect(row?.note ?? "").toMatch(listed ? /where a patient is seen/ : /^$/);
  });

  it("lists Trigger.dev Cloud as the engine, receiving references only", () => {
    const r = report({ TRIGGER_SECRET_KEY: "tr_dev_x" });
    const row = r.rows.find((x) => x.party.id === TRIGGER_PARTY_ID);
    expect(row?.party.displayName).toMatch(/Trigger\.dev Cloud/);
    expect(row?.classes).toEqual(["reference"]);
    expect(codes(r, TRIGGER_PARTY_ID)).toEqual(["info:references-only"]);
    expect(row?.note).toMatch(/references only/);
    expect(report({ TRIGGER_SECRET_KEY: "tr_dev_x", TRIGGER_API_URL: "https://trigger.internal.example" }).rows[0]?.party.displayName).toMatch(/self-hosted/);
  });

  it("keeps outside hooks to references and gives attested ones more", () => {
    const hooks = [
      { id: "hk_1", targetUrl: "https://hooks.zapier.com/x", event: "appointment.confirmed" },
      { id: "hk_2", targetUrl: "https://ehr.example.org/minnow", event: "appointment.confirmed" },
    ];
    const r = report({}, { hooks: { attestedDestinations: ["https://ehr.example.org/minnow"] } }, hooks);
    expect(r.rows.map((x) => [x.party.id, x.classes])).toEqual([["hook:hk_1", ["reference"]], ["hook:hk_2", ["reference", "schedule"]]]);
    expect(codes(r, "hook:hk_1")).toEqual(["info:references-only"]);
    expect(codes(r, "hook:hk_2")).toContain("info:inside-baa");
    expect(r.errors).toBe(0);
  });

  it("matches an attested URL as deliveries do: written with another host case or the default port, it is the same URL", () => {
    const hooks = [{ id: "hk_n8n", targetUrl: "https://n8n.clinic.example/webhook/6f1c/webhook", event: "waitlist.expired" }];
    const r = report({}, { hooks: { attestedDestinations: ["https://N8N.clinic.example:443/webhook/6f1c/webhook"] } }, hooks);
    expect(r.rows[0]?.attestation).toEqual({ signed: true, reference: "hooks.attestedDestinations" });
    expect(report({}, { hooks: { attestedDestinations: ["https://n8n.clinic.example/webhook/other/webhook"] } }, hooks).rows[0]?.attestation).toBeUndefined();
  });

  it("ignores an attestation for a connector not in use, and flags one naming nothing known", () => {
    const r = report({}, { baa: { twilio: TWILIO_BAA, zapeir: { signed: false } } });
    expect(r.other.map((f) => `${f.code}:${f.party}`)).toEqual(["attestation-unknown-party:zapeir"]);
    expect(r.warnings).toBe(1);
  });

  it("formats each party with what it receives, its BAA status and its flags", () => {
    const text = formatBoundaryReport(report({ ...ACUITY, ...TWILIO }, { baa: { twilio: TWILIO_BAA } }));
    expect(text).toMatch(/Acuity.*\[acuity, connector\]\n  receives: reference, contact, first-name, schedule, financial\n  status:   no BAA \(vendor does not offer one\)\n  ERROR   phi-outside-baa/);
    expect(text).toMatch(/status:   BAA signed 2026-01-15 \(Twilio BAA #123\)/);
    expect(text).toMatch(/1 error\(s\), 0 warning\(s\): PHI would cross/);
  });
});

describe("the FHIR write-back in the boundary report", () => {
  const FHIR = { FHIR_BASE_URL: "https://ehr.example.test/fhir" };
  const fhirRow = (config: unknown) => report(FHIR, config).rows.find((row) => row.party.id === "fhir");

  it("says nothing of a write-back the practice did not enable", () => {
    expect(fhirRow({})?.note).toBeUndefined();
    expect(fhirRow({})?.classes).not.toContain("message-body");
  });

  it("shows the Communication flow without the text, and with it (as message-body) when the practice chose full", () => {
    const bare = fhirRow({ fhir: { communications: { record: true } } });
    expect(bare?.note).toMatch(/Communication per text.*no text/);
    expect(bare?.classes).not.toContain("message-body");
    const full = fhirRow({ fhir: { communications: { record: true, body: "full" } } });
    expect(full?.classes).toContain("message-body");
    expect(formatBoundaryReport(report(FHIR, { fhir: { communications: { record: true, body: "full" } } }))).toMatch(/receives: .*message-body[\s\S]*note: +write-back: a Communication per text sent about an appointment, with the text itself/);
  });
});
